"""Event coding on the PETRARCH validation suite, from raw text, with its own dictionaries.

Records: the UniversalPetrarch revision of PETR.UnitTest.records (expectations revised
for the PETRARCH-2-format verb dictionary), keeping the records whose text is unchanged
from the original suite. Sentences are parsed by eventwire, never from the gold parses.
Dictionaries: PETR.Validate.actors.txt, PETR.Validate.agents.txt and
PETR.Validate.verbs.2.0.txt, replacing eventwire's own.

Scores: per record, exact match of the set of (source, target, event) triples
("noevents" and error records are right when nothing is coded); per triple, precision,
recall and F1. An event with no target is the triple (source, "---", code).

Both coders are scored: the rule coder with the suite's verb dictionary, and the learned coder
with the rule coder (on that dictionary) as its feature. The first row is the default coder's.

    python benchmarks/eval_events.py [--show N]
"""

from __future__ import annotations

import argparse

from _shared import shared_path
from eventwire.actors import ActorCoder, load_lexicon
from eventwire.annotate import annotate
from eventwire.events import EventCoder, load_verb_dictionaries
from eventwire.events.choice import CODERS, DEFAULT_CODER
from eventwire.events.learned import LearnedCoder
from eventwire.read.article import Article
from petrarch_records import read_records


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, metavar="N", help="show N wrong records")
    args = parser.parse_args()

    events_dir = shared_path("data", "events")
    original = {
        r.id: r.text
        for r in read_records(events_dir / "petrarch2-validation" / "PETR.UnitTest.records.xml")
    }
    revised = read_records(
        events_dir / "universalpetrarch-validation" / "PETR.UnitTest.records.udpipe_2.0.xml"
    )
    records = [r for r in revised if original.get(r.id) == r.text]
    validation = events_dir / "petrarch2-validation"
    lexicon = load_lexicon(
        [validation / "PETR.Validate.actors.txt", validation / "PETR.Validate.agents.txt"],
        builtin=False,
    )
    verbs = load_verb_dictionaries(
        [events_dir / "universalpetrarch-validation" / "PETR.Validate.verbs.2.0.txt"], builtin=False
    )
    actor_coder = ActorCoder(lexicon)
    rules = {dyad: EventCoder(verbs, nouns={}, require_dyad=dyad) for dyad in (True, False)}
    coders = {
        "rules": rules,
        "learned": {dyad: LearnedCoder(rule_coder=rule) for dyad, rule in rules.items()},
    }
    articles = [Article(text=r.text, published=r.date) for r in records]
    documents = list(annotate(articles))
    mentions = [actor_coder.code(d, r.date) for d, r in zip(documents, records, strict=True)]
    for name in sorted(CODERS, key=lambda n: n != DEFAULT_CODER):
        wrong = score_coder(name, coders[name], records, documents, mentions)
        if name == DEFAULT_CODER:
            for record, expected, coded in wrong[: args.show]:
                print(f"  {record.id}: expected {sorted(expected)} coded {sorted(coded)}")
                print(f"    {record.text[:150]}")


def score_coder(name, coders, records, documents, mentions) -> list:
    """Print one coder's row; return its wrong records."""
    exact = tp = fp = fn = 0
    wrong = []
    for record, document, found in zip(records, documents, mentions, strict=True):
        coder = coders[record.require_dyad]  # the suite's own <Config require_dyad>
        events = [e for e in coder.code(document, found) if e.field == "text"]
        if record.require_dyad:
            events = [e for e in events if e.source is not None and e.target is not None]
        coded = {
            (
                (e.source.code if e.source else None) or "---",
                (e.target.code if e.target else None) or "---",
                e.cameo,
            )
            for e in events
        }
        expected = set(record.triples)
        if coded == expected:
            exact += 1
        else:
            wrong.append((record, expected, coded))
        tp += len(coded & expected)
        fp += len(coded - expected)
        fn += len(expected - coded)
    precision = tp / max(tp + fp, 1)
    recall = tp / max(tp + fn, 1)
    f1 = 2 * precision * recall / max(precision + recall, 1e-9)
    print(
        f"coder={name} exact={exact / len(records):.3f} ({exact}/{len(records)} records) "
        f"p={precision:.3f} r={recall:.3f} f1={f1:.4f}"
    )
    return wrong


if __name__ == "__main__":
    main()
