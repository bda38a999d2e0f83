"""Run independent kill trials side by side, while each trial stays a test of its own.

A kill trial spends most of its time waiting: for a ``camaudit`` to start, for a lab device to answer, for a
resume to finish. Run one after another, twenty of them took about four minutes of a CI run. Here a
module-scoped fixture submits every *selected* trial to a small thread pool as the module starts, and each
parametrized test waits for its own trial: an assertion that fails inside the trial is re-raised, with its
traceback, by that trial's test and no other. Every trial keeps its own register and its own lab, so no two
trials share anything a kill could disturb.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

import pytest

T = TypeVar("T", bound=Hashable)

#: Trials at once. Each trial alternates between a CPU-bound ``camaudit`` start-up and waiting on the lab;
#: three keep two cores busy without starving a lab thread long enough to miss a probe deadline.
WORKERS = 3


def selected_params(request: pytest.FixtureRequest, test: Callable[..., object], names: Iterable[str]
                    ) -> list[tuple[Any, ...]]:
    """The parameter tuples (in ``names`` order) of ``test``'s items that this session will run."""
    wanted: list[tuple[Any, ...]] = []
    for item in request.session.items:
        if getattr(item, "function", None) is test and hasattr(item, "callspec"):
            params = tuple(item.callspec.params[n] for n in names)
            if params not in wanted:
                wanted.append(params)
    return wanted


@contextmanager
def running_trials(trial: Callable[[int, T], str], params: Iterable[T],
                   workers: int = WORKERS) -> Iterator[dict[T, Future[str]]]:
    """Start ``trial(slot, param)`` for every param on a pool of ``workers`` threads; ``slot`` numbers the
    trials from 0 so each can pick addresses of its own. Yields each param's future; on exit, waits for all."""
    pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="kill-trial")
    try:
        yield {param: pool.submit(trial, slot, param) for slot, param in enumerate(params)}
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
