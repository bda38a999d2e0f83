"""Write the held-out replies of ``tests/data/heldout_formats/replies.sources.jsonl`` in every input format.

    .venv/bin/python bench/heldout_formats.py

Each source line is one real reply published by another project (an issue thread, a test fixture), kept
verbatim: ``reply`` (the text a scanner would store), ``kind`` (``http``, ``rtsp``, ``ssdp``, ``telnet``,
``tls``), ``port``, its label (``is_video``, ``maker``), ``source`` (a public locator), ``independent``
(no rule cites that source) and a ``note`` saying what was changed. This script writes the same replies
the way Shodan, zgrab2, Censys, masscan ``-oJ``, nmap ``-oX`` and camaudit's observation JSONL store them, one
corpus per format with its labels (``bench/accuracy.py`` measures every one), so a difference between the
formats' figures is a difference in what the importers read, never in the strings. Each label's note says
the record was rewritten into that format. Addresses are documentation addresses (192.0.2.0/24).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "tests" / "data" / "heldout_formats"
SOURCES = FOLDER / "replies.sources.jsonl"
STAMP = "2026-12-02T00:00:00Z"

Source = dict[str, Any]


def _address(index: int) -> str:
    return f"192.0.2.{100 + index}"


def _head(reply: str) -> tuple[str, list[tuple[str, str]], str]:
    """Status line, header (name, value) pairs and body of an HTTP-like reply."""
    head, _sep, body = reply.partition("\r\n\r\n")
    lines = head.split("\r\n")
    headers = []
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep and re.fullmatch(r"[A-Za-z0-9-]+", name):
            headers.append((name, value.strip()))
    return lines[0], headers, body


# --- zgrab2 -------------------------------------------------------------------------------------

_ZGRAB_KNOWN = {
    "server",
    "www_authenticate",
    "content_type",
    "content_length",
    "cache_control",
    "connection",
    "date",
    "expires",
    "pragma",
    "set_cookie",
    "location",
    "accept_ranges",
    "transfer_encoding",
}


def zgrab2(source: Source, index: int) -> dict[str, Any]:
    kind, port, reply = source["kind"], source["port"], source["reply"]
    if kind == "http":
        status, headers, body = _head(reply)
        known: dict[str, Any] = {}
        unknown: list[dict[str, Any]] = []
        for name, value in headers:
            key = name.lower().replace("-", "_")
            if key in _ZGRAB_KNOWN:
                known.setdefault(key, []).append(value)
            else:
                unknown.append({"key": key, "value": [value]})
        if unknown:
            known["unknown"] = unknown
        code = int(status.split()[1])
        response = {
            "status_line": status.split(" ", 1)[1],
            "status_code": code,
            "protocol": {"name": status.split()[0]},
            "headers": known,
            "request": {"url": {"scheme": "http", "host": _address(index), "path": "/"}, "method": "GET"},
        }
        if body:
            response["body"] = body
        return _zgrab2_record(index, "http", port, {"response": response})
    if kind == "tls":
        parsed = {"subject_dn": source["subject_dn"], "issuer_dn": source["issuer_dn"]}
        handshake = {"server_certificates": {"certificate": {"parsed": parsed}}}
        return _zgrab2_record(index, "tls", port, {"handshake_log": handshake})
    module = "telnet" if kind == "telnet" else "banner"
    return _zgrab2_record(index, module, port, {"banner": reply})


def _zgrab2_record(index: int, module: str, port: int, result: dict[str, Any]) -> dict[str, Any]:
    """One zgrab2 output line holding one successful module's result, as zgrab2 writes it."""
    entry = {"status": "success", "protocol": module, "port": port, "result": result, "timestamp": STAMP}
    return {"ip": _address(index), "data": {module: entry}}


# --- Censys (Search 2.0 host) -----------------------------------------------------------------------


def censys(source: Source, index: int) -> dict[str, Any]:
    kind, port, reply = source["kind"], source["port"], source["reply"]
    names = {"http": "HTTP", "rtsp": "RTSP", "ssdp": "SSDP", "telnet": "TELNET", "tls": "HTTP"}
    service: dict[str, Any] = {
        "port": port,
        "service_name": names[kind],
        "transport_protocol": source.get("transport", "tcp").upper(),
        "observed_at": STAMP,
    }
    if kind == "tls":
        service["tls"] = {
            "certificates": {"leaf_data": {"subject_dn": source["subject_dn"], "issuer_dn": source["issuer_dn"]}}
        }
    else:
        service["banner"] = reply.partition("\r\n\r\n")[0] + "\r\n" if kind == "http" else reply
    if kind == "http":
        status, headers, body = _head(reply)
        grouped: dict[str, list[str]] = {}
        for name, value in headers:
            grouped.setdefault("_".join(p.capitalize() for p in name.split("-")), []).append(value)
        response: dict[str, Any] = {"status_code": int(status.split()[1]), "headers": grouped}
        if body:
            response["body"] = body
        service["http"] = {"request": {"method": "GET", "uri": f"http://{_address(index)}/"}, "response": response}
    return {"ip": _address(index), "services": [service], "last_updated_at": STAMP}


# --- masscan -oJ ------------------------------------------------------------------------------------


def masscan(source: Source, index: int) -> list[dict[str, Any]]:
    """masscan's events for one endpoint: the port status, then one banner line per banner it grabs."""
    kind, port, reply = source["kind"], source["port"], source["reply"]
    ip = _address(index)
    proto = source.get("transport", "tcp")
    events: list[dict[str, Any]] = [
        {
            "ip": ip,
            "timestamp": "1764633600",
            "ports": [{"port": port, "proto": proto, "status": "open", "reason": "syn-ack", "ttl": 64}],
        }
    ]
    banners: list[tuple[str, str]] = []
    if kind == "http":
        head = reply.partition("\r\n\r\n")[0] + "\r\n\r\n"
        server = next((v for n, v in _head(reply)[1] if n.lower() == "server"), None)
        if server:
            banners.append(("http.server", server))
        banners.append(("http", head))
    elif kind == "telnet":
        banners.append(("telnet", reply))
    elif kind != "tls":
        banners.append(("unknown", reply))
    for name, text in banners:
        events.append(
            {
                "ip": ip,
                "timestamp": "1764633600",
                "ports": [{"port": port, "proto": proto, "service": {"name": name, "banner": text}}],
            }
        )
    return events


# --- nmap -oX ---------------------------------------------------------------------------------------


def _fp_escape(text: str) -> str:
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif 32 <= ord(ch) < 127:
            out.append(ch)
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\n":
            out.append("\\n")
        else:
            out.append(f"\\x{ord(ch) & 0xFF:02x}")
    return "".join(out)


def nmap(source: Source, index: int) -> str:
    """One ``<host>``: a service nmap did not recognise keeps the reply in its service fingerprint."""
    kind, port, reply = source["kind"], source["port"], source["reply"]
    proto = source.get("transport", "tcp")
    scripts = ""
    service_name = {"http": "http", "rtsp": "rtsp", "ssdp": "upnp", "telnet": "telnet", "tls": "https"}[kind]
    attrs = f'name="{service_name}" method="probed" conf="10"'
    if kind == "tls":
        names = []
        for key, dn in (("subject", source["subject_dn"]), ("issuer", source["issuer_dn"])):
            elems = "".join(
                f"<elem key={quoteattr(_NMAP_NAMES.get(k.strip(), k.strip()))}>{_xml(v)}</elem>"
                for k, _s, v in (part.partition("=") for part in re.split(r", (?=[A-Z]+=)", dn))
            )
            names.append(f'<table key="{key}">{elems}</table>')
        scripts = f'<script id="ssl-cert" output="">{"".join(names)}</script>'
    else:
        probe = {"http": "GetRequest", "rtsp": "RTSPRequest", "ssdp": "GenericLines", "telnet": "NULL"}[kind]
        answer = _fp_escape(reply)
        header = f"SF-Port{port}-TCP:V=7.94%I=7%D=12/2%Time=0%P=x86_64-pc-linux-gnu"
        fingerprint = f'{header}%r({probe},{len(reply):X},"{answer}");'
        # nmap wraps the fingerprint in 80-character lines, each continued with "SF:".
        wrapped = "\nSF:".join(fingerprint[i : i + 76] for i in range(0, len(fingerprint), 76))
        attrs = f'name="{service_name}" servicefp={quoteattr(wrapped)} method="probed" conf="10"'
    return (
        f'<host starttime="1764633600" endtime="1764633601"><status state="up" reason="syn-ack"/>'
        f'<address addr="{_address(index)}" addrtype="ipv4"/><hostnames/><ports>'
        f'<port protocol="{proto}" portid="{port}"><state state="open" reason="syn-ack"/>'
        f"<service {attrs}/>{scripts}</port></ports></host>"
    )


_NMAP_NAMES = {
    "CN": "commonName",
    "C": "countryName",
    "ST": "stateOrProvinceName",
    "L": "localityName",
    "O": "organizationName",
    "OU": "organizationalUnitName",
}


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


# --- Shodan banner ----------------------------------------------------------------------------------


def shodan(source: Source, index: int) -> dict[str, Any]:
    """A Shodan banner: the reply in ``data`` (the head only for HTTP, as Shodan stores it), the module named."""
    kind, reply = source["kind"], source["reply"]
    banner: dict[str, Any] = {
        "ip_str": _address(index),
        "port": source["port"],
        "transport": source.get("transport", "tcp"),
        "timestamp": STAMP[:-1],
        "_shodan": {"module": {"ssdp": "upnp", "tls": "https"}.get(kind, kind)},
    }
    if kind == "tls":
        banner["data"] = ""
        banner["ssl"] = {"cert": {"subject": _dn_dict(source["subject_dn"]), "issuer": _dn_dict(source["issuer_dn"])}}
    elif kind == "http":
        head, _sep, body = reply.partition("\r\n\r\n")
        banner["data"] = head + "\r\n\r\n"
        banner["http"] = {"status": int(head.split()[1]), "html": body or None}
    else:
        banner["data"] = reply
    return banner


def _dn_dict(dn: str) -> dict[str, str]:
    return {k.strip(): v for k, _s, v in (part.partition("=") for part in re.split(r", (?=[A-Z]+=)", dn))}


# --- camaudit observation JSONL ------------------------------------------------------------------------


def observation(source: Source, index: int) -> dict[str, Any]:
    """A raw reply in camaudit's own JSONL: a ``banner`` field another tool wrote (read by content)."""
    fields = (
        {"tls.subject": source["subject_dn"], "tls.issuer": source["issuer_dn"]}
        if source["kind"] == "tls"
        else {"banner": source["reply"]}
    )
    return {
        "ip": _address(index),
        "port": source["port"],
        "transport": source.get("transport", "tcp"),
        "protocol": "banner",
        "source": "import",
        "seen_at": STAMP,
        "fields": fields,
    }


# --- the same replies in other real variants of those formats ---------------------------------------


def _masscan_escape(text: str) -> str:
    """masscan's ``normalize_string``: bytes that are not printable ASCII, and ``<>&\\"'``, as ``\\xNN``."""
    return "".join(
        chr(b) if 32 <= b < 127 and chr(b) not in "<>&\\\"'" else f"\\x{b:02x}" for b in text.encode("utf-8")
    )


def masscan_list(source: Source, index: int) -> list[str]:
    """``masscan -oL`` lines of one endpoint: ``open ...``, then ``banner ... <kind> <escaped banner>``."""
    proto = source.get("transport", "tcp")
    lines = [f"open {proto} {source['port']} {_address(index)} 1764633600"]
    for event in masscan(source, index)[1:]:
        service = event["ports"][0]["service"]
        lines.append(
            f"banner {proto} {source['port']} {_address(index)} 1764633601 {service['name']} "
            + _masscan_escape(service["banner"])
        )
    return lines


def masscan_xml(source: Source, index: int) -> list[str]:
    """``masscan -oX`` lines of one endpoint: one ``<host>`` per event, as masscan writes them."""
    proto, port, ip = source.get("transport", "tcp"), source["port"], _address(index)
    state = '<state state="open" reason="syn-ack" reason_ttl="64" />'
    lines = [
        f'<host endtime="1764633600"><address addr="{ip}" addrtype="ipv4"/><ports><port protocol="{proto}"'
        f' portid="{port}">{state}</port></ports></host>'
    ]
    for event in masscan(source, index)[1:]:
        service = event["ports"][0]["service"]
        lines.append(
            f'<host endtime="1764633601"><address addr="{ip}" addrtype="ipv4"/><ports><port protocol="{proto}"'
            f' portid="{port}">{state}<service name="{service["name"]}"'
            f' banner="{_masscan_escape(service["banner"])}"></service></port></ports></host>'
        )
    return lines


def nmap_banner(source: Source, index: int) -> str:
    """One ``<host>`` whose reply is in nmap's ``banner`` script (control bytes written ``\\xNN``)."""
    host = nmap(source, index)
    if source["kind"] == "tls":
        return host
    output = "".join(ch if 32 <= ord(ch) < 127 else f"\\x{ord(ch):02X}" for ch in source["reply"])
    service = {"http": "http", "rtsp": "rtsp", "ssdp": "upnp", "telnet": "telnet"}[source["kind"]]
    start = host.index("<service ")
    end = host.index("/>", start) + 2
    return (
        host[:start]
        + f'<service name="{service}" method="table" conf="3"/><script id="banner" output={quoteattr(output)}/>'
        + host[end:]
    )


def raw_reply(source: Source, index: int) -> dict[str, Any]:
    """A raw reply as a collector's JSON line: address, port, the reply (every other one base64)."""
    line: dict[str, Any] = {"ip": _address(index), "port": source["port"], "proto": source.get("transport", "tcp")}
    if index % 2:
        line["data_b64"] = base64.b64encode(source["reply"].encode("utf-8")).decode("ascii")
    else:
        line["banner"] = source["reply"]
    return line


def shodan_host(source: Source, index: int) -> dict[str, Any]:
    """A Shodan host lookup (``shodan host --format json``): the host, its banners under ``data``."""
    banner = shodan(source, index)
    return {"ip_str": banner["ip_str"], "ports": [banner["port"]], "data": [banner]}


# --- writing ---------------------------------------------------------------------------------------


def _label(source: Source, line: int, fmt: str) -> dict[str, Any]:
    return {
        "line": line,
        "id": source["id"],
        "is_video": source["is_video"],
        "maker": source["maker"],
        "independent": source["independent"],
        "source": source["source"],
        "checked": source["checked"],
        "note": f"rewritten into {fmt} by bench/heldout_formats.py; {source['note']}",
    }


def _write_lines(name: str, fmt: str, sources: list[Source], render: Callable[[Source, int], Any]) -> None:
    lines, labels = [], []
    for index, source in enumerate(sources):
        lines.append(json.dumps(render(source, index), ensure_ascii=False))
        labels.append(_label(source, len(lines), fmt))
    _save(name, "\n".join(lines) + "\n", labels)


def _save(name: str, text: str, labels: list[dict[str, Any]]) -> None:
    (FOLDER / name).write_text(text, encoding="utf-8")
    stem = name.rsplit(".", 1)[0]
    (FOLDER / f"{stem}.labels.jsonl").write_text(
        "".join(json.dumps(label, ensure_ascii=False) + "\n" for label in labels), encoding="utf-8"
    )


def main() -> None:
    sources = [json.loads(line) for line in SOURCES.read_text(encoding="utf-8").splitlines() if line.strip()]
    _write_lines("replies.shodan.jsonl", "shodan", sources, shodan)
    _write_lines("replies.zgrab2.jsonl", "zgrab2", sources, zgrab2)
    _write_lines("replies.censys.jsonl", "censys", sources, censys)
    _write_lines("replies.jsonl.jsonl", "jsonl", sources, observation)
    # masscan: an -oJ array, one event per line; a record's position is the line of its first event.
    lines, labels = ["["], []
    for index, source in enumerate(sources):
        if source["kind"] == "tls":
            continue  # masscan keeps a certificate only as DER (--capture cert); the thread shows names only
        for event in masscan(source, index):
            if len(lines) > 1:
                lines.append(",")
            lines.append(json.dumps(event, ensure_ascii=False))
            if len(event["ports"][0]) > 3 and "status" in event["ports"][0]:
                labels.append(_label(source, len(lines), "masscan -oJ"))
    lines.append("]")
    _save("replies.masscan.json", "\n".join(lines) + "\n", labels)
    _write_variants(sources)
    hosts = [nmap(source, index) for index, source in enumerate(sources)]
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE nmaprun>\n'
        '<nmaprun scanner="nmap" args="nmap -sV" start="1764633600" version="7.94" xmloutputversion="1.05">\n'
        + "\n".join(hosts)
        + "\n</nmaprun>\n"
    )
    _save("replies.nmap.xml", xml, [_label(s, i + 1, "nmap -oX") for i, s in enumerate(sources)])


def _write_variants(sources: list[Source]) -> None:
    replies = [source for source in sources if source["kind"] != "tls"]  # a collector keeps no certificate text
    _write_lines("variants-raw.jsonl.jsonl", "collector JSON lines (banner / data_b64)", replies, raw_reply)
    _write_lines("variants-host.shodan.jsonl", "Shodan host lookups", sources, shodan_host)
    for name, fmt, render, head, tail in (
        ("variants-list.masscan.txt", "masscan -oL", masscan_list, ["#masscan"], ["# end"]),
        (
            "variants-xml.masscan.xml",
            "masscan -oX",
            masscan_xml,
            ['<?xml version="1.0"?>', "<!-- masscan v1.3.2 scan -->", '<nmaprun scanner="masscan" start="1764633600">'],
            ["<runstats>", '<finished time="1764633602" />', "</runstats>", "</nmaprun>"],
        ),
    ):
        lines, labels = list(head), []
        for index, source in enumerate(sources):
            if source["kind"] == "tls":
                continue  # masscan keeps a certificate only as DER; the thread shows names only
            labels.append(_label(source, len(lines) + 1, fmt))
            lines.extend(render(source, index))
        _save(name, "\r\n".join(lines + tail) + "\r\n", labels)
    hosts = [nmap_banner(source, index) for index, source in enumerate(sources)]
    xml = '<?xml version="1.0" encoding="UTF-8"?>\n<nmaprun scanner="nmap" args="nmap --script banner">\n'
    _save(
        "variants-banner.nmap.xml",
        xml + "\n".join(hosts) + "\n</nmaprun>\n",
        [_label(s, i + 1, "nmap -oX, banner script") for i, s in enumerate(sources)],
    )


if __name__ == "__main__":
    main()
