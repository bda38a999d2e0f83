"""Training the learned video layer: an L2-regularised logistic regression over the presence of tokens, fitted to
labelled examples, each with its source.

Pure: the examples come in already read (bench/learned_data.py reads the development corpora and refuses held-out
ones: identify may not import the importers).

* A token is a feature only when two examples with no source key in common hold it (:func:`vocabulary`): a token from
  one source is that source's memory, not a sign.
* The fit (:func:`fit`) minimises the mean log-loss plus ``L2 / 2n`` times the squared weights (the bias is not
  penalised), by :data:`ITERATIONS` steps of full-batch AdaGrad from zero: deterministic, the same examples in the same
  order give the same weights.

Naive Bayes was tried first and measured (docs/identification/learned.md): summing hundreds of correlated per-token
log ratios made it wildly overconfident (development non-camera pages scored up to 124 log-odds leave-one-source-out),
so no threshold kept non-cameras out and still let cameras in. The regression weighs tokens jointly and its penalty
keeps any one token's weight small. Leaving a source out is a refit on the examples that share no key with it
(bench/accuracy.py ``learned_without``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

#: The L2 penalty (times 1/2n of the squared weights).
L2 = 1.0
#: Full-batch AdaGrad steps, and the step size.
ITERATIONS = 300
STEP = 0.5
#: Weights are kept to this many decimals (the table's precision).
DECIMALS = 4


@dataclass(frozen=True, slots=True)
class Example:
    """One labelled reply: its tokens, whether it is a video device, the source keys of where it was collected, and
    where it is (``<file> line <n>``) to show."""

    tokens: frozenset[str]
    is_video: bool
    keys: frozenset[str]
    where: str


@dataclass(frozen=True, slots=True)
class Fit:
    """A fitted model: the weight of each token, the bias, and what it was fitted on."""

    weights: Mapping[str, float]
    bias: float
    videos: int
    others: int
    sources: frozenset[str]


def independent(key_sets: Iterable[frozenset[str]]) -> bool:
    """Whether two of the examples (given by their source keys) share no source key."""
    groups = list(dict.fromkeys(key_sets))
    return any(not a & b for i, a in enumerate(groups) for b in groups[i + 1 :])


def holders(examples: Iterable[Example]) -> dict[str, list[frozenset[str]]]:
    """For each token, the source keys of every example that holds it (in example order)."""
    found: dict[str, list[frozenset[str]]] = {}
    for example in examples:
        for token in example.tokens:
            found.setdefault(token, []).append(example.keys)
    return found


def vocabulary(examples: Sequence[Example]) -> list[str]:
    """The tokens two independent examples hold, sorted."""
    return sorted(token for token, keys in holders(examples).items() if independent(keys))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def fit(examples: Sequence[Example]) -> Fit:
    """The logistic regression of "is a video device" on the tokens of :func:`vocabulary`."""
    tokens = vocabulary(examples)
    index = {token: i for i, token in enumerate(tokens)}
    rows = [sorted(index[t] for t in example.tokens if t in index) for example in examples]
    labels = [1.0 if example.is_video else 0.0 for example in examples]
    n = max(len(examples), 1)
    weights = [0.0] * len(tokens)
    bias = 0.0
    squares = [1e-8] * len(tokens)
    bias_square = 1e-8
    for _ in range(ITERATIONS):
        gradient = [L2 * w / n for w in weights]
        bias_gradient = 0.0
        for row, label in zip(rows, labels, strict=True):
            error = (_sigmoid(bias + sum(weights[j] for j in row)) - label) / n
            bias_gradient += error
            for j in row:
                gradient[j] += error
        for j, g in enumerate(gradient):
            squares[j] += g * g
            weights[j] -= STEP * g / math.sqrt(squares[j])
        bias_square += bias_gradient * bias_gradient
        bias -= STEP * bias_gradient / math.sqrt(bias_square)
    videos = sum(1 for example in examples if example.is_video)
    return Fit(
        weights={token: round(weights[i], DECIMALS) for i, token in enumerate(tokens)},
        bias=round(bias, DECIMALS),
        videos=videos,
        others=len(examples) - videos,
        sources=frozenset(key for example in examples for key in example.keys),
    )


def sources(examples: Iterable[Example], token: str) -> dict[str, tuple[int, int]]:
    """The source keys whose examples hold ``token``, each with how many of its video and other examples do."""
    found: dict[str, list[int]] = {}
    for example in examples:
        if token in example.tokens:
            for key in example.keys:
                found.setdefault(key, [0, 0])[0 if example.is_video else 1] += 1
    return {key: (v, o) for key, (v, o) in sorted(found.items())}
