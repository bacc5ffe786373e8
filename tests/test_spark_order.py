"""The pure parts of `eventwire spark` that make it decide as the store does, without Spark:
arrival order as a number, first-wins admission, and the tie-free choice of duplicate."""

from __future__ import annotations

import pytest

from eventwire.spark.merge import admit_in_order
from eventwire.spark.order import day_of, run_of, seq_of
from eventwire.store.dedupe import DuplicateIndex, band_keys, closest, signature, to_bytes
from eventwire.store.writer import KnownArticles


def test_seq_orders_by_run_then_file_then_record() -> None:
    keys = [(1, 0, 5), (1, 0, 6), (1, 1, 0), (2, 0, 0)]
    seqs = [seq_of(*key) for key in keys]
    assert seqs == sorted(seqs) and len(set(seqs)) == len(seqs)
    assert [run_of(seq) for seq in seqs] == [1, 1, 1, 2]
    with pytest.raises(ValueError):
        seq_of(1, 0, 1 << 24)


def test_admission_is_first_wins_by_id_or_canonical_url_as_the_store() -> None:
    rows = [
        (0, 0, "a", "u1", None),
        (0, 1, "b", "u1", None),  # same URL as an admitted article: known
        (0, 2, "b", "u2", None),  # its id was never stored, so this one is new
        (0, 3, None, None, "bad.warc: corrupt"),
        (1, 0, "a", None, None),  # same id: known
    ]
    admission = admit_in_order(rows, KnownArticles({"z"}, set()))
    assert admission.rejected == {(0, 1), (1, 0)}
    assert (admission.read, admission.known, admission.problems) == (4, 2, 1)


def test_closest_breaks_ties_by_the_smallest_id() -> None:
    assert closest([("b", 0.9), ("a", 0.9), ("c", 0.5)]) == ("a", 0.9)
    assert closest([]) is None


def test_shared_band_keys_are_exactly_the_index_candidates() -> None:
    text = " ".join(f"word{i}" for i in range(300))
    near = text.replace("word150", "changed")
    other = " ".join(f"other{i}" for i in range(300))
    index = DuplicateIndex()
    index.add("original", signature(text))
    index.add("unrelated", signature(other))
    probe = signature(near)
    shared = {
        name
        for name, source in (("original", text), ("unrelated", other))
        if set(band_keys(signature(source))) & set(band_keys(probe))
    }
    assert shared == set(index.lsh.query(probe)) == {"original"}
    assert index.nearest(probe)[0] == "original"
    assert len(to_bytes(probe)) == 128 * 8


def test_day_of_partitions_by_the_dates_precision() -> None:
    assert day_of("2024-03-05T10:00:00") == "2024-03-05"
    assert day_of("2024-03") == "2024-03"
    assert day_of(None) == day_of("soon") == "unknown"


def test_a_failed_task_is_reported_by_its_python_error() -> None:
    from eventwire.spark.session import failure

    spark_message = (
        "org.apache.spark.api.python.PythonException: An exception was thrown from the"
        ' Python worker:\nTraceback (most recent call last):\n  File "w.py", line 3, in f\n'
        "    raise InjectedFailure(...)\neventwire.spark.worker.InjectedFailure: injected\n\n"
        "\tat org.apache.spark.api.python.BasePythonRunner.handlePythonException"
    )
    assert str(failure(RuntimeError(spark_message))) == (
        "the Spark job failed: InjectedFailure: injected"
    )
    assert str(failure(RuntimeError("Java gateway process exited\nmore"))) == (
        "the Spark job failed: Java gateway process exited"
    )
