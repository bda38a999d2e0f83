"""schemathesis fuzzes every operation of the JSON API from its own OpenAPI schema, logged in as an admin
with the CSRF header: no input may produce a server error, every 200 must match the schema, and every
operation must have answered 200 at least once (each case is also sent with ids that exist).

Bounded: a fixed number of examples per operation, no deadline (the machine is shared).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import response_schema_conformance
from webclient import client, login

from camaudit.register.db import Register
from camaudit.web.app import create_app
from camaudit.web.auth import SESSION_COOKIE

EXAMPLES = 12
#: Ids that exist in the shared register, swapped into a second call so the fuzzed bodies reach real rows.
REAL = {"device_id": 1, "before": 1, "after": 2}


@pytest.fixture(scope="module")
def session_headers(register: Register) -> dict[str, str]:
    c = client(register)
    csrf = login(c, "alice")
    return {"Cookie": f"{SESSION_COOKIE}={c.cookies[SESSION_COOKIE]}", "X-CSRF-Token": csrf}


def test_api_never_fails_with_a_server_error(register: Register, session_headers: dict[str, str]) -> None:
    from schemathesis.checks import not_a_server_error

    api = schemathesis.openapi.from_asgi("/api/openapi.json", create_app(register), headers=session_headers)
    operations = [result.ok() for result in api.get_all_operations()]
    ok: set[str] = set()
    assert len(operations) >= 7
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def fuzz(case: Any) -> None:
            for attempt in (case, _with_real_ids(case)):
                response = attempt.call(headers=session_headers)
                attempt.validate_response(response, checks=[not_a_server_error])
                if response.status_code == 200:
                    ok.add(attempt.operation.label)
                    attempt.validate_response(response, checks=[response_schema_conformance])

        fuzz()
    assert ok == {o.label for o in operations}, "some operation never answered 200: the fuzz did not reach it"


def _with_real_ids(case: Any) -> Any:
    """The same case aimed at a device and scans that exist."""

    def real(values: dict[str, Any] | None) -> dict[str, Any] | None:
        return None if values is None else {k: REAL.get(k, v) for k, v in values.items()}

    return case.operation.Case(
        path_parameters=real(case.path_parameters), query=real(case.query), body=case.body,
        media_type=case.media_type,
    )
