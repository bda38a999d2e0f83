"""What identification loses when a reply comes from a second unit of the same product: a variants bench.

    .venv/bin/python bench/variants.py [-v] [--only NAME ...] [--list]

Two cameras of one product answer with the same stock text and differ in their own values: the MAC address (the
same OUI, other last three octets), the serial number and the UPnP UDN, the firmware build, the addresses and ports
the reply names, the dates and entity tags, the Digest nonce and the session cookie, the name the owner gave it, and
-- for two products of one maker -- the model number. A rule that quotes one of those values memorised one unit; a
rule that reads the layout (a ``DH_`` realm with any MAC after it, a serial of the maker's layout, a model of the
maker's grammar) generalises. ``bench/perturb.py`` measures changes of *form*; this bench measures changes of
*instance*.

Each change here is a small pure function of one text, named for what a second unit differs in, that replaces the
values of one kind by other plausible values of the same shape and leaves every other byte alone. It is applied to
every text the record keeps of the reply (``data``, Shodan's ``http`` and ``ssl`` properties and its own parse), not
to the record's own address, port, time or the collector's metadata. The copies are read, identified
leave-one-source-out and counted exactly as ``bench/perturb.py`` counts its transformations (its
:func:`perturb.measure`, which uses ``bench/accuracy.py``'s loading and LOSO code): changed, maker lost, video lost,
wrong (gained), gained, kept. Development data only: held-out corpora are never read. A second table measures the
unlabelled development fixtures against their own unchanged answers.

Exit status 0 always (a table to read, not a gate); ``tests/unit/test_variants_bench.py`` holds the changes.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from perturb import (  # bench scripts import their siblings by path (above)
    Change,
    development_corpora,
    fixture_banners,
    labelled,
    measure,
    table,
)

from camaudit.identify.learned.maker import packaged_table

Text = Callable[[str], str]

# --- other values of the same shape ------------------------------------------------------------------------------

_HEX = "0123456789abcdef"


def _other_digits(value: str) -> str:
    """Every decimal digit of ``value`` another one (``d`` -> ``d + 3`` mod 10); everything else kept."""
    return "".join(str((int(c) + 3) % 10) if "0" <= c <= "9" else c for c in value)


def _other_hex(value: str) -> str:
    """Every hex digit of ``value`` another hex digit (seven places on, the case kept); everything else kept."""
    out = []
    for c in value:
        at = _HEX.find(c.lower())
        if at < 0:
            out.append(c)
        else:
            new = _HEX[(at + 7) % 16]
            out.append(new.upper() if c.isupper() else new)
    return "".join(out)


def _other_token(value: str) -> str:
    """``value`` (a nonce, a cookie, an entity tag) with other characters of the same kind: hex stays hex, other
    letters move thirteen places (the case kept), digits move three."""
    if value[:2] in ("0x", "0X"):
        return value[:2] + _other_token(value[2:])
    if re.fullmatch(r"[0-9A-Fa-f\W_]+", value):
        return _other_hex(value)
    out = []
    for c in value:
        if "a" <= c <= "z" or "A" <= c <= "Z":
            base = ord("a") if c.islower() else ord("A")
            out.append(chr(base + (ord(c) - base + 13) % 26))
        else:
            out.append(_other_digits(c))
    return "".join(out)


def _last_digit_run(value: str) -> str:
    """``value`` with its last run of digits changed (a unit's counter sits at the end)."""
    runs = list(re.finditer(r"\d{1,40}", value))
    if not runs:
        return value
    run = runs[-1]
    return value[: run.start()] + _other_digits(run[0]) + value[run.end() :]


# --- the changes: what a second unit of the same product differs in -----------------------------------------------

#: A MAC address in the spellings replies use: colons or dashes (either case), Cisco's dotted form, bare hex.
_MAC_SEPARATED = re.compile(r"(?<![0-9A-Fa-f:-])((?:[0-9A-Fa-f]{2}([:-])){2}[0-9A-Fa-f]{2}\2)"
                            r"([0-9A-Fa-f]{2}\2[0-9A-Fa-f]{2}\2[0-9A-Fa-f]{2})(?![0-9A-Fa-f:-])")
_MAC_DOTTED = re.compile(r"(?<![0-9A-Fa-f.])([0-9A-Fa-f]{4}\.[0-9A-Fa-f]{2})([0-9A-Fa-f]{2}\.[0-9A-Fa-f]{4})"
                         r"(?![0-9A-Fa-f.])")
#: Bare hex: twelve digits alone, not a Digest challenge's nonce or opaque that happens to be twelve digits long.
_MAC_BARE = re.compile(r"(?<![0-9A-Za-z])(?<!nonce=\")(?<!opaque=\")([0-9A-Fa-f]{6})([0-9A-Fa-f]{6})(?![0-9A-Za-z])")


def mac_of_another_unit(text: str) -> str:
    """Another unit of the product: every MAC address keeps its OUI (the first three octets) and has other last
    three octets, in the spelling it had (``aa:bb:cc:dd:ee:ff``, ``AA-BB-...``, ``aabb.ccdd.eeff``, bare hex)."""
    text = _MAC_SEPARATED.sub(lambda m: m[1] + _other_hex(m[3]), text)
    text = _MAC_DOTTED.sub(lambda m: m[1] + _other_hex(m[2]), text)
    return _MAC_BARE.sub(lambda m: m[1] + _other_hex(m[2]), text)


_UUID = re.compile(r"(?<![0-9A-Za-z])([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{6})"
                   r"([0-9A-Fa-f]{6})(?![0-9A-Za-z])")


def uuid_of_another_unit(text: str) -> str:
    """Another unit's UUID or UPnP UDN: the same layout, the last six hex digits other (the part firmware fills from
    the unit's MAC or serial; the stock prefix some makers use is kept)."""
    return _UUID.sub(lambda m: m[1] + _other_hex(m[2]), text)


#: A value a reply labels as the serial number: an XML element, a JSON key, ``key=value`` or ``Serial Number: v``.
_SERIAL = re.compile(r"(?i)((?<![A-Za-z])(?:serial[ _-]?(?:number|num|no)?|sn)(?:</?[\w:]{0,40}>)?"
                     r"[\"']?[ \t]{0,4}[:=>][ \t]{0,4}[\"']?)((?=[A-Za-z0-9_-]{0,63}\d)[A-Za-z0-9][A-Za-z0-9_-]{3,63})")


#: A realm that carries the unit's own code: ``IP Camera(C1234)`` (a code from the serial) or ``Login to <serial>``.
_REALM_CODE = re.compile(r"(realm=\\?\"(?:[^\"\\(]{1,40}\(|Login to ))"
                         r"((?=[A-Za-z0-9]{0,24}\d)[A-Za-z0-9]{4,24})(?=\)|\\?\")")


def serial_of_another_unit(text: str) -> str:
    """Another unit's serial number: the same layout, the last run of digits other (a serial's counter), in a
    labelled serial and in a realm that quotes the unit's code (``IP Camera(C1234)``, ``Login to <serial>``)."""
    text = _REALM_CODE.sub(lambda m: m[1] + _last_digit_run(m[2]), text)
    return _SERIAL.sub(lambda m: m[1] + _last_digit_run(m[2]), text)


_VERSION_V = re.compile(r"(?<![A-Za-z0-9])([Vv]\d{1,4}(?:\.\d{1,6}){1,4}?\.)(\d{1,6})(?![\d.])")
_BUILD = re.compile(r"(?i)(\bbuild[ :_]{0,2})(\d{6,8})(?!\d)")
_FIRMWARE = re.compile(r"(?i)((?:firmware|software|sw)[ _-]?(?:version|ver)?(?:</?[\w:]{0,40}>)?[\"']?[ \t]{0,4}[:=>]"
                       r"[ \t]{0,4}[\"']?)((?=[\w.-]{0,63}\d)[A-Za-z0-9][\w.-]{0,63})")


def _other_build_date(digits: str) -> str:
    """A build date (``YYMMDD`` or ``YYYYMMDD``) 45 days later, in its layout; other digits if it is not a date."""
    layout = "%y%m%d" if len(digits) == 6 else "%Y%m%d" if len(digits) == 8 else ""
    try:
        day = datetime.strptime(digits, layout)
    except ValueError:
        return _other_digits(digits)
    return (day + timedelta(days=45)).strftime(layout)


def firmware_of_another_build(text: str) -> str:
    """Another firmware release of the product: the last number of a ``V5.5.0``-style version, the build date or
    number after ``build``, and the last number of a value labelled as the firmware or software version."""
    text = _VERSION_V.sub(lambda m: m[1] + _other_digits(m[2]), text)
    text = _BUILD.sub(lambda m: m[1] + _other_build_date(m[2]), text)
    return _FIRMWARE.sub(lambda m: m[1] + _last_digit_run(m[2]), text)


_IPV4 = r"(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})"
#: An IPv4 address the reply names: a URL's host, SDP's ``IN IP4``, a labelled address, or a private address anywhere.
_ADDRESS = re.compile(r"(?i)((?:://(?:[^/@\s]{0,64}@)?|\bIP4 |(?:ip|address|addr|host)[\w]{0,12}[\"']?"
                      r"(?:</?[\w:]{0,40}>)?[\"']?[ \t]{0,4}[:=>][ \t]{0,4}[\"']?))" + _IPV4 + r"(?![\d.])")
_PRIVATE = re.compile(r"(?<![\d.])((?:10|192\.168|172\.(?:1[6-9]|2\d|3[01])|169\.254)\.[\d.]{3,11})(?![\d.])")


def _moved_address(address: str) -> str:
    parts = address.split(".")
    if len(parts) != 4 or not all(p.isdigit() and int(p) <= 255 for p in parts):
        return address
    first = int(parts[0])
    if first in (0, 127, 255) or first >= 224:
        return address  # a stock address (any, loopback, broadcast, multicast): the same on every unit
    second = "19" if address.startswith("198.18.") else "18"
    return f"198.{second}.{parts[2]}.{parts[3]}"


def addresses_of_another_network(text: str) -> str:
    """The same unit on another network: every IPv4 address the reply names (a URL's host, SDP's ``IN IP4``, a
    labelled address, a private address) moved to 198.18.0.0/15, the last two octets kept."""
    text = _ADDRESS.sub(lambda m: m[1] + _moved_address(".".join(m.group(2, 3, 4, 5))), text)
    return _PRIVATE.sub(lambda m: _moved_address(m[1]), text)


_URL_PORT = re.compile(r"(://[A-Za-z0-9.\[\]:-]{1,64}?:)(\d{2,5})(?=[/\s\"'<>]|$)")


def ports_of_another_setup(text: str) -> str:
    """An owner who moved the service: the port in every URL the reply names is another (plus 10000 below 55536,
    minus 10000 above)."""

    def moved(m: re.Match[str]) -> str:
        port = int(m[2])
        if port > 65535:
            return m[0]
        return m[1] + str(port + 10000 if port < 55536 else port - 10000)

    return _URL_PORT.sub(moved, text)


_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_HTTP_DATE = re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (?:" + _MONTHS + r") \d{4} \d{2}:\d{2}:\d{2} GMT")
_ETAG = re.compile(r"(?im)^(ETag:[ \t]{0,4}(?:W/)?\"?)([^\"\r\n]{1,80})")
_SDP_ORIGIN = re.compile(r"(?m)^(o=\S{1,64} )(\d{1,24}) (\d{1,24})( IN )")


def _other_http_date(found: re.Match[str]) -> str:
    try:
        moment = datetime.strptime(found[0], "%a, %d %b %Y %H:%M:%S GMT")
    except ValueError:
        return found[0]
    return (moment + timedelta(days=37, hours=3, minutes=17)).strftime("%a, %d %b %Y %H:%M:%S GMT")


def dates_of_another_moment(text: str) -> str:
    """The same reply at another moment: every HTTP date (``Date``, ``Last-Modified``, ``Expires``) 37 days and 3 h
    17 min later, another entity tag of the same layout, SDP's origin session id and version other digits."""
    text = _HTTP_DATE.sub(_other_http_date, text)
    text = _ETAG.sub(lambda m: m[1] + _other_token(m[2]), text)
    return _SDP_ORIGIN.sub(lambda m: m[1] + _other_digits(m[2]) + " " + _other_digits(m[3]) + m[4], text)


_CHALLENGE = re.compile(r"(?i)(\b(?:nonce|opaque|cnonce)[ \t]{0,4}=[ \t]{0,4}\"?)([A-Za-z0-9+/=_-]{1,200})")
_COOKIE = re.compile(r"(?im)((?:^Set-Cookie:[ \t]{0,4}|\b(?:session_?id|sessionid|sid|token)[\"']?[ \t]{0,4}[:=]"
                     r"[ \t]{0,4}[\"']?)(?:[\w.-]{1,64}=)?)([A-Za-z0-9+/_-]{4,200})")


def session_of_another_connection(text: str) -> str:
    """Another connection to the same unit: other Digest nonces and opaques, other cookie and session-id values,
    each of the same layout."""
    text = _CHALLENGE.sub(lambda m: m[1] + _other_token(m[2]), text)
    return _COOKIE.sub(lambda m: m[1] + _other_token(m[2]), text)


#: A name the owner sets: ONVIF's ``name`` scope, an element or key naming the device or host.
_ONVIF_NAME = re.compile(r"(onvif://www\.onvif\.org/name/)([^\s<\"]{1,128})")
_NAMED = re.compile(r"(?i)((?:<(?:[\w.-]{1,20}:)?(?:DeviceName|HostName|friendlyName)>)|"
                    r"\"(?:device_?name|host_?name|friendly_?name)\"[ \t]{0,4}:[ \t]{0,4}\"|"
                    r"\b(?:device_?name|hostname)=\"?)([^<\"&\r\n]{1,128})")
OWNER_NAME = "Office-2"


def name_of_another_owner(text: str) -> str:
    """Another owner's unit: the device name, host name or UPnP friendly name, and ONVIF's ``name`` scope, set to
    another name (``Office-2``)."""
    text = _ONVIF_NAME.sub(lambda m: m[1] + OWNER_NAME, text)
    return _NAMED.sub(lambda m: m[1] + OWNER_NAME, text)


MODELS = Path(__file__).resolve().parent.parent / "tests" / "data" / "devmodels.jsonl"


@cache
def _models() -> tuple[re.Pattern[str], dict[str, list[str]]]:
    """One pattern for a model number of any family of :data:`MODELS` (its start up to the first digit, four
    characters at least, that one maker's models alone begin with: ``DS-2``, ``IPC-HDW2``, ``WV-SFV6``) and each
    family's maker's models."""
    by_maker: dict[str, list[str]] = {}
    makers_of: dict[str, set[str]] = {}
    for line in MODELS.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line) if line.strip() else {}
        family = re.match(r"[A-Za-z-]{1,16}\d", entry.get("model") or "")
        if entry.get("maker") and family:
            by_maker.setdefault(entry["maker"], []).append(entry["model"].upper())
            makers_of.setdefault(family[0].upper(), set()).add(entry["maker"])
    families = {f: by_maker[next(iter(m))] for f, m in makers_of.items() if len(m) == 1 and len(f) >= 4}
    names = "|".join(map(re.escape, sorted(families, key=len, reverse=True)))
    pattern = re.compile(r"(?i)(?<![A-Za-z0-9-])(" + names + r")[A-Za-z0-9]{0,12}(?:-[A-Za-z0-9]{1,12}){0,3}"
                         r"(?![A-Za-z0-9])")
    return pattern, families


def _shared_start(a: str, b: str) -> int:
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n


def _other_model(found: re.Match[str], families: dict[str, list[str]]) -> str:
    model = found[0].upper()
    others = [m for m in families[found[1].upper()] if m != model]
    if not others:
        return found[0]
    other = max(others, key=lambda m: (_shared_start(m, model), m))
    return other.lower() if found[0].islower() else other


def model_of_the_same_maker(text: str) -> str:
    """Another product of the same maker: every model number of a family of ``tests/data/devmodels.jsonl`` becomes
    the model of that family's maker there that shares the longest start with it (the maker's grammar, not one
    quoted number, must carry it)."""
    pattern, families = _models()
    return pattern.sub(lambda m: _other_model(m, families), text)


# --- applying one to a whole record ------------------------------------------------------------------------------

#: A record's own properties (where and when it was seen, who collected it), never the reply: left alone.
RECORD_KEYS = frozenset({"ip_str", "ip", "ipv6", "port", "transport", "timestamp", "_shodan", "hash", "location",
                         "asn", "isp", "org", "hostnames", "domains", "favicon"})


def _texts(value: Any, change: Text) -> Any:
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [_texts(v, change) for v in value]
    if isinstance(value, dict):
        return {k: v if k in RECORD_KEYS else _texts(v, change) for k, v in value.items()}
    return value


def in_record(change: Text) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """``change`` applied to every text of a Shodan banner that comes from the reply (not :data:`RECORD_KEYS`)."""

    def apply(banner: dict[str, Any]) -> dict[str, Any]:
        changed: dict[str, Any] = _texts(banner, change)
        return changed

    apply.__doc__ = change.__doc__
    return apply


TEXT_CHANGES: tuple[tuple[str, Text], ...] = (
    ("mac-other-unit", mac_of_another_unit),
    ("uuid-other-unit", uuid_of_another_unit),
    ("serial-other-unit", serial_of_another_unit),
    ("firmware-other-build", firmware_of_another_build),
    ("addresses-other-network", addresses_of_another_network),
    ("ports-other-setup", ports_of_another_setup),
    ("dates-other-moment", dates_of_another_moment),
    ("session-other-connection", session_of_another_connection),
    ("name-other-owner", name_of_another_owner),
    ("model-same-maker", model_of_the_same_maker),
)

CHANGES: tuple[Change, ...] = tuple(Change(name, "record", record=in_record(text)) for name, text in TEXT_CHANGES)


def _selected(only: list[str] | None) -> Iterator[Change]:
    return (c for c in CHANGES if not only or c.name in only)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="this change only (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the changes and what each models")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every record that lost something")
    args = parser.parse_args(argv)
    if args.list:
        for name, text in TEXT_CHANGES:
            print(f"{name:<26} {' '.join((text.__doc__ or '').split())}")
        return 0
    changes = list(_selected(args.only))
    corpora = development_corpora()
    banners, labels = labelled(corpora)
    base, rows = measure(changes, banners, labels, verbose=args.verbose, maker=packaged_table())
    print(f"LABELLED: {len(corpora)} development corpora (leave-one-source-out with the learned maker table, as"
          " bench/accuracy.py; held-out never read)")
    print(f"baseline: {base.maker_before} camera records name their maker, {base.video_before} are typed video,"
          f" {base.wrong} wrong claims")
    print("\n".join(table(base, rows)))
    fixtures = dict(fixture_banners())
    base, rows = measure(changes, fixtures, None, verbose=args.verbose)
    print(f"\nFIXTURES: {len(fixtures)} development fixtures, unlabelled: each judged against its own unchanged answer"
          " (all rules)")
    print(f"baseline: {base.maker_before} name a maker, {base.video_before} are typed video")
    print("\n".join(table(base, rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
