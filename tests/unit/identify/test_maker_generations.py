"""Hikvision and Dahua across firmware generations: the same maker answering in an older or newer dialect.

Whole answers, read as the Shodan and masscan importers read a banner; each is quoted from, or built on,
the public source its rule cites (named beside it). What a user sees: the device type and the maker.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.importers.sniff import sniff
from camaudit.model import Identity, Observation, is_video_device


def answer(text: str, port: int) -> Identity:
    fields: dict[str, str] = {}
    protocol = sniff(text.replace("\n", "\r\n"), fields, port=port)
    assert protocol in ("http", "rtsp")
    return identify([Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)])


# Dahua's CGI refusing a request it cannot serve (brianegge/aiodahua parsers.py and docs/hardware.md): "Error" and
# "Bad Request!" on 2019-2022 firmware (HTTP 400), "Not Implemented!" on 2024 builds (HTTP 501), the whole body.
@pytest.mark.parametrize(
    "head",
    [
        "HTTP/1.1 400 Bad Request\nContent-Type: text/plain\n\nError\nBad Request!\n",
        "HTTP/1.1 501 Not Implemented\nContent-Type: text/plain\n\nError\nNot Implemented!\n",
    ],
)
def test_dahuas_cgi_refusal_names_dahua_in_either_generation(head: str) -> None:
    identity = answer(head, 80)
    assert identity.manufacturer == "dahua"
    assert is_video_device(identity.device_type)


@pytest.mark.parametrize(
    "body",
    [
        "<html><head><title>Error</title></head><body>Bad Request!</body></html>",
        # (Dahua's own "Error: Error -1 getting param in name=..." for a missing table stood here until helper-266:
        # it is Dahua's configManager answer, named by answers.dahua.config-param-error, test_labelled_maker_answers.)
        "Error: the requested parameter could not be read\n",
        "Error\nBad Request!\nPlease check the URL\n",
    ],
)
def test_other_error_pages_name_no_dahua(body: str) -> None:
    identity = answer(f"HTTP/1.1 400 Bad Request\nContent-Type: text/plain\n\n{body}", 80)
    assert identity.manufacturer is None


def self_named(model: str) -> Identity:
    """A device that gives only its model number (a UPnP description's modelName), no maker."""
    return identify(
        [Observation("192.0.2.1", 49152, "tcp", "upnp", "import", "2026-01-01T00:00:00Z", {"upnp.model_name": model})]
    )


# PTZ numbers from Frigate's camera list (docs/docs/configuration/cameras.md): Dahua's own prefix before the older
# SD + digits line, the newer SD lines with a letter after the first digit, the compact P-series; HiWatch's HWP-.
@pytest.mark.parametrize(
    ("model", "manufacturer", "brand"),
    [
        ("DH-SD2A500HB", "dahua", "dahua"),
        ("DH-SD49825GB-HNR", "dahua", "dahua"),
        ("DH-P5AE-PV", "dahua", "dahua"),
        ("HWP-N4215IH-DE", "hikvision", "hiwatch"),
    ],
)
def test_ptz_numbers_name_the_maker_and_the_model(model: str, manufacturer: str, brand: str) -> None:
    identity = self_named(model)
    assert (identity.manufacturer, identity.brand, identity.model) == (manufacturer, brand, model)
    assert identity.device_type == "camera"


@pytest.mark.parametrize("model", ["SD1A404XB-GNR", "SDXC"])
def test_a_bare_code_names_no_maker_alone(model: str) -> None:
    # A bare SD code needs other video evidence.
    assert self_named(model).manufacturer is None


def test_a_dahua_switch_is_named_by_its_series_and_is_no_camera() -> None:
    # Dahua's PoE switch carries the prefix but no PTZ number: no camera grammar reads it; its PFS switch series
    # names Dahua and types it not a camera (layers/models_non_video.yaml, since 2026-12-05).
    identity = self_named("DH-PFS3010-8ET-96")
    assert identity.manufacturer == "dahua"
    assert identity.device_type == "not_camera"


def onvif_self_report(model: str, firmware: str) -> Identity:
    """ONVIF GetDeviceInformation with the manufacturer left as 'NONE': only the model and firmware layouts can tell."""
    fields = {
        "onvif.device_info.manufacturer": "NONE",
        "onvif.device_info.model": model,
        "onvif.device_info.firmware": firmware,
    }
    return identify([Observation("192.0.2.1", 80, "tcp", "onvif", "import", "2026-01-01T00:00:00Z", fields)])


# brianegge/aiodahua docs/hardware.md (tested hardware): a recorder's untagged 4.x build, a Lorex recorder's build
# with its OEM code, the Color4K and "IR" numbers Dahua's relabellers sell.
def test_an_untagged_dahua_build_names_dahua() -> None:
    identity = onvif_self_report("IP Camera", "4.001.0000005.1")
    assert identity.manufacturer == "dahua"
    assert identity.firmware == "4.001.0000005.1"


def test_an_untagged_lorex_build_names_the_brand_and_leaves_the_maker_to_the_oem_table() -> None:
    identity = onvif_self_report("IP Camera", "3.216.00LR035.0")
    assert identity.brand == "lorex"


@pytest.mark.parametrize("reported", ["IPC-B54IR-ASE-2.8MM-S3", "IPC-Color4K-T-3.6mm"])
def test_relabellers_dahua_numbers_name_dahua(reported: str) -> None:
    # The model is what the device reported, lens suffix and all; the grammar names the maker and the type.
    identity = onvif_self_report(reported, "V1.0")
    assert (identity.manufacturer, identity.model) == ("dahua", reported)
    assert identity.device_type == "camera"


def test_hilooks_numbering_stays_hilooks() -> None:
    identity = self_named("IPC-B140H")
    assert (identity.manufacturer, identity.brand) == ("hikvision", "hilook")
