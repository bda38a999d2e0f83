"""Zeek logs (TSV with ``#fields`` headers, or JSON lines) -> the same :class:`TrafficState` packets fill.

Logs read: ``conn`` (flows: packets and bytes each way, times; MACs when Zeek logs them), ``dns``
(names and answers), ``ssl`` (SNI; the certificate a local server presented: its ``cert_chain_fps`` or
``cert_chain_fuids``, waited for in ``x509``, or the ``subject``/``issuer`` columns older Zeeks wrote), ``x509``
(those certificates, whole), ``http`` (Host), ``dhcp`` (MAC, host name, vendor class as
``client_software``, assigned address), ``software`` (server strings), ``known_hosts``, ``known_services``,
``known_devices`` and ``known_certs`` (a local server's certificate names and serial). Other logs are named and
skipped.

A certificate becomes the same ``tls.*`` fields a live scan gives (:mod:`camaudit.passive.certificates`), so the
certificate rules and the site-certificate guard read it as they read a probed one.

Which log a file is comes from its ``#path`` header (TSV) or its file name (``conn.log``,
``conn.00:00:00-01:00:00.log.gz``, ``dns.json``). A record missing a column its log needs (a TSV log
without that column, a JSON line without that key) is skipped and counted under that reason; every line
is capped in length. A log of which not one record could be used although some were skipped is broken: it is
refused with one line naming the log and the count (:class:`ZeekError`), its reasons still counted.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

from camaudit.model import Observation, Transport
from camaudit.passive import zeek_time
from camaudit.passive.certificates import Server, WaitingCertificates, known_cert_fields, x509_fields
from camaudit.passive.localnet import EXTERNAL, LOCAL, LocalNets
from camaudit.passive.payloads import iso
from camaudit.passive.state import TrafficState, ip_packed
from camaudit.passive.tally import Tally

#: Longest line read; Zeek lines are far shorter, a longer one is a damaged or hostile file.
MAX_LINE = 1 << 20
LOGS = ("dhcp", "dns", "conn", "ssl", "x509", "http", "software", "known_hosts", "known_services", "known_devices",
        "known_certs")
_NAME = re.compile(r"^([a-z_][a-z0-9_]*?)(?:[.-]\d.*)?\.(?:log|json|jsonl|ndjson)(?:\.gz)?$")
_PROTOS = {"tcp": 6, "udp": 17, "icmp": 1}
#: Columns whose TSV value is a set or vector (split at ``#set_separator``; JSON writes them as lists).
_SET_COLUMNS = frozenset(("answers", "TTLs", "uids", "msg_types", "service", "cert_chain_fps", "cert_chain_fuids",
                          "client_cert_chain_fps", "client_cert_chain_fuids", "san.dns", "san.ip", "san.uri",
                          "san.email"))
#: Zeek's ASCII writer escapes a backslash as ``\\`` and bytes it cannot print (the separator too) as ``\xNN``.
_ESCAPE = re.compile(r"\\(\\|x[0-9a-fA-F]{2})")
Record = Mapping[str, Any]


class ZeekError(ValueError):
    """A log that cannot be read at all; the message is one line."""


def log_name(path: Path, head: bytes) -> str | None:
    """Which Zeek log ``path`` is (``conn``, ``dns`` ...), from its ``#path`` header or its file name."""
    match = re.search(rb"^#path\t([A-Za-z_][A-Za-z0-9_]*)", head, re.MULTILINE)
    if match:
        return match.group(1).decode()
    named = _NAME.match(path.name.lower())
    return named.group(1) if named else None


def is_zeek(head: bytes) -> bool:
    """True when a (decompressed) file starts like a Zeek log: a ``#separator`` header or a JSON object."""
    return head.startswith(b"#separator") or head.lstrip()[:1] == b"{"


def _lines(stream: IO[bytes], tally: Tally) -> Iterator[bytes]:
    while True:
        line = stream.readline(MAX_LINE + 1)
        if not line:
            return
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            tally.add(f"Zeek log lines longer than {MAX_LINE} bytes (skipped)")
            while line and not line.endswith(b"\n"):
                line = stream.readline(MAX_LINE)
            continue
        yield line.rstrip(b"\r\n")


def _unescape(value: str) -> str:
    if "\\" not in value:
        return value
    return _ESCAPE.sub(lambda m: "\\" if m.group(1) == "\\" else chr(int(m.group(1)[1:], 16)), value)


def records(stream: IO[bytes], tally: Tally) -> Iterator[Record]:
    """Each record of a TSV or JSON Zeek log as a mapping (TSV sets become lists; unset values are absent)."""
    fields: list[str] | None = None
    separator, set_separator, unset, empty = "\t", ",", "-", "(empty)"
    for line in _lines(stream, tally):
        if not line:
            continue
        if line[:1] == b"{":
            try:
                doc = json.loads(line)
            except (json.JSONDecodeError, UnicodeDecodeError, RecursionError):
                tally.add("Zeek JSON lines that are not valid JSON (skipped)")
                continue
            if isinstance(doc, dict):
                yield doc
            continue
        text = line.decode("utf-8", errors="replace")
        if text.startswith("#"):
            key, _, value = text[1:].partition(" " if text.startswith("#separator") else "\t")
            if key == "separator":
                separator = _unescape(value.strip())
            elif key == "set_separator":
                set_separator = value
            elif key == "unset_field":
                unset = value
            elif key == "empty_field":
                empty = value
            elif key == "fields":
                fields = value.split(separator)
            continue
        if fields is None:
            tally.add("Zeek TSV lines before any #fields header (skipped)")
            continue
        values = text.split(separator)
        if len(values) != len(fields):
            tally.add("Zeek TSV lines with a different number of columns than #fields (skipped)")
            continue
        record: dict[str, Any] = {}
        for name, value in zip(fields, values, strict=True):
            if value == unset:
                continue
            if value == empty:
                record[name] = []
            elif set_separator in value and name in _SET_COLUMNS:
                record[name] = [_unescape(v) for v in value.split(set_separator)]
            else:
                record[name] = _unescape(value)
        yield record


def _number(value: Any) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _list(value: Any) -> list[str]:
    if isinstance(value, list):
        return [str(v) for v in value]
    return [str(value)] if value not in (None, "") else []


#: Columns each log needs; a log without one of them is skipped whole.
REQUIRED = {
    "conn": ("ts", "id.orig_h", "id.resp_h", "id.resp_p", "proto"),
    "dns": ("ts", "id.orig_h", "query"),
    "x509": (),
    "ssl": ("id.orig_h", "id.resp_h", "id.resp_p"),
    "http": ("id.orig_h", "id.resp_h", "id.resp_p"),
    "dhcp": ("mac",),
    "software": ("host",),
    "known_hosts": ("host",),
    "known_services": ("host", "port_num"),
    "known_devices": ("mac",),
    "known_certs": ("host", "subject"),
}


class ZeekReader:
    """Feeds Zeek records into a :class:`TrafficState`."""

    def __init__(self, state: TrafficState, local: LocalNets) -> None:
        self.state, self.local = state, local
        self.certificates = WaitingCertificates(state.tally)
        # A handler returns True for a record it used, False for one with unreadable addresses or numbers, or
        # the reason it skipped the record.
        self._handlers: dict[str, Callable[[Record], bool | str]] = {
            "conn": self._conn, "dns": self._dns, "ssl": self._ssl, "x509": self._x509,
            "http": self._http, "dhcp": self._dhcp, "software": self._software, "known_hosts": self._known_host,
            "known_services": self._known_service, "known_devices": self._known_device,
            "known_certs": self._known_cert,
        }

    def read(self, name: str, stream: IO[bytes], tally: Tally) -> int:
        """Read one log; returns the records used. Raises :class:`ZeekError` for a log that cannot be used."""
        handler = self._handlers.get(name)
        if handler is None:
            raise ZeekError(f"Zeek {name!r} log: not one camaudit reads ({', '.join(LOGS)})")
        used = skipped = 0
        for record in records(stream, tally):
            if any(column not in record for column in REQUIRED[name]):
                absent = ", ".join(c for c in REQUIRED[name] if c not in record)
                tally.add(f"Zeek {name} records without {absent} (skipped)")
                skipped += 1
                continue
            outcome = handler(record)
            if outcome is True:
                used += 1
                continue
            skipped += 1
            tally.add(outcome or f"Zeek {name} records with unreadable addresses or numbers (skipped)")
        if used == 0 and skipped:
            raise ZeekError(f"Zeek {name} log: none of its records could be used ({skipped:,} skipped; reasons "
                            "below)")
        return used

    def _direction(self, orig: bytes, resp: bytes) -> tuple[bytes, bytes, bool] | None:
        """(device, peer, device is the client) as the packet path decides it, or ``None`` for transit."""
        orig_kind, resp_kind = self.local.kind(orig), self.local.kind(resp)
        if orig_kind == LOCAL:
            return orig, resp, True
        if resp_kind == LOCAL and orig_kind == EXTERNAL:
            return resp, orig, False
        return None

    def _conn(self, r: Record) -> bool:
        orig, resp = ip_packed(str(r["id.orig_h"])), ip_packed(str(r["id.resp_h"]))
        ts, port = zeek_time.seconds(r["ts"]), _number(r["id.resp_p"])
        proto = _PROTOS.get(str(r["proto"]).lower())
        if orig is None or resp is None or ts is None or port is None or proto is None:
            return False
        duration = _number(r.get("duration")) or 0.0
        packets = (int(_number(r.get("orig_pkts")) or 0), int(_number(r.get("resp_pkts")) or 0))
        octets = (int(_number(r.get("orig_ip_bytes", r.get("orig_bytes"))) or 0),
                  int(_number(r.get("resp_ip_bytes", r.get("resp_bytes"))) or 0))
        for address, mac in ((orig, r.get("orig_l2_addr")), (resp, r.get("resp_l2_addr"))):
            if isinstance(mac, str) and self.local.kind(address) == LOCAL and re.fullmatch(r"[0-9a-f:]{17}", mac):
                self.state.learn_mac(address, bytes.fromhex(mac.replace(":", "")))
        side = self._direction(orig, resp)
        if side is None:
            return True
        device, peer, client = side
        self.state.add_flow(
            (device, peer, proto, int(port)),
            packets=packets if client else packets[::-1], octets=octets if client else octets[::-1],
            first=ts, last=ts + max(0.0, duration), server=not client,
        )
        return True

    def _dns(self, r: Record) -> bool:
        client, ts = ip_packed(str(r["id.orig_h"])), zeek_time.seconds(r["ts"])
        query = str(r["query"]).strip().rstrip(".").lower()
        if client is None or ts is None:
            return False
        for answer in _list(r.get("answers")):
            packed = ip_packed(answer)
            if packed is not None and query:
                self.state.learn_name(packed, query)
        if query and self.local.kind(client) == LOCAL:
            self.state.asked(client, query, ts)
        return True

    def _named(self, r: Record, name: Any) -> bool:
        orig, resp, port = ip_packed(str(r["id.orig_h"])), ip_packed(str(r["id.resp_h"])), _number(r["id.resp_p"])
        if orig is None or resp is None or port is None:
            return False
        side = self._direction(orig, resp)
        if side is not None and isinstance(name, str) and name.strip():
            proto = 17 if str(r.get("proto", "tcp")).lower() == "udp" else 6
            self.state.name_flow((side[0], side[1], proto, int(port)), name.strip().rstrip(".").lower())
        return True

    def _ssl(self, r: Record) -> bool:
        ok = self._named(r, r.get("server_name"))
        resp = ip_packed(str(r["id.resp_h"]))
        if not ok or resp is None or self.local.kind(resp) != LOCAL:
            return ok
        # The server's own certificate is the first of its chain: by fingerprint (Zeek 4.2 and later) or by
        # file id (earlier), read when x509.log comes; an older ssl.log also wrote its subject and issuer.
        chain = _list(r.get("cert_chain_fps")) or _list(r.get("cert_chain_fuids"))
        names = {key: r[column] for column, key in (("subject", "tls.subject"), ("issuer", "tls.issuer"))
                 if isinstance(r.get(column), str) and r[column]}
        if chain:
            # Observed when x509.log gives the whole certificate, or at finish() from these names alone.
            self.certificates.want(chain[0], Server(resp, str(r["id.resp_h"]), r["id.resp_p"], r.get("ts"),
                                                    names if "tls.subject" in names else {}))
        elif "tls.subject" in names:
            self._certificate(resp, str(r["id.resp_h"]), r["id.resp_p"], r.get("ts"), names)
        return ok

    def _x509(self, r: Record) -> bool | str:
        servers = self.certificates.servers(r)
        if isinstance(servers, str):
            return servers
        if not servers:
            return True  # an outside server's, a client's or a CA's certificate: read, not kept
        fields = x509_fields(r)
        if not fields:
            return "Zeek x509 records with no certificate field camaudit reads (skipped)"
        for server in servers:
            joined = dict(fields)
            for key, value in server.names.items():
                joined.setdefault(key, value)
            self._certificate(server.packed, server.address, server.port, server.ts, joined)
        return True

    def finish(self) -> None:
        """After the last log: the certificates ssl.log named but no x509.log gave, from their names alone."""
        for server in self.certificates.unjoined():
            self._certificate(server.packed, server.address, server.port, server.ts, dict(server.names))

    def _known_cert(self, r: Record) -> bool:
        host = ip_packed(str(r["host"]))
        if host is None:
            return False
        fields = known_cert_fields(r)
        if fields and self.local.kind(host) == LOCAL:
            self._certificate(host, str(r["host"]), r.get("port_num"), r.get("ts"), fields)
        return True

    def _certificate(self, packed: bytes, address: str, port: Any, ts: Any, fields: dict[str, str]) -> None:
        number = _number(port)
        self.state.observe(packed, Observation(address, int(number) if number and 0 < number < 65536 else None,
                                               "tcp", "tls", "passive", iso(zeek_time.seconds(ts) or 0.0), fields))

    def _http(self, r: Record) -> bool:
        host = r.get("host")
        if isinstance(host, str) and host.startswith("["):
            host = host[1 : host.find("]")]
        elif isinstance(host, str):
            host = host.rsplit(":", 1)[0]
        return self._named(r, host)

    def _dhcp(self, r: Record) -> bool:
        mac = str(r["mac"]).lower()
        if not re.fullmatch(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}", mac):
            return False
        fields = {}
        for column, key in (("host_name", "dhcp.hostname"), ("client_software", "dhcp.vendor_class")):
            if isinstance(r.get(column), str) and r[column].strip():
                fields[key] = r[column].strip()[:255]
        address = r.get("assigned_addr") or r.get("requested_addr") or r.get("client_addr")
        self.state.dhcp(mac, fields, str(address) if address and ip_packed(str(address)) else None)
        return True

    def _software(self, r: Record) -> bool:
        host = ip_packed(str(r["host"]))
        if host is None:
            return False
        kind, version = str(r.get("software_type", "")), r.get("unparsed_version")
        if kind == "HTTP::SERVER" and isinstance(version, str) and version.strip():
            port = int(_number(r.get("host_p")) or 80)
            seen = iso(zeek_time.seconds(r.get("ts")) or 0.0)
            obs = Observation(str(r["host"]), port, "tcp", "http", "passive", seen, {"http.server": version.strip()})
            self.state.observe(host, obs)
        return True

    def _known_host(self, r: Record) -> bool:
        host = ip_packed(str(r["host"]))
        if host is None:
            return False
        if self.local.kind(host) == LOCAL:
            self.state.host(host)
        return True

    def _known_service(self, r: Record) -> bool:
        host, port = ip_packed(str(r["host"])), _number(r["port_num"])
        if host is None or port is None:
            return False
        state = self.state.host(host) if self.local.kind(host) == LOCAL else None
        if state is not None:
            transport: Transport = "udp" if str(r.get("port_proto", "tcp")).lower() == "udp" else "tcp"
            services = _list(r.get("service"))
            state.services.add((int(port), transport, services[0].lower() if services else transport))
        return True

    def _known_device(self, r: Record) -> bool:
        mac = str(r["mac"]).lower()
        name = r.get("dhcp_host_name")
        if isinstance(name, str) and name.strip():
            self.state.dhcp(mac, {"dhcp.hostname": name.strip()[:255]}, None)
        return True
