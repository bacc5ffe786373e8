"""Time normalisation accuracy: on a gold file of real-world expressions (kept in the
repository) and on the date-bearing records of the PETRARCH validation suite.

Gold file: benchmarks/gold/time-expressions.tsv (expression, reference date, whether the
clause looks ahead, expected ISO value). A value is right when it equals the expected one.

PETRARCH suite: each record has a date; every DATE expression eventwire finds in its text
is normalised against that date, and counts as right when its value is a date within the
week before or after the record date (the suite's sentences report recent events), or a
year/month that contains it. It prints how many expressions were read at all, too.

    python benchmarks/eval_time.py [gold.tsv] [--show]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
from pathlib import Path

from _shared import shared_path
from eventwire.annotate import annotate
from eventwire.read.article import Article
from eventwire.when.normalise import normalise
from petrarch_records import read_records

HERE = Path(__file__).resolve().parent


def gold_accuracy(path: Path, show: bool) -> tuple[int, int]:
    lines = [line for line in path.read_text("utf-8").splitlines() if not line.startswith("#")]
    right = total = 0
    for row in csv.DictReader(lines, delimiter="\t"):
        total += 1
        value = normalise(
            row["expression"],
            dt.date.fromisoformat(row["reference"]),
            future=row["future"] == "yes",
        )
        got = value.value if value else None
        right += got == row["expected"]
        if show and got != row["expected"]:
            where = f"{row['expression']!r} @ {row['reference']}"
            print(f"  {where}: expected {row['expected']}, got {got}")
    return right, total


def _plausible(value: str, day: dt.date) -> bool:
    start = value.split("/")[0]
    if len(start) == 10:
        return abs((dt.date.fromisoformat(start) - day).days) <= 7
    return day.isoformat().startswith(start)


def petrarch_accuracy() -> tuple[int, int, int]:
    path = shared_path("data", "events", "petrarch2-validation", "PETR.UnitTest.records.xml")
    records = [r for r in read_records(path) if r.date and r.text]
    articles = [Article(text=r.text, published=r.date) for r in records]
    right = read = total = 0
    for record, document in zip(records, annotate(articles), strict=True):
        for entity in document.segments[0].doc.ents:
            if entity.label_ != "DATE":
                continue
            total += 1
            value = normalise(entity.text, record.date)  # type: ignore[arg-type]
            if value is not None:
                read += 1
                right += _plausible(value.value, record.date)  # type: ignore[arg-type]
    return right, read, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "gold", nargs="?", type=Path, default=HERE / "gold" / "time-expressions.tsv"
    )
    parser.add_argument("--show", action="store_true", help="print the gold rows it gets wrong")
    args = parser.parse_args()
    right, total = gold_accuracy(args.gold, args.show)
    print(f"gold_accuracy={right / total:.3f} ({right}/{total} expressions)")
    right, read, total = petrarch_accuracy()
    print(
        f"petrarch_accuracy={right / max(total, 1):.3f} ({right}/{total} DATE expressions; "
        f"{read} normalised)"
    )


if __name__ == "__main__":
    main()
