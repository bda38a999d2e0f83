"""Readers never crash and never lose a record, whatever bytes or JSON shapes they are given."""

from __future__ import annotations

import gzip
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.importers import FORMATS

_JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=5),
    max_leaves=25,
)
#: Keys the readers look for, so generated objects reach deep into their parsers.
_KEYS = st.sampled_from(
    [
        "ip",
        "ip_str",
        "port",
        "data",
        "http",
        "ssl",
        "services",
        "result",
        "ports",
        "rec_type",
        "fields",
        "protocol",
        "banner",
        "response",
        "headers",
        "endpoints",
        "cert",
        "tls",
        "location",
        "snmp",
        "_shodan",
        "upnp",
        "ssdp",
        "onvif",
        "devices",
        "banner_hex",
        "_encoding",
        "matches",
        "data_b64",
        "host",
        # Shodan module properties, Censys BigQuery rows and conclusions, zgrab2 certificate names, SNMP keys.
        "mac",
        "ip_camera",
        "hikvision",
        "dahua",
        "dahua_dvr_web",
        "redirects",
        "components",
        "opts",
        "screenshot",
        "labels",
        "sub_devices",
        "host_identifier",
        "ipv4",
        "operating_system",
        "software",
        "other",
        "key",
        "value",
        "os",
        "extensions",
        "subject_alt_name",
        "dns_names",
        "vendor",
        "model",
        "sysDescr",
        "sysObjectID",
    ]
)
_SHAPED = st.recursive(
    st.none()
    | st.integers(-5, 70000)
    | st.text(max_size=20)
    | st.just("HTTP/1.1 200 OK\r\nServer: x\r\n\r\n")
    | st.just("192.0.2.1")  # an address the readers accept, so a generated record reaches its fields
    | st.just("SNMPv2-MIB::sysDescr.0 = STRING: x"),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_KEYS, inner, max_size=6),
    max_leaves=30,
)


def check(name: str, data: bytes) -> None:
    records = list(FORMATS[name](io.BytesIO(data)))
    for record in records:
        assert record.error is None or record.observations == ()
        assert record.position >= 1


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=400))
def test_random_bytes(data: bytes) -> None:
    for name in FORMATS:
        check(name, data)
        check(name, gzip.compress(data))


@settings(max_examples=80, deadline=None)
@given(first=st.dictionaries(_KEYS, _SHAPED, max_size=6), rest=st.lists(_JSON | _SHAPED, max_size=4))
def test_random_json_lines_give_one_answer_per_line(first: dict[str, object], rest: list[object]) -> None:
    # A first line starting with "[" is read as a JSON array (the documented container rule).
    values = [first, *rest]
    data = "\n".join(json.dumps(v) for v in values).encode()
    for name in ("shodan", "censys", "zgrab2"):
        records = list(FORMATS[name](io.BytesIO(data)))
        assert [r.position for r in records] == list(range(1, len(values) + 1))
    for name in ("masscan", "jsonl"):
        check(name, data)
    check("shodan", json.dumps(values).encode())
