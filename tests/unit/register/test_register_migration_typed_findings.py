"""Migration 0003: a register written before findings had their own regime/CVE/chain columns reads back typed."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command

from camaudit.register.db import open_register
from camaudit.register.migrate import alembic_config
from camaudit.register.query import load_result


def _old_register(path: Path) -> None:
    """A register at revision 0002 (before typed findings) holding one scan whose findings keep regime, CVE and chain in details."""
    engine = sa.create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "0002")
        conn.exec_driver_sql(
            "INSERT INTO scans (id, status, started, finished, tool_version, scope, options) VALUES "
            "(1, 'complete', '2026-11-01T00:00:00Z', '2026-11-01T00:01:00Z', '0.1.0', "
            "'{\"targets\": [\"10.0.0.1\"], \"ports\": [], \"excluded\": []}', '{}')"
        )
        conn.exec_driver_sql(
            "INSERT INTO devices (id, ip_key, first_seen, last_seen, last_ip) VALUES "
            "(1, '10.0.0.1', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', '10.0.0.1')"
        )
        conn.exec_driver_sql(
            "INSERT INTO identities (id, scan_id, device_id, result_id, ip, device_type, manufacturer, confidence, "
            "addresses, services, evidence, conflicts, attribution) VALUES (1, 1, 1, 'dev-1', '10.0.0.1', 'camera', "
            "'hikvision', 0.9, '[{\"ip\": \"10.0.0.1\", \"mac\": null}]', '[]', '[]', '[]', '[]')"
        )
        conn.exec_driver_sql(
            "INSERT INTO findings (identity_id, position, kind, severity, title, explanation, remediation, "
            "\"references\", details) VALUES "
            "(1, 0, 'restricted', 'high', 't', 'e', 'r', '[]', "
            "'{\"regime\": \"us-ndaa-889\", \"chain\": \"made by Hikvision -> named in NDAA\", \"citation\": \"c\"}'), "
            "(1, 1, 'vulnerability', 'critical', 't', 'e', 'r', '[]', '{\"cve\": \"CVE-2021-36260\", \"kev\": true}')"
        )
    engine.dispose()


def test_old_findings_move_their_regime_cve_and_chain_into_typed_fields(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    _old_register(path)
    with open_register(str(path)) as reg:
        device = load_result(reg, 1).devices[0]
    restricted, vulnerability = device.findings
    assert (restricted.regime, restricted.chain, restricted.cve) == (
        "us-ndaa-889", "made by Hikvision -> named in NDAA", None)
    assert dict(restricted.details) == {"citation": "c"}
    assert (vulnerability.cve, vulnerability.regime) == ("CVE-2021-36260", None)
    assert dict(vulnerability.details) == {"kev": True}
    assert device.facts.http_ports == () and device.facts.activation is None  # not recorded before 0003
