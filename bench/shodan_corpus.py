"""A deterministic, internet-like mix of Shodan banners for the identification benchmarks.

Where the strings come from (the benchmark prints this summary too):

* **Camera and recorder records, and part of the non-camera records, are the labelled test corpora**
  ``tests/data/shodan_sample.jsonl`` and ``tests/data/shodan_holdout.jsonl``: each reply string there was
  taken from a public capture or fingerprint source listed in docs/knowledge-sources.md (Recog, nmap match
  lines, public RTSP captures in code, nuclei, Ingram ...); the records around them were assembled for the
  tests (documentation-range addresses).
* **Everything else is synthetic**, written for this benchmark in the shape Shodan stores: the metadata
  around each banner (org, ASN, location, ``_shodan``), the HTML bodies of ordinary web sites (generated
  from a word list, 0.5-60 KB, some in Chinese, Russian or German), and the non-camera services modelled on
  common public banner formats (nginx/Apache/IIS pages, router and printer admin pages, NAS log-ins,
  OpenSSH/dropbear, Postfix/Exim/Exchange, Dovecot, vsFTPd/ProFTPD, MySQL, Redis, UPnP, TLS certificates).
  None of them is a capture of a real host.

The mix: :data:`CAMERA_SHARE` of records are cameras/recorders (real internet scans hold far fewer; the
issue asks for at least 80 % non-cameras), the rest the services above in rough internet proportions.
Given a seed the output is byte-for-byte the same, so two runs measure the same work.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
LABELLED = (ROOT / "tests/data/shodan_sample.jsonl", ROOT / "tests/data/shodan_holdout.jsonl")
#: Share of camera/recorder records in the mix.
CAMERA_SHARE = 0.15

_WORD_TEXT = (
    "home about contact services products news blog login account cart checkout privacy policy terms "
    "support download search menu footer header content section article community events gallery team "
    "careers pricing features documentation the and for with your our from this that will more new best "
    "online free shipping order today customer service quality delivery read more learn sign up subscribe"
)
_WORDS = tuple(_WORD_TEXT.split())
_FOREIGN = (
    "我们的产品 新闻中心 联系我们 关于我们 首页 登录 注册 购物车 服务 支持",
    "главная новости контакты о компании вход регистрация корзина услуги поддержка",
    "Startseite Über uns Kontakt Datenschutzerklärung Impressum Anmelden Warenkorb Größe",
)


def _words(rng: random.Random, n: int, foreign: str | None) -> str:
    pool = foreign.split() if foreign else _WORDS
    return " ".join(rng.choice(pool) for _ in range(n))


def html_page(rng: random.Random, title: str, size: int, extra_head: str = "") -> str:
    """An ordinary web page of about ``size`` characters: head, nav, paragraphs, scripts."""
    foreign = rng.choice(_FOREIGN) if rng.random() < 0.15 else None
    head = (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{title}</title>\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<link rel="stylesheet" href="/assets/css/main.{rng.getrandbits(32):08x}.css">\n{extra_head}</head>\n<body>\n'
        '<nav class="navbar"><ul>'
        + "".join(f'<li><a href="/{w}">{w.title()}</a></li>' for w in rng.sample(_WORDS, 6))
        + "</ul></nav>\n"
    )
    parts = [head]
    length = len(head)
    while length < size:
        kind = rng.random()
        if kind < 0.7:
            text = _words(rng, rng.randint(20, 90), foreign)
            chunk = f'<div class="row"><h2>{_words(rng, 4, foreign)}</h2><p>{text}</p></div>\n'
        elif kind < 0.85:
            chunk = (
                f'<img src="/media/{rng.getrandbits(40):010x}.jpg" alt="{_words(rng, 3, foreign)}" loading="lazy">\n'
            )
        else:
            chunk = (
                "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
                f"gtag('js',new Date());gtag('config','G-{rng.getrandbits(30):08X}');</script>\n"
            )
        parts.append(chunk)
        length += len(chunk)
    parts.append(
        "<footer><p>&copy; 2024 Example Ltd. All rights reserved.</p></footer>\n"
        '<script src="/assets/js/app.js"></script>\n</body>\n</html>\n'
    )
    return "".join(parts)


def _size(rng: random.Random, low: int, high: int) -> int:
    """Log-uniform, as page sizes are."""
    return int(low * (high / low) ** rng.random())


def _head(status: str, headers: list[tuple[str, str]]) -> str:
    lines = [f"HTTP/1.1 {status}", "Date: Mon, 06 May 2024 10:00:00 GMT", *(f"{k}: {v}" for k, v in headers)]
    return "\r\n".join(lines) + "\r\n\r\n"


def _meta(rng: random.Random, index: int, port: int, module: str) -> dict[str, Any]:
    # Documentation ranges only (RFC 5737): the data is synthetic and must not name real hosts.
    ip = f"{rng.choice(('192.0.2', '198.51.100', '203.0.113'))}.{index % 254 + 1}"
    isp = rng.choice(("Example Broadband", "Example Telecom", "Example Cloud Hosting", "Example Mobile"))
    return {
        "ip_str": ip,
        "port": port,
        "transport": "tcp",
        "timestamp": f"2024-05-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:00."
        f"{rng.randint(0, 999999):06d}",
        "hash": rng.randint(-(2**31), 2**31 - 1),
        "org": isp,
        "isp": isp,
        "asn": f"AS{rng.randint(64496, 64511)}",
        "hostnames": [],
        "domains": [],
        "location": {
            "city": "Example City",
            "region_code": "EX",
            "country_code": rng.choice(("NL", "DE", "US", "GB", "FR", "JP", "BR", "IN", "CN", "RU", "VN")),
            "country_name": "Example",
            "latitude": round(rng.uniform(-60, 60), 4),
            "longitude": round(rng.uniform(-180, 180), 4),
        },
        "_shodan": {
            "id": f"{rng.getrandbits(128):032x}",
            "module": module,
            "crawler": f"{rng.getrandbits(160):040x}",
            "ptr": True,
            "options": {},
        },
        "opts": {},
    }


def _http(
    rng: random.Random,
    index: int,
    port: int,
    server: str | None,
    title: str,
    html: str,
    extra: list[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    banner = _meta(rng, index, port, "https" if port in (443, 8443) else "http")
    headers = [("Server", server)] if server else []
    headers += [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(html)))]
    headers += extra or []
    banner["data"] = _head("200 OK", headers)
    banner["http"] = {
        "status": 200,
        "title": title,
        "server": server,
        "host": banner["ip_str"],
        "location": "/",
        "html": html,
        "html_hash": rng.randint(-(2**31), 2**31 - 1),
        "headers_hash": rng.randint(-(2**31), 2**31 - 1),
        "components": {},
        "redirects": [],
        "robots": None,
        "sitemap": None,
        "securitytxt": None,
        "waf": None,
    }
    if port in (443, 8443):
        banner["ssl"] = _cert(rng, f"www.example{index}.net", rng.choice(("R3", "R10", "E5")), "Let's Encrypt")
    return banner


def _cert(rng: random.Random, cn: str, issuer_cn: str, issuer_o: str) -> dict[str, Any]:
    return {
        "cert": {
            "sig_alg": "sha256WithRSAEncryption",
            "subject": {"CN": cn},
            "issuer": {"C": "US", "O": issuer_o, "CN": issuer_cn},
            "fingerprint": {"sha1": f"{rng.getrandbits(160):040x}", "sha256": f"{rng.getrandbits(256):064x}"},
            "serial": rng.getrandbits(63),
            "expired": False,
        },
        "versions": ["TLSv1.2", "TLSv1.3", "-SSLv3"],
        "cipher": {"version": "TLSv1.3", "bits": 256, "name": "TLS_AES_256_GCM_SHA384"},
        "chain": [],
    }


def web(rng: random.Random, index: int) -> dict[str, Any]:
    server = rng.choice(
        ("nginx", "nginx/1.18.0 (Ubuntu)", "Apache/2.4.41 (Ubuntu)", "Apache", "Microsoft-IIS/10.0",
         "cloudflare", "LiteSpeed", "openresty", "Caddy", None)
    )  # fmt: skip
    title = rng.choice(("Home", "Welcome", "Shop", "Blog", "Welcome to nginx!", "IIS Windows Server", "Index of /"))
    return _http(
        rng, index, rng.choice((80, 443, 8080, 8443)), server, title, html_page(rng, title, _size(rng, 500, 60_000))
    )


def router(rng: random.Random, index: int) -> dict[str, Any]:
    server, title, extra = rng.choice(
        (
            ("RomPager/4.07 UPnP/1.0", "", [("WWW-Authenticate", 'Basic realm="TP-LINK Wireless N Router WR841N"')]),
            (None, "RouterOS router configuration page", []),
            ("micro_httpd", "ASUS Wireless Router", []),
            ("httpd", "FRITZ!Box", []),
            ("Mini web server 1.0 ZTE corp 2005.", "ZXHN H108N", []),
        )
    )
    return _http(
        rng,
        index,
        rng.choice((80, 8080)),
        server,
        title,
        html_page(rng, title or "Login", _size(rng, 400, 6000)),
        extra,
    )


def printer(rng: random.Random, index: int) -> dict[str, Any]:
    if rng.random() < 0.5:
        banner = _meta(rng, index, 9100, "hp-pjl")
        banner["data"] = '@PJL INFO STATUS\r\nCODE=10001\r\nDISPLAY="Ready"\r\nONLINE=TRUE\r\n'
        return banner
    server, title = rng.choice(
        (
            ("HP HTTP Server; HP LaserJet Pro M404dn - W1A53A", "HP LaserJet Pro M404dn"),
            ("Virata-EmWeb/R6_2_1", "Home"),
            ("CUPS/2.3 IPP/2.1", "Home - CUPS 2.3.3"),
        )
    )
    return _http(rng, index, rng.choice((80, 631)), server, title, html_page(rng, title, _size(rng, 800, 8000)))


def nas(rng: random.Random, index: int) -> dict[str, Any]:
    server, title = rng.choice(
        (("nginx", "Synology DiskStation"), ("http server 1.0", "QTS"), ("Apache", "WD My Cloud"))
    )
    return _http(
        rng, index, rng.choice((5000, 8080, 443)), server, title, html_page(rng, title, _size(rng, 1000, 12_000))
    )


def _text(
    module: str, port: int, data: str, product: str | None = None
) -> Callable[[random.Random, int], dict[str, Any]]:
    def make(rng: random.Random, index: int) -> dict[str, Any]:
        banner = _meta(rng, index, port, module)
        banner["data"] = data.replace("{n}", str(index)).replace("{key}", f"{rng.getrandbits(256):x}")
        if product:
            banner["product"] = product
        return banner

    return make


_TEXT_SERVICES = (
    _text(
        "ssh",
        22,
        "SSH-2.0-OpenSSH_8.9p1 Ubuntu-3ubuntu0.6\nKey type: ssh-ed25519\n"
        "Key: AAAAC3NzaC1lZDI1NTE5AAAA{key}\nFingerprint: {key}\n",
        "OpenSSH",
    ),
    _text("ssh", 22, "SSH-2.0-OpenSSH_7.4\nKey type: ssh-rsa\nKey: AAAAB3NzaC1yc2EAAAADAQABAAABAQ{key}\n", "OpenSSH"),
    _text("ssh", 22, "SSH-2.0-dropbear_2019.78\nKey type: ssh-rsa\nKey: AAAAB3NzaC1yc2E{key}\n", "Dropbear sshd"),
    _text(
        "smtp",
        25,
        "220 mail{n}.example.net ESMTP Postfix (Ubuntu)\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
        "250-STARTTLS\r\n250 8BITMIME\r\n",
        "Postfix smtpd",
    ),
    _text(
        "smtp",
        587,
        "220 mx{n}.example.org ESMTP Exim 4.96 Mon, 06 May 2024 10:00:00 +0000\r\n"
        "250-SIZE 52428800\r\n250 HELP\r\n",
        "Exim smtpd",
    ),
    _text(
        "smtp",
        25,
        "220 EXCH{n}.example.local Microsoft ESMTP MAIL Service ready at Mon, 6 May 2024 10:00:00 +0000\r\n",
        None,
    ),
    _text(
        "imap",
        143,
        "* OK [CAPABILITY IMAP4rev1 SASL-IR LOGIN-REFERRALS ID ENABLE IDLE LITERAL+ STARTTLS AUTH=PLAIN] "
        "Dovecot (Ubuntu) ready.\r\n",
        "Dovecot imapd",
    ),
    _text("ftp", 21, "220 (vsFTPd 3.0.5)\r\n530 Login incorrect.\r\n", "vsftpd"),
    _text("ftp", 21, "220 ProFTPD Server (Debian) [::ffff:192.0.2.{n}]\r\n", "ProFTPD"),
    _text("mysql", 3306, "J\\x00\\x00\\x00\\n8.0.36-0ubuntu0.22.04.1\\x00\\x0c\\x00\\x00\\x00", "MySQL"),
    _text("redis", 6379, "-NOAUTH Authentication required.\r\n", "Redis key-value store"),
    _text("telnet", 23, "\r\nUbuntu 22.04.4 LTS\r\nhost{n} login: ", None),
    _text(
        "rdp",
        3389,
        "Remote Desktop Protocol\n  \\x03\\x00\\x00\\x13\\x0e\\xd0\\x00\\x00\\x124"
        "\\x00\\x02\\x1f\\x08\\x00\\x02\\x00\\x00\\x00",
        None,
    ),
    _text(
        "upnp",
        1900,
        "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
        "LOCATION: http://192.0.2.1:49152/rootDesc.xml\r\nSERVER: Linux/4.14 UPnP/1.1 MiniUPnPd/2.2\r\n"
        "ST: upnp:rootdevice\r\nUSN: uuid:{key}::upnp:rootdevice\r\n\r\n",
        None,
    ),
)


def text_service(rng: random.Random, index: int) -> dict[str, Any]:
    return rng.choice(_TEXT_SERVICES)(rng, index)


#: Non-camera kinds and their weights (rough internet proportions: web dominates, then SSH and mail).
NON_CAMERA: tuple[tuple[Callable[[random.Random, int], dict[str, Any]], int], ...] = (
    (web, 50),
    (router, 6),
    (printer, 3),
    (nas, 3),
    (text_service, 38),
)


def _labelled() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    cameras: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    for path in LABELLED:
        labels = [json.loads(line) for line in path.with_suffix(".labels.jsonl").read_text().splitlines()]
        for line, label in zip(path.read_text().splitlines(), labels, strict=True):
            (cameras if label["is_video"] else others).append(json.loads(line))
    return cameras, others


def banners(count: int, seed: int = 2024) -> Iterator[tuple[dict[str, Any], bool]]:
    """``count`` (Shodan banner, is a labelled camera) pairs, deterministic for a given seed."""
    rng = random.Random(seed)
    cameras, labelled_others = _labelled()
    kinds = [make for make, weight in NON_CAMERA for _ in range(weight)]
    for index in range(count):
        roll = rng.random()
        if roll < CAMERA_SHARE or roll < CAMERA_SHARE + 0.05:
            # A real labelled record (a camera, or one of the labelled non-cameras), given Shodan's metadata.
            source = rng.choice(cameras) if roll < CAMERA_SHARE else rng.choice(labelled_others)
            banner = _meta(rng, index, source.get("port", 80), (source.get("_shodan") or {}).get("module", "http"))
            banner.update({k: v for k, v in source.items() if k not in ("ip_str", "_shodan", "location")})
            banner["port"] = source.get("port", 80)
            yield banner, roll < CAMERA_SHARE
        else:
            yield rng.choice(kinds)(rng, index), False


def write_file(path: Path, count: int, seed: int = 2024) -> int:
    """Write ``count`` banners as Shodan NDJSON to ``path``; return how many are labelled cameras."""
    cameras = 0
    with path.open("wb") as f:
        for banner, is_camera in banners(count, seed):
            cameras += is_camera
            f.write(orjson.dumps(banner, option=orjson.OPT_APPEND_NEWLINE))
    return cameras
