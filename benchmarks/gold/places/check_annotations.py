"""Check an annotator's place file against the protocol before it is stored.

    python benchmarks/gold/places/check_annotations.py FILE GROUP

Each line is a toponym row or an article's closing row; the check reports every problem
(one line each) and exits non-zero when there is any.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from regions import drawn, regions

READINGS = {"literal", "metonymic"}
KINDS = {
    "country", "region", "district", "city", "neighbourhood", "landmark", "base", "prison",
    "crossing", "airport", "port", "water", "island", "mountain", "continent", "area", "other",
}  # fmt: skip
TOPONYM_KEYS = {"article", "start", "end", "text", "reading", "kind", "place", "geonameid",
                "lat", "lon"}  # fmt: skip


def problems(path: Path, group: int) -> list[str]:
    texts = {a: t for a, (_, _, t) in regions([r for r in drawn() if r["group"] == group]).items()}
    found: list[str] = []
    counted: dict[str, int] = {}
    closed: dict[str, int] = {}
    spans: dict[str, list[tuple[int, int]]] = {}
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as error:
            found.append(f"{where}: not JSON ({error})")
            continue
        article = row.get("article")
        if article not in texts:
            found.append(f"{where}: article {article!r} is not in group {group}")
            continue
        if row.get("done") is True:
            closed[article] = row.get("count", -1)
            continue
        if set(row) != TOPONYM_KEYS:
            found.append(f"{where}: keys must be {sorted(TOPONYM_KEYS)}")
            continue
        text, start, end = texts[article], row["start"], row["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text)):
            found.append(f"{where}: bad offsets {start}..{end}")
            continue
        if text[start:end] != row["text"]:
            found.append(
                f"{where}: text[{start}:{end}] is {text[start:end]!r}, not {row['text']!r}"
            )
        if row["reading"] not in READINGS:
            found.append(f"{where}: reading must be one of {sorted(READINGS)}")
        if row["kind"] not in KINDS:
            found.append(f"{where}: kind must be one of {sorted(KINDS)}")
        if row["geonameid"] is not None and not isinstance(row["geonameid"], int):
            found.append(f"{where}: geonameid must be an integer or null")
        lat, lon = row["lat"], row["lon"]
        if (lat is None) != (lon is None) or (
            lat is not None and not (-90 <= lat <= 90 and -180 <= lon <= 180)
        ):
            found.append(f"{where}: lat/lon must both be null or valid degrees")
        for other in spans.get(article, []):
            if start < other[1] and other[0] < end:
                found.append(f"{where}: overlaps another toponym at {other[0]}..{other[1]}")
        spans.setdefault(article, []).append((start, end))
        counted[article] = counted.get(article, 0) + 1
    for article in texts:
        if article not in closed:
            found.append(f'article {article}: no closing row {{"article": ..., "done": true}}')
        elif closed[article] != counted.get(article, 0):
            found.append(
                f"article {article}: closing count {closed[article]} but "
                f"{counted.get(article, 0)} toponym rows"
            )
    return found


def main() -> None:
    path, group = Path(sys.argv[1]), int(sys.argv[2])
    found = problems(path, group)
    for line in found:
        print(line)
    print(f"{path}: {'OK' if not found else f'{len(found)} problems'}")
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
