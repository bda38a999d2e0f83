"""UPnP descriptions are fetched from the SSDP sender itself, never from another address."""

from __future__ import annotations

import asyncio

from camaudit.model import Observation
from camaudit.scan.discovery.upnp import fetch_descriptions, parse_description

DESCRIPTION = (
    b'<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major></specVersion>'
    b"<device><deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType><friendlyName>Front door</friendlyName>"
    b"<manufacturer>Axis Communications AB</manufacturer><modelName>AXIS P3245-LVE</modelName>"
    b"<modelNumber>P3245-LVE</modelNumber><serialNumber>ACCC8E5A3B7C</serialNumber></device></root>"
)


def _ssdp(ip: str, location: str) -> Observation:
    return Observation(ip, 1900, "udp", "ssdp", "discover", "2026-11-23T00:00:00Z", {"upnp.location": location})


def test_description_fetched_only_from_the_sender() -> None:
    hits: list[str] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        request = await reader.readuntil(b"\r\n\r\n")
        hits.append(request.split(b" ")[1].decode())
        writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: %d\r\nConnection: close\r\n\r\n"
                     % len(DESCRIPTION) + DESCRIPTION)
        await writer.drain()
        writer.close()

    async def run() -> list[Observation]:
        server = await asyncio.start_server(handle, "127.86.0.1", 49152)
        try:
            return await fetch_descriptions([
                _ssdp("127.86.0.1", "http://127.86.0.1:49152/rootDesc.xml"),
                _ssdp("127.86.0.2", "http://127.86.0.1:49152/elsewhere.xml"),  # points at another host: ignored
                _ssdp("127.86.0.1", "https://127.86.0.1:49152/tls.xml"),  # not plain http: ignored
            ])
        finally:
            server.close()
            await server.wait_closed()

    [obs] = asyncio.run(run())
    assert hits == ["/rootDesc.xml"]
    assert obs.fields["upnp.manufacturer"] == "Axis Communications AB"
    assert obs.fields["upnp.model_name"] == "AXIS P3245-LVE"
    assert obs.fields["upnp.serial"] == "ACCC8E5A3B7C"


def test_description_entities_are_refused() -> None:
    bomb = b'<!DOCTYPE r [<!ENTITY a "aaaa">]><root><device><manufacturer>&a;</manufacturer></device></root>'
    assert parse_description(bomb) == {}
