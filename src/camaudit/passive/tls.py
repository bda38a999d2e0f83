"""The server name (SNI) a TLS client asks for, read from its ClientHello; and the certificate a TLS 1.0-1.2 server
sends in clear in its first flight (:class:`ServerFlight`).

Only the first record of a connection is read, bounded by the record's own lengths; every length is
checked against what is really there, so a malformed or cut record ends as a :class:`TlsError` with the
reason instead of an exception from deep inside. QUIC carries the same handshake message inside its
CRYPTO frames (:mod:`camaudit.passive.quic`), so :func:`client_hello_sni` reads a bare message too.
"""

from __future__ import annotations

_HANDSHAKE = 0x16
_CLIENT_HELLO = 0x01
_SERVER_NAME = 0x0000


#: Longest TLS record the protocol allows (2^14 bytes of plaintext plus the most a cipher adds).
MAX_RECORD = 16_384 + 2048
#: Bytes of a server's side of a connection read for its certificate: a camera's chain is 1-4 KiB, a long one
#: rarely past 12 KiB; a certificate not within the first 32 KiB is not looked for.
MAX_FLIGHT_BYTES = 32 * 1024
_CHANGE_CIPHER_SPEC, _ALERT, _APPLICATION_DATA = 0x14, 0x15, 0x17
_SERVER_HELLO, _CERTIFICATE = 0x02, 0x0B
#: Handshake messages a server sends after its Certificate, or instead of it (ServerKeyExchange, CertificateRequest,
#: ServerHelloDone): seen before a Certificate, the session has none (an anonymous or PSK suite).
_AFTER_CERTIFICATE = frozenset({0x0C, 0x0D, 0x0E})
_SUPPORTED_VERSIONS = 0x002B


class TlsError(ValueError):
    """The record cannot be read as a ClientHello (or a server's flight); the text says why."""


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


class ServerFlight:
    """The server's side of one TLS connection, fed in order from its first byte (the ServerHello's record), until
    its Certificate message gives the server's own certificate (the first of the chain, DER).

    TLS 1.0-1.2 send the Certificate in clear (RFC 5246 7.4.2); TLS 1.3 encrypts everything after the ServerHello
    (RFC 8446 4.4.2), which is told by the ServerHello's ``supported_versions`` extension and read no further. Every
    length is checked against what is there and against :data:`MAX_RECORD` / :data:`MAX_FLIGHT_BYTES`: a flight that
    cannot give a certificate ends with a :class:`TlsError` whose text is the one-line reason.
    """

    __slots__ = ("_hello", "_messages", "_read", "_records")

    def __init__(self) -> None:
        self._records = bytearray()
        self._messages = bytearray()
        self._read = 0
        self._hello = False

    def feed(self, data: bytes) -> bytes | None:
        """The server's certificate once this stretch completes it, ``None`` while more is needed.

        Raises :class:`TlsError` when the flight ends without one (the reason says why).
        """
        room = MAX_FLIGHT_BYTES - self._read
        data = data[:room]
        self._read += len(data)
        records = self._records
        records += data
        while len(records) >= 5:
            kind, major, length = records[0], records[1], (records[3] << 8) | records[4]
            if kind != _HANDSHAKE:
                raise TlsError(_NOT_HANDSHAKE.get(kind, "TLS server flights with a record that is not TLS"))
            if major != 3:
                raise TlsError("TLS server flights with a record of an unknown protocol version")
            if length > MAX_RECORD:
                raise TlsError("TLS server records longer than the protocol allows")
            if len(records) < 5 + length:
                break
            self._messages += records[5 : 5 + length]
            del records[: 5 + length]
            der = self._handshake()
            if der is not None:
                return der
        if self._read >= MAX_FLIGHT_BYTES:
            raise TlsError(f"TLS server flights with no certificate in their first {MAX_FLIGHT_BYTES // 1024} KiB "
                           "(not read)")
        return None

    def _handshake(self) -> bytes | None:
        messages = self._messages
        while len(messages) >= 4:
            kind, length = messages[0], int.from_bytes(messages[1:4], "big")
            if length > MAX_FLIGHT_BYTES:
                raise TlsError("TLS server handshake messages longer than camaudit reads")
            if len(messages) < 4 + length:
                return None
            body = bytes(messages[4 : 4 + length])
            del messages[: 4 + length]
            if not self._hello:
                if kind != _SERVER_HELLO:
                    raise TlsError("TLS server flights that do not start with a ServerHello")
                self._hello = True
                if _tls13(body):
                    raise TlsError("TLS 1.3 sessions (the certificate is encrypted on the wire; not read)")
            elif kind == _CERTIFICATE:
                return _first_certificate(body)
            elif kind in _AFTER_CERTIFICATE:
                raise TlsError("TLS sessions whose server sent no certificate (anonymous or PSK)")
        return None


_NOT_HANDSHAKE = {
    _CHANGE_CIPHER_SPEC: "TLS sessions resumed without a certificate (the server sent none)",
    _ALERT: "TLS server flights ended by an alert before the certificate",
    _APPLICATION_DATA: "TLS server flights encrypted before a certificate",
}


def _tls13(hello: bytes) -> bool:
    """Whether a ServerHello chose TLS 1.3 (``supported_versions`` 0x0304, or a 0x7fNN draft)."""
    pos = 2 + 32  # legacy version, random
    if pos + 1 > len(hello):
        raise TlsError("TLS ServerHellos cut off before their session id")
    pos += 1 + hello[pos] + 2 + 1  # session id, cipher suite, compression method
    if pos + 2 > len(hello):
        if pos > len(hello):
            raise TlsError("TLS ServerHellos cut off before their cipher suite")
        return False  # no extensions: TLS 1.2 or older
    end = min(len(hello), pos + 2 + ((hello[pos] << 8) | hello[pos + 1]))
    pos += 2
    while pos + 4 <= end:
        kind, size = (hello[pos] << 8) | hello[pos + 1], (hello[pos + 2] << 8) | hello[pos + 3]
        pos += 4
        if kind == _SUPPORTED_VERSIONS:
            if size != 2 or pos + 2 > end:
                raise TlsError("TLS ServerHellos with a malformed supported_versions extension")
            return hello[pos] == 0x7F or (hello[pos] << 8 | hello[pos + 1]) >= 0x0304
        pos += size
    return False


def _first_certificate(message: bytes) -> bytes:
    """The first certificate (the server's own) of a TLS 1.0-1.2 Certificate message."""
    if len(message) < 3:
        raise TlsError("TLS Certificate messages too short for their list")
    listed = int.from_bytes(message[0:3], "big")
    if listed == 0:
        raise TlsError("TLS Certificate messages with no certificate")
    if listed + 3 > len(message) or listed < 3:
        raise TlsError("TLS Certificate messages whose list runs past the message")
    size = int.from_bytes(message[3:6], "big")
    if size == 0 or 6 + size > 3 + listed:
        raise TlsError("TLS Certificate messages whose first certificate runs past the list")
    return message[6 : 6 + size]
