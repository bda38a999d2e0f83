"""A live scan reads a device service's SOAP namespace table as an import of the same reply does.

The probe hands the first envelope of the device service to the reader imports use (``protocols/soap_envelope.py``),
so ``soap.declarations`` is filled on the live path too and ``layers/onvif_answers.yaml`` reads it: the CLI against a
loopback lab device whose envelopes carry gSOAP's ONVIF table must name that evidence in its result JSON, and a device
with the lab's plain four-prefix table must not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

from camaudit.lab import LabRunner

BASE = "127.79.11.1"
PORT = 18898
GSOAP_ENTRY = "soap.gsoap-onvif-discovery-security"

# gSOAP's generated namespaces[] table of an ONVIF device server, every entry in the generator's order, as gSOAP
# declares it on each answer's Envelope. Source: github:WebRTSP/ONVIF/onvif.nsmap@408f5720fec5 (a public
# repository; the layer entry cites the same file). The pairing with this fixture's camera is invented.
GSOAP_ONVIF_TABLE = [
    "SOAP-ENV=http://www.w3.org/2003/05/soap-envelope",
    "SOAP-ENC=http://www.w3.org/2003/05/soap-encoding",
    "xsi=http://www.w3.org/2001/XMLSchema-instance",
    "xsd=http://www.w3.org/2001/XMLSchema",
    "chan=http://schemas.microsoft.com/ws/2005/02/duplex",
    "xmime=http://tempuri.org/xmime.xsd",
    "xop=http://www.w3.org/2004/08/xop/include",
    "tt=http://www.onvif.org/ver10/schema",
    "wsrfbf=http://docs.oasis-open.org/wsrf/bf-2",
    "wstop=http://docs.oasis-open.org/wsn/t-1",
    "wsrfr=http://docs.oasis-open.org/wsrf/r-2",
    "tds=http://www.onvif.org/ver10/device/wsdl",
    "tev=http://www.onvif.org/ver10/events/wsdl",
    "wsnt=http://docs.oasis-open.org/wsn/b-2",
    "trt=http://www.onvif.org/ver10/media/wsdl",
    "c14n=http://www.w3.org/2001/10/xml-exc-c14n#",
    "ds=http://www.w3.org/2000/09/xmldsig#",
    "saml1=urn:oasis:names:tc:SAML:1.0:assertion",
    "saml2=urn:oasis:names:tc:SAML:2.0:assertion",
    "wsu=http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd",
    "xenc=http://www.w3.org/2001/04/xmlenc#",
    "wsc=http://docs.oasis-open.org/ws-sx/ws-secureconversation/200512",
    "wsse=http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd",
    "wsa5=http://www.w3.org/2005/08/addressing",
    "wsdd=http://schemas.xmlsoap.org/ws/2005/04/discovery",
]


def _write(tmp: Path, name: str, mac: str, onvif: dict[str, object]) -> None:
    """A camera whose only service is one web port carrying an ONVIF device service (invented identity values)."""
    web = {"routes": [], "not_found": {"status": 404, "body": "no\n"}}
    service = {"name": "http", "protocol": "http", "port": PORT, "http": web}
    profile = {
        "name": name, "description": f"{name} (test fixture)", "mac": mac, "expect": {"device_type": "camera"},
        "services": [service], "onvif": {"discovery": False, "access": "auth", **onvif},
    }  # fmt: skip
    (tmp / f"{name}.yaml").write_text(yaml.safe_dump(profile, sort_keys=False))


def _scan(lab: LabRunner, tmp: Path) -> dict[str, Any]:
    out = tmp / "result.json"
    args = [sys.executable, "-m", "camaudit", "scan", *(d.ip for d in lab.devices), "--ports", str(PORT),
            "--timeout", "10", "--json", str(out)]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAMAUDIT_")}
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
    assert out.exists(), proc.stderr[-2000:]
    result: dict[str, Any] = json.loads(out.read_text())
    return result


def _device(result: dict[str, Any], ip: str) -> dict[str, Any]:
    return next(d for d in result["devices"] if d["addresses"][0]["ip"] == ip)


def test_a_live_scan_reads_the_gsoap_onvif_table_as_an_import_does(tmp_path: Path) -> None:
    # Both refuse GetDeviceInformation and GetScopes: nothing but the envelope's table tells the stack apart.
    _write(tmp_path, "gsoap-table", "02:00:5e:10:0b:01", {"manufacturer": "unused", "namespaces": GSOAP_ONVIF_TABLE})
    _write(tmp_path, "plain-table", "02:00:5e:10:0b:02", {"manufacturer": "unused"})
    with LabRunner(base=BASE, profile_dir=tmp_path) as lab:
        gsoap_ip, plain_ip = lab.device("gsoap-table").ip, lab.device("plain-table").ip
        result = _scan(lab, tmp_path)
    gsoap = _device(result, gsoap_ip)["identity"]
    soap = [e for e in gsoap["evidence"] if e["field"] == "soap.declarations"]
    assert [(e["rule_id"], e["protocol"], e["port"]) for e in soap] == [(GSOAP_ENTRY, "onvif", PORT)]
    assert soap[0]["matched"].endswith("\nwsdd=http://schemas.xmlsoap.org/ws/2005/04/discovery")
    assert gsoap["device_type"] == "video_device"
    assert gsoap["manufacturer"] is None  # a stack's table types a video device; it names no maker
    plain = _device(result, plain_ip)["identity"]
    assert not [e for e in plain["evidence"] if e["field"] == "soap.declarations"]
