"""Write one annotation group's articles for an annotator: a readable text file and the
regions as JSON (for computing character offsets).

    python benchmarks/gold/places/show_batch.py GROUP OUTDIR
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from regions import drawn, regions


def main() -> None:
    group, out = int(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    chosen = regions([r for r in drawn() if r["group"] == group])
    with open(out / f"group-{group}.txt", "w", encoding="utf-8") as handle:
        for article, (row, title, text) in chosen.items():
            handle.write(
                f"=== article {article} | {row['source']} | {row['published']}\n"
                f"title (not annotated): {title}\n--- region ({len(text)} chars):\n{text}\n\n"
            )
    (out / f"group-{group}.json").write_text(
        json.dumps({a: text for a, (_, _, text) in chosen.items()}, ensure_ascii=False),
        encoding="utf-8",
    )
    print(f"group {group}: {len(chosen)} articles -> {out}")


if __name__ == "__main__":
    main()
