"""Resolution: what a user sees as brand, manufacturer, type and confidence for typical devices."""

from __future__ import annotations

from collections.abc import Callable

from camaudit.identify import identify, match_fields, resolve
from camaudit.identify.resolve import WEAK_CAP, confidence_of
from camaudit.model import Evidence, Observation

Obs = Callable[..., Observation]


def test_annke_page_on_hikvision_server(obs: Obs) -> None:
    identity = identify([obs({"http.title": "ANNKE", "http.server": "App-webs/"})])
    assert identity.brand == "annke"
    assert identity.manufacturer == "hikvision"
    assert identity.device_type == "camera"
    assert identity.attribution[0].startswith("brand:annke (annke.http.title")
    assert identity.attribution[1] == "manufacturer:hikvision (hikvision.http.server.app-webs)"
    assert identity.attribution[2].startswith("oem-table: annke→hikvision (confidence 0.6")
    assert identity.conflicts == ()


def test_annke_without_firmware_marker_uses_oem_table(obs: Obs) -> None:
    identity = identify([obs({"http.title": "ANNKE NVR"})])
    assert (identity.brand, identity.manufacturer) == ("annke", "hikvision")
    assert 0 < identity.confidence < 0.7
    assert any(a.startswith("oem-table: annke→hikvision") for a in identity.attribution)


def test_amcrest_firmware_serial_and_dahua_challenge(obs: Obs) -> None:
    identity = identify(
        [
            obs(
                {"dhip.Version": "2.800.00AC000.0.R", "dhip.SerialNo": "AMC000N49SSV0M2U46"},
                port=37810,
                protocol="dhip",
            ),
            obs({"dahua.login.realm": "Login to AMC000N49SSV0M2U46", "dahua.login.error_code": "268632079"}),
        ]
    )
    assert identity.brand == "amcrest"
    assert identity.manufacturer == "dahua"
    assert identity.firmware == "2.800.00AC000.0.R"
    assert identity.serial == "AMC000N49SSV0M2U46"
    assert identity.is_video_device
    assert identity.confidence > 0.95


def test_manufacturer_only_evidence_gives_brand_equal_to_maker_with_less_confidence(obs: Obs) -> None:
    # A firmware marker that names no maker in words (the lexicon would read "Dahua" as a brand).
    identity = identify([obs({"http.server": "App-webs/"})])
    assert (identity.brand, identity.manufacturer) == ("hikvision", "hikvision")
    assert any("assumed from the manufacturer" in a for a in identity.attribution)


def test_conflicting_evidence_is_kept(obs: Obs) -> None:
    identity = identify(
        [
            obs({"http.server": "App-webs/"}),
            obs({"rtsp.server": "Dahua Rtsp Server"}, port=554, protocol="rtsp"),
            obs({"tls.subject": "CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN"}, 443),
        ]
    )
    assert identity.manufacturer == "hikvision"
    conflict = next(c for c in identity.conflicts if c.attribute == "manufacturer")
    assert (conflict.chosen, conflict.other, conflict.other_rule_id) == (
        "hikvision",
        "dahua",
        "dahua.rtsp.server",
    )


def test_plain_nginx_is_no_camera_and_has_no_maker(obs: Obs) -> None:
    identity = identify([obs({"http.server": "nginx/1.24.0", "http.title": "Welcome to nginx!"})])
    assert identity.device_type == "web_server"
    assert not identity.is_video_device
    assert identity.brand is None and identity.manufacturer is None


def test_unknown_device_that_answered_is_not_camera(obs: Obs) -> None:
    identity = identify([obs({"http.server": "FooServer 3.1", "http.title": "Hello"})])
    assert identity.device_type == "not_camera"
    assert identity.brand is None and identity.manufacturer is None


def test_nothing_observed_is_unknown() -> None:
    identity = identify([])
    assert identity.device_type is None and identity.confidence == 0.0


def test_unknown_captured_brand_is_not_invented(obs: Obs) -> None:
    identity = identify([obs({"onvif.scope": "onvif://www.onvif.org/name/PREDATOR"}, protocol="onvif")])
    assert identity.brand is None and identity.manufacturer is None


def test_sadp_reply_names_model_date_and_oem_brand(obs: Obs) -> None:
    identity = identify(
        [
            obs(
                {
                    "sadp.DeviceSN": "DS-2CD2320D-I20180919AACHC52932642",
                    "sadp.DeviceDescription": "DS-2CD2320D-I",
                    "sadp.SoftwareVersion": "V5.5.6build 180326",
                    "sadp.OEMInfo": "LTS",
                    "sadp.CommandPort": "8000",
                },
                port=37020,
                protocol="sadp",
            )
        ]
    )
    assert (identity.brand, identity.manufacturer) == ("lts", "hikvision")
    assert identity.model == "DS-2CD2320D-I"
    assert identity.firmware == "V5.5.6 build 180326"  # one spelling for SADP and ONVIF
    # Five SADP fields are one reply: one source, not five.
    assert identity.confidence < 0.99


def test_lorex_dates_pick_oem_row() -> None:
    def ev(rule: str, **asserts: str) -> Evidence:
        return Evidence(rule, "sadp.DeviceSN", "x", asserts, 0.9, "test")

    in_range = resolve([ev("t.a", brand="lorex", made="20200101")])
    assert in_range.manufacturer == "dahua"
    assert any("made 2020-01-01" in a for a in in_range.attribution)
    after_sale = resolve([ev("t.a", brand="lorex", made="20230601")])
    assert after_sale.manufacturer is None
    # Lorex's rows disagree over time (Hikvision lines before 2018, Dahua 2018 to the sale, nobody after):
    # a Lorex of unknown date gets no maker rather than the most confident row's.
    undated = resolve([ev("t.a", brand="lorex")])
    assert undated.manufacturer is None
    assert any("depends on the date of manufacture" in a for a in undated.attribution)


def test_brand_that_makes_its_own_devices(obs: Obs) -> None:
    identity = identify([obs({"http.title": "AXIS P1346 Network Camera"})])
    assert (identity.brand, identity.manufacturer) == ("axis", "axis")


def test_axis_vapix_fields(obs: Obs) -> None:
    identity = identify(
        [
            obs(
                {
                    "axis.brand": "AXIS",
                    "axis.prod_nbr": "P3245-LVE",
                    "axis.prod_type": "Dome Network Camera",
                    "axis.version": "10.12.199",
                    "axis.serial": "ACCC8E3A0A8F",
                }
            )
        ]
    )
    assert identity.manufacturer == "axis"
    assert identity.device_type == "camera"
    assert (identity.model, identity.firmware, identity.serial) == ("P3245-LVE", "10.12.199", "ACCC8E3A0A8F")


def test_noisy_or_and_weak_cap() -> None:
    strong = [
        Evidence("a.b", "http.server", "", {}, 0.9, "s"),
        Evidence("c.d", "rtsp.server", "", {}, 0.5, "s"),
    ]
    assert confidence_of(strong) == 0.95
    same_field = [
        Evidence("a.b", "http.server", "", {}, 0.9, "s"),
        Evidence("c.d", "http.server", "", {}, 0.5, "s"),
    ]
    assert confidence_of(same_field) == 0.9
    weak = [Evidence(f"w.{i}", f"banner.{i}", "", {}, 0.4, "s") for i in range(5)]
    assert confidence_of(weak) == WEAK_CAP


def test_match_fields_without_observations() -> None:
    evidence = match_fields({"http.server": "App-webs/", "mac": "44:47:cc:37:ce:81"}, port=80, protocol="http")
    assert "hikvision.http.server.app-webs" in {e.rule_id for e in evidence}
    assert any(e.field == "mac.oui" and e.asserts.get("manufacturer") == "hikvision" for e in evidence)
    assert resolve(evidence).manufacturer == "hikvision"
