"""bench/accuracy.py --learned: each record is scored with the learned video layer fitted without the development
examples that share a source key with it (leave-one-source-out), and the default run leaves the layer out as the
packaged rule set does."""

from __future__ import annotations

from tests.bench_module import bench_module

accuracy = bench_module("accuracy")


def test_a_records_sources_train_nothing_it_is_scored_with() -> None:
    examples = accuracy._development_examples()
    held = frozenset({"w4000/ipcam"})
    sharing = [e for e in examples if e.keys & held]
    assert sharing, "the web-UI batch's w4000/ipcam page is a development example"
    everything = accuracy.learned_without(frozenset({"no-such/source"}))
    without = accuracy.learned_without(held)
    assert without.examples == everything.examples - len(sharing)
    # A key no example holds changes nothing: it is the fit of every example, fitted once.
    assert everything is accuracy.learned_without(frozenset())


def test_the_default_run_leaves_the_layer_out() -> None:
    assert accuracy.LEARNED is False
    corpus = accuracy.DATA / "devreplies_webui.jsonl"
    labels = accuracy.load_labels(accuracy.labels_path(corpus))
    records = [r for r in accuracy.read_records(corpus) if r.ok][:2]
    sets = list(accuracy.loso_rulesets(records, labels, accuracy.ruleset().rules))
    assert sets and all(rule_set.learned is None for rule_set, _ in sets)
    with_layer = list(accuracy.loso_rulesets(records, labels, accuracy.ruleset().rules, learned=True))
    assert all(rule_set.learned is not None for rule_set, _ in with_layer)
