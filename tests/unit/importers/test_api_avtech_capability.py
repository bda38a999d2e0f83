"""AVTECH's capability answer (``/cgi-bin/nobody/Machine.cgi?action=get_capability``) names AVTECH from an owner's
copy of the CGI document as well as from the scanner template the rule was first written from, so that a record
taken from either source is still identified by the rule when the other source is left out (bench/accuracy.py)."""

from __future__ import annotations

from camaudit.identify import identify
from camaudit.identify.provenance import rule_kept, source_keys
from camaudit.identify.rules import load_rules
from camaudit.importers import shodan

# https://lexxai.blogspot.com/2018/12/avtech-dvr-hiden-commands.html (github:lexxai/lexxai.github.io _posts): the answer
# "From DOC", its first lines as printed (the MAC is masked there, as here).
LEXXAI_CAPABILITY = (
    "0\nOK\nFirmware.Version=1133-1039-1013-1025-0a-0000\nMACAddress=00:0X:XX:XX:XX:XX\nProduct.Type=DVR\n"
    "Product.ID=672\nProduct.ShortName=None\nVideo.System=PAL\nVideo.Input.Num=4\nVideo.Output.Num=1\n"
    "Video.Format=H264,MJPEG\nVideo.Format.Default=H264\nVideo.Resolution=4CIF,CIF\n"
)


def test_the_capability_answer_with_its_status_lines_names_avtech() -> None:
    data = f"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n{LEXXAI_CAPABILITY}"
    record = shodan.parse_banner({"ip_str": "198.51.100.9", "port": 80, "data": data, "_shodan": {"module": "http"}}, 1)
    fields = record.observations[0].fields
    assert fields["devinfo.api"] == "avtech-cgi" and fields["devinfo.device_type"] == "DVR"
    identity = identify(record.observations)
    assert identity.manufacturer == "avtech" and identity.device_type == "dvr"


def test_the_rule_is_kept_when_either_of_its_two_sources_is_left_out() -> None:
    rule = next(r for r in load_rules() if r.id == "avtech.devinfo.api.get-capability")
    nuclei = source_keys("https://github.com/projectdiscovery/nuclei-templates/pull/1779")
    blog = source_keys("https://lexxai.blogspot.com/2018/12/avtech-dvr-hiden-commands.html")
    assert nuclei and blog and not nuclei & blog
    assert rule_kept(rule.source, rule.supports, nuclei) and rule_kept(rule.source, rule.supports, blog)
