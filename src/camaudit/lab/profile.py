"""Device profiles: what an emulated device answers, as validated data.

A profile is one YAML file in ``lab/profiles/`` (plus body files in a folder of the same name). It is
checked when loaded; a bad profile raises :class:`ProfileError` naming the file and the key, so a typo
never turns into a device that silently answers the wrong thing.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

import yaml
from cryptography import x509
from cryptography.x509.oid import NameOID
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from camaudit.lab import template
from camaudit.lab.auth_spec import AccountSpec
from camaudit.lab.discovery_spec import MulticastSpec, OnvifSpec
from camaudit.model import DeviceType

#: Bundled profiles live next to this module.
PROFILE_DIR = Path(__file__).parent / "profiles"
#: The hostile set (docs/SECURITY.md): devices that attack the scanner. Kept apart so that the default lab,
#: the demo and fleets never include them; load them with ``profile_dir=HOSTILE_DIR``.
HOSTILE_DIR = PROFILE_DIR / "hostile"
#: A body file larger than this is a mistake, not a device.
MAX_BODY_FILE = 1 << 20

_MAC = re.compile(r"^[0-9a-f]{2}(?::[0-9a-f]{2}){5}$")
_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_SERVICE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and the key."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Body(_Strict):
    """Bytes a reply carries: inline text or a file next to the profile, optionally templated."""

    body: str | None = None
    body_file: str | None = None
    body_hex: str | None = None
    #: ``crlf`` turns the LF line ends of the text into CRLF (SADP replies, RTSP bodies).
    newline: Literal["lf", "crlf"] = "lf"
    #: Replace ``{{name}}`` placeholders in the body; inline text is templated unless told not to.
    template: bool | None = None

    _data: bytes = PrivateAttr(default=b"")

    @model_validator(mode="after")
    def _load(self, info: ValidationInfo) -> _Body:
        given = [k for k in ("body", "body_file", "body_hex") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError(f"give only one of body, body_file, body_hex (got {', '.join(given)})")
        data = b""
        if self.body is not None:
            data = self.body.encode("utf-8")
        elif self.body_hex is not None:
            data = bytes.fromhex(self.body_hex)
        elif self.body_file is not None:
            data = _read_body_file(self.body_file, info)
        if self.newline == "crlf":
            data = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
        self._data = data
        return self

    @property
    def data(self) -> bytes:
        """The body bytes (before placeholders are filled)."""
        return self._data

    @property
    def templated(self) -> bool:
        """Whether placeholders in the body are filled."""
        if self.template is not None:
            return self.template
        return self.body is not None

    def texts(self) -> list[str]:
        """Text that may hold placeholders (for load-time checking)."""
        return [self._data.decode("latin-1")] if self.templated else []


#: Body files shared by the profiles of one firmware family (``body_file: ../_shared/hikvision-web/login.asp``):
#: relabelled devices serve the maker's own pages byte for byte, so one copy serves them all.
SHARED_BODIES = "_shared"


def _read_body_file(name: str, info: ValidationInfo) -> bytes:
    folder = (info.context or {}).get("folder")
    if not isinstance(folder, Path):
        raise ValueError("body_file needs the profile's folder (load profiles with load_profile)")
    path = (folder / name).resolve()
    roots = (folder.resolve(), (folder.parent / SHARED_BODIES).resolve())
    if not any(root in path.parents for root in roots):
        raise ValueError(f"body_file {name!r} must stay inside {folder.name}/ or {SHARED_BODIES}/")
    if not path.is_file():
        raise ValueError(f"body_file {name!r} not found in {folder.name}/")
    if path.stat().st_size > MAX_BODY_FILE:
        raise ValueError(f"body_file {name!r} is larger than {MAX_BODY_FILE} bytes")
    return path.read_bytes()


class Reply(_Body):
    """One HTTP or RTSP reply: status line, headers in exact order and case, body."""

    status: int = Field(ge=100, le=999)
    reason: str | None = None
    #: Status-line version; ``echo`` answers with the request's version as many embedded servers do.
    version: str | None = None
    headers: list[tuple[str, str]] = Field(default_factory=list)

    def texts(self) -> list[str]:
        return [v for _, v in self.headers] + super().texts()


class Route(Reply):
    """An HTTP reply chosen by method and path (first matching route wins)."""

    method: str = "GET"
    path: str
    #: ``exact`` compares the path (and the query when the route gives one); ``prefix`` a path prefix.
    match: Literal["exact", "prefix"] = "exact"
    #: The request body must contain this text (e.g. ``global.login`` for Dahua's RPC2_Login).
    body_contains: str | None = None


class HttpSpec(_Strict):
    version: str = "HTTP/1.1"
    routes: list[Route] = Field(default_factory=list)
    #: The device's own 404 (or whatever it answers for an unknown path).
    not_found: Reply


class RtspSpec(_Strict):
    version: str = "RTSP/1.0"
    #: Reply per method (OPTIONS, DESCRIBE ...).
    replies: dict[str, Reply]
    #: Reply to any other method.
    default: Reply
    #: ``DESCRIBE`` replies per stream path (``/Streaming/Channels/101``, query included) that differ from
    #: ``replies`` - a stream served without authentication, for instance.
    streams: dict[str, Reply] = Field(default_factory=dict)


class SipSpec(_Strict):
    """A SIP user agent (``lab/sip.py``): the answer per request method, and to any other method."""

    replies: dict[str, Reply]
    default: Reply


class Framed(_Body):
    """A binary reply: an optional fixed header with the body length written into it, then the body."""

    header_hex: str | None = None
    #: Offsets in the header where the body length is written as u32 little-endian.
    length_at: list[int] = Field(default_factory=list)

    @model_validator(mode="after")
    def _check_header(self) -> Framed:
        size = len(bytes.fromhex(self.header_hex)) if self.header_hex else 0
        for offset in self.length_at:
            if offset < 0 or offset + 4 > size:
                raise ValueError(f"length_at {offset} does not fit a {size}-byte header")
        return self

    @property
    def header(self) -> bytes:
        """The header bytes before lengths are written."""
        return bytes.fromhex(self.header_hex) if self.header_hex else b""


class Rule(_Strict):
    """Answer a request that matches every condition given (no condition matches everything)."""

    prefix_hex: str | None = None
    #: Text the request must contain (a list: all of them).
    contains: str | list[str] | None = None
    #: name -> regex with one group, read from the request (latin-1) and usable as ``{{name}}``.
    capture: dict[str, str] = Field(default_factory=dict)
    reply: Framed

    @model_validator(mode="after")
    def _check(self) -> Rule:
        if self.prefix_hex is not None:
            bytes.fromhex(self.prefix_hex)
        for name, pattern in self.capture.items():
            if re.compile(pattern).groups != 1:
                raise ValueError(f"capture {name!r} must have exactly one group")
        return self


class RawSpec(_Strict):
    """A binary TCP or UDP service: rules tried in order; no match means silence."""

    rules: list[Rule] = Field(default_factory=list)
    #: Sent as soon as a TCP client connects (most camera ports stay silent: leave empty).
    greeting: Framed | None = None
    #: UDP: datagrams sent per answer (a hostile discovery reply flood; the lab's per-second cap still holds).
    copies: int = Field(default=1, ge=1, le=1000)


Behaviour = Literal[
    "random_bytes", "endless_header", "drip", "reset", "tarpit", "giant_header", "endless_body", "many_headers", "stall"
]


class HostileSpec(_Strict):
    """A port that misbehaves on purpose so scanners prove they survive it."""

    behaviour: Behaviour
    #: Seconds between bytes for ``drip``.
    interval: float = Field(default=1.0, gt=0, le=60)
    #: Bytes to send for ``random_bytes`` and ``giant_header``, header lines for ``many_headers`` (capped).
    size: int = Field(default=65536, ge=1, le=16 << 20)
    #: What ``drip``, ``endless_header``, ``endless_body``, ``many_headers`` and ``stall`` start with.
    text: str = "HTTP/1.1 200 OK\r\nServer: lab\r\n"


class TlsSpec(_Strict):
    """The self-signed certificate an HTTPS service presents."""

    #: RFC 4514 string as a TLS client prints it (``CN=...,O=...,C=CN``).
    subject: str
    #: Defaults to the subject (self-signed, as camera factory certificates are).
    issuer: str | None = None
    not_before: date = date(2019, 12, 17)
    not_after: date = date(2037, 12, 31)

    @model_validator(mode="after")
    def _check(self) -> TlsSpec:
        for name in filter(None, (self.subject, self.issuer)):
            try:
                x509.Name.from_rfc4514_string(name, {"SERIALNUMBER": NameOID.SERIAL_NUMBER})
            except ValueError as exc:
                raise ValueError(f"{name!r} is not an RFC 4514 name") from exc
        return self


#: ``sip``: SIP over TCP; SIP over UDP is a ``udp`` service with ``sip`` answers.
Protocol = Literal["http", "https", "rtsp", "sip", "tcp", "udp"]


class ServiceSpec(_Strict):
    """One port of the device."""

    name: str
    protocol: Protocol
    port: int = Field(ge=1, le=65535)
    #: The documented alternative used where ``port`` cannot be bound (80->8080, 443->8443, 554->8554).
    alt_port: int | None = Field(default=None, ge=1024, le=65535)
    http: HttpSpec | None = None
    #: Reuse the ``http`` answers of another service (the HTTPS port of a camera serves the same pages).
    same_as: str | None = None
    rtsp: RtspSpec | None = None
    sip: SipSpec | None = None
    raw: RawSpec | None = None
    tls: TlsSpec | None = None
    hostile: HostileSpec | None = None
    #: A UDP discovery service's group and reply target on a real LAN (namespace mode).
    multicast: MulticastSpec | None = None

    @model_validator(mode="after")
    def _check(self) -> ServiceSpec:
        if not _SERVICE_NAME.match(self.name):
            raise ValueError(f"service name {self.name!r} must be lower-case letters, digits, _")
        if self.multicast is not None and self.protocol != "udp":
            raise ValueError("multicast is for udp services")
        if self.port < 1024 and self.alt_port is None and self.protocol != "udp":
            raise ValueError(f"port {self.port} is privileged: give alt_port for non-root runs")
        if self.hostile is not None:
            return self
        if self.protocol == "https" and self.tls is None:
            raise ValueError("an https service needs tls.subject")
        needs: dict[str, bool] = {
            "http": self.http is not None or self.same_as is not None,
            "https": self.http is not None or self.same_as is not None,
            "rtsp": self.rtsp is not None,
            "sip": self.sip is not None,
            "tcp": self.raw is not None,
            "udp": (self.raw is not None) != (self.sip is not None),
        }
        if not needs[self.protocol]:
            key = {"http": "http", "https": "http", "rtsp": "rtsp", "sip": "sip", "udp": "raw' or 'sip"}.get(
                self.protocol, "raw")
            raise ValueError(f"a {self.protocol} service needs '{key}' (or 'hostile')")
        return self


class Expect(_Strict):
    """What a correct identification says about the device (tests and benchmarks compare to this)."""

    device_type: str | None = None
    brand: str | None = None
    manufacturer: str | None = None
    model: str | None = None
    firmware: str | None = None
    serial: str | None = None

    @model_validator(mode="after")
    def _check(self) -> Expect:
        allowed = {t.value for t in DeviceType}
        if self.device_type is not None and self.device_type not in allowed:
            raise ValueError(f"device_type {self.device_type!r} is not one of {sorted(allowed)}")
        for key in ("brand", "manufacturer"):
            value = getattr(self, key)
            if value is not None and not _NAME.match(value):
                raise ValueError(f"{key} {value!r} must be a lower-case canonical id")
        return self


class Profile(_Strict):
    """One emulated device."""

    name: str
    description: str
    expect: Expect
    mac: str
    #: Where the device's bytes come from (replay profiles: a public locator per recorded reply).
    source: str | None = None
    #: When ``source`` was last checked (YYYY-MM-DD).
    checked: date | None = None
    #: Replay profiles: no rule or layer entry was written while looking at this profile's source, so its
    #: identification is a held-out figure (``bench/replay.py`` reports it apart from the development set).
    heldout: bool = False
    #: A held-out replay profile whose reply turned out to be development data before the profile was added (a rule
    #: already held the same bytes): why. ``bench/replay.py`` then counts the device with the development set.
    seen_before: str | None = None
    #: Extra values for ``{{name}}`` placeholders.
    vars: dict[str, str] = Field(default_factory=dict)
    services: list[ServiceSpec]
    #: ONVIF device service and WS-Discovery, for cameras that speak ONVIF.
    onvif: OnvifSpec | None = None
    #: The configured account that login-protected APIs verify (``lab/auth.py``).
    credentials: AccountSpec | None = None

    @field_validator("mac")
    @classmethod
    def _check_mac(cls, mac: str) -> str:
        if not _MAC.match(mac):
            raise ValueError(f"mac {mac!r} must be lower-case aa:bb:cc:dd:ee:ff")
        return mac

    @model_validator(mode="after")
    def _check(self) -> Profile:
        names = [s.name for s in self.services]
        if len(set(names)) != len(names):
            raise ValueError(f"service names repeat: {names}")
        by_name = {s.name: s for s in self.services}
        for svc in self.services:
            target = by_name.get(svc.same_as) if svc.same_as is not None else None
            if svc.same_as is not None and (target is None or target.http is None):
                raise ValueError(f"service {svc.name}: same_as {svc.same_as!r} names no service with http")
        if self.onvif is not None:
            target = by_name.get(self.onvif.service)
            if target is None or target.http is None:
                raise ValueError(f"onvif.service {self.onvif.service!r} names no service with http")
            if "wsd" in by_name and self.onvif.discovery:
                raise ValueError("service name 'wsd' is taken by onvif.discovery")
        if self.credentials is not None:
            self._check_credentials(self.credentials)
        known = self.value_names()
        bad = template.unknown_names(self._texts(), known)
        for svc in self.services:
            for rule in svc.raw.rules if svc.raw is not None else []:
                bad |= template.unknown_names(rule.reply.texts(), known | set(rule.capture))
        if bad:
            raise ValueError(f"unknown placeholders: {', '.join(sorted(bad))}")
        return self

    def _check_credentials(self, account: AccountSpec) -> None:
        if "onvif" in account.apis and (self.onvif is None or self.onvif.access != "auth"):
            raise ValueError("credentials.apis onvif needs onvif.access: auth")
        if {"isapi", "vapix"} & set(account.apis) and "realm" not in self.vars:
            raise ValueError("credentials.apis isapi/vapix need vars.realm (the digest realm)")

    def value_names(self) -> set[str]:
        """Every placeholder name the device itself fills (vars, MAC spellings, ports, expectations)."""
        fixed = {"ip", "ip_hex_le", "mac", "mac_dash", "mac_hex", "mac_hex_lower"}
        ports = {f"port_{s.name}" for s in self.services} | ({"port_wsd"} if self.has_wsd else set())
        expect = {k for k, v in self.expect.model_dump().items() if v is not None}
        # What a SIP answer copies from the request it answers (lab/sip.py).
        copied = {"sip_via", "sip_from", "sip_to", "sip_call_id", "sip_cseq"}
        sip = copied if any(s.sip for s in self.services) else set()
        return fixed | ports | expect | sip | set(self.vars)

    def _texts(self) -> list[str]:
        out: list[str] = []
        for svc in self.services:
            if svc.http is not None:
                for reply in [*svc.http.routes, svc.http.not_found]:
                    out += reply.texts()
            if svc.rtsp is not None:
                for reply in [*svc.rtsp.replies.values(), *svc.rtsp.streams.values(), svc.rtsp.default]:
                    out += reply.texts()
            if svc.sip is not None:
                for reply in [*svc.sip.replies.values(), svc.sip.default]:
                    out += reply.texts()
            if svc.raw is not None and svc.raw.greeting is not None:
                out += svc.raw.greeting.texts()
        if self.onvif is not None:
            out += self.onvif.texts()
        return out

    @property
    def has_wsd(self) -> bool:
        """Whether the device answers WS-Discovery on UDP 3702."""
        return self.onvif is not None and self.onvif.discovery

    @property
    def hostile(self) -> bool:
        """Whether any port misbehaves on purpose."""
        return any(s.hostile is not None for s in self.services)

    def service(self, name: str) -> ServiceSpec:
        """The service called ``name``."""
        for svc in self.services:
            if svc.name == name:
                return svc
        raise KeyError(name)


def load_profile(path: Path) -> Profile:
    """Read and validate one profile file; raise :class:`ProfileError` naming the file and key."""
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise ProfileError(f"{path}: cannot read: {exc}") from exc
    if not isinstance(raw, dict):
        raise ProfileError(f"{path}: a profile is a mapping of keys, got {type(raw).__name__}")
    try:
        profile = Profile.model_validate(raw, context={"folder": path.with_suffix("")})
    except ValidationError as exc:
        first = exc.errors()[0]
        key = ".".join(str(p) for p in first["loc"]) or "(top level)"
        more = f" (and {exc.error_count() - 1} more)" if exc.error_count() > 1 else ""
        raise ProfileError(f"{path}: {key}: {first['msg']}{more}") from exc
    if profile.name != path.stem:
        raise ProfileError(f"{path}: name: {profile.name!r} must equal the file name {path.stem!r}")
    return profile


def available_profiles(directory: Path = PROFILE_DIR) -> list[str]:
    """Names of the profiles in ``directory``, sorted."""
    return sorted(p.stem for p in directory.glob("*.yaml"))


def load_profiles(names: list[str] | None = None, directory: Path = PROFILE_DIR) -> list[Profile]:
    """Load the named profiles (all in ``directory`` when ``names`` is None), in the order given.

    A name may sit in a subfolder of ``directory`` (``hostile/hostile-xxe``), so one lab can mix the
    default set and the hostile set.
    """
    known = available_profiles(directory)
    wanted = known if names is None else names
    for name in wanted:
        if name not in known and not _in_subfolder(directory, name):
            raise ProfileError(f"no profile {name!r} (available: {', '.join(known)})")
    return [load_profile(directory / f"{name}.yaml") for name in wanted]


def _in_subfolder(directory: Path, name: str) -> bool:
    folder, _, stem = name.rpartition("/")
    return bool(folder) and ".." not in name.split("/") and stem in available_profiles(directory / folder)
