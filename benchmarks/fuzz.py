"""Fuzz every reader and the clean-up for a time budget (Hypothesis), with a per-document
time limit, and print what was seen:

    inputs= crashes= hangs= max_rss_mb= slowest_s=

Inputs (tests/fuzz_inputs.py): random bytes; text, HTML, RSS, JSON Lines, gzip and WARC
seeds cut, patched and truncated; deeply nested HTML; huge attributes; gzip bombs. A crash
is any exception out of a reader; a hang is a document that takes longer than the limit.
Exits 1 when there were crashes or hangs, printing the first few.

    python benchmarks/fuzz.py --seconds 1800 [--limit 10]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from hypothesis import HealthCheck, given, settings
from tests.fuzz_inputs import Tally, check, inputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="time budget")
    parser.add_argument("--limit", type=float, default=10.0, help="seconds per document")
    args = parser.parse_args()
    tally = Tally()

    @settings(
        max_examples=200, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(inputs())
    def round_of(data: bytes) -> None:
        check(data, tally, args.limit)

    ends = time.monotonic() + args.seconds
    rounds = 0
    while time.monotonic() < ends:
        round_of()
        rounds += 1
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"inputs={tally.inputs} crashes={len(tally.crashes)} hangs={len(tally.hangs)} "
        f"max_rss_mb={rss:.0f} slowest_s={tally.slowest:.2f} rounds={rounds} "
        f"seconds={args.seconds:.0f} limit_s={args.limit:.0f}"
    )
    for line in (tally.crashes + tally.hangs)[:5]:
        print(f"  {line[:300]}")
    sys.exit(1 if tally.crashes or tally.hangs else 0)


if __name__ == "__main__":
    main()
