"""Throughput of eventwire's stages against spaCy's own parse, on real articles.

Reads N articles of the shared news corpus, then times, in one process and one run:

- `spacy_parse`: `nlp.pipe` over exactly the texts eventwire parses (title, body,
  captions, credits), the floor any spaCy-based pipeline stands on;
- `actors`: eventwire's annotate stage plus actor coding on the same articles;
- `pipeline`: annotate, actors, events, time expressions and places (everything
  `eventwire extract` does after reading).

It prints articles per second for each, their ratios to the parse, the share actor
coding adds on top of the parse, and the peak resident memory of the process. First, in
a fresh process of its own, it times opening the gazetteer (building it when the cache
lacks it, reported apart) and resolving 1,000 names, with that process's peak memory.

    python benchmarks/throughput.py [--articles 500] [--coder learned|rules]

The pipeline uses the default event coder unless `--coder` names the other.

With `--store`, it instead ingests the whole corpus (or `--articles N` of it) into a new
database with `eventwire ingest --workers W` (2 by default), then ingests it again, and
prints articles per second, events per article, the peak memory of the ingesting process
and of its largest worker, the database's size, and what the second pass added.

    python benchmarks/throughput.py --store [--workers 2] [--articles N] [--db FILE]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from itertools import islice
from pathlib import Path

from _shared import shared_path
from eventwire.actors import ActorCoder
from eventwire.annotate import annotate, load_nlp
from eventwire.annotate.pipeline import _fields
from eventwire.events.choice import CODERS, DEFAULT_CODER, make_event_coder
from eventwire.pipeline import Extractor
from eventwire.read import Article, read


def _articles(count: int) -> list[Article]:
    corpus = shared_path(
        "data", "corpus", "allsides-article-bias-world-politics", "articles.jsonl.gz"
    )
    items = (item for item in read(corpus) if isinstance(item, Article))
    return list(islice(items, count))


def _timed(label: str, work) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    print(f"  {label}: {seconds:.1f} s", file=sys.stderr)
    return seconds


GAZETTEER_PROBE = """
import resource, time
from eventwire.where.gazetteer import Gazetteer, default_path, ensure_built
start = time.perf_counter()
ensure_built(quiet=True)
built = time.perf_counter() - start
start = time.perf_counter()
gazetteer = Gazetteer(default_path())
opened = time.perf_counter() - start
from eventwire.where.ranker import load_ranker
start = time.perf_counter()
load_ranker()
ranker = time.perf_counter() - start
names = [row[0] for row in gazetteer._db.execute("SELECT key FROM names LIMIT 1000 OFFSET 5000")]
start = time.perf_counter()
found = sum(len(gazetteer.lookup(name)) for name in names)
looked = time.perf_counter() - start
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"gazetteer_build_s={built:.2f} gazetteer_open_s={opened:.3f} ranker_load_s={ranker:.3f} "
      f"gazetteer_1000_lookups_s={looked:.3f} candidates={found} "
      f"gazetteer_process_peak_rss_mb={rss:.0f}")
"""


def gazetteer_figures() -> None:
    """Open the gazetteer in a fresh interpreter, so its memory is its own."""
    result = subprocess.run(
        [sys.executable, "-c", GAZETTEER_PROBE], capture_output=True, text=True, check=False
    )
    print(result.stdout.strip() or f"gazetteer probe failed: {result.stderr.strip()}")


def _counts(db: Path) -> dict[str, object]:
    """Row counts of every table, and a digest of the article and event ids."""
    with sqlite3.connect(db) as connection:
        counts: dict[str, object] = {
            table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "events", "mentions", "actors", "places")
        }
        digest = hashlib.sha256()
        for table in ("articles", "events"):
            for (identifier,) in connection.execute(f"SELECT id FROM {table} ORDER BY id"):
                digest.update(identifier.encode())
        counts["ids"] = digest.hexdigest()
        return counts


def store_figures(args: argparse.Namespace) -> None:
    """Ingest into a fresh database twice, timing the first pass and checking the second."""
    corpus = shared_path(
        "data", "corpus", "allsides-article-bias-world-politics", "articles.jsonl.gz"
    )
    source = corpus
    workdir = Path(tempfile.mkdtemp(prefix="eventwire-store-"))
    if args.articles_given:
        source = workdir / "subset.jsonl"
        with gzip.open(corpus, "rt", encoding="utf-8") as lines:
            source.write_text("".join(islice(lines, args.articles)), encoding="utf-8")
    db = Path(args.db) if args.db else workdir / "events.db"
    db.unlink(missing_ok=True)
    command = [
        sys.executable,
        "-m",
        "eventwire",
        "ingest",
        str(source),
        "--db",
        str(db),
        "--workers",
        str(args.workers),
        "--no-progress",
    ]
    start = time.perf_counter()
    first = subprocess.run(command, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(first.stderr.strip().splitlines()[-1] if first.stderr.strip() else "no output")
    counts = _counts(db)
    again = subprocess.run(command, capture_output=True, text=True, check=False)
    print(again.stderr.strip().splitlines()[-1] if again.stderr.strip() else "no output")
    same = _counts(db) == counts
    n = int(counts["articles"])  # type: ignore[call-overload]
    events, mentions = int(counts["events"]), int(counts["mentions"])  # type: ignore[call-overload]
    print(
        f"workers={args.workers} articles={n} seconds={seconds:.0f} "
        f"articles_per_s={n / seconds:.2f} events_per_article={events / n:.1f} "
        f"mentions_per_article={mentions / n:.1f} "
        f"peak_rss_mb_largest_process={children:.0f} "
        f"db_mb={db.stat().st_size / 1e6:.0f} second_pass_adds_nothing={same}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=None)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--store", action="store_true", help="measure `eventwire ingest`")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--coder", choices=CODERS, default=DEFAULT_CODER)
    parser.add_argument("--db", help="where to put the database (default: a temporary folder)")
    args = parser.parse_args()
    args.articles_given = args.articles is not None
    if args.store:
        store_figures(args)
        return
    args.articles = args.articles or 500

    gazetteer_figures()
    articles = _articles(args.articles)
    words = sum(len(a.text.split()) for a in articles)
    nlp = load_nlp()
    coder = ActorCoder()
    warm = articles[:10]
    for document in annotate(warm, nlp):
        coder.code(document)

    texts = [text for article in articles for _, text in _fields(article)]

    def parse_only() -> None:
        for _ in nlp.pipe(texts, batch_size=args.batch_size):
            pass

    mentions = 0

    def with_actors() -> None:
        nonlocal mentions
        for document in annotate(articles, nlp, batch_size=args.batch_size):
            mentions += len(coder.code(document))

    events = 0
    extractor = Extractor(coder, make_event_coder(args.coder), nlp)

    def full_pipeline() -> None:
        nonlocal events
        for extraction in extractor.run(articles, batch_size=args.batch_size):
            events += len(extraction.events)

    parse_seconds = _timed("spaCy parse", parse_only)
    actor_seconds = _timed("annotate + actors", with_actors)
    pipeline_seconds = _timed("annotate + actors + events + times + places", full_pipeline)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n = len(articles)
    print(
        f"articles={n} words={words} "
        f"spacy_parse_articles_per_s={n / parse_seconds:.1f} "
        f"actors_articles_per_s={n / actor_seconds:.1f} "
        f"ratio={parse_seconds / actor_seconds:.2f} "
        f"actor_overhead={(actor_seconds - parse_seconds) / parse_seconds:.1%} "
        f"pipeline_articles_per_s={n / pipeline_seconds:.1f} "
        f"pipeline_ratio={parse_seconds / pipeline_seconds:.2f} "
        f"mentions_per_article={mentions / n:.1f} events_per_article={events / n:.1f} "
        f"peak_rss_mb={peak_mb:.0f} coder={args.coder}"
    )


if __name__ == "__main__":
    main()
