"""Which lab, network-namespace and end-to-end test files may run at the same time on two xdist workers.

``make test`` runs the tests outside ``tests/unit`` with ``-n 2 --dist loadgroup``: the tests of one group
always run on one worker, one after another. Two test files share a group when they could disturb each
other if they overlapped:

* **loopback addresses**: every ``127.x.y.z`` (or ``127.x.y.z/n``) a test file, or a helper module beside it
  that it imports, names claims that address's /24 (a lab puts its devices on consecutive addresses from its
  base) or the whole block; files whose claims overlap are grouped, transitively. ``127.0.0.0/24`` (servers
  on ``127.0.0.1`` take a free port from the kernel) and blocks wider than a /16 (``127.0.0.0/8`` appears
  only in refusal messages) claim nothing;
* **the README's commands**: a file naming ``README.md`` (the transcript test runs what it shows) claims the
  addresses the README names as well: they are in the README, not in the test file;
* **the shared audit register**: a file using the session fixture ``audit_register`` claims the addresses
  of ``auditlab.py``, which builds it with two lab scans (each worker would build its own);
* **network namespaces**: every ``netns``-marked file, and any other that starts a ``NetnsLab``, is in one group (a namespace lab holds most of the
  machine's attention; its names carry the process id, so they never collide).

A file that claims nothing is a group of its own, so its module-scoped fixtures are built once. The groups
are worked out on the xdist controller from the files alone (``tests/xdist_scheduler.py``, chosen by
``--dist loadgroup`` in ``tests/conftest.py``), which collects nothing; ``tests/conftest.py`` checks the two
file-level facts read from text (:func:`uses_audit_register`, :func:`uses_netns`) against collection. Tests marked
``timing`` (assertions that need an idle machine) are not run by the parallel pass at all: ``make test`` runs
them afterwards, alone.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable, Mapping
from pathlib import Path

_LOOPBACK = re.compile(r"(?<![\d.])127\.\d{1,3}\.\d{1,3}\.\d{1,3}(?:/\d{1,2})?(?![\d.])")
_IMPORT = re.compile(r"^(?:from|import)\s+([A-Za-z_]\w*)", re.MULTILINE)
_SHARED_LOCAL = ipaddress.IPv4Network("127.0.0.0/24")
NETNS = "netns"
AUDIT_FIXTURE = "audit_register"
AUDIT_HELPER = "auditlab"
README = "README.md"


def address_claims(text: str) -> set[int]:
    """The /24 blocks (as integers) the loopback addresses and blocks named in ``text`` occupy."""
    blocks: set[int] = set()
    for literal in _LOOPBACK.findall(text):
        try:
            net = ipaddress.IPv4Network(literal, strict=False)
        except ValueError:
            continue
        if net.prefixlen < 16 or net.subnet_of(_SHARED_LOCAL):
            continue
        first = int(net.network_address) >> 8
        last = int(net.broadcast_address) >> 8
        blocks.update(range(first, last + 1))
    return blocks


def helper_modules(test_file: Path, text: str, top: Path) -> list[Path]:
    """Helper modules ``text`` imports by bare name from its own folder or a parent folder up to ``top``."""
    folders = [test_file.parent, *(p for p in test_file.parent.parents if p.is_relative_to(top))]
    found: list[Path] = []
    for name in sorted(set(_IMPORT.findall(text))):
        for folder in folders:
            candidate = folder / f"{name}.py"
            if candidate.is_file():
                found.append(candidate)
                break
    return found


def groups(claims: Mapping[str, Iterable[object]]) -> dict[str, str]:
    """A group name for every key of ``claims`` (key -> its claimed resources): keys whose claims overlap,
    directly or through others, share a group, named after the first such key in sorted order."""
    parent = {key: key for key in claims}

    def root(key: str) -> str:
        while parent[key] != key:
            parent[key] = parent[parent[key]]
            key = parent[key]
        return key

    owner: dict[object, str] = {}
    for key in sorted(claims):
        for resource in claims[key]:
            if resource in owner:
                a, b = root(owner[resource]), root(key)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                owner[resource] = key
    return {key: root(key) for key in claims}


def uses_audit_register(test_file: Path) -> bool:
    """True when ``test_file``, or a ``conftest.py`` beside it, asks for the ``audit_register`` fixture
    (the conftest that defines it does not count). ``tests/conftest.py`` checks this against collection."""
    texts = [test_file.read_text(encoding="utf-8", errors="replace")]
    conftest = test_file.parent / "conftest.py"
    if conftest.is_file():
        texts.append(conftest.read_text(encoding="utf-8", errors="replace"))
    asked = re.compile(rf"\b{AUDIT_FIXTURE}\b")
    return any(asked.search(text.replace(f"def {AUDIT_FIXTURE}(", "")) for text in texts)


def uses_netns(test_file: Path) -> bool:
    """True when ``test_file`` marks tests ``netns`` (checked against collection like the above) or starts a
    namespace lab."""
    text = test_file.read_text(encoding="utf-8", errors="replace")
    return "mark.netns" in text or "NetnsLab" in text


def file_groups(files: Iterable[Path], tests_root: Path) -> dict[Path, str]:
    """The group of each test file, named by its first file relative to the folder holding ``tests_root``."""
    texts: dict[Path, str] = {}

    def text_of(path: Path) -> str:
        if path not in texts:
            texts[path] = path.read_text(encoding="utf-8", errors="replace")
        return texts[path]

    chosen = list(files)
    claims: dict[str, set[object]] = {}
    for path in chosen:
        text = text_of(path)
        found: set[object] = set(address_claims(text))
        for helper in helper_modules(path, text, tests_root):
            found |= address_claims(text_of(helper))
        if README in text:
            found |= address_claims(text_of(tests_root.parent / README))
        if uses_audit_register(path):
            found |= address_claims(text_of(tests_root / "integration" / f"{AUDIT_HELPER}.py"))
        if uses_netns(path):
            found.add(NETNS)
        claims[path.relative_to(tests_root.parent).as_posix()] = found
    named = groups(claims)
    return {path: named[path.relative_to(tests_root.parent).as_posix()] for path in chosen}
