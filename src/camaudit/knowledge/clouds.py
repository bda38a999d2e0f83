"""Vendor cloud / P2P ecosystems (``clouds.yaml``): the hosts devices call home to, and the device switch."""

from __future__ import annotations

from typing import Annotated, ClassVar

from pydantic import AfterValidator, Field, model_validator

from camaudit.knowledge.entries import Grade, KnowledgeFile, NonEmpty, Sourced, Text, VendorRef

#: An exact host name, or ``*.domain`` / ``app-*.domain`` for a family of names; kept lower-case.
HostPattern = Annotated[str, Field(pattern=r"^[A-Za-z0-9*][A-Za-z0-9.*-]*$"), AfterValidator(str.lower)]


class Cloud(Sourced):
    kind: ClassVar[str] = "cloud"

    id: NonEmpty
    name: Text
    #: The maker whose ecosystem this is (vendor id).
    vendor: VendorRef
    hosts: tuple[HostPattern, ...] = Field(min_length=1)
    #: Where on the device the cloud/P2P connection is switched on or off, where known.
    device_switch: Text | None = None
    #: Hosts only the device itself calls, never the phone app (a subset of ``hosts``): whoever calls one is
    #: taken for a device of this cloud.
    device_hosts: tuple[HostPattern, ...] = ()
    confidence: Grade = "M"

    @model_validator(mode="after")
    def _device_hosts_are_hosts(self) -> Cloud:
        extra = [h for h in self.device_hosts if h not in self.hosts]
        if extra:
            raise ValueError(f"device_hosts must also be in hosts: {', '.join(extra)}")
        return self


class CloudsFile(KnowledgeFile):
    file: ClassVar[str] = "clouds.yaml"

    clouds: tuple[Cloud, ...]
