"""Identification: observations in, :class:`~camaudit.model.Identity` out. Pure; no network.

Public API (other stages code against exactly this)::

    identify(observations)            -> Identity        # all observations of one device
    EvidenceLedger()                  -> .makers / .identify: one matching per observation in a live scan
    device_facts(observations, services) -> DeviceFacts  # how it is set up: exposure, cloud, logins ...
    match_fields(fields, port=, protocol=) -> list[Evidence]   # for callers without Observation objects
    resolve(evidence, answered=True)  -> Identity        # evidence -> identity (what identify ends with)
    load_ruleset(paths=None)          -> RuleSet         # tests and `camaudit rules test`
    ruleset()                         -> RuleSet         # the packaged rules, loaded once per process
    packaged_rules()                  -> RuleSet         # the same without the learned maker table
    ruleset_of(rules, learned=None, learned_maker=None, maker_leave_out=) -> RuleSet  # chosen rules (accuracy LOSO)

The packaged rule set is the rules (``knowledge/data/rules``) plus the generalising layers
(``knowledge/data/layers``, see :mod:`camaudit.identify.layers`), compiled into one matcher, and the learned maker
table (:mod:`camaudit.identify.learned.maker`), asked only for a video device that no evidence names a maker of.

Loading the packaged rules is lazy and cached; everything here is safe to call from many threads (the
compiled rule set is immutable; the caches are idempotent).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from threading import get_ident

from camaudit.fields import FIELDS
from camaudit.identify import oui, stock_guesses
from camaudit.identify.alternatives import without_rival_alternatives
from camaudit.identify.cpe_names import with_cpe_names
from camaudit.identify.facts import device_facts
from camaudit.identify.layers import load_layers
from camaudit.identify.learned import video as learned_video
from camaudit.identify.learned.maker import MakerTable, estimate_evidence, packaged_table
from camaudit.identify.matcher import RuleMatcher
from camaudit.identify.refused_paths import with_refused_path
from camaudit.identify.resolve import inside_layout, resolve
from camaudit.identify.resolve_memo import ResolveMemo
from camaudit.identify.rules import Rule, RuleError, load_rules
from camaudit.identify.site_certificates import without_site_names
from camaudit.macaddress import normalise_mac
from camaudit.model import Evidence, Identity, Observation
from camaudit.protocols import soap_envelope

__all__ = [
    "OUI_ALIAS_RULE",
    "EvidenceLedger",
    "LedgerOverlap",
    "Rule",
    "RuleError",
    "RuleSet",
    "device_facts",
    "identify",
    "load_ruleset",
    "match_fields",
    "packaged_rules",
    "resolve",
    "ruleset",
    "ruleset_of",
]

#: Rule id of the built-in evidence "this MAC's registered organisation is vendor X".
OUI_ALIAS_RULE = "oui.registry.vendor"
#: Certainty of that evidence: an OUI names the network card's vendor, not the brand on the box.
OUI_CERTAINTY = 0.45


def _readable(fields: Mapping[str, str]) -> Mapping[str, str]:
    """What the rules read of an observation's fields: a public CA's certificate names and a client's request kept as
    the body left out, the path a refusal page names and a scanner's hardware/OS CPEs as words (cpe_names.py) added
    (``fields`` itself when none applies)."""
    return with_cpe_names(with_refused_path(without_site_names(_without_client_request(fields))))


def _without_client_request(fields: Mapping[str, str]) -> Mapping[str, str]:
    """``fields`` without ``http.body`` when the body is a client's SOAP request (protocols/soap_envelope.py
    ``from_client``: a POST kept with its body, an importer that stored the request as the answer): it says what a
    client asked, and its ONVIF namespaces and ``NetworkVideoTransmitter`` would type the device it was sent to. The
    body stays in the observation.

    The source that kept the body says which it is (``http.body_request``, filled beside every body that holds an
    envelope near its start: the importers from the sniffer's one reading of it, the live HTTP probe and passive
    analysis from the body they decoded), so it is read, not parsed again. Only where no source said (an observation
    built by hand, an observation file written before the field; a value other than ``true``/``false`` says nothing)
    is the body looked at here, as a source would: one ``find`` settles a body with no envelope near its start."""
    body = fields.get("http.body")
    if not body:
        return fields
    said = fields.get(soap_envelope.BODY_REQUEST)
    if said not in ("true", "false"):
        said = soap_envelope.body_request(body)
    if said != "true":
        return fields
    return {name: value for name, value in fields.items() if name != "http.body"}


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A compiled, validated rule set. Immutable."""

    rules: tuple[Rule, ...]
    matcher: RuleMatcher
    #: The learned video layer (identify/learned/video.py), consulted only where no rule typed the device; ``None``:
    #: rules and layers alone. The packaged rule set has none: measured on 5 December 2026 it gained no held-out camera
    #: and typed 44 of 4,000 synthetic non-camera pages of bench/identify.py video (docs/identification/learned.md,
    #: "Measured, and why it is off"); bench/accuracy.py --learned measures it.
    learned: learned_video.VideoLayer | None = None
    #: :func:`resolve` with a bounded memory: census data repeats the same evidence endlessly.
    resolved: ResolveMemo = field(default_factory=ResolveMemo, compare=False, repr=False)
    #: The learned maker table (:mod:`camaudit.identify.learned.maker`), asked only for a video device no evidence
    #: names a maker of; ``None``: rules only (a rule set under test).
    learned_maker: MakerTable | None = field(default=None, compare=False, repr=False)
    #: Source keys the learned maker table leaves out (leave-one-source-out measurement in bench/accuracy.py).
    maker_leave_out: frozenset[str] = frozenset()

    def match_fields(
        self, fields: Mapping[str, str], *, port: int | None = None, protocol: str | None = None
    ) -> list[Evidence]:
        """Evidence from ``fields``; a ``mac`` field also yields the derived ``mac.oui`` evidence."""
        found = self._matched(fields, port, protocol)
        mac = fields.get("mac")
        if mac and "mac.oui" not in fields:
            found.extend(self.mac_evidence(mac))
        return found

    def mac_evidence(self, mac: str) -> list[Evidence]:
        """Evidence from the organisation registered for ``mac``: rules on ``mac.oui`` plus the alias map."""
        entry = oui.lookup(mac)
        if entry is None:
            return []
        matched = self.matcher.match({"mac.oui": entry.organisation}, protocol="mac")
        found = [oui.beside_video_if_relabelled(e) for e in matched]
        if entry.vendor is not None and not any(e.asserts for e in found):
            found.append(oui.alias_evidence(entry, OUI_ALIAS_RULE, OUI_CERTAINTY))
        return found

    def match(self, obs: Observation) -> list[Evidence]:
        """The rules' evidence from one observation (without the derived ``mac.oui`` evidence)."""
        return self._matched(obs.fields, obs.port, obs.protocol)

    def _matched(self, fields: Mapping[str, str], port: int | None, protocol: str | None) -> list[Evidence]:
        """The matcher's evidence from what the rules read of ``fields``, a scanner's "A or B" settled."""
        readable = _readable(fields)
        return without_rival_alternatives(readable, self.matcher.match(readable, port=port, protocol=protocol))

    def identify(
        self, observations: Iterable[Observation], evidence_of: Callable[[Observation], list[Evidence]] | None = None
    ) -> Identity:
        """See :func:`identify`; ``evidence_of`` supplies each observation's evidence when it was matched before."""
        match = evidence_of or self.match
        evidence: list[Evidence] = []
        # A MAC the device reports (None) or the evidence that captured it from inside some text.
        macs: dict[str, Evidence | None] = {}
        answered = False
        guessed: list[stock_guesses.Found] = []
        if self.learned is not None or self.learned_maker is not None:
            observations = list(observations)  # read twice: by the rules, then by the learned layers
        for obs in observations:
            answered = True
            fields = obs.fields
            # normalise_mac of a missing MAC is None: most observations have none, and skip the call.
            reported = fields.get("mac")
            if reported:
                reported = normalise_mac(reported)
                if reported:
                    macs[reported] = None
            evidence.extend(match(obs))
            if "import.product" in fields:
                guessed.extend(stock_guesses.found_in(fields))
        if guessed:  # a scanner's device named from a stock reply (stock_guesses.py)
            evidence = stock_guesses.without_guesses(evidence, guessed)
        for ev in evidence:
            captured = ev.asserts.get("mac")
            if captured:
                captured = normalise_mac(captured)
                if captured:
                    macs.setdefault(captured, ev)
        if not macs:  # nearly every record of a scan file: nothing to look up in the MAC registry
            return self._learned(
                self._estimated(self.resolved(evidence, answered=answered), evidence, observations), observations
            )
        seen_orgs: set[str] = set()
        found = tuple(evidence)
        for mac, host in macs.items():
            entry = oui.lookup(mac)
            # Two MACs of one device (two NICs) in the same block are one source, not two.
            if entry is not None and entry.prefix not in seen_orgs:
                seen_orgs.add(entry.prefix)
                derived = self.mac_evidence(mac)
                evidence.extend(derived if host is None else inside_layout(derived, host, found))
        return self._learned(
            self._estimated(self.resolved(evidence, answered=answered), evidence, observations), observations
        )

    def _estimated(self, identity: Identity, evidence: list[Evidence], seen: Iterable[Observation]) -> Identity:
        """``identity`` with the learned maker estimate added: only for a device the rules type a video device (the
        learned video layer runs after it: two learned estimates do not stack) and whose evidence names no maker at all
        (a rule naming any maker, even one the resolver set aside, keeps the estimate out), and only as weak evidence
        that waits for video evidence, so it never reaches the firm band."""
        if self.learned_maker is None or identity.manufacturer or identity.brand or not identity.is_video_device:
            return identity
        if any(e.asserts.get("manufacturer") or e.asserts.get("brand") for e in evidence):
            return identity
        estimate = self.learned_maker.estimate_replies((obs.fields for obs in seen), leave_out=self.maker_leave_out)
        if estimate is None:
            return identity
        return self.resolved([*evidence, estimate_evidence(estimate)], answered=True)

    def _learned(self, identity: Identity, observations: Iterable[Observation]) -> Identity:
        """``identity``, typed by the learned layer when no rule typed it (learned/video.py ``VideoLayer.apply``)."""
        if self.learned is None:
            return identity
        return self.learned.apply(identity, tuple(observations))


class LedgerOverlap(RuntimeError):
    """Two threads matched one observation at once: the caller broke :class:`EvidenceLedger`'s contract."""


class EvidenceLedger:
    """Each observation's evidence, matched once and kept while its host is being scanned.

    A live scan asks twice who a host is: between the probe rounds (to choose maker-specific probes) and
    when its device is built. The ledger makes both answers come from one matching of each observation:
    :meth:`makers` is the scan's maker hint, :meth:`identify` the final identity, and :meth:`forget`
    drops a host's entries once its device is built.

    Threads: a live scan calls it from several at once -- each host's hint in a worker thread, the devices in
    one thread of their own, :meth:`prepare` in another (``scan/off_loop.py``, ``audit.py``). That is safe
    for *different* observations: a call reads and writes only the entries of the observations it is given,
    each a single dict operation, and the rule set it matches with is itself safe to share. It holds no lock
    (one around the matching would queue the hint threads' Hyperscan scans, which run in parallel with the GIL
    released). The contract is the caller's: **no two threads ask about the same observation at the same
    time**. A live scan keeps it by its order -- a host's observations belong to its probe task, its hint
    runs one at a time (``HostHint``), and the host is handed on to have its device built only after its hint
    has settled (``HostHint.settled``). Broken, an observation would be matched twice (the same evidence, the
    work done twice): the second thread raises :class:`LedgerOverlap` instead, so a test that scans finds it.
    The check costs two dict operations per observation on first sight, none on the kept path.
    """

    def __init__(self, rules: RuleSet | None = None) -> None:
        self._rules = rules if rules is not None else ruleset()
        # Keyed by id(); the observation itself is kept too, so its id cannot be reused while it is here.
        self._kept: dict[int, tuple[Observation, list[Evidence]]] = {}
        #: id() of each observation being matched -> the matching thread (the contract's check).
        self._matching: dict[int, int] = {}

    def evidence(self, obs: Observation) -> list[Evidence]:
        """The evidence of ``obs``, matched on first sight."""
        key = id(obs)
        kept = self._kept.get(key)
        if kept is None or kept[0] is not obs:
            me = get_ident()
            # setdefault is one atomic operation: of two threads arriving together, one finds the other's mark.
            if self._matching.setdefault(key, me) != me:
                raise LedgerOverlap(
                    "an observation was matched by two threads at once: a host's device was built while its "
                    "maker hint still ran (EvidenceLedger's contract)"
                )
            try:
                kept = self._kept[key] = (obs, self._rules.match(obs))
            finally:
                del self._matching[key]
        return kept[1]

    def makers(self, observations: Sequence[Observation]) -> frozenset[str]:
        """The manufacturer and brand (vendor ids) the observations so far point at: the scan's maker hint."""
        seen = self.identify(observations)
        return frozenset(m for m in (seen.manufacturer, seen.brand) if m)

    def identify(self, observations: Iterable[Observation]) -> Identity:
        """The identity of one device, from the evidence kept for its observations."""
        return self._rules.identify(observations, evidence_of=self.evidence)

    def prepare(self) -> None:
        """Compile the rule databases of every registered field now, rather than on each field's first sight.

        A scan calls it in a thread while it sweeps: otherwise the first hosts' maker hints all wait for
        the compilation (seconds on a loaded machine), and their probes for the hints.
        """
        # A family ("upnp.") is compiled by any member of it.
        self._rules.match_fields({f.name + ("x" if f.name.endswith(".") else ""): "x" for f in FIELDS})

    def forget(self, observations: Iterable[Observation]) -> None:
        """Drop what is kept for ``observations`` (their device is built)."""
        for obs in observations:
            self._kept.pop(id(obs), None)

    def __len__(self) -> int:
        return len(self._kept)


def load_ruleset(paths: Iterable[Path] | None = None, *, layers: Iterable[Path] | None = None) -> RuleSet:
    """Load, validate and compile the rules under ``paths`` (default: the packaged rules) and the layers
    under ``layers`` (default: the packaged layers when ``paths`` is the default, else none)."""
    rules = load_rules(paths)
    if layers is not None or paths is None:
        rules += load_layers(layers)
    return ruleset_of(rules)


def ruleset_of(
    rules: Iterable[Rule],
    learned: learned_video.VideoLayer | None = None,
    *,
    learned_maker: MakerTable | None = None,
    maker_leave_out: frozenset[str] = frozenset(),
) -> RuleSet:
    """A rule set compiled from ``rules`` as given (e.g. the packaged ones minus those of one source), with the learned
    video layer ``learned`` (none by default; ``learned_video.packaged()`` is the packaged table's) and the learned
    maker table ``learned_maker`` (none by default) leaving out the source keys ``maker_leave_out``."""
    chosen = tuple(rules)
    return RuleSet(
        rules=chosen,
        matcher=RuleMatcher(chosen, background_unicode=True),
        learned=learned,
        learned_maker=learned_maker,
        maker_leave_out=maker_leave_out,
    )


@cache
def packaged_rules() -> RuleSet:
    """The packaged rules and layers without the learned maker table (what that table is trained beside), loaded on
    first use and shared by the whole process.

    Read back from the on-disk cache when the packaged files are unchanged since the last start
    (:mod:`camaudit.identify.ruleset_cache`), else loaded from them and cached."""
    from camaudit.identify import ruleset_cache

    rules = ruleset_cache.cached_rules(
        lambda: load_rules() + load_layers(), ruleset_cache.package_inputs(), ruleset_cache.PACKAGE_DIR
    )
    return ruleset_of(rules)


@cache
def ruleset() -> RuleSet:
    """The packaged rule set with the learned maker table, shared by the whole process (:func:`packaged_rules`)."""
    return replace(packaged_rules(), learned_maker=packaged_table())


def match_fields(fields: Mapping[str, str], *, port: int | None = None, protocol: str | None = None) -> list[Evidence]:
    """Evidence from one set of observed fields, using the packaged rules (census speed path)."""
    return ruleset().match_fields(fields, port=port, protocol=protocol)


def identify(observations: Iterable[Observation]) -> Identity:
    """The identity of one device from all its observations, using the packaged rules.

    Pure: reads only the packaged knowledge (once per process) and never touches the network.
    """
    return ruleset().identify(observations)
