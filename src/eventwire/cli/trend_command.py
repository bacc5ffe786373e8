"""`eventwire trend`: counts and mean Goldstein over time for a country or a dyad, with
spikes marked, printed and (with --plot) drawn by matplotlib."""

from __future__ import annotations

import re
import sys
from enum import StrEnum
from pathlib import Path

import typer

from eventwire.cli.store_commands import check_date_options
from eventwire.store.trends import MIN_SD, THRESHOLD, WINDOW, Period


class By(StrEnum):
    day = "day"
    week = "week"
    month = "month"


# The drawing formats --plot writes, by file extension.
PLOT_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf"}


def trend_command(
    db: Path = typer.Option(..., "--db", help="The SQLite database written by `eventwire ingest`."),
    country: str | None = typer.Option(
        None, help="Events placed in this country (ISO alpha-3, e.g. UKR)."
    ),
    dyad: str | None = typer.Option(
        None, help="SOURCE-TARGET code prefixes, e.g. RUS-UKR (events by RUS* towards UKR*)."
    ),
    by: By = typer.Option(By.week, "--by", help="Period: day, week (from Monday) or month."),
    since: str | None = typer.Option(None, help="From this date (YYYY-MM-DD)."),
    until: str | None = typer.Option(None, help="Up to this date (YYYY-MM-DD)."),
    window: int = typer.Option(
        WINDOW, "--window", min=2, max=520, help="N: the earlier periods a count is held against."
    ),
    threshold: float = typer.Option(
        THRESHOLD, "--k", min=0.0, max=20.0, help="k: standard deviations above their mean."
    ),
    plot: Path | None = typer.Option(
        None, "--plot", help="Also draw the trend to this file: .png, .svg or .pdf."
    ),
    width: int = typer.Option(1200, min=300, max=6000, help="PNG width in pixels."),
    height: int = typer.Option(700, min=200, max=6000, help="PNG height in pixels."),
) -> None:
    """Event counts and mean Goldstein per period for a country or a dyad. A period is
    marked as a **spike** when its count is above the mean + k·sd of the N periods before
    it (defaults N = 8, k = 2; sd taken as at least 1, so one event after a quiet run is no
    spike). Periods with no events count as zero; events dated only to a month or a year
    are left out (the summary line says how many)."""
    from eventwire.errors import UsageError
    from eventwire.store import aggregates
    from eventwire.store.database import open_for_reading
    from eventwire.store.query import EventFilter
    from eventwire.store.trends import mark_spikes, series

    if (country is None) == (dyad is None):
        raise UsageError("give one of --country UKR or --dyad RUS-UKR")
    if plot is not None and plot.suffix.lower() not in PLOT_FORMATS:
        raise UsageError(f"--plot {plot}: give a file ending in .png, .svg or .pdf")
    query = EventFilter(since=since, until=until)
    if country is not None:
        if not re.fullmatch(r"[A-Za-z]{3}", country):
            raise UsageError(f"--country {country!r}: expected an ISO alpha-3 code such as UKR")
        query.country = country.upper()
        title = f"events placed in {country.upper()}"
    else:
        match = re.fullmatch(r"([A-Za-z0-9]{3,15})-([A-Za-z0-9]{3,15})", dyad or "")
        if match is None:
            raise UsageError(f"--dyad {dyad!r}: expected SOURCE-TARGET such as RUS-UKR")
        query.source, query.target = match.group(1).upper(), match.group(2).upper()
        title = f"events {query.source} -> {query.target}"
    check_date_options(since, until)
    connection = open_for_reading(db)
    timeline = aggregates.timeline(connection, query, by.value)
    periods = mark_spikes(series(timeline["periods"], by.value), window, threshold)
    print(f"{'period':<10}  {'events':>6}  {'goldstein':>9}  spike")
    for period in periods:
        mean = "-" if period.goldstein is None else f"{period.goldstein:+.2f}"
        flag = f"spike (> {period.expected:g})" if period.spike else ""
        print(f"{period.start:<10}  {period.events:>6}  {mean:>9}  {flag}".rstrip())
    spikes = sum(p.spike for p in periods)
    print(
        f"{title}: {sum(p.events for p in periods)} events in {len(periods)} {by.value}s, "
        f"{spikes} spikes (count > mean + {threshold:g}·sd of the previous {window}, "
        f"sd >= {MIN_SD:g}); {timeline['without_day']} events without a day left out",
        file=sys.stderr,
    )
    if plot is not None:
        if not periods:
            raise UsageError("no dated events match: nothing to plot")
        draw(periods, plot, f"{title}, per {by.value}", width, height)
        print(f"wrote {plot} ({width}x{height})", file=sys.stderr)


def draw(periods: list[Period], path: Path, title: str, width: int, height: int) -> None:
    """Counts as bars with spikes in red, mean Goldstein as a line below; exactly
    width x height pixels (100 dpi, no tight cropping)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from eventwire.errors import EventwireError

    dpi = 100
    figure, (counts, tone) = plt.subplots(
        2, 1, figsize=(width / dpi, height / dpi), dpi=dpi, sharex=True, height_ratios=[2, 1]
    )
    x = range(len(periods))
    colours = ["#c0392b" if p.spike else "#4a7fb5" for p in periods]
    counts.bar(x, [p.events for p in periods], color=colours, width=0.9)
    for index, period in enumerate(periods):
        if period.spike:
            counts.annotate("spike", (index, period.events), ha="center", va="bottom", fontsize=7)
    counts.set_ylabel("events")
    counts.set_title(title)
    tone.plot(
        [i for i, p in enumerate(periods) if p.goldstein is not None],
        [p.goldstein for p in periods if p.goldstein is not None],
        marker=".",
        linewidth=1,
        color="#222",
    )
    tone.axhline(0, color="#999", linewidth=0.6)
    tone.set_ylim(-10.5, 10.5)
    tone.set_ylabel("mean Goldstein")
    step = max(1, len(periods) // 10)
    tone.set_xticks(list(x)[::step], [p.start for p in periods][::step], rotation=30, ha="right")
    figure.subplots_adjust(left=0.07, right=0.98, bottom=0.16, top=0.94, hspace=0.08)
    try:
        figure.savefig(path, format=PLOT_FORMATS[path.suffix.lower()], dpi=dpi)
    except OSError as error:
        raise EventwireError(f"{path}: cannot write: {error.strerror or error}") from None
    finally:
        plt.close(figure)
