"""Merge the two annotations of every group and the settler's decisions into `gold.jsonl`.

    python benchmarks/gold/places/merge.py

A toponym both annotators marked with the same reading and points within 161 km is gold
as annotator A wrote it. Every other case was settled (`settled.jsonl`: one row per
difference id, `keep` true or false and, when kept, the settled `reading`, `kind`,
`place`, `geonameid`, `lat`, `lon`). Each gold row carries its article's split.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from regions import drawn  # noqa: E402

from agreement import FOLDER, differences, toponyms  # noqa: E402

FIELDS = ("reading", "kind", "place", "geonameid", "lat", "lon")


def main() -> None:
    settled_path = HERE / "settled.jsonl"
    settled = {
        row["id"]: row
        for row in (
            json.loads(line) for line in settled_path.read_text("utf-8").splitlines() if line
        )
    }
    split = {row["article"]: row["split"] for row in drawn()}
    gold = []
    missing = []
    for group in range(1, 9):
        a, b = (toponyms(FOLDER / f"group-{group}.{label}.jsonl") for label in "AB")
        open_ids = {d["id"]: d for d in differences(group, a, b)}
        for key in sorted(a.keys() | b.keys()):
            ident = f"g{group}:{key[0]}:{key[1]}-{key[2]}"
            row = dict(a.get(key) or b[key])
            if ident in open_ids:
                decision = settled.get(ident)
                if decision is None:
                    missing.append(ident)
                    continue
                if not decision["keep"]:
                    continue
                row.update({field: decision[field] for field in FIELDS})
            row["split"] = split[key[0]]
            gold.append(row)
    if missing:
        sys.exit(f"{len(missing)} differences not settled, e.g. {missing[0]}")
    with open(HERE / "gold.jsonl", "w", encoding="utf-8") as handle:
        for row in gold:
            handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
    counts = {s: sum(r["split"] == s for r in gold) for s in ("dev", "test")}
    print(f"gold toponyms={len(gold)} dev={counts['dev']} test={counts['test']}")


if __name__ == "__main__":
    main()
