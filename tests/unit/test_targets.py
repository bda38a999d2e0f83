from __future__ import annotations

import pytest

from camaudit.targets import OutOfScopeError, TargetError, build_scope, parse_target


@pytest.mark.parametrize(
    ("text", "count"),
    [("192.0.2.7", 1), ("192.0.2.0/30", 2), ("192.0.2.10-20", 11), ("192.0.2.250-192.0.3.5", 12),
     ("2001:db8::1", 1)],
)
def test_targets_expand(text: str, count: int) -> None:
    assert len(build_scope([text]).hosts()) == count


@pytest.mark.parametrize("text", ["300.1.2.3", "", "   ", "192.0.2.5-1", "192.0.2.1-300", "1.2.3.4/40", "a b"])
def test_bad_targets_raise_with_reason(text: str) -> None:
    with pytest.raises(TargetError) as info:
        parse_target(text)
    assert str(info.value)


def test_exclusions_are_never_in_scope() -> None:
    guard = build_scope(["192.0.2.0/29"], ["192.0.2.3", "192.0.2.4/31"])
    assert guard.hosts() == ["192.0.2.1", "192.0.2.2", "192.0.2.6"]
    with pytest.raises(OutOfScopeError):
        guard.check("192.0.2.3")
    with pytest.raises(OutOfScopeError):
        guard.check("198.51.100.1")


def test_huge_scope_is_refused_not_expanded() -> None:
    guard = build_scope(["10.0.0.0/8"])
    with pytest.raises(TargetError, match="more than the limit"):
        guard.hosts()


def test_targets_and_exclusions_may_be_comma_lists_like_ports() -> None:
    guard = build_scope(["192.0.2.1,192.0.2.5-6", "192.0.2.9"], ["192.0.2.6,192.0.2.9"])
    assert guard.hosts() == ["192.0.2.1", "192.0.2.5"]
    assert [t.text for t in guard.targets] == ["192.0.2.1", "192.0.2.5-6", "192.0.2.9"]
    assert build_scope(["192.0.2.1,"]).hosts() == ["192.0.2.1"]  # a trailing comma is harmless
    with pytest.raises(TargetError, match="empty target"):
        build_scope([","])
    with pytest.raises(TargetError, match=r"'192\.0\.2\.300' is not"):
        build_scope(["192.0.2.1,192.0.2.300"])
