"""The scanner hashes a favicon the way the fingerprint sets that camaudit's favicon rules come from did.

Shodan's ``http.favicon.hash`` (and nuclei's ``mmh3(base64_py(body))``) is the signed 32-bit MurmurHash3 of the
icon's base64 *with* a newline every 76 characters; Recog, nmap and Censys store the MD5 of the raw bytes. A rule
copied from those sets only ever matches a live scan if the probe computes exactly the same numbers, so this test
hashes a real icon whose hashes three public sets state (tests/data/favicons/README.md) and compares with their
values, not with anything computed here.
"""

from __future__ import annotations

import base64
from pathlib import Path

import mmh3

from camaudit.scan.probes.http import favicon_hashes

TOMCAT_ICON = Path(__file__).resolve().parents[2] / "data" / "favicons" / "apache-tomcat-manager.ico"

#: nuclei-templates http/technologies/favicon-detect.yaml, matcher "apache-tomcat".
NUCLEI_TOMCAT_MMH3 = "-297069493"
#: rapid7/recog xml/favicons.xml "Tomcat"; nmap nselib/data/favicon-db "Apache Tomcat" (upper case there).
RECOG_NMAP_TOMCAT_MD5 = "4644f2d45601037b8423d45e13194c93"


def test_a_real_icon_hashes_to_the_values_the_public_fingerprint_sets_state() -> None:
    hashes = favicon_hashes(TOMCAT_ICON.read_bytes())
    assert hashes == {"http.favicon.mmh3": NUCLEI_TOMCAT_MMH3, "http.favicon.md5": RECOG_NMAP_TOMCAT_MD5}


def test_the_shodan_hash_is_taken_over_base64_with_its_line_breaks() -> None:
    # Hashing the unbroken base64 (a common mistake in home-made favicon tools) gives another number, which
    # no Shodan or Censys record would ever carry: the stated value is only reached with the line breaks.
    icon = TOMCAT_ICON.read_bytes()
    assert str(mmh3.hash(base64.b64encode(icon))) != NUCLEI_TOMCAT_MMH3
    assert favicon_hashes(icon)["http.favicon.mmh3"] == NUCLEI_TOMCAT_MMH3
