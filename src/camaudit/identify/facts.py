"""Device facts: what a host's observations say about its state, read once into :class:`DeviceFacts`.

Identity says who made a device; facts say how it is set up: which management services answer in clear
text, whether a vendor cloud/P2P switch is on, whether it was ever activated, how the logins the scan made
ended, which video streams open without a password. Assessment reads these facts, never the raw field
strings, so what a field value means is decided here, once. Pure: no I/O.

Where a fact comes from (docs/observation-fields.md):

* management ports: the protocol seen on a TCP port (an HTTP reply, a TLS handshake, a Telnet or FTP
  banner), or the service the scan labelled the port with, or the protocol's well-known port;
* cloud: ``hik.cloud.enabled`` (ISAPI, read with credentials) else SADP ``HCPlatformEnable``;
  ``dahua.cloud.p2p_enabled`` (RPC2, with credentials) else DHIP ``Init`` bits 2-3 (2 = public network
  access on; Dahua NetSDK ``byInitStatus``, confidence M);
* activation: SADP ``Activated`` (confidence H); DHIP ``Init`` bits 0-1 (1 = not initialised, 2 =
  initialised, 0 = an old device without initialisation; confidence M);
* logins: ``auth.<check>`` of the authenticated checks (with ``auth.<check>.entry``, the credentials entry a
  refused login used), and ``auth.default.check`` / ``.account`` /
  ``.outcome`` of the opt-in default-account check (one observation per account tried);
* open streams: ``rtsp.unauthenticated`` (opt-in RTSP check);
* destinations and DNS names (passive analysis): ``flow.*`` (one observation per destination) and
  ``dns.query``;
* certificates: the ``tls.*`` fields (``protocols/certificate.py``), one per port; ``expired`` against the
  observation's ``seen_at``.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from camaudit.model import (
    Activation,
    Certificate,
    CloudSwitch,
    Destination,
    DeviceFacts,
    LoginOutcome,
    LoginResult,
    Observation,
    OpenStream,
    Service,
)
from camaudit.protocols.certificate import timestamp

TELNET_PORTS = frozenset({23, 2323})
FTP_PORTS = frozenset({21})

_TRUE = frozenset({"true", "1", "yes", "on", "enable", "enabled"})
# Hikvision firmware writes "flase" for false in SADP replies.
_FALSE = frozenset({"false", "flase", "0", "no", "off", "disable", "disabled"})
_LOGIN_RESULTS: dict[str, LoginResult] = {
    "ok": "accepted", "accepted": "accepted", "rejected": "rejected", "locked": "locked", "open": "open",
    "unsupported": "unsupported", "skipped": "skipped", "supplied": "supplied",
}
#: The opt-in default-account check reports each account in its own observation: ``auth.default.check``,
#: ``auth.default.account`` and this field; ``auth.<check>`` (one dot) is an authenticated check's outcome.
DEFAULT_OUTCOME_FIELD = "auth.default.outcome"


def _first(observations: Iterable[Observation], name: str) -> str | None:
    for obs in observations:
        value = obs.fields.get(name, "").strip()
        if value:
            return value
    return None


def _flag(value: str | None) -> bool | None:
    """A device's boolean text read laxly; ``None`` when absent or not a boolean."""
    if value is None:
        return None
    text = value.strip().casefold()
    return True if text in _TRUE else False if text in _FALSE else None


def _ports(
    observations: Sequence[Observation], services: Sequence[Service], protocols: Collection[str],
    well_known: Collection[int] = (),
) -> tuple[int, ...]:
    found = {o.port for o in observations if o.port is not None and o.transport != "udp" and o.protocol in protocols}
    found |= {s.port for s in services if s.transport == "tcp" and (s.protocol in protocols or s.port in well_known)}
    return tuple(sorted(found))


def _dahua_init(value: str | None) -> int | None:
    text = (value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) <= 9 else None


def _cloud(observations: Sequence[Observation]) -> tuple[CloudSwitch, ...]:
    """Every reading of a cloud switch, the one read with credentials before the discovery reply's."""
    switches: list[CloudSwitch] = []
    for ecosystem, name, seen_in, confidence in (
        ("hik-connect", "hik.cloud.enabled", "isapi", "H"),
        ("hik-connect", "sadp.HCPlatformEnable", "sadp", "H"),
        ("easy4ip", "dahua.cloud.p2p_enabled", "rpc2", "H"),
    ):
        state = _flag(_first(observations, name))
        if state is not None:
            switches.append(CloudSwitch(ecosystem, state, seen_in, confidence))
    init = _dahua_init(_first(observations, "dhip.Init"))
    if init is not None:
        switches.append(CloudSwitch("easy4ip", (init >> 2) & 0b11 == 2, "dhip", "M"))
    return tuple(switches)


def dahua_init_state(value: str | None) -> str | None:
    """``uninitialised``, ``initialised`` or ``legacy`` from a DHIP ``Init`` value; ``None`` when unreadable."""
    init = _dahua_init(value)
    return None if init is None else {0: "legacy", 1: "uninitialised", 2: "initialised"}.get(init & 0b11)


def _activation(observations: Sequence[Observation]) -> Activation | None:
    sadp = _flag(_first(observations, "sadp.Activated"))
    if sadp is not None:
        return Activation(sadp, "sadp", "H")
    state = dahua_init_state(_first(observations, "dhip.Init"))
    if state in ("uninitialised", "initialised"):
        return Activation(state == "initialised", "dhip", "M")
    return None


def _logins(observations: Sequence[Observation]) -> tuple[LoginOutcome, ...]:
    found: dict[LoginOutcome, None] = {}
    for obs in observations:
        fields = obs.fields
        result = _LOGIN_RESULTS.get(fields.get(DEFAULT_OUTCOME_FIELD, "").strip())
        check = fields.get("auth.default.check", "").strip()
        if result is not None and check:
            account = fields.get("auth.default.account", "").strip() or None
            found[LoginOutcome(check, result, account, default_account=True)] = None
        for name, value in fields.items():
            if name.startswith("auth.") and name.count(".") == 1:
                outcome = _LOGIN_RESULTS.get(value.strip())
                if outcome is not None:
                    entry = fields.get(f"{name}.entry", "").strip() or None
                    found[LoginOutcome(name.split(".", 1)[1], outcome, entry=entry)] = None
    return tuple(found)


def _open_streams(observations: Sequence[Observation]) -> tuple[OpenStream, ...]:
    streams = {
        OpenStream(obs.port or 0, path)
        for obs in observations
        for path in obs.fields.get("rtsp.unauthenticated", "").split("\n")
        if path
    }
    return tuple(sorted(streams, key=lambda s: (s.port, s.path)))


def device_facts(observations: Sequence[Observation], services: Sequence[Service] = ()) -> DeviceFacts:
    """The facts about one device that its observations (and the services the scan labelled) establish."""
    return DeviceFacts(
        http_ports=_ports(observations, services, {"http"}),
        https_ports=_ports(observations, services, {"https", "tls"}),
        telnet_ports=_ports(observations, services, {"telnet"}, TELNET_PORTS),
        ftp_ports=_ports(observations, services, {"ftp"}, FTP_PORTS),
        cloud=_cloud(observations),
        activation=_activation(observations),
        logins=_logins(observations),
        open_streams=_open_streams(observations),
        destinations=tuple(d for d in (_destination(o) for o in observations if o.protocol == "flow") if d),
        dns_queries=tuple(n for o in observations if o.protocol == "dns"
                          for n in o.fields.get("dns.query", "").split("\n") if n),
        certificates=_certificates(observations),
    )


def _certificates(observations: Sequence[Observation]) -> tuple[Certificate, ...]:
    """One certificate per port (the first observation that carries one), ordered by port."""
    found: dict[int | None, Certificate] = {}
    for obs in observations:
        f = obs.fields
        if obs.port in found or not any(name in f for name in ("tls.sha256", "tls.subject", "tls.not_after")):
            continue
        bits = f.get("tls.key_bits", "")
        not_after = f.get("tls.not_after")
        seen = timestamp(obs.seen_at)
        found[obs.port] = Certificate(
            port=obs.port, sha256=f.get("tls.sha256"), subject=f.get("tls.subject"), issuer=f.get("tls.issuer"),
            not_before=f.get("tls.not_before"), not_after=not_after, serial=f.get("tls.serial"),
            key_type=f.get("tls.key_type"), key_bits=int(bits) if bits.isascii() and bits.isdigit() else None,
            signature=f.get("tls.signature"), self_signed=_flag(f.get("tls.self_signed")),
            # ISO 8601 UTC text sorts as time does.
            expired=(not_after < seen) if not_after and seen else None,
        )
    return tuple(sorted(found.values(), key=lambda c: (c.port is None, c.port or 0)))


def _destination(obs: Observation) -> Destination | None:
    """One ``flow`` observation (passive analysis) read back into numbers; ``None`` when it is incomplete."""
    f = obs.fields
    try:
        asn = f.get("flow.asn")
        return Destination(
            peer=f["flow.peer"], port=int(f["flow.port"]), transport=f.get("flow.transport", ""),
            role=f.get("flow.role", "client"), names=tuple(n for n in f.get("flow.names", "").split("\n") if n),
            external=f.get("flow.external") == "true", packets_out=int(f.get("flow.packets_out", "0")),
            packets_in=int(f.get("flow.packets_in", "0")), bytes_out=int(f["flow.bytes_out"]),
            bytes_in=int(f["flow.bytes_in"]), first_seen=f["flow.first_seen"], last_seen=f["flow.last_seen"],
            active_minutes=int(f.get("flow.active_minutes", "0")), country=f.get("flow.country"),
            country_name=f.get("flow.country_name"), asn=int(asn) if asn and asn.isdigit() else None,
            as_org=f.get("flow.as_org"),
        )
    except (KeyError, ValueError):
        return None
