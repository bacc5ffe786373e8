"""Inputs a scraper or a bad disk can deliver, as Hypothesis strategies, and the one check
every reader must pass on each: yield only articles and problems, never raise, and finish
within a time limit. Used by `tests/test_fuzz.py` (a short run) and `benchmarks/fuzz.py`
(a run for a time budget)."""

from __future__ import annotations

import gzip
import io
import json
import signal
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from hypothesis import strategies as st

from eventwire.errors import Problem
from eventwire.read import Article, read_stream
from eventwire.read.cleanup import clean_text
from eventwire.read.reader import ReadOptions
from eventwire.read.rules import load_rules

PARAGRAPH = (
    "Russian troops began joint drills with Belarus on Thursday near the Ukrainian border, "
    "the defence ministry in Minsk said, as Western leaders warned of sanctions."
)
TEXT = f"Drills begin\n\n{PARAGRAPH}\n\n× Continue reading\n\n{PARAGRAPH} Photo: AFP"
HTML = (
    "<html><head><title>Drills begin</title><meta property='og:title' content='Drills'>"
    f"</head><body><article><h1>Drills begin</h1><p>{PARAGRAPH}</p><figure><img src='a.jpg'>"
    f"<figcaption>Troops in Belarus. Photo: AFP</figcaption></figure><p>{PARAGRAPH}</p>"
    "</article></body></html>"
)
FEED = (
    "<?xml version='1.0'?><rss version='2.0'><channel><title>News</title>"
    f"<item><title>Drills</title><link>https://example.org/1</link><description>{PARAGRAPH}"
    "</description></item></channel></rss>"
)
JSONL = "".join(json.dumps({"title": f"Story {i}", "text": PARAGRAPH}) + "\n" for i in range(5))


def _warc() -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=True)
    for number in range(3):
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"https://example.org/{number}",
            "response",
            payload=io.BytesIO(HTML.encode()),
            http_headers=headers,
        )
        writer.write_record(record)
    return buffer.getvalue()


SEEDS = [s.encode() for s in (TEXT, HTML, FEED, JSONL)]
SEEDS += [gzip.compress(s) for s in list(SEEDS)] + [_warc()]


def _mutate(data: bytes, cuts: list[tuple[int, int, bytes]]) -> bytes:
    """Apply edits (position, bytes to drop, bytes to insert), positions taken modulo size."""
    for position, drop, insert in cuts:
        at = position % (len(data) + 1)
        data = data[:at] + insert + data[at + drop :]
    return data


def _deep_html(depth: int, tag: str) -> bytes:
    return (f"<{tag}>" * depth + PARAGRAPH + f"</{tag}>" * depth).encode()


def _huge_attribute(size: int) -> bytes:
    return f"<html><body><p title='{'x' * size}'>{PARAGRAPH}</p></body></html>".encode()


def _gzip_bomb(megabytes: int) -> bytes:
    return gzip.compress(b"\0" * (megabytes * 1024 * 1024), compresslevel=9)


def inputs() -> st.SearchStrategy[bytes]:
    """Random bytes; seeds of every format cut, patched and truncated; pathological HTML;
    gzip bombs."""
    edits = st.lists(
        st.tuples(st.integers(0, 1 << 20), st.integers(0, 64), st.binary(max_size=32)),
        max_size=6,
    )
    mutated = st.builds(_mutate, st.sampled_from(SEEDS), edits)
    truncated = st.builds(
        lambda seed, n: seed[: n % (len(seed) + 1)], st.sampled_from(SEEDS), st.integers(0, 1 << 16)
    )
    return st.one_of(
        st.binary(max_size=4096),
        mutated,
        truncated,
        st.builds(_deep_html, st.integers(1, 5000), st.sampled_from(["div", "p", "b", "table"])),
        st.builds(_huge_attribute, st.integers(1, 2_000_000)),
        st.builds(_gzip_bomb, st.integers(1, 40)),
        st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass")),
    )


class Hang(Exception):
    """A document took longer than the per-document time limit."""


@dataclass
class Tally:
    """What a fuzzing run saw."""

    inputs: int = 0
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    slowest: float = 0.0


def _on_alarm(signum: int, frame: object) -> None:
    raise Hang()


def check(data: bytes, tally: Tally, limit: float = 10.0) -> None:
    """Read `data` as a file would be read, and clean its text; any exception is a crash,
    any document past `limit` seconds a hang (the alarm stops it)."""
    tally.inputs += 1
    previous: Callable | int | None = signal.signal(signal.SIGALRM, _on_alarm)  # type: ignore[type-arg]
    signal.setitimer(signal.ITIMER_REAL, limit)
    started = time.perf_counter()
    try:
        for item in read_stream(io.BytesIO(data), "fuzz", ReadOptions()):
            if not isinstance(item, Article | Problem):
                raise TypeError(f"reader yielded a {type(item).__name__}")
        clean_text(data.decode("utf-8", "replace")[:20_000], load_rules(), title=None)
    except Hang:
        tally.hangs.append(repr(data[:120]))
    except Exception as exc:  # a crash: exactly what fuzzing looks for
        tally.crashes.append(f"{type(exc).__name__}: {exc} <- {data[:120]!r}")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        tally.slowest = max(tally.slowest, time.perf_counter() - started)
