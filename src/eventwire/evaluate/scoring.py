"""Score coded events against gold events, sentence by sentence.

An event matches a gold event of the same sentence when the root code and the source and
target country slots agree (one to one; at the full-code level the whole code must agree).
A coded event is *fully correct* when it matches and its modality and negation are right
too. Every coded event that is not fully correct gets the kinds of error it shows, judged
against the gold event it is about (the one whose evidence words it shares, else the one of
its root code); a coded event about no gold event is "not an event", and one that repeats
an event already matched is a "duplicate".
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from eventwire.evaluate.gold import GoldEvent, country_slot

ERROR_KINDS = (
    "not an event",
    "missing actor",
    "wrong source",
    "wrong target",
    "wrong code",
    "wrong modality",
    "duplicate",
)

Events = dict[str, list[GoldEvent]]


@dataclass
class Counts:
    """True positives, coded and gold events: enough for precision, recall and F1."""

    matched: int = 0
    coded: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.coded if self.coded else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class WrongCase:
    """A coded event that is not fully correct, or a gold event nobody coded."""

    sid: str
    coded: GoldEvent | None
    gold: GoldEvent | None
    errors: list[str]


@dataclass
class Score:
    root: Counts = field(default_factory=Counts)
    full: Counts = field(default_factory=Counts)
    fully_correct: int = 0
    families: dict[str, Counts] = field(default_factory=dict)
    errors: Counter[str] = field(default_factory=Counter)
    missed: int = 0
    cases: list[WrongCase] = field(default_factory=list)

    @property
    def fully_correct_share(self) -> float:
        return self.fully_correct / self.root.coded if self.root.coded else 0.0


def _root_key(event: GoldEvent) -> tuple[str, str | None, str | None]:
    return (event.root, country_slot(event.source), country_slot(event.target))


def _full_key(event: GoldEvent) -> tuple[str, str | None, str | None]:
    return (event.code, country_slot(event.source), country_slot(event.target))


def _same_modality(a: GoldEvent, b: GoldEvent) -> bool:
    return a.modality == b.modality and a.negated == b.negated


def match(
    coded: list[GoldEvent],
    gold: list[GoldEvent],
    key: Callable[[GoldEvent], tuple[str, str | None, str | None]],
) -> dict[int, int]:
    """One-to-one matches (coded index -> gold index) of equal keys; among equal keys a
    gold event of the same modality is taken first."""
    pairs: dict[int, int] = {}
    free = set(range(len(gold)))
    for prefer_modality in (True, False):
        for i, event in enumerate(coded):
            if i in pairs:
                continue
            for j in sorted(free):
                if key(gold[j]) == key(event) and (
                    not prefer_modality or _same_modality(gold[j], event)
                ):
                    pairs[i] = j
                    free.discard(j)
                    break
    return pairs


def _words(text: str) -> set[str]:
    return {w.strip(".,;:'\"()").lower() for w in text.split()} - {""}


def about(event: GoldEvent, gold: list[GoldEvent]) -> GoldEvent | None:
    """The gold event a coded event is about: shared evidence words, else the same root."""
    words = _words(event.evidence)
    for candidate in gold:
        if words & _words(candidate.evidence):
            return candidate
    for candidate in gold:
        if candidate.root == event.root:
            return candidate
    return None


def error_kinds(event: GoldEvent, gold: GoldEvent | None) -> list[str]:
    """What is wrong with a coded event, judged against the gold event it is about."""
    if gold is None:
        return ["not an event"]
    errors = []
    if event.root != gold.root:
        errors.append("wrong code")
    if (event.source is None and gold.source is not None) or (
        event.target is None and gold.target is not None
    ):
        errors.append("missing actor")
    if event.source is not None and country_slot(event.source) != country_slot(gold.source):
        errors.append("wrong source")
    if event.target is not None and country_slot(event.target) != country_slot(gold.target):
        errors.append("wrong target")
    if not _same_modality(event, gold):
        errors.append("wrong modality")
    return errors


def score(coded: Events, gold: Events) -> Score:
    """Score coded events of the gold sentences (sentences not in `gold` are ignored)."""
    result = Score()
    for sid, gold_events in gold.items():
        events = coded.get(sid, [])
        root_pairs = match(events, gold_events, _root_key)
        full_pairs = match(events, gold_events, _full_key)
        for counts, pairs in ((result.root, root_pairs), (result.full, full_pairs)):
            counts.matched += len(pairs)
            counts.coded += len(events)
            counts.gold += len(gold_events)
        for event in events:
            result.families.setdefault(event.root, Counts()).coded += 1
        for g in gold_events:
            result.families.setdefault(g.root, Counts()).gold += 1
        for j in root_pairs.values():
            result.families[gold_events[j].root].matched += 1
        for i, event in enumerate(events):
            j = root_pairs.get(i)
            if j is not None and _same_modality(event, gold_events[j]):
                result.fully_correct += 1
                continue
            target = gold_events[j] if j is not None else about(event, gold_events)
            kinds = error_kinds(event, target) or ["duplicate"]
            result.errors.update(kinds)
            result.cases.append(WrongCase(sid, event, target, kinds))
        found = set(root_pairs.values())
        for j, g in enumerate(gold_events):
            if j not in found:
                result.missed += 1
                result.cases.append(WrongCase(sid, None, g, ["missed"]))
    return result
