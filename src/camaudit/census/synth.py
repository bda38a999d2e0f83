"""``camaudit census synth``: realistic synthetic Shodan banners for tests and benchmarks.

What is real and what is made up:

* **Camera and recorder banners, and about a fifth of the non-camera ones, are the labelled test corpora**
  (``census/data/banners.jsonl``, copied from ``tests/data/shodan_sample.jsonl`` and
  ``tests/data/shodan_holdout.jsonl``; each entry names its line in ``origin``). Their reply strings come
  from public captures and fingerprint sources (Recog, nmap match lines, public RTSP captures in code,
  nuclei, Ingram ...; ``docs/knowledge-sources.md``); the records around them were assembled for tests.
* **Everything else is synthetic**: the Shodan metadata (timestamps, ``_shodan``, organisations, ASNs from
  the private-use range 64512-65534), ordinary web pages built from a word list, common service greetings
  (OpenSSH, Postfix, vsFTPd ...), the country mix and each maker's share. Addresses are drawn from
  240.0.0.0/4 (reserved, never assigned to a host), so no record names a real machine.

The population: hosts (one IP each) with one to three services; about :data:`CAMERA_HOST_SHARE` of hosts
are cameras or recorders (internet scans hold a few per cent), spread over 24+ makers and relabelled
brands with realistic weights (Hikvision and Dahua first). Records come from a crawl over
:data:`DAYS` days: each service is seen once, and :data:`RESIGHT_SHARE` of records see an earlier service
again on another day -- sometimes (:data:`REASSIGNED_SHARE`) with something else now on that address, as
with dynamic addresses -- so the census's "latest record wins" rule matters. Same seed, same bytes.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import IO, Any

import orjson

CAMERA_HOST_SHARE = 0.06
RESIGHT_SHARE = 0.12
REASSIGNED_SHARE = 0.1
DAYS = 7
_BASE_DAY = "2026-11-"
_IP_BASE = 0xF0000000  # 240.0.0.0/4
_IP_SPAN = 1 << 28

#: Country code -> weight: roughly the share of hosts internet scans find per country (60 countries).
COUNTRIES: dict[str, int] = {
    "US": 220, "CN": 120, "DE": 45, "KR": 40, "JP": 38, "GB": 35, "FR": 32, "BR": 30, "NL": 28, "RU": 26,
    "IN": 25, "VN": 22, "IT": 20, "CA": 18, "TW": 17, "ES": 16, "MX": 14, "PL": 13, "TR": 12, "AU": 12,
    "TH": 11, "ID": 11, "HK": 10, "SE": 9, "UA": 9, "IR": 8, "AR": 8, "CO": 7, "ZA": 7, "SG": 7,
    "RO": 6, "CZ": 6, "CH": 6, "BE": 6, "AT": 5, "IL": 5, "MY": 5, "PH": 5, "CL": 5, "PT": 4,
    "GR": 4, "HU": 4, "DK": 4, "FI": 4, "NO": 3, "IE": 3, "EG": 3, "SA": 3, "AE": 3, "PK": 3,
    "BG": 2, "RS": 2, "SK": 2, "NZ": 2, "PE": 2, "KZ": 2, "MA": 2, "BD": 2, "LT": 1, "EE": 1,
}

#: Maker label (as in the corpus labels) -> weight among camera hosts, and the countries it sells most in.
MAKERS: dict[str | None, tuple[int, tuple[str, ...]]] = {
    "hikvision": (300, ()), "dahua": (200, ()), "xiongmai": (120, ("CN", "VN", "BR", "IN", "RU")),
    "tvt": (25, ()), "axis": (25, ("US", "DE", "GB", "SE")), "hanwha": (15, ("KR", "US")), "bosch": (12, ("DE",)),
    "uniview": (15, ("CN",)), "vivotek": (10, ("TW",)), "avtech": (12, ("TW", "US")), "geovision": (10, ("TW",)),
    "d-link": (10, ()), "foscam": (8, ()), "reolink": (12, ()), "mobotix": (5, ("DE",)), "panasonic": (6, ("JP",)),
    "ubiquiti": (8, ("US",)), "netwave": (6, ()), "avigilon": (5, ("US", "CA")), "sony": (4, ("JP",)),
    "amcrest": (10, ("US",)), "lorex": (10, ("US", "CA")), "cp-plus": (12, ("IN",)), "intelbras": (14, ("BR",)),
    "interlogix": (5, ("US",)), "alibi": (3, ("US",)), "luma": (3, ("US",)), "tecvoz": (3, ("BR",)),
    "provision-isr": (3, ("IL",)), "digital-watchdog": (3, ("US",)), "instar": (3, ("DE",)), None: (20, ()),
}

_WORD_TEXT = (
    "home about contact services products news blog login account cart checkout privacy policy terms support "
    "download search menu gallery team careers pricing features documentation the and for with your our from "
    "this that will more new best online free shipping order today customer service quality delivery"
)
_WORDS = tuple(_WORD_TEXT.split())
_WEB_SERVERS = ("nginx", "nginx/1.18.0 (Ubuntu)", "Apache/2.4.41 (Ubuntu)", "Apache", "Microsoft-IIS/10.0",
                "cloudflare", "LiteSpeed", "openresty", "Caddy", "")
_TEXT_SERVICES: tuple[tuple[str, int, str], ...] = (
    ("ssh", 22, "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\nKey type: ssh-ed25519\n"),
    ("ssh", 22, "SSH-2.0-OpenSSH_7.4\nKey type: ssh-rsa\n"),
    ("ssh", 22, "SSH-2.0-dropbear_2019.78\nKey type: ssh-rsa\n"),
    ("smtp", 25, "220 mail.example.net ESMTP Postfix (Ubuntu)\r\n250-PIPELINING\r\n250-STARTTLS\r\n250 8BITMIME\r\n"),
    ("smtp", 587, "220 mx.example.org ESMTP Exim 4.96\r\n250-SIZE 52428800\r\n250 HELP\r\n"),
    ("imap", 143, "* OK [CAPABILITY IMAP4rev1 LITERAL+ STARTTLS AUTH=PLAIN] Dovecot (Ubuntu) ready.\r\n"),
    ("ftp", 21, "220 (vsFTPd 3.0.5)\r\n530 Login incorrect.\r\n"),
    ("ftp", 21, "220 ProFTPD Server (Debian)\r\n"),
    ("mysql", 3306, "J\\x00\\x00\\x00\\n8.0.36-0ubuntu0.22.04.1\\x00"),
    ("redis", 6379, "-NOAUTH Authentication required.\r\n"),
    ("telnet", 23, "\r\nUbuntu 22.04.4 LTS\r\nlogin: "),
    ("upnp", 1900,
     "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nSERVER: Linux/4.14 UPnP/1.1 MiniUPnPd/2.2\r\n\r\n"),
)


@dataclass
class SynthStats:
    """What a synth run wrote."""

    records: int = 0
    camera_records: int = 0
    resightings: int = 0


@cache
def _templates() -> tuple[dict[str | None, tuple[dict[str, Any], ...]], tuple[dict[str, Any], ...]]:
    """Camera templates by maker label, and the labelled non-camera templates."""
    text = resources.files("camaudit.census").joinpath("data/banners.jsonl").read_text(encoding="utf-8")
    cameras: dict[str | None, list[dict[str, Any]]] = {}
    others: list[dict[str, Any]] = []
    for line in text.splitlines():
        entry = json.loads(line)
        if entry["camera"]:
            cameras.setdefault(entry["maker"], []).append(entry)
        else:
            others.append(entry)
    return {k: tuple(v) for k, v in cameras.items()}, tuple(others)


def _country_index() -> tuple[list[str], list[int]]:
    return list(COUNTRIES), list(COUNTRIES.values())


@dataclass(frozen=True, slots=True)
class _Host:
    index: int
    ip: str
    ip_int: int
    country: str
    asn: str
    org: str
    maker: str | None  # camera maker label; "" for a non-camera host
    services: int


def _host(seed: int, index: int) -> _Host:
    rng = random.Random(seed * 1_000_003 + index)
    ip_int = _IP_BASE + (index * 2654435761) % _IP_SPAN  # an odd multiplier: distinct for every index < 2**28
    ip = f"{ip_int >> 24}.{(ip_int >> 16) & 255}.{(ip_int >> 8) & 255}.{ip_int & 255}"
    codes, weights = _country_index()
    maker: str | None = ""
    home: tuple[str, ...] = ()
    if rng.random() < CAMERA_HOST_SHARE:
        labels = list(MAKERS)
        maker = rng.choices(labels, [MAKERS[m][0] for m in labels])[0]
        home = MAKERS[maker][1]
    country = rng.choice(home) if home and rng.random() < 0.5 else rng.choices(codes, weights)[0]
    network = codes.index(country) * 3 + rng.randrange(3)
    services = rng.choices((1, 2, 3), (50, 35, 15))[0] if maker != "" else rng.choices((1, 2), (70, 30))[0]
    return _Host(index, ip, ip_int, country, f"AS{64512 + network}", f"Example Net {country}-{network % 3 + 1}",
                 maker, services)


def _page(rng: random.Random, title: str) -> str:
    size = int(200 * 60 ** rng.random())  # log-uniform 200 B .. 12 KB, as page sizes are
    parts = [f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"]
    length = len(parts[0])
    while length < size:
        heading, text = " ".join(rng.choices(_WORDS, k=3)), " ".join(rng.choices(_WORDS, k=40))
        chunk = f"<div><h2>{heading}</h2><p>{text}</p></div>\n"
        parts.append(chunk)
        length += len(chunk)
    parts.append("</body></html>")
    return "".join(parts)


def _service(rng: random.Random, host: _Host, camera: bool) -> dict[str, Any]:
    """The banner body (port, data, http, ssl ...) of one service, from a template or made up."""
    cameras, others = _templates()
    if camera:
        return dict(rng.choice(cameras[host.maker]))
    roll = rng.random()
    if roll < 0.2:
        return dict(rng.choice(others))
    if roll < 0.6:
        module, port, data = rng.choice(_TEXT_SERVICES)
        return {"port": port, "transport": "tcp", "module": module, "data": data}
    server = rng.choice(_WEB_SERVERS)
    title = rng.choice(("Home", "Welcome", "Shop", "Blog", "Welcome to nginx!", "Index of /"))
    html = _page(rng, title)
    head = "HTTP/1.1 200 OK\r\n" + (f"Server: {server}\r\n" if server else "") + "Content-Type: text/html\r\n\r\n"
    port = rng.choice((80, 443, 8080, 8443))
    body: dict[str, Any] = {
        "port": port, "transport": "tcp", "module": "https" if port in (443, 8443) else "http", "data": head,
        "http": {"status": 200, "title": title, "server": server or None, "html": html},
    }
    if port in (443, 8443):
        body["ssl"] = {"cert": {"subject": {"CN": f"www.example{host.index}.net"},
                                "issuer": {"C": "US", "O": "Let's Encrypt", "CN": "R3"}}}
    return body


def _banner(seed: int, host: _Host, service: int, day: int, rng: random.Random, reassigned: bool) -> dict[str, Any]:
    srng = random.Random((seed * 1_000_003 + host.index) * 7 + service)
    camera = host.maker != "" and not reassigned
    body = _service(srng if not reassigned else rng, host, camera)
    module = body.pop("module", "")
    for key in ("maker", "camera", "origin"):
        body.pop(key, None)
    banner: dict[str, Any] = {
        "ip": host.ip_int, "ip_str": host.ip,
        "timestamp": f"{_BASE_DAY}{day:02d}T{rng.randrange(24):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}."
                     f"{rng.randrange(1_000_000):06d}",
        "hash": rng.randrange(-(2**31), 2**31), "org": host.org, "isp": host.org, "asn": host.asn,
        "hostnames": [], "domains": [], "location": {"country_code": host.country},
        "_shodan": {"id": f"{rng.getrandbits(64):016x}", "module": module, "crawler": f"{rng.getrandbits(40):010x}"},
    }
    banner.update(body)
    return banner


def banners(records: int, seed: int, stats: SynthStats | None = None) -> Iterator[dict[str, Any]]:
    """``records`` Shodan banners, deterministic for ``seed``; ``stats`` (if given) is filled in as they go."""
    tally = stats if stats is not None else SynthStats()
    rng = random.Random(seed)
    next_host = 0
    while tally.records < records:
        if next_host and rng.random() < RESIGHT_SHARE:
            host = _host(seed, rng.randrange(next_host))
            reassigned = rng.random() < REASSIGNED_SHARE
            banner = _banner(seed, host, rng.randrange(host.services), rng.randint(1, DAYS), rng, reassigned)
            tally.resightings += 1
            tally.camera_records += host.maker != "" and not reassigned
            tally.records += 1
            yield banner
            continue
        host = _host(seed, next_host)
        next_host += 1
        for service in range(host.services):
            if tally.records >= records:
                return
            tally.camera_records += host.maker != ""
            tally.records += 1
            yield _banner(seed, host, service, rng.randint(1, DAYS), rng, False)


def _open(path: Path, compress: bool) -> IO[bytes]:
    if compress:
        return gzip.open(path, "wb", compresslevel=3)  # type: ignore[return-value]
    return open(path, "wb")


def write(path: Path, records: int, seed: int) -> SynthStats:
    """Write ``records`` banners as Shodan NDJSON (gzip when ``path`` ends in .gz), atomically."""
    stats = SynthStats()
    tmp = path.with_name(f".{path.name}.tmp")
    with _open(tmp, path.suffix == ".gz") as f:
        for banner in banners(records, seed, stats):
            f.write(orjson.dumps(banner, option=orjson.OPT_APPEND_NEWLINE))
    tmp.replace(path)
    return stats


def write_parts(folder: Path, records: int, seed: int, parts: int) -> list[Path]:
    """One stream of ``records`` banners cut into ``parts`` gzip files of equal size (for benchmarks)."""
    folder.mkdir(parents=True, exist_ok=True)
    each = -(-records // parts)
    paths: list[Path] = []
    stream = banners(records, seed)
    for part in range(parts):
        path = folder / f"part-{part + 1:04d}.json.gz"
        with gzip.open(path, "wb", compresslevel=3) as f:
            for _, banner in zip(range(each), stream, strict=False):
                f.write(orjson.dumps(banner, option=orjson.OPT_APPEND_NEWLINE))
        paths.append(path)
    return paths
