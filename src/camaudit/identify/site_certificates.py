"""A certificate a public web CA signed names a web site, not a device: its names are not read as the device's.

A device's own certificate is self-signed (subject = issuer: Axis's ``CN=axis-<MAC>``, Reolink's ``CN=<device
name>``, Thingino's ``CN=<host name>``) or signed by its maker's factory CA (Dahua's ``Product Root CA``, Axis's
device ID CA, TP-Link's ``TPRI-CA``); the rules in ``rules/tls.yaml`` and the layers that read ``@text`` and
``@hostname`` read its subject and subjectAltName as what the firmware calls the device. A certificate signed by a
publicly trusted CA (Let's Encrypt, DigiCert, Sectigo ...) was bought or fetched for a DNS name the site's owner
chose: ``security-camera-shop.example``, ``www.hikvision.com`` itself, a reseller's ``nvr-deals.example``. Read as
a device's names, such a certificate made a camera shop a camera and the maker's own web site a Hikvision device
(measured before this module: ``CN=security-camera-shop.com`` under Let's Encrypt was typed ``camera``, 0.65;
``CN=hikvision.example.com``, a Hikvision ``video_device``).

So, when the issuer's organisation is one of the publicly trusted CAs below, identify does not read the subject or
the subjectAltName (they stay in the observation, for the user to see); the issuer is still read, and no camera
rule matches a public CA's name. The list is the CA owners of the Mozilla root store and the CCADB
(https://wiki.mozilla.org/CA/Included_Certificates, https://www.ccadb.org/resources: the organisation names in
their issuing certificates) that issue TLS server certificates at scale, written as the start of the issuer's
``O=`` value. A maker's own CA is never in it: a device certificate signed at the factory keeps every name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

#: Fields that carry the certified names of the site (not read when a public CA signed them).
SITE_NAMES = ("tls.subject", "tls.san")
#: Most characters of an issuer searched for its organisation (RFC 4514 text; a device's is under 300).
ISSUER_CHARS = 1024
#: The organisation (``O=``) of a publicly trusted CA's issuing certificate, as the start of the value, ended by
#: the end of the value or a space, comma, full stop or escape (``O=DigiCert Inc``, ``O=GoDaddy.com\, Inc.``); a
#: space after the comma is allowed (OpenSSL's one-line form, ``C=US, O=Let's Encrypt, CN=R3``).
_PUBLIC_CA = re.compile(
    r"(?:^|,)\s?O=(?:Let's Encrypt|DigiCert|Sectigo|COMODO CA|GlobalSign|GoDaddy\.com|Go Daddy|Starfield Technologies"
    r"|Amazon|Google Trust Services|Microsoft Corporation|Entrust|ZeroSSL|Buypass|Unizeto Technologies"
    r"|Asseco Data Systems|IdenTrust|SSL Corporation|Cloudflare|cPanel|thawte|GeoTrust|Symantec Corporation"
    r"|VeriSign|QuoVadis|SwissSign|Actalis|Network Solutions|Gandi|TrustAsia|WoSign|StartCom|Baltimore"
    r"|Internet2|TERENA|GEANT Vereniging|Trustwave Holdings|Certainly|HARICA|Hellenic Academic and Research"
    r"|D-Trust|T-Systems International|Telia Company|SECOM Trust|Certum|Izenpe|Disig|Atos|E-Tugra"
    r"|Chunghwa Telecom|TWCA|Taiwan-CA|GlobalTrust|emSign|Microsec|NetLock|Certigna|Dhimyotis|Firmaprofesional"
    r"|ACCV|Camerfirma|AC Camerfirma|SSL\.com)(?=$|[ ,.\\])",
    re.IGNORECASE,
)


def public_ca_signed(issuer: str | None) -> bool:
    """Whether ``issuer`` (an RFC 4514 string) names a publicly trusted web CA's organisation."""
    if not issuer:
        return False
    return _public_ca_signed(issuer)


#: Issuers whose answer is kept: a scan file repeats a few (the public CAs, makers' default authorities) endlessly, and
#: the search of the alternation above cost more than the lookup.
ISSUERS_KEPT = 1024


@lru_cache(maxsize=ISSUERS_KEPT)
def _public_ca_signed(issuer: str) -> bool:
    return _PUBLIC_CA.search(issuer, 0, ISSUER_CHARS) is not None


def without_site_names(fields: Mapping[str, str]) -> Mapping[str, str]:
    """``fields`` without the subject and subjectAltName of a certificate a public web CA signed (``fields``
    itself otherwise: one dictionary lookup for an observation with no certificate issuer)."""
    issuer = fields.get("tls.issuer")
    if issuer is None or not public_ca_signed(issuer):
        return fields
    if not any(name in fields for name in SITE_NAMES):
        return fields
    return {name: value for name, value in fields.items() if name not in SITE_NAMES}
