"""Event counts and mean Goldstein over time for a country or a dyad, with spikes: periods
whose count leaves the range of the periods just before them."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

WINDOW = 8  # N: how many earlier periods make "the recent range"
THRESHOLD = 2.0  # k: how many standard deviations above their mean is a spike
MIN_SD = 1.0  # a flat run (sd 0) still needs a count this far above it, times k


@dataclass
class Period:
    start: str
    events: int
    goldstein: float | None
    spike: bool = False
    expected: float | None = None  # the rolling mean + k·sd the count was held against


def all_periods(first: str, last: str, by: str) -> list[str]:
    """Every period key from first to last, so quiet periods count as zero."""
    if by == "month":
        year, month = int(first[:4]), int(first[5:7])
        keys = []
        while f"{year:04d}-{month:02d}" <= last:
            keys.append(f"{year:04d}-{month:02d}")
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return keys
    step = dt.timedelta(days=7 if by == "week" else 1)
    day, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    keys = []
    while day <= end:
        keys.append(day.isoformat())
        day += step
    return keys


def series(rows: list[dict], by: str) -> list[Period]:
    """Periods from a timeline's rows, gaps filled with zero events."""
    if not rows:
        return []
    found = {row["period"]: row for row in rows}
    keys = all_periods(rows[0]["period"], rows[-1]["period"], by)
    return [
        Period(key, found[key]["total"], found[key].get("goldstein"))
        if key in found
        else Period(key, 0, None)
        for key in keys
    ]


def mark_spikes(
    periods: list[Period], window: int = WINDOW, threshold: float = THRESHOLD
) -> list[Period]:
    """A period is a spike when its count is above mean + k·sd of the `window` periods
    before it (sd at least MIN_SD); the first `window` periods are never spikes."""
    for index in range(window, len(periods)):
        earlier = [p.events for p in periods[index - window : index]]
        mean = statistics.fmean(earlier)
        sd = max(statistics.pstdev(earlier), MIN_SD)
        periods[index].expected = round(mean + threshold * sd, 2)
        periods[index].spike = periods[index].events > mean + threshold * sd
    return periods
