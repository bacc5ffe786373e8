"""Parse the training corpus's articles once, for the learned event coder's training script.

Each article is read with eventwire's reader, annotated, and run through the actor coder and
the rule coder, exactly as `eventwire extract` would; what the learned coder sees at run time
(the body's parse with its tensor, the actor mentions, the rule coder's events) is kept in
`training/work/parsed/` (not committed: it holds publishers' text), in chunks, so training
and active learning do not parse again.

    python training/event_data.py [--workers 2]
"""

from __future__ import annotations

import argparse
import multiprocessing
import pickle
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from corpus import read_refs

HERE = Path(__file__).resolve().parent
PARSED = HERE / "work" / "parsed"
CHUNK = 100
BODY = "text"


@dataclass
class ParsedArticle:
    """One corpus article as the learned coder sees it (the body field only)."""

    article: str
    corpus_line: int
    published: str | None
    doc: object  # spacy Doc of the body, with its tensor
    mentions: list  # ActorMention of the body field
    rule_events: list  # Event of the body field, from the rule coder


def corpus_articles() -> list[int]:
    """Corpus lines of every article the training corpus draws from."""
    return sorted({r.corpus_line for r in read_refs()})


def _parse_chunk(job: tuple[int, list[int]]) -> Path:
    number, lines = job
    out = PARSED / f"chunk-{number:03d}.pkl"
    if out.exists():
        return out
    sys.path.insert(0, str(HERE.parent / "benchmarks"))
    from eventwire.annotate import annotate
    from eventwire.pipeline import Extractor
    from realnews_corpus import corpus_lines, read_corpus_articles

    extractor = _extractor(Extractor)
    all_lines = corpus_lines()
    articles = list(read_corpus_articles(all_lines[i] for i in lines))
    rows = []
    for line, document in zip(lines, annotate(articles, extractor.nlp), strict=True):
        segment = document.segment(BODY)
        if segment is None:
            continue
        mentions = extractor.actor_coder.code(document)
        events = extractor.event_coder.code(document, mentions)
        rows.append(
            {
                "article": document.article.id,  # the reader's id; the loader uses the corpus's
                "corpus_line": line,
                "published": document.article.published,
                "doc": segment.doc.to_bytes(exclude=["user_data"]),
                "mentions": [m for m in mentions if m.field == BODY],
                "rule_events": [e for e in events if e.field == BODY],
            }
        )
    tmp = out.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.rename(out)
    return out


_EXTRACTOR = None


def _extractor(factory):  # one loaded pipeline per worker process
    global _EXTRACTOR
    if _EXTRACTOR is None:
        _EXTRACTOR = factory()
    return _EXTRACTOR


def parse_all(lines: list[int], workers: int = 2) -> None:
    from tqdm import tqdm

    PARSED.mkdir(parents=True, exist_ok=True)
    jobs = [(n, lines[i : i + CHUNK]) for n, i in enumerate(range(0, len(lines), CHUNK))]
    with multiprocessing.get_context("spawn").Pool(workers) as pool:
        for _ in tqdm(pool.imap_unordered(_parse_chunk, jobs), total=len(jobs), unit="chunk"):
            pass


def load_parsed(vocab: object | None = None) -> Iterator[ParsedArticle]:
    """Every parsed article, in corpus-line order within chunks."""
    from spacy.tokens import Doc

    from eventwire.annotate import load_nlp

    sys.path.insert(0, str(HERE.parent / "benchmarks"))
    from realnews_corpus import corpus_id, corpus_lines

    lines = corpus_lines()
    vocab = vocab if vocab is not None else load_nlp().vocab
    for path in sorted(PARSED.glob("chunk-*.pkl")):
        for row in pickle.loads(path.read_bytes()):
            doc = Doc(vocab).from_bytes(row["doc"])
            yield ParsedArticle(
                corpus_id(lines[row["corpus_line"]]),
                row["corpus_line"],
                row["published"],
                doc,
                row["mentions"],
                row["rule_events"],
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    lines = corpus_articles()
    parse_all(lines, args.workers)
    print(f"parsed_articles={len(lines)} chunks={len(list(PARSED.glob('chunk-*.pkl')))}")


if __name__ == "__main__":
    main()
