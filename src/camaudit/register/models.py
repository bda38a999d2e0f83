"""The register's tables, as SQLAlchemy 2 typed ORM classes.

The Alembic migrations in ``migrations/versions`` create exactly these tables (a test compares them), so
a change here comes with a new migration. Times are ISO-8601 UTC strings as the result model writes them
(``2026-05-20T10:00:00Z``): they sort as text and read the same in SQLite and PostgreSQL.

Three kinds of rows live here:

* what is true across scans — ``devices`` (one row per physical device, merged by MAC, serial, then
  address), their ``addresses``, the user's ``annotations`` and imported ``assets``;
* what one scan saw — ``scans``, ``scan_hosts`` (every host finished, answered or not, which is what
  ``scan --resume`` skips), ``identities`` (one per device per scan), their ``findings`` and
  ``observations``, and ``scan_errors``;
* who may use the dashboard — ``users`` (name, role, Argon2 hash) and their ``web_sessions``;
* ``meta``: the marker that says a database is a camaudit register, and its schema version.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

#: Written to ``meta`` under ``application``; a database without it is not ours and is never touched.
APPLICATION = "camaudit-register"
#: The schema version this code writes; bumped with every migration that changes tables.
SCHEMA_VERSION = "4"

SCAN_RUNNING = "running"
SCAN_COMPLETE = "complete"
#: Stopped for good before it was complete (``camaudit scans close``): kept, never resumed, never diffed.
SCAN_CLOSED = "closed"
DPIA_VALUES = ("yes", "no", "planned")
ROLES = ("admin", "viewer")

# Named constraints so that migrations can refer to them the same way on SQLite and PostgreSQL.
_NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

_TIME = String(32)
_IP = String(45)
_MAC = String(17)
_NAME = String(200)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=_NAMING)


class Meta(Base):
    """Key/value facts about the register itself (``application``, ``schema_version``)."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(256))


class ScanRow(Base):
    """One scan run; ``status`` becomes ``complete`` only after its last host was recorded, or ``closed``
    when a user gives up on it (its process died and it will not be resumed)."""

    __tablename__ = "scans"
    __table_args__ = (
        CheckConstraint(f"status IN ('{SCAN_RUNNING}', '{SCAN_COMPLETE}', '{SCAN_CLOSED}')", name="status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    status: Mapped[str] = mapped_column(String(16), index=True)
    started: Mapped[str] = mapped_column(_TIME)
    finished: Mapped[str | None] = mapped_column(_TIME)
    #: Which scanner wrote it, when several sites share one register.
    site: Mapped[str | None] = mapped_column(_NAME)
    tool_version: Mapped[str] = mapped_column(String(32))
    #: ``{"targets": [...], "ports": [...], "excluded": [...]}`` as in the result JSON.
    scope: Mapped[dict[str, Any]] = mapped_column(JSON)
    #: Engine options (timeouts, concurrency, host limit) so that ``--resume`` scans the rest the same way.
    options: Mapped[dict[str, Any]] = mapped_column(JSON)


class ScanHost(Base):
    """A host the scan finished, whether or not it answered: ``--resume`` skips these."""

    __tablename__ = "scan_hosts"

    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), primary_key=True)
    ip: Mapped[str] = mapped_column(_IP, primary_key=True)
    responded: Mapped[bool] = mapped_column(Boolean)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id", ondelete="SET NULL"), index=True)
    finished: Mapped[str] = mapped_column(_TIME)


class ScanErrorRow(Base):
    """A probe that failed during a scan (failures are data, as in the result JSON)."""

    __tablename__ = "scan_errors"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"), index=True)
    target: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(64))
    message: Mapped[str] = mapped_column(Text)
    port: Mapped[int | None] = mapped_column(Integer)
    probe: Mapped[str | None] = mapped_column(String(64))


class DeviceRow(Base):
    """One physical device across all scans.

    The three unique keys are what keeps concurrent writers from creating the same device twice: a MAC,
    a ``manufacturer:serial`` pair, and — only for a device known by nothing better — its address.
    The identity columns repeat the newest scan's identity, for listings.
    """

    __tablename__ = "devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    mac: Mapped[str | None] = mapped_column(_MAC, unique=True)
    serial_key: Mapped[str | None] = mapped_column(String(300), unique=True)
    ip_key: Mapped[str | None] = mapped_column(_IP, unique=True)
    first_seen: Mapped[str] = mapped_column(_TIME)
    last_seen: Mapped[str] = mapped_column(_TIME)
    last_ip: Mapped[str] = mapped_column(_IP)
    device_type: Mapped[str | None] = mapped_column(String(64))
    brand: Mapped[str | None] = mapped_column(_NAME)
    manufacturer: Mapped[str | None] = mapped_column(_NAME)
    model: Mapped[str | None] = mapped_column(_NAME)
    firmware: Mapped[str | None] = mapped_column(_NAME)
    serial: Mapped[str | None] = mapped_column(_NAME)

    addresses: Mapped[list[AddressRow]] = relationship(
        back_populates="device", cascade="all, delete-orphan", order_by="AddressRow.last_seen.desc()"
    )
    annotation: Mapped[AnnotationRow | None] = relationship(cascade="all, delete-orphan")


class AddressRow(Base):
    """An address a device was seen at, with the MAC seen there and when."""

    __tablename__ = "addresses"
    __table_args__ = (UniqueConstraint("device_id", "ip"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"))
    ip: Mapped[str] = mapped_column(_IP, index=True)
    mac: Mapped[str | None] = mapped_column(_MAC)
    first_seen: Mapped[str] = mapped_column(_TIME)
    last_seen: Mapped[str] = mapped_column(_TIME)

    device: Mapped[DeviceRow] = relationship(back_populates="addresses")


class IdentityRow(Base):
    """What one scan said a device is: the result JSON's device entry, minus findings."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("scan_id", "device_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    scan_id: Mapped[int] = mapped_column(ForeignKey("scans.id", ondelete="CASCADE"))
    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"), index=True)
    #: The device id the scan's result JSON used (``dev-…``).
    result_id: Mapped[str] = mapped_column(String(64))
    ip: Mapped[str] = mapped_column(_IP)
    mac: Mapped[str | None] = mapped_column(_MAC)
    device_type: Mapped[str | None] = mapped_column(String(64))
    brand: Mapped[str | None] = mapped_column(_NAME)
    manufacturer: Mapped[str | None] = mapped_column(_NAME)
    model: Mapped[str | None] = mapped_column(_NAME)
    firmware: Mapped[str | None] = mapped_column(_NAME)
    serial: Mapped[str | None] = mapped_column(_NAME)
    confidence: Mapped[float] = mapped_column(Float)
    addresses: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    services: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    evidence: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    conflicts: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    attribution: Mapped[list[str]] = mapped_column(JSON)
    #: The device facts (``camaudit.model.DeviceFacts``) as JSON; ``None`` for rows recorded before them.
    facts: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    findings: Mapped[list[FindingRow]] = relationship(
        cascade="all, delete-orphan", order_by="FindingRow.position"
    )


class FindingRow(Base):
    """A finding one scan made about one device, in the order assess produced it."""

    __tablename__ = "findings"
    __table_args__ = (UniqueConstraint("identity_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("identities.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(64), index=True)
    severity: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    explanation: Mapped[str] = mapped_column(Text)
    remediation: Mapped[str] = mapped_column(Text)
    references: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    regime: Mapped[str | None] = mapped_column(String(64), index=True)
    cve: Mapped[str | None] = mapped_column(String(32), index=True)
    chain: Mapped[str | None] = mapped_column(Text)
    details: Mapped[dict[str, Any]] = mapped_column(JSON)


class ObservationRow(Base):
    """One raw observation behind an identity (``raw`` is already bounded by the model)."""

    __tablename__ = "observations"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    identity_id: Mapped[int] = mapped_column(ForeignKey("identities.id", ondelete="CASCADE"), index=True)
    ip: Mapped[str] = mapped_column(_IP)
    port: Mapped[int | None] = mapped_column(Integer)
    transport: Mapped[str | None] = mapped_column(String(8))
    protocol: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(16))
    seen_at: Mapped[str] = mapped_column(_TIME)
    fields: Mapped[dict[str, str]] = mapped_column(JSON)
    raw: Mapped[bytes] = mapped_column(LargeBinary)


class AnnotationRow(Base):
    """What the user told us about a device: where it is, why it is there, whether a DPIA covers it."""

    __tablename__ = "annotations"
    __table_args__ = (
        CheckConstraint("dpia IS NULL OR dpia IN ('yes', 'no', 'planned')", name="dpia"),
    )

    device_id: Mapped[int] = mapped_column(ForeignKey("devices.id", ondelete="CASCADE"), primary_key=True)
    site: Mapped[str | None] = mapped_column(_NAME)
    location: Mapped[str | None] = mapped_column(_NAME)
    purpose: Mapped[str | None] = mapped_column(Text)
    dpia: Mapped[str | None] = mapped_column(String(16))
    #: Points at a sensitive place (changing room, toilet, medical room): raises privacy findings.
    sensitive_place: Mapped[bool | None] = mapped_column(Boolean)
    updated: Mapped[str] = mapped_column(_TIME)


class AssetRow(Base):
    """A row of the organisation's own asset list (``import-assets``), linked to a device when matched."""

    __tablename__ = "assets"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ip: Mapped[str | None] = mapped_column(_IP, index=True)
    mac: Mapped[str | None] = mapped_column(_MAC, index=True)
    site: Mapped[str | None] = mapped_column(_NAME)
    location: Mapped[str | None] = mapped_column(_NAME)
    purpose: Mapped[str | None] = mapped_column(Text)
    make: Mapped[str | None] = mapped_column(_NAME)
    model: Mapped[str | None] = mapped_column(_NAME)
    source: Mapped[str] = mapped_column(String(255))
    imported: Mapped[str] = mapped_column(_TIME)
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id", ondelete="SET NULL"), index=True)


class UserRow(Base):
    """Someone who may log in to the dashboard; ``password_hash`` is an Argon2id PHC string."""

    __tablename__ = "users"
    __table_args__ = (CheckConstraint("role IN ('admin', 'viewer')", name="role"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[str] = mapped_column(String(16))
    password_hash: Mapped[str] = mapped_column(String(256))
    created: Mapped[str] = mapped_column(_TIME)
    updated: Mapped[str] = mapped_column(_TIME)


class WebSessionRow(Base):
    """A logged-in dashboard session. Only the SHA-256 of the cookie's token is stored, so a copy of the
    register does not let anyone in; removing a user or changing a password ends their sessions."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created: Mapped[str] = mapped_column(_TIME)
    expires: Mapped[str] = mapped_column(_TIME)
