"""Profiles load, validate, and a broken profile says which file and which key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from camaudit.lab import ProfileError, available_profiles, load_profile, load_profiles
from camaudit.lab.hostile import BEHAVIOURS
from camaudit.lab.profile import PROFILE_DIR, Behaviour
from camaudit.model import DeviceType

REQUIRED = {"hikvision-ipc", "annke-ipc", "dahua-ipc", "amcrest-ipc", "axis-ipc", "nginx-web", "garbage"}


def test_the_required_profiles_are_bundled_and_valid() -> None:
    assert set(available_profiles()) >= REQUIRED
    for profile in load_profiles():
        assert profile.description
        dt = profile.expect.device_type
        assert dt is None or dt in {t.value for t in DeviceType}


def test_oem_profiles_name_the_real_maker() -> None:
    by_name = {p.name: p.expect for p in load_profiles()}
    assert (by_name["annke-ipc"].brand, by_name["annke-ipc"].manufacturer) == ("annke", "hikvision")
    assert (by_name["amcrest-ipc"].brand, by_name["amcrest-ipc"].manufacturer) == ("amcrest", "dahua")


def test_every_privileged_port_has_its_documented_alternative() -> None:
    documented = {80: 8080, 443: 8443, 554: 8554}
    for profile in load_profiles():
        for svc in profile.services:
            if svc.port in documented:
                assert svc.alt_port == documented[svc.port], f"{profile.name} {svc.name}"


def test_hostile_behaviours_in_schema_match_implementations() -> None:
    assert set(Behaviour.__args__) == set(BEHAVIOURS)  # type: ignore[attr-defined]


def _copy(tmp_path: Path, name: str = "nginx-web") -> Path:
    shutil.copy(PROFILE_DIR / f"{name}.yaml", tmp_path / f"{name}.yaml")
    shutil.copytree(PROFILE_DIR / name, tmp_path / name)
    return tmp_path / f"{name}.yaml"


def _edit(path: Path, change: object) -> None:
    data = yaml.safe_load(path.read_text())
    change(data)  # type: ignore[operator]
    path.write_text(yaml.safe_dump(data))


@pytest.mark.parametrize(
    ("change", "key", "words"),
    [
        (lambda d: d.pop("mac"), "mac", "Field required"),
        (lambda d: d.update(mac="C4-2F-90-00-00-01"), "mac", "lower-case"),
        (lambda d: d["services"][0].update(port="eighty"), "services.0.port", "integer"),
        (lambda d: d["services"][0].update(colour="red"), "services.0.colour", "Extra inputs"),
        (lambda d: d["services"][0].update(alt_port=None), "services.0", "privileged"),
        (lambda d: d["services"][0]["http"]["routes"][0].update(body_file="nope.html"), "services.0.http.routes.0",
         "not found"),
        (lambda d: d["expect"].update(device_type="toaster"), "expect", "toaster"),
        (lambda d: d["expect"].update(brand="Hikvision"), "expect", "canonical"),
        (lambda d: d["services"][0]["http"]["not_found"].update(body="{{nonsense}}", body_file=None), "(top level)",
         "nonsense"),
        (lambda d: d["services"][0].update(protocol="https"), "services.0", "tls"),
    ],
)
def test_broken_profile_names_file_and_key(tmp_path: Path, change: object, key: str, words: str) -> None:
    path = _copy(tmp_path)
    _edit(path, change)
    with pytest.raises(ProfileError) as info:
        load_profile(path)
    message = str(info.value)
    assert message.startswith(f"{path}: {key}:"), message
    assert words in message


def test_name_must_match_file(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _edit(path, lambda d: d.update(name="other"))
    with pytest.raises(ProfileError, match="name: 'other' must equal the file name 'nginx-web'"):
        load_profile(path)


def test_unknown_profile_lists_the_available_ones() -> None:
    with pytest.raises(ProfileError, match=r"no profile 'sony-ipc'.*hikvision-ipc"):
        load_profiles(["sony-ipc"])


def test_body_files_cannot_escape_their_folder(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    (tmp_path / "secret.txt").write_text("x")
    _edit(path, lambda d: d["services"][0]["http"]["routes"][0].update(body_file="../secret.txt"))
    with pytest.raises(ProfileError, match="must stay inside"):
        load_profile(path)


def test_body_files_may_come_from_the_shared_folder_only(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    (tmp_path / "_shared" / "web").mkdir(parents=True)
    (tmp_path / "_shared" / "web" / "page.html").write_text("<title>shared</title>")
    _edit(path, lambda d: d["services"][0]["http"]["routes"][0].update(body_file="../_shared/web/page.html"))
    assert load_profile(path)
    # a path that walks back out of _shared is still refused
    (tmp_path / "secret.txt").write_text("x")
    _edit(path, lambda d: d["services"][0]["http"]["routes"][0].update(body_file="../_shared/../secret.txt"))
    with pytest.raises(ProfileError, match="must stay inside"):
        load_profile(path)


def test_not_yaml_mapping(tmp_path: Path) -> None:
    path = tmp_path / "x.yaml"
    path.write_text("- just\n- a list\n")
    with pytest.raises(ProfileError, match=r"x.yaml: a profile is a mapping"):
        load_profile(path)


def test_the_lab_covers_the_makers_of_the_identification_issue() -> None:
    profiles = load_profiles()
    assert len(profiles) >= 25
    makers = {p.expect.manufacturer for p in profiles}
    assert {"hikvision", "dahua", "axis", "uniview", "hanwha", "bosch", "xiongmai", "avigilon"} <= makers
    kinds = {p.expect.device_type for p in profiles}
    assert {"camera", "nvr", "dvr", "printer", "nas", "router", "web_server"} <= kinds
    oem = {(p.expect.brand, p.expect.manufacturer) for p in profiles}
    assert {("lts", "hikvision"), ("ezviz", "hikvision"), ("lorex", "dahua"), ("imou", "dahua")} <= oem


def test_a_vulnerable_firmware_profile_says_so() -> None:
    profile = load_profile(PROFILE_DIR / "hikvision-ipc-cve-2017-7921.yaml")
    assert "CVE-2017-7921" in profile.description
    assert profile.expect.firmware == "V5.4.0 build 160401"
    assert profile.vars["sadp_software"] == "V5.4.0build 160401"


def test_onvif_needs_a_web_service_and_multicast_a_udp_one(tmp_path: Path) -> None:
    path = _copy(tmp_path)
    _edit(path, lambda d: d.update(onvif={"manufacturer": "X", "service": "nope"}))
    with pytest.raises(ProfileError, match=r"onvif\.service 'nope'"):
        load_profile(path)
    _edit(path, lambda d: d.update(onvif=None) or d["services"][0].update(multicast={"group": "239.1.1.1"}))
    with pytest.raises(ProfileError, match="multicast is for udp"):
        load_profile(path)


@pytest.mark.parametrize(("lan", "words"), [
    ({"group": "10.0.0.1"}, "not an IPv4 multicast"),
    ({"group": "nope"}, "not an IPv4 address"),
    ({"reply_to": "group"}, "needs a group"),
])
def test_multicast_spec_is_checked(lan: dict[str, str], words: str) -> None:
    from camaudit.lab.discovery_spec import MulticastSpec

    with pytest.raises(ValueError, match=words):
        MulticastSpec.model_validate(lan)


def test_tls_names_are_checked_at_load(tmp_path: Path) -> None:
    path = _copy(tmp_path, "axis-ipc")
    _edit(path, lambda d: d["services"][1]["tls"].update(subject="not a name"))
    with pytest.raises(ProfileError, match="RFC 4514"):
        load_profile(path)
