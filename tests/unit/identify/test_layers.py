"""The generalising layers: what a user would see from strings no exact rule quotes."""

from __future__ import annotations

from pathlib import Path

import pytest

from camaudit.identify import identify, load_ruleset, ruleset
from camaudit.identify.layers import layer_files, load_layers, name_pattern
from camaudit.identify.provenance import example_keys, source_keys
from camaudit.identify.rules import RuleError
from camaudit.identify.selfreport import maker_id
from camaudit.model import Observation


def obs(fields: dict[str, str], port: int = 80, protocol: str = "http") -> Observation:
    return Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)


def test_packaged_layers_compile_and_join_the_rule_set() -> None:
    layers = load_layers()
    assert len(layer_files()) >= 5
    assert {r.id.split(".")[0] for r in layers} >= {"lexicon", "models", "words", "paths", "identifiers"}
    ids = {r.id for r in ruleset().rules}
    assert {r.id for r in layers} <= ids
    # Every layer rule cites a public locator and a check date lives in the YAML (enforced by the loader).
    assert all("https://" in r.source or "github:" in r.source for r in layers)


def test_ftp_banner_spelling_out_an_axis_camera() -> None:
    identity = identify([obs({"ftp.banner": "220 AXIS 2120 Network Camera 2.40 Jun 06 2002 ready."}, 21, "ftp")])
    assert identity.device_type == "camera"
    assert identity.manufacturer == "axis"
    assert identity.model == "2120"


def test_realm_saying_ip_camera_is_a_camera_without_a_maker() -> None:
    identity = identify([obs({"rtsp.www_authenticate": 'Basic realm="IP-Camera"'}, 554, "rtsp")])
    assert identity.device_type == "camera"
    assert identity.manufacturer is None and identity.brand is None


def test_stream_path_in_content_base_names_the_maker() -> None:
    identity = identify(
        [obs({"rtsp.content_base": "rtsp://192.0.2.1:554/cam/realmonitor?channel=1&subtype=0/"}, 554, "rtsp")]
    )
    assert identity.is_video_device
    assert identity.manufacturer == "dahua"


def test_model_grammar_gives_maker_model_type_and_capabilities() -> None:
    identity = identify([obs({"upnp.model_name": "DS-2TD2617B-6/PA"}, 1900, "upnp")])
    assert identity.manufacturer == "hikvision"
    assert identity.model == "DS-2TD2617B-6/PA"
    assert identity.device_type == "thermal_camera"
    assert "thermal" in identity.capabilities


def test_router_vendor_in_a_banner_is_not_a_camera_maker() -> None:
    identity = identify([obs({"http.server": "TP-LINK HTTPD/1.0", "http.title": "TP-Link Wireless Router"})])
    assert identity.brand is None and identity.manufacturer is None
    assert not identity.is_video_device


def test_multi_product_maker_named_next_to_video_evidence_counts() -> None:
    identity = identify([obs({"http.title": "D-Link Network Camera", "http.server": "D-Link"})])
    assert identity.is_video_device
    assert identity.brand == "d-link"


def test_maker_named_in_a_shop_page_is_not_claimed() -> None:
    body = "<html><body>Buy Hikvision and Dahua cameras at the best price! DS-2CD2143G2-I in stock</body></html>"
    identity = identify([obs({"http.title": "CCTV Shop - best prices", "http.body": body})])
    assert identity.brand is None and identity.manufacturer is None
    assert not identity.is_video_device


def test_set_top_box_dvr_is_not_a_camera() -> None:
    identity = identify([obs({"http.server": "TiVo DVR"})])
    assert not identity.is_video_device


def test_unknown_self_reported_maker_is_kept_as_brand_with_less_confidence() -> None:
    identity = identify(
        [
            obs(
                {"onvif.device_info.manufacturer": "Acme Vision Co., Ltd.", "onvif.service": "/onvif/device_service"},
                8080,
                "onvif",
            )
        ]
    )
    assert identity.is_video_device
    assert identity.brand == "acme-vision"
    assert identity.manufacturer is None
    assert identity.confidence < 0.75
    assert any("does not know" in line for line in identity.attribution)


@pytest.mark.parametrize("placeholder", ["NONE", "ONVIF", "Manufacturer", "IPCAM", "H264"])
def test_placeholder_manufacturers_name_nobody(placeholder: str) -> None:
    assert maker_id(placeholder) is None


def test_firmware_layout_names_the_maker_when_manufacturer_is_a_placeholder() -> None:
    identity = identify(
        [
            obs(
                {
                    "onvif.device_info.manufacturer": "H264",
                    "onvif.device_info.firmware": "V5.00.R02.000529B2.10010.040400",
                },
                8899,
                "onvif",
            )
        ]
    )
    assert identity.manufacturer == "xiongmai"
    assert identity.brand == "xiongmai"


def test_mac_inside_a_string_is_looked_up_in_the_registry() -> None:
    # 3C:EF:8C is registered to Zhejiang Dahua Technology in the IEEE registry netaddr bundles.
    identity = identify(
        [obs({"upnp.usn": "uuid:4d696e69-444c-164e-9d41-3cef8c6101c0::upnp:rootdevice"}, 1900, "upnp")]
    )
    assert identity.manufacturer == "dahua"


def test_page_links_carry_path_conventions() -> None:
    identity = identify([obs({"http.links": "/nobody/loginDevice.js"})])
    assert identity.manufacturer == "avtech"


def test_weak_disagreeing_makers_are_withheld() -> None:
    body = "Compatible with Hikvision, Dahua and Axis Communications cameras"
    identity = identify([obs({"http.body": body, "rtsp.www_authenticate": 'Basic realm="IP Camera"'})])
    assert identity.is_video_device
    assert identity.manufacturer is None and identity.brand is None


def test_name_pattern_respects_letter_boundaries_only() -> None:
    import re

    pattern = re.compile(name_pattern("Axis"), re.IGNORECASE)
    assert pattern.search("AXIS_00408C123456")
    assert pattern.search("Axis2")
    assert not pattern.search("Taxis")


def test_layer_without_public_source_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "layer: bad\nentries:\n  - id: x\n    names: [Foo]\n    brand: hikvision\n    certainty: 0.5\n"
        "    source: 'protocols.md §1'\n    checked: 2026-01-01\n    examples: ['Foo']\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match="public locator"):
        load_layers([tmp_path])


def test_example_that_no_name_matches_is_rejected(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text(
        "layer: bad\nentries:\n  - id: x\n    names: [Foo]\n    brand: hikvision\n    certainty: 0.5\n"
        "    source: 'https://example.org/'\n    checked: 2026-01-01\n    examples: ['Bar']\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match="matches none"):
        load_ruleset(None, layers=[tmp_path])


def test_source_keys_normalise_locators_and_known_names() -> None:
    assert source_keys("github:rapid7/recog/xml/http_servers.xml@2b455a65") == {"rapid7/recog"}
    assert source_keys("Recog xml/rtsp_servers.xml @14fa1a72; nmap L11572") == {"rapid7/recog", "nmap/nmap"}
    assert source_keys("https://www.ispyconnect.com/camera/dahua") == {"ispyconnect.com"}
    assert source_keys("https://github.com/OpenIPC/coupler (README)") == {"openipc/coupler"}
    assert example_keys("a public capture of something") == {"notes"}
    assert example_keys(None) == frozenset()


def test_onvif_reply_of_a_maker_nobody_knows_is_a_video_device_with_its_own_brand(shared_data: Path) -> None:
    """agsh/onvif's mock GetDeviceInformation reply (shared/data), parsed by the probe's parser."""
    from camaudit.scan.probes.onvif import parse_device_information

    body = (shared_data / "onvif-mock-responses" / "GetDeviceInformation.xml").read_bytes()
    fields = {"onvif.service": "/onvif/device_service", **parse_device_information(body)}
    assert fields["onvif.device_info.manufacturer"] == "Mockup Manufacturer"
    identity = identify([obs(fields, 80, "onvif")])
    assert identity.is_video_device
    assert identity.brand == "mockup-manufacturer"
    assert identity.manufacturer is None


@pytest.mark.parametrize("ports", ["[]", "[0]", "[70000]", "['554']", "[true]", "554"])
def test_a_layer_entrys_ports_must_be_port_numbers(tmp_path: Path, ports: str) -> None:
    (tmp_path / "bad.yaml").write_text(
        "layer: bad\nentries:\n  - id: x\n    names: [Foo]\n    brand: hikvision\n    certainty: 0.5\n"
        f"    source: 'https://example.org/'\n    checked: 2026-01-01\n    examples: ['Foo']\n    ports: {ports}\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match="ports"):
        load_layers([tmp_path])


def test_a_layer_entry_with_ports_reads_answers_on_those_ports_only(tmp_path: Path) -> None:
    (tmp_path / "ports.yaml").write_text(
        "layer: porttest\nentries:\n  - id: x\n    names: [Foo]\n    brand: hikvision\n    certainty: 0.5\n"
        "    fields: rtsp.server\n    source: 'https://example.org/'\n    checked: 2026-01-01\n    examples: ['Foo']\n"
        "    ports: [7441]\n",
        encoding="utf-8",
    )
    rules = load_ruleset(None, layers=[tmp_path])
    assert [e.rule_id for e in rules.match_fields({"rtsp.server": "Foo"}, port=7441)] == ["porttest.x"]
    assert rules.match_fields({"rtsp.server": "Foo"}, port=554) == []
    assert rules.match_fields({"rtsp.server": "Foo"}) == []
