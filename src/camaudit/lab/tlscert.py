"""Self-signed certificates with a device's factory subject, made at lab start and cached per process."""

from __future__ import annotations

import datetime as dt
import functools
import os
import ssl
import tempfile

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID

from camaudit.lab.profile import TlsSpec


@functools.cache
def _key() -> rsa.RSAPrivateKey:
    # One RSA-2048 key per process: camera factory certificates are RSA, and generating a key per
    # device would make every test pay for it again.
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


#: Names camera certificates use that RFC 4514 does not abbreviate (Bosch puts SERIALNUMBER in its issuer).
_EXTRA_NAMES = {"SERIALNUMBER": NameOID.SERIAL_NUMBER}


def parse_name(text: str) -> x509.Name:
    """An X.509 name from its RFC 4514 string (ValueError when it is not one)."""
    return x509.Name.from_rfc4514_string(text, _EXTRA_NAMES)


@functools.cache
def certificate_pem(subject: str, issuer: str | None, not_before: dt.date, not_after: dt.date) -> bytes:
    """A PEM certificate whose subject and issuer print exactly as the RFC 4514 strings given."""
    key = _key()
    subject_name = parse_name(subject)
    issuer_name = parse_name(issuer) if issuer else subject_name
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject_name)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(dt.datetime.combine(not_before, dt.time(), tzinfo=dt.UTC))
        .not_valid_after(dt.datetime.combine(not_after, dt.time(23, 59, 59), tzinfo=dt.UTC))
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM)


@functools.cache
def server_context(spec: TlsSpec) -> ssl.SSLContext:
    """A server-side SSL context presenting the certificate ``spec`` describes (one per spec: a fleet of
    hundreds of devices shares a handful of contexts)."""
    pem = certificate_pem(spec.subject, spec.issuer, spec.not_before, spec.not_after)
    key_pem = _key().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    # Old camera firmware speaks TLS 1.0-1.2; the lab accepts what the stdlib allows, which is enough
    # for scanners to read the certificate.
    fd, path = tempfile.mkstemp(prefix="camaudit-lab-", suffix=".pem")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(key_pem + pem)
        # load_cert_chain only reads files; the file lives for this call only.
        ctx.load_cert_chain(path)
    finally:
        os.unlink(path)
    return ctx
