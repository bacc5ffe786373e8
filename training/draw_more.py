"""Draw a targeted second round of the enriched stratum for families that will fall short.

The first round's signals (signals.py) chose sentences for the rare families that mostly
reported nothing of the family (for 06 and 07, about one in thirty). This round learns its
signals from the annotations committed so far: for each family, the lemmas of the triggers
annotators marked for it (at least MIN_COUNT times), kept when, among the sentences already
coded, at least PRECISION of those containing the lemma report an event of the family (so a
generic word such as "use" does not pass). Each family's quota comes from its shortfall:
the events it is projected to reach over the whole draw (its count so far, scaled by drawn /
coded sentences) against TARGET, divided by ASSUMED_YIELD. Candidates are the same 4,000
articles' sentences that no round has drawn; the new sentences form new batches after the
last, with their own double part, appended to sentences.jsonl. Reproducible from the same
committed annotations (the batches used are recorded in every row's `drawn_by`).

    python training/draw_more.py
"""

from __future__ import annotations

import argparse
import json
import math
import random
from collections import Counter, defaultdict

from corpus import SENTENCES, all_codings, finals, read_refs
from draw import (
    MAX_ARTICLES,
    SEED,
    Candidate,
    batches,
    candidates_of,
    gold_exclusions,
    normalised,
    reference_rows,
)
from eventwire.annotate import load_nlp
from realnews_corpus import corpus_id, corpus_lines

SEED_MORE = 20261207
TARGET = 200  # aim above 150, for the projection's error
ASSUMED_YIELD = 0.35  # share of drawn sentences expected to give an event of their family
MAX_EXTRA = 1300
MIN_COUNT = 2
PRECISION = 0.3
CONTENT = {"NOUN", "VERB", "ADJ", "PROPN"}


def trigger_lexicon(events: list[dict]) -> dict[str, dict[str, int]]:
    """Family -> {lemma: count} of the trigger lemmas that mostly mean that family."""
    nlp = load_nlp()
    texts = [(e.get("trigger") or {}).get("text") or "" for e in events]
    per_lemma: dict[str, Counter[str]] = defaultdict(Counter)
    for event, doc in zip(events, nlp.pipe(texts, disable=["ner"]), strict=True):
        for lemma in {t.lemma_.lower() for t in doc if t.pos_ in CONTENT and t.is_alpha}:
            per_lemma[lemma][event["code"][:2]] += 1
    lexicon: dict[str, dict[str, int]] = defaultdict(dict)
    for lemma, families in per_lemma.items():
        for family, count in families.items():
            if count >= MIN_COUNT:
                lexicon[family][lemma] = count
    return lexicon


def precise(
    lexicon: dict[str, dict[str, int]],
    coded: dict[tuple[str, int], list[dict]],
    per_article: list[list[Candidate]],
) -> dict[str, dict[str, float]]:
    """Keep the lemmas whose coded sentences report their family often enough."""
    seen: Counter[str] = Counter()
    hits: Counter[tuple[str, str]] = Counter()
    for cands in per_article:
        for cand in cands:
            events = coded.get((cand.article, cand.start))
            if events is None:
                continue
            families = {e["code"][:2] for e in events}
            for lemma in cand.lemmas:
                seen[lemma] += 1
                for family in families:
                    hits[lemma, family] += 1
    kept: dict[str, dict[str, float]] = defaultdict(dict)
    for family, words in lexicon.items():
        for lemma in words:
            if hits[lemma, family] >= MIN_COUNT and hits[lemma, family] / seen[lemma] >= PRECISION:
                kept[family][lemma] = hits[lemma, family] / seen[lemma]
    return kept


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print quotas, write nothing")
    args = parser.parse_args()
    refs = read_refs()
    codings = all_codings()
    final = finals(refs)
    used = sorted({c.batch for cs in codings.values() for c in cs})
    events = [e for evs in final.values() for e in evs]
    scale = len(refs) / max(len(final), 1)
    counts = Counter(e["code"][:2] for e in events)
    quotas = {}
    for family in (f"{n:02d}" for n in range(1, 21)):
        short = TARGET - counts[family] * scale
        if short > 0:
            quotas[family] = math.ceil(short / ASSUMED_YIELD)
    total = sum(quotas.values())
    if total > MAX_EXTRA:
        quotas = {f: math.floor(q * MAX_EXTRA / total) for f, q in quotas.items()}
    print(f"lexicon_from_batches={len(used)} coded_sentences={len(final)} scale={scale:.2f}")
    for family, quota in sorted(quotas.items()):
        print(f"family={family} projected={counts[family] * scale:.0f} quota={quota}")
    if args.dry_run:
        return
    rng = random.Random(SEED)
    lines = corpus_lines()
    gold_articles, gold_texts = gold_exclusions()
    eligible = [i for i, line in enumerate(lines) if corpus_id(line) not in gold_articles]
    picked = sorted(rng.sample(eligible, MAX_ARTICLES))  # the first draw's articles
    per_article = candidates_of(lines, picked, gold_texts)
    by_key = {(r.article, r.start): final[r.sid] for r in refs if r.sid in final}
    lexicon = precise(trigger_lexicon(events), by_key, per_article)
    for family in sorted(quotas):
        words = sorted(lexicon.get(family, {}), key=lambda w: -lexicon[family][w])
        print(f"family={family} signals={len(words)}: {', '.join(words[:12])}")
    drawn = {(r.article, r.start) for r in refs}
    seen = {
        normalised(c.text) for cands in per_article for c in cands if (c.article, c.start) in drawn
    }
    rng = random.Random(SEED_MORE)
    chosen: list[tuple[Candidate, dict[str, str]]] = []
    source = f"batches {used[0]}-{used[-1]}" if used else "none"
    for family in sorted(quotas, key=lambda f: (-quotas[f], f)):
        words = lexicon.get(family, {})
        pool = [
            c
            for cands in per_article
            for c in cands
            if (c.article, c.start) not in drawn and c.lemmas & words.keys()
        ]
        rng.shuffle(pool)
        taken = 0
        for cand in pool:
            if taken >= quotas[family]:
                break
            if normalised(cand.text) in seen:
                continue
            seen.add(normalised(cand.text))
            signal = sorted(cand.lemmas & words.keys())[0]
            how = {
                "how": "trigger-lexicon",
                "family": family,
                "signal": f"lemma:{signal}",
                "lexicon_from": source,
            }
            chosen.append((cand, how))
            taken += 1
        print(f"family={family} drawn={taken} of {len(pool)} candidates")
    first = max(r.batch for r in refs) + 1
    home, double = batches(rng, chosen, first=first)
    rows = reference_rows(chosen, home, double, lines, picked)
    with open(SENTENCES, "a", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    print(
        f"seed={SEED_MORE} sentences={len(rows)} batches={first}-{max(r['batch'] for r in rows)} "
        f"double={sum(r['double_batch'] is not None for r in rows)}"
    )


if __name__ == "__main__":
    main()
