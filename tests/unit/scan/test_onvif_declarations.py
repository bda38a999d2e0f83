"""The live ONVIF probe keeps a device service's SOAP namespace table (``soap.declarations``) through the importers'
reader: the same lines an import of the same reply gives, from a capped prefix, never raising on hostile bytes."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from camaudit.lab.discovery_spec import OnvifSpec
from camaudit.lab.onvif import onvif_routes
from camaudit.model import Observation
from camaudit.protocols import soap_envelope
from camaudit.scan.auth.credentials import Credential
from camaudit.scan.probes import onvif
from camaudit.scan.probes.base import Endpoint
from camaudit.scan.probes.wsd import parse_match
from camaudit.targets import build_scope

# The envelope head of an Axis camera's GetSystemDateAndTime answer (hammeraj/onvif's fixture, cut after the first
# namespaces, as in test_onvif_preauth.py).
AXIS_TIME_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-'
    b'envelope" xmlns:SOAP-ENC="http://www.w3.org/2003/05/soap-encoding" xmlns:xmime="http://tempuri.org/xmime.xsd"'
    b' xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:acert="http://www.axis.com/vapix/ws/cert" '
    b'xmlns:wsrfr="http://docs.oasis-open.org/wsrf/r-2" xmlns:tnsaxis="http://www.axis.com/2009/event/topics">'
)
AXIS_TABLE = (
    "SOAP-ENV=http://www.w3.org/2003/05/soap-envelope\nSOAP-ENC=http://www.w3.org/2003/05/soap-encoding\n"
    "xmime=http://tempuri.org/xmime.xsd\ntt=http://www.onvif.org/ver10/schema\nacert=http://www.axis.com/vapix/ws/cert\n"
    "wsrfr=http://docs.oasis-open.org/wsrf/r-2\ntnsaxis=http://www.axis.com/2009/event/topics"
)


def test_the_table_of_a_live_answer_is_kept_in_the_order_written() -> None:
    fields: dict[str, str] = {}
    assert soap_envelope.read_bytes(AXIS_TIME_HEAD, fields)
    assert fields == {"soap.declarations": AXIS_TABLE}


def test_the_first_envelope_wins_and_a_non_envelope_gives_nothing() -> None:
    fields = {"soap.declarations": "s=http://www.w3.org/2003/05/soap-envelope"}
    assert soap_envelope.read_bytes(AXIS_TIME_HEAD, fields)
    assert fields["soap.declarations"] == "s=http://www.w3.org/2003/05/soap-envelope"
    # A WSDL or a page quoting an envelope: the tag's own prefix is not bound to a SOAP envelope namespace on it.
    for body in (b"<html><body>Envelope</body></html>", b'<wsdl:Envelope xmlns:wsdl="http://example.com/x">', b""):
        empty: dict[str, str] = {}
        assert not soap_envelope.read_bytes(body, empty) and empty == {}


def test_a_start_tag_past_the_first_two_kilobytes_is_not_read() -> None:
    fields: dict[str, str] = {}
    assert not soap_envelope.read_bytes(b" " * 4096 + AXIS_TIME_HEAD, fields) and fields == {}


def test_bytes_that_are_not_utf8_are_read_around() -> None:
    fields: dict[str, str] = {}
    assert soap_envelope.read_bytes(AXIS_TIME_HEAD.replace(b"xmime.xsd", b"xm\xffime.xsd"), fields)
    assert fields["soap.declarations"].splitlines()[0] == "SOAP-ENV=http://www.w3.org/2003/05/soap-envelope"
    assert "xmime=" in fields["soap.declarations"] and "tnsaxis=" in fields["soap.declarations"]


def test_the_lab_table_comes_back_whole_from_its_reply() -> None:
    table = [
        "SOAP-ENV=http://www.w3.org/2003/05/soap-envelope", "SOAP-ENC=http://www.w3.org/2003/05/soap-encoding",
        "tt=http://www.onvif.org/ver10/schema", "tds=http://www.onvif.org/ver10/device/wsdl",
        "wsdd=http://schemas.xmlsoap.org/ws/2005/04/discovery",
    ]  # fmt: skip
    route = onvif_routes(OnvifSpec(manufacturer="x", namespaces=table))[0]
    fields: dict[str, str] = {}
    assert soap_envelope.read_bytes(route.body.encode(), fields)
    assert fields["soap.declarations"] == "\n".join(table)


@pytest.mark.parametrize(
    "table",
    [
        ["tt=http://www.onvif.org/ver10/schema"],  # no envelope, no device service
        ["SOAP-ENV=http://schemas.xmlsoap.org/soap/envelope/", "tt=http://www.onvif.org/ver10/schema",
         "tds=http://www.onvif.org/ver10/device/wsdl"],  # SOAP 1.1: the replies are SOAP 1.2
        ["SOAP-ENV=http://www.w3.org/2003/05/soap-envelope", "tt=http://www.onvif.org/ver10/schema",
         "tds=http://www.onvif.org/ver10/device/wsdl", 'x=http://a"><b'],  # markup in a URI
    ],
)  # fmt: skip
def test_the_lab_refuses_a_table_its_replies_cannot_use(table: list[str]) -> None:
    with pytest.raises(ValidationError):
        OnvifSpec(manufacturer="x", namespaces=table)


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=4096))
def test_random_bytes_never_raise_and_stay_bounded(body: bytes) -> None:
    fields: dict[str, str] = {}
    if soap_envelope.read_bytes(body, fields):
        lines = fields["soap.declarations"].split("\n")
        assert len(lines) <= soap_envelope.MAX_DECLARATIONS
        assert all(len(line.split("=", 1)[1]) <= soap_envelope.MAX_URI_CHARS for line in lines)
    else:
        assert fields == {}


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.from_regex(r"[A-Za-z_][\w.-]{0,12}", fullmatch=True), st.text(max_size=300)), max_size=120),
    st.binary(max_size=512),
)
def test_an_envelope_with_hostile_declarations_is_read_as_the_importer_reads_it(
    declarations: list[tuple[str, str]], tail: bytes
) -> None:
    body = (
        '<?xml version="1.0"?><e:Envelope xmlns:e="http://www.w3.org/2003/05/soap-envelope" '
        + " ".join(f'xmlns:{p}="{u}"' for p, u in declarations)
    ).encode("utf-8", errors="replace") + tail
    live: dict[str, str] = {}
    imported: dict[str, str] = {}
    assert soap_envelope.read_bytes(body, live)
    assert soap_envelope.read(body[:soap_envelope.MAX_BYTES].decode("utf-8", errors="replace"), imported)
    assert live == imported
    assert live["soap.declarations"].split("\n")[0] == "e=http://www.w3.org/2003/05/soap-envelope"
    assert len(live["soap.declarations"].split("\n")) <= soap_envelope.MAX_DECLARATIONS


# An authenticated GetDeviceInformation answer under the Axis envelope head above; the device information is invented.
AXIS_DEVICE_INFORMATION = AXIS_TIME_HEAD + (
    b'<SOAP-ENV:Body><tds:GetDeviceInformationResponse xmlns:tds="http://www.onvif.org/ver10/device/wsdl">'
    b"<tds:Manufacturer>AXIS</tds:Manufacturer><tds:Model>M3045-V</tds:Model><tds:FirmwareVersion>9.80.1"
    b"</tds:FirmwareVersion><tds:SerialNumber>ACCC8E000001</tds:SerialNumber><tds:HardwareId>1234</tds:HardwareId>"
    b"</tds:GetDeviceInformationResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"
)


class _Turn:
    go = True

    def settle(self, outcome: str) -> None:
        self.outcome = outcome


class _Logins:
    """One login allowed, as the engine's login ledger grants the first run against a device."""

    def first_run(self, ip: str, check: str, username: str) -> bool:
        return True

    @contextlib.asynccontextmanager
    async def turn(self, ip: str, username: str, password: str) -> AsyncIterator[_Turn]:
        yield _Turn()


def _auth_observations(monkeypatch: pytest.MonkeyPatch, status: int, body: bytes) -> list[Observation]:
    async def answer(*_args: object, **_kwargs: object) -> SimpleNamespace:
        return SimpleNamespace(status=status, body=body)

    monkeypatch.setattr(onvif, "http_request", answer)
    cred = Credential("operator", "invented-secret", build_scope(["192.0.2.20"]).targets)
    ctx = SimpleNamespace(credentials=SimpleNamespace(for_target=lambda ip, check: [cred]), logins=_Logins())
    return asyncio.run(onvif.probe_onvif_auth(ctx, Endpoint("192.0.2.20", 80, "http")))  # type: ignore[arg-type]


def test_the_authenticated_answer_keeps_its_stack_table(monkeypatch: pytest.MonkeyPatch) -> None:
    [obs] = _auth_observations(monkeypatch, 200, AXIS_DEVICE_INFORMATION)
    assert obs.fields["onvif.device_info.access"] == "authenticated"
    assert obs.fields["soap.declarations"] == AXIS_TABLE


def test_an_authenticated_answer_without_an_envelope_table_adds_none(monkeypatch: pytest.MonkeyPatch) -> None:
    # The same answer under a prefix bound to no SOAP namespace: the device information is read, no table is made up.
    body = AXIS_DEVICE_INFORMATION.replace(b'"http://www.w3.org/2003/05/soap-envelope"', b'"urn:not-soap"', 1)
    observations = _auth_observations(monkeypatch, 200, body)
    assert all("soap.declarations" not in o.fields for o in observations)


def test_the_unicast_discovery_probe_keeps_the_answers_table(shared_data: Path) -> None:
    # The probe's own reader, on the gSOAP discovery answer kept in the shared data (a real camera's ProbeMatch).
    data = (shared_data / "wsdiscovery" / "probe_response.xml").read_bytes()
    fields = parse_match(data)
    assert fields is not None and fields["wsd.message"] == "ProbeMatch"
    assert fields["soap.declarations"].startswith(
        "SOAP-ENV=http://www.w3.org/2003/05/soap-envelope\nSOAP-ENC=http://www.w3.org/2003/05/soap-encoding\n"
    )
    assert fields["soap.declarations"].endswith("\ntdn=http://www.onvif.org/ver10/network/wsdl")
