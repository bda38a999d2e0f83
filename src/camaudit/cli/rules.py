"""``camaudit rules test``: run every fingerprint rule's examples, counter-examples and ReDoS checks, and
check that every knowledge entry cites a public source and the date it was checked.

Exit 0 when all pass, 1 with each failing rule or entry listed when any fails, 2 (one line) when a rule
file cannot be loaded at all.
"""

from __future__ import annotations

from pathlib import Path

import typer
from rich.table import Table

from camaudit.cli.app import app
from camaudit.cli.common import EXIT_FAILURE, EXIT_USAGE, err, fail, out
from camaudit.cli.terminal import print_lines, print_table
from camaudit.identify.layers import layer_files, load_layers
from camaudit.identify.rules import RuleError, check_rules, load_rules, rule_files
from camaudit.knowledge.loader import DATA_DIR, KnowledgeError
from camaudit.knowledge.provenance import ENTRY_LISTS, check_file, provenance_problems

rules_app = typer.Typer(help="Check the fingerprint rules.", no_args_is_help=True)
app.add_typer(rules_app, name="rules")


@rules_app.command("test")
def test(
    rules_dir: Path | None = typer.Option(
        None,
        "--rules",
        help="A rule file or a directory of *.yaml rule files (default: the packaged rules).",
    ),
    redos: bool = typer.Option(
        True, "--redos/--no-redos", help="Also time every rule on pathological inputs."
    ),
) -> None:
    """Run every rule's examples and counter-examples, check it for catastrophic backtracking, and check
    that every knowledge entry cites a public source (URL or github:OWNER/REPO/PATH@COMMIT) and a date."""
    paths = None if rules_dir is None else [rules_dir]
    if rules_dir is not None and not rules_dir.exists():
        fail(f"{rules_dir}: no such file or directory", EXIT_USAGE)
    try:
        files = rule_files(paths)
        rules = load_rules(paths)
        if paths is None:
            # The packaged generalising layers compile into rules and are checked the same way.
            files += layer_files()
            rules += load_layers()
    except (RuleError, KnowledgeError) as exc:
        fail(str(exc), EXIT_USAGE)
    # The ReDoS timing of the packaged rules took 88 s on two cores at load 2 (December 2026; 6 s without it),
    # with nothing on the screen meanwhile: say first what is coming.
    timing = (", and ReDoS timing on pathological inputs (the slow part: roughly a second per 40 rules on two "
              "cores; --no-redos skips it)") if redos else ""
    print_lines(err, [f"Checking {len(rules)} rule(s): examples, counter-examples{timing} ..."])
    problems = check_rules(rules, redos=redos)

    per_file: dict[str, list[int]] = {}
    failed_ids = {p.rule_id for p in problems}
    for rule in rules:
        counts = per_file.setdefault(rule.file, [0, 0, 0])
        counts[0] += 1
        counts[1] += len(rule.examples) + len(rule.counter_examples)
        counts[2] += rule.id in failed_ids
    table = Table(title=f"{len(rules)} rules in {len(files)} files")
    for column in ("file", "rules", "examples", "failing"):
        table.add_column(column, justify="left" if column == "file" else "right")
    for name, (n_rules, n_examples, n_failed) in sorted(per_file.items()):
        table.add_row(name, str(n_rules), str(n_examples), f"[red]{n_failed}[/]" if n_failed else "0")
    print_table(out, table)

    if rules_dir is None:
        sources = provenance_problems(DATA_DIR)
    else:
        sources = [p for f in files for p in check_file(f, ENTRY_LISTS["rules/*.yaml"])]
    if problems:
        out.print(f"[red]{len(failed_ids)} rule(s) failing:[/]")
        for p in problems:
            out.print(f"  {p.file}: {p.rule_id}: ", end="")
            out.print(p.problem, markup=False, highlight=False)
    if sources:
        out.print(f"[red]{len(sources)} knowledge entr(ies) without a public source and a checked date:[/]")
        for problem in sources:
            out.print(f"  {problem}", markup=False, highlight=False)
    if problems or sources:
        raise typer.Exit(EXIT_FAILURE)
    out.print(f"[green]all {len(rules)} rules pass; every knowledge entry cites a public source and a date[/]")
