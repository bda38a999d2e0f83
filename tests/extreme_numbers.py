"""An audit, not a test: unbounded ``st.integers()`` and ``st.floats()`` draw their extreme values half the time.

Hypothesis draws an unbounded integer from 8 to 128 bits and a float anywhere, infinities and NaN included unless told
otherwise, but rarely enough that a property can pass for weeks and then fail a landing on the first integer past 64
bits, which orjson (the product's JSON decoder) reads back as a float (docs/testing.md, "Hypothesis under CI"). Run the
properties with this plugin to meet those draws at once::

    python -m pytest -p tests.extreme_numbers tests/unit/importers ...

Integers past 128 bits are left out: Hypothesis never draws them, so no property can be flaky on them.
"""

from __future__ import annotations

import math
from typing import Any

from hypothesis import strategies as st

_integers, _floats = st.integers, st.floats
#: At and past the 64-bit edges, up to the widest integer Hypothesis draws unbounded (128 bits).
BIG_INTEGERS = (2**63 - 1, 2**63, 2**64 - 1, 2**64, -(2**63), -(2**63) - 1, 2**100, 2**127 - 1, -(2**127))


def integers(min_value: int | None = None, max_value: int | None = None) -> st.SearchStrategy[int]:
    base = _integers(min_value, max_value)
    extreme = [n for n in BIG_INTEGERS
               if (min_value is None or n >= min_value) and (max_value is None or n <= max_value)]
    if (min_value is None or max_value is None) and extreme:
        return st.sampled_from(extreme) | base
    return base


def floats(min_value: float | None = None, max_value: float | None = None, **options: Any) -> st.SearchStrategy[float]:
    base = _floats(min_value, max_value, **options)
    if min_value is not None or max_value is not None:
        return base
    extreme = [1e308, -1e308, 5e-324, -0.0]
    if options.get("allow_infinity") is not False:
        extreme += [math.inf, -math.inf]
    if options.get("allow_nan") is not False:
        extreme.append(math.nan)
    return st.sampled_from(extreme) | base


st.integers = integers  # type: ignore[assignment]
st.floats = floats  # type: ignore[assignment]
