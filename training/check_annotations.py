"""Check an annotator's batch file, and (with --store) keep it in the corpus by reference.

Every sentence of the batch must be there exactly once, and every event must pass the
automatic checks (checks.py). With `--store LABEL` a file that passes is written to
`training/corpus/annotations/batch-NNN.LABEL.jsonl`: sentence ids, hashes, codes and spans
with article offsets, no article text.

    python training/check_annotations.py FILE --batch N [--store LABEL]

Prints `ok` (exit 0) or one line per problem (exit 1).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from checks import resolve
from corpus import ANNOTATIONS, CorpusError, article_texts, batch_refs, read_refs, sentence_texts


def load_rows(path: Path) -> tuple[list[dict], list[str]]:
    rows, problems = [], []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        return [], [f"{path}: cannot read ({exc})"]
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except ValueError as exc:
            problems.append(f"line {number}: not JSON ({exc})")
            continue
        if not isinstance(row, dict) or "sid" not in row:
            problems.append(f"line {number}: not an object with a 'sid'")
            continue
        rows.append(row)
    return rows, problems


def check(path: Path, batch: int) -> tuple[list[dict], list[str]]:
    """Stored rows and problems of one annotator file."""
    refs = batch_refs(read_refs(), batch)
    if not refs:
        return [], [f"batch {batch} does not exist"]
    rows, problems = load_rows(path)
    by_sid = {r.sid: r for r in refs}
    seen: set[str] = set()
    for row in rows:
        sid = row["sid"]
        if sid not in by_sid:
            problems.append(f"{sid}: not a sentence of batch {batch}")
        elif sid in seen:
            problems.append(f"{sid}: coded twice in this file")
        seen.add(sid)
    problems += [f"{sid}: missing" for sid in by_sid if sid not in seen]
    texts = article_texts(r.corpus_line for r in refs)
    sentences = sentence_texts(refs, texts)
    stored = []
    for row in rows:
        ref = by_sid.get(row["sid"])
        if ref is None:
            continue
        article, title = texts[ref.corpus_line]
        events, found = resolve(row, sentences[ref.sid], ref.start, article, title)
        problems += [f"{ref.sid}: {p}" for p in found]
        item = {"sid": ref.sid, "sha256": ref.sha256, "batch": batch, "events": events}
        if row.get("note"):
            item["note"] = str(row["note"])
        stored.append(item)
    return stored, problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", type=Path)
    parser.add_argument("--batch", type=int, required=True)
    parser.add_argument("--store", metavar="LABEL", help="write the checked file to the corpus")
    args = parser.parse_args()
    try:
        stored, problems = check(args.file, args.batch)
    except CorpusError as exc:
        sys.exit(f"check_annotations: error: {exc}")
    if problems:
        print("\n".join(problems))
        print(f"{len(problems)} problem(s)")
        sys.exit(1)
    if args.store:
        ANNOTATIONS.mkdir(parents=True, exist_ok=True)
        out = ANNOTATIONS / f"batch-{args.batch:03d}.{args.store}.jsonl"
        with open(out, "w", encoding="utf-8") as handle:
            for item in stored:
                item = {"sid": item["sid"], "annotator": args.store, **item}
                handle.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
        print(f"ok stored={out.relative_to(ANNOTATIONS.parents[2])} sentences={len(stored)}")
    else:
        print(f"ok sentences={len(stored)}")


if __name__ == "__main__":
    main()
