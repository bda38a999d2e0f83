"""An SNMP sysDescr that opens with a company's registered name names the device's maker, as UPnP's and ONVIF's
manufacturer fields do (layers/identifiers.yaml ``snmp.sysdescr-company``): a maker camaudit does not know becomes
the self-reported brand, beside video evidence only. Generic OS strings name nobody."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation


def _obs(fields: dict[str, str], protocol: str, port: int) -> Observation:
    transport = "udp" if protocol == "snmp" else "tcp"
    return Observation("127.0.0.1", port, transport, protocol, "import", "2026-01-01T00:00:00Z", fields)


#: A video sign on another reply: a page titled "Network Camera" (layers/device_words.yaml).
VIDEO = _obs({"http.title": "Network Camera"}, "http", 80)


def seen(sysdescr: str, *, beside_video: bool = True) -> Identity:
    observations = [_obs({"snmp.sysdescr": sysdescr}, "snmp", 161)]
    if beside_video:
        observations.append(VIDEO)
    return identify(observations)


@pytest.mark.parametrize(
    ("sysdescr", "brand"),
    [
        ("Acme Vision Co., Ltd. IPC-100", "acme-vision"),
        ("Acme Vision Co.,Ltd IPC-100 V2.1", "acme-vision"),
        ("Nimbus Optics Inc. NVR-16", "nimbus-optics"),
        ("Foobar Security GmbH; Dome 4K", "foobar-security"),
    ],
)
def test_an_unknown_company_opening_sysdescr_is_the_self_reported_brand_beside_video(sysdescr: str, brand: str) -> None:
    identity = seen(sysdescr)
    assert identity.brand == brand
    assert identity.manufacturer is None  # a self-reported name never maps to a maker


def test_a_known_makers_registered_name_names_that_maker() -> None:
    identity = seen("Zhejiang Uniview Technologies Co., Ltd. IPC2124SR3")
    assert identity.brand == "uniview"
    assert identity.manufacturer == "uniview"


def test_without_video_evidence_a_company_name_claims_nothing() -> None:
    # Routers, printers and servers answer SNMP too.
    identity = seen("Acme Vision Co., Ltd. IPC-100", beside_video=False)
    assert identity.brand is None
    assert identity.manufacturer is None
    assert identity.device_type not in {"camera", "video_device", "nvr", "dvr"}


@pytest.mark.parametrize(
    "sysdescr",
    [
        "Linux nvr 3.10.0 #1 SMP PREEMPT Tue Jun 7 11:29:17 CST 2016 armv7l",
        "Hardware: Intel64 Family 6 Model 58 Stepping 9 AT/AT COMPATIBLE - Software: Windows Version 6.1",
        "net-snmp 5.9.1",
        "FreeBSD nvr.example 12.1-RELEASE FreeBSD 12.1-RELEASE r354233 GENERIC amd64",
        "Acme Vision IPC-100",  # a first word with no legal-entity suffix may be a product or a host name
        "Embedded Linux Inc",  # no dot: no registered name
    ],
)
def test_generic_os_strings_and_bare_words_name_no_brand(sysdescr: str) -> None:
    assert seen(sysdescr).brand is None


_GENERIC_OPENERS = ("Linux ", "Hardware: ", "FreeBSD ", "SunOS ", "net-snmp ", "VxWorks ")
ENTRY = "identifiers.snmp.sysdescr-company"


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(_GENERIC_OPENERS), st.text(max_size=200))
def test_a_generic_os_opener_never_reads_as_a_company_whatever_follows(opener: str, rest: str) -> None:
    # (A maker's name later in the text may still be read by the lexicon: only this entry is held here.) The entry
    # may match "Linux AG ..." -- Hypothesis found that one -- but the OS is never made the brand.
    identity = seen(opener + rest)
    assert not [e for e in identity.evidence if e.rule_id == ENTRY and e.asserts.get("brand")]
    assert not (identity.brand or "").startswith(opener.strip(" :").lower())


@pytest.mark.parametrize("sysdescr", ["Linux AG", "Linux GmbH", "SunOS Inc.", "VxWorks Ltd.", "Linux Foo GmbH 3.10"])
def test_an_os_name_before_a_legal_suffix_is_no_company(sysdescr: str) -> None:
    assert seen(sysdescr).brand is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_sysdescr_gives_at_most_one_brand_id_of_plain_characters(text: str) -> None:
    identity = seen(text)
    assert identity.brand is None or re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", identity.brand)
