"""Cleartext HTTP and RTSP seen in traffic: the host a client asks for, and what a server says it is.

A response is read from the first segment that starts with its status line, head and (when it fits in
the same segment) the start of the body; the head is parsed by the same function live probes use, and
the fields are the live probes' field names (docs/observation-fields.md), so the same fingerprint rules
apply. Segments are not reassembled: a head split over two segments is read as far as it goes.
"""

from __future__ import annotations

from camaudit.protocols import soap_envelope
from camaudit.protocols.http import html_title, parse_head, reason_phrase
from camaudit.protocols.http_body import body_text, decoded_body

#: Request methods whose requests carry a ``Host`` worth reading (RTSP requests name the device itself).
_METHODS = (b"GET ", b"POST ", b"HEAD ", b"PUT ", b"DELETE ", b"OPTIONS ", b"PATCH ", b"CONNECT ")
#: First bytes of those methods: a cheap test before ``startswith`` on every bulk segment.
REQUEST_STARTS = frozenset(m[0] for m in _METHODS)
#: Headers kept per protocol, under the field names live probes use.
_HEADERS = {
    "http": (("server", "http.server"), ("www-authenticate", "http.www_authenticate"), ("location", "http.location"),
             ("set-cookie", "http.set_cookie")),
    # Allow (an error answer's method list) first, so that a Public header replaces it.
    "rtsp": (("server", "rtsp.server"), ("www-authenticate", "rtsp.www_authenticate"), ("allow", "rtsp.public"),
             ("public", "rtsp.public")),
}
#: Bytes of a segment read as head; a longer head is cut here.
MAX_HEAD = 8192
#: Start of the body kept in ``http.body`` (the part in the first segment only).
MAX_BODY = 4096


def is_request(payload: bytes) -> bool:
    """True when a TCP payload starts like an HTTP request."""
    return payload.startswith(_METHODS)


def request_host(payload: bytes) -> str | None:
    """The ``Host`` of an HTTP request (lower case, port removed), or ``None``."""
    head = payload[:MAX_HEAD]
    start = head.find(b"\nhost:")
    if start < 0:
        start = head.lower().find(b"\nhost:")
        if start < 0:
            return None
    end = head.find(b"\n", start + 6)
    value = head[start + 6 : end if end >= 0 else len(head)].strip().decode("ascii", errors="replace")
    if value.startswith("["):  # [2001:db8::1]:8080
        value = value[1 : value.find("]")] if "]" in value else value
    else:
        value = value.rsplit(":", 1)[0] if value.count(":") == 1 else value
    value = value.strip().rstrip(".").lower()
    return value if 0 < len(value) <= 255 else None


def response_fields(payload: bytes) -> tuple[str, dict[str, str]] | None:
    """``("http" | "rtsp", fields)`` of a response segment, or ``None`` when it is not one."""
    if payload.startswith(b"HTTP/1."):
        protocol = "http"
    elif payload.startswith(b"RTSP/1."):
        protocol = "rtsp"
    else:
        return None
    data = payload[: MAX_HEAD + MAX_BODY]
    split = data.find(b"\r\n\r\n")
    head, body = (data, b"") if split < 0 else (data[:split], data[split + 4 : split + 4 + MAX_BODY])
    status, reason, headers, block = parse_head(head[:MAX_HEAD])
    fields = {f"{protocol}.status": str(status), f"{protocol}.headers": block}
    phrase = reason_phrase(reason) if protocol == "rtsp" else ""
    if phrase:
        fields["rtsp.reason"] = phrase
    for header, key in _HEADERS[protocol]:
        # An empty value (``Server:`` with nothing after it) says nothing: a field of "" or a stray newline
        # joining it to a real value would be matched by rules and shown as if the device had said something.
        values = [v for k, v in headers if k.lower() == header and v]
        if values:
            fields[key] = "\n".join(values)
    if protocol == "http" and body:
        # Read as the live probe and the importers read a body: de-chunked, inflated, in its declared charset.
        text = body_text(decoded_body(body, block), block)[:MAX_BODY]
        fields["http.body"] = text
        said = soap_envelope.body_request(text)  # whose words an envelope is, said once (protocols/soap_envelope.py)
        if said:
            fields[soap_envelope.BODY_REQUEST] = said
        title = html_title(text)
        if title:
            fields["http.title"] = title
    return protocol, fields
