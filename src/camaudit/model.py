"""The one definition of every result type camaudit produces.

Data flows one way: sources produce :class:`Observation`s, ``identify`` turns them into an
:class:`Identity` with :class:`Evidence`, ``assess`` adds :class:`Finding`s, and a :class:`ScanResult`
carries :class:`Device`s to the register and the reports. All types are frozen dataclasses; the JSON
Schema in ``docs/result.schema.json`` is generated from them (``camaudit.schema``), so there is no
second definition that could drift.
"""

from __future__ import annotations

import dataclasses
import enum
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

SCHEMA_VERSION = "1.3"

Source = Literal["scan", "discover", "passive", "import"]
Transport = Literal["tcp", "udp"]
Severity = Literal["critical", "high", "medium", "low", "info"]
#: Why a run stopped before it was complete: ``--max-time``, Ctrl-C/SIGTERM, ``--max-probes``.
StopReason = Literal["run-timeout", "interrupted", "probe-budget"]

#: Bytes of raw reply kept per observation; enough to re-identify, small enough for big scans.
RAW_KEEP_BYTES = 4096


class DeviceType(enum.StrEnum):
    """Fixed vocabulary for what a device is (Recog-style: a closed set, not free text)."""

    CAMERA = "camera"
    NVR = "nvr"
    DVR = "dvr"
    VIDEO_ENCODER = "video_encoder"
    INTERCOM = "intercom"
    ACCESS_CONTROL = "access_control"
    THERMAL_CAMERA = "thermal_camera"
    #: A video device whose exact kind (camera or recorder) the evidence does not settle.
    VIDEO_DEVICE = "video_device"
    #: Something answered, but nothing says it is a video device.
    NOT_CAMERA = "not_camera"
    PRINTER = "printer"
    ROUTER = "router"
    NAS = "nas"
    WEB_SERVER = "web_server"


VIDEO_DEVICE_TYPES = frozenset(
    {
        DeviceType.CAMERA,
        DeviceType.NVR,
        DeviceType.DVR,
        DeviceType.VIDEO_ENCODER,
        DeviceType.INTERCOM,
        DeviceType.ACCESS_CONTROL,
        DeviceType.THERMAL_CAMERA,
        DeviceType.VIDEO_DEVICE,
    }
)


class Capability(enum.StrEnum):
    """What a camera can do that matters to its owner (closed vocabulary, like :class:`DeviceType`)."""

    PTZ = "ptz"
    THERMAL = "thermal"
    #: Face detection, capture, comparison or recognition: biometric processing under UK GDPR.
    FACE_ANALYTICS = "face_analytics"
    #: Automatic number/licence plate recognition.
    PLATE_RECOGNITION = "plate_recognition"
    AUDIO = "audio"
    #: Reachable through the maker's cloud / P2P relay (Hik-Connect, EZVIZ, Dahua P2P, XMEye ...).
    CLOUD_P2P = "cloud_p2p"
    DOORBELL = "doorbell"


def is_video_device(device_type: str | None) -> bool:
    """True when ``device_type`` names a camera, recorder or other video device."""
    return device_type in VIDEO_DEVICE_TYPES


@dataclass(frozen=True, slots=True)
class Observation:
    """One thing seen about one endpoint.

    ``fields`` holds parsed values under dotted names that fingerprint rules read (``http.server``,
    ``http.title``, ``rtsp.server``, ``tls.subject``, ``mac``, ``onvif.scope`` ...). Where a field has
    several values (two ``WWW-Authenticate`` headers) they are joined with a newline. ``raw`` keeps at
    most :data:`RAW_KEEP_BYTES` of what the device sent, for audit and re-identification.
    """

    ip: str
    port: int | None
    transport: Transport | None
    protocol: str
    source: Source
    seen_at: str
    fields: Mapping[str, str] = field(default_factory=dict)
    raw: bytes = b""

    def __post_init__(self) -> None:
        if len(self.raw) > RAW_KEEP_BYTES:
            object.__setattr__(self, "raw", self.raw[:RAW_KEEP_BYTES])


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why identify believes something: one rule matching one observed field."""

    rule_id: str
    field: str
    matched: str
    asserts: Mapping[str, str]
    certainty: float
    source: str
    port: int | None = None
    protocol: str | None = None
    #: ``"video"``: what this evidence says about the maker counts only when other evidence makes the
    #: device a video device (a router vendor's name in a banner, a maker named in page text).
    needs: str | None = None


@dataclass(frozen=True, slots=True)
class Conflict:
    """Two pieces of evidence that disagree about one attribute; both are kept and shown."""

    attribute: str
    chosen: str
    other: str
    other_rule_id: str


@dataclass(frozen=True, slots=True)
class Identity:
    """Who made a device and what it is.

    ``brand`` is the name on the box; ``manufacturer`` who really made it (``hikvision`` for an Annke
    camera). Names are lower-case canonical ids. ``None`` means unknown, never a guess.
    """

    device_type: DeviceType | None = None
    brand: str | None = None
    manufacturer: str | None = None
    model: str | None = None
    firmware: str | None = None
    serial: str | None = None
    confidence: float = 0.0
    evidence: tuple[Evidence, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    #: How the manufacturer was reached: e.g. ("brand:annke", "oem:hikvision").
    attribution: tuple[str, ...] = ()
    #: What the device can do (values of :class:`Capability`), sorted; each backed by some evidence.
    capabilities: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        # Callers that hold the type as text (the register, a JSON file) get the closed vocabulary checked.
        if self.device_type is not None:
            object.__setattr__(self, "device_type", DeviceType(self.device_type))

    @property
    def is_video_device(self) -> bool:
        return is_video_device(self.device_type)


@dataclass(frozen=True, slots=True)
class Reference:
    """A citation a user can check: a law, an advisory, a guidance page."""

    title: str
    url: str | None = None
    date: str | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """Something a person should know or do about a device.

    What a script or a report most often asks of a finding has its own field: the regime a
    ``restricted`` finding is about and the chain that leads there, the CVE of a ``vulnerability``.
    ``details`` holds the rest, per kind (docs/assessment.md).
    """

    kind: str
    severity: Severity
    title: str
    explanation: str
    remediation: str
    references: tuple[Reference, ...] = ()
    #: Id of the restriction regime (``restricted``), from knowledge/data/regimes.yaml.
    regime: str | None = None
    #: The CVE id (``vulnerability``).
    cve: str | None = None
    #: How the device reaches the regime: ``brand Annke -> made by Hikvision -> named in ...`` (``restricted``).
    chain: str | None = None
    #: Further machine-readable details (citation, CVSS, KEV dates ...), for scripts and the register.
    details: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Address:
    ip: str
    mac: str | None = None


@dataclass(frozen=True, slots=True)
class Service:
    port: int
    transport: Transport
    protocol: str


LoginResult = Literal["accepted", "rejected", "locked", "open", "unsupported", "skipped", "supplied"]


@dataclass(frozen=True, slots=True)
class LoginOutcome:
    """One login the scan made (or deliberately did not make), and how it ended.

    ``outcome``: ``accepted``; ``rejected``; ``locked`` (the device reports a lockout); ``open`` (it
    answered without any password); ``unsupported``; ``skipped`` (another check already made this
    account's one attempt and it failed); ``supplied`` (the user gave this account's password, so the
    default-account check left the one attempt to it).
    """

    #: The login scheme: ``hikvision``, ``dahua``, ``onvif``, ``axis``.
    check: str
    outcome: LoginResult
    #: The user name tried, where the check reports it.
    account: str | None = None
    #: A maker's factory account (``--check-default-credentials``), not a credential the user supplied.
    default_account: bool = False
    #: Which entry of the user's credentials file was refused (``creds.yaml entry 2 (user admin, for ...)``),
    #: never its password; only for a refused login of an authenticated check.
    entry: str | None = None


@dataclass(frozen=True, slots=True)
class CloudSwitch:
    """A vendor cloud / P2P switch as the device reports it."""

    #: Ecosystem id from knowledge/data/clouds.yaml (``hik-connect``, ``easy4ip``).
    ecosystem: str
    enabled: bool
    #: Where it was read: ``sadp``, ``dhip`` (discovery replies), ``isapi``, ``rpc2`` (with credentials).
    seen_in: str
    #: How sure that reading is: ``H`` or ``M``.
    confidence: str


@dataclass(frozen=True, slots=True)
class Activation:
    """Whether the device was ever set up with an admin password (``False``: factory-fresh)."""

    activated: bool
    seen_in: str
    confidence: str


@dataclass(frozen=True, slots=True)
class OpenStream:
    """An RTSP stream that described itself without any password."""

    port: int
    path: str


@dataclass(frozen=True, slots=True)
class Destination:
    """One place a device was seen talking to (passive analysis): totals of all its traffic there.

    ``port`` is the service port (the lower of the two); ``role`` whether the device used it (``client``) or
    offered it (``server``); ``names`` what the peer was reached under (DNS answers, TLS/QUIC SNI, HTTP Host).
    Bytes are IP bytes. ``country``, ``as_org`` ... come from the user's MaxMind-format databases.
    """

    peer: str
    port: int
    transport: str
    role: str
    names: tuple[str, ...]
    external: bool
    packets_out: int
    packets_in: int
    bytes_out: int
    bytes_in: int
    first_seen: str
    last_seen: str
    active_minutes: int
    country: str | None = None
    country_name: str | None = None
    asn: int | None = None
    as_org: str | None = None


@dataclass(frozen=True, slots=True)
class Certificate:
    """A TLS certificate the device presented on a port (or a scan file kept for it), as far as it was read.

    Each value is ``None`` where the source did not carry it (Shodan's summary has no subjectAltName, nmap's text
    no serial). ``not_before``/``not_after`` are ISO 8601 UTC; ``serial`` lower-case hex; ``key_type`` one of
    ``rsa ec dsa ed25519 ed448``; ``signature`` ``<hash>-<key>`` (``sha256-rsa``, ``sha1-rsa``, ``md5-rsa``,
    ``sha256-ecdsa``, ``ed25519`` ...); ``self_signed`` whether the issuer's name is the subject's. ``expired``
    compares ``not_after`` with when the certificate was seen (not with today), so a result reads the same later.
    """

    port: int | None
    sha256: str | None = None
    subject: str | None = None
    issuer: str | None = None
    not_before: str | None = None
    not_after: str | None = None
    serial: str | None = None
    key_type: str | None = None
    key_bits: int | None = None
    signature: str | None = None
    self_signed: bool | None = None
    expired: bool | None = None


@dataclass(frozen=True, slots=True)
class DeviceFacts:
    """What the observations establish about a device's set-up, read once (``camaudit.identify.facts``).

    Ports are the TCP ports where a management protocol answered; an empty tuple means not seen. ``None``
    means the device did not say.
    """

    http_ports: tuple[int, ...] = ()
    https_ports: tuple[int, ...] = ()
    telnet_ports: tuple[int, ...] = ()
    ftp_ports: tuple[int, ...] = ()
    cloud: tuple[CloudSwitch, ...] = ()
    activation: Activation | None = None
    logins: tuple[LoginOutcome, ...] = ()
    open_streams: tuple[OpenStream, ...] = ()
    #: Where the device was seen sending traffic, largest first (passive analysis); empty for a scan.
    destinations: tuple[Destination, ...] = ()
    #: Names the device asked DNS for, most asked first (passive analysis).
    dns_queries: tuple[str, ...] = ()
    #: The TLS certificates the device presented, one per port (schema 1.3; empty when none was seen).
    certificates: tuple[Certificate, ...] = ()


@dataclass(frozen=True, slots=True)
class Device:
    id: str
    addresses: tuple[Address, ...]
    services: tuple[Service, ...]
    identity: Identity
    findings: tuple[Finding, ...] = ()
    facts: DeviceFacts = field(default_factory=DeviceFacts)


def device_id(mac: str | None, manufacturer: str | None, serial: str | None, ip: str) -> str:
    """A stable :attr:`Device.id`: the same device gets the same id across scans, sources and address changes
    where it can (by MAC, then manufacturer and serial, then address)."""
    if mac:
        key = f"mac:{mac}"
    elif serial and manufacturer:
        key = f"serial:{manufacturer}:{serial}"
    else:
        key = f"ip:{ip}"
    return "dev-" + hashlib.sha256(key.encode()).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class ScanError:
    """A failure is data: the report can say "could not check" instead of crashing or lying."""

    target: str
    kind: str
    message: str
    port: int | None = None
    probe: str | None = None


#: ``ScanError.kind`` of a scan none of whose connection attempts could leave this machine (no route to any
#: target): it changes what the whole result means, so the console says it in full, not only as a count.
NO_ROUTE = "no-route"


@dataclass(frozen=True, slots=True)
class Tool:
    name: str
    version: str


@dataclass(frozen=True, slots=True)
class Scope:
    targets: tuple[str, ...]
    ports: tuple[int, ...] = ()
    excluded: tuple[str, ...] = ()
    #: What the scan did and assumed, in words: how ports were swept, the timeouts used, which addresses
    #: were taken as dark and why (``docs/result-json.md``).
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class RunStatus:
    """Whether a result covers everything it was asked to: a partial result must never look complete.

    ``hosts`` is how many addresses the run had to cover and ``finished`` how many it finished (answered or
    found silent); a host cut off by its own ``--host-timeout`` counts as finished, its timeout is an error.
    """

    complete: bool = True
    #: Why the run stopped early; ``None`` when complete, or when the reason is not known (a register scan
    #: that is still ``running``, or whose process was killed).
    stopped: StopReason | None = None
    hosts: int = 0
    finished: int = 0


@dataclass(frozen=True, slots=True)
class ScanResult:
    schema_version: str
    tool: Tool
    started: str
    finished: str
    scope: Scope
    devices: tuple[Device, ...]
    errors: tuple[ScanError, ...] = ()
    status: RunStatus = field(default_factory=RunStatus)


def to_jsonable(value: Any) -> Any:
    """Convert model objects into plain JSON types (field order kept, bytes dropped as not portable)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in dataclasses.fields(value):
            item = getattr(value, f.name)
            if isinstance(item, bytes):
                continue
            out[f.name] = to_jsonable(item)
        return out
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [to_jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    return value
