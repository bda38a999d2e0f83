from camaudit.report.safe import terminal_safe


def test_terminal_escapes_are_neutralised() -> None:
    shown = terminal_safe("DS-2CD\x1b[2J\x1b]0;pwned\x07\u202eevil\nnext")
    assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown and "\n" not in shown
    assert shown.startswith("DS-2CD\\x1b[2J")


def test_long_values_are_bounded() -> None:
    assert len(terminal_safe("x" * 10_000)) == 200
