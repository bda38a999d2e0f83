"""Certificates whose private key ships in a firmware image (``firmware_certificates.yaml``).

A device's HTTPS certificate protects its traffic only while its private key is secret. Some firmware does not make
a key at first boot but carries one certificate and its key as files of the image, so every unit running that
firmware presents the same certificate, and anyone who unpacks the public firmware holds the key: they can pose as
any such device or, where RSA key exchange is used, read recorded sessions (CWE-321, use of a hard-coded
cryptographic key). Firmware analyses name such certificates by what ``openssl x509 -text`` prints of them; each
entry is that: the subject, and the serial and validity dates where the source gives them, with the products and
firmware the source unpacked. ``assess/certificates.py`` matches a device's certificate against them.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from pydantic import Field, model_validator

from camaudit.knowledge.entries import KnowledgeFile, NonEmpty, Sourced, Text, VendorRef, check_unique


class FirmwareCertificate(Sourced):
    """One certificate a firmware image carries with its private key."""

    kind: ClassVar[str] = "firmware certificate"
    keys: ClassVar[tuple[str, ...]] = ("id",)

    id: NonEmpty
    vendor: VendorRef
    #: The products and firmware versions the source unpacked (others may carry it too).
    products: Text
    #: The subject as the source prints it (``C=CN, ST=ZJ, ...``); compared as a set of attributes, in any order.
    subject: NonEmpty
    #: The serial number, lower-case hex without leading zeros or colons, where the source gives it.
    serial: str | None = Field(default=None, pattern=r"^[0-9a-f]{1,64}$")
    not_before: dt.date | None = None
    not_after: dt.date | None = None


class FirmwareCertificatesFile(KnowledgeFile):
    file: ClassVar[str] = "firmware_certificates.yaml"

    certificates: tuple[FirmwareCertificate, ...]

    @model_validator(mode="after")
    def _unique_ids(self) -> FirmwareCertificatesFile:
        check_unique("firmware certificate", (c.id for c in self.certificates))
        return self
