"""Every field a search engine's or scanner's record carries that can name or type a device is read, and every one
left unread says why (``engine_fields.yaml``, built from each engine's published record layout; helper-255).

For a ``read`` entry a record is built holding a camera sign ONLY in that field, in the layout the engine documents;
it must reach identify in the named observation field, and identify must type or name the device from it (weakly,
for the engine's own claims: ``import.*`` is capped at 0.45). For a ``not_read`` entry the words sign put in that
field must reach no observation field at all: a field the table calls unread that an importer starts reading fails
here until the table says so, and one it calls read that the importer drops fails too.
"""

from __future__ import annotations

import copy
import html
import io
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.importers.base import MAX_FIELD_CHARS, ImportRecord
from camaudit.model import is_video_device

TABLE = yaml.safe_load((Path(__file__).with_name("engine_fields.yaml")).read_text(encoding="utf-8"))
SIGNS: dict[str, dict[str, Any]] = TABLE["signs"]
FORMAT_TABLES: dict[str, dict[str, Any]] = TABLE["formats"]


def _entries(kind: str) -> list[Any]:
    return [pytest.param(name, entry, id=f"{name}:{entry['path']}")
            for name, table in FORMAT_TABLES.items() for entry in table[kind]]


def _sign(entry: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    """The value an entry places and what identify must make of it."""
    sign = SIGNS.get(entry.get("sign", ""), {})
    value = entry["value"] if "value" in entry else sign["value"]
    expect = {key: entry.get(key, sign.get(key)) for key in ("maker", "video")}
    if entry.get("list") and not isinstance(value, list):
        value = [value]
    return value, expect


def _placed(base: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """``base`` with ``value`` at ``path`` (keys joined by ``.``, numbers index lists, ``=`` takes the rest whole)."""
    record = copy.deepcopy(base)
    node: Any = record
    keys = path.split(".")
    for position, key in enumerate(keys):
        if key.startswith("="):
            node[".".join(keys[position:])[1:]] = value
            return record
        last = position == len(keys) - 1
        child: Any = value if last else ([] if keys[position + 1].isdigit() else {})
        if isinstance(node, list):
            index = int(key)
            while len(node) <= index:
                node.append({})
            if last or not node[index]:
                node[index] = child if last else node[index] or child
            node = node[index]
        else:
            if last or key not in node:
                node[key] = child
            node = node[key]
    return record


def _nmap_xml(template: str, path: str, value: str) -> str:
    """nmap's ``-oX`` host with ``value`` in one element or attribute (``service@product``, ``service/cpe``,
    ``script[http-title]``, ``hostnames/hostname``)."""
    slots = {"host": "", "service": "", "cpe": "", "script": "", "os": ""}
    quoted = html.escape(value, quote=True)
    if path.startswith("service@"):
        slots["service"] = f'{path.partition("@")[2]}="{quoted}"'
    elif path == "service/cpe":
        slots["cpe"] = f"<cpe>{quoted}</cpe>"
    elif path.startswith("script["):
        slots["script"] = f'<script id="{path[7:-1]}" output="{quoted}"/>'
    elif path == "hostnames/hostname":
        slots["host"] = f'<hostnames><hostname name="{quoted}" type="PTR"/></hostnames>'
    else:
        raise AssertionError(f"no nmap slot for {path}")
    return template.format(**slots)


def _records(name: str, path: str, value: Any) -> list[ImportRecord]:
    table = FORMAT_TABLES[name]
    if "template" in table:
        text = _nmap_xml(table["template"], path, value).encode()
    else:
        text = json.dumps(_placed(table["base"], path, value)).encode()
    return list(FORMATS[table.get("format", name)](io.BytesIO(text)))


def _fields(records: list[ImportRecord]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for record in records:
        assert record.error is None, record.error
        for observation in record.observations:
            for key, text in observation.fields.items():
                merged[key] = f"{merged[key]}\n{text}" if key in merged else text
    return merged


def test_every_format_names_its_documents_and_every_entry_a_field_or_a_reason() -> None:
    assert set(FORMAT_TABLES) >= {"shodan", "censys", "zoomeye", "fofa", "netlas", "binaryedge", "zgrab2", "httpx",
                                  "nuclei", "masscan", "nmap"}
    for name, table in FORMAT_TABLES.items():
        assert table["docs"], name
        assert table.get("format", name) in FORMATS, name
        for entry in table["read"]:
            assert entry["into"] and ("sign" in entry or "value" in entry), (name, entry)
            # An entry that expects neither a type nor a maker says why the sign stops at its field.
            assert any(_sign(entry)[1].values()) or entry.get("note"), (name, entry)
            assert entry.get("sign") is None or entry["sign"] in SIGNS, (name, entry)
        for entry in table["not_read"]:
            assert len(entry["why"]) > 8, (name, entry)


@pytest.mark.parametrize(("name", "entry"), _entries("read"))
def test_a_camera_sign_in_a_documented_field_reaches_identify(name: str, entry: dict[str, Any]) -> None:
    value, expect = _sign(entry)
    records = _records(name, entry["path"], value)
    fields = _fields(records)
    assert entry["into"] in fields, (entry["into"], fields)
    identity = identify(tuple(o for r in records for o in r.observations))
    if expect["maker"]:
        assert identity.manufacturer == expect["maker"], (identity, fields)
    if expect["video"]:
        assert is_video_device(identity.device_type), (identity, fields)
    if entry["into"].startswith("import."):
        assert (identity.confidence or 0) <= 0.5, identity  # the engine's claim alone stays weak


#: What a ``not_read`` entry places: camera words and a model name that appears nowhere else. (A maker's object whose
#: presence is Shodan's claim, ``hikvision{...}``, still names its maker whatever its unread values say.)
UNREAD_SIGN = "Network Camera NC-4242Z"


@pytest.mark.parametrize(("name", "entry"), _entries("not_read"))
def test_a_field_the_table_calls_unread_reaches_no_observation_field(name: str, entry: dict[str, Any]) -> None:
    records = _records(name, entry["path"], [UNREAD_SIGN] if entry.get("list") else UNREAD_SIGN)
    fields = _fields(records)
    assert not [key for key, text in fields.items() if "NC-4242Z" in text], fields


_HOSTILE = st.one_of(
    st.text(max_size=2000), st.integers(), st.none(), st.booleans(),
    st.lists(st.text(max_size=200), max_size=40), st.dictionaries(st.text(max_size=20), st.text(max_size=200),
                                                                  max_size=8),
    st.just("A" * (3 * MAX_FIELD_CHARS)), st.just("\u202e<script>alert(1)</script>\x00"),
)
_PATHS = [(name, entry["path"]) for name, table in FORMAT_TABLES.items()
          if "template" not in table for entry in table["read"] + table["not_read"]]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_PATHS), _HOSTILE)
def test_any_value_in_any_documented_field_reads_without_raising_within_the_caps(where: tuple[str, str],
                                                                                  value: Any) -> None:
    name, path = where
    for record in _records(name, path, value):
        for observation in record.observations:
            for key, text in observation.fields.items():
                assert len(text) <= 64 * 1024 if key == "http.body" else len(text) <= MAX_FIELD_CHARS, key
        identify(record.observations)
