"""Write the annotators' working files: one Markdown file a batch, one text file an article.

They go to `training/work/` (not committed: they hold the publishers' text). Each batch file
lists its articles in an order that does not reveal which sentences are shared with another
batch, and each sentence with the sentence before it as context.

    python training/prepare_batches.py [--batches 1-8]
"""

from __future__ import annotations

import argparse
import hashlib
from collections import defaultdict
from pathlib import Path

from corpus import SentenceRef, article_texts, batch_refs, read_refs, sentence_texts

HERE = Path(__file__).resolve().parent
WORK = HERE / "work"
CONTEXT = 300  # characters of text before a sentence, shown as context


def parse_range(spec: str | None, last: int) -> list[int]:
    if not spec:
        return list(range(1, last + 1))
    out: list[int] = []
    for part in spec.split(","):
        low, _, high = part.partition("-")
        out.extend(range(int(low), int(high or low) + 1))
    return out


def context_before(text: str, start: int) -> str:
    piece = text[max(0, start - CONTEXT) : start]
    cut = piece.find(" ") if start > CONTEXT else -1
    return " ".join(piece[cut + 1 :].split())


def batch_markdown(
    number: int,
    refs: list[SentenceRef],
    texts: dict[int, tuple[str, str | None]],
    sentences: dict[str, str],
) -> str:
    by_article: dict[str, list[SentenceRef]] = defaultdict(list)
    for ref in refs:
        by_article[ref.article].append(ref)
    order = sorted(by_article, key=lambda a: hashlib.sha256(f"{number}:{a}".encode()).hexdigest())
    lines = [
        f"# Batch {number}: {len(refs)} sentences from {len(order)} articles",
        "",
        "Code every sentence below under training/PROTOCOL.md (which extends the gold protocol in",
        "benchmarks/gold/README.md). Write one JSON line per sentence, in this order, to",
        f"training/work/out/batch-{number:03d}.<your label>.jsonl and check it with",
        f"`python training/check_annotations.py FILE --batch {number}`.",
        "",
    ]
    for article in order:
        first = by_article[article][0]
        text, title = texts[first.corpus_line]
        lines += [
            f"## Article {article}: {title or '(no title)'}",
            f"{first.source or 'unknown outlet'}, {first.published or 'no date'}; "
            f"whole text: training/work/articles/{article}.txt",
            "",
        ]
        for ref in sorted(by_article[article], key=lambda r: r.start):
            lines += [
                f"- sid `{ref.sid}`",
                f"  - before: {context_before(text, ref.start) or '(start of article)'}",
                f"  - **SENTENCE:** {sentences[ref.sid]}",
                "",
            ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", help="e.g. 1-8 or 3,5 (default: all)")
    args = parser.parse_args()
    refs = read_refs()
    wanted = parse_range(args.batches, max(r.batch for r in refs))
    chosen = [r for r in refs if r.batch in wanted or r.double_batch in wanted]
    texts = article_texts(r.corpus_line for r in chosen)
    sentences = sentence_texts(chosen, texts)
    (WORK / "articles").mkdir(parents=True, exist_ok=True)
    (WORK / "out").mkdir(exist_ok=True)
    for ref in chosen:
        path = WORK / "articles" / f"{ref.article}.txt"
        if not path.exists():
            text, title = texts[ref.corpus_line]
            head = f"TITLE: {title or ''}\nOUTLET: {ref.source or ''}\nDATE: {ref.published or ''}"
            path.write_text(f"{head}\n\n{text}\n", encoding="utf-8")
    for number in wanted:
        page = batch_markdown(number, batch_refs(chosen, number), texts, sentences)
        (WORK / f"batch-{number:03d}.md").write_text(page, encoding="utf-8")
    print(f"batches={len(wanted)} sentences={len(chosen)} work={WORK}")


if __name__ == "__main__":
    main()
