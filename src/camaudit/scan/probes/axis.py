"""Axis: VAPIX ``getAllUnrestrictedProperties``, which Axis documents as callable without credentials.

A second-round probe: it runs only when the first round's evidence points at Axis.
"""

from __future__ import annotations

import json

from camaudit.macaddress import normalise_mac
from camaudit.model import Observation
from camaudit.scan.http_client import http_request
from camaudit.scan.net import ProbeContext
from camaudit.scan.probes.base import WEB, Endpoint, Probe, json_body, make_observation

_AXIS_QUERY = json.dumps({"apiVersion": "1.0", "method": "getAllUnrestrictedProperties"}).encode()


def parse_axis_properties(body: bytes) -> dict[str, str]:
    doc = json_body(body)
    data = doc.get("data") if isinstance(doc, dict) else None
    props = data.get("propertyList") if isinstance(data, dict) else None
    if not isinstance(props, dict):
        return {}
    fields: dict[str, str] = {}
    for key, name in (
        ("Brand", "axis.brand"),
        ("ProdNbr", "axis.prod_nbr"),
        ("ProdType", "axis.prod_type"),
        ("Version", "axis.version"),
        ("SerialNumber", "axis.serial"),
    ):
        value = props.get(key)
        if isinstance(value, str | int) and str(value):
            fields[name] = str(value)
    # Axis serial numbers are the device's MAC address (ACCC8E5A3B7C).
    mac = normalise_mac(fields.get("axis.serial", ""))
    if mac:
        fields["mac"] = mac
    return fields


async def probe_axis(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    resp = await http_request(
        ctx, ep.ip, ep.port, "/axis-cgi/basicdeviceinfo.cgi", method="POST", tls=ep.tls,
        body=_AXIS_QUERY, content_type="application/json",
    )
    fields = parse_axis_properties(resp.body) if resp.status == 200 else {}
    if not fields:
        return []
    return [make_observation(ep.ip, ep.port, "axis-vapix", fields, resp.body)]


PROBES = (Probe("axis-vapix", probe_axis, services=WEB, follow_up_for=frozenset({"axis"})),)
