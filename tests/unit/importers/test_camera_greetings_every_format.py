"""A camera's FTP greeting and a recorder's Telnet prompt reach the same fields, and the same maker, from every
scan format (helper-92, 2026-12-04).

The greeting is the Axis video server's FTP banner that rapid7/recog keeps as an example
(xml/ftp_banners.xml, "Axis Video encoders/servers": ``220 AXIS 243SA Video Server 4.45 (Dec 14 2007) ready.``);
the prompt is the Hikvision login prompt recog keeps (xml/telnet_banners.xml: ``192.0.0.64 login:``), here
behind the option negotiation a Telnet server sends first. Each is written the way each scanner stores a
banner: Shodan's ``data``, Censys's service ``banner``, zgrab2's ``ftp``/``telnet`` module result, masscan's
``-oJ`` service banner (one object a line), nmap's ``banner`` script output (``\\xNN`` escapes).
"""

from __future__ import annotations

import io
import json

import pytest

from camaudit.identify import identify
from camaudit.importers import read
from camaudit.model import is_video_device

FTP = "220 AXIS 243SA Video Server 4.45 (Dec 14 2007) ready.\r\n"
TELNET = "\xff\xfd\x01\xff\xfd\x1f\xff\xfb\x01\xff\xfb\x03192.0.0.64 login: "
IP = "192.0.2.71"


def _nmap_escaped(text: str) -> str:
    return "".join(c if 32 <= ord(c) < 127 and c not in '<>&"' else f"\\x{ord(c):02X}" for c in text)


def records(port: int, name: str, banner: str) -> dict[str, bytes]:
    """The same banner on ``port`` as each format writes it."""
    shodan = {"ip_str": IP, "port": port, "transport": "tcp", "data": banner, "_shodan": {"module": name}}
    censys = {"ip": IP, "services": [{"port": port, "service_name": name.upper(), "transport_protocol": "TCP",
                                      "banner": banner}]}
    zgrab2 = {"ip": IP, "data": {name: {"status": "success", "protocol": name, "result": {"banner": banner}}}}
    masscan = [{"ip": IP, "timestamp": "1717000004",
                "ports": [{"port": port, "proto": "tcp", "service": {"name": name, "banner": banner}}]}]
    nmap = (
        '<?xml version="1.0"?><nmaprun scanner="nmap"><host><status state="up"/>'
        f'<address addr="{IP}" addrtype="ipv4"/><ports><port protocol="tcp" portid="{port}">'
        f'<state state="open"/><service name="{name}"/>'
        f'<script id="banner" output="{_nmap_escaped(banner)}"/></port></ports></host></nmaprun>'
    )
    return {
        "shodan": json.dumps(shodan).encode(),
        "censys": json.dumps(censys).encode(),
        "zgrab2": json.dumps(zgrab2).encode(),
        "masscan": ("[\n" + json.dumps(masscan[0]) + "\n]\n").encode(),  # -oJ writes one object a line
        "nmap": nmap.encode(),
    }


FORMATS = ("shodan", "censys", "zgrab2", "masscan", "nmap")


def observations(fmt: str, data: bytes) -> list:
    (record,) = list(read(fmt, io.BytesIO(data)))
    assert record.ok, record.error
    # A host-level observation (names, OS guesses) may follow; zgrab2 keeps no port unless told one.
    return [o for o in record.observations if o.protocol != "import"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_axis_ftp_greeting_is_read_into_ftp_banner_and_names_axis_from_every_format(fmt: str) -> None:
    (observation,) = observations(fmt, records(21, "ftp", FTP)[fmt])
    assert observation.fields.get("ftp.banner") == FTP.strip(), observation.fields
    identity = identify([observation])
    assert identity.manufacturer == "axis", identity.attribution
    assert identity.model == "243SA" and identity.firmware == "4.45"
    assert identity.device_type is not None and is_video_device(identity.device_type)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_hikvision_telnet_prompt_loses_its_negotiation_and_names_hikvision_from_every_format(fmt: str) -> None:
    (observation,) = observations(fmt, records(23, "telnet", TELNET)[fmt])
    assert observation.fields.get("telnet.banner") == "192.0.0.64 login:", observation.fields
    identity = identify([observation])
    assert identity.manufacturer == "hikvision", identity.attribution
