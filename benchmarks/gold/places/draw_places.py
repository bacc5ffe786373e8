"""Draw the real-news place gold set's articles at random from the corpus (run once, before
annotation).

Articles are drawn uniformly, with a fixed seed, from the corpus articles that neither the
real-news event gold set nor the training corpus has used: the event gold set's 160
articles and all 4,000 articles `training/draw.py` read (whether or not it drew a sentence
from them) are left out, as is any article the training corpus's later draws took. Each
article is read with eventwire's reader, so offsets point into the clean text the pipeline
codes. The annotated region is the start of the body up to a paragraph or sentence end near
REGION_CHARS characters (the whole body when it is shorter): every toponym inside it is
annotated. The same generator splits the articles into dev (60%) and test (40%).

Only references are written (article id, corpus line, region end and the region's SHA-256),
not the articles' text; `show_batch.py` prints a batch's regions for the annotators.

    python benchmarks/gold/places/draw_places.py
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from realnews_corpus import corpus_id, corpus_lines, read_corpus_articles  # noqa: E402

SEED = 20261207
ARTICLES = 160
GROUPS = 8  # annotation groups of 20 articles, each coded by two annotators
DEV_SHARE = 0.6
REGION_CHARS = 2000
MIN_REGION = 200  # a body shorter than this has too little to annotate
TRAINING_SEED = 20261206  # training/draw.py's seed and article count, to rebuild its reading
TRAINING_ARTICLES = 4000
ROOT = HERE.parents[2]


def region_end(text: str) -> int:
    """Where the annotated region ends: the last paragraph break in the window
    [REGION_CHARS * 0.6, REGION_CHARS * 1.1], else the last sentence end there, else the
    body's end when the body fits."""
    if len(text) <= REGION_CHARS * 1.1:
        return len(text.rstrip())
    low, high = int(REGION_CHARS * 0.6), int(REGION_CHARS * 1.1)
    window = text[low:high]
    cut = window.rfind("\n")
    if cut < 0:
        cut = max(window.rfind(". "), window.rfind('." '), window.rfind(".” "))
        cut = cut + 1 if cut >= 0 else -1
    if cut < 0:
        return high
    return len(text[: low + cut].rstrip())


def used_articles(lines: list[str]) -> set[str]:
    """Every article the event gold set or the training corpus has used or read."""
    used = set()
    for path in (
        ROOT / "benchmarks/gold/realnews-sentences.jsonl",
        ROOT / "training/corpus/sentences.jsonl",
    ):
        used |= {json.loads(line)["article"] for line in path.read_text("utf-8").splitlines()}
    gold = {
        json.loads(line)["article"]
        for line in (ROOT / "benchmarks/gold/realnews-sentences.jsonl").read_text().splitlines()
    }
    eligible = [i for i, line in enumerate(lines) if corpus_id(line) not in gold]
    read = random.Random(TRAINING_SEED).sample(eligible, TRAINING_ARTICLES)
    return used | {corpus_id(lines[i]) for i in read}


def main() -> None:
    rng = random.Random(SEED)
    lines = corpus_lines()
    used = used_articles(lines)
    pool = [i for i, line in enumerate(lines) if corpus_id(line) not in used]
    rows = []
    for line_no in rng.sample(pool, len(pool)):  # a seeded order; take the first usable
        if len(rows) == ARTICLES:
            break
        (article,) = read_corpus_articles([lines[line_no]])
        end = region_end(article.text)
        if end < MIN_REGION:
            continue
        record = json.loads(lines[line_no])
        rows.append(
            {
                "article": corpus_id(lines[line_no]),
                "corpus_line": line_no,
                "source": record.get("source"),
                "published": record.get("date") or None,
                "region_end": end,
                "body_chars": len(article.text),
                "sha256": hashlib.sha256(article.text[:end].encode("utf-8")).hexdigest()[:16],
            }
        )
    order = list(range(len(rows)))
    rng.shuffle(order)
    dev = set(order[: round(len(rows) * DEV_SHARE)])
    for index, row in enumerate(rows):
        row["split"] = "dev" if index in dev else "test"
        row["group"] = index % GROUPS + 1
    rows.sort(key=lambda r: (r["group"], r["article"]))
    with open(HERE / "articles.jsonl", "w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(
        f"seed={SEED} pool={len(pool)} articles={len(rows)} "
        f"dev={sum(r['split'] == 'dev' for r in rows)} "
        f"test={sum(r['split'] == 'test' for r in rows)} "
        f"region_chars={sum(r['region_end'] for r in rows)}"
    )


if __name__ == "__main__":
    main()
