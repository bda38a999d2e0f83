"""Findings from traffic a device was seen to send (passive analysis): whom it talks to outside your networks.

Reads the device facts passive analysis establishes (``DeviceFacts.destinations``: one per destination with
peer, port, names, volumes, times, country and network owner when known; ``DeviceFacts.dns_queries``: the
names a device asked DNS for). Three kinds:

* ``cloud-traffic`` — the device contacts a vendor cloud or P2P service of ``clouds.yaml``. It applies to
  video devices, and to any device that calls a host only devices call (``device_hosts``): a phone app
  reaching the same cloud's app servers is not flagged. Severity from the policy profile; higher when
  the cloud's operator is covered by a regime that binds under the profile.
* ``unknown-upload`` — a camera sends steadily to an outside host no catalogue names.
* ``external-traffic`` — informational: everything a device exchanged with outside hosts, largest first.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from camaudit.assess.cloud import ecosystem_for_host
from camaudit.assess.policy import Policy
from camaudit.assess.restricted import restricted_findings
from camaudit.knowledge.clouds import Cloud
from camaudit.knowledge.loader import vendors
from camaudit.model import Destination, DeviceFacts, Finding, Identity, Reference, Severity

#: A camera "uploads steadily" when, to one outside destination, it sent at least this much ...
STEADY_MIN_BYTES = 1_000_000
#: ... at least this many times what it received ...
STEADY_MIN_RATIO = 3.0
#: ... over at least this many minutes, with traffic in at least this share of them.
STEADY_MIN_MINUTES = 10
STEADY_MIN_SHARE = 0.8
#: Destinations listed in a finding's text (all of them are in ``details``, up to DETAILS_MAX).
SHOWN = 5
DETAILS_MAX = 50

_COUNTRIES = {
    "CN": "China", "US": "the United States", "TW": "Taiwan", "KR": "South Korea", "JP": "Japan", "DE": "Germany",
    "SE": "Sweden", "GB": "the United Kingdom", "NL": "the Netherlands", "IL": "Israel", "CA": "Canada",
    "IN": "India", "BR": "Brazil", "AU": "Australia", "CZ": "the Czech Republic", "DK": "Denmark", "IT": "Italy",
}


def _where(dest: Destination) -> str:
    """``198.51.100.10 port 443/tcp (Germany, Amazon.com, Inc.)``"""
    place = ", ".join(p for p in (dest.country_name or dest.country, dest.as_org) if p)
    where = f"{dest.peer} port {dest.port}" + (f"/{dest.transport}" if dest.transport else "")
    return where + (f" ({place})" if place else "")


def _details(dest: Destination) -> dict[str, object]:
    return {
        "peer": dest.peer, "port": dest.port, "transport": dest.transport, "names": list(dest.names),
        "bytes_out": dest.bytes_out, "bytes_in": dest.bytes_in, "packets_out": dest.packets_out,
        "packets_in": dest.packets_in, "first_seen": dest.first_seen, "last_seen": dest.last_seen,
        "country": dest.country, "as_org": dest.as_org,
    }


@dataclass
class _CloudUse:
    cloud: Cloud
    destinations: list[Destination] = field(default_factory=list)
    looked_up: set[str] = field(default_factory=set)
    device_side: bool = False


def size(n: int) -> str:
    """Bytes for people: ``950 bytes``, ``12.3 kB``, ``4.1 MB``, ``2.0 GB``."""
    if n < 1000:
        return f"{n} bytes"
    for unit, scale in (("kB", 1e3), ("MB", 1e6), ("GB", 1e9)):
        if n < scale * 1000 or unit == "GB":
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"  # pragma: no cover


def _is_device_host(cloud: Cloud, name: str) -> bool:
    return any(fnmatch.fnmatchcase(name, pattern) for pattern in cloud.device_hosts)


def _uses(destinations: Sequence[Destination], asked: Sequence[str]) -> dict[str, _CloudUse]:
    found: dict[str, _CloudUse] = {}
    for dest in destinations:
        for name in dest.names:
            cloud = ecosystem_for_host(name)
            if cloud is not None:
                use = found.setdefault(cloud.id, _CloudUse(cloud))
                use.destinations.append(dest)
                use.device_side |= _is_device_host(cloud, name)
                break
    for name in asked:
        cloud = ecosystem_for_host(name)
        if cloud is not None:
            use = found.setdefault(cloud.id, _CloudUse(cloud))
            use.looked_up.add(name)
            use.device_side |= _is_device_host(cloud, name)
    return found


def _operator(cloud: Cloud) -> tuple[str, str | None]:
    owner = vendors().get(cloud.vendor)
    if owner is None:
        return cloud.vendor, None
    return owner.name, _COUNTRIES.get(owner.country or "", owner.country)


def _cloud_finding(use: _CloudUse, policy: Policy) -> Finding:
    cloud = use.cloud
    service = cloud.name.split(" (")[0]  # "Hik-Connect (Hikvision cloud / P2P)" -> "Hik-Connect"
    operator, country = _operator(cloud)
    covered = bool(restricted_findings(Identity(manufacturer=cloud.vendor), policy))
    severity: Severity = (policy.finding_severity("cloud-traffic-covered", "high") if covered
                          else policy.finding_severity("cloud-traffic", "medium"))
    dests = sorted(use.destinations, key=lambda d: -(d.bytes_out + d.bytes_in))
    sent, received = sum(d.bytes_out for d in dests), sum(d.bytes_in for d in dests)
    hosts = sorted({n for d in dests for n in d.names if ecosystem_for_host(n) is cloud} | use.looked_up)
    label = f"{operator}, {country}" if country else operator
    if dests:
        first, last = min(d.first_seen for d in dests), max(d.last_seen for d in dests)
        listed = "; ".join(f"{', '.join(d.names) or d.peer} at {_where(d)}" for d in dests[:SHOWN])
        more = f" and {len(dests) - SHOWN} more" if len(dests) > SHOWN else ""
        title = f"Sends traffic to {service} ({label})"
        what = (f"Between {first} and {last} this device sent {size(sent)} to {service} and received "
                f"{size(received)}: {listed}{more}.")
    else:
        title = f"Looks up {service} ({label})"
        what = (f"This device asked DNS for {', '.join(hosts[:SHOWN])}, the servers of {service}; no traffic to "
                "them was seen in the capture (it may have been blocked, or happen outside it).")
    owner = f"{operator}, a company in {country}" if country else operator
    switch = f" ({cloud.device_switch})" if cloud.device_switch else ""
    return Finding(
        kind="cloud-traffic",
        severity=severity,
        title=title,
        explanation=(
            f"{what} {cloud.name} is run by {owner}. With it, the device keeps a connection to servers outside "
            "your control so that a phone app can reach it from anywhere; video and control can pass through "
            "them, and whoever holds the app account can reach the device past your firewall."
        ),
        remediation=(
            f"If nobody needs remote access through the maker's app, turn the cloud option off on the device"
            f"{switch}, then block {', '.join(hosts[:SHOWN]) or 'these hosts'} for this device at your firewall "
            "(and ideally all its outside traffic). If the supplier set it up, ask them why it is needed and who "
            "holds the app account."
        ),
        references=(Reference(f"camaudit cloud endpoints: {cloud.name} ({cloud.source})"),),
        details={
            "ecosystem": cloud.id, "operator": cloud.vendor, "covered_by_binding_regime": covered,
            "hosts": hosts, "bytes_out": sent, "bytes_in": received,
            "packets_out": sum(d.packets_out for d in dests), "packets_in": sum(d.packets_in for d in dests),
            "first_seen": min((d.first_seen for d in dests), default=None),
            "last_seen": max((d.last_seen for d in dests), default=None),
            "destinations": [_details(d) for d in dests[:DETAILS_MAX]],
        },
    )


def _steady(dest: Destination) -> bool:
    span = _minutes_between(dest.first_seen, dest.last_seen)
    return (
        dest.external and dest.bytes_out >= STEADY_MIN_BYTES and dest.bytes_out >= STEADY_MIN_RATIO * dest.bytes_in
        and span >= STEADY_MIN_MINUTES and dest.active_minutes >= STEADY_MIN_SHARE * (span + 1)
    )


def _minutes_between(first: str, last: str) -> int:
    try:
        start = datetime.fromisoformat(first.replace("Z", "+00:00"))
        stop = datetime.fromisoformat(last.replace("Z", "+00:00"))
    except ValueError:
        return 0
    return int((stop - start).total_seconds() // 60)


def _upload_finding(dest: Destination, policy: Policy) -> Finding:
    name = ", ".join(dest.names) or "no name seen"
    return Finding(
        kind="unknown-upload",
        severity=policy.finding_severity("unknown-upload", "medium"),
        title=f"Uploads steadily to an unknown outside host ({dest.peer})",
        explanation=(
            f"From {dest.first_seen} to {dest.last_seen} this camera sent {size(dest.bytes_out)} to {_where(dest)} "
            f"({name}), with traffic in {dest.active_minutes} of those minutes, and received only "
            f"{size(dest.bytes_in)}. A steady one-way stream like this is what video leaving the site looks like; "
            "the destination is not a service camaudit knows."
        ),
        remediation=(
            "Find out what this host is (ask the installer or supplier, look up the address owner). If nobody "
            "set up off-site recording or viewing there, block the camera from the internet at your firewall."
        ),
        details={"destination": _details(dest)},
    )


def _summary(dests: Sequence[Destination]) -> Finding:
    ranked = sorted(dests, key=lambda d: -(d.bytes_out + d.bytes_in))
    sent, received = sum(d.bytes_out for d in ranked), sum(d.bytes_in for d in ranked)
    listed = "; ".join(f"{', '.join(d.names) or d.peer} ({_where(d)}): {size(d.bytes_out)} out, "
                       f"{size(d.bytes_in)} in" for d in ranked[:SHOWN])
    return Finding(
        kind="external-traffic",
        severity="info",
        title=f"Talks to {len(ranked)} destination(s) outside your networks",
        explanation=(f"In the traffic read, this device sent {size(sent)} to and received {size(received)} from "
                     f"outside your networks. Largest: {listed}."),
        remediation="Check that each destination is one you expect this device to use; block the rest at your "
                    "firewall.",
        details={"bytes_out": sent, "bytes_in": received,
                 "destinations": [_details(d) for d in ranked[:DETAILS_MAX]]},
    )


def traffic_findings(identity: Identity, facts: DeviceFacts, policy: Policy) -> list[Finding]:
    """Cloud, unknown-upload and outside-traffic findings from the destinations and DNS names a device used."""
    dests, asked = list(facts.destinations), list(facts.dns_queries)
    if not dests and not asked:
        return []
    out: list[Finding] = []
    uses = _uses(dests, asked)
    for use in uses.values():
        if identity.is_video_device or use.device_side:
            out.append(_cloud_finding(use, policy))
    if identity.is_video_device:
        known = {id(d) for use in uses.values() for d in use.destinations}
        out += [_upload_finding(d, policy) for d in dests if id(d) not in known and _steady(d)]
    external = [d for d in dests if d.external]
    if external:
        out.append(_summary(external))
    return out
