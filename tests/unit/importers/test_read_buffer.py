"""Input files are read through a 1 MiB buffer (importers/base.py ``READ_BUFFER``): records shorter, about as long
as and longer than the buffer, and than Python's default 8 KB one, are read whole and in order, from a path and
from the file the CLI opens."""

from __future__ import annotations

import json
from pathlib import Path

from camaudit.cli.identify import _open_input
from camaudit.importers import shodan
from camaudit.importers.base import READ_BUFFER


def _banner(n: int, size: int) -> dict[str, object]:
    # Constructed (not a capture): a Shodan-shaped HTTP banner whose page is ``size`` characters long.
    page = "<html><title>t</title>" + "x" * size + "</html>"
    return {"ip_str": f"192.0.2.{n}", "port": 80, "data": "HTTP/1.1 200 OK\r\n\r\n", "http": {"html": page}}


def test_records_longer_than_the_read_buffer_are_read_whole(tmp_path: Path) -> None:
    sizes = [10, 8_000, 8_200, 70_000, READ_BUFFER - 300, READ_BUFFER + 5_000, 3 * READ_BUFFER, 12]
    path = tmp_path / "banners.jsonl"
    path.write_text("".join(json.dumps(_banner(n, size)) + "\n" for n, size in enumerate(sizes, 1)))
    for records in (list(shodan.read(path)), list(shodan.read(_open_input(str(path))))):
        assert [r.error for r in records] == [None] * len(sizes)
        assert [r.ip for r in records] == [f"192.0.2.{n}" for n in range(1, len(sizes) + 1)]
        # The page is kept up to the body limit (64 KiB): the short ones whole, the long ones cut there.
        bodies = [r.observations[0].fields["http.body"] for r in records]
        assert [len(b) for b in bodies] == [min(size + 29, 64 * 1024) for size in sizes]
