"""The server name in a QUIC client's first (Initial) packets.

QUIC encrypts even its first packets, but with keys derived from the connection id the packet itself
carries (RFC 9001 §5.2), so anyone on the path can read them. The derivation and decryption are done
by aioquic (``CryptoPair.setup_initial`` / ``decrypt_packet``), a maintained QUIC implementation, not
re-implemented here. The ClientHello inside may be split into several CRYPTO frames, out of order and
over two packets (browsers do both); the pieces are gathered per connection id, bounded, until the
ClientHello can be read.
"""

from __future__ import annotations

from aioquic.buffer import Buffer, BufferReadError
from aioquic.quic.crypto import CryptoError, CryptoPair
from aioquic.quic.packet import QuicPacketType, pull_quic_header

from camaudit.passive.tls import TlsError, client_hello_sni

#: QUIC versions whose Initial keys aioquic derives (v1 and v2).
_VERSIONS = frozenset({0x00000001, 0x6B3343CF})
#: Connections whose ClientHello is still being gathered; the oldest is forgotten beyond this.
MAX_PENDING = 256
#: Bytes of CRYPTO data gathered per connection (a post-quantum ClientHello is about 1.8 kB).
MAX_CRYPTO = 16_384
_PADDING, _PING, _ACK, _ACK_ECN, _CRYPTO = 0x00, 0x01, 0x02, 0x03, 0x06


class QuicError(ValueError):
    """The datagram looks like a QUIC Initial but cannot be read; the text says why."""


def looks_like_initial(payload: bytes) -> bool:
    """Cheap test before any decryption: a long-header packet of a version we can read, Initial type."""
    if len(payload) < 1200 or payload[0] & 0xC0 != 0xC0:
        return False  # clients pad Initial datagrams to at least 1200 bytes (RFC 9000 §14.1)
    version = int.from_bytes(payload[1:5], "big")
    if version not in _VERSIONS:
        return False
    packet_type = (payload[0] >> 4) & 0x03
    return packet_type == (0 if version == 1 else 1)


class InitialReader:
    """Reads client Initial packets and gathers their CRYPTO data per connection until the SNI is known."""

    def __init__(self) -> None:
        self._pending: dict[bytes, dict[int, bytes]] = {}

    def server_name(self, payload: bytes) -> str | None:
        """The SNI once the ClientHello is complete enough to read it; ``None`` while it is not (yet).

        Raises :class:`QuicError` for a packet that cannot be decrypted or parsed.
        """
        buf = Buffer(data=payload)
        try:
            header = pull_quic_header(buf, host_cid_length=8)
        except (BufferReadError, ValueError) as exc:
            raise QuicError("a QUIC Initial header cannot be read") from exc
        if header.packet_type != QuicPacketType.INITIAL or header.version is None:
            return None
        pair = CryptoPair()
        try:
            pair.setup_initial(cid=header.destination_cid, is_client=False, version=header.version)
            _plain, frames, _number = pair.decrypt_packet(payload[: header.packet_length], buf.tell(), 0)
        except (CryptoError, ValueError, BufferReadError) as exc:
            raise QuicError("a QUIC Initial packet cannot be decrypted") from exc
        pieces = self._pending.pop(header.destination_cid, {})
        _crypto_frames(frames, pieces)
        hello = _contiguous(pieces)
        try:
            name = client_hello_sni(hello) if len(hello) >= 4 else None
        except TlsError:
            name = None
        complete = len(hello) >= 4 and len(hello) >= 4 + int.from_bytes(hello[1:4], "big")
        if name is None and not complete and sum(map(len, pieces.values())) < MAX_CRYPTO:
            if len(self._pending) >= MAX_PENDING:
                self._pending.pop(next(iter(self._pending)))
            self._pending[header.destination_cid] = pieces
        return name


def _crypto_frames(frames: bytes, pieces: dict[int, bytes]) -> None:
    buf = Buffer(data=frames)
    try:
        while not buf.eof():
            kind = buf.pull_uint_var()
            if kind in (_PADDING, _PING):
                continue
            if kind in (_ACK, _ACK_ECN):
                buf.pull_uint_var()  # largest acknowledged
                buf.pull_uint_var()  # delay
                ranges = buf.pull_uint_var()
                buf.pull_uint_var()  # first range
                for _ in range(min(ranges, 256)):
                    buf.pull_uint_var()
                    buf.pull_uint_var()
                if kind == _ACK_ECN:
                    for _ in range(3):
                        buf.pull_uint_var()
                continue
            if kind != _CRYPTO:
                return  # any other frame type cannot appear before the ClientHello is read
            offset, length = buf.pull_uint_var(), buf.pull_uint_var()
            if offset + length > MAX_CRYPTO:
                return
            pieces[offset] = buf.pull_bytes(length)
    except BufferReadError:
        return


def _contiguous(pieces: dict[int, bytes]) -> bytes:
    """CRYPTO data from offset 0 as far as it runs without a gap."""
    out = b""
    for offset in sorted(pieces):
        if offset > len(out):
            break
        out += pieces[offset][len(out) - offset :]
    return out
