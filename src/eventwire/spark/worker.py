"""What runs on the executors: reading files into articles, and extracting articles.

Each Python worker builds the extractor (spaCy model, lexicon, dictionaries, gazetteer)
once and keeps it in `eventwire.store.extract_worker` for every later task of the run,
since Spark reuses Python workers. Articles go through the very `work` function that
`eventwire ingest` runs, in batches, so a Spark run finds what an ingest finds.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwire.actors.learned import LearnedNames
from eventwire.errors import Problem
from eventwire.read.article import Article
from eventwire.read.reader import ReadOptions, read_source, read_stream
from eventwire.read.sources import Source
from eventwire.spark.order import day_of
from eventwire.spark.tables import conform, extracted_schema, kinds
from eventwire.store import extract_worker
from eventwire.store.dedupe import band_keys, from_bytes
from eventwire.store.extract_worker import ExtractorSpec
from eventwire.store.writer import actor_rows, article_row, mention_row, place_rows

# (file index, record index, article or None, problem or None)
ReadRow = tuple[int, int, Article | None, str | None]


def read_local(files: Iterable[tuple[int, str]], options: ReadOptions) -> Iterator[ReadRow]:
    """Every article and problem of local files (visible to the executor), in order."""
    for index, name in files:
        items = read_source(Source(name, Path(name)), options)
        yield from _numbered(index, items)


def read_bytes(index: int, name: str, data: bytes, options: ReadOptions) -> Iterator[ReadRow]:
    """The same for a file Spark fetched from a Hadoop file system (hdfs://, s3a://)."""
    yield from _numbered(index, read_stream(io.BytesIO(data), name, options, len(data)))


def _numbered(index: int, items: Iterable[Article | Problem]) -> Iterator[ReadRow]:
    for record, item in enumerate(items):
        if isinstance(item, Problem):
            yield index, record, None, str(item)
        else:
            yield index, record, item, None


@dataclass(frozen=True)
class ShippedSpec:
    """An ExtractorSpec that travels: the user's dictionary files go as their bytes (an
    executor cannot see the driver's disk) and are written out once per worker."""

    key: str
    actors: tuple[tuple[str, bytes], ...]
    verbs: tuple[tuple[str, bytes], ...]
    statements: str
    learn_names: bool
    learned: LearnedNames | None
    coder: str = "rules"  # the event coder each worker builds (`--coder`)

    @classmethod
    def pack(cls, spec: ExtractorSpec) -> ShippedSpec:
        actors = tuple((p.name, p.read_bytes()) for p in spec.actors)
        verbs = tuple((p.name, p.read_bytes()) for p in spec.verbs)
        shipped = (actors, verbs, spec.statements, spec.learned, spec.coder)
        digest = hashlib.sha256(pickle.dumps(shipped))
        return cls(
            digest.hexdigest()[:16],
            actors,
            verbs,
            spec.statements,
            spec.learn_names,
            spec.learned,
            spec.coder,
        )

    def unpack(self) -> ExtractorSpec:
        folder = Path(tempfile.mkdtemp(prefix="eventwire-dictionaries-"))

        def written(kind: str, files: tuple[tuple[str, bytes], ...]) -> tuple[Path, ...]:
            paths = []
            for number, (name, data) in enumerate(files):
                path = folder / kind / str(number) / name
                path.parent.mkdir(parents=True)
                path.write_bytes(data)
                paths.append(path)
            return tuple(paths)

        return ExtractorSpec(
            actors=written("actors", self.actors),
            verbs=written("verbs", self.verbs),
            statements=self.statements,
            learn_names=self.learn_names,
            learned=self.learned,
            coder=self.coder,
        )


_LOADED: str | None = None  # the key of the spec this worker's extractor was built from


def _ensure_extractor(spec: ShippedSpec) -> None:
    global _LOADED
    if spec.key != _LOADED:
        extract_worker.init_worker(spec.unpack())
        _LOADED = spec.key


@dataclass(frozen=True)
class RunStamp:
    """What every article row of one run carries."""

    run: int
    ingested_at: str


# A fault test names one extraction partition whose first attempt fails midway, to show
# that Spark's retry leaves no duplicate and no gap. The driver passes the environment
# variable on to the tasks as a local property.
FAIL_ONCE_ENV = "EVENTWIRE_SPARK_FAIL_ONCE"
FAIL_ONCE_PROPERTY = "eventwire.fail_once"


class InjectedFailure(RuntimeError):
    """The failure a fault test asked for; never raised otherwise."""


def _fails_now() -> bool:
    from pyspark import TaskContext

    context = TaskContext.get()
    chosen = context.getLocalProperty(FAIL_ONCE_PROPERTY) if context else None
    return (
        context is not None
        and chosen is not None
        and int(chosen) == context.partitionId()
        and context.attemptNumber() == 0
    )


# (seq, error, article, mentions, actors, places, band keys): tables.extracted_schema()
Extracted = tuple[Any, ...]


def extract_partition(
    rows: Iterable[tuple[int, Article]], spec: ShippedSpec, stamp: RunStamp, batch_size: int
) -> Iterator[Extracted]:
    """Rows for the store's tables, from a partition of (order, article) pairs."""
    _ensure_extractor(spec)
    fail = _fails_now()
    batch: list[tuple[int, Article]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= batch_size:
            yield from _extract_batch(batch, stamp)
            batch = []
            if fail:  # after some rows have gone out, as a crash midway would
                raise InjectedFailure(f"injected failure on its first attempt ({FAIL_ONCE_ENV})")
    if batch:
        yield from _extract_batch(batch, stamp)
    if fail:
        raise InjectedFailure(f"injected failure on its first attempt ({FAIL_ONCE_ENV})")


def extract_arrow(
    batches: Iterable[Any], spec: ShippedSpec, stamp: RunStamp, batch_size: int
) -> Iterator[Any]:
    """`extract_partition` for `mapInArrow`: (seq, pickled article) batches in, batches of
    `tables.extracted_schema()` out. Arrow hands the rows to the JVM as columns, far
    cheaper than Spark converting each pickled row object by object."""
    import pyarrow as pa

    arrow_type = pa.struct(list(_arrow_schema()))

    def articles() -> Iterator[tuple[int, Article]]:
        for batch in batches:
            seqs, blobs = batch.column("seq").to_pylist(), batch.column("article").to_pylist()
            for seq, blob in zip(seqs, blobs, strict=True):
                yield seq, pickle.loads(blob)

    chunk: list[Extracted] = []
    for row in extract_partition(articles(), spec, stamp, batch_size):
        chunk.append(row)
        if len(chunk) >= batch_size:
            yield pa.RecordBatch.from_struct_array(pa.array(chunk, type=arrow_type))
            chunk = []
    if chunk:
        yield pa.RecordBatch.from_struct_array(pa.array(chunk, type=arrow_type))


@lru_cache(maxsize=1)
def _arrow_schema() -> Any:
    from pyspark.sql.pandas.types import to_arrow_schema

    return to_arrow_schema(extracted_schema())


def _extract_batch(batch: list[tuple[int, Article]], stamp: RunStamp) -> Iterator[Extracted]:
    results = extract_worker.work([article for _, article in batch])
    for (seq, _), item in zip(batch, results, strict=True):
        if "error" in item:
            yield (seq, item["error"], None, None, None, None, None)
        else:
            yield extracted_row(seq, item, stamp)


def extracted_row(seq: int, item: dict[str, Any], stamp: RunStamp) -> Extracted:
    """One article's rows for every table, as the store's writer would build them, with
    the order (`seq`) and date folder (`day`) the Parquet tables add."""
    record = item["record"]
    article = article_row(item, stamp.run, None, stamp.ingested_at)
    day = day_of(article["published"])
    own = {"seq": seq, "day": day}
    mentions = [
        conform(
            {
                **mention_row(event, article["id"], tuple(sentence)),  # type: ignore[arg-type]
                **own,
                "position": position,
                "outlet": article["outlet"],
            },
            kinds("mentions"),
        )
        for position, (event, sentence) in enumerate(
            zip(record["events"], item["sentences"], strict=True)
        )
    ]
    return (
        seq,
        None,
        conform({**article, **own, "minhash": item["minhash"]}, kinds("articles")),
        mentions,
        [conform({**row, **own}, kinds("actors")) for row in actor_rows(record)],
        [conform({**row, **own}, kinds("places")) for row in place_rows(record)],
        band_keys(from_bytes(item["minhash"])),
    )
