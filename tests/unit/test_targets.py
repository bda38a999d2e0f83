from __future__ import annotations

import ipaddress
import random

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


def test_the_compiled_scope_answers_as_the_guard_does() -> None:
    """The sweep asks the compiled scope for every socket: it must agree with the guard on every address."""
    guard = build_scope(["10.1.0.0/22", "10.1.8.5-10.1.8.40", "192.0.2.7", "2001:db8::/120"],
                        ["10.1.1.0/24", "10.1.8.20", "2001:db8::80/125"])
    fast = guard.compiled()
    rng = random.Random(7)
    base4, base6 = int(ipaddress.ip_address("10.1.0.0")), int(ipaddress.ip_address("2001:db8::"))
    samples = [ipaddress.ip_address(base4 + rng.randrange(0, 2400)) for _ in range(3000)]
    samples += [ipaddress.ip_address(a) for a in ("192.0.2.7", "192.0.2.8", "10.0.255.255")]
    samples += [ipaddress.ip_address(base6 + rng.randrange(0, 300)) for _ in range(600)]
    targets = [ipaddress.ip_network(n) for n in ("10.1.0.0/22", "192.0.2.7/32", "2001:db8::/120")]
    targets += ipaddress.summarize_address_range(ipaddress.IPv4Address("10.1.8.5"), ipaddress.IPv4Address("10.1.8.40"))
    excluded = [ipaddress.ip_network(n) for n in ("10.1.1.0/24", "10.1.8.20/32", "2001:db8::80/125")]
    for addr in samples:
        # The answer worked out here with the standard library's own membership test.
        expected = any(addr in n for n in targets) and not any(addr in n for n in excluded)
        assert fast.allows(addr.version, int(addr)) == expected, addr
        assert guard.allows(str(addr)) == expected, addr
    with pytest.raises(OutOfScopeError):
        fast.check(4, int(ipaddress.ip_address("10.1.8.20")))
