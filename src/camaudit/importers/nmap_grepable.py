"""nmap's grepable output (``-oG``) as the ``<host>`` elements of its XML.

One line per host and kind: ``Host: 192.0.2.1 (cam.example)\\tStatus: Up`` and ``Host: 192.0.2.1 (cam.example)
\\tPorts: 80/open/tcp//http//Hikvision IP camera httpd/, 554/open/tcp//rtsp///\\tIgnored State: closed (998)``.
Each port entry is ``port/state/protocol/owner/service/rpc/version/``; nmap writes every ``/`` inside a field as
``|`` (``ssl|http``, ``App-webs|``), turned back here. Pasted copies often have the tabs turned into spaces: a run
of spaces before a field name separates fields too. ``OS:`` (``-O``'s exact matches) is read as nmap's OS guess. The
grepable output carries no script output, no MAC address, no device type and no CPE (docs/importers.md says what is
lost against ``-oX``).
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, SubElement

from camaudit.importers.base import RecordError
from camaudit.importers.nmap_table import service_attributes

#: A grepable line longer than this is not nmap's (all 65,535 ports open with versions is about 4 MiB).
MAX_GREPABLE_LINE = 8 * 1024 * 1024
_FIELDS = re.compile(r"\t+|(?<! )  +(?=(?:Status|Ports|Protocols|Ignored State|OS|Seq Index|IP ID Seq): )")
_HOST = re.compile(r"Host: (\S{1,300}) \((.{0,1024})\)")
_ENTRY = re.compile(r"(\d{1,6})/([a-z|]{1,40})/([a-z]{1,8})/([^/]{0,256})/([^/]{0,256})/([^/]{0,512})/([^/]{0,4096})/")


def is_grepable(line: str) -> bool:
    """True for a line of ``-oG`` (``Host: ADDR (NAME)`` and a field)."""
    return line.startswith("Host: ") and _FIELDS.search(line) is not None


def grepable_host(line: str) -> tuple[str, Element]:
    """The host's address as written and the ``<host>`` element one ``-oG`` line describes; RecordError when the
    line is not one."""
    parts = _FIELDS.split(line)
    head = _HOST.fullmatch(parts[0])
    if head is None:
        raise RecordError(f"unreadable grepable host {parts[0][:80]!r}")
    address, name = head.groups()
    host = Element("host")
    SubElement(host, "address", addr=address, addrtype="ipv6" if ":" in address else "ipv4")
    if name:
        SubElement(SubElement(host, "hostnames"), "hostname", name=name, type="PTR")
    for field in parts[1:]:
        label, _, value = field.partition(": ")
        if label == "Status":
            SubElement(host, "status", state=value.strip().lower())
        elif label == "Ports":
            _ports(host, value)
        elif label == "OS":  # the exact matches of -O, "|" between them (nmap's output.cc)
            os_element = SubElement(host, "os")
            for name in value.split("|")[:16]:
                SubElement(os_element, "osmatch", name=name.strip(), accuracy="100")
    return address, host


def merge(into: Element, line_host: Element) -> None:
    """Add what a later line of the same host says (the ``Ports`` line after ``Status: Up``)."""
    for child in line_host:
        if child.tag in ("ports", "status", "os"):
            into.append(child)


def _ports(host: Element, value: str) -> None:
    ports = SubElement(host, "ports")
    for entry in _ENTRY.finditer(value):
        portid, state, protocol, _owner, service, _rpc, version = entry.groups()
        port = SubElement(ports, "port", protocol=protocol, portid=portid)
        SubElement(port, "state", state=state)
        SubElement(port, "service", service_attributes(service.replace("|", "/"), version.replace("|", "/")))
