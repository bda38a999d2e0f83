"""Write knowledge/data/nmap_stock_guesses.json: nmap service matches that name a device from a stock reply.

    .venv/bin/python scripts/nmap_stock_guesses.py [--probes /usr/share/nmap/nmap-service-probes] [--check]

nmap's service probes (``nmap-service-probes``) pair a regular expression over a service's reply with the product,
extra information, device type and hardware CPE the contributor's own device showed. Most expressions quote what
makes that device's reply its own: a model in a greeting, a realm, a page title. Some quote nothing but a stock
reply -- BusyBox ftpd's "220 Operation successful", a telnet daemon's option negotiation and a ``login:`` prompt --
which every device built on that stack sends alike, and still name one device (``i/D-Link DCS-932L IP-Cam camera/``,
``p/D-Link DSL-2640B ADSL router telnetd/``). On any other device with that stack nmap's maker, model and device type
are a guess: a camera's BusyBox telnetd is called a D-Link router, an OpenWrt router's ftpd a D-Link camera.

A match is listed when, on a text service (FTP, telnet, SSH, SMTP, POP3, IMAP, HTTP, RTSP, UPnP), it names a hardware
vendor or a device type, takes neither from the reply (no ``$1`` in the naming part), and its expression holds fewer
than three letters once protocol boilerplate is taken out: telnet option bytes, status codes and reason phrases,
standard header names and values, method names, login prompts and greeting words, and the stock phrases below (each
with where it comes from). identify/stock_guesses.py drops the device claims of a listed match.

``--check`` exits 1 when the file on disk differs from what the probes installed here give (the unit test runs it).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import re
import sys
from http import HTTPStatus
from pathlib import Path

PROBES = Path("/usr/share/nmap/nmap-service-probes")
OUT = Path(__file__).resolve().parent.parent / "src" / "camaudit" / "knowledge" / "data" / "nmap_stock_guesses.json"
TEXT_SERVICES = frozenset({"ftp", "telnet", "ssh", "smtp", "pop3", "imap", "http", "http-proxy", "rtsp", "upnp"})
#: Phrases a stack sends whatever device it runs on, with where that is written.
STOCK_PHRASES = {
    "operation successful": "BusyBox networking/ftpd.c: the text of every positive reply, the 220 greeting included "
    "(github:mirror/busybox networking/ftpd.c, STR(FTP_GREET) ' Operation successful')",
}
_MATCH = re.compile(r"^match (\S+) m(.)(.*?)\2([si]*) (.*)$")
_BOILERPLATE = [re.compile(p) for p in (
    # the protocol names of a status line ("HTTP/1\.[01]" leaves "http" once the syntax is gone)
    r"\b(https?|rtsp)\b",
    r"\b(ok|bad request|not found|unauthorized|forbidden|request timeout|not implemented|internal server error|"
    r"service unavailable|moved temporarily|found|redirect|method not allowed|rtsp version not supported)\b",
    r"\b(content-type|content-length|connection|date|server|cseq|public|allow|expires|cache-control|pragma|"
    r"last-modified|etag|accept-ranges|www-authenticate|location|transfer-encoding|keep-alive|close|chunked|text/html|"
    r"text/plain|charset|iso-8859-1|utf-8|no-cache|bytes|gmt)\b",
    r"\b(options|describe|setup|play|pause|teardown|get_parameter|set_parameter|announce|record)\b",
    r"\b(basic|digest|realm)\b",
    r"\b(login|username|password|user|name|ftp|server|ready|welcome|to|the|service)\b",
)]
#: Regex syntax and escapes that carry no text: telnet option bytes (\xff\xfb\x01 ...), line ends, classes, groups.
_SYNTAX = re.compile(r"\\x[0-9a-fA-F]{2}|\\[rnt0]|\\[dDwWsS]|\[[^\]]*\]|\([?:!<=]*|[)|^$*+?{}.,0-9]|\\")


def _directive(rest: str, key: str) -> str | None:
    found = re.search(r"(?:^| )" + key + r"([/|])(.*?)\1", rest)
    return found.group(2) if found else None


def _letters_left(expression: str) -> str:
    text = _SYNTAX.sub(" ", expression).lower()
    for phrase in STOCK_PHRASES:
        text = text.replace(phrase, " ")
    for pattern in _BOILERPLATE:
        text = pattern.sub(" ", text)
    return re.sub(r"[^a-z]", "", text)


_STATUS = re.compile(r"\^?(HTTP|RTSP)(\S*?) (\S+?) (.*?)\\r\\n")
_STANDARD_VERSION = re.compile(r"/1\\\.(?:0|1|\[01\])")
_ANY_CODE = re.compile(r"\\d\\d\\d|\\d\{3\}|\[[0-9-]+\]\d\d|\d\[[0-9-]+\]\d|\d\d\[[0-9-]+\]")
#: RTSP's own reason phrases (RFC 2326 section 7.1.1) where HTTP's differ or have none.
_RTSP_PHRASES = {451: "parameter not understood", 454: "session not found", 455: "method not valid in this state",
                 457: "invalid range", 459: "aggregate operation not allowed", 461: "unsupported transport",
                 505: "rtsp version not supported", 551: "option not supported"}
#: An RTSP method list (Public or Allow): its order is the server's own, and rules/rtsp.yaml reads orders itself.
_METHOD_LIST = re.compile(r"(?i)(?:public|allow): (?:[A-Z_]+, ){2,}")


def _stack_quirk(expression: str) -> bool:
    """Whether the expression quotes a stack's own form: a malformed status line, a code with a foreign reason phrase,
    or an RTSP method list in a server's order. Such text has no letters of its own to count and still tells stacks
    apart (``HTTP1.1 405``, ``HTTP/1.0 -1 Internal Server Error``, ``511 Not Implemented``)."""
    if _METHOD_LIST.search(expression):
        return True
    status = _STATUS.match(expression)
    if not status:
        return False
    protocol, version, code, phrase = status.groups()
    if not _STANDARD_VERSION.fullmatch(version):
        return True
    if _ANY_CODE.fullmatch(code):
        return False
    if not code.isdigit() or len(code) != 3:
        return True
    if phrase in ("", ".*", "[^\\r\\n]*") or re.search(r"[\\.*+?\[(]", phrase):
        return False
    wanted = {_RTSP_PHRASES[int(code)]} if protocol == "RTSP" and int(code) in _RTSP_PHRASES else set()
    with contextlib.suppress(ValueError):  # a code HTTP does not define
        wanted.add(HTTPStatus(int(code)).phrase.lower())
    return phrase.lower() not in wanted


def _quotes_model(expression: str, hardware: list[str]) -> bool:
    """Whether the expression quotes a hardware CPE's model (``220 C500 FTP Server`` for ``lexmark:c500``)."""
    text = re.sub(r"\\(.)", r"\1", expression).lower()
    models = (h.split(":", 1)[1].replace("_", " ") for h in hardware if ":" in h)
    return any(model and model in text for model in models)


def stock_guesses(probes: str) -> list[dict[str, object]]:
    """The listed matches of ``probes`` (the text of nmap-service-probes), in file order.

    A match is left out when a match not listed writes the same product and extra information: an nmap result cannot
    say which of the two expressions it came from, and the other one quotes the device's own text.
    """
    listed: list[dict[str, object]] = []
    quoted: set[tuple[str | None, str | None]] = set()
    for number, line in enumerate(probes.splitlines(), 1):
        found = _MATCH.match(line)
        if not found:
            continue
        rest = found.group(5)
        product, info, kind = (_directive(rest, key) for key in ("p", "i", "d"))
        hardware = re.findall(r"cpe:/h:([^ /]+)", rest)
        if (
            found.group(1) not in TEXT_SERVICES or not product
            or not (hardware or kind in ("webcam", "security-misc"))
            or any("$" in h for h in hardware) or "$" in product
            or len(_letters_left(found.group(3))) >= 3 or _quotes_model(found.group(3), hardware)
            or _stack_quirk(found.group(3))
        ):
            quoted.add((product, info))
            continue
        listed.append({
            "line": number, "service": found.group(1), "product": product, "extrainfo": info, "devicetype": kind,
            "cpe": [f"cpe:/h:{h}" for h in hardware],
        })
    return [row for row in listed if (row["product"], row["extrainfo"]) not in quoted]


def document(probes: str, version: str) -> dict[str, object]:
    return {
        "_about": "nmap service matches that name a device (maker, model, device type) from a stock reply that "
        f"every device of the stack sends; generated by scripts/nmap_stock_guesses.py from nmap-service-probes "
        f"({version}); identify/stock_guesses.py drops those claims. Stock phrases: {STOCK_PHRASES}",
        "guesses": stock_guesses(probes),
    }


def _version(probes: str) -> str:
    found = re.search(r"^# (\$Id: nmap-service-probes [^$]*\$)", probes, re.MULTILINE)
    return found.group(1) if found else "no $Id line"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--probes", type=Path, default=PROBES)
    parser.add_argument("--check", action="store_true", help="exit 1 when the file on disk is stale")
    args = parser.parse_args(argv)
    text = args.probes.read_text(encoding="latin-1")
    wanted = json.dumps(document(text, _version(text)), indent=1, ensure_ascii=False) + "\n"
    if args.check:
        stale = not OUT.exists() or json.loads(OUT.read_text())["guesses"] != json.loads(wanted)["guesses"]
        print(f"{OUT.name}: {'stale' if stale else 'up to date'}")
        return 1 if stale else 0
    OUT.write_text(wanted, encoding="utf-8")
    print(f"{OUT.name}: {len(json.loads(wanted)['guesses'])} matches")
    return 0


if __name__ == "__main__":
    sys.exit(main())
