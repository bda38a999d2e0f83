"""nmap XML (``-oX``): one ``<host>`` per record.

Parsed with defusedxml's ``iterparse`` so an entity declaration is refused instead of expanded (billion
laughs) and no external DTD is fetched; the ``<!DOCTYPE nmaprun>`` line every real nmap file starts with
carries no declarations and is accepted. Each finished ``<host>`` is turned into a record and cleared,
so memory stays flat however many hosts the file has. A malformed or truncated file keeps every host
before the fault and ends with one error record saying where and why.

Read per host: addresses (``ipv4``/``ipv6``, ``mac`` with ``@vendor``), and per open port
``service@product/@version/@devicetype/@extrainfo/@ostype`` and the scripts ``http-title``,
``http-server-header``, ``http-favicon``, ``rtsp-methods``, ``ssl-cert``, ``banner``, ``snmp-sysdescr``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from camaudit.importers.base import (
    MAX_FIELD_CHARS,
    ImportRecord,
    RecordError,
    Source,
    as_transport,
    failed,
    iso_utc,
    open_binary,
    put,
    stream_error,
    valid_ip,
    valid_port,
)
from camaudit.importers.budget import markup_guarded
from camaudit.importers.sniff import sniff
from camaudit.importers.text import dn_from_mapping
from camaudit.macaddress import normalise_mac
from camaudit.model import Observation

_MD5 = re.compile(r"\b([0-9A-Fa-f]{32})\b")
#: The attribute name that ends a segment of the old ssl-cert text output, read backwards.
_NAME_REVERSED = re.compile(r"[A-Za-z0-9.]+")
_TLS_NAMES = ("https", "ssl", "tls")


def read(source: Source) -> Iterator[ImportRecord]:
    """Yield one record per ``<host>`` of an nmap XML file, in file order."""
    opened, owned = open_binary(source)
    # No attribute or text node may make the parser hold more than the markup budget (budget.py).
    stream = markup_guarded(opened, owns=owned)
    position = 0
    try:
        root: Element | None = None
        for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=False):
            if event == "start":
                if root is None:
                    root = element
                continue
            if element.tag != "host":
                continue
            position += 1
            yield _host(element, position)
            # Drop the finished host from the tree so a huge scan is never held whole.
            element.clear()
            if root is not None:
                root.clear()
    except DefusedXmlException as exc:
        yield failed(position + 1, f"refused unsafe XML ({type(exc).__name__}): entities are not expanded")
    except ParseError as exc:
        yield failed(position + 1, f"malformed or truncated XML: {exc}")
    except LookupError as exc:  # the XML declaration names an encoding Python does not know
        yield failed(position + 1, f"malformed XML: {exc}")
    except (EOFError, OSError, ValueError) as exc:
        yield failed(position + 1, stream_error(exc) or f"cannot read input: {exc}")
    finally:
        if owned:
            stream.close()


def _host(host: Element, position: int) -> ImportRecord:
    ip: str | None = None
    mac: str | None = None
    vendor: str | None = None
    for address in host.iter("address"):
        kind = address.get("addrtype")
        if kind in ("ipv4", "ipv6") and ip is None:
            ip = address.get("addr")
        elif kind == "mac":
            mac = normalise_mac(address.get("addr"))
            vendor = address.get("vendor")
    if not ip:
        return failed(position, "host without an IPv4/IPv6 address")
    try:
        ip = valid_ip(ip)
        if any(valid_port(port.get("portid")) is None for port in host.iter("port")):
            raise RecordError("port without a portid")
    except RecordError as exc:
        return failed(position, str(exc))
    seen_at = iso_utc(host.get("endtime") or host.get("starttime"))
    observations: list[Observation] = []
    if mac:
        fields = {"mac": mac}
        put(fields, "import.vendor", vendor)
        observations.append(Observation(ip, None, None, "mac", "import", seen_at, fields))
    for port in host.iter("port"):
        state = port.find("state")
        if state is not None and state.get("state") not in ("open", "open|filtered"):
            continue
        observation = _port(ip, port, seen_at)
        if observation is not None:
            observations.append(observation)
    ports = {o.port for o in observations if o.port is not None}
    return ImportRecord(position, ip, ports.pop() if len(ports) == 1 else None, tuple(observations))


def _port(ip: str, port: Element, seen_at: str) -> Observation | None:
    number = valid_port(port.get("portid"))
    transport = as_transport(port.get("protocol"))
    fields: dict[str, str] = {}
    service = port.find("service")
    name = ""
    if service is not None:
        name = service.get("name") or ""
        put(fields, "import.product", service.get("product"))
        put(fields, "import.version", service.get("version"))
        put(fields, "import.devicetype", service.get("devicetype"))
        put(fields, "import.os", service.get("ostype"))
        put(fields, "import.extrainfo", service.get("extrainfo"))
        if service.get("tunnel") == "ssl" and name == "http":
            name = "https"
    for script in port.iter("script"):
        _script(script, fields)
    if not fields:
        return None
    protocol = name or ("rtsp" if "rtsp.public" in fields else "banner")
    if protocol in _TLS_NAMES and "http.title" in fields:
        protocol = "https"
    return Observation(ip, number, transport, protocol, "import", seen_at, fields)


def _elems(script: Element) -> dict[str, str]:
    return {e.get("key") or "": e.text or "" for e in script.findall("elem")}


def _script(script: Element, fields: dict[str, str]) -> None:
    sid = script.get("id")
    # Cut before any regex or split runs: work per script stays bounded whatever the file holds.
    output = (script.get("output") or "")[:MAX_FIELD_CHARS]
    if sid == "http-title":
        title = _elems(script).get("title") or output
        if not output.startswith("Site doesn't have a title"):
            put(fields, "http.title", title.strip())
    elif sid == "http-server-header":
        values = [e.text for e in script.findall("elem") if e.text] or [output]
        put(fields, "http.server", [v.strip() for v in values])
    elif sid == "http-favicon":
        match = _MD5.search(output)
        if match:
            put(fields, "http.favicon.md5", match.group(1).lower())
    elif sid == "rtsp-methods":
        put(fields, "rtsp.public", output.strip())
    elif sid == "ssl-cert":
        _ssl_cert(script, output, fields)
    elif sid == "banner":
        if sniff(output, fields) is None:
            put(fields, "banner", output.strip())
    elif sid == "snmp-sysdescr":
        put(fields, "snmp.sysdescr", output.strip().split("\n", 1)[0].strip())


def _ssl_cert(script: Element, output: str, fields: dict[str, str]) -> None:
    for key, target in (("subject", "tls.subject"), ("issuer", "tls.issuer")):
        table = script.find(f"table[@key='{key}']")
        names: dict[str, Any] = {}
        if table is not None:
            names = {e.get("key") or "": e.text or "" for e in table.findall("elem")}
        else:
            label = "Subject: " if key == "subject" else "Issuer: "
            line = next((ln for ln in output.splitlines() if ln.strip().startswith(label)), "")
            names = _name_pairs(line.strip()[len(label) :])
        put(fields, target, dn_from_mapping(names))
    sha256 = next((e.text for e in script.findall("elem") if e.get("key") == "sha256"), None)
    put(fields, "tls.sha256", (sha256 or "").lower() or None)


def _name_pairs(text: str) -> dict[str, str]:
    """``commonName=x/organizationName=y`` (old ssl-cert text output) as a mapping.

    Split, not one ``findall``: a regex pair search restarts at every character of a long line with no
    ``=`` and takes quadratic time (seconds on 20 KB), which a hostile file could exploit.
    """
    names: dict[str, str] = {}
    for segment in text.split("/"):
        left, sep, value = segment.partition("=")
        key = _NAME_REVERSED.match(left[::-1]) if sep else None
        if key is not None:
            names[key.group(0)[::-1]] = value
    return names
