"""Geoparsing accuracy on the real-news place gold set (`benchmarks/gold/places/`).

Each drawn article is read from ../shared's corpus and run through eventwire whole, as a
user would run it; only what lies inside the annotated region is scored.

Recognition: eventwire's toponyms of the body against every gold toponym (literal and
metonymic), exact spans and any overlap; then the literal ones against the gold literal
ones. Resolution: acc@161 with gold spans (each gold toponym with a point resolved as
`eval_geo.py` does; one with no place counts as the largest error) and end to end (gold
toponyms eventwire also found). Calibration: a reliability table of `confidence` on the
gold spans.

    python benchmarks/eval_places.py [--split dev|test|all] [--show N]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from tqdm import tqdm

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "gold" / "places"))

sys.path.insert(0, str(HERE))
from regions import drawn  # noqa: E402

from eval_geo import (  # noqa: E402
    Gold,
    _resolve_gold_spans,
    errors_summary,
    prf,
    reliability_lines,
)
from eventwire.actors import ActorCoder  # noqa: E402
from eventwire.annotate import annotate, load_nlp  # noqa: E402
from eventwire.where import Gazetteer, find_toponyms, resolve  # noqa: E402
from eventwire.where.distance import distance_km  # noqa: E402

GOLD = HERE / "gold" / "places" / "gold.jsonl"
READING = {"literal": "Literal", "metonymic": "Metonymic"}


def gold_articles(split: str) -> list[tuple[dict, list[Gold]]]:
    """(reference row, gold toponyms) per drawn article of the split, in draw order."""
    rows = [json.loads(line) for line in GOLD.read_text("utf-8").splitlines() if line]
    by_article: dict[str, list[Gold]] = {}
    for row in rows:
        by_article.setdefault(row["article"], []).append(
            Gold(
                row["start"],
                row["end"],
                row["text"],
                READING[row["reading"]],
                row["lat"],
                row["lon"],
                row["geonameid"],
            )
        )
    return [
        (ref, by_article.get(ref["article"], []))
        for ref in drawn()
        if split == "all" or ref["split"] == split
    ]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--show", type=int, default=0, help="print N errors of each kind")
    args = parser.parse_args()
    if not GOLD.exists():
        sys.exit(f"no gold file at {GOLD}")
    from realnews_corpus import corpus_lines, read_corpus_articles

    chosen = gold_articles(args.split)
    lines = corpus_lines()
    articles = read_corpus_articles(lines[ref["corpus_line"]] for ref, _ in chosen)
    nlp, coder, gazetteer = load_nlp(), ActorCoder(), Gazetteer()
    coder.place_country = gazetteer.country_of
    tally = dict.fromkeys(
        ["gold", "pred", "exact", "overlap", "lit_gold", "lit_pred", "lit_exact"], 0
    )
    gold_spans: list[float] = []
    end_to_end: list[float] = []
    calibration: list[tuple[float, bool]] = []
    shown: list[str] = []
    missed: list[str] = []
    spurious: list[str] = []
    same_id = [0, 0, 0]
    documents = annotate(articles, nlp)
    for (ref, golds), document in tqdm(
        zip(chosen, documents, strict=True), total=len(chosen), file=sys.stderr
    ):
        limit = ref["region_end"]
        mentions = coder.code(document)
        found = find_toponyms(document, gazetteer, mentions)
        resolve(found, gazetteer, mentions)
        body = [m for m in found if m.field == "text" and m.end <= limit]
        spans = {(g.start, g.end) for g in golds}
        tally["gold"] += len(golds)
        tally["pred"] += len(body)
        tally["exact"] += sum((m.start, m.end) in spans for m in body)
        tally["overlap"] += sum(any(_overlaps((m.start, m.end), s) for s in spans) for m in body)
        literal = {(g.start, g.end) for g in golds if g.kind == "Literal"}
        predicted_literal = [m for m in body if m.literal]
        tally["lit_gold"] += len(literal)
        tally["lit_pred"] += len(predicted_literal)
        tally["lit_exact"] += sum((m.start, m.end) in literal for m in predicted_literal)
        text = document.segment("text").text if document.segment("text") else ""
        missed += [
            f"missed {text[g.start : g.end]!r} in {text[max(0, g.start - 40) : g.end + 30]!r}"
            for g in golds
            if not any(_overlaps((m.start, m.end), (g.start, g.end)) for m in body)
        ]
        spurious += [
            f"spurious {m.text!r} ({m.found_by}) in {text[max(0, m.start - 40) : m.end + 30]!r}"
            for m in body
            if not any(_overlaps((m.start, m.end), s) for s in spans)
        ]
        for g in golds:
            if g.lat is None or g.lon is None:
                continue
            hit = next((m for m in body if m.place and (m.start, m.end) == (g.start, g.end)), None)
            if hit is not None and hit.place is not None:
                end_to_end.append(distance_km(hit.place.lat, hit.place.lon, g.lat, g.lon))
        gold_spans.extend(
            _resolve_gold_spans(document, golds, gazetteer, mentions, shown, same_id, calibration)
        )
    print(
        f"place gold set split={args.split} articles={len(chosen)} toponyms={tally['gold']} "
        f"literal={tally['lit_gold']}"
    )
    print(f"recognition exact    {prf(tally['exact'], tally['pred'], tally['gold'])}")
    print(f"recognition overlap  {prf(tally['overlap'], tally['pred'], tally['gold'])}")
    print(
        f"recognition literal exact {prf(tally['lit_exact'], tally['lit_pred'], tally['lit_gold'])}"
    )
    print(f"resolution gold spans  {errors_summary(gold_spans)}")
    print(f"resolution end-to-end  {errors_summary(end_to_end)}")
    print("\n".join(reliability_lines(calibration, "gold spans")))
    for lines_ in (shown, missed, spurious):
        for line in lines_[: args.show]:
            print(line)


if __name__ == "__main__":
    main()
