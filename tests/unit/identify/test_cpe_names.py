"""A scanner's hardware/OS CPE read as the maker and model it names (identify/cpe_names.py, ``import.cpe_name``).

The records are constructed Shodan banners with no reply bytes (the engine's own parse only, like a search-engine row
of a camera); the CPE names are NVD's own for these devices: Axis's ``m3045-v_firmware`` and ``p1435-le_firmware``
(NVD, CVE-2018-10660, the Axis OS command-injection advisory listing Axis's camera firmwares), Wyze's
``cam_v2_firmware`` (NVD, CVE-2019-9564), D-Link's ``dir-615`` and TP-Link's ``archer_c7`` (routers; NVD lists both
under many CVEs). Axis's C1004-E is Axis's network speaker (Axis's product page), written in the same layout.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.identify.cpe_names import cpe_name, cpe_names, with_cpe_names
from camaudit.importers import nmap, shodan
from camaudit.model import Identity, is_video_device


def _identity(tmp_path: Path, *cpes: str, key: str = "cpe23") -> Identity:
    banner = {"ip_str": "192.0.2.40", "port": 80, "transport": "tcp", key: list(cpes), "data": ""}
    path = tmp_path / "banners.jsonl"
    path.write_text(json.dumps(banner) + "\n", encoding="utf-8")
    (record,) = list(shodan.read(path))
    return identify(record.observations)


def test_an_axis_cameras_cpe_names_axis_and_its_speakers_or_a_routers_names_no_video_device(tmp_path: Path) -> None:
    for cpe in ("cpe:2.3:o:axis:m3045-v_firmware:-:*:*:*:*:*:*:*", "cpe:2.3:h:axis:p1435-le:-:*:*:*:*:*:*:*"):
        identity = _identity(tmp_path, cpe)
        assert identity.manufacturer == "axis", cpe
        assert is_video_device(identity.device_type), cpe
        assert identity.confidence < 0.5  # another scanner's conclusion stays a hint
    for cpe in (
        "cpe:2.3:h:axis:c1004-e:-:*:*:*:*:*:*:*",
        "cpe:2.3:h:d-link:dir-615:-:*:*:*:*:*:*:*",
        "cpe:2.3:h:tp-link:archer_c7:-:*:*:*:*:*:*:*",
        "cpe:/o:linux:linux_kernel",
    ):
        identity = _identity(tmp_path, cpe)
        assert not is_video_device(identity.device_type), cpe
        assert identity.manufacturer is None, cpe


def test_the_uri_binding_of_cpe_2_2_is_read_like_the_formatted_string(tmp_path: Path) -> None:
    identity = _identity(tmp_path, "cpe:/o:wyze:cam_v2_firmware", key="cpe")
    assert identity.brand == "wyze" and is_video_device(identity.device_type)


def test_only_hardware_and_os_cpes_are_read_as_a_device() -> None:
    assert cpe_name("cpe:2.3:h:axis:m3045-v:-:*:*:*:*:*:*:*") == "axis m3045-v"
    assert cpe_name("cpe:2.3:o:axis:m3045-v_firmware:-:*:*:*:*:*:*:*") == "axis m3045-v"
    assert cpe_name("cpe:/o:arecont_vision:av2116dn_firmware") == "arecont vision av2116dn"
    assert cpe_name("cpe:/h:axis:540%2b_print_server") == "axis 540+ print server"
    assert cpe_name(r"cpe:2.3:h:synology:ds918\+:-:*:*:*:*:*:*:*") == "synology ds918+"
    # an application runs anywhere: a maker's PC client is not its camera
    assert cpe_name("cpe:/a:hikvision:ivms-4200") is None
    assert cpe_name("cpe:2.3:o:*:*:*:*:*:*:*:*:*:*") is None
    assert cpe_name("axis m3045-v") is None
    assert cpe_names("cpe:/h:axis:m3045-v\ncpe:/o:axis:m3045-v_firmware\ncpe:/a:x:y") == ["axis m3045-v"]


def test_an_observation_without_cpes_is_passed_through_unchanged() -> None:
    fields = {"import.product": "Axis M3045-V"}
    assert with_cpe_names(fields) is fields
    assert with_cpe_names({"import.cpe": "cpe:/a:igor_sysoev:nginx"}) == {"import.cpe": "cpe:/a:igor_sysoev:nginx"}


def test_nmaps_stock_guess_cpe_read_as_words_names_no_maker(tmp_path: Path) -> None:
    """nmap lists BusyBox ftpd's stock greeting as a D-Link DCS-932L with ``cpe:/h:dlink:dcs-932l``
    (identify/stock_guesses.py): its CPE read as words must not bring the guessed maker back."""
    xml = tmp_path / "scan.xml"
    xml.write_text(
        '<?xml version="1.0"?><nmaprun><host><status state="up"/><address addr="192.0.2.41" addrtype="ipv4"/>'
        '<ports><port protocol="tcp" portid="21"><state state="open"/><service name="ftp" product="BusyBox ftpd" '
        'extrainfo="D-Link DCS-932L IP-Cam camera" devicetype="webcam" method="probed" conf="10">'
        "<cpe>cpe:/a:busybox:busybox</cpe><cpe>cpe:/h:dlink:dcs-932l</cpe></service></port></ports></host></nmaprun>",
        encoding="utf-8",
    )
    (record,) = list(nmap.read(xml))
    identity = identify(record.observations)
    assert identity.manufacturer is None and identity.brand is None


@given(st.text(max_size=400))
def test_hostile_text_in_a_cpe_never_raises(text: str) -> None:
    cpe_names(text)
    cpe_name("cpe:2.3:h:" + text)
    cpe_name("cpe:/o:" + text + ":" + text)
