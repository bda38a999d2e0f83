"""The same device reply is identified the same in every input format camaudit reads.

Every banner of the development corpora (``tests/data/shodan_*.jsonl``, ``tests/data/replies``; never the
held-out files) is written again as Censys (Platform and Search 2.0), zgrab2, masscan (``-oJ``, ``-oL``),
nmap XML (default scripts, and ``fingerprint-strings`` for a service nmap did not recognise), raw-reply JSON
lines and a Shodan host lookup would store the same reply (``format_renderings.py``, each shape with its
source), read back with that format's importer and identified. The answer must name the same maker (brand
and manufacturer), model and device type from the same evidence (rule and field) as the native banner.

Where a format cannot carry a field, :data:`NOT_CARRIED` says so with the format's documented limit, and the
expected answer is the native banner's identification *without that field* -- never a skip: a format that
loses more than its limit, or an importer that drops what the format holds, fails here.

``python tests/unit/importers/test_format_parity.py`` prints the parity table (format x field: carried /
lost / not carriable) over the same corpora.
"""

from __future__ import annotations

import html
import io
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.importers.text import html_title
from camaudit.model import Identity, Observation

sys.path.insert(0, str(Path(__file__).resolve().parent))

from format_renderings import RENDERINGS, Reply, nmap_title, reply_of, shodan_host

DATA = Path(__file__).resolve().parents[2] / "data"
#: Development corpora only: the held-out files (``heldout_*``) are never read by tests.
CORPORA = (
    DATA / "shodan_holdout.jsonl",
    DATA / "shodan_captures.jsonl",
    DATA / "shodan_sample.jsonl",
    DATA / "replies" / "replies_holdout.jsonl",
)

#: A rule deciding whether a field is lost for one reply, and the format's limit that says why.
Loss = tuple[Callable[[str, Reply], bool], str]


def _field(*names: str) -> Callable[[str, Reply], bool]:
    return lambda name, _reply: name in names


def _rtsp_but_public(name: str, reply: Reply) -> bool:
    return reply.kind == "rtsp" and name.startswith("rtsp.") and name != "rtsp.public"


#: What an HTTP reply's head gives (and the favicon, fetched apart); every other field comes from its body.
_HEAD_FIELDS = frozenset(
    {
        "http.status",
        "http.headers",
        "http.server",
        "http.www_authenticate",
        "http.set_cookie",
        "http.location",
        "http.title",
        "http.favicon.mmh3",
    }
)


def _from_body(name: str, reply: Reply) -> bool:
    return reply.kind == "http" and name not in _HEAD_FIELDS and not name.startswith("tls.")


def _unrecognised(name: str, reply: Reply) -> bool:
    return reply.kind == "other" and not name.startswith("tls.")


_FAVICON = (_field("http.favicon.mmh3"), "")
#: Format -> the fields it cannot carry, each with the format's documented limit.
NOT_CARRIED: dict[str, list[Loss]] = {
    "censys-platform": [],
    "censys-legacy": [
        (_field("http.favicon.mmh3"), "Search 2.0 keeps a favicon by its md5_hash only (no Shodan mmh3)"),
    ],
    "zgrab2": [
        (_field("http.favicon.mmh3"), "zgrab2's http module fetches one page, no favicon"),
    ],
    "masscan-oJ": [
        (_field("http.favicon.mmh3"), "masscan's HTTP banner is one GET of /, no favicon"),
    ],
    "masscan-oL": [
        (_field("http.favicon.mmh3"), "masscan's HTTP banner is one GET of /, no favicon"),
    ],
    "nmap-scripts": [
        (_field("http.favicon.mmh3"), "http-favicon prints the icon's MD5 (and favicon-db's name), no mmh3"),
        (_from_body, "no default script prints the page body (nor a device document it holds)"),
        (_field("http.status"), "no default script prints the status code"),
        (_rtsp_but_public, "-sV keeps its reading of the RTSP answer as product; only rtsp-methods prints it"),
        (_unrecognised, "an unrecognised service's answer is only in fingerprint-strings (nmap-fingerprint)"),
    ],
    "nmap-fingerprint": [
        (_field("http.favicon.mmh3"), "-sV sends its probes only, no favicon request"),
    ],
    "raw-jsonl": [
        (_field("http.favicon.mmh3"), "a reply is one answer; the favicon is another request"),
        (lambda name, _r: name.startswith("tls."), "a reply's text carries no certificate"),
    ],
    "shodan-host": [],
    "zoomeye": [],
    # FOFA's certs_* fields name a certificate's CN and O only: the names are carried cut to those two (expected()).
    "fofa": [],
    "netlas": [
        (_field("http.favicon.mmh3"), "Netlas hashes a favicon with SHA-256 (hash_sha256), not Shodan's mmh3"),
    ],
    "binaryedge": [
        (_field("http.favicon.mmh3"), "webv2 keeps the icon's bytes, which the parity renderings do not hold (Shodan's "
         "hash only); its own mmh3_hash is not Shodan's"),
        (lambda name, _r: name.startswith("tls."), "the certificate is another module's event (ssl), not read"),
        (lambda name, reply: reply.kind == "http" and name in _REPEATED_HEADER_FIELDS and _repeats(reply),
         "webv2 keeps one value per header name"),
    ],
}


#: Fields a repeated response header gives (``http.headers`` holds every line; the others every value).
_REPEATED_HEADER_FIELDS = frozenset({"http.headers", "http.www_authenticate", "http.set_cookie", "http.server",
                                     "http.location"})


def _repeats(reply: Reply) -> bool:
    names = [name.lower() for name, _value in reply.headers()]
    return len(names) != len(set(names))
NOT_CARRIED["raw-jsonl-base64"] = NOT_CARRIED["raw-jsonl-chunked"] = NOT_CARRIED["raw-jsonl"]
_NOT_HTTP = (lambda _name, reply: reply.kind != "http", "httpx asks for a web page only")
NOT_CARRIED["httpx-irr"] = [_NOT_HTTP]
NOT_CARRIED["httpx"] = [
    _NOT_HTTP,
    (_from_body, "without -irr httpx writes no body"),
    (
        _field("http.headers", "http.www_authenticate", "http.set_cookie"),
        "without -irh httpx writes no headers but the Server (webserver), Content-Type and Location",
    ),
]
#: Formats with no title of their own: the title is the one the body holds (Shodan may give one without it).
TITLE_FROM_BODY = frozenset({"zgrab2", "nmap-fingerprint", "raw-jsonl", "raw-jsonl-base64", "raw-jsonl-chunked"})


def development_banners() -> Iterator[tuple[str, dict[str, Any]]]:
    for corpus in CORPORA:
        for number, line in enumerate(corpus.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                yield f"{corpus.name}:{number}", json.loads(line)


def rendered(name: str, banner: dict[str, Any]) -> tuple[str, str | None]:
    """``(camaudit format, file text)`` of one banner written as format ``name``; no text when the format holds
    nothing of it (a raw-reply line of a service that only showed a certificate)."""
    if name == "shodan-host":
        return "shodan", shodan_host(banner)
    fmt, render = RENDERINGS[name]
    return fmt, render(reply_of(banner))


def observations(fmt: str, text: str | None) -> tuple[Observation, ...]:
    if text is None:
        return ()
    records = list(FORMATS[fmt](io.BytesIO(text.encode("utf-8"))))
    assert len(records) == 1 and records[0].ok, [r.error for r in records]
    return records[0].observations


def lost_fields(name: str, reply: Reply, fields: dict[str, str]) -> dict[str, str]:
    """The native fields format ``name`` cannot carry for this reply, with the reason."""
    lost = {}
    for field in fields:
        for applies, reason in NOT_CARRIED[name]:
            if applies(field, reply):
                lost[field] = reason
                break
    return lost


def expected(name: str, banner: dict[str, Any]) -> Identity:
    """The native identification with what format ``name`` cannot carry taken out."""
    reply = reply_of(banner)
    native = observations("shodan", json.dumps(banner))
    kept = []
    for observation in native:
        fields = {k: v for k, v in observation.fields.items() if k not in lost_fields(name, reply, observation.fields)}
        if name == "nmap-scripts" and "http.title" in fields:
            # http-title cuts a long title (62 characters and "..."); the importer decodes its entities.
            fields["http.title"] = " ".join(html.unescape(nmap_title(reply) or "").split())
        if name == "fofa":
            for key, names in (("tls.subject", reply.subject), ("tls.issuer", reply.issuer)):
                if key in fields:
                    fields[key] = _cn_and_o(names)
            fields = {k: v for k, v in fields.items() if v}
        if name in TITLE_FROM_BODY and "http.title" in fields:
            title = html_title(fields.get("http.body", ""))
            fields.pop("http.title")
            if title:
                fields["http.title"] = title
        if fields:  # a reply the format holds nothing of is not in the file at all
            kept.append(replace(observation, fields=fields))
    return identify(kept)


def _cn_and_o(names: dict[str, str]) -> str:
    """The name FOFA's ``certs_*_cn``/``certs_*_org`` fields carry, in RFC 4514 text (commas and the like escaped)."""
    parts = []
    for key in ("CN", "O"):
        if names.get(key):
            value = "".join("\\" + ch if ch in ',+"\\<>;' else ch for ch in names[key])
            parts.append(f"{key}={value}")
    return ",".join(parts)


def summary(identity: Identity) -> tuple[Any, ...]:
    return (
        identity.device_type,
        identity.brand,
        identity.manufacturer,
        identity.model,
        sorted({(e.rule_id, e.field) for e in identity.evidence}),
    )


FORMAT_NAMES = [*RENDERINGS, "shodan-host"]


@pytest.fixture(scope="module")
def banners() -> list[tuple[str, dict[str, Any]]]:
    return list(development_banners())


def test_the_corpora_hold_every_kind_of_reply(banners: list[tuple[str, dict[str, Any]]]) -> None:
    kinds = Counter(reply_of(banner).kind for _where, banner in banners)
    # HTTP pages, RTSP answers, greetings (FTP/SSH/SMTP/Telnet), bare certificates and discovery answers.
    assert all(kinds[k] >= 5 for k in ("http", "rtsp", "greeting", "tls", "other")), kinds


@pytest.mark.parametrize("name", FORMAT_NAMES)
def test_a_reply_is_identified_the_same_in_every_format(name: str, banners: list[tuple[str, dict[str, Any]]]) -> None:
    differing = []
    for where, banner in banners:
        fmt, text = rendered(name, banner)
        got = summary(identify(observations(fmt, text)))
        want = summary(expected(name, banner))
        if got != want:
            missing = sorted(set(want[4]) - set(got[4]))
            extra = sorted(set(got[4]) - set(want[4]))
            differing.append(f"{where}: want {want[:4]} got {got[:4]}; missing {missing} extra {extra}")
    assert not differing, f"{len(differing)} of {len(banners)} differ:\n" + "\n".join(differing[:20])


def test_a_lost_field_is_lost_only_where_the_format_cannot_carry_it(
    banners: list[tuple[str, dict[str, Any]]],
) -> None:
    # The expected answers above take fields out; here the taking out is shown to matter and be bounded:
    # Censys Platform and a host lookup lose nothing, and every other format carries the RTSP realm and the
    # HTTP Server header of every reply it can hold, except nmap's default scripts for RTSP.
    for where, banner in banners:
        reply = reply_of(banner)
        native = observations("shodan", json.dumps(banner))
        fields = {k: v for o in native for k, v in o.fields.items()}
        for name in FORMAT_NAMES:
            lost = lost_fields(name, reply, fields)
            assert "http.server" not in lost or (name == "nmap-scripts" and reply.kind == "other"), (where, name)
            if name in ("censys-platform", "shodan-host"):
                assert not lost, (where, name, lost)
            if name not in ("nmap-scripts", "httpx", "httpx-irr"):  # httpx asks for web pages only
                assert "rtsp.www_authenticate" not in lost, (where, name)


def parity_table(banners: list[tuple[str, dict[str, Any]]]) -> dict[str, dict[str, Counter[str]]]:
    """format -> native field -> Counter of ``carried`` / ``lost`` / ``not carriable`` over the corpora."""
    table: dict[str, dict[str, Counter[str]]] = {}
    for _where, banner in banners:
        reply = reply_of(banner)
        native = {k: v for o in observations("shodan", json.dumps(banner)) for k, v in o.fields.items()}
        for name in FORMAT_NAMES:
            fmt, text = rendered(name, banner)
            got = {k: v for o in observations(fmt, text) for k, v in o.fields.items()}
            lost = lost_fields(name, reply, native)
            for field, value in native.items():
                if field in lost or (
                    name in TITLE_FROM_BODY
                    and field == "http.title"
                    and value != html_title(native.get("http.body", ""))
                ):
                    verdict = "not carriable"
                elif field in got and (got[field] == value or field in ("http.headers", "rtsp.headers")):
                    verdict = "carried"
                elif field in got:
                    verdict = "changed"
                else:
                    verdict = "lost"
                table.setdefault(name, {}).setdefault(field, Counter())[verdict] += 1
    return table


if __name__ == "__main__":
    for format_name, per_field in parity_table(list(development_banners())).items():
        print(format_name)
        for field_name, verdicts in sorted(per_field.items()):
            print(f"  {field_name:28} " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))
