"""A model grammar that stops inside a version number gives the model without it, and the version as firmware.

Issue 9: a model captured from a UPnP server header lost its firmware suffix -- ``DS-2CD2142FWD-I/V5.4.5`` gave
the model ``DS-2CD2142FWD-I/V5``.
"""

from __future__ import annotations

from camaudit.identify import identify, match_fields
from camaudit.model import Observation


def _models(text: str, name: str = "upnp.server") -> set[tuple[str | None, str | None]]:
    return {(e.asserts.get("model"), e.asserts.get("firmware")) for e in match_fields({name: text}) if "model" in e.asserts}


def test_product_slash_version_splits_into_model_and_firmware() -> None:
    assert _models("Linux/2.6 UPnP/1.0 DS-2CD2142FWD-I/V5.4.5") == {("DS-2CD2142FWD-I", "V5.4.5")}
    obs = Observation("198.51.100.3", 1900, "udp", "ssdp", "import", "", {"upnp.server": "Linux UPnP/1.0 DS-2CD2142FWD-I/V5.4.5"})
    identity = identify([obs])
    assert (identity.model, identity.firmware) == ("DS-2CD2142FWD-I", "V5.4.5")


def test_a_hardware_suffix_at_the_end_stays_part_of_the_model() -> None:
    assert ("DS-2TD4237-25/V2", None) in _models("DS-2TD4237-25/V2", "banner")
    assert ("DS-2CD2142FWD-I", None) in _models("HIKVISION DS-2CD2142FWD-I", "banner")
