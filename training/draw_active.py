"""Draw an active-learning round: the corpus sentences the current event model is least sure of.

Candidates are the sentences of the parsed corpus articles (`training/event_data.py`) that no
round has drawn, with at least four words, not in the real-news gold set, and not a repeat of
a drawn sentence. Each is scored by the learned coder's family model: a sentence's
uncertainty is that of its least certain trigger candidate, `1 - |2p - 1|` for the candidate's
probability `p` of being an event (1 when the model is torn, 0 when it is sure). The round
takes the most uncertain sentences, at most one per article (so one long article cannot fill a
round), ties broken by the seed; they form their own stratum (`active-N`) and new batches
after the last, with their own double part, appended to sentences.jsonl. They are coded blind
under the same protocol as every other batch.

    python training/draw_active.py --round 1 [--size 520] [--models DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

from corpus import SENTENCES, read_refs, sentence_hash
from draw import MIN_WORDS, Candidate, batches, gold_exclusions, normalised
from event_data import load_parsed
from eventwire.events.learned.assemble import NONE
from eventwire.events.learned.coder import load_models
from eventwire.events.learned.features import rule_proposals, sentence_instances
from eventwire.events.modality import modality_rules
from realnews_corpus import corpus_lines

SEED_ACTIVE = 20261208
SIZE = 520


def uncertainty(probabilities: list[float]) -> float:
    return max((1.0 - abs(2.0 * p - 1.0) for p in probabilities), default=0.0)


def scored_candidates(models_dir: Path | None) -> list[tuple[float, Candidate]]:
    from tqdm import tqdm

    models, _, _ = load_models(models_dir)
    rules = modality_rules()
    refs = read_refs()
    drawn = {(r.article, r.start) for r in refs}
    _, gold_texts = gold_exclusions()
    out = []
    none = models.family.classes.index(NONE)
    for article in tqdm(load_parsed(), desc="articles", unit="art"):
        doc = article.doc
        codes, roles = rule_proposals(article.rule_events)
        for number, sentence in enumerate(doc.sents):
            if (article.article, sentence.start_char) in drawn:
                continue
            if sum(t.is_alpha for t in sentence) < MIN_WORDS:
                continue
            text = doc.text[sentence.start_char : sentence.end_char].rstrip()
            if normalised(text) in gold_texts:
                continue
            instances = sentence_instances(sentence, number, article.mentions, codes, roles, rules)
            if not instances.candidates:
                continue
            tensor = doc.tensor[[c.token.i for c in instances.candidates]]
            rows = [c.features for c in instances.candidates]
            events = 1.0 - models.family.proba(rows, tensor)[:, none]
            candidate = Candidate(
                article.corpus_line,
                article.article,
                sentence.start_char,
                sentence.start_char + len(text),
                text,
            )
            out.append((uncertainty(list(events)), candidate))
    return out


def choose(
    scored: list[tuple[float, Candidate]], size: int, seen: set[str], rng: random.Random
) -> list[tuple[float, Candidate]]:
    rng.shuffle(scored)
    scored.sort(key=lambda pair: -pair[0])
    chosen, articles = [], set()
    for value, candidate in scored:
        if len(chosen) >= size:
            break
        key = normalised(candidate.text)
        if candidate.article in articles or key in seen:
            continue
        seen.add(key)
        articles.add(candidate.article)
        chosen.append((value, candidate))
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--round", type=int, required=True)
    parser.add_argument("--size", type=int, default=SIZE)
    parser.add_argument("--models", type=Path, help="model folder (default: the packaged one)")
    args = parser.parse_args()
    refs = read_refs()
    stratum = f"active-{args.round}"
    if any(r.stratum == stratum for r in refs):
        sys.exit(f"draw_active: error: round {args.round} is already drawn")
    scored = scored_candidates(args.models)
    meta = load_models(args.models)[2]
    rng = random.Random(SEED_ACTIVE + args.round)
    chosen = choose(scored, args.size, set(), rng)
    rows = [(c, {"how": "uncertainty", "round": str(args.round)}) for _, c in chosen]
    first = max(r.batch for r in refs) + 1
    home, double = batches(rng, rows, first=first)
    lines = corpus_lines()
    model = f"trained {meta.get('trained')} on {meta.get('sentences')} sentences"
    out = []
    for value, candidate in chosen:
        key = (candidate.article, candidate.start)
        record = json.loads(lines[candidate.line])
        out.append(
            {
                "sid": f"{candidate.article}:{candidate.start}",
                "article": candidate.article,
                "corpus_line": candidate.line,
                "source": record.get("source"),
                "published": record.get("date") or None,
                "start": candidate.start,
                "end": candidate.end,
                "sha256": sentence_hash(candidate.text),
                "stratum": stratum,
                "drawn_by": {
                    "how": "uncertainty",
                    "round": str(args.round),
                    "uncertainty": f"{value:.3f}",
                    "model": model,
                },
                "batch": home[key],
                "double_batch": double.get(key),
            }
        )
    out.sort(key=lambda r: (r["batch"], r["article"], r["start"]))
    with open(SENTENCES, "a", encoding="utf-8") as handle:
        for row in out:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    values = [v for v, _ in chosen]
    print(
        f"round={args.round} candidates={len(scored)} sentences={len(out)} "
        f"batches={first}-{max(r['batch'] for r in out)} "
        f"double={sum(r['double_batch'] is not None for r in out)} "
        f"uncertainty_min={min(values):.3f} uncertainty_mean={sum(values) / len(values):.3f}"
    )


if __name__ == "__main__":
    main()
