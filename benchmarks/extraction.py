"""Score eventwire's HTML reader on the Zyte article-extraction benchmark (181 pages).

Scoring follows the benchmark's own method: `\\w+` tokens, multisets of 4-token
shingles, per-page tp/fp/fn, macro precision and recall, F1 of the two means.
Speed is pages per second on one core, HTML already decoded (as the benchmark's
published baseline measured it), best of three passes.

    python benchmarks/extraction.py [--passes 3] [--trafilatura]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable

from _shared import shared_path
from eventwire.read import Article, load_rules, read_html

TOKEN = re.compile(r"\w+")


def shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    tokens = TOKEN.findall(text)
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def page_scores(truth: str, prediction: str) -> tuple[float | None, float | None]:
    """Per-page (precision, recall); None where the benchmark leaves the page out."""
    gold, pred = shingles(truth), shingles(prediction)
    tp = sum((gold & pred).values())
    fp = sum(pred.values()) - tp
    fn = sum(gold.values()) - tp
    if fp == 0 and fn == 0:
        return 1.0, 1.0
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall


def score(truths: dict[str, str], predictions: dict[str, str]) -> tuple[float, float, float]:
    precisions, recalls = [], []
    for key, truth in truths.items():
        precision, recall = page_scores(truth, predictions.get(key, ""))
        if precision is not None:
            precisions.append(precision)
        if recall is not None:
            recalls.append(recall)
    p = sum(precisions) / len(precisions)
    r = sum(recalls) / len(recalls)
    return 2 * p * r / (p + r), p, r


def run(
    pages: dict[str, str], extract: Callable[[str, str], str], passes: int
) -> tuple[dict, float]:
    for key in list(pages)[:3]:
        extract(key, pages[key])
    best = float("inf")
    predictions: dict[str, str] = {}
    for _ in range(passes):
        start = time.perf_counter()
        predictions = {key: extract(key, html) for key, html in pages.items()}
        best = min(best, time.perf_counter() - start)
    return predictions, len(pages) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--trafilatura", action="store_true", help="also score trafilatura alone")
    args = parser.parse_args()

    root = shared_path("data", "extraction", "article-extraction-benchmark")
    truth = json.loads((root / "ground-truth.json").read_text("utf-8"))
    truths = {key: item["articleBody"] for key, item in truth.items()}
    pages = {
        key: gzip.decompress((root / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8")
        for key in truths
    }
    rules = load_rules()

    def eventwire_body(key: str, html: str) -> str:
        result = read_html(html, key, rules, url=truth[key].get("url"))
        return result.text if isinstance(result, Article) else ""

    predictions, speed = run(pages, eventwire_body, args.passes)
    f1, p, r = score(truths, predictions)
    print(f"f1={f1:.3f} precision={p:.3f} recall={r:.3f} pages_per_s={speed:.0f}")

    if args.trafilatura:
        import trafilatura

        def trafilatura_body(key: str, html: str) -> str:
            return trafilatura.extract(html) or ""

        predictions, speed = run(pages, trafilatura_body, args.passes)
        f1, p, r = score(truths, predictions)
        figures = f"f1={f1:.3f} precision={p:.3f} recall={r:.3f} pages_per_s={speed:.0f}"
        print(f"trafilatura alone: {figures}")


if __name__ == "__main__":
    main()
