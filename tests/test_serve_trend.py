"""`eventwire trend`: counts per period with gaps as zero, spikes by the rolling rule, and
a PNG of the size asked for."""

from __future__ import annotations

import struct
from pathlib import Path

from eventwire.store import aggregates
from eventwire.store.database import open_for_reading
from eventwire.store.query import EventFilter
from eventwire.store.trends import Period, all_periods, mark_spikes
from tests.cli import run_cli
from tests.serve_store import serve_store  # noqa: F401


def _png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def test_a_count_above_the_recent_range_is_a_spike() -> None:
    counts = [3, 4, 3, 4, 3, 4, 3, 4, 20, 4, 5]
    periods = mark_spikes([Period(str(i), n, None) for i, n in enumerate(counts)], 8, 2.0)
    assert [p.start for p in periods if p.spike] == ["8"]
    assert all(p.expected is None for p in periods[:8])  # too little history to judge
    flat = mark_spikes([Period(str(i), n, None) for i, n in enumerate([0] * 8 + [1, 3])], 8, 2.0)
    assert [p.spike for p in flat[8:]] == [False, True]  # sd of a flat run taken as 1


def test_quiet_periods_are_filled_in() -> None:
    assert all_periods("2023-01-02", "2023-01-23", "week") == [
        "2023-01-02",
        "2023-01-09",
        "2023-01-16",
        "2023-01-23",
    ]
    assert all_periods("2022-11", "2023-02", "month") == [
        "2022-11",
        "2022-12",
        "2023-01",
        "2023-02",
    ]


def test_trend_prints_counts_and_plots_a_png_of_the_asked_size(
    serve_store: Path,  # noqa: F811
    tmp_path: Path,
) -> None:
    out = tmp_path / "trend.png"
    result = run_cli(
        "trend", "--db", serve_store, "--country", "EGY", "--by", "day", "--plot", out,
        "--width", "640", "--height", "480",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert _png_size(out) == (640, 480)
    import matplotlib.image

    assert matplotlib.image.imread(out).shape[:2] == (480, 640)  # the whole image decodes
    rows = [line.split() for line in result.stdout.splitlines()[1:]]
    timeline = aggregates.timeline(open_for_reading(serve_store), EventFilter(country="EGY"))
    assert sum(int(row[1]) for row in rows) == sum(p["total"] for p in timeline["periods"]) > 0
    default = tmp_path / "default.png"
    result = run_cli("trend", "--db", serve_store, "--dyad", "KEN-EGY", "--plot", default)
    assert result.returncode == 0, result.stderr
    assert _png_size(default) == (1200, 700)


def test_trend_needs_one_country_or_dyad(serve_store: Path) -> None:  # noqa: F811
    for args in ([], ["--country", "EGY", "--dyad", "KEN-EGY"], ["--dyad", "KEN"]):
        result = run_cli("trend", "--db", serve_store, *args)
        assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1


def test_a_mistaken_option_is_one_line(serve_store: Path, tmp_path: Path) -> None:  # noqa: F811
    # before: a four-line box for --by year, and a PNG written into x.txt
    result = run_cli("trend", "--db", serve_store, "--country", "EGY", "--by", "year")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "eventwire: error: Invalid value for '--by': 'year' is not one of 'day', 'week', "
        "'month'. (`eventwire trend --help` lists the options)"
    ]
    text = tmp_path / "x.txt"
    result = run_cli("trend", "--db", serve_store, "--country", "EGY", "--plot", text)
    assert result.returncode == 2 and not text.exists()
    assert ".png, .svg or .pdf" in result.stderr and len(result.stderr.splitlines()) == 1
    drawing = tmp_path / "x.svg"
    assert (
        run_cli("trend", "--db", serve_store, "--country", "EGY", "--plot", drawing).returncode == 0
    )
    assert drawing.read_text("utf-8").lstrip().startswith("<?xml")
