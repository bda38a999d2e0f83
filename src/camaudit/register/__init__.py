"""The register: devices, scans, identities, findings and the user's notes, in SQLite or PostgreSQL.

``db`` opens it (URLs, refusing files that are not ours), ``migrate`` keeps its schema current,
``merge`` decides which stored device a scanned one is, ``store`` writes scans host by host,
``query`` reads them back, ``diff`` compares two scans and ``assets`` imports an asset list.
"""
