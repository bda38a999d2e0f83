"""What every importer shares: the record type, bounded line reading, gzip, and small text helpers.

Importers never guess the format (IVRE's lesson): the caller names it. Inside one named format a reader
may accept the container variants that tool really writes (NDJSON or a JSON array, plain or gzip),
because those are the same data, not a different format. Every record that cannot be read becomes an
:class:`ImportRecord` with an ``error`` reason, so a consumer can write one answer per input record.
"""

from __future__ import annotations

import gzip
import io
import ipaddress
import socket
import zlib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, cast

from camaudit.fields import MAX_FIELD_CHARS as MAX_FIELD_CHARS  # re-exported: the importers read it from here
from camaudit.importers.budget import DEFAULT_BUDGET, InputBudget, InputBudgetError, MiB, metered
from camaudit.macaddress import normalise_mac
from camaudit.model import Observation, Transport
from camaudit.protocols.certificate import san_lines

#: Largest single record (one line, one array element) a reader accepts. Real Shodan banners with a
#: 64 KiB body and Censys hosts with dozens of services stay well below this; a bigger one is far more
#: likely a broken or hostile file, and reading it would let one record exhaust memory.
MAX_RECORD_BYTES = 8 * 1024 * 1024

#: Start of an HTTP body kept in ``http.body`` (docs/observation-fields.md).
MAX_BODY_CHARS = 64 * 1024


_GZIP_MAGIC = b"\x1f\x8b"
_READ_CHUNK = 1024 * 1024

#: What an importer accepts as input: a filesystem path or an open binary stream.
Source = str | Path | IO[bytes]


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One input record: what was read from it, or why it could not be read.

    ``position`` is where the record starts in the input (1-based line number for line formats, the
    element number for JSON arrays and XML hosts). A record that could not be read has ``error`` set and
    no observations; ``ip``/``port`` are filled when they could still be recovered.
    """

    position: int
    ip: str | None
    port: int | None
    observations: tuple[Observation, ...] = ()
    country: str | None = None
    error: str | None = None
    #: The network the address belongs to, as the scan data names it (``AS4134``, ``Example Telecom``).
    asn: str | None = None
    org: str | None = None

    @property
    def ok(self) -> bool:
        """True when the record was read (it may still carry no observations)."""
        return self.error is None


def failed(position: int, reason: str, ip: str | None = None, port: int | None = None) -> ImportRecord:
    """An unreadable record at ``position`` with a one-line ``reason``."""
    return ImportRecord(position=position, ip=ip, port=port, error=reason)


class RecordError(ValueError):
    """Raised by a format's record parser; the reader turns it into an error record."""


# --- opening and reading ------------------------------------------------------------------------


#: The read buffer of an input file. A scan file's line is a whole record (a Shodan banner with its page: 7 KB on
#: the bench mix, up to 64 MiB): with Python's default buffer (8 KB) nearly every line took several reads and a join,
#: and reading lines cost 4.3 us a record against 1.6 us with this one.
READ_BUFFER = MiB


def open_binary(source: Source, budget: InputBudget = DEFAULT_BUDGET) -> tuple[IO[bytes], bool]:
    """Open ``source`` for reading bytes, decompressing gzip transparently by its magic bytes.

    Returns the stream and whether this call opened it (and so must close it). Gzip is recognised by
    content, not by file name, because ``shodan download`` output is often renamed. ``budget`` bounds the
    bytes read and how far gzip may expand (``importers/budget.py``).
    """
    if isinstance(source, str | Path):
        raw: IO[bytes] = open(source, "rb", buffering=READ_BUFFER)  # noqa: SIM115 - the caller closes it
        owned = True
    else:
        raw, owned = source, False
    buffered = raw if hasattr(raw, "peek") else cast(IO[bytes], io.BufferedReader(cast(Any, raw)))
    head = cast(Any, buffered).peek(2)[:2]
    return metered(buffered, budget, gzipped=head == _GZIP_MAGIC, owns=owned), owned


def stream_error(exc: BaseException) -> str | None:
    """The reason text for an exception that ends a stream (broken gzip, I/O, a budget), or None if not one."""
    if isinstance(exc, InputBudgetError):
        return str(exc)
    if isinstance(exc, EOFError):
        return "input ends early: truncated gzip stream (records before this point were kept)"
    if isinstance(exc, gzip.BadGzipFile | zlib.error):
        return f"corrupt gzip data: {exc}"
    if isinstance(exc, OSError):
        return f"read error: {exc.strerror or exc}"
    return None


def iter_lines(stream: IO[bytes], max_bytes: int = MAX_RECORD_BYTES) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(line_number, line)`` with the newline stripped; ``None`` for a line over ``max_bytes``.

    Empty lines are not yielded; runs of them are skipped in bulk (a file of a billion newlines costs a
    scan of its bytes, not a billion iterations). An over-long line is skipped in bounded chunks, never held
    whole. Errors of the underlying stream (truncated gzip, a budget) propagate to the caller, which reports
    them as one error record.
    """
    number = 0
    readline = stream.readline
    peek = getattr(stream, "peek", None)
    while True:
        line = readline(max_bytes + 1)
        if not line:
            return
        number += 1
        if line in (b"\n", b"\r\n"):
            if peek is not None:
                number += _skip_empty_lines(stream, peek)
            continue
        if len(line) > max_bytes and not line.endswith(b"\n"):
            while True:
                rest = readline(_READ_CHUNK)
                if not rest or rest.endswith(b"\n"):
                    break
            yield number, None
            continue
        yield number, line.rstrip(b"\r\n")


def _skip_empty_lines(stream: IO[bytes], peek: Any) -> int:
    """Consume the newlines buffered next in ``stream``, buffer by buffer; return how many lines they were."""
    skipped = 0
    while True:
        data: bytes = peek(_READ_CHUNK)
        rest = data.lstrip(b"\r\n")
        run = len(data) - len(rest)
        if not run:
            return skipped
        skipped += data.count(b"\n", 0, run)
        stream.read(run)
        if rest:
            return skipped


def too_long(max_bytes: int = MAX_RECORD_BYTES) -> str:
    """The reason given for a record over the size cap."""
    return f"record longer than {max_bytes} bytes; skipped unread"


# --- small typed accessors for untrusted JSON ---------------------------------------------------


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` if it is a JSON object, else an empty one (missing and mistyped look the same)."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` if it is a JSON array, else an empty one."""
    return value if isinstance(value, list) else []


def as_text(value: Any, limit: int = MAX_FIELD_CHARS) -> str | None:
    """A field value as bounded text: strings as they are, numbers in decimal, lists joined by newline."""
    # Tuples, not ``bool | dict``: a union is built anew at every call, and this runs for every field of a census.
    if value is None or value == "" or isinstance(value, (bool, dict)):
        return None
    if isinstance(value, str):
        return value[:limit]
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        parts = [p for p in (as_text(v, limit) for v in value) if p]
        return "\n".join(parts)[:limit] if parts else None
    return None


def shown(value: Any, limit: int = 40) -> str:
    """``value`` for a reason text: cut short and ASCII-escaped (no markup, no control or bidi characters)."""
    text = value if isinstance(value, str) else repr(value)
    return ascii(text[:limit] + ("..." if len(text) > limit else ""))


def valid_ip(value: Any) -> str:
    """An IPv4/IPv6 address in canonical form, or :class:`RecordError` saying why not.

    Anything ``ipaddress`` does not parse is refused -- HTML, ``999.1.1.1``, names, values with a
    right-to-left override -- and so are IPv6 zone ids (``fe80::1%eth0``), whose text is arbitrary.
    """
    if not isinstance(value, str) or not value:
        raise RecordError("no ip")
    if len(value) <= 45 and "%" not in value:
        try:
            # The common case, about 20x faster than ipaddress: dotted IPv4 that inet_pton accepts is already
            # canonical (it refuses leading zeros, short forms and spaces, as ipaddress does).
            socket.inet_pton(socket.AF_INET, value)
            return value
        except (OSError, ValueError):
            pass
        try:
            return str(ipaddress.ip_address(value))
        except ValueError:
            pass
    raise RecordError(f"not an IP address: {shown(value)}")


def valid_port(value: Any) -> int | None:
    """A port number 1-65535 (also as digits), ``None`` when absent, else :class:`RecordError`."""
    if value is None:
        return None
    port = as_port(value)
    if port is None or port == 0:
        raise RecordError(f"not a port number: {shown(value)}")
    return port


def as_port(value: Any) -> int | None:
    """A TCP/UDP port number, or None when absent or out of range."""
    if isinstance(value, str) and value.isascii() and value.isdigit():  # int() refuses "²"
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 65535:
        return value
    return None


def host_port(values: Any, most: int) -> int | None:
    """The one port a host-level answer's port list names (InternetDB's ``ports``, FOFA's host ``port``): set only when
    the list's first ``most`` values are all port numbers (1-65535, also as digits) and name one port. A value that is
    not a port leaves the port unknown rather than refusing the host's claims or pinning them on the list's rest."""
    items = values[:most] if isinstance(values, list) else []
    ports = {as_port(item) for item in items}
    if len(ports) != 1 or None in ports or 0 in ports:
        return None
    return ports.pop()


#: The port a web URL's scheme implies when none is written with the address.
_SCHEME_PORTS = {"http": 80, "https": 443}


def scheme_port(scheme: Any) -> int | None:
    """80 for ``http``, 443 for ``https``, else ``None``."""
    return _SCHEME_PORTS.get(scheme) if isinstance(scheme, str) else None


def as_transport(value: Any) -> Transport | None:
    """``tcp``/``udp`` (any case) as the model's transport literal, else None."""
    lowered = value.lower() if isinstance(value, str) else None
    if lowered == "tcp":
        return "tcp"
    if lowered == "udp":
        return "udp"
    return None


def put_san(fields: dict[str, str], names: Any) -> None:
    """``tls.san`` from a certificate's subjectAltName entries, unless the certificate is a shared one."""
    lines = san_lines(names if isinstance(names, list) else [])
    if lines:
        put(fields, "tls.san", lines)


#: UPnP device-description keys as Shodan's ``upnp`` module and Censys Platform's ``upnp.devices[]`` write them
#: (snake_case) -> the fields a UPnP description fills.
UPNP_DESCRIPTION_KEYS = {
    "manufacturer": "upnp.manufacturer",
    "model_name": "upnp.model_name",
    "model_number": "upnp.model_number",
    "model_description": "upnp.model_description",
    "friendly_name": "upnp.friendly_name",
    "serial_number": "upnp.serial",
    "device_type": "upnp.device_type",
    "manufacturer_url": "upnp.manufacturer_url",
    "model_url": "upnp.model_url",
    "presentation_url": "upnp.presentation_url",
    "udn": "upnp.udn",
}
#: The list of a device's services (Censys: ``service_list``; Shodan: ``services``) and the key of each entry's type.
_UPNP_SERVICE_LISTS = ("service_list", "services")
_UPNP_SERVICE_TYPE_KEYS = ("service_type", "serviceType")
#: Service types kept of one description (a camera lists one to five).
MAX_UPNP_SERVICE_TYPES = 16


def put_upnp_devices(fields: dict[str, str], devices: Iterable[dict[str, Any]]) -> None:
    """Fill the UPnP description fields from ``devices``, root device first: a later (embedded) device fills
    only what the ones before it left out."""
    for device in devices:
        for key, target in UPNP_DESCRIPTION_KEYS.items():
            value = device.get(key)
            if isinstance(value, str) and value.strip() and target not in fields:
                fields[target] = value.strip()[:MAX_FIELD_CHARS]
        if "upnp.service_type" not in fields:
            kinds = _upnp_service_types(device)
            if kinds:
                fields["upnp.service_type"] = "\n".join(kinds)


def _upnp_service_types(device: dict[str, Any]) -> list[str]:
    """The distinct service types one device's service list names, at most :data:`MAX_UPNP_SERVICE_TYPES`."""
    kinds: list[str] = []
    for name in _UPNP_SERVICE_LISTS:
        for service in as_list(device.get(name))[:MAX_UPNP_SERVICE_TYPES * 4]:
            if not isinstance(service, dict):
                continue
            value = next((v for k in _UPNP_SERVICE_TYPE_KEYS if isinstance(v := service.get(k), str)), "")
            kind = value.strip()[:MAX_FIELD_CHARS]
            if kind and kind not in kinds and len(kinds) < MAX_UPNP_SERVICE_TYPES:
                kinds.append(kind)
    return kinds


def put(fields: dict[str, str], name: str, value: Any, limit: int = MAX_FIELD_CHARS) -> None:
    """Set ``fields[name]`` when ``value`` has text; several values of one field join with a newline."""
    # Plain strings are nearly every call in a census; they skip the general conversion, and so does a key
    # the record does not have (half the calls).
    if value is None:
        return
    text = value[:limit] if type(value) is str else as_text(value, limit)
    if not text:
        return
    old = fields.get(name)
    fields[name] = text if old is None else f"{old}\n{text}"[:limit]


def iso_utc(value: Any) -> str:
    """A timestamp as ISO 8601 UTC text: Unix seconds, or an ISO string (naive taken as UTC)."""
    if isinstance(value, (int, float)) or (isinstance(value, str) and value.isascii() and value.isdigit()):
        try:
            return datetime.fromtimestamp(int(value), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        except (OverflowError, ValueError, OSError):
            return ""
    if not isinstance(value, str) or not value:
        return ""
    # Shodan, Censys and zgrab2 all write UTC; Shodan omits the zone, so mark it rather than re-parse.
    if value.endswith("Z") or "+" in value[10:] or value[19:].count("-"):
        return value
    return value + "Z"


def put_maker_object(
    fields: dict[str, str], maker: str, found: Any, targets: Mapping[str, tuple[str, ...]], mac_key: str | None = None
) -> None:
    """A search engine's object that only its parser of one maker's protocol writes (Shodan's ``ubiquiti``, Censys's
    ``dvr_ip`` ...): its presence is the engine's conclusion about the maker (``import.vendor``), and ``targets`` says
    which of its text values go to which field; the MAC under ``mac_key`` fills ``mac`` when none is known yet."""
    if not isinstance(found, dict) or not found:
        return
    put(fields, "import.vendor", maker)
    for target, keys in targets.items():
        put(fields, target, [found[k].strip() for k in keys if isinstance(found.get(k), str) and found[k].strip()])
    if mac_key:
        put_mac(fields, found.get(mac_key))


def put_mac(fields: dict[str, str], value: Any) -> None:
    """``mac`` from a value a record gave as a MAC address (any common notation), unless one is known already."""
    mac = normalise_mac(value) if isinstance(value, str) else None
    if mac:
        fields.setdefault("mac", mac)
