"""The sweep process gets its addresses packed; each comes back exactly as the scope wrote it."""

from __future__ import annotations

import pickle

import pytest

from camaudit.scan.sweep_process import PackedAddresses
from camaudit.targets import build_scope


def test_addresses_come_back_as_the_scope_wrote_them_in_order() -> None:
    hosts = [
        *build_scope(["192.0.2.0/30"]).hosts(), "10.0.0.1", "2001:db8::1", "::ffff:102:304", "fe80::1:2",
        *build_scope(["2001:db8:0:1::/126"]).hosts(), "0.0.0.0",
    ]
    packed = pickle.loads(pickle.dumps(PackedAddresses(hosts)))  # noqa: S301 - our own bytes, as the sweep sends them
    assert list(packed) == hosts
    assert len(packed) == len(hosts)
    assert [packed[i] for i in range(len(hosts))] == hosts
    assert packed[-1] == "0.0.0.0" and packed[1:3] == hosts[1:3]
    with pytest.raises(IndexError):
        packed[len(hosts)]
