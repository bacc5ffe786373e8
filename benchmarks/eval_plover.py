"""PLOVER event types on the PLOVER gold-standard records (322 sentences), with
eventwire's own dictionaries.

For each sentence the predicted type is that of the first coded event carrying a PLOVER
type (statements, CAMEO 01x, have none). The gold records predate PLOVER draft 0.8, so
four labels are read as their 2021 names: DEMAND -> REQUEST, FIGHT -> ASSAULT,
DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE (mode investigate).

Source and target accuracy: share of gold source (target) actors, by country code, found
among the predicted event's source (target) codes.

    python benchmarks/eval_plover.py [--confusions]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter

from _shared import shared_path
from eventwire.pipeline import Extractor
from eventwire.read.article import Article

RENAMED = {
    "DEMAND": "REQUEST",
    "FIGHT": "ASSAULT",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
}


def macro_f1(pairs: list[tuple[str, str]]) -> float:
    labels = {gold for gold, _ in pairs}
    scores = []
    for label in labels:
        tp = sum(1 for g, p in pairs if g == label and p == label)
        fp = sum(1 for g, p in pairs if g != label and p == label)
        fn = sum(1 for g, p in pairs if g == label and p != label)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        scores.append(2 * precision * recall / (precision + recall) if precision + recall else 0.0)
    return sum(scores) / len(scores)


def _countries(actors: object) -> list[str]:
    if not isinstance(actors, list):
        return []
    return [a["code"][:3] for a in actors if isinstance(a, dict) and a.get("code")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--confusions", action="store_true")
    args = parser.parse_args()
    path = shared_path("data", "events", "plover-gsr", "PLOVER_GSR_CAMEO.json")
    records = [r for r in json.loads(path.read_text("utf-8")) if r.get("event") != "DOCUMENT"]
    articles = [Article(text=r["text"]) for r in records]
    pairs: list[tuple[str, str]] = []
    source_hits = source_total = target_hits = target_total = 0
    for record, extraction in zip(records, Extractor().run(articles), strict=True):
        events = extraction.events
        gold = RENAMED.get(record["event"], record["event"])
        typed = [e for e in events if e.plover and e.plover.get("type")]
        predicted = typed[0] if typed else None
        pairs.append((gold, predicted.plover["type"] if predicted else "NONE"))
        same = [e for e in typed if predicted and e.cameo == predicted.cameo]
        sources = {e.source.country for e in same if e.source}
        targets = {e.target.country for e in same if e.target}
        for country in _countries(record.get("source")):
            source_total += 1
            source_hits += country in sources
        for country in _countries(record.get("target")):
            target_total += 1
            target_hits += country in targets
    accuracy = sum(g == p for g, p in pairs) / len(pairs)
    print(
        f"records={len(pairs)} event_type_accuracy={accuracy:.3f} macro_f1={macro_f1(pairs):.3f} "
        f"source_accuracy={source_hits / max(source_total, 1):.3f} "
        f"target_accuracy={target_hits / max(target_total, 1):.3f} "
        f"no_event={sum(p == 'NONE' for _, p in pairs)}"
    )
    if args.confusions:
        for (gold, predicted), count in Counter(pairs).most_common(25):
            print(f"  {gold:<12} -> {predicted:<12} {count}")


if __name__ == "__main__":
    main()
