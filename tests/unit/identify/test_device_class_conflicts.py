"""One honest device class, no class conflict, where a general word or grammar read the same text as a more
specific one (helper-115, 2026-12-04).

Before: "XVR"/"HCVR"/"HVR" were NVR words while Dahua's XVR and HCVR recorders are DVRs (its "AI Digital Video
Recorder" manual covers the DH-XVR models), so an XVR carried an NVR-vs-DVR conflict; Axis's thermal cameras
and video encoders, and UniFi's doorbells, kept a "camera" conflict from the maker's general grammar. The model
strings are the makers' own, as the sources cited in ``layers/models.yaml`` and ``layers/device_words.yaml``
print them; the look-alikes keep their class.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation


def _seen(field: str, text: str) -> Identity:
    return identify([Observation("192.0.2.1", 1900, "udp", "upnp", "import", "2026-01-01T00:00:00Z", {field: text})])


def _type_conflicts(identity: Identity) -> list[tuple[str, str]]:
    return [(c.other, c.other_rule_id) for c in identity.conflicts if c.attribute == "device_type"]


@pytest.mark.parametrize(
    ("field", "text", "maker", "model", "device_type"),
    [
        # Dahua's hybrid recorders, as its DVR manual names them.
        ("upnp.model_name", "DH-XVR5108HS-4KL-I3", "dahua", "DH-XVR5108HS-4KL-I3", "dvr"),
        ("upnp.model_name", "DH-XVR5816S-4KL-I2-LP", "dahua", "DH-XVR5816S-4KL-I2-LP", "dvr"),
        ("upnp.model_name", "HCVR5104HS-S3", "dahua", "HCVR5104HS-S3", "dvr"),
        # Axis's thermal cameras and video encoders.
        ("upnp.model_name", "AXIS Q1942-E", "axis", "Q1942-E", "thermal_camera"),
        ("upnp.model_name", "AXIS Q1941-E", "axis", "Q1941-E", "thermal_camera"),
        ("upnp.model_name", "AXIS Q8641-E PT Thermal", "axis", "Q8641-E", "thermal_camera"),
        ("http.title", "AXIS Q8631-E", "axis", "Q8631-E", "thermal_camera"),
        ("upnp.model_name", "AXIS P7216", "axis", "P7216", "video_encoder"),
        ("upnp.model_name", "AXIS M7014", "axis", "M7014", "video_encoder"),
        ("http.title", "AXIS Q7424-R Mk II Video Encoder", "axis", "Q7424-R Mk II", "video_encoder"),
        # UniFi's doorbells, hyphenated SKU and UniFi Protect's spaced name.
        ("upnp.model_name", "UVC-G4-Doorbell", "ubiquiti", "UVC-G4-Doorbell", "intercom"),
        ("upnp.model_name", "UVC-G4-Doorbell-Pro", "ubiquiti", "UVC-G4-Doorbell-Pro", "intercom"),
        ("upnp.model_name", "UVC G4 Doorbell Pro", "ubiquiti", "UVC G4 Doorbell Pro", "intercom"),
    ],
)
def test_one_class_and_no_conflict(field: str, text: str, maker: str, model: str, device_type: str) -> None:
    identity = _seen(field, text)
    assert identity.manufacturer == maker, identity.attribution
    assert identity.model == model
    assert identity.device_type is not None and identity.device_type.value == device_type
    assert _type_conflicts(identity) == []


def test_the_pt_thermal_camera_keeps_both_capabilities() -> None:
    identity = _seen("upnp.model_name", "AXIS Q8641-E PT Thermal")
    assert set(identity.capabilities) == {"thermal", "ptz"}


@pytest.mark.parametrize(
    ("text", "device_type"),
    [
        # The recorder words alone: hybrid names are DVRs, network names stay NVRs.
        ("XVR LOGIN", "dvr"),
        ("HVR", "dvr"),
        ("Hybrid Video Recorder", "dvr"),
        ("NVR", "nvr"),
        ("Network Video Recorder", "nvr"),
        ("UniFi Video NVR", "nvr"),
    ],
)
def test_recorder_words(text: str, device_type: str) -> None:
    identity = _seen("http.title", text)
    assert identity.device_type is not None and identity.device_type.value == device_type
    assert _type_conflicts(identity) == []


@pytest.mark.parametrize(
    ("text", "maker", "model", "device_type"),
    [
        # Counter-examples that must keep their class: Dahua's and Hikvision's NVRs, Axis's fixed and PTZ cameras,
        # UniFi's other cameras (including a word starting with "Do": the Dome).
        ("DHI-NVR4108HS-4KS2", "dahua", "DHI-NVR4108HS-4KS2", "nvr"),
        ("DS-7608NI-K2", "hikvision", "DS-7608NI-K2", "nvr"),
        ("AXIS P3245-LVE", "axis", "P3245-LVE", "camera"),
        ("AXIS Q6075-E", "axis", "Q6075-E", "camera"),
        ("AXIS Q1615-LE", "axis", "Q1615-LE", "camera"),
        ("AXIS Q8685-E", "axis", "Q8685-E", "camera"),
        ("UVC-G4-Bullet", "ubiquiti", "UVC-G4-Bullet", "camera"),
        ("UVC-G3-Dome", "ubiquiti", "UVC-G3-Dome", "camera"),
        ("UVC G4 Dome", "ubiquiti", "UVC G4 Dome", "camera"),
        ("UVC G3", "ubiquiti", "UVC G3", "camera"),
    ],
)
def test_look_alikes_keep_their_class(text: str, maker: str, model: str, device_type: str) -> None:
    identity = _seen("upnp.model_name", text)
    assert identity.manufacturer == maker, identity.attribution
    assert identity.model == model
    assert identity.device_type is not None and identity.device_type.value == device_type


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["Bullet", "Dome", "Flex", "Pro", "PTZ", "Instant", "Turret", "Micro"]), st.integers(3, 6))
def test_unifi_cameras_are_cameras(word: str, generation: int) -> None:
    # Any UniFi camera SKU other than the doorbell stays a camera, hyphenated or spaced.
    for text in (f"UVC-G{generation}-{word}", f"UVC G{generation} {word}"):
        identity = _seen("upnp.model_name", text)
        assert identity.device_type is not None and identity.device_type.value == "camera", text


_SEPARATOR = st.sampled_from([" ", "-", "_", "/", ":", "|", "\t"])


@settings(max_examples=150, deadline=None)
@given(
    st.text(max_size=40), _SEPARATOR, st.sampled_from(["XVR", "xvr", "HCVR", "HVR"]), _SEPARATOR, st.text(max_size=40)
)
def test_hybrid_word_is_read_as_a_dvr_never_an_nvr(before: str, left: str, word: str, right: str, after: str) -> None:
    # Whatever surrounds a hybrid recorder's name (random and hostile text), the name is read, as a DVR, and no
    # NVR word comes from it: an NVR claim needs "NVR" or "network video recorder" in the text itself.
    text = f"{before}{left}{word}{right}{after}"
    identity = _seen("http.title", text)
    rules = {ev.rule_id: ev.asserts.get("device_type") for ev in identity.evidence}
    assert rules.get("words.recorder.hybrid") == "dvr"
    if "nvr" not in text.casefold() and "recorder" not in text.casefold():
        assert "words.recorder.nvr" not in rules


@pytest.mark.parametrize(
    "title",
    [
        # Axis's and Hikvision's own product names, as their pages and UPnP descriptions write them.
        "AXIS Q1942-E PT Mount Thermal Network Camera",
        "DS-2TD2617-10 Thermal Network Bullet Camera",
    ],
)
def test_a_thermal_network_camera_is_one_claim_not_a_conflict(title: str) -> None:
    # "Network Camera" says camera, the model or the word "Thermal" says thermal camera: the finer class wins and the
    # camera words support it (before, a user saw a device-type conflict on every thermal camera's title).
    identity = _seen("http.title", title)
    assert identity.device_type == "thermal_camera"
    assert _type_conflicts(identity) == []
    assert "words.ip-camera" in {e.rule_id for e in identity.evidence}


def test_a_thermal_word_beside_a_recorder_still_conflicts() -> None:
    # Only "camera" agrees with "thermal camera": a recorder claim still stands against it.
    identity = identify(
        [
            Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", {"http.title": "NVR"}),
            Observation(
                "192.0.2.1", 1900, "udp", "upnp", "import", "2026-01-01T00:00:00Z",
                {"upnp.model_name": "AXIS Q1942-E"},
            ),
        ]
    )
    assert {identity.device_type, *(c.other for c in identity.conflicts if c.attribute == "device_type")} >= {
        "nvr", "thermal_camera"
    }
