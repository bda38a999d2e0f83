"""Every field a source really produces is declared in the registry (``camaudit/fields.py``), with that source
and the declared kind of value; and every field a rule reads is produced by something.

What "really produces" means here: every probe run by the engine against the whole lab (with credentials, every
opt-in check, an SNMP agent and banner services beside it), the unicast discovery replies of the lab's devices,
every probe against a replay device that answers SSDP with a UPnP description (recorded answers) and against a P2P
camera that answers only the UDP 32108 LAN search (lab/profiles/p2p), every
importer over the fixture files in ``tests/data``, for the discovery protocols the lab does not
emulate (SSDP, UPnP descriptions, Dahua's legacy 5050 reply), the real parsers over replies laid out as their
documentation describes, and passive analysis of a small site's capture (``tests/unit/passive/lan.py`` plus a
DHCP request and a SADP reply), with country and network-owner databases.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
import socket
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest
from tests import mdns_wire
from tests.conftest import ROOT, require
from tests.load import STRETCH_SAMPLE, stretch
from tests.snmp_agent import HIKVISION_DVR, Agent

from camaudit.fields import FIELDS, field
from camaudit.identify import EvidenceLedger
from camaudit.identify.field_groups import group_members, member_covers
from camaudit.identify.rules import load_rules
from camaudit.importers import FORMATS
from camaudit.lab import LabRunner, load_profiles
from camaudit.lab.profile import PROFILE_DIR
from camaudit.model import Observation
from camaudit.protocols import dahua_legacy, dhip, mdns, sadp, ssdp, wsdiscovery, xmeye
from camaudit.protocols.discovery import classify
from camaudit.scan import engine
from camaudit.scan.auth.credentials import Credential, CredentialStore
from camaudit.scan.discovery import upnp
from camaudit.scan.engine import ScanOptions, ScanRun, run_scan
from camaudit.scan.net import Limits, ProbeContext
from camaudit.scan.options import ProbeSettings
from camaudit.scan.ports import PRESETS
from camaudit.scan.probes import PROBES, Endpoint, Probe
from camaudit.targets import build_scope

BASE = "127.87.0.1"
AGENT_IP = "127.87.9.1"
BANNER_IP = "127.87.9.2"
COMMUNITY = "Field-Test-C0mmunity"
#: What a few real services say first (the OpenSSH, vsftpd and BusyBox telnetd forms).
BANNERS = {21: b"220 (vsFTPd 3.0.3)\r\n", 22: b"SSH-2.0-OpenSSH_8.4p1 Debian-5\r\n", 23: b"\xff\xfd\x01(none) login: "}
#: Declared fields nothing here produces, and why (each is checked by its parser's own unit test instead).
#: Fields identify derives from observed ones, never produced by a source: ``mac.oui`` from ``mac``,
#: ``http.refused_path`` from a 401/403 page's ``http.body`` (identify/refused_paths.py), ``import.cpe_name`` from an
#: imported record's ``import.cpe`` (identify/cpe_names.py).
DERIVED = frozenset({"mac.oui", "http.refused_path", "import.cpe_name"})
NOT_PRODUCED_HERE = {
    # Written only beside a refused login; every login here uses the right password. A refused one is
    # test_credential_order.py / test_authenticated.py (wrong passwords against the lab's verifying devices).
    "auth.hikvision.entry": "only with a refused login",
    "auth.onvif.entry": "only with a refused login",
    "auth.dahua.entry": "only with a refused login",
    "rtsp.path": "only when an RTSP DESCRIBE is redirected (tests/integration/scan/test_advertised_services.py)",
    "http.body_cut": "only when a compressed body passes the inflation bounds (a bomb): live, "
    "tests/integration/scan/test_http_body_parity.py; stored, tests/unit/importers/test_stored_body_coding.py",
}
#: Each probe's deadline here, on an idle machine. This test asks which fields the probes produce, not how fast the lab
#: answers: at 2 s the Hikvision SDK probe went unanswered once while ten processes shared the machine's two cores (load
#: 8-14), and a field went missing. The replay bench's probe deadline (bench/replay.py) is the same 6 s.
PROBE_TIMEOUT = 6.0
#: Each host's deadline, on an idle machine. At load 6-9 the lab's Hikvision, Axis and Dahua devices ran out of their
#: 30 s before their authenticated and opt-in probes ran (eight probes "not exercised", 2026-12-05). Both deadlines are
#: multiplied by the machine's measured stretch (tests/load.py): the quiet values when nothing else runs.
HOST_TIMEOUT = 30.0
#: (source, field name, value) triples.
Seen = list[tuple[str, str, str]]
#: What went wrong in the scans above (``ip probe:port kind: reason``), for the message of a test that finds a probe or
#: a field missing: a flake under load then says which deadline or answer it lost (the gate failed once with
#: rtsp-auth-check and rtsp.unauthenticated missing, which only the lab's HiLook camera produces, and said nothing more).
SCAN_ERRORS: list[str] = []


def _errors(run: ScanRun) -> list[str]:
    return [f"{e.target} {e.probe or '-'}:{e.port or '-'} {e.kind}: {e.message}" for r in run.reports for e in r.errors]


class _BannerServers:
    """TCP services that send a fixed greeting and close: FTP, SSH and Telnet on their usual ports."""

    def __init__(self) -> None:
        self.sockets = []
        for port in BANNERS:
            sock = socket.create_server((BANNER_IP, port))
            sock.settimeout(0.2)
            self.sockets.append(sock)
        self.stop = threading.Event()
        self.threads = [threading.Thread(target=self._serve, args=(s,), daemon=True) for s in self.sockets]
        for thread in self.threads:
            thread.start()

    def _serve(self, sock: socket.socket) -> None:
        greeting = BANNERS[sock.getsockname()[1]]
        while not self.stop.is_set():
            try:
                conn, _ = sock.accept()
            except (TimeoutError, OSError):
                continue
            with conn, contextlib.suppress(OSError):
                conn.sendall(greeting)  # the scanner's port sweep resets its connections at once

    def close(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(2)
        for sock in self.sockets:
            sock.close()


def _recording(probe: Probe, seen: Seen) -> Probe:
    """The same probe, noting each field it returns under the probe's name."""

    async def run(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
        found = await probe.run(ctx, ep)
        seen.extend((probe.name, k, v) for obs in found for k, v in obs.fields.items())
        return found

    return dataclasses.replace(probe, run=run)


def _probe_fields(lab: LabRunner, monkeypatch: pytest.MonkeyPatch) -> Seen:
    seen: Seen = []
    monkeypatch.setattr(engine, "PROBES", tuple(_recording(p, seen) for p in PROBES))
    accounts = {p.name: p.credentials for p in load_profiles() if p.credentials is not None}
    store = CredentialStore(tuple(
        Credential(acct.username, acct.password, build_scope([lab.device(name).ip]).targets)
        for name, acct in accounts.items()
    ))
    hosts = [d.ip for d in lab.devices] + [AGENT_IP, BANNER_IP]
    slack = stretch(STRETCH_SAMPLE)
    options = ScanOptions(
        ports=tuple(sorted(set(PRESETS["cameras"]) | set(lab.ports))), host_timeout=HOST_TIMEOUT * slack,
        limits=Limits(probe_timeout=PROBE_TIMEOUT * slack), credentials=store,
        probe_options=ProbeSettings({"default-credentials": True, "rtsp-auth": True, "snmp-community": COMMUNITY}),
    )
    SCAN_ERRORS.extend(_errors(asyncio.run(run_scan(build_scope(hosts), hosts, options, maker_hint=EvidenceLedger().makers))))
    return seen


#: Replay devices (recorded real answers) for what the bundled lab does not emulate: an SSDP answer whose
#: LOCATION names a UPnP description on the same host, scanned by the SSDP probe; an ONVIF answer declaring
#: a maker's own namespaces.
REPLAY_BASE = "127.87.10.1"
REPLAY_FOR_PROBES = ("replay-belkin-netcam-wemo", "replay-axis-onvif-time-hammeraj")
#: A P2P camera that answers only the PPPP/iLnkP2P LAN search (kept out of the default lab: no TCP service at all).
P2P_BASE = "127.87.11.1"
P2P_FOR_PROBES = ("vstarcam-p2p-cam",)


def _lab_probe_fields(names: tuple[str, ...], folder: Path, base: str, monkeypatch: pytest.MonkeyPatch) -> Seen:
    """What every probe returns from a scan of the named devices of ``folder``."""
    seen: Seen = []
    monkeypatch.setattr(engine, "PROBES", tuple(_recording(p, seen) for p in PROBES))
    with LabRunner(names, base=base, profile_dir=folder) as lab:
        hosts = [d.ip for d in lab.devices]
        slack = stretch(STRETCH_SAMPLE)
        # A device without a TCP service (the P2P camera) is swept on a closed port: its refusal is the answer that
        # sends the UDP probes to it.
        options = ScanOptions(
            ports=tuple(sorted(lab.ports)) or (80,), host_timeout=HOST_TIMEOUT * slack,
            limits=Limits(probe_timeout=PROBE_TIMEOUT * slack),
        )
        SCAN_ERRORS.extend(
            _errors(asyncio.run(run_scan(build_scope(hosts), hosts, options, maker_hint=EvidenceLedger().makers)))
        )
    return seen


def _udp(ip: str, port: int, data: bytes) -> bytes | None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.settimeout(2.0)
        sock.sendto(data, (ip, port))
        try:
            return sock.recvfrom(65535)[0]
        except TimeoutError:
            return None


def _discovery_fields(lab: LabRunner) -> Seen:
    seen: Seen = []
    payloads = {"wsd": wsdiscovery.build_probe(), "sadp": sadp.build_probe(), "dhip": dhip.build_probe(),
                "xmeye": xmeye.build_probe(), "mdns": mdns.build_query()}
    ports = {"wsd": wsdiscovery.WSD_PORT, "sadp": sadp.SADP_PORT, "dhip": dhip.DHIP_PORT, "xmeye": xmeye.XMEYE_PORT,
             "mdns": mdns.MDNS_PORT}
    for device in lab.devices:
        for kind, payload in payloads.items():
            if kind not in device.ports and not (kind == "wsd" and "wsd" in device.protocols):
                continue
            reply = _udp(device.ip, device.ports.get(kind, ports[kind]), payload)
            if reply is None:
                continue
            protocol, parsed = classify(reply, ports[kind])
            seen.extend((f"discover:{protocol}", k, v) for fields in parsed for k, v in fields.items())
    return seen


def _documented_replies() -> Seen:
    """Discovery replies the lab does not emulate, laid out as documented (protocols.md; UPnP Device Architecture;
    the Matter specification's commissionable-node announcement)."""
    ssdp_reply = (
        b"HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nLOCATION: http://198.18.0.7:49152/rootDesc.xml\r\n"
        b"SERVER: Linux/2.6 UPnP/1.0 DVR/1.0\r\nST: upnp:rootdevice\r\nUSN: uuid:5f1e1b1a-0000::upnp:rootdevice\r\n\r\n"
    )
    description = (
        b'<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device>'
        b"<deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType><friendlyName>Front door</friendlyName>"
        b"<manufacturer>Axis Communications AB</manufacturer><modelName>AXIS P3245-LVE</modelName>"
        b"<modelNumber>P3245-LVE</modelNumber><serialNumber>ACCC8E5A3B7C</serialNumber>"
        b"<UDN>uuid:Upnp-BasicDevice-1_0-ACCC8E5A3B7C</UDN><serviceList><service>"
        b"<serviceType>urn:axis-com:service:BasicService:1</serviceType></service></serviceList>"
        b"<manufacturerURL>http://www.axis.com/</manufacturerURL><modelURL>http://www.axis.com/</modelURL>"
        b"<presentationURL>http://198.18.0.7:80/</presentationURL></device></root>"
    )
    head = bytearray(0x78)
    head[0] = 0xB3
    head[0x28 : 0x28 + 12] = b"DH-XVR5104HS"
    legacy = bytes(head) + b"3c:ef:8c:00:11:22\r\nName:XVR\r\nDevice:XVR5104HS-I3\r\nSerialNo:4K0123PAZ00ABC\r\n"
    # A Matter node open for commissioning (the Matter Core Specification's commissionable node discovery: _matterc._udp, TXT D, CM, DT, DN, VP).
    instance = "8F3A1C2B9D4E5F60|_matterc|_udp|local"
    matter = mdns_wire.response(mdns_wire.ptr("_matterc|_udp|local", instance), additionals=(
        mdns_wire.txt(instance, "D=3840", "CM=1", "DT=322", "DN=Porch", "VP=65521+32769"),))
    seen: Seen = []
    for source, fields in (
        ("discover:ssdp", ssdp.parse_reply(ssdp_reply)),
        ("discover:mdns", mdns.parse_reply(matter)),
        ("discover:upnp", upnp.parse_description(description)),
        ("discover:dahua-legacy", dahua_legacy.parse_reply(legacy)),
    ):
        assert fields, source
        seen.extend((source, k, v) for k, v in fields.items())
    return seen


def _passive_fields(folder: Path) -> Seen:
    from mmdb_writer import MMDBWriter
    from netaddr import IPSet
    from scapy.layers.dhcp import BOOTP, DHCP
    from scapy.layers.inet import IP, UDP
    from scapy.layers.l2 import Ether
    from scapy.packet import Raw
    from tests.unit.passive.lan import AXIS, DAHUA, Lan
    from tests.unit.passive.test_discovery_replay import SADP
    from tests.unit.protocols.test_sunapi_discovery import reply as sunapi_reply
    from tests.unit.protocols.test_ubnt import G4_PRO, PROTECT_BRIDGE

    from camaudit.passive.localnet import LocalNets
    from camaudit.passive.run import PassiveOptions, analyse

    lan = Lan().build()
    request = BOOTP(chaddr=bytes.fromhex(DAHUA[0].replace(":", "")) + bytes(10)) / DHCP(options=[
        ("message-type", "request"), ("hostname", "IPC"), ("vendor_class_id", "udhcp 1.20.2"),
        ("param_req_list", [1, 3, 6, 12, 15, 28, 42]), "end"])
    lan.add(Ether(src=DAHUA[0], dst="ff:ff:ff:ff:ff:ff") / IP(src="0.0.0.0", dst="255.255.255.255")
            / UDP(sport=68, dport=67) / request)
    lan.add(Ether(src=AXIS[0], dst="ff:ff:ff:ff:ff:ff") / IP(src="192.168.10.60", dst="239.255.255.250")
            / UDP(sport=37020, dport=37020) / Raw(SADP))
    # Ubiquiti's discovery answers (UDP 10001): the two public captures of tests/unit/protocols/test_ubnt.py and a
    # version 2 answer built in that test's layout (invented), which alone carries the product and version records.
    v2 = b"\x02\x06\x00\x13\x15\x00\x04UNVR\x16\x00\x065.1.80" + b"\x0c\x00\x00"
    for n, answer in enumerate((G4_PRO, PROTECT_BRIDGE, v2)):
        lan.add(Ether(src=f"02:00:00:00:12:0{n + 1}", dst="02:00:00:00:12:05")
                / IP(src=f"192.168.10.{70 + n}", dst="192.168.10.5") / UDP(sport=10001, dport=41117) / Raw(answer))
    # Hanwha's IP-installer discovery replies (UDP 7701 -> 7711), built in test_sunapi_discovery.py's layout (invented):
    # a base reply and an extended one with its device type.
    for n, answer in enumerate((sunapi_reply(), sunapi_reply(12, model=b"XRN-1610", device_type=3))):
        lan.add(Ether(src=f"02:00:00:00:13:0{n + 1}", dst="ff:ff:ff:ff:ff:ff")
                / IP(src=f"192.168.10.{80 + n}", dst="255.255.255.255") / UDP(sport=7701, dport=7711) / Raw(answer))
    capture = lan.write(folder / "site.pcap")
    databases = []
    for kind, record in (("Country", {"country": {"iso_code": "DE", "names": {"en": "Germany"}}}),
                         ("ASN", {"autonomous_system_number": 16509, "autonomous_system_organization": "AMAZON-02"})):
        writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type=f"GeoLite2-{kind}")
        writer.insert_network(IPSet(["198.51.100.0/24", "203.0.113.0/24"]), record)
        writer.to_db_file(str(folder / f"{kind}.mmdb"))
        databases.append(folder / f"{kind}.mmdb")
    seen: Seen = []
    options = PassiveOptions(LocalNets.default(), geoip=databases[0], asn=databases[1])
    analyse([capture], options, on_device=lambda _device, observations: seen.extend(
        (f"passive:{o.protocol}", k, v) for o in observations for k, v in o.fields.items()))
    return seen


def _importer_fields() -> Seen:
    seen: Seen = []
    data = ROOT / "tests" / "data"
    importers = data / "importers"
    # The fixtures camaudit rendered, the engines' own samples (importers/samples/, beside their README), Shodan's.
    files = [*sorted(p for p in importers.iterdir() if p.is_file()), *sorted((importers / "samples").glob("*.json*")),
             *sorted(data.glob("shodan_*.jsonl"))]
    read = 0
    for path in files:
        if path.name.endswith(".labels.jsonl"):
            continue
        fmt = "jsonl" if path.name == "observations.jsonl" else path.name.split("_")[0]
        for record in FORMATS[fmt](path):
            for obs in record.observations:
                read += 1
                seen.extend((f"import:{fmt}", k, v) for k, v in obs.fields.items())
    assert read > 100
    return seen


@pytest.fixture(scope="module")
def produced(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seen]:
    require(os.geteuid() == 0, "the SNMP agent and banner services bind ports below 1024 (run under scripts/isolated)")
    agent = Agent(HIKVISION_DVR, COMMUNITY.encode(), AGENT_IP, 161)
    agent.start()
    banners = _BannerServers()
    patch = pytest.MonkeyPatch()
    try:
        with LabRunner(base=BASE) as lab:
            seen = _probe_fields(lab, patch) + _discovery_fields(lab)
        seen += _lab_probe_fields(REPLAY_FOR_PROBES, ROOT / "src" / "camaudit" / "lab" / "replay", REPLAY_BASE, patch)
        seen += _lab_probe_fields(P2P_FOR_PROBES, PROFILE_DIR / "p2p", P2P_BASE, patch)
    finally:
        patch.undo()
        banners.close()
        agent.close()
    yield seen + _documented_replies() + _importer_fields() + _passive_fields(tmp_path_factory.mktemp("passive"))


def _by_field(seen: Seen) -> Mapping[str, set[str]]:
    sources: dict[str, set[str]] = defaultdict(set)
    for source, name, _value in seen:
        sources[name].add(source)
    return sources


def test_every_produced_field_is_declared_with_its_source(produced: Seen) -> None:
    undeclared = sorted({(s, n) for s, n, _ in produced if field(n) is None})
    assert undeclared == []
    # The jsonl importer carries camaudit's own observations through: any declared field, from any source.
    wrong_source = sorted({(s, n) for s, n, _ in produced if s != "import:jsonl" and not field(n).filled_by(s)})  # type: ignore[union-attr]
    assert wrong_source == []


def test_every_produced_value_has_the_declared_kind(produced: Seen) -> None:
    wrong = sorted({(s, n, v[:60]) for s, n, v in produced if not field(n).accepts(v)})  # type: ignore[union-attr]
    assert wrong == []


def test_every_probe_is_exercised(produced: Seen) -> None:
    emitting = {s for s, _n, _v in produced}
    assert sorted(p.name for p in PROBES if p.name not in emitting) == [], SCAN_ERRORS


def test_every_field_a_rule_reads_is_produced(produced: Seen) -> None:
    sources = _by_field(produced)
    read = {rule.field for rule in load_rules()} - DERIVED
    assert "mac" in sources

    def produced_somewhere(name: str) -> bool:
        # A rule naming a group (``@realm``) is live when some member of the group is produced.
        if name.startswith("@"):
            return any(member_covers(m, f) for m in group_members(name) for f in sources)
        return name in sources

    assert sorted(name for name in read if not produced_somewhere(name)) == []


def test_every_declared_field_is_produced_by_a_declared_source(produced: Seen) -> None:
    sources = _by_field(produced)
    never = sorted(
        f.name for f in FIELDS if f.name not in DERIVED and f.name not in NOT_PRODUCED_HERE
        and not any(name == f.name or (f.family and name.startswith(f.name)) for name in sources)
    )
    assert never == [], SCAN_ERRORS
    assert sorted(n for n in NOT_PRODUCED_HERE if n in sources) == []  # produced after all: drop the exception
