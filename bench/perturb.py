"""What identification loses when a collection changes the form of a stored reply: a perturbation bench.

    .venv/bin/python bench/perturb.py [-v] [--only NAME ...] [--list]

Independent collections keep the same replies in many forms: a log that turned CRLF into LF, a tool that
lower-cased header names, a scraper that collapsed white space, a page that showed the reply entity-escaped, an
exporter that renamed XML prefixes to ``ns0:``, a capture cut at 1024 bytes. Each such transformation is a small
pure function here, named for what a collection does. For every labelled record of the **development** corpora
(``bench/accuracy.py``'s default corpora that are not held out: held-out data is measurement only), the bench
writes each transformed copy back in its own format, reads it with the same importer, identifies it
leave-one-source-out exactly as ``bench/accuracy.py`` does (its loading and LOSO code, not a copy), and counts per
transformation, against the unperturbed answers of the same run:

  * changed     -- records the transformation changed at all (the others are not re-identified);
  * maker lost  -- records whose answer named the label's maker and no longer does;
  * video lost  -- camera records typed as a video device that no longer are;
  * wrong       -- records whose answer now claims what the label contradicts and did not before (a maker the
                   label does not name, a non-camera given a maker or a video type, as ``accuracy.py --wrong``);
  * gained      -- records that now name the label's maker or are now typed video and were not (a reader that
                   reads the transformed form better is worth knowing about too);
  * kept        -- makers named after / before and video types after / before: the ratio to the baseline.

A loss is either right (the transformation destroyed the sign: a cut removed the part that named the maker) or a
reader bug; ``-v`` lists every lost record with the rules before and after, to tell which. The development corpora
are Shodan banners: a transformation of a reply's text applies to ``data`` (the reply, the head only for HTTP) and,
for HTTP, to ``http.html`` (the body) -- see :class:`Change` for which part each one reads. Two change the whole
record: the head and page stored as one text, and the same service written as a Censys host (read with the Censys
importer).

Development fixtures without labels (the importers' Shodan fixtures, the public ONVIF, WS-Discovery and DHDiscover
answers of /work/shared/data) are measured in a second table against their own unperturbed answer (all rules): a
copy that no longer names the maker the original named, or no longer types it video, lost it.

Exit status 0 always (a table to read, not a gate); ``tests/unit/test_perturb_bench.py`` holds the transformations.
"""

from __future__ import annotations

import argparse
import copy
import html
import io
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import (  # bench scripts import their siblings by path (above)
    DEFAULT_CORPORA,
    ROOT,
    corpus_format,
    identify_records,
    is_held_out,
    labels_path,
    load_labels,
    loso_answers,
    non_video_rules,
    wrong_claim,
)
from scoring import names_maker

from camaudit.identify import ruleset
from camaudit.importers import FORMATS
from camaudit.model import is_video_device

Text = Callable[[str], str]

# --- the transformations: each a pure function of one text ------------------------------------------------------

_STATUS_LINE = re.compile(r"^(?:HTTP|RTSP)/\d(?:\.\d)? \d{3}")
_HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)([ \t]*:)")
_LONE_LF = re.compile(r"(?<!\r)\n")
_SPACE_RUN = re.compile(r"\s+")
#: A start or end tag's prefix (``<tds:``, ``</SOAP-ENV:``), an attribute's (`` s:mustUnderstand=``) and a
#: declaration's (``xmlns:tds=``).
_TAG_PREFIX = re.compile(r"(</?)([A-Za-z_][\w.-]*):(?=[A-Za-z_])")
_ATTRIBUTE_PREFIX = re.compile(r"(\s)([A-Za-z_][\w.-]*):(?=[A-Za-z_][\w.-]*\s*=)")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
_SOAP_BODY = re.compile(r"<(?:[\w.-]+:)?Body\b[^>]*>\s*(.*?)\s*(?:</(?:[\w.-]+:)?Body\s*>|$)", re.DOTALL)


def _head_lines(head: str, change: Callable[[list[str]], list[str]]) -> str:
    """``head`` (a status line and header lines) with its header lines changed as a list; line ends kept."""
    ending = "\r\n" if "\r\n" in head else "\n"
    lines = head.split(ending)
    if lines and _STATUS_LINE.match(lines[0]):
        return ending.join([lines[0], *change(lines[1:])])
    return ending.join(change(lines))


def crlf_to_lf(text: str) -> str:
    """A log or a text editor on Unix: every CRLF line end becomes LF."""
    return text.replace("\r\n", "\n")


def lf_to_crlf(text: str) -> str:
    """A Windows tool or an e-mail gateway: every bare LF becomes CRLF."""
    return _LONE_LF.sub("\r\n", text)


def header_names_lower(head: str) -> str:
    """HTTP/2 and many proxies' logs (Go's and Node's header maps print ``server:``): header names lower-cased."""
    return _head_lines(head, lambda lines: [_HEADER.sub(lambda m: m[1].lower() + m[2], line) for line in lines])


def header_names_upper(head: str) -> str:
    """Some exporters' header tables (CGI's ``HTTP_SERVER`` habit): header names upper-cased."""
    return _head_lines(head, lambda lines: [_HEADER.sub(lambda m: m[1].upper() + m[2], line) for line in lines])


def header_order_reversed(head: str) -> str:
    """A tool that kept the headers in a map and wrote them back in another order (here: reversed)."""
    return _head_lines(head, lambda lines: lines[::-1])


def status_line_dropped(head: str) -> str:
    """A collector that kept the headers only (a header table, a banner cut at its start)."""
    first, sep, rest = head.partition("\n")
    return rest if sep and _STATUS_LINE.match(first) else head


def _cut(limit: int) -> Text:
    def cut(text: str) -> str:
        return text.encode("utf-8")[:limit].decode("utf-8", "ignore")

    cut.__name__ = f"cut_at_{limit}"
    cut.__doc__ = f"A capture that kept the first {limit} bytes of the body."
    return cut


def whitespace_collapsed(text: str) -> str:
    """A scraper's ``text()``/``normalize-space``: every run of white space (line ends too) one space."""
    return _SPACE_RUN.sub(" ", text).strip()


def entity_escaped(text: str) -> str:
    """A reply shown in a web page or an HTML report: ``<``, ``>``, ``&`` and quotes as entities."""
    return html.escape(text)


def json_string(text: str) -> str:
    """A tool that stored the body as a JSON string inside its text (quotes, ``\\n``, ``\\"`` and ``\\uXXXX``)."""
    return json.dumps(text)


def xml_prefixes_stripped(text: str) -> str:
    """A log that printed element names without their prefixes (``<tds:Manufacturer>`` -> ``<Manufacturer>``)."""
    return _TAG_PREFIX.sub(r"\1", text)


def xml_prefixes_renamed(text: str) -> str:
    """An exporter that re-serialised the XML with its own prefixes (ElementTree's ``ns0:``, ``ns1:`` ...), the
    declarations renamed with them, so the document means the same."""
    names: dict[str, str] = {}

    def renamed(prefix: str) -> str:
        if prefix in ("xml", "xmlns"):
            return prefix
        return names.setdefault(prefix, f"ns{len(names)}")

    text = re.sub(r"\bxmlns:([A-Za-z_][\w.-]*)=", lambda m: f"xmlns:{renamed(m[1])}=", text)
    text = _TAG_PREFIX.sub(lambda m: f"{m[1]}{renamed(m[2])}:", text)
    return _ATTRIBUTE_PREFIX.sub(lambda m: f"{m[1]}{renamed(m[2])}:", text)


def xml_declaration_dropped(text: str) -> str:
    """A tool that parsed the document and printed it again without ``<?xml ...?>``."""
    return _XML_DECLARATION.sub("", text, count=1)


def soap_body_unwrapped(text: str) -> str:
    """A log that kept only the SOAP Body's content (the answer element), not the envelope and its declarations."""
    found = _SOAP_BODY.search(text)
    return found[1] if found else text


def trailing_nul(text: str) -> str:
    """A C collector that stored the reply with its terminating NUL."""
    return text + "\x00"


def leading_bom(text: str) -> str:
    """A Windows tool that wrote the reply as a UTF-8 text file with a byte-order mark."""
    return "\ufeff" + text


def latin1_mojibake(text: str) -> str:
    """UTF-8 bytes read back as Latin-1 (every non-ASCII character becomes two or three)."""
    return text.encode("utf-8").decode("latin-1")


def c_escaped(text: str) -> str:
    """A collector that stored ``repr()`` of the reply: its line ends as the two characters ``\\r\\n``."""
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def unchanged(text: str) -> str:
    """What a change of the whole record leaves of a text (see ``Change.record``)."""
    return text


@dataclass(frozen=True)
class Change:
    """One transformation and the part of a stored reply it applies to: ``head`` (the status line and headers of an
    HTTP, RTSP or SSDP reply; a reply without one is left alone), ``body`` (an HTTP body, an RTSP answer's SDP, or a
    reply that is a document or banner without a head), ``reply`` (both), ``raw`` (the stored reply as one text,
    Shodan's ``data``), ``record`` (the whole record, by ``record``, written in the format ``fmt``)."""

    name: str
    part: str
    text: Text = unchanged
    record: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    fmt: str = "shodan"




# --- applying one to a Shodan banner ----------------------------------------------------------------------------


def _split(data: str) -> tuple[str, str, str]:
    """A reply's head, the blank line after it, and its body; a reply that opens with no status line or header
    is all body (a document, a greeting)."""
    start = data.lstrip("\r\n\t \x00\ufeff")
    if not (_STATUS_LINE.match(start) or (_HEADER.match(start) and "\n" in start[:4096])):
        return "", "", data
    for blank in ("\r\n\r\n", "\n\n"):
        at = data.find(blank)
        if at >= 0:
            return data[:at], blank, data[at + len(blank) :]
    return data, "", ""


def _data(data: str, change: Change) -> str:
    if change.part in ("reply", "raw"):
        return change.text(data)
    head, blank, body = _split(data)
    if change.part == "head":
        return change.text(head) + blank + body if head else data
    return head + blank + (change.text(body) if body else body)


def stored_whole(banner: dict[str, Any]) -> dict[str, Any]:
    """A collector with no separate body property (masscan, a pasted reply): the head and the page as one text in
    ``data``; Shodan's other HTTP properties (title, redirects) stay."""
    http, data = banner.get("http"), banner.get("data")
    if not (isinstance(http, dict) and isinstance(data, str) and isinstance(http.get("html"), str)):
        return banner
    head, blank, _body = _split(data)
    rest = {key: value for key, value in http.items() if key != "html"}
    return {**banner, "data": (head or data.rstrip("\r\n")) + (blank or "\r\n\r\n") + http["html"], "http": rest}


#: What :func:`censys_host` writes of a Shodan banner (any other property with a value leaves the banner unconverted).
_CENSYS_CARRIES = frozenset({"ip_str", "port", "transport", "data", "http", "ssl", "_shodan", "location", "timestamp"})
_CENSYS_CARRIES_HTTP = frozenset({"status", "title", "server", "html", "favicon"})


def censys_host(banner: dict[str, Any]) -> dict[str, Any]:
    """The same service as a Censys Search 2.0 host keeps it: the reply (the head for HTTP) as ``banner``, the page
    under ``http.response``, the certificate's names as DN strings; Shodan's module as the service name. A banner with
    properties of Shodan's modules (mDNS, SNMP, UPnP, redirects) is left as it is: it is not measured by this change."""
    http = banner.get("http")
    carried = all(not value or key in _CENSYS_CARRIES for key, value in banner.items()) and (
        not isinstance(http, dict) or all(not value or key in _CENSYS_CARRIES_HTTP for key, value in http.items())
    )
    if not carried:
        return banner  # Shodan's module properties (mdns, snmp, upnp, redirects) have no twin written here
    module = str((banner.get("_shodan") or {}).get("module") or "")
    service: dict[str, Any] = {
        "port": banner.get("port"),
        "transport_protocol": str(banner.get("transport") or "tcp").upper(),
        "service_name": module.split("-")[0].upper() or "UNKNOWN",
        "banner": banner.get("data") or "",
    }
    if isinstance(http, dict):
        response: dict[str, Any] = {"status_code": http.get("status")}
        if http.get("server"):
            response["headers"] = {"Server": [http["server"]]}
        if isinstance(http.get("html"), str):
            response["body"] = http["html"]
        if http.get("title"):
            response["html_title"] = http["title"]
        if isinstance(http.get("favicon"), dict):
            response["favicons"] = [{"hash_shodan": http["favicon"].get("hash")}]
        service["http"] = {"response": response}
    cert = (banner.get("ssl") or {}).get("cert") if isinstance(banner.get("ssl"), dict) else None
    if isinstance(cert, dict):
        names = {key: ", ".join(f"{k}={v}" for k, v in (cert.get(key) or {}).items()) for key in ("subject", "issuer")}
        service["tls"] = {"certificates": {"leaf_data": {"subject_dn": names["subject"], "issuer_dn": names["issuer"]}}}
    return {"ip": banner.get("ip_str"), "services": [service]}


CHANGES: tuple[Change, ...] = (
    Change("crlf-to-lf", "reply", crlf_to_lf),
    Change("lf-to-crlf", "reply", lf_to_crlf),
    Change("header-names-lower", "head", header_names_lower),
    Change("header-names-upper", "head", header_names_upper),
    Change("header-order-reversed", "head", header_order_reversed),
    Change("status-line-dropped", "head", status_line_dropped),
    Change("body-cut-256", "body", _cut(256)),
    Change("body-cut-1024", "body", _cut(1024)),
    Change("body-cut-4096", "body", _cut(4096)),
    Change("whitespace-collapsed", "body", whitespace_collapsed),
    Change("entity-escaped", "body", entity_escaped),
    Change("json-string", "body", json_string),
    Change("xml-prefixes-stripped", "body", xml_prefixes_stripped),
    Change("xml-prefixes-renamed", "body", xml_prefixes_renamed),
    Change("xml-declaration-dropped", "body", xml_declaration_dropped),
    Change("soap-body-unwrapped", "body", soap_body_unwrapped),
    Change("trailing-nul", "raw", trailing_nul),
    Change("leading-bom", "raw", leading_bom),
    Change("latin1-mojibake", "reply", latin1_mojibake),
    Change("c-escaped", "raw", c_escaped),
    Change("reply-stored-whole", "record", record=stored_whole),
    Change("censys-host", "record", record=censys_host, fmt="censys"),
)


def perturbed(banner: dict[str, Any], change: Change) -> dict[str, Any]:
    """A copy of the Shodan ``banner`` as a collection that applied ``change`` would have stored it."""
    out = copy.deepcopy(banner)
    if change.record is not None:
        return change.record(out)
    data = out.get("data")
    http = out.get("http")
    if isinstance(data, str) and data:
        out["data"] = _data(data, change)
    if isinstance(http, dict) and isinstance(http.get("html"), str) and change.part in ("reply", "body"):
        http["html"] = change.text(http["html"])
    return out


# --- measuring ------------------------------------------------------------------------------------------------

SHARED_DATA = ROOT.parent / "shared" / "data"
#: Development fixtures without labels: the importers' Shodan fixtures (real public captures, each file says where
#: from; the deliberately broken one left out) and the public ONVIF, WS-Discovery and DHDiscover answers of
#: /work/shared/data, stored as Shodan keeps an HTTP answer (the head in ``data``, the document in ``http.html``).
FIXTURES = sorted(p for p in (ROOT / "tests" / "data" / "importers").glob("shodan_*.jsonl") if "broken" not in p.name)
SHARED_DOCUMENTS = ("onvif-mock-responses/*.xml", "wsdiscovery/*.xml", "dahua/*.json")
_FIXTURE_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: {kind}; charset=utf-8\r\nConnection: close\r\n\r\n"


def development_corpora() -> list[Path]:
    """The labelled corpora of ``bench/accuracy.py`` that are development data (never the held-out ones)."""
    return [c for c in DEFAULT_CORPORA if c.exists() and not is_held_out(c) and corpus_format(c) == "shodan"]


def fixture_banners() -> list[tuple[str, dict[str, Any]]]:
    """``(name, Shodan banner)`` of every development fixture (see :data:`FIXTURES`)."""
    found: list[tuple[str, dict[str, Any]]] = []
    for path in FIXTURES:
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text.strip():
                found.append((f"{path.name}:{number}", json.loads(text)))
    for pattern in SHARED_DOCUMENTS:
        for path in sorted(SHARED_DATA.glob(pattern)):
            document = path.read_text(encoding="utf-8")
            kind = "application/json" if path.suffix == ".json" else "application/soap+xml"
            head = _FIXTURE_HEAD.format(kind=kind)
            banner = {"ip_str": "192.0.2.1", "port": 80, "transport": "tcp", "_shodan": {"module": "http"},
                      "data": head, "http": {"status": 200, "html": document}}
            found.append((f"{path.parent.name}/{path.name}", banner))
    return found


@dataclass
class Row:
    name: str
    changed: int = 0
    maker_before: int = 0
    maker_after: int = 0
    video_before: int = 0
    video_after: int = 0
    maker_lost: int = 0
    video_lost: int = 0
    wrong: int = 0
    gained: int = 0


@dataclass(frozen=True)
class Judged:
    maker: bool
    video: bool
    wrong: str | None


def _judge(answer: dict[str, Any], label: dict[str, Any], non_video: frozenset[str]) -> Judged:
    makers = {answer.get("brand"), answer.get("manufacturer")} - {None}
    camera = bool(label["is_video"])
    return Judged(
        maker=camera and bool(label.get("maker")) and names_maker(label["maker"], makers),
        video=camera and is_video_device(answer.get("device_type")),
        wrong=wrong_claim(answer, label, non_video),
    )


def _as_label(answer: dict[str, Any]) -> dict[str, Any]:
    """An unlabelled fixture's unperturbed answer taken as its label: what the transformed copies must keep."""
    video = is_video_device(answer.get("device_type"))
    return {"is_video": video, "maker": (answer.get("manufacturer") or answer.get("brand")) if video else None}


def _rules(answer: dict[str, Any]) -> str:
    return ",".join(e["rule_id"] for e in answer.get("evidence", [])) or "-"


def _read(lines: Sequence[bytes], fmt: str) -> list[Any]:
    return list(FORMATS[fmt](io.BytesIO(b"\n".join(lines) + b"\n")))


def measure(
    changes: Sequence[Change],
    banners: dict[str, dict[str, Any]],
    labels: dict[str, dict[str, Any]] | None,
    verbose: bool = False,
) -> tuple[Row, list[Row]]:
    """The baseline row and one row per change over ``banners`` (name -> Shodan banner): judged against ``labels``
    (name -> label) leave-one-source-out, or, when ``labels`` is None, against each banner's own unperturbed answer
    with all rules."""
    rules = ruleset().rules
    non_video = non_video_rules(rules)
    base = Row("(unperturbed)")
    rows = [Row(c.name) for c in changes]
    # One importer read per format and one identification run for the baseline and every change together: the
    # variants take new positions, their labels are the original's, so each source's LOSO rule set compiles once.
    buffers: dict[str, list[bytes]] = defaultdict(list)
    read_as: dict[str, dict[int, tuple[int, str]]] = defaultdict(dict)  # format -> line -> (change or -1, name)
    for name, banner in banners.items():
        variants = [(-1, banner)] + [(i, perturbed(banner, c)) for i, c in enumerate(changes)]
        for index, variant in variants:
            fmt = "shodan" if index < 0 else changes[index].fmt
            if index >= 0 and variant == banner:
                continue  # unchanged, or a record the change cannot write
            buffers[fmt].append(json.dumps(variant, ensure_ascii=False).encode("utf-8"))
            read_as[fmt][len(buffers[fmt])] = (index, name)
    records = []
    origin: dict[int, tuple[int, str]] = {}  # position in the run -> (change index or -1, banner name)
    for fmt, lines in buffers.items():
        for record in _read(lines, fmt):
            if record.position in read_as[fmt]:
                moved = replace(record, position=len(origin) + 1)
                origin[moved.position] = read_as[fmt][record.position]
                records.append(moved)
    if labels is None:
        answered = identify_records(records)
        answers = dict(zip((r.position for r in records), answered, strict=True))
        labels = {name: _as_label(answers[p]) for p, (i, name) in origin.items() if i < 0 and p in answers}
    else:
        answers = loso_answers(records, {p: labels[name] for p, (_i, name) in origin.items()}, rules)
    before: dict[str, tuple[Judged, dict[str, Any]]] = {}
    for position, (index, name) in origin.items():
        if index < 0 and position in answers:
            before[name] = (_judge(answers[position], labels[name], non_video), answers[position])
    for judged, _answer in before.values():
        base.maker_before += judged.maker
        base.video_before += judged.video
        base.wrong += judged.wrong is not None
    after: dict[int, dict[str, Judged]] = {i: {} for i in range(len(changes))}
    for position, (index, name) in origin.items():
        if index < 0 or position not in answers or name not in before:
            continue
        row, (was, was_answer) = rows[index], before[name]
        now = _judge(answers[position], labels[name], non_video)
        after[index][name] = now
        row.changed += 1
        lost = []
        if was.maker and not now.maker:
            row.maker_lost += 1
            lost.append("maker")
        if was.video and not now.video:
            row.video_lost += 1
            lost.append("video")
        if now.wrong and not was.wrong:
            row.wrong += 1
            lost.append(f"WRONG: {now.wrong}")
        row.gained += (now.maker and not was.maker) or (now.video and not was.video)
        if verbose and lost:
            said = f"[{_rules(was_answer)}] -> [{_rules(answers[position])}]"
            print(f"  {row.name} {name} lost {', '.join(lost)}: {said}")
    for index, row in enumerate(rows):
        row.maker_before, row.video_before = base.maker_before, base.video_before
        for name, (was, _answer) in before.items():
            now = after[index].get(name, was)
            row.maker_after += now.maker
            row.video_after += now.video
    base.maker_after, base.video_after = base.maker_before, base.video_before
    return base, rows


def labelled(corpora: Iterable[Path]) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """``(banners, labels)`` by ``<corpus>:<line>`` of every labelled record of ``corpora``."""
    banners: dict[str, dict[str, Any]] = {}
    labels: dict[str, dict[str, Any]] = {}
    for corpus in corpora:
        found = load_labels(labels_path(corpus))
        for number, text in enumerate(corpus.read_text(encoding="utf-8").splitlines(), 1):
            if number in found:
                banners[f"{corpus.name}:{number}"] = json.loads(text)
                labels[f"{corpus.name}:{number}"] = found[number]
    return banners, labels


def _ratio(after: int, before: int) -> str:
    return f"{after / before:.3f}" if before else "-"


def table(base: Row, rows: Sequence[Row]) -> list[str]:
    """The rows as a text table; ``kept`` is after / before for the maker named and the video type."""
    header = f"{'transformation':<24} {'changed':>7} {'maker lost':>10} {'video lost':>10} {'wrong':>5} " \
             f"{'gained':>6} {'maker kept':>10} {'video kept':>10}"
    out = [header, "-" * len(header)]
    out.append(f"{base.name:<24} {'-':>7} {'-':>10} {'-':>10} {base.wrong:>5} {'-':>6} "
               f"{base.maker_before:>10} {base.video_before:>10}")
    for row in rows:
        out.append(
            f"{row.name:<24} {row.changed:>7} {row.maker_lost:>10} {row.video_lost:>10} {row.wrong:>5} {row.gained:>6} "
            f"{_ratio(row.maker_after, row.maker_before):>10} {_ratio(row.video_after, row.video_before):>10}"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="this transformation only (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the transformations and what each models")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every record that lost something")
    args = parser.parse_args(argv)
    if args.list:
        for change in CHANGES:
            said = (change.record or change.text).__doc__ or ""
            print(f"{change.name:<24} {change.part:<6} {' '.join(said.split())}")
        return 0
    changes = [c for c in CHANGES if not args.only or c.name in args.only]
    corpora = development_corpora()
    banners, labels = labelled(corpora)
    base, rows = measure(changes, banners, labels, verbose=args.verbose)
    print(f"LABELLED: {', '.join(c.name for c in corpora)} (development, leave-one-source-out)")
    print(f"baseline: {base.maker_before} camera records name their maker, {base.video_before} are typed video,"
          f" {base.wrong} wrong claims")
    print("\n".join(table(base, rows)))
    fixtures = dict(fixture_banners())
    base, rows = measure(changes, fixtures, None, verbose=args.verbose)
    print(f"\nFIXTURES: {len(fixtures)} development fixtures, unlabelled: each judged against its own unperturbed"
          " answer (all rules)")
    print(f"baseline: {base.maker_before} name a maker, {base.video_before} are typed video")
    print("\n".join(table(base, rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
