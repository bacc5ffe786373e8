"""Draw the training corpus's sentences from ../shared's corpus (run once, before annotation).

Reproducible byte for byte: every choice comes from one generator seeded with SEED. Articles
of the real-news gold set are never drawn, nor any sentence whose text equals a gold
sentence. At most MAX_ARTICLES articles are read, so the rest of the corpus stays unseen for
future evaluation sets. Each article is read with eventwire's reader (offsets point into the
clean text the pipeline codes) and split by the spaCy model eventwire uses.

- stratum `random`: PER_ARTICLE sentences drawn uniformly from each article, article after
  article, until at least RANDOM_SENTENCES (every sentence of four or more words is a
  candidate, event or not);
- stratum `enriched`: ENRICHED_SENTENCES more, chosen per CAMEO root family among the
  sentences carrying a word that signals it (signals.py), up to QUOTAS[family], rarest
  family first; quota left unused by a family with too few candidates goes to the others.

Sentences are packed into annotation batches by article (every sentence of an article in
one batch, BATCH_OWN sentences a batch), and each batch also gets a `double` part: whole
articles of the next batch (cyclically) until DOUBLE_MIN sentences, so those are coded twice
by two annotators who do not know which sentences are shared.

    python training/draw.py            # writes training/corpus/sentences.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "benchmarks"))

from tqdm import tqdm  # noqa: E402

from _shared import shared_path  # noqa: E402
from corpus import sentence_hash  # noqa: E402
from eventwire.annotate import load_nlp  # noqa: E402
from realnews_corpus import corpus_id, corpus_lines, read_corpus_articles  # noqa: E402
from signals import FAMILIES, cameo_verbs, sentence_families  # noqa: E402

SEED = 20261206
MAX_ARTICLES = 4000
PER_ARTICLE = 3
RANDOM_SENTENCES = 7050
ENRICHED_SENTENCES = 3000
MIN_WORDS = 4  # alphabetic tokens, as in the gold set's draw
BATCH_OWN = 115
DOUBLE_MIN = 13
# Sentences per family in the enriched stratum. The gold set's dev split (288 random
# sentences) suggests how many events the random stratum will hold per family; families that
# look short of 150 there (20, 15, 07, 10, 09, 06) get most of the quota, assuming about half
# of the signalled sentences turn out to report an event of the family.
QUOTAS = {
    "20": 450,
    "15": 400,
    "07": 300,
    "10": 300,
    "09": 250,
    "06": 250,
    "12": 150,
    "13": 150,
    "14": 150,
    "03": 100,
    "08": 80,
    "16": 80,
    "02": 60,
    "18": 60,
    "19": 60,
    "04": 40,
    "05": 40,
    "17": 40,
    "01": 20,
    "11": 20,
}
GOLD = HERE.parent / "benchmarks" / "gold" / "realnews-sentences.jsonl"
OUT = HERE / "corpus" / "sentences.jsonl"


def normalised(text: str) -> str:
    return " ".join(text.lower().split())


@dataclass
class Candidate:
    line: int
    article: str
    start: int
    end: int
    text: str
    families: dict[str, str] = field(default_factory=dict)
    lemmas: frozenset[str] = frozenset()


def gold_exclusions() -> tuple[set[str], set[str]]:
    """Article ids and normalised sentence texts of the real-news gold set."""
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line]
    return {r["article"] for r in rows}, {normalised(r["text"]) for r in rows}


def candidates_of(
    lines: list[str], picked: list[int], gold_texts: set[str]
) -> list[list[Candidate]]:
    """Every candidate sentence of every picked article, with the families it signals."""
    verbs = cameo_verbs(shared_path("data", "events", "petrarch2-dictionaries", "CAMEO.2.0.txt"))
    articles = read_corpus_articles(lines[i] for i in picked)
    nlp = load_nlp()
    texts = (a.text for a in articles)
    result = []
    docs = nlp.pipe(texts, disable=["ner"], batch_size=16)
    for line_no, article, doc in tqdm(
        zip(picked, articles, docs, strict=True), total=len(picked), desc="articles", unit="art"
    ):
        found = []
        for sent in doc.sents:
            if sum(t.is_alpha for t in sent) < MIN_WORDS:
                continue
            start = sent.start_char
            text = article.text[start : sent.end_char].rstrip()
            if normalised(text) in gold_texts:
                continue
            lemmas = [(t.lemma_, t.pos_) for t in sent]
            families = sentence_families(lemmas, text.lower(), verbs)
            found.append(
                Candidate(
                    line_no,
                    corpus_id(lines[line_no]),
                    start,
                    start + len(text),
                    text,
                    families,
                    frozenset(lemma.lower() for lemma, _ in lemmas),
                )
            )
        result.append(found)
    return result


def draw_random(
    rng: random.Random, per_article: list[list[Candidate]], seen: set[str]
) -> list[tuple[Candidate, dict[str, str]]]:
    order = list(range(len(per_article)))
    rng.shuffle(order)
    chosen: list[tuple[Candidate, dict[str, str]]] = []
    for index in order:
        if len(chosen) >= RANDOM_SENTENCES:
            break
        pool = [c for c in per_article[index] if normalised(c.text) not in seen]
        for cand in sorted(rng.sample(pool, min(PER_ARTICLE, len(pool))), key=lambda c: c.start):
            seen.add(normalised(cand.text))
            chosen.append((cand, {"how": "uniform", "per_article": str(PER_ARTICLE)}))
    return chosen


def draw_enriched(
    rng: random.Random, per_article: list[list[Candidate]], seen: set[str]
) -> list[tuple[Candidate, dict[str, str]]]:
    by_family: dict[str, list[Candidate]] = defaultdict(list)
    for cands in per_article:
        for cand in cands:
            for family in cand.families:
                by_family[family].append(cand)
    chosen: list[tuple[Candidate, dict[str, str]]] = []
    left = ENRICHED_SENTENCES
    families = sorted(QUOTAS, key=lambda f: (-QUOTAS[f], f))
    assert sorted(families) == list(FAMILIES)
    spare = 0
    pools = {}
    for family in families:
        pool = by_family.get(family, [])
        rng.shuffle(pool)
        pools[family] = pool
    for rounds in range(50):  # later rounds shares out quota the first could not use
        for family in families:
            want = QUOTAS[family] if rounds == 0 else -(-spare // len(families))
            taken = 0
            while pools[family] and taken < want and left > 0:
                cand = pools[family].pop()
                if normalised(cand.text) in seen:
                    continue
                seen.add(normalised(cand.text))
                chosen.append(
                    (cand, {"how": "signal", "family": family, "signal": cand.families[family]})
                )
                taken += 1
                left -= 1
            if rounds == 0:
                spare += want - taken
        if left == 0:
            break
    return chosen


def batches(
    rng: random.Random, rows: list[tuple[Candidate, dict[str, str]]], first: int = 1
) -> tuple[dict[tuple[str, int], int], dict[tuple[str, int], int]]:
    """Home batch and double batch of every sentence, keyed by (article, start); batches are
    numbered from `first`."""
    by_article: dict[str, list[tuple[Candidate, dict[str, str]]]] = defaultdict(list)
    for row in rows:
        by_article[row[0].article].append(row)
    articles = sorted(by_article)
    rng.shuffle(articles)
    # Balanced packing: the running count of sentences decides the batch, so every batch
    # holds about BATCH_OWN sentences (a short last batch would be under 100).
    total = len(rows)
    count = max(1, round(total / BATCH_OWN))
    packed: list[list[str]] = [[] for _ in range(count)]
    done = 0
    for article in articles:
        packed[min(count - 1, done * count // total)].append(article)
        done += len(by_article[article])
    home = {
        (c.article, c.start): b + first
        for b, arts in enumerate(packed)
        for a in arts
        for c, _ in by_article[a]
    }
    double: dict[tuple[str, int], int] = {}
    for b in range(len(packed)):
        nxt = list(packed[(b + 1) % len(packed)])
        rng.shuffle(nxt)
        count = 0
        for article in nxt:
            if count >= DOUBLE_MIN:
                break
            for cand, _ in by_article[article]:
                double[(cand.article, cand.start)] = b + first
            count += len(by_article[article])
    return home, double


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=str(OUT))
    parser.add_argument("--articles", type=int, default=MAX_ARTICLES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    rng = random.Random(SEED)
    lines = corpus_lines()
    gold_articles, gold_texts = gold_exclusions()
    eligible = [i for i, line in enumerate(lines) if corpus_id(line) not in gold_articles]
    picked = sorted(rng.sample(eligible, args.articles))
    per_article = candidates_of(lines, picked, gold_texts)
    seen: set[str] = set()
    rows = draw_random(rng, per_article, seen) + draw_enriched(rng, per_article, seen)
    home, double = batches(rng, rows)
    out = reference_rows(rows, home, double, lines, picked)
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as handle:
        for row in out:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    strata = {s: sum(r["stratum"] == s for r in out) for s in ("random", "enriched")}
    doubles = sum(r["double_batch"] is not None for r in out)
    print(
        f"seed={SEED} articles_read={len(picked)} "
        f"articles_drawn={len({r['article'] for r in out})} "
        f"sentences={len(out)} random={strata['random']} enriched={strata['enriched']} "
        f"batches={max(r['batch'] for r in out)} double={doubles}"
    )


def reference_rows(
    rows: list[tuple[Candidate, dict[str, str]]],
    home: dict[tuple[str, int], int],
    double: dict[tuple[str, int], int],
    lines: list[str],
    picked: list[int],
) -> list[dict]:
    """The drawn sentences as stored references (no text), sorted by batch."""
    meta = {}
    for i in picked:
        record = json.loads(lines[i])
        meta[corpus_id(lines[i])] = (record.get("source"), record.get("date") or None)
    out = []
    for cand, how in rows:
        key = (cand.article, cand.start)
        out.append(
            {
                "sid": f"{cand.article}:{cand.start}",
                "article": cand.article,
                "corpus_line": cand.line,
                "source": meta[cand.article][0],
                "published": meta[cand.article][1],
                "start": cand.start,
                "end": cand.end,
                "sha256": sentence_hash(cand.text),
                "stratum": "random" if how["how"] == "uniform" else "enriched",
                "drawn_by": how,
                "batch": home[key],
                "double_batch": double.get(key),
            }
        )
    out.sort(key=lambda r: (r["batch"], r["article"], r["start"]))
    return out


if __name__ == "__main__":
    main()
