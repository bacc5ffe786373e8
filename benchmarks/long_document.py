"""One very long document through `eventwire extract`: time and peak memory stay bounded.

Builds a text of about 2 MB from corpus articles (one document, paragraphs kept), runs the
real `eventwire extract` on it in a fresh process, and prints the seconds, the peak RSS
of that process, and the warning that says where the body's parse stopped.

    python benchmarks/long_document.py [--megabytes 2]
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from realnews_corpus import corpus_lines, read_corpus_articles


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=2.0)
    args = parser.parse_args()
    target = int(args.megabytes * 1_000_000)
    texts, size, lines = [], 0, corpus_lines()
    for start in range(0, len(lines), 200):
        for article in read_corpus_articles(lines[start : start + 200]):
            texts.append(article.text)
            size += len(article.text) + 2
        if size >= target:
            break
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.txt"
        path.write_text("\n\n".join(texts), "utf-8")
        started = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-m", "eventwire", "extract", str(path), "--published", "2020-01-01"],
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    cut = next((w for w in result.stderr.splitlines() if "parsed up to" in w), "no cut")
    print(
        f"bytes={path.stat().st_size if path.exists() else size} exit={result.returncode} "
        f"seconds={seconds:.1f} peak_rss_mb={rss:.0f}"
    )
    print(f"note: {cut.split(': ', 2)[-1]}")


if __name__ == "__main__":
    main()
