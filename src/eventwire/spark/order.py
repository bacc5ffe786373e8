"""One number that orders every article of a Spark output as an ingest would meet them.

Spark has no arrival order, so each article carries `seq`: its run, then its file's place
in the run's input list, then its place in the file. Duplicates, first articles and first
mentions are decided by the smallest `seq`, as the SQLite store decides them by arrival.
"""

from __future__ import annotations

import re

RUN_BITS, FILE_BITS, RECORD_BITS = 15, 24, 24
DAY = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")


def seq_of(run: int, file_index: int, record: int) -> int:
    if not (0 < run < 1 << RUN_BITS and file_index < 1 << FILE_BITS and record < 1 << RECORD_BITS):
        raise ValueError(f"run {run}, file {file_index}, record {record}: beyond the order's room")
    return (run << (FILE_BITS + RECORD_BITS)) | (file_index << RECORD_BITS) | record


def run_of(seq: int) -> int:
    return seq >> (FILE_BITS + RECORD_BITS)


def day_of(value: str | None) -> str:
    """The partition a row goes to: its date's day (or month, or year), else `unknown`."""
    match = DAY.match(value or "")
    return match.group(0) if match else "unknown"
