"""The training corpus in figures: one summary line, the state of the work, then per family.

Counts need no article text (they read the committed references and codings), so this runs
without ../shared. `gold_overlap` counts drawn sentences whose article is in the real-news
gold set or whose text hash equals a gold sentence's.

    python training/stats.py [--status training/corpus/STATUS.md]

With --status it also writes the state of every batch (coded by whom, the agreement of its
double part, how many of its sentences are settled) as a Markdown table.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from agreement import THRESHOLD, double_parts, measure, pooled
from corpus import all_codings, finals, read_refs, sentence_hash, settled_codings

GOLD = Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "realnews-sentences.jsonl"
FAMILIES = [f"{n:02d}" for n in range(1, 21)]
MINIMUM = 150


def gold_overlap(refs: list) -> int:
    rows = [json.loads(x) for x in GOLD.read_text(encoding="utf-8").splitlines() if x.strip()]
    articles = {r["article"] for r in rows}
    hashes = {sentence_hash(r["text"]) for r in rows}
    return sum(r.article in articles or r.sha256 in hashes for r in refs)


def write_status(path: Path, refs: list, codings: dict, settled: dict) -> None:
    """One row a batch: who coded it, its double part's agreement, what is settled."""
    parts = double_parts()
    rows = [
        "# State of the training corpus's batches",
        "",
        "Written by `python training/stats.py --status training/corpus/STATUS.md` as batches land.",
        "`double part`: the sentences shared with the next batch, coded by both annotators;",
        f"agreement is event F1 on root code + countries (a batch under {THRESHOLD} is recoded).",
        "",
        "| batch | sentences | coded by | double part | agreement | settled |",
        "|---|---|---|---|---|---|",
    ]
    for batch in range(1, max(r.batch for r in refs) + 1):
        mine = [r for r in refs if batch in (r.batch, r.double_batch)]
        who = sorted(
            {c.annotator for r in mine for c in codings.get(r.sid, []) if c.batch == batch}
        )
        part = [r for r in refs if r.double_batch == batch]
        agreement = "-"
        if batch in parts and len(parts[batch][0]) == len(part):
            agreement = f"{measure(*parts[batch]).root_countries_f1:.3f}"
        done = sum(r.sid in settled for r in part)
        rows.append(
            f"| {batch} | {len(mine)} | {', '.join(who) or '-'} | {len(part)} | {agreement} "
            f"| {done} |"
        )
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--status", type=Path, help="also write the per-batch state here")
    args = parser.parse_args()
    refs = read_refs()
    codings, settled = all_codings(), settled_codings()
    by_sid = {r.sid: r for r in refs}
    final = {sid: (by_sid[sid], events) for sid, events in finals(refs).items()}
    events = [e for _, evs in final.values() for e in evs]
    double = sum(len({c.batch for c in codings.get(r.sid, [])}) >= 2 for r in refs)
    overall = pooled(double_parts())
    families = Counter(e["code"][:2] for e in events)
    by_stratum = {
        s: Counter(e["code"][:2] for r, evs in final.values() if r.stratum == s for e in evs)
        for s in ("random", "enriched")
    }
    under = sum(families[f] < MINIMUM for f in FAMILIES)
    agreement = f"{overall.root_countries_f1:.3f}" if overall else "n/a"
    print(
        f"sentences={len(final)} articles={len({r.article for r, _ in final.values()})} "
        f"events={len(events)} double_coded={double} agreement_root_countries={agreement} "
        f"families_under_150={under} gold_overlap={gold_overlap(refs)}"
    )
    batches = max(r.batch for r in refs)
    coded = {c.batch for cs in codings.values() for c in cs}
    pending = sum(1 for r in refs if r.sid not in final and len(codings.get(r.sid, [])) >= 2)
    print(
        f"work: drawn={len(refs)} sentences in {batches} batches; coded batches={len(coded)}; "
        f"double-coded sentences={double}; settled={len(settled)}; awaiting settling={pending}"
    )
    if args.status:
        write_status(args.status, refs, codings, settled)
    for stratum in sorted({r.stratum for r in refs}, key=lambda s: (s.startswith("active"), s)):
        rows = [(r, evs) for r, evs in final.values() if r.stratum == stratum]
        if rows:
            none = sum(not evs for _, evs in rows) / len(rows)
            per = sum(len(evs) for _, evs in rows) / len(rows)
            print(
                f"stratum={stratum} sentences={len(rows)} events={sum(len(e) for _, e in rows)} "
                f"events_per_sentence={per:.2f} no_event_share={none:.3f}"
            )
    print(f"{'family':<7}{'events':>8}{'random':>8}{'enriched':>10}")
    for family in FAMILIES:
        mark = "" if families[family] >= MINIMUM else "  < 150"
        print(
            f"{family:<7}{families[family]:>8}{by_stratum['random'][family]:>8}"
            f"{by_stratum['enriched'][family]:>10}{mark}"
        )


if __name__ == "__main__":
    main()
