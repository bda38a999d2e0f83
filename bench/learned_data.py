"""The training examples of the learned layers: the labelled DEVELOPMENT corpora, each record with its source keys.

    from learned_data import development_examples, corpus_examples

Development corpora are the ones bench/accuracy.py scores as development (:data:`accuracy.DEFAULT_CORPORA` minus
:data:`accuracy.HELD_OUT`): rules were written while looking at them. A record whose label names no source (no key
``camaudit.identify.provenance.example_keys`` knows: shodan_sample.jsonl) is left out: it could not be left out of its
own model (leave-one-source-out), nor counted towards a token's independent support.

Held-out data never trains anything: :func:`corpus_examples` raises :class:`HeldOutRefused` for any file the held-out
boundary names (``heldout_records.is_held_out_place``: a ``heldout_*`` file or folder under tests/data) or that
bench/accuracy.py lists as held-out, before opening it. Records of a held-out batch that were development data before
(``seen_before``) stay in their held-out files, so they are not read either.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import DATA, DEFAULT_CORPORA, is_held_out, labels_path, load_labels, read_records
from heldout_records import is_held_out_place

from camaudit.identify.learned.tokens import reply_tokens
from camaudit.identify.learned.training import Example
from camaudit.identify.learned.video import FIELDS
from camaudit.identify.provenance import example_keys
from camaudit.importers.base import ImportRecord
from camaudit.model import Observation

#: What a learned layer reads of one record's observations.
Tokeniser = Callable[[Sequence[Observation]], frozenset[str]]


class HeldOutRefused(ValueError):
    """A held-out file was given as training data."""


def video_tokens(observations: Sequence[Observation]) -> frozenset[str]:
    """The tokens the learned video layer reads of a record (learned/video.py ``FIELDS``: no RTSP answer)."""
    return frozenset(token for obs in observations for token in reply_tokens(obs.fields, names=FIELDS))


def refuse_held_out(corpus: Path) -> None:
    """Raise :class:`HeldOutRefused` when ``corpus`` holds held-out records."""
    resolved = corpus.resolve()
    try:
        relative = resolved.relative_to(DATA.resolve())
    except ValueError:
        relative = None
    if (
        is_held_out(corpus)
        or (relative is not None and is_held_out_place(relative))
        or any(part.startswith("heldout_") for part in resolved.parts)
    ):
        raise HeldOutRefused(f"{corpus}: held-out data never trains a learned layer")


def development_corpora() -> list[Path]:
    """The labelled development corpora bench/accuracy.py scores (its default list minus the held-out ones)."""
    return [corpus for corpus in DEFAULT_CORPORA if not is_held_out(corpus) and corpus.exists()]


def sourced_development_records(corpus: Path) -> Iterator[tuple[ImportRecord, dict[str, Any], frozenset[str]]]:
    """``(record, label, source keys)`` of each record of one development corpus that was read, is labelled and
    names a source; raises :class:`HeldOutRefused` before opening a held-out file. The learned maker's trainer
    (bench/learned_maker.py) reads its records here too."""
    refuse_held_out(corpus)
    labels = load_labels(labels_path(corpus))
    for record in read_records(corpus):
        label = labels.get(record.position)
        if label is None or not record.ok or label.get("seen_before"):
            continue
        keys = example_keys(label.get("source"))
        if keys:
            yield record, label, keys


def corpus_examples(corpus: Path, tokens: Tokeniser = video_tokens) -> list[Example]:
    """The examples of one development corpus: each labelled record with a source and at least one token."""
    found = []
    for record, label, keys in sourced_development_records(corpus):
        held = tokens(record.observations)
        if held:
            found.append(Example(held, bool(label["is_video"]), keys, f"{corpus.name} line {record.position}"))
    return found


def development_examples(corpora: Iterable[Path] | None = None, tokens: Tokeniser = video_tokens) -> list[Example]:
    """Every example of the development corpora, in corpus then line order."""
    return [e for corpus in (corpora or development_corpora()) for e in corpus_examples(corpus, tokens)]
