"""Certificate findings: the device's own TLS certificate has a weak key or signature, or had expired when seen.

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
"""

from __future__ import annotations

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


def certificate_findings(identity: Identity, facts: DeviceFacts) -> list[Finding]:
    """Weak keys, weak signatures and expired certificates on a camera's or recorder's TLS services."""
    if not identity.is_video_device or not facts.certificates:
        return []
    found: list[Finding] = []
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
