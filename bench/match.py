"""Benchmark: identification cost over Shodan-style records, against JSON parse + re-serialise.

    .venv/bin/python bench/match.py [--records 200000] [--distinct 4000]

Prints, measured in the same run on the same records:
  * parse   — ``json.loads`` + ``json.dumps`` of every record (the floor any census pays);
  * fast    — field extraction + the prefiltered matcher + resolution (what ``census`` runs);
  * naive   — the same with every rule's regex run on its field (no prefilter);
and the ratios fast/parse (budget: 1.5), naive/parse and naive/fast. Optional engines (google-re2,
hyperscan) are measured too when installed, for the record in docs/identification.md.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from collections.abc import Callable, Mapping
from typing import Any

from camaudit.identify import ruleset
from camaudit.identify.resolve import resolve
from camaudit.model import Evidence

BODY_MAX = 64 * 1024

_LOREM = (
    "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor incididunt ut labore "
    "et dolore magna aliqua. Ut enim ad minim veniam, quis nostrud exercitation ullamco laboris. "
)


def _html(rng: random.Random, title: str, extra: str = "") -> str:
    paragraphs = "".join(f"<p>{_LOREM[: rng.randint(40, len(_LOREM))]}</p>\n" for _ in range(rng.randint(3, 30)))
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title>'
        f'<script src="/js/app.{rng.randint(1000, 9999)}.js"></script></head><body>{extra}{paragraphs}</body></html>'
    )


def _http_record(
    rng: random.Random, server: str | None, title: str, extra: str = "", fav: int | None = None
) -> dict[str, Any]:
    html = _html(rng, title, extra)
    head = "HTTP/1.1 200 OK\r\n" + (f"Server: {server}\r\n" if server else "") + "Content-Type: text/html\r\n"
    http: dict[str, Any] = {"status": 200, "title": title, "html": html, "server": server, "host": "", "location": "/"}
    if fav is not None:
        http["favicon"] = {"hash": fav, "location": "/favicon.ico"}
    return {
        "port": rng.choice([80, 8080, 443, 8443]),
        "transport": "tcp",
        "data": head,
        "http": http,
        "_shodan": {"module": "http"},
    }


def make_record(rng: random.Random, i: int) -> dict[str, Any]:
    """One synthetic Shodan banner; the mix is mostly not cameras, as on the internet."""
    kind = rng.random()
    if kind < 0.30:
        rec = _http_record(
            rng,
            rng.choice(
                [
                    "nginx",
                    "nginx/1.18.0 (Ubuntu)",
                    "Apache/2.4.41 (Ubuntu)",
                    "Microsoft-IIS/10.0",
                    "cloudflare",
                    "LiteSpeed",
                    None,
                ]
            ),
            rng.choice(["Welcome to nginx!", "Home", "Login", "403 Forbidden", "Index of /"]),
        )
    elif kind < 0.40:
        rec = _http_record(
            rng,
            rng.choice(["App-webs/", "Hikvision-Webs", "DNVRS-Webs", "webserver"]),
            "",
            '<script>window.location.href = "/doc/page/login.asp?_" + (new Date()).getTime();</script>',
            999357577,
        )
    elif kind < 0.46:
        rec = _http_record(
            rng,
            None,
            "WEB SERVICE",
            '<div class="ui-dialog-content"><input id="t_username"><select id="slct_userType"></select>',
            1653394551,
        )
    elif kind < 0.49:
        rec = _http_record(rng, None, "AXIS", "", -1616143106)
    elif kind < 0.60:
        rec = {
            "port": 554,
            "transport": "tcp",
            "product": "RTSP",
            "data": "RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n"
            + rng.choice(
                [
                    'Server: Dahua Rtsp Server\r\nWWW-Authenticate: Basic realm="device"\r\n',
                    'WWW-Authenticate: Digest realm="IP Camera(C2875)", nonce="ab"\r\n',
                    "Server: GStreamer RTSP server\r\n",
                ]
            ),
            "rtsp": {},
        }
    elif kind < 0.75:
        subject = rng.choice(
            [
                "CN=www.hikvision.com,OU=DVRNVR,O=HIKVISION,L=HangZhou,ST=ZheJiang,C=CN",
                "CN=example.com",
                "CN=*.cloudflare-dns.com,O=Cloudflare\\, Inc.,L=San Francisco,ST=California,C=US",
                "CN=axis-accc8ea31abf,O=Axis Communications AB",
            ]
        )
        rec = _http_record(rng, rng.choice(["nginx", None]), "Login")
        rec["ssl"] = {
            "cert": {
                "subject_str": subject,
                "issuer_str": "CN=R3,O=Let's Encrypt,C=US",
                "fingerprint": {"sha256": f"{rng.getrandbits(256):064x}"},
            },
            "versions": ["TLSv1.2", "TLSv1.3"],
        }
    else:
        rec = {
            "port": rng.choice([21, 22, 23, 25, 3306, 5432]),
            "transport": "tcp",
            "product": rng.choice(["OpenSSH", "vsftpd", "Postfix smtpd", "MySQL"]),
            "data": rng.choice(
                [
                    "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\r\n",
                    "220 (vsFTPd 3.0.5)\r\n",
                    "220 mail.example.com ESMTP Postfix\r\n",
                    "192.0.0.64 login: ",
                ]
            ),
        }
    rec.update(
        {
            "ip_str": f"198.51.{i % 256}.{(i // 256) % 256}",
            "timestamp": "2026-09-01T12:00:00.000000",
            "hostnames": [],
            "domains": [],
            "org": "Example ISP",
            "isp": "Example ISP",
            "asn": "AS64500",
            "location": {
                "country_code": rng.choice(["GB", "US", "DE", "CN", "BR"]),
                "city": "Somewhere",
                "latitude": 51.5,
                "longitude": -0.1,
            },
        }
    )
    return rec


def fields_of(rec: Mapping[str, Any]) -> dict[str, str]:
    """Shodan banner → observation fields (a cut-down version of what the Shodan importer does)."""
    out: dict[str, str] = {}
    http = rec.get("http")
    if http:
        for key, name in (("server", "http.server"), ("title", "http.title")):
            if http.get(key):
                out[name] = str(http[key])
        if http.get("html"):
            out["http.body"] = str(http["html"])[:BODY_MAX]
        fav = http.get("favicon")
        if fav and "hash" in fav:
            out["http.favicon.mmh3"] = str(fav["hash"])
    data = str(rec.get("data", ""))
    if rec.get("port") == 554:
        for line in data.split("\r\n"):
            name, _, value = line.partition(": ")
            if name == "Server":
                out["rtsp.server"] = value
            elif name == "WWW-Authenticate":
                out["rtsp.www_authenticate"] = value
    elif not http and data:
        out["banner"] = data
    cert = (rec.get("ssl") or {}).get("cert")
    if cert:
        out["tls.subject"] = str(cert.get("subject_str", ""))
        out["tls.issuer"] = str(cert.get("issuer_str", ""))
    if rec.get("product"):
        out["import.product"] = str(rec["product"])
    return out


def run(lines: list[str], identify_fields: Callable[[Mapping[str, str]], Any] | None) -> float:
    start = time.perf_counter()
    for line in lines:
        rec = json.loads(line)
        if identify_fields is not None:
            identity = identify_fields(fields_of(rec))
            rec["camaudit"] = {"manufacturer": identity.manufacturer, "device_type": identity.device_type}
        json.dumps(rec)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--records", type=int, default=200_000)
    parser.add_argument("--distinct", type=int, default=4_000, help="distinct records, cycled to --records")
    args = parser.parse_args()

    rng = random.Random(20261123)
    pool = [json.dumps(make_record(rng, i)) for i in range(args.distinct)]
    lines = [pool[i % len(pool)] for i in range(args.records)]
    rs = ruleset()
    matcher = rs.matcher

    def fast(fields: Mapping[str, str]) -> Any:
        return resolve(matcher.match(fields))

    def naive(fields: Mapping[str, str]) -> Any:
        return resolve(matcher.match_naive(fields))

    fast(fields_of(json.loads(pool[0])))  # warm caches (rule compile, knowledge load)
    parse_s = run(lines, None)
    fast_s = run(lines, fast)
    naive_s = run(lines, naive)
    # identification cost = time beyond parsing and re-serialising
    fast_id, naive_id = fast_s - parse_s, naive_s - parse_s
    mb = sum(len(line) for line in lines) / 1e6
    print(
        f"{args.records} records ({mb:.0f} MB JSON, {len(pool)} distinct), {len(rs.rules)} rules, "
        f"{len(matcher.fields)} fields"
    )
    print(f"parse+dump            {parse_s:7.2f} s")
    print(f"identify (fast)       {fast_id:7.2f} s   ratio to parse+dump {fast_id / parse_s:5.2f}  (budget 1.50)")
    print(f"identify (naive)      {naive_id:7.2f} s   ratio to parse+dump {naive_id / parse_s:5.2f}")
    print(f"speed-up fast vs naive {naive_id / fast_id:6.2f}x")
    _optional_engines(lines[: min(len(lines), 50_000)], rs.rules, parse_s * min(len(lines), 50_000) / len(lines))


def _optional_engines(lines: list[str], rules: Any, parse_s: float) -> None:
    """Time a multi-pattern prefilter built on google-re2 or hyperscan, when importable."""
    values = [fields_of(json.loads(line)) for line in lines]
    by_field: dict[str, list[Any]] = {}
    for rule in rules:
        by_field.setdefault(rule.field, []).append(rule)

    try:
        import hyperscan  # type: ignore[import-not-found]
    except ImportError:
        print("hyperscan: not installed (pip install hyperscan to compare)")
    else:
        dbs = {}
        for name, rs in by_field.items():
            db = hyperscan.Database()
            flags = []
            for r in rs:
                f = hyperscan.HS_FLAG_SINGLEMATCH | hyperscan.HS_FLAG_ALLOWEMPTY
                if "ignorecase" in r.flags:
                    f |= hyperscan.HS_FLAG_CASELESS
                if "multiline" in r.flags:
                    f |= hyperscan.HS_FLAG_MULTILINE
                if "dotall" in r.flags:
                    f |= hyperscan.HS_FLAG_DOTALL
                flags.append(f)
            try:
                db.compile(expressions=[r.pattern.encode() for r in rs], ids=list(range(len(rs))), flags=flags)
            except hyperscan.error as exc:
                print(f"hyperscan: cannot compile {name}: {exc}")
                return
            dbs[name] = (db, rs)
        start = time.perf_counter()
        for fields in values:
            found: list[Evidence] = []
            for name, value in fields.items():
                entry = dbs.get(name)
                if entry is None:
                    continue
                db, rs = entry
                hits: list[int] = []
                db.scan(value.encode(), match_event_handler=lambda i, *_, hits=hits: hits.append(i))
                for i in hits:
                    m = rs[i].regex.search(value)
                    if m is not None:
                        found.append(Evidence(rs[i].id, name, m.group(0), rs[i].assertions(m), rs[i].certainty, ""))
            resolve(found)
        spent = time.perf_counter() - start
        print(
            f"hyperscan prefilter   {spent:7.2f} s on {len(values)} records   ratio to parse+dump "
            f"{spent / parse_s:5.2f}"
        )


if __name__ == "__main__":
    main()
