"""Events on real news: eventwire's whole pipeline scored against the blind real-news gold set.

The drawn articles (benchmarks/gold/realnews-sentences.jsonl) are read from ../shared's
corpus with eventwire's reader and run through the whole pipeline; the events whose trigger
lies in a gold sentence are scored against that sentence's settled gold events
(benchmarks/gold/realnews-events.jsonl) with `eventwire.evaluate.score`: an event matches
when the sentence, the root code and the source and target countries agree.

Rows: `eventwire` (built-in data, the default coder), `eventwire-<other coder>` (the same
data, the other coder: `learned` and `rules` side by side), and a user's alternative,
PETRARCH-2's published dictionaries added inside eventwire (`--actors` the Phoenix actor and
agent files, `--verbs` CAMEO.2.0.txt), as `eventwire extract` would run them.

The test split is for reporting; choose rules on dev only.

With `--learn-from DB` (a store that ingested the corpus), an extra row codes full names
as that store's other articles coded them (`eventwire ingest`'s learned names).

    python benchmarks/eval_realnews.py [--split dev|test|all] [--show N] [--no-petrarch]
                                       [--learn-from DB] [--coder learned|rules] [--only]
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language

from _shared import shared_path
from eventwire.actors import ActorCoder, load_lexicon
from eventwire.actors.learned import learned_from_store
from eventwire.annotate import AnnotatedDocument, annotate, load_nlp
from eventwire.annotate.document import BODY
from eventwire.evaluate import ERROR_KINDS, GoldEvent, Score, read_gold, score
from eventwire.events import Event, EventCoder, load_verb_dictionaries
from eventwire.events.choice import CODERS, DEFAULT_CODER, make_event_coder
from eventwire.pipeline import Extractor
from eventwire.where import Gazetteer
from realnews_corpus import corpus_lines, read_corpus_articles

GOLD_DIR = Path(__file__).resolve().parent / "gold"
PETRARCH = ("data", "events", "petrarch2-dictionaries")
PHOENIX_ACTORS = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
    "Phoenix.agents.txt",
)


def load_sentences(split: str) -> list[dict]:
    rows = [
        json.loads(line)
        for line in (GOLD_DIR / "realnews-sentences.jsonl").read_text("utf-8").splitlines()
        if line.strip()
    ]
    return [r for r in rows if split == "all" or r["split"] == split]


def locate(sentences: list[dict], texts: dict[str, str]) -> None:
    """Check each sentence is still at its offsets in the reader's text; if the reader
    has changed, find it again, or stop naming the sentence that cannot be found."""
    for row in sentences:
        text = texts[row["article"]]
        if text[row["start"] : row["end"]] == row["text"]:
            continue
        at = text.find(row["text"])
        if at < 0:
            raise SystemExit(f"gold sentence {row['sid']} is no longer in the article's text")
        row["start"], row["end"] = at, at + len(row["text"])


def gold_documents(
    split: str, nlp: Language
) -> tuple[list[dict], dict[str, list[GoldEvent]], dict[str, AnnotatedDocument]]:
    """The split's gold sentences, their gold events, and their articles read from
    ../shared's corpus and annotated, by article id."""
    sentences = load_sentences(split)
    gold_all = read_gold(GOLD_DIR / "realnews-events.jsonl")
    gold = {row["sid"]: gold_all[row["sid"]] for row in sentences}
    lines = corpus_lines()
    line_numbers = sorted({row["corpus_line"] for row in sentences})
    articles = read_corpus_articles(lines[n] for n in line_numbers)
    ids = [str(json.loads(lines[n])["ID"]) for n in line_numbers]
    locate(sentences, {i: a.text for i, a in zip(ids, articles, strict=True)})
    documents = dict(zip(ids, annotate(articles, nlp), strict=True))
    return sentences, gold, documents


def trigger_offset(event: Event, document: AnnotatedDocument) -> int:
    segment = document.segment(BODY)
    if event.trigger_index is not None and segment is not None:
        return segment.doc[event.trigger_index].idx
    return event.start


def coded_events(
    extractor: Extractor, documents: dict[str, AnnotatedDocument], sentences: list[dict]
) -> dict[str, list[GoldEvent]]:
    """Each gold sentence's coded events, in the gold record's terms."""
    by_article: dict[str, list[dict]] = {}
    for row in sentences:
        by_article.setdefault(row["article"], []).append(row)
    coded: dict[str, list[GoldEvent]] = {row["sid"]: [] for row in sentences}
    for corpus_id, rows in by_article.items():
        document = documents[corpus_id]
        for event in extractor.extract(document).events:
            if event.field != BODY:
                continue
            at = trigger_offset(event, document)
            for row in rows:
                if row["start"] <= at < row["end"]:
                    coded[row["sid"]].append(
                        GoldEvent(
                            code=event.cameo,
                            source=event.source.code if event.source else None,
                            target=event.target.code if event.target else None,
                            modality=event.modality,
                            negated=event.negated,
                            evidence=event.trigger,
                        )
                    )
    return coded


def score_line(name: str, result: Score) -> str:
    """One row of figures, as every event evaluation prints it."""
    root, full = result.root, result.full
    return (
        f"row={name} coded={root.coded} gold={root.gold} "
        f"root_p={root.precision:.3f} root_r={root.recall:.3f} root_f1={root.f1:.3f} "
        f"full_p={full.precision:.3f} full_r={full.recall:.3f} full_f1={full.f1:.3f} "
        f"fully_correct={result.fully_correct_share:.3f}"
    )


def print_score(name: str, result: Score) -> None:
    print(score_line(name, result))


def print_details(result: Score) -> None:
    errors = " ".join(
        f"{kind.replace(' ', '_')}={result.errors.get(kind, 0)}" for kind in ERROR_KINDS
    )
    print(f"errors: {errors} missed={result.missed}")
    print("family  gold coded match    p     r     f1")
    for family, counts in sorted(result.families.items()):
        print(
            f"  {family}  {counts.gold:5d} {counts.coded:5d} {counts.matched:5d}"
            f"  {counts.precision:.2f}  {counts.recall:.2f}  {counts.f1:.2f}"
        )


def show(result: Score, sentences: Iterable[dict], count: int) -> None:
    texts = {row["sid"]: row["text"] for row in sentences}
    cases = list(result.cases)
    random.Random(0).shuffle(cases)
    for case in cases[:count]:
        print(f"\n[{', '.join(case.errors)}] {case.sid}\n  {texts[case.sid]}")
        if case.coded:
            print(f"  coded: {_brief(case.coded)}")
        print(f"  gold:  {_brief(case.gold) if case.gold else '-'}")


def _brief(event: GoldEvent) -> str:
    negated = " negated" if event.negated else ""
    return (
        f"{event.code} {event.source or '-'} -> {event.target or '-'} "
        f"{event.modality}{negated} '{event.evidence}'"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--show", type=int, default=0, help="print N wrong cases")
    parser.add_argument("--no-petrarch", action="store_true", help="skip the PETRARCH-2 row")
    parser.add_argument("--learn-from", type=Path, help="a store to learn names from")
    parser.add_argument(
        "--coder", choices=CODERS, default=DEFAULT_CODER, help="the coder of the detailed row"
    )
    parser.add_argument("--only", action="store_true", help="no row for the other coder")
    args = parser.parse_args()
    started = time.perf_counter()
    nlp = load_nlp()
    sentences, gold, documents = gold_documents(args.split, nlp)
    gazetteer = Gazetteer()
    print(
        f"split={args.split} articles={len(documents)} sentences={len(sentences)} "
        f"with_events={sum(bool(v) for v in gold.values())} "
        f"gold_events={sum(map(len, gold.values()))}"
    )
    result = score(
        coded_events(
            Extractor(nlp=nlp, gazetteer=gazetteer, event_coder=make_event_coder(args.coder)),
            documents,
            sentences,
        ),
        gold,
    )
    print_score("eventwire" if args.coder == DEFAULT_CODER else f"eventwire-{args.coder}", result)
    print_details(result)
    for other in CODERS:
        if other == args.coder or args.only:
            continue
        extractor = Extractor(nlp=nlp, gazetteer=gazetteer, event_coder=make_event_coder(other))
        name = "eventwire" if other == DEFAULT_CODER else f"eventwire-{other}"
        print_score(name, score(coded_events(extractor, documents, sentences), gold))
    if args.learn_from:
        with sqlite3.connect(f"file:{args.learn_from}?mode=ro", uri=True) as connection:
            learned = learned_from_store(connection)
        learning = Extractor(nlp=nlp, gazetteer=gazetteer, actor_coder=ActorCoder(learned=learned))
        print_score(
            f"eventwire+learned-names({len(learned)})",
            score(coded_events(learning, documents, sentences), gold),
        )
    if not args.no_petrarch:
        folder = shared_path(*PETRARCH)
        petrarch = Extractor(
            nlp=nlp,
            gazetteer=gazetteer,
            actor_coder=ActorCoder(load_lexicon([folder / name for name in PHOENIX_ACTORS])),
            event_coder=EventCoder(load_verb_dictionaries([folder / "CAMEO.2.0.txt"])),
        )
        print_score(
            "eventwire+petrarch2-dictionaries",
            score(coded_events(petrarch, documents, sentences), gold),
        )
    print(f"seconds={time.perf_counter() - started:.0f}")
    if args.show:
        show(result, sentences, args.show)


if __name__ == "__main__":
    main()
