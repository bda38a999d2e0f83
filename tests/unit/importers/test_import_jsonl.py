"""camaudit's own observation JSONL: consecutive lines of one endpoint form one record."""

from __future__ import annotations

import io
import json
from pathlib import Path

from camaudit.importers import jsonl
from camaudit.model import Observation, to_jsonable

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"


def test_grouping_and_bad_lines() -> None:
    got = list(jsonl.read(DATA / "observations.jsonl"))
    assert [(r.position, r.ip, r.port, len(r.observations), r.ok) for r in got] == [
        (1, "192.0.2.64", 80, 2, True),
        (3, "192.0.2.64", 554, 1, True),
        (4, None, None, 0, False),
        (5, "192.0.2.65", None, 1, True),
    ]
    assert got[1].observations[0].raw == b"RTSP/1.0 401 Unauthorized\r\n"
    assert got[2].error == "not an observation: not a port number: 'eighty'"


def test_round_trip_of_to_jsonable() -> None:
    obs = Observation("192.0.2.9", 8000, "tcp", "banner", "scan", "2024-01-01T00:00:00Z", {"banner": "x"})
    (record,) = jsonl.read(io.BytesIO(json.dumps(to_jsonable(obs)).encode()))
    assert record.observations == (obs,)


def test_non_string_field_values_are_refused() -> None:
    line = b'{"ip": "192.0.2.1", "port": 80, "protocol": "http", "fields": {"http.status": 200}}'
    (record,) = jsonl.read(io.BytesIO(line))
    assert record.error == "not an observation: fields must map names to strings"
