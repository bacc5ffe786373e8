"""Property-based fuzzing of every reader and the clean-up (a short run; the long one is
`benchmarks/fuzz.py --seconds N`): random and mutated bytes of every format, truncated
and corrupt gzip, WARC, feeds, HTML and JSON Lines, deep nesting, huge attributes and gzip
bombs never raise, never hang, and yield only articles and problems."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz_inputs import Tally, check, inputs

TALLY = Tally()


@settings(
    max_examples=150,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
@given(inputs())
def test_readers_survive_any_bytes(data: bytes) -> None:
    before = (len(TALLY.crashes), len(TALLY.hangs))
    check(data, TALLY)
    assert (len(TALLY.crashes), len(TALLY.hangs)) == before, TALLY.crashes[-1:] + TALLY.hangs[-1:]


def test_a_gzip_bomb_is_stopped_at_the_size_limit() -> None:
    from tests.fuzz_inputs import _gzip_bomb

    tally = Tally()
    check(_gzip_bomb(40), tally)
    assert tally.crashes == [] and tally.hangs == []


class _Interrupted(KeyboardInterrupt):
    """Ctrl-C, delivered at a chosen SQL statement of the store's writer."""


class _CountingConnection:
    """The writer's connection, interrupted at its `stop_at`-th statement."""

    def __init__(self, connection, stop_at: int) -> None:  # type: ignore[no-untyped-def]
        self._connection = connection
        self._left = stop_at

    def _tick(self) -> None:
        self._left -= 1
        if self._left == 0:
            raise _Interrupted()

    def execute(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self._tick()
        return self._connection.execute(*args, **kwargs)

    def executemany(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self._tick()
        return self._connection.executemany(*args, **kwargs)

    def __getattr__(self, name: str):  # type: ignore[no-untyped-def]
        return getattr(self._connection, name)


@settings(max_examples=6, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(stop_at=st.integers(1, 120))
def test_an_ingest_interrupted_at_any_statement_keeps_only_whole_articles(stop_at: int) -> None:
    import sqlite3
    import tempfile
    from pathlib import Path

    import pytest

    from eventwire.read.reader import ReadOptions
    from eventwire.store import ingest as ingest_module
    from eventwire.store.extract_worker import ExtractorSpec
    from tests.store_samples import story, write_jsonl
    from tests.test_store import _whole_articles

    original = ingest_module.Writer

    class InterruptedWriter(original):  # type: ignore[misc,valid-type]
        def __init__(self, connection, path) -> None:  # type: ignore[no-untyped-def]
            super().__init__(_CountingConnection(connection, stop_at), path)

    with tempfile.TemporaryDirectory() as folder:
        stories = write_jsonl(Path(folder) / "s.jsonl", [story(i) for i in range(6)])
        db = Path(folder) / "events.db"
        spec = ExtractorSpec(learn_names=False)
        ingest_module.Writer = InterruptedWriter
        try:
            with pytest.raises(_Interrupted):
                ingest_module.ingest([str(stories)], db, ReadOptions(), spec)
        except pytest.fail.Exception:
            pass  # stop_at lay past the last statement: the ingest simply finished
        finally:
            ingest_module.Writer = original
        _whole_articles(db)
        report = ingest_module.ingest([str(stories)], db, ReadOptions(), spec)
        assert report.errors == 0
        _whole_articles(db)
        with sqlite3.connect(db) as connection:
            assert connection.execute("SELECT count(*) FROM articles").fetchone()[0] == 6


def test_a_damaged_warc_that_broke_warcio_is_one_problem() -> None:
    """Found by the fuzzer: warcio raised AttributeError inside its parser on this input."""
    import io

    from eventwire.errors import Problem
    from eventwire.read import read_stream

    data = (
        b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x00\xd4RMs\xe20\x0c\xbd3\xc3\x7f\xd0\x8dKCH!"
        b"\x81\xcd\x86\xcc\x00i\x81\xb6\xb4)M\xa7&Ko\x16\x89\xdb`glg\xb6\xfc\xfbu\x12\xba\x1f"
        b"\xfd\x07{\xb3\xf5\x9e\x9e\xf4$\xbd\xcc\xb6\x0b\xdb\xe9\x0f\xba\x9d\x17\xf3\xb2\x92S"
        b"\x89>HT\xa5\xe0\n\x01"
    )
    items = list(read_stream(io.BytesIO(data), "damaged.warc.gz"))
    assert all(isinstance(i, Problem) for i in items)
    assert any("truncated or corrupt WARC" in i.message for i in items)  # type: ignore[union-attr]
