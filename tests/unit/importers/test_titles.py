"""A page title reads the same whoever cut it out of the page: entities decoded, whitespace folded.

masscan's ``title`` banner and nmap's ``http-title`` keep the title as the page wrote it (``&amp;``,
``&#x7F51;``); a page parsed from a body has its entities decoded. The title below is the localised camera
word of ``words.camera-word.localised`` written as numeric character references, as some firmware pages write
non-ASCII titles; it is written for this test, not taken from a capture.
"""

from __future__ import annotations

import io
import json

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.model import is_video_device

ENCODED = "&#x7F51;&#x7EDC;&#x6444;&#x50CF;&#x673A;&nbsp;&amp; NVR"
TITLE = "网络摄像机 & NVR"


def _read(fmt: str, text: str) -> tuple[str | None, bool]:
    (record,) = list(FORMATS[fmt](io.BytesIO(text.encode())))
    title = next((o.fields["http.title"] for o in record.observations if "http.title" in o.fields), None)
    return title, is_video_device(identify(record.observations).device_type)


def test_the_title_is_decoded_the_same_in_every_format() -> None:
    page = f"<html><head><title>{ENCODED}</title></head></html>"
    nmap = (
        '<nmaprun><host><address addr="192.0.2.60" addrtype="ipv4"/><ports><port protocol="tcp" portid="80">'
        f'<state state="open"/><service name="http"/><script id="http-title" output="{ENCODED.replace("&", "&amp;")}">'
        f'<elem key="title">{ENCODED.replace("&", "&amp;")}</elem></script></port></ports></host></nmaprun>'
    )
    readings = {
        "masscan": _read("masscan", f"banner tcp 80 192.0.2.60 1727151523 title {ENCODED}\n"),
        "nmap": _read("nmap", nmap),
        "shodan": _read(
            "shodan",
            json.dumps(
                {
                    "ip_str": "192.0.2.60",
                    "port": 80,
                    "data": "HTTP/1.1 200 OK\r\n\r\n",
                    "http": {"title": ENCODED, "html": page},
                }
            ),
        ),
        "zgrab2": _read(
            "zgrab2",
            json.dumps(
                {
                    "ip": "192.0.2.60",
                    "data": {
                        "http": {
                            "protocol": "http",
                            "port": 80,
                            "result": {"response": {"status_code": 200, "body": page}},
                        }
                    },
                }
            ),
        ),
    }
    assert readings == dict.fromkeys(readings, (TITLE, True))
