"""The server name (SNI) a TLS client asks for, read from its ClientHello.

Only the first record of a connection is read, bounded by the record's own lengths; every length is
checked against what is really there, so a malformed or cut record ends as a :class:`TlsError` with the
reason instead of an exception from deep inside. QUIC carries the same handshake message inside its
CRYPTO frames (:mod:`camaudit.passive.quic`), so :func:`client_hello_sni` reads a bare message too.
"""

from __future__ import annotations

_HANDSHAKE = 0x16
_CLIENT_HELLO = 0x01
_SERVER_NAME = 0x0000


class TlsError(ValueError):
    """The record cannot be read as a ClientHello; the text says why."""


def _need(data: bytes, end: int, what: str) -> None:
    if end > len(data):
        raise TlsError(f"a TLS ClientHello is cut off in its {what}")


def record_sni(payload: bytes) -> str | None:
    """The SNI of a TLS record carrying a ClientHello (``None`` when it names no server).

    Raises :class:`TlsError` for a handshake record that is not a readable ClientHello.
    """
    if len(payload) < 6 or payload[0] != _HANDSHAKE:
        raise TlsError("not a TLS handshake record")
    length = (payload[3] << 8) | payload[4]
    if length > 16_384 + 2048:
        raise TlsError("a TLS record longer than the protocol allows")
    # A ClientHello split over two TCP segments is read as far as it goes: the SNI usually comes early.
    return client_hello_sni(payload[5 : 5 + length])


def client_hello_sni(message: bytes) -> str | None:
    """The SNI of a bare ClientHello handshake message (as QUIC carries it)."""
    if len(message) < 4 or message[0] != _CLIENT_HELLO:
        raise TlsError("not a TLS ClientHello")
    pos = 4 + 2 + 32  # message header, legacy version, random
    _need(message, pos + 1, "session id")
    pos += 1 + message[pos]
    _need(message, pos + 2, "cipher suites")
    pos += 2 + ((message[pos] << 8) | message[pos + 1])
    _need(message, pos + 1, "compression methods")
    pos += 1 + message[pos]
    if pos + 2 > len(message):
        return None  # no extensions at all (very old clients)
    end = pos + 2 + ((message[pos] << 8) | message[pos + 1])
    pos += 2
    while pos + 4 <= min(end, len(message)):
        ext_type = (message[pos] << 8) | message[pos + 1]
        ext_len = (message[pos + 2] << 8) | message[pos + 3]
        pos += 4
        if ext_type == _SERVER_NAME:
            _need(message, pos + ext_len, "server name extension")
            return _server_name(message[pos : pos + ext_len])
        pos += ext_len
    return None


def _server_name(ext: bytes) -> str | None:
    if len(ext) < 2:
        raise TlsError("an empty TLS server name extension")
    end = min(len(ext), 2 + ((ext[0] << 8) | ext[1]))
    pos = 2
    while pos + 3 <= end:
        name_type, size = ext[pos], (ext[pos + 1] << 8) | ext[pos + 2]
        pos += 3
        if pos + size > end:
            raise TlsError("a TLS server name runs past its extension")
        if name_type == 0:
            name = ext[pos : pos + size].decode("ascii", errors="replace").strip().rstrip(".").lower()
            if not name or len(name) > 255:
                raise TlsError("a TLS server name that is empty or longer than 255 bytes")
            return name
        pos += size
    return None
