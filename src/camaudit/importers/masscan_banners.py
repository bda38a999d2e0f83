"""One masscan banner into observation fields, by its kind (the names of masscan's ``src/masscan-app.c``).

Shared by the masscan reader (``-oJ``, ``-oD``, ``-oL``, ``-oG``) and the nmap XML reader, which also reads
masscan's ``-oX`` (``<service name="title" banner="..."/>``).
"""

from __future__ import annotations

from camaudit.importers.base import put
from camaudit.importers.certificates import base64_certificate
from camaudit.importers.sniff import page_fields, sniff, telnet_text
from camaudit.importers.text import head_fields
from camaudit.protocols.http import clean_title

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
        title = clean_title(text)
        if title:
            fields.setdefault("http.title", title)
        return "http"
    if name == "html":
        page_fields(text, fields, fields.get("http.title"))
        return "http"
    if name in _OWN_FIELD:
        # A Telnet banner keeps the option negotiation the server sent first (IAC WILL ECHO ...): dropped, as
        # every other importer drops it, so a prompt rule anchored at the start of the text still holds.
        put(fields, _OWN_FIELD[name], (telnet_text(text) if name == "telnet" else text).strip())
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
    if not base64_certificate(text, fields):
        put(fields, "banner", "X509: unparsable certificate")
