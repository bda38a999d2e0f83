"""The grouping that lets ``make test`` run lab and end-to-end tests on two workers without two of them
using one loopback address, the shared audit register or the namespace lab at the same time."""

from __future__ import annotations

from pathlib import Path

from tests.xdist_groups import address_claims, file_groups, groups, helper_modules, uses_audit_register

ROOT = Path(__file__).resolve().parents[2]


def test_an_address_and_a_block_holding_it_overlap() -> None:
    assert address_claims('LabRunner(base="127.84.0.1")') & address_claims('scan("127.84.0.0/16")')
    assert address_claims("127.84.0.0/16") >= address_claims("127.84.200.7 and 127.84.0.9")
    assert not address_claims("127.84.0.1") & address_claims("127.85.0.1")
    assert not address_claims("127.84.0.1") & address_claims("127.84.1.1")  # labs of a /24 each


def test_free_ports_on_127_0_0_1_and_the_whole_loopback_claim_nothing() -> None:
    assert address_claims("uvicorn on 127.0.0.1:0; base must be inside 127.0.0.0/8") == set()


def test_only_loopback_literals_count() -> None:
    assert address_claims("10.127.84.0.1 1127.84.0.1 127.84.0.1.5 192.0.2.1 127.999.0.1") == set()


def test_overlapping_claims_join_transitively_and_the_rest_stay_apart() -> None:
    got = groups({"c": {3, 4}, "a": {1, 2}, "b": {2, 3}, "d": {9}, "e": set()})
    assert got == {"a": "a", "b": "a", "c": "a", "d": "d", "e": "e"}


def test_a_test_file_claims_the_addresses_of_the_helper_it_imports(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "labhelper.py").write_text('BASE = "127.91.4.1"\n')
    test_file = tmp_path / "sub" / "test_x.py"
    text = "import os\nfrom labhelper import BASE\n"
    test_file.write_text(text)
    assert helper_modules(test_file, text, tmp_path) == [tmp_path / "labhelper.py"]


def test_the_suite_groups_the_files_that_share_an_address() -> None:
    """On the real test files: tests/e2e/test_cli.py and test_output_paths.py both scan 127.79.0.9; the
    dashboard tests (the audit register, built with a lab at 127.84.0.1) join the credential-order tests (a
    recorder at 127.84.0.1); the namespace tests share one group; a lab of its own stays alone."""
    tests = ROOT / "tests"
    netns = sorted((tests / "integration" / "netns").glob("test_*.py"))
    web_access = tests / "integration" / "web" / "test_web_access.py"
    files = [tests / "e2e" / "test_cli.py", tests / "e2e" / "test_output_paths.py", web_access,
             tests / "integration" / "scan" / "test_credential_order.py",
             tests / "integration" / "lab" / "test_lab_dahua.py", *netns]
    assert uses_audit_register(web_access)  # through web/conftest.py
    assert not uses_audit_register(tests / "integration" / "test_accuracy.py")  # beside the fixture's definition
    group_of = file_groups(files, tests)
    assert group_of[tests / "e2e" / "test_cli.py"] == group_of[tests / "e2e" / "test_output_paths.py"]
    assert group_of[tests / "integration" / "web" / "test_web_access.py"] == \
        group_of[tests / "integration" / "scan" / "test_credential_order.py"]
    assert len(netns) >= 4 and len({group_of[path] for path in netns}) == 1
    assert group_of[tests / "integration" / "lab" / "test_lab_dahua.py"] == "tests/integration/lab/test_lab_dahua.py"
    assert len(set(group_of.values())) == 4


def test_the_readme_transcript_claims_the_readmes_lab_addresses(tmp_path: Path) -> None:
    """tests/e2e/test_readme_transcript.py runs the README's commands, whose lab is on addresses only the README
    names: a file on the same block, beside it, must share its group; one elsewhere must not."""
    tests = ROOT / "tests"
    transcript = tests / "e2e" / "test_readme_transcript.py"
    (tmp_path / "tests").mkdir()
    (tmp_path / "README.md").write_text("$ camaudit lab up --base 127.77.0.1\n")
    copy = tmp_path / "tests" / "test_readme_transcript.py"
    copy.write_text(transcript.read_text(encoding="utf-8"))
    same = tmp_path / "tests" / "test_same_block.py"
    same.write_text('BASE = "127.77.0.40"\n')
    other = tmp_path / "tests" / "test_other_block.py"
    other.write_text('BASE = "127.77.1.40"\n')
    group_of = file_groups([copy, same, other], tmp_path / "tests")
    assert group_of[copy] == group_of[same] != group_of[other]
    # The real transcript test names no address itself; the real README does (its lab's).
    assert not address_claims(transcript.read_text(encoding="utf-8"))
    assert address_claims((ROOT / "README.md").read_text(encoding="utf-8"))
