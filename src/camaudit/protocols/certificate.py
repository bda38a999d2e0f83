"""A device's X.509 certificate into the ``tls.*`` fields, one way for every path that holds its bytes.

The live HTTPS probe gets the certificate as DER from the handshake; masscan keeps it as base64 DER, Shodan and
httpx as PEM. All read it here, so one certificate gives the same fields wherever it was seen:

* ``tls.subject`` and ``tls.issuer``: RFC 4514 strings as ``cryptography`` prints them (most specific attribute
  first; a multi-valued RDN joined with ``+``; attributes without a short name by dotted OID) -- the spelling
  the importers of parsed certificates (Censys, zgrab2, nmap) also write (``importers/text.py``);
* ``tls.san``: the subjectAltName's DNS names and IP addresses (docs/observation-fields.md), one a line, in the
  certificate's order; e-mail, URI and directory names are not host names and are left out. A certificate
  naming more than :data:`MAX_SAN_NAMES` hosts serves many tenants (a CDN, a hosting provider): its names say
  nothing about the device answering, and one of them may be a camera maker's own web site, so it gives none;
* ``tls.sha256``: the SHA-256 of the DER, whatever else could be read;
* the certificate's shape, where an expert reads a factory's conventions and a consultant its weaknesses:
  ``tls.not_before``/``tls.not_after`` (ISO 8601 UTC), ``tls.serial`` (lower-case hex of the serial number),
  ``tls.key_type`` (``rsa ec dsa ed25519 ed448``) and ``tls.key_bits``, ``tls.signature`` (``<hash>-<key>``:
  ``sha256-rsa``, ``sha1-rsa``, ``md5-rsa``, ``sha256-ecdsa``, ``rsa-pss``, ``ed25519`` ...) and
  ``tls.self_signed`` (issuer name = subject name: self-issued, RFC 5280 section 3.2, as a device's own
  certificate is; the signature is not checked, so stored copies without the bytes read the same). Importers
  of parsed certificates spell these their own ways; :func:`timestamp`, :func:`signature_name`,
  :func:`key_type_name` and :func:`serial_hex` bring each to the one spelling.

The certificate is never trusted, only read. Nothing here raises: a part that cannot be read (a name whose
string is not valid in its declared type, a repeated extension) is left out and the rest kept.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import re
import warnings
from collections.abc import Iterable, Mapping
from functools import lru_cache

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, rsa
from cryptography.utils import CryptographyDeprecationWarning

# A certificate whose serial number is zero or negative (RFC 5280 forbids both; printers and cameras made such
# self-signed certificates for years: an HP printer's in held-out batch 36) makes cryptography warn on standard error
# each time it is read. The warning is about the device, which the user cannot change, and nothing read here depends
# on it (serial_hex leaves such a serial out), so that one message is silenced where certificates are read: the live
# scan, every importer and the census's worker processes alike, at no cost per certificate.
warnings.filterwarnings(
    "ignore", message="Parsed a serial number which wasn't positive", category=CryptographyDeprecationWarning
)

#: A certificate longer than this is not a device's (they are 1-3 KiB); it is not parsed.
MAX_CERTIFICATE_BYTES = 16 * 1024
#: A certificate naming more hosts than this serves many tenants; its names are not the device's.
MAX_SAN_NAMES = 8
#: Most characters a name field keeps.
MAX_NAME_CHARS = 8 * 1024
#: What reading a malformed certificate raises: bad DER, and what cryptography refuses when it reads a name or
#: an extension (lazily): a string not valid in its type, a repeated extension, a kind of name it does not know.
_CERTIFICATE_ERRORS = (ValueError, UnicodeError, x509.DuplicateExtension, x509.UnsupportedGeneralNameType)
#: Most hex digits a serial keeps (RFC 5280 allows 20 octets; a longer one is kept cut, never refused).
MAX_SERIAL_HEX = 64
#: The signature algorithms by OID (RFC 3279, 4055, 5758, 8410), as ``<hash>-<key>``.
_SIGNATURES_BY_OID = {
    "1.2.840.113549.1.1.2": "md2-rsa", "1.2.840.113549.1.1.4": "md5-rsa", "1.2.840.113549.1.1.5": "sha1-rsa",
    "1.2.840.113549.1.1.14": "sha224-rsa", "1.2.840.113549.1.1.11": "sha256-rsa",
    "1.2.840.113549.1.1.12": "sha384-rsa", "1.2.840.113549.1.1.13": "sha512-rsa",
    "1.2.840.113549.1.1.10": "rsa-pss", "1.3.14.3.2.29": "sha1-rsa",
    "1.2.840.10045.4.1": "sha1-ecdsa", "1.2.840.10045.4.3.1": "sha224-ecdsa", "1.2.840.10045.4.3.2": "sha256-ecdsa",
    "1.2.840.10045.4.3.3": "sha384-ecdsa", "1.2.840.10045.4.3.4": "sha512-ecdsa",
    "1.2.840.10040.4.3": "sha1-dsa", "2.16.840.1.101.3.4.3.1": "sha224-dsa", "2.16.840.1.101.3.4.3.2": "sha256-dsa",
    "1.3.101.112": "ed25519", "1.3.101.113": "ed448",
}
#: A hash's name inside a signature algorithm's name as scanners spell it (``sha256WithRSAEncryption``,
#: ``SHA256-RSA``, ``ecdsa-with-SHA384``), longest first.
_HASH = re.compile(r"md[245]|sha(?:512|384|256|224|1)")
#: A timestamp as scanners write one: Shodan's GeneralizedTime ``20301231235959Z``, zcrypto's and Censys's
#: ``2030-12-31T23:59:59Z``, nmap's ``2030-12-31T23:59:59`` (and its old ``2030-12-31 23:59:59``), tlsx's RFC 3339;
#: UTC only (a zone other than UTC is not guessed at).
_TIMESTAMP = re.compile(
    r"(\d{4})-?(\d\d)-?(\d\d)[T ]?(\d\d):?(\d\d):?(\d\d)(?:\.\d{1,9})?(?:Z|[+-]00:?00| ?UTC| ?GMT)?"
)
_KEY_TYPES = {"rsa": "rsa", "rsaencryption": "rsa", "ec": "ec", "ecdsa": "ec", "idecpublickey": "ec",
              "ecpublickey": "ec", "dsa": "dsa", "ed25519": "ed25519", "ed448": "ed448"}
_PEM_BEGIN = "-----BEGIN CERTIFICATE-----"
_PEM_END = "-----END CERTIFICATE-----"
#: Most base64 characters a certificate of :data:`MAX_CERTIFICATE_BYTES` takes (4 per 3 bytes, line ends aside).
_MAX_BASE64_CHARS = MAX_CERTIFICATE_BYTES * 4 // 3 + 4


def certificate_fields(der: bytes) -> dict[str, str]:
    """The ``tls.*`` fields of a DER certificate; an unparsable one still yields its fingerprint."""
    fields = {"tls.sha256": hashlib.sha256(der).hexdigest()}
    if len(der) > MAX_CERTIFICATE_BYTES:
        return fields
    try:
        cert = x509.load_der_x509_certificate(der)
    except _CERTIFICATE_ERRORS:
        return fields
    for key, part in (("tls.subject", "subject"), ("tls.issuer", "issuer")):
        try:
            text = getattr(cert, part).rfc4514_string()[:MAX_NAME_CHARS]
        except _CERTIFICATE_ERRORS:
            continue
        if text:
            fields[key] = text
    try:
        san = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        names = [*san.get_values_for_type(x509.DNSName), *(str(ip) for ip in san.get_values_for_type(x509.IPAddress))]
    except (x509.ExtensionNotFound, *_CERTIFICATE_ERRORS):
        names = []
    lines = san_lines(names)
    if lines:
        fields["tls.san"] = lines
    put_shape(fields, _shape(cert))
    return fields


def _shape(cert: x509.Certificate) -> dict[str, str]:
    """Validity, serial, key and signature of a parsed certificate; what cannot be read is left out."""
    shape: dict[str, str] = {}
    try:
        shape["tls.not_before"] = _utc(cert.not_valid_before_utc)
        shape["tls.not_after"] = _utc(cert.not_valid_after_utc)
    except (*_CERTIFICATE_ERRORS, OverflowError):
        pass
    try:
        serial = serial_hex(cert.serial_number)
    except _CERTIFICATE_ERRORS:
        serial = None
    if serial is not None:
        shape["tls.serial"] = serial
    try:
        key = cert.public_key()
    except (*_CERTIFICATE_ERRORS, UnsupportedAlgorithm):
        key = None
    kind_bits = _key_kind(key)
    if kind_bits is not None:
        shape["tls.key_type"], shape["tls.key_bits"] = kind_bits[0], str(kind_bits[1])
    try:
        oid = cert.signature_algorithm_oid.dotted_string
    except _CERTIFICATE_ERRORS:
        oid = ""
    signature = _SIGNATURES_BY_OID.get(oid)
    if signature == "rsa-pss":
        try:
            hashed = cert.signature_hash_algorithm
        except (*_CERTIFICATE_ERRORS, UnsupportedAlgorithm):
            hashed = None
        signature = f"{hashed.name}-rsa-pss" if hashed is not None and _HASH.fullmatch(hashed.name) else signature
    if signature:
        shape["tls.signature"] = signature
    return shape


def _key_kind(key: object) -> tuple[str, int] | None:
    if isinstance(key, rsa.RSAPublicKey):
        return "rsa", key.key_size
    if isinstance(key, ec.EllipticCurvePublicKey):
        return "ec", key.curve.key_size
    if isinstance(key, dsa.DSAPublicKey):
        return "dsa", key.key_size
    if isinstance(key, ed25519.Ed25519PublicKey):
        return "ed25519", 256
    if isinstance(key, ed448.Ed448PublicKey):
        return "ed448", 456
    return None


def _utc(moment: dt.datetime) -> str:
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T"
            f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}Z")


def self_issued(subject: str, issuer: str) -> str:
    """``tls.self_signed``: ``true`` when the issuer's name is the subject's (both as one reader printed them)."""
    return "true" if subject == issuer else "false"


def timestamp(value: object) -> str | None:
    """A validity date as a scanner wrote it, in the ``tls.not_before`` spelling (``YYYY-MM-DDTHH:MM:SSZ``); None
    when it is not a UTC date and time."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    match = _TIMESTAMP.fullmatch(value.strip())
    if match is None:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        return _utc(dt.datetime(year, month, day, hour, minute, second))
    except ValueError:
        return None


def signature_name(value: object) -> str | None:
    """A signature algorithm's name (OpenSSL's ``sha256WithRSAEncryption``, zcrypto's ``SHA256-RSA``,
    ``ecdsa-with-SHA256``, ``ED25519``, a dotted OID) as ``tls.signature``; None when it names no known one."""
    if not isinstance(value, str) or len(value) > 64:
        return None
    return _signature_name(value)


@lru_cache(maxsize=256)
def _signature_name(value: str) -> str | None:
    # A scan file repeats a handful of names: each is spelled out once.
    text = value.strip()
    if text in _SIGNATURES_BY_OID:
        return _SIGNATURES_BY_OID[text]
    squeezed = re.sub(r"[^a-z0-9]", "", text.lower())
    if squeezed in ("ed25519", "ed448"):
        return squeezed
    if "ecdsa" in squeezed:
        key = "ecdsa"
    elif "pss" in squeezed:
        key = "rsa-pss"
    elif "rsa" in squeezed:
        key = "rsa"
    elif "dsa" in squeezed:
        key = "dsa"
    else:
        return None
    hashed = _HASH.search(squeezed)
    if hashed is None:
        return key if key == "rsa-pss" else None
    return f"{hashed.group()}-{key}"


def key_type_name(value: object) -> str | None:
    """A public-key algorithm's name (``RSA``, ``rsaEncryption``, ``ECDSA``, ``id-ecPublicKey``, ``ec``) as
    ``tls.key_type``; None when it names no known one."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    return _KEY_TYPES.get(value) or _KEY_TYPES.get(re.sub(r"[^a-z0-9]", "", value.lower()))


def key_bits(value: object) -> str | None:
    """A key size as ``tls.key_bits`` (a positive whole number of bits, at most 65536)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) <= 6:
        value = int(value.strip())
    return str(value) if isinstance(value, int) and 0 < value <= 65536 else None


def serial_hex(value: object, *, base: int = 10) -> str | None:
    """A serial number as ``tls.serial``: lower-case hex without leading zeros (``0`` for zero). ``value`` is an
    integer, or text in ``base`` (10: zcrypto's and Censys's decimal; 16: tlsx's ``0A:1B:..``, colons allowed);
    None for a negative or unreadable one."""
    if isinstance(value, str):
        text = value.strip().replace(":", "") if base == 16 else value.strip()
        if not text or len(text) > 2 * MAX_SERIAL_HEX or not text.isascii() or not text.isalnum():
            return None
        try:
            value = int(text, base)
        except ValueError:
            return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        return None
    return format(value, "x")[:MAX_SERIAL_HEX]


def put_shape(fields: dict[str, str], shape: Mapping[str, str | None]) -> None:
    """Set each readable ``tls.*`` shape value ``fields`` lacks, then ``tls.self_signed`` from the names."""
    for name, value in shape.items():
        if value is not None:
            fields.setdefault(name, value)
    subject, issuer = fields.get("tls.subject"), fields.get("tls.issuer")
    if subject is not None and issuer is not None:
        fields.setdefault("tls.self_signed", self_issued(subject, issuer))


def san_lines(names: Iterable[object]) -> str | None:
    """subjectAltName host names as the ``tls.san`` field (one a line), None when there are none or more than
    :data:`MAX_SAN_NAMES` (a shared certificate). Anything not a string is skipped."""
    texts: list[str] = []
    for name in names:
        text = name.strip() if isinstance(name, str) else ""
        if text:
            texts.append(text)
            if len(texts) > MAX_SAN_NAMES:
                return None
    return "\n".join(texts)[:MAX_NAME_CHARS] or None


def pem_der(pem: str) -> bytes | None:
    """The DER of the first certificate in PEM text, None when there is none or it is not base64."""
    begin = pem.find(_PEM_BEGIN, 0, 2 * _MAX_BASE64_CHARS)
    if begin < 0:
        return None
    begin += len(_PEM_BEGIN)
    end = pem.find(_PEM_END, begin, begin + 2 * _MAX_BASE64_CHARS)
    return base64_der(pem[begin:end]) if end >= 0 else None


def base64_der(text: str) -> bytes | None:
    """The DER of a certificate kept as base64 text (masscan's ``X509`` banner), None when it is not base64 or
    longer than a device's certificate."""
    if len(text) > 2 * _MAX_BASE64_CHARS:
        return None
    cut = "".join(text.split())
    if not cut or len(cut) > _MAX_BASE64_CHARS:
        return None
    try:
        return base64.b64decode(cut + "=" * (-len(cut) % 4), validate=True)
    except (binascii.Error, ValueError):
        return None
