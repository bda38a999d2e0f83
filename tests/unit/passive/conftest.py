"""Shared fixtures: the small LAN of ``lan.py``, written once per session as pcap, pcapng and gzip'd pcap."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from lan import Lan


@pytest.fixture(scope="session")
def lan_files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("lan")
    lan = Lan().build()
    pcap = lan.write(folder / "lan.pcap")
    pcapng = lan.write(folder / "lan.pcapng", pcapng=True)
    gz = folder / "lan.pcap.gz"
    with pcap.open("rb") as src, gzip.open(gz, "wb") as dst:
        shutil.copyfileobj(src, dst)
    return {"pcap": pcap, "pcapng": pcapng, "pcap.gz": gz}
