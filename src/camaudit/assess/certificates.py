"""Certificate findings: the device's own TLS certificate has a weak key or signature, had expired when seen, or is
one whose private key ships in a public firmware image.

Read from the device facts (``facts.certificates``: validity, key, signature of the certificate each HTTPS port
presented); nothing here probes. What counts as weak is NIST's transition rules (SP 800-131A Rev. 2): RSA and DSA
keys under 2048 bits and elliptic-curve keys under 224 bits give less than 112 bits of security and are disallowed
for signatures; SHA-1 is disallowed for signature generation, and MD5 (and MD2/MD4) were broken long before. A
camera's certificate is usually self-signed, so nobody's browser trusts it anyway: a weak signature on it is a sign
of an old crypto library more than an attack path, and is ``low``; a short key lets whoever records the traffic of a
session (RSA key exchange) or forges the device's identity work on a key within reach, and is ``medium``. An
expired certificate is ``low``: the connection is still encrypted, but every administrator learns to click through
the browser's warning, which is how an impersonation would go unnoticed. ETSI EN 303 645 (provision 5.5-1: use
best-practice cryptography) is the consumer-IoT baseline the UK PSTI regime points to.

A certificate that firmware analyses found baked into an image with its key (``firmware_certificates.yaml``) is
``high``: the key is public to whoever downloads the firmware, so an attacker on the path can pose as the device to
its administrators and apps (CWE-321). It is matched on the subject (as a set of attributes, in any order) and on
every one of serial, start and end date that both the certificate and the entry carry, at least one of them: a
subject alone is a template other firmware may copy with a key of its own.
"""

from __future__ import annotations

import re

from camaudit.knowledge.firmware_certificates import FirmwareCertificate
from camaudit.knowledge.loader import firmware_certificates
from camaudit.model import Certificate, DeviceFacts, Finding, Identity, Reference

#: Fewest bits a key needs for 112-bit security (NIST SP 800-57 Part 1 Rev. 5, table 2).
MIN_BITS = {"rsa": 2048, "dsa": 2048, "ec": 224}
#: Signature hashes no longer acceptable for signing (NIST SP 800-131A Rev. 2, section 3: SHA-1 disallowed).
WEAK_HASHES = ("md2", "md4", "md5", "sha1")

_NIST_TRANSITIONS = Reference(
    "NIST SP 800-131A Rev. 2, Transitioning the Use of Cryptographic Algorithms and Key Lengths",
    "https://csrc.nist.gov/pubs/sp/800/131/a/r2/final",
    "2019-03-21",
)
_ETSI_IOT = Reference(
    "ETSI EN 303 645 V2.1.1, Cyber Security for Consumer Internet of Things: provision 5.5-1 (best-practice "
    "cryptography)",
    "https://www.etsi.org/deliver/etsi_en/303600_303699/303645/02.01.01_60/en_303645v020101p.pdf",
    "2020-06-30",
)
_CWE_321 = Reference("CWE-321: Use of Hard-coded Cryptographic Key", "https://cwe.mitre.org/data/definitions/321.html")
#: A comma that separates attributes of a printed name (not one escaped inside a value: ``O=Acme\, Inc.``).
_NAME_SEPARATOR = re.compile(r"(?<!\\),")
_RFC_5280 = Reference(
    "RFC 5280, Internet X.509 Public Key Infrastructure Certificate and CRL Profile, section 4.1.2.5 (validity)",
    "https://www.rfc-editor.org/rfc/rfc5280#section-4.1.2.5",
)


def short_key(cert: Certificate) -> bool:
    """Whether the certificate's key gives less than 112-bit security (RSA/DSA < 2048, EC < 224 bits)."""
    least = MIN_BITS.get(cert.key_type or "")
    return least is not None and cert.key_bits is not None and cert.key_bits < least


def weak_signature(cert: Certificate) -> bool:
    """Whether the certificate was signed with MD2, MD4, MD5 or SHA-1."""
    return (cert.signature or "").split("-", 1)[0] in WEAK_HASHES


def _port(cert: Certificate) -> str:
    return f"port {cert.port}" if cert.port is not None else "its TLS service"


def _weak_key_finding(certs: list[Certificate]) -> Finding:
    shown = "; ".join(f"{_port(c)}: {(c.key_type or '').upper()} {c.key_bits} bits" for c in certs)
    return Finding(
        kind="certificate-weak-key",
        severity="medium",
        title="The device's HTTPS certificate has a key too short to trust",
        explanation=(
            f"The certificate the device presents uses a short key ({shown}). Keys this size give less than the "
            "112-bit security NIST has required since 2014; an attacker with enough computing power could recover "
            "the key, impersonate the device, and on older connections read recorded traffic."
        ),
        remediation=(
            "Update the firmware and create a new certificate on the device (RSA 2048 bits or more, or an "
            "elliptic-curve key), or install one from your own certificate authority. If the firmware cannot make "
            "one, reach the device only through an isolated management network."
        ),
        references=(_NIST_TRANSITIONS, _ETSI_IOT),
        details={"certificates": [{"port": c.port, "key_type": c.key_type, "key_bits": c.key_bits,
                                   "sha256": c.sha256} for c in certs]},
    )


def _weak_signature_finding(certs: list[Certificate]) -> Finding:
    shown = "; ".join(f"{_port(c)}: {c.signature}" for c in certs)
    return Finding(
        kind="certificate-weak-signature",
        severity="low",
        title="The device's HTTPS certificate is signed with an outdated hash (SHA-1 or MD5)",
        explanation=(
            f"The certificate is signed with a hash that is no longer accepted for signatures ({shown}). Browsers "
            "have rejected such certificates from certificate authorities for years. On a device's own "
            "certificate it mostly shows old cryptographic software in the firmware."
        ),
        remediation=(
            "Update the firmware and create a new certificate on the device (SHA-256 or better), or install one "
            "from your own certificate authority."
        ),
        references=(_NIST_TRANSITIONS, _ETSI_IOT),
        details={"certificates": [{"port": c.port, "signature": c.signature, "sha256": c.sha256} for c in certs]},
    )


def _expired_finding(certs: list[Certificate]) -> Finding:
    shown = "; ".join(f"{_port(c)}: valid until {c.not_after}" for c in certs)
    return Finding(
        kind="certificate-expired",
        severity="low",
        title="The device's HTTPS certificate had expired when it was seen",
        explanation=(
            f"The certificate's validity period had ended ({shown}). The connection is still encrypted, but every "
            "browser warns about it, and administrators who learn to click through the warning will not notice "
            "when someone else answers in the device's place."
        ),
        remediation=(
            "Create a new certificate on the device (most firmware has a button for it under network or security "
            "settings), or install one from your own certificate authority, and note when it expires."
        ),
        references=(_RFC_5280, _ETSI_IOT),
        details={"certificates": [{"port": c.port, "not_after": c.not_after, "sha256": c.sha256} for c in certs]},
    )


def name_attributes(name: str) -> frozenset[str]:
    """A printed distinguished name as the set of its ``key=value`` attributes (keys upper-cased, spaces around
    separators dropped), so RFC 4514's order and OpenSSL's one-line order compare equal."""
    parts = set()
    for part in _NAME_SEPARATOR.split(name[:2048]):
        key, sep, value = part.strip().partition("=")
        if sep:
            parts.add(f"{key.strip().upper()}={value.strip()}")
    return frozenset(parts)


def firmware_certificate(cert: Certificate) -> FirmwareCertificate | None:
    """The firmware certificate ``cert`` is, when its subject and at least one of serial, start and end date agree
    with an entry (and none of those that both carry disagrees)."""
    if not cert.subject:
        return None
    subject = name_attributes(cert.subject)
    for known in firmware_certificates():
        if name_attributes(known.subject) != subject:
            continue
        pairs = [(cert.serial, known.serial),
                 ((cert.not_before or "")[:10] or None, known.not_before and known.not_before.isoformat()),
                 ((cert.not_after or "")[:10] or None, known.not_after and known.not_after.isoformat())]
        compared = [(seen, listed) for seen, listed in pairs if seen is not None and listed is not None]
        if compared and all(seen == listed for seen, listed in compared):
            return known
    return None


def _shared_key_finding(matches: list[tuple[Certificate, FirmwareCertificate]]) -> Finding:
    shown = "; ".join(f"{_port(c)}: {k.subject}" for c, k in matches)
    products = "; ".join(sorted({k.products for _, k in matches}))
    return Finding(
        kind="certificate-shared-key",
        severity="high",
        title="The device's HTTPS certificate is one whose private key is in its public firmware",
        explanation=(
            f"The device presents a certificate that a published firmware analysis found inside the firmware image, "
            f"together with its private key ({shown}; found in: {products}). Every unit with this firmware has the "
            "same key, and anyone who downloads the firmware has it too: they can pose as this device to your "
            "administrators and apps, and may read recorded traffic."
        ),
        remediation=(
            "Replace the certificate: create a new one on the device if the firmware allows it, or install one from "
            "your own certificate authority. Until then, do not rely on HTTPS to this device and reach it only from "
            "an isolated management network; ask the maker for firmware that makes a key per device."
        ),
        references=(_CWE_321, _ETSI_IOT),
        details={"certificates": [{"port": c.port, "subject": c.subject, "serial": c.serial, "sha256": c.sha256,
                                   "known_as": k.id, "source": k.source} for c, k in matches]},
    )


def certificate_findings(identity: Identity, facts: DeviceFacts) -> list[Finding]:
    """A certificate whose key is in public firmware (on any device: the entry names the product), and weak keys,
    weak signatures and expired certificates on a camera's or recorder's TLS services."""
    found: list[Finding] = []
    # A listed firmware certificate is the maker's device whatever identify made of it: its entry names the product.
    shared = [(c, k) for c in facts.certificates if (k := firmware_certificate(c)) is not None]
    if shared:
        found.append(_shared_key_finding(shared))
    if not identity.is_video_device:
        return found
    weak_keys = [c for c in facts.certificates if short_key(c)]
    if weak_keys:
        found.append(_weak_key_finding(weak_keys))
    weak_signatures = [c for c in facts.certificates if weak_signature(c)]
    if weak_signatures:
        found.append(_weak_signature_finding(weak_signatures))
    expired = [c for c in facts.certificates if c.expired]
    if expired:
        found.append(_expired_finding(expired))
    return found
