"""The port table of nmap's normal output and the VERSION text both its normal and grepable outputs print.

``-oX`` keeps a service's product, version and extra information apart; the text outputs print them joined as
``product version (extrainfo)`` (nmap's ``populateFullVersionString``), so they are split here: the extra
information is the last balanced ``(...)``, and the version starts at the first later word that looks like one
(a digit, then a dot: ``1.0.0``, ``8.2p1``, ``2.4.41``). A product name with such a word inside, or a version
without a dot, splits differently from ``-oX``; all three parts stay in the observation either way.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from camaudit.importers.base import MAX_FIELD_CHARS

_PORT = re.compile(r"(\d{1,5})/(tcp|udp|sctp)")
_STATES = frozenset({"open", "closed", "filtered", "unfiltered", "open|filtered", "closed|filtered"})
#: ``--reason``'s column: ``syn-ack ttl 64``, ``conn-refused``, ``udp-response ttl 63``.
_REASON = re.compile(r"[a-z-]{1,40}(?: ttl \d{1,3})?")
_VERSION_WORD = re.compile(r"v?\d[0-9A-Za-z_+~-]{0,40}\.[0-9A-Za-z_.+~-]{0,80}")


class PortRow(NamedTuple):
    """One row of the table: ``80``, ``tcp``, ``open``, ``ssl/http``, ``Hikvision IP camera httpd``."""

    portid: str
    protocol: str
    state: str
    service: str
    version: str


class PortTable:
    """The table announced by a ``PORT STATE SERVICE [REASON] [VERSION]`` header."""

    def __init__(self, reason: bool, version: bool) -> None:
        self.reason = reason
        self.version = version

    @classmethod
    def from_header(cls, line: str) -> PortTable | None:
        """The table a header line announces, or None when the line is not one."""
        words = line.split()
        if words[:3] != ["PORT", "STATE", "SERVICE"] or len(words) > 5:
            return None
        return cls(reason="REASON" in words, version="VERSION" in words)

    def row(self, line: str) -> PortRow | None:
        """A row of the table, or None when ``line`` is not one."""
        parts = line[:MAX_FIELD_CHARS].split(None, 3)
        port = _PORT.fullmatch(parts[0]) if len(parts) >= 3 else None
        if port is None or parts[1] not in _STATES:
            return None
        rest = parts[3].strip() if len(parts) > 3 else ""
        if self.reason:
            reason = _REASON.match(rest)
            rest = rest[reason.end():].strip() if reason else rest
        return PortRow(port.group(1), port.group(2), parts[1], parts[2], rest if self.version else "")


def service_attributes(service: str, version: str) -> dict[str, str]:
    """The ``<service>`` attributes ``-oX`` writes for a SERVICE and VERSION column: ``ssl/http`` is an ``http``
    service in an SSL tunnel, a trailing ``?`` marks a name nmap took from its port table (``method="table"``)."""
    tunnel = service.startswith("ssl/")
    name = service[4:] if tunnel else service
    attributes = {"name": name.rstrip("?"), "method": "table" if name.endswith("?") else "probed"}
    if tunnel:
        attributes["tunnel"] = "ssl"
    product, release, extrainfo = split_version(version)
    parts = (("product", product), ("version", release), ("extrainfo", extrainfo))
    attributes.update({key: value for key, value in parts if value})
    return attributes


def split_version(text: str) -> tuple[str | None, str | None, str | None]:
    """``Apache httpd 2.4.41 ((Ubuntu))`` -> ``("Apache httpd", "2.4.41", "(Ubuntu)")``; None for a missing part."""
    text = text.strip()[:MAX_FIELD_CHARS]
    extrainfo = None
    if text.endswith(")"):
        opening = _opening_parenthesis(text)
        if opening == 0 or (opening > 0 and text[opening - 1] == " "):
            extrainfo = text[opening + 1:-1].strip() or None
            text = text[:opening].rstrip()
    words = text.split(" ")
    for i in range(1, len(words)):
        if _VERSION_WORD.fullmatch(words[i]):
            return " ".join(words[:i]), " ".join(words[i:]), extrainfo
    return text or None, None, extrainfo


def _opening_parenthesis(text: str) -> int:
    """Where the ``(`` that the last ``)`` of ``text`` closes is, or -1."""
    depth = 0
    for i in range(len(text) - 1, -1, -1):
        if text[i] == ")":
            depth += 1
        elif text[i] == "(":
            depth -= 1
            if depth == 0:
                return i
    return -1
