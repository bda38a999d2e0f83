"""Zeek logs, TSV and JSON, give the same devices and findings as the capture they were made from."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from lan import AXIS, CLOUD_DAHUA, CLOUD_HIK, CLOUD_XMEYE, DAHUA, DVR, HIKVISION, LAPTOP, WEB

from camaudit.passive.localnet import LocalNets
from camaudit.passive.run import PassiveOptions, analyse

T0 = 1764590400.0

_HEADER = ("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\t{path}\n"
           "#open\t2025-12-01-12-00-00\n#fields\t{fields}\n#types\t{types}\n")


def _tsv(path: Path, log: str, fields: list[str], rows: list[list[str]]) -> Path:
    text = _HEADER.format(path=log, fields="\t".join(fields), types="\t".join("string" for _ in fields))
    text += "".join("\t".join(row) + "\n" for row in rows) + "#close\t2025-12-01-13-00-00\n"
    path.write_text(text)
    return path


def _conn(orig: str, mac: str, resp: str, port: int, proto: str, out: int, back: int, duration: float) -> list[str]:
    return [str(T0), "C" + orig[-2:], orig, "50000", resp, str(port), proto, str(duration), str(out), str(back),
            str(out // 1000 + 1), str(out + 40), str(back // 1000 + 1), str(back + 40), mac, "00:0d:b9:00:00:01"]


def _logs(folder: Path) -> list[Path]:
    conn = _tsv(folder / "conn.log", "conn",
                ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "duration", "orig_bytes",
                 "resp_bytes", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "orig_l2_addr",
                 "resp_l2_addr"],
                [_conn(HIKVISION[1], HIKVISION[0], CLOUD_HIK[1], 443, "tcp", 2_000_000, 20_000, 1200.0),
                 _conn(DAHUA[1], DAHUA[0], CLOUD_DAHUA[1], 8800, "udp", 6000, 900, 30.0),
                 _conn(DVR[1], DVR[0], CLOUD_XMEYE[1], 80, "tcp", 400, 80, 1.0),
                 _conn(AXIS[1], AXIS[0], "203.0.113.123", 123, "udp", 48, 48, 0.1),
                 _conn(LAPTOP[1], LAPTOP[0], WEB[1], 443, "tcp", 5000, 90000, 20.0)])
    dns = folder / "dns.00:00:00-01:00:00.log.gz"
    with gzip.open(dns, "wt") as out:
        for client, (name, address) in ((HIKVISION, CLOUD_HIK), (DAHUA, CLOUD_DAHUA), (LAPTOP, WEB)):
            out.write(json.dumps({"ts": T0 - 1, "uid": "D1", "id.orig_h": client[1], "id.orig_p": 5353,
                                  "id.resp_h": "192.168.10.1", "id.resp_p": 53, "proto": "udp", "query": name,
                                  "qtype_name": "A", "answers": [address], "TTLs": [300.0]}) + "\n")
    http = _tsv(folder / "http.log", "http", ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "host"],
                [[str(T0), "H1", DVR[1], "50000", CLOUD_XMEYE[1], "80", CLOUD_XMEYE[0]]])
    software = folder / "software.log"
    software.write_text(json.dumps({"ts": T0, "host": HIKVISION[1], "host_p": 80, "software_type": "HTTP::SERVER",
                                    "name": "App-webs", "unparsed_version": "App-webs/"}) + "\n")
    return [conn, http, software, dns]


def test_zeek_logs_give_the_three_cloud_findings(tmp_path: Path) -> None:
    result = analyse(_logs(tmp_path), PassiveOptions(LocalNets.default()))
    clouds = {d.addresses[0].ip: [f.details["ecosystem"] for f in d.findings if f.kind == "cloud-traffic"]
              for d in result.devices}
    assert {ip: c for ip, c in clouds.items() if c} == {
        HIKVISION[1]: ["hik-connect"], DAHUA[1]: ["easy4ip"], DVR[1]: ["xmeye"]}
    hik = next(d for d in result.devices if d.addresses[0].ip == HIKVISION[1])
    assert hik.addresses[0].mac == HIKVISION[0] and hik.identity.manufacturer == "hikvision"
    finding = next(f for f in hik.findings if f.kind == "cloud-traffic")
    assert finding.details["bytes_out"] == 2_000_040  # orig_ip_bytes, preferred to orig_bytes
    assert finding.details["last_seen"] == "2025-12-01T12:20:00Z"
    assert result.errors == ()


def test_a_camera_streaming_out_for_twenty_minutes_is_a_steady_upload(tmp_path: Path) -> None:
    conn = _tsv(tmp_path / "conn.log", "conn",
                ["ts", "uid", "id.orig_h", "id.orig_p", "id.resp_h", "id.resp_p", "proto", "duration", "orig_bytes",
                 "resp_bytes", "orig_pkts", "orig_ip_bytes", "resp_pkts", "resp_ip_bytes", "orig_l2_addr",
                 "resp_l2_addr"],
                [_conn(AXIS[1], AXIS[0], "203.0.113.200", 1935, "tcp", 90_000_000, 400_000, 1200.0)])
    result = analyse([conn], PassiveOptions(LocalNets.default()))
    axis = next(d for d in result.devices if d.addresses[0].ip == AXIS[1])
    [upload] = [f for f in axis.findings if f.kind == "unknown-upload"]
    assert upload.title == "Uploads steadily to an unknown outside host (203.0.113.200)"
    assert not [f for f in axis.findings if f.kind == "cloud-traffic"]
