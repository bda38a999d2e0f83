"""Profile part for logins: the device's configured account and what its login-protected APIs tell.

Kept apart from ``profile.py`` because the lab verifies these logins in code (``lab/auth.py``) with the
same scheme functions the scanner uses, rather than replaying bytes written in the profile.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

#: The login-protected APIs the lab implements (``lab/auth_http.py``).
Api = Literal["isapi", "onvif", "rpc2", "vapix"]
_CAPABILITY = re.compile(r"^[A-Z][A-Za-z0-9]{1,48}$")


class AccountSpec(BaseModel):
    """The device's one configured account (a factory default or a strong password) and its lockout policy.

    ``lockout_after`` failed logins in a row (any API, any user name) lock the device for ``lock_seconds``:
    it then refuses even the right password and says so in its replies, as Hikvision (``lockStatus``) and
    Dahua (error 268632081) firmware do. Without it the device never locks.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    username: str = Field(min_length=1, max_length=32)
    password: str = Field(min_length=1, max_length=64, repr=False)
    lockout_after: int | None = Field(default=None, ge=1, le=100)
    lock_seconds: float = Field(default=1800.0, gt=0, le=86400)
    #: Which login-protected APIs answer with this account.
    apis: list[Api] = Field(min_length=1)
    #: ISAPI ``isSupport<Name>`` capabilities reported true (``FaceDetect``, ``Audio``, ``Thermal`` ...).
    capabilities: list[str] = Field(default_factory=list)
    #: The maker's cloud is on and registered: Hik-Connect/EZVIZ (ISAPI) or P2P ``T2UServer`` (RPC2).
    cloud: bool = False
    #: Dahua ``magicBox.getSoftwareVersion`` BuildDate.
    build_date: str = "2020-03-20"

    @field_validator("capabilities")
    @classmethod
    def _check_capabilities(cls, names: list[str]) -> list[str]:
        for name in names:
            if not _CAPABILITY.match(name):
                raise ValueError(f"capability {name!r} must be a CamelCase name (isSupport<Name>)")
        return names
