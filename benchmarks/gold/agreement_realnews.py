"""Agreement between the two blind annotators of the real-news gold set, before settling.

Sentence level: whether a sentence reports any event (observed agreement and Cohen's kappa).
Event level: B's events scored against A's with the evaluator's own matching (root code and
source and target countries; F1 is symmetric). Field level: A's and B's events paired within
a sentence (shared evidence words, else the same root code, one to one), then the share of
pairs that agree on each field.

    python benchmarks/gold/agreement_realnews.py [--a FILE] [--b FILE]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from eventwire.evaluate import GoldEvent, country_slot, read_gold, score
from eventwire.evaluate.scoring import about

HERE = Path(__file__).resolve().parent / "realnews-annotations"

FIELDS = {
    "root": lambda e: e.root,
    "code": lambda e: e.code,
    "source_country": lambda e: country_slot(e.source),
    "source_code": lambda e: e.source,
    "target_country": lambda e: country_slot(e.target),
    "target_code": lambda e: e.target,
    "modality": lambda e: e.modality,
    "negated": lambda e: e.negated,
}


def kappa(pairs: list[tuple[bool, bool]]) -> tuple[float, float]:
    """Observed agreement and Cohen's kappa of two yes/no labellings."""
    n = len(pairs)
    observed = sum(a == b for a, b in pairs) / n
    a_yes = sum(a for a, _ in pairs) / n
    b_yes = sum(b for _, b in pairs) / n
    expected = a_yes * b_yes + (1 - a_yes) * (1 - b_yes)
    return observed, (observed - expected) / (1 - expected) if expected < 1 else 1.0


def paired(a: list[GoldEvent], b: list[GoldEvent]) -> list[tuple[GoldEvent, GoldEvent]]:
    pairs = []
    free = list(b)
    for event in a:
        other = about(event, free)
        if other is not None:
            free.remove(other)
            pairs.append((event, other))
    return pairs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--a", default=str(HERE / "annotator-A.jsonl"))
    parser.add_argument("--b", default=str(HERE / "annotator-B.jsonl"))
    args = parser.parse_args()
    a, b = read_gold(args.a), read_gold(args.b)
    if set(a) != set(b):
        raise SystemExit(f"the two files cover different sentences ({len(a)} and {len(b)})")
    observed, k = kappa([(bool(a[s]), bool(b[s])) for s in a])
    with_events = sum(bool(a[s]) or bool(b[s]) for s in a)
    print(
        f"sentences={len(a)} with_events_A={sum(bool(v) for v in a.values())} "
        f"with_events_B={sum(bool(v) for v in b.values())} either={with_events}"
    )
    print(
        f"events_A={sum(map(len, a.values()))} events_B={sum(map(len, b.values()))} "
        f"has_event_agreement={observed:.3f} has_event_kappa={k:.3f}"
    )
    root, full = score(b, a).root, score(b, a).full
    print(f"event_f1_root={root.f1:.3f} event_f1_full_code={full.f1:.3f}")
    pairs = [p for s in a for p in paired(a[s], b[s])]
    print(f"paired_events={len(pairs)}")
    for name, value in FIELDS.items():
        agree = sum(value(x) == value(y) for x, y in pairs) / max(len(pairs), 1)
        print(f"field={name} agreement={agree:.3f}")


if __name__ == "__main__":
    main()
