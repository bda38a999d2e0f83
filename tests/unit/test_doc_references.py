"""References into docs/identification/ lead somewhere.

Code comments, knowledge files, tests and other docs point readers at a topic file and often a section by its
quoted heading ("docs/identification/resolution.md, "OEM rows with dates""). The diary these pointed into was split
into topic files on 2026-12-05; these tests fail when a reference names a file that does not exist or a section no
heading of that file starts with, or when a link inside the topic files leads nowhere.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs" / "identification"

# A topic file, then optionally the section quoted after ", " or " (": the quote may be cut by a line break.
_REFERENCE = re.compile(r"identification/([a-z-]+\.md)(?:[,;]?[ \t]*\(?\"([^\"\n]+))?")
_HEADING = re.compile(r"^#{1,6} (.+)$", re.MULTILINE)
_LINK = re.compile(r"\]\(([^)\s]+)\)")


def _referring_files() -> list[Path]:
    files = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    for tree, patterns in (("src", ("*.py", "*.yaml")), ("tests", ("*.py",)), ("bench", ("*.py",))):
        for pattern in patterns:
            files += sorted((ROOT / tree).rglob(pattern))
    return files


def _headings(path: Path) -> list[str]:
    return [" ".join(h.split()) for h in _HEADING.findall(path.read_text(encoding="utf-8"))]


def _references() -> list[tuple[str, str, str | None]]:
    found = []
    for path in _referring_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        if "identification/" not in text:
            continue
        for m in _REFERENCE.finditer(text):
            found.append((str(path.relative_to(ROOT)), m.group(1), m.group(2)))
    return found


def _slug(heading: str) -> str:
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


def test_the_references_are_found() -> None:
    # The scan itself: if the pattern stopped matching, every other test here would pass on nothing.
    refs = _references()
    assert len(refs) >= 20
    assert any(f == "resolution.md" and (s or "").startswith("OEM") for _, f, s in refs)


@pytest.mark.parametrize(("where", "target", "section"), _references())
def test_a_reference_names_a_topic_file_and_one_of_its_sections(where: str, target: str, section: str | None) -> None:
    path = DOCS / target
    assert path.is_file(), f"{where} points at docs/identification/{target}, which does not exist"
    if section is None:
        return
    wanted = " ".join(section.rstrip(" .").removesuffix("...").split())
    assert any(h.startswith(wanted) for h in _headings(path)), (
        f'{where} quotes the section "{section}" of {target}, and no heading there starts so'
    )


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda p: p.name)
def test_every_link_of_a_topic_file_leads_somewhere(page: Path) -> None:
    for link in _LINK.findall(page.read_text(encoding="utf-8")):
        if link.startswith(("http://", "https://")):
            continue
        target, _, anchor = link.partition("#")
        path = (page.parent / target).resolve() if target else page
        assert path.exists(), f"{page.name} links to {link}, which does not exist"
        if anchor:
            assert anchor in {_slug(h) for h in _headings(path)}, f"{page.name} links to a missing section: {link}"


def test_the_index_lists_every_topic_file_and_the_old_page_points_to_it() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for page in DOCS.glob("*.md"):
        if page.name != "README.md":
            assert f"]({page.name})" in index, f"the index does not list {page.name}"
    stub = (ROOT / "docs" / "identification.md").read_text(encoding="utf-8")
    assert "](identification/README.md)" in stub
