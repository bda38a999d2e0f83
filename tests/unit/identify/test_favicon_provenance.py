"""Copies of one favicon list are one source for leave-one-source-out (identify/provenance.py, ``list:favfreak``).

FavFreak's hash table, the Shodan favicon CSV it was built from and nuclei's ``favicon-detect`` template carry the
same hashes under the same labels; a rule written from one copy must not be credited for an example taken from
another (docs/identification/http.md, "Favicon hashes of makers' web UIs").
"""

from __future__ import annotations

from camaudit.identify.provenance import example_keys, rule_kept, source_keys

NUCLEI = (
    "github:projectdiscovery/nuclei-templates/http/technologies/favicon-detect.yaml@00f067c8ee1f ('dahua-storm-dvr')"
)
CSV = "github:sansatart/scrapts/shodan-favicon-hashes.csv@071bcd4e7c1a (1281253102, 'Dahua Storm (DVR)')"
FAVFREAK = "https://github.com/devanshbatham/FavFreak (favicon hash table)"
YAKLANG = "github:yaklang/yaklang/common/fp/iotdevfp/ico_hash.go@822b35f39ae2 (device table)"


def test_the_copies_of_one_favicon_list_share_a_source_key() -> None:
    assert source_keys(NUCLEI) & source_keys(CSV)
    assert source_keys(NUCLEI) & source_keys(FAVFREAK)
    assert source_keys(CSV) & example_keys(FAVFREAK)


def test_a_rule_from_one_copy_is_left_out_for_an_example_from_another() -> None:
    assert not rule_kept(NUCLEI, (), example_keys(CSV))


def test_a_separately_kept_table_in_supports_still_keeps_the_rule() -> None:
    assert rule_kept(NUCLEI, ((YAKLANG, "492290497"),), example_keys(CSV))
    assert not source_keys(YAKLANG) & source_keys(NUCLEI)


def test_other_nuclei_templates_are_not_made_copies_of_the_list() -> None:
    # The key is for the favicon list only: a panel template of the same repository keeps its repository key alone.
    panel = "github:projectdiscovery/nuclei-templates/http/exposed-panels/dahua-web-panel.yaml@130693d7"
    assert "list:favfreak" not in source_keys(panel)


def test_a_renamed_repository_is_one_source_under_either_name() -> None:
    # The three a collector met on 2026-12-06: a renamed ONVIF workspace, rtsp-simple-server (now MediaMTX) and
    # httpx's issues copied into its fork. Cited under one name, a page under the other is the same source.
    from camaudit.identify.provenance import source_keys

    assert source_keys("https://github.com/aler9/rtsp-simple-server/issues/1") == source_keys(
        "https://github.com/bluenviron/mediamtx/issues/2") == frozenset({"bluenviron/mediamtx"})
    assert source_keys("github:cdavis-code/easy_onvif_workspace/README.md@abc") == frozenset(
        {"faithoflifedev/easy_onvif_workspace"})
    assert source_keys("https://github.com/pydantic/httpx2/issues/515") == frozenset({"encode/httpx"})
    assert source_keys("https://github.com/aler9/other-project") == frozenset({"aler9/other-project"})
