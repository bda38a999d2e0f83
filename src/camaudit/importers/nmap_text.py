"""nmap's normal output (``-oN``, and what nmap prints on a terminal) as the ``<host>`` elements of its XML.

People keep a scan as the text nmap printed far more often than as ``-oX``: in tickets, reports, forum posts. This
module turns each ``Nmap scan report for ...`` block back into the ``<host>`` element ``-oX`` holds for the same
host -- addresses, host names, the port table, each script's output (``| id: ...`` to ``|_...``), the service
fingerprints nmap prints after the table (``SF-Port80-TCP:...``) -- and ``importers/nmap.py`` reads that element,
so a script's output lands in the same fields whichever output it came from. What the text does not hold (the
structured tables of ``-oX``, the split of the VERSION column, a host's times) is listed in ``docs/importers.md``.

The text is untrusted: every line, script and block is bounded, and a block that cannot be read is one error record
whose reason names the line; the hosts before and after it are kept.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element, SubElement

from camaudit.importers.base import MAX_RECORD_BYTES, ImportRecord, failed, put
from camaudit.importers.nmap import MAX_PROBE_ANSWERS, MAX_SERVICEFP_CHARS, host_record
from camaudit.importers.nmap_table import PortRow, PortTable, service_attributes

#: Characters of one script's output kept (``importers/nmap.py`` reads at most 8 KiB of it; probe answers more).
MAX_SCRIPT_CHARS = 64 * 1024
#: Scripts kept per port or host, and ports per host (every TCP, UDP and SCTP port open is 196,605).
MAX_SCRIPTS = 64
MAX_PORTS = 3 * 65536

_REPORT = re.compile(r"Nmap scan report for (.{1,1024}?)(?: \(([0-9A-Fa-f:.]{2,45})\))?(?: \[host down[^\]]{0,200}\])?")
#: A script's first line: ``| id: ...`` (``|_id: ...`` when it is also the last); nmap before 5.20 wrote ``|  id: ...``
#: and ``|_ id: ...`` (its ``formatScriptOutput``: three-character prefixes).
_SCRIPT_START = re.compile(r"\|[ _] {0,2}([A-Za-z0-9][A-Za-z0-9_.-]{0,100}):(?: (.*))?", re.S)
#: nmap before 5.20 opened a host with ``Interesting ports on NAME (ADDR):`` instead of ``Nmap scan report for``.
OLD_HEADER = "Interesting ports on "
_MAC = re.compile(r"MAC Address: ([0-9A-Fa-f:]{17})(?: \((.{0,200})\))?")
_RDNS = re.compile(r"rDNS record for [0-9A-Fa-f:.]{2,45}: (\S{1,255})")
#: One of ``Aggressive OS guesses: Linux 2.6.32 (96%), Linux 3.2 (95%)``.
_GUESS = re.compile(r"([^,()]{1,200}?) \((\d{1,3})%\)")
_SF_START = re.compile(r"SF-Port(\d{1,5})-(TCP|UDP|SCTP):")
#: ``Service Info:`` labels (one value, or several joined with ", " under the plural) -> fields.
_SERVICE_INFO = {"host": "import.hostnames", "os": "import.os", "device": "import.devicetype", "cpe": "import.cpe"}
_PLURALS = {"hosts": "host", "oss": "os", "devices": "device"}


class HostBlock:
    """The lines of one ``Nmap scan report for`` block, gathered into a ``<host>`` element as they come."""

    def __init__(self, number: int, header: str) -> None:
        self.position = number
        #: nmap before 5.20: three-character script prefixes (``|  ``, ``|_ ``).
        self.old = header.startswith(OLD_HEADER)
        if self.old:
            header = "Nmap scan report for " + header[len(OLD_HEADER):].removesuffix(":")
        self.host = Element("host")
        self.error: str | None = None
        self.size = 0
        self.extra: dict[str, str] = {}
        self.table: PortTable | None = None
        self._ports = SubElement(self.host, "ports")
        self._port_count = 0
        self._owner: Element | None = None
        self._script: tuple[Element, list[str], int] | None = None
        self._fingerprint: tuple[Element, list[str], int] | None = None
        self._services: dict[tuple[str, str], Element] = {}
        match = _REPORT.fullmatch(header)
        if match is None:
            self.error = f"line {number}: unreadable host line {header[:80]!r}"
            return
        name, address = match.groups()
        SubElement(self.host, "address", addr=address or name, addrtype="ipv6" if ":" in (address or name) else "ipv4")
        if address:
            SubElement(SubElement(self.host, "hostnames"), "hostname", name=name, type="user")

    def add(self, number: int, line: str) -> None:
        """Read the block's next line (its number in the file, for error reasons)."""
        self.size += len(line) + 1
        if self.error is not None:
            return
        if self.size > MAX_RECORD_BYTES:
            self.fault(number, f"host block longer than {MAX_RECORD_BYTES} bytes; skipped unread")
        elif line.startswith("|") and self._owner is not None:
            self._script_line(line)
        elif self._fingerprint is not None and line.startswith("SF:"):
            self._fingerprint_line(line[3:])
        elif self.table is not None and (row := self.table.row(line)) is not None:
            self._port(number, row)
        else:
            self._other(line)

    def fault(self, number: int, reason: str) -> None:
        """Mark the block unreadable because of line ``number``; its later lines are skipped."""
        if self.error is None:
            self.error = f"line {number}: {reason}"
            self.host.clear()

    def record(self) -> ImportRecord:
        """The block as a record (an error record when it could not be read)."""
        if self.error is not None:
            return failed(self.position, self.error)
        self._end_script()
        return host_record(self.host, self.position, self.extra)

    # --- the kinds of line --------------------------------------------------------------------------------------

    def _port(self, number: int, row: PortRow) -> None:
        self._end_script()
        portid, protocol, state, service, version = row
        self._port_count += 1
        if self._port_count > MAX_PORTS:
            self.fault(number, f"more than {MAX_PORTS} ports")
            return
        port = SubElement(self._ports, "port", protocol=protocol, portid=portid)
        SubElement(port, "state", state=state)
        self._services[(portid, protocol)] = SubElement(port, "service", service_attributes(service, version))
        self._owner = port

    def _other(self, line: str) -> None:
        self._end_script()
        self._fingerprint = None
        if line.startswith("PORT ") and (table := PortTable.from_header(line)) is not None:
            self.table = table
        elif line.startswith("Host script results:"):
            self._owner = SubElement(self.host, "hostscript")
        elif (sf := _SF_START.match(line)) is not None:
            service = self._services.get((sf.group(1), sf.group(2).lower()))
            if service is not None:
                self._fingerprint = (service, [line], len(line))
        elif line.startswith("Service Info: "):
            _service_info(line[len("Service Info: "):], self.extra)
        elif (mac := _MAC.fullmatch(line)) is not None:
            vendor = mac.group(2) if mac.group(2) and mac.group(2) != "Unknown" else None
            SubElement(self.host, "address", {"addr": mac.group(1), "addrtype": "mac"} | ({"vendor": vendor} if vendor
                                                                                            else {}))
        elif (rdns := _RDNS.fullmatch(line)) is not None:
            names = self.host.find("hostnames")
            SubElement(names if names is not None else SubElement(self.host, "hostnames"), "hostname",
                       name=rdns.group(1), type="PTR")
        elif line.startswith(("Device type: ", "OS details: ", "Aggressive OS guesses: ", "OS CPE: ")):
            self._os_line(line)

    def _script_line(self, line: str) -> None:
        if self._script is None:
            start = _SCRIPT_START.fullmatch(line)
            owner = self._owner
            if start is None or owner is None or len(owner.findall("script")) >= MAX_SCRIPTS:
                return
            self._script = (SubElement(owner, "script", id=start.group(1)), [start.group(2) or ""], 0)
        else:
            element, lines, size = self._script
            if size < MAX_SCRIPT_CHARS:
                lines.append(line[3:] if self.old else line[2:])
                self._script = (element, lines, size + len(line))
        if line.startswith("|_"):
            self._end_script()

    def _end_script(self) -> None:
        if self._script is None:
            return
        element, lines, _size = self._script
        self._script = None
        output = "\n".join(lines)[:MAX_SCRIPT_CHARS]
        element.set("output", output)
        _script_elements(element, output)

    def _fingerprint_line(self, text: str) -> None:
        if self._fingerprint is None:
            return
        service, parts, size = self._fingerprint
        if size < MAX_SERVICEFP_CHARS:
            parts.append(text)
            self._fingerprint = (service, parts, size + len(text))
        service.set("servicefp", "".join(parts)[:MAX_SERVICEFP_CHARS])

    def _os_line(self, line: str) -> None:
        """OS detection as nmap prints it: the device type(s), exact matches (``OS details``) or guesses with their
        accuracy, and the CPEs. The vendor of each class is not printed apart from its name, so it is not read."""
        label, _, value = line.partition(": ")
        os_element = self.host.find("os")
        if os_element is None:
            os_element = SubElement(self.host, "os")
        if label == "Device type":
            for kind in value.split("|")[:16]:
                SubElement(os_element, "osclass", type=kind.strip(), accuracy="100")
        elif label == "OS CPE":
            for cpe in value.split()[:16]:
                SubElement(os_element, "cpe").text = cpe
        elif label == "OS details":
            SubElement(os_element, "osmatch", name=value.strip(), accuracy="100")
        else:  # "Aggressive OS guesses: A (96%), B (95%)": only guesses, read as such by nmap_os
            for guess in _GUESS.finditer(value[:8192]):
                SubElement(os_element, "osmatch", name=guess.group(1).strip(), accuracy=guess.group(2))
        _attach_os_classes(os_element)


def _attach_os_classes(os_element: Element) -> None:
    """Put the device types and CPEs under the exact match, where ``-oX`` has them (one ``osclass`` per type)."""
    matches = [m for m in os_element.findall("osmatch") if m.get("accuracy") == "100"]
    loose = os_element.findall("osclass")
    cpes = os_element.findall("cpe")
    if len(matches) != 1 or not (loose or cpes):
        return
    classes = loose or [SubElement(matches[0], "osclass", accuracy="100")]
    for osclass in loose:
        os_element.remove(osclass)
        matches[0].append(osclass)
    for cpe in cpes:
        os_element.remove(cpe)
        classes[0].append(cpe)


def _service_info(text: str, extra: dict[str, str]) -> None:
    """``Host: cam; OS: Linux; Device: webcam; CPE: cpe:/h:hikvision:..., cpe:/o:linux:linux_kernel``: what
    ``-oX`` writes as each service's ``hostname``, ``ostype``, ``devicetype`` and ``cpe``."""
    for part in text[:8192].split("; ")[:16]:
        label, sep, value = part.partition(": ")
        key = label.strip().lower()
        target = _SERVICE_INFO.get(_PLURALS.get(key, key)) if sep else None
        if target:
            put(extra, target, [v.strip() for v in value.split(", ")[:16] if v.strip()])


def _script_elements(script: Element, output: str) -> None:
    """The elements ``-oX`` writes for the scripts whose reader uses them and whose text form says the same."""
    sid = script.get("id")
    lines = output.split("\n")
    if sid == "http-title" and len(lines) > 1:  # "Title\nRequested resource was /index.html"
        SubElement(script, "elem", key="title").text = lines[0]
    elif sid == "http-server-header":
        for value in [ln.strip() for ln in lines if ln.strip()][:16]:
            SubElement(script, "elem").text = value
    elif sid == "fingerprint-strings":
        _probe_answer_elements(script, lines)
    elif sid == "ssl-cert":
        _certificate_elements(script, lines)


def _probe_answer_elements(script: Element, lines: list[str]) -> None:
    """``fingerprint-strings``: ``  Probe, Probe: `` lines, each followed by its answer indented by four spaces."""
    answers: list[tuple[Element, list[str]]] = []
    for line in lines:
        if line.startswith("  ") and not line.startswith("    ") and line.rstrip().endswith(":"):
            if len(answers) >= MAX_PROBE_ANSWERS:
                break
            answers.append((SubElement(script, "elem", key=line.strip()[:-1]), []))
        elif answers:
            answers[-1][1].append(line)
    for elem, answer in answers:
        elem.text = "\n".join(answer)


def _certificate_elements(script: Element, lines: list[str]) -> None:
    """``ssl-cert``'s SHA-256 line (newer nmap) and the PEM it prints at ``-vv``."""
    for line in lines:
        label, sep, value = line.partition(":")
        if sep and label.strip() == "SHA-256":
            SubElement(script, "elem", key="sha256").text = value.strip().replace(" ", "")
    if "-----BEGIN CERTIFICATE-----" in lines:
        start = lines.index("-----BEGIN CERTIFICATE-----")
        end = next((i for i in range(start, len(lines)) if lines[i] == "-----END CERTIFICATE-----"), None)
        if end is not None:
            SubElement(script, "elem", key="pem").text = "\n".join(lines[start:end + 1])
