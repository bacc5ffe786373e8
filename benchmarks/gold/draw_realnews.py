"""Draw the real-news gold sentences at random from the corpus (run once, then annotate).

Articles are drawn uniformly from ../shared's corpus with a fixed seed; each article is read
with eventwire's reader (the clean body the pipeline codes) and split into sentences by the
spaCy model eventwire uses; up to PER_ARTICLE of its body sentences are then drawn, again at
random. Nothing of eventwire's actor or event coding runs here. Articles are assigned to the
dev (60%) or test (40%) split by the same seeded generator.

    python benchmarks/gold/draw_realnews.py [--out benchmarks/gold/realnews-sentences.jsonl]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from eventwire.annotate import load_nlp
from realnews_corpus import corpus_id, corpus_lines, read_corpus_articles

SEED = 20261130
ARTICLES = 160
PER_ARTICLE = 3
DEV_SHARE = 0.6
MIN_WORDS = 4  # a candidate sentence has at least this many alphabetic tokens


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(Path(__file__).with_name("realnews-sentences.jsonl")))
    args = parser.parse_args()
    rng = random.Random(SEED)
    lines = corpus_lines()
    picked = sorted(rng.sample(range(len(lines)), ARTICLES))
    articles = read_corpus_articles(lines[i] for i in picked)
    order = list(range(ARTICLES))
    rng.shuffle(order)
    dev = set(order[: round(ARTICLES * DEV_SHARE)])
    nlp = load_nlp()
    rows = []
    for index, (line_no, article) in enumerate(zip(picked, articles, strict=True)):
        doc = nlp(article.text)
        candidates = [s for s in doc.sents if sum(t.is_alpha for t in s) >= MIN_WORDS]
        chosen = sorted(
            rng.sample(candidates, min(PER_ARTICLE, len(candidates))), key=lambda s: s.start
        )
        record = json.loads(lines[line_no])
        for sentence in chosen:
            start, end = sentence.start_char, sentence.end_char
            text = article.text[start:end].rstrip()
            rows.append(
                {
                    "sid": f"{corpus_id(lines[line_no])}:{start}",
                    "article": corpus_id(lines[line_no]),
                    "corpus_line": line_no,
                    "source": record.get("source"),
                    "published": record.get("date") or None,
                    "split": "dev" if index in dev else "test",
                    "start": start,
                    "end": start + len(text),
                    "text": text,
                }
            )
    with open(args.out, "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    splits = {s: sum(r["split"] == s for r in rows) for s in ("dev", "test")}
    print(
        f"seed={SEED} articles={ARTICLES} sentences={len(rows)} "
        f"dev={splits['dev']} test={splits['test']}"
    )


if __name__ == "__main__":
    main()
