"""One masscan banner into observation fields, by its kind (the names of masscan's ``src/masscan-app.c``).

Shared by the masscan reader (``-oJ``, ``-oD``, ``-oL``, ``-oG``) and the nmap XML reader, which also reads
masscan's ``-oX`` (``<service name="title" banner="..."/>``).
"""

from __future__ import annotations

import base64
import binascii

from cryptography import x509
from cryptography.hazmat.primitives import hashes

from camaudit.importers.base import put
from camaudit.importers.sniff import page_fields, sniff
from camaudit.importers.text import head_fields

_OWN_FIELD = {"ssh": "ssh.banner", "ftp": "ftp.banner", "telnet": "telnet.banner"}


def masscan_banner(name: str, text: str, fields: dict[str, str], port: int | None = None) -> str:
    """Put one masscan banner of kind ``name`` (``http``, ``title``, ``X509`` ...) of the endpoint's ``port`` into
    ``fields``; return the protocol it speaks for."""
    if name == "http":
        rest = head_fields(text, "http", fields) if text.startswith("HTTP/") else text
        if rest:
            page_fields(rest, fields)
        return "http"
    if name == "http.server":
        if "http.server" not in fields:
            put(fields, "http.server", text.strip())
        return "http"
    if name == "title":
        fields.setdefault("http.title", text.strip())
        return "http"
    if name == "html":
        page_fields(text, fields, fields.get("http.title"))
        return "http"
    if name in _OWN_FIELD:
        put(fields, _OWN_FIELD[name], text.strip())
        return name
    if name == "X509":
        _certificate(text, fields)
        return "tls"
    if name == "X509CA":
        return "tls"
    if name != "ssl":
        found = sniff(text, fields, port=port, hint=name)
        if found:
            return found
    put(fields, "banner", text.strip())
    return "tls" if name == "ssl" else name or "banner"


def _certificate(text: str, fields: dict[str, str]) -> None:
    # masscan --capture cert writes the server certificate as base64 DER.
    try:
        cert = x509.load_der_x509_certificate(base64.b64decode(text.strip()))
        # A name may be empty (no attributes): then there is no field, as with the other formats.
        names = {"tls.subject": cert.subject.rfc4514_string(), "tls.issuer": cert.issuer.rfc4514_string(),
                 "tls.sha256": cert.fingerprint(hashes.SHA256()).hex()}
        for name, value in names.items():
            if value and name not in fields:
                fields[name] = value
    except (ValueError, binascii.Error):
        put(fields, "banner", "X509: unparsable certificate")
