"""Settle the double-coded sentences whose two codings differ, and keep the settled codings.

`prepare` writes one Markdown file per group of such sentences to training/work/ (the
sentence, its article's path, and the two codings in an order that does not say which
annotator gave which). A settling session, which sees the codings but never eventwire's
output, writes one JSON line per sentence in the annotators' format plus `"settled"`: its
reason (first, second, merge or own, and why). `store` checks that file like an
annotator's and keeps it in training/corpus/settled/.

    python training/settle.py prepare [--size 120]
    python training/settle.py check FILE --group N      # what a settling session runs
    python training/settle.py store FILE --group N --label LABEL
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from check_annotations import load_rows
from checks import resolve
from corpus import (
    SETTLED,
    CorpusError,
    all_codings,
    article_texts,
    final_events,
    read_refs,
    sentence_texts,
    settled_codings,
)

WORK = Path(__file__).resolve().parent / "work"


def unsettled() -> list:
    codings, settled = all_codings(), settled_codings()
    out = []
    for ref in read_refs():
        found = codings.get(ref.sid, [])
        if len(found) >= 2 and final_events(found, settled.get(ref.sid)) is None:
            out.append((ref, found[:2]))
    return out


def _raw(event: dict[str, Any]) -> dict[str, Any]:
    """A stored event shown as an annotator wrote it (texts, no offsets)."""
    out: dict[str, Any] = {k: event[k] for k in ("code", "modality", "negated")}
    out["trigger"] = {"text": (event.get("trigger") or {}).get("text")}
    for role in ("source", "target", "speaker"):
        actor = event.get(role)
        if actor is None:
            out[role] = None
            continue
        item: dict[str, Any] = {"code": actor["code"], "text": actor.get("text")}
        if actor.get("ref"):
            item["refers_to"] = actor["ref"]["text"]
        out[role] = item
    return out


def prepare(size: int) -> None:
    grouped = {sid for path in WORK.glob("settle-*.sids") for sid in path.read_text().split()}
    todo = [(ref, pair) for ref, pair in unsettled() if ref.sid not in grouped]
    if not todo:
        print("nothing to settle")
        return
    texts = article_texts(ref.corpus_line for ref, _ in todo)
    sentences = sentence_texts([ref for ref, _ in todo], texts)
    groups = [todo[i : i + size] for i in range(0, len(todo), size)]
    first = 1 + len(list(WORK.glob("settle-*.md")))
    for offset, group in enumerate(groups):
        number = first + offset
        lines = [
            f"# Settling group {number}: {len(group)} sentences",
            "",
            "Two annotators coded each sentence blind and differ. Write the right coding under",
            "training/PROTOCOL.md and benchmarks/gold/README.md (rulings 1-16) to",
            f"training/work/out/settle-{number:03d}.<your label>.jsonl: one line per sentence,",
            'the annotators\' format plus "settled": "first|second|merge|own: why".',
            "",
        ]
        for ref, pair in group:
            flip = hashlib.sha256(ref.sid.encode()).digest()[0] % 2
            shown = [pair[1], pair[0]] if flip else pair
            lines += [
                f"## sid `{ref.sid}` (article file training/work/articles/{ref.article}.txt)",
                f"**SENTENCE:** {sentences[ref.sid]}",
                "",
            ]
            for name, coding in zip(("first", "second"), shown, strict=True):
                events = json.dumps([_raw(e) for e in coding.events], ensure_ascii=False)
                lines += [f"- {name}: `{events}`"]
                if coding.note:
                    lines += [f"  - note: {coding.note}"]
            lines.append("")
        (WORK / f"settle-{number:03d}.md").write_text("\n".join(lines), encoding="utf-8")
        (WORK / f"settle-{number:03d}.sids").write_text(
            "\n".join(ref.sid for ref, _ in group) + "\n", encoding="utf-8"
        )
    print(f"groups={len(groups)} sentences={len(todo)} first_group={first}")


def store(path: Path, group: int, label: str, write: bool = True) -> None:
    sids = (WORK / f"settle-{group:03d}.sids").read_text(encoding="utf-8").split()
    refs = {r.sid: r for r in read_refs() if r.sid in set(sids)}
    rows, problems = load_rows(path)
    got = {row["sid"] for row in rows}
    problems += [f"{sid}: missing" for sid in sids if sid not in got]
    texts = article_texts(r.corpus_line for r in refs.values())
    sentences = sentence_texts(list(refs.values()), texts)
    stored = []
    for row in rows:
        ref = refs.get(row["sid"])
        if ref is None:
            problems.append(f"{row['sid']}: not in settling group {group}")
            continue
        article, title = texts[ref.corpus_line]
        events, found = resolve(row, sentences[ref.sid], ref.start, article, title)
        problems += [f"{ref.sid}: {p}" for p in found]
        if not row.get("settled"):
            problems.append(f"{ref.sid}: no 'settled' reason")
        stored.append(
            {
                "sid": ref.sid,
                "annotator": label,
                "batch": 0,
                "sha256": ref.sha256,
                "events": events,
                "note": str(row.get("settled") or ""),
            }
        )
    if problems:
        print("\n".join(problems))
        sys.exit(1)
    if not write:
        print(f"ok sentences={len(stored)}")
        return
    SETTLED.mkdir(parents=True, exist_ok=True)
    out = SETTLED / f"settle-{group:03d}.{label}.jsonl"
    with open(out, "w", encoding="utf-8") as handle:
        for item in stored:
            handle.write(json.dumps(item, ensure_ascii=False, sort_keys=True) + "\n")
    print(f"ok stored={out.name} sentences={len(stored)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--size", type=int, default=120)
    c = sub.add_parser("check")
    c.add_argument("file", type=Path)
    c.add_argument("--group", type=int, required=True)
    s = sub.add_parser("store")
    s.add_argument("file", type=Path)
    s.add_argument("--group", type=int, required=True)
    s.add_argument("--label", required=True)
    args = parser.parse_args()
    try:
        if args.command == "prepare":
            prepare(args.size)
        elif args.command == "check":
            store(args.file, args.group, "check", write=False)
        else:
            store(args.file, args.group, args.label)
    except CorpusError as exc:
        sys.exit(f"settle: error: {exc}")


if __name__ == "__main__":
    main()
