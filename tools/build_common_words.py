"""Build `src/eventwire/data/geo/common-words.txt`: words news writes mostly in lower case.

A place whose whole name is such a word ("Rose", "Camp", "Mobile", "Reading") is a
place only with evidence (a locative word before it, a country after it), and an
airport's short name ("Hood") is not claimed when it is one. The list is counted from
the real-news corpus in ../shared, leaving out every article of the project's gold sets
(the event gold set and the place gold set), so no evaluation text shapes it: a word
counts when it is written in lower case at least MIN_LOWER times and at least as often
as it is capitalised inside a sentence.

    python tools/build_common_words.py
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import shared_path  # noqa: E402
from realnews_corpus import CORPUS  # noqa: E402

OUT = ROOT / "src" / "eventwire" / "data" / "geo" / "common-words.txt"
MIN_LOWER = 10
WORD = re.compile(r"(?<![.!?\"“]\s)(?<!^)\b([A-Za-z][a-z]{2,})\b", re.MULTILINE)


def gold_articles() -> set[str]:
    ids = set()
    for path in (
        "benchmarks/gold/realnews-sentences.jsonl",
        "benchmarks/gold/places/articles.jsonl",
    ):
        ids |= {json.loads(line)["article"] for line in (ROOT / path).read_text().splitlines()}
    return ids


def main() -> None:
    skip = gold_articles()
    lower: Counter[str] = Counter()
    upper: Counter[str] = Counter()
    with gzip.open(shared_path(*CORPUS), "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            if str(record["ID"]) in skip:
                continue
            for match in WORD.finditer(record.get("content_original") or ""):
                word = match.group(1)
                (lower if word[0].islower() else upper)[word.lower()] += 1
    words = sorted(w for w, n in lower.items() if n >= MIN_LOWER and n >= upper[w])
    header = (
        "# Words the real-news corpus writes mostly in lower case (tools/build_common_words.py:\n"
        f"# at least {MIN_LOWER} times in lower case, and at least as often as capitalised\n"
        "# inside a sentence; gold-set articles left out). A place named only by such a word\n"
        "# needs evidence to be a place. Counts from the corpus; edit freely.\n"
    )
    OUT.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
    print(f"articles_skipped={len(skip)} words={len(words)} -> {OUT}")


if __name__ == "__main__":
    main()
