"""Agreement between the two annotators of each group, and the list of differences to settle.

    python benchmarks/gold/places/agreement.py [--differences FILE]

Toponyms are matched by exact span (the same article and offsets). Printed per group and
overall: span F1 between the annotators (exact, and counting overlapping spans as
matched), reading agreement and Cohen's kappa on the matched spans, kind agreement, and
the share of matched spans whose two points lie within 161 km. `--differences` writes
every difference as a JSON line for the settler: a span only one annotator marked, a
reading they differ on, or points more than 161 km apart.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from eventwire.where.distance import distance_km

HERE = Path(__file__).resolve().parent
FOLDER = HERE / "annotations"
WITHIN_KM = 161.0


def toponyms(path: Path) -> dict[tuple[str, int, int], dict]:
    rows = (json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip())
    return {(r["article"], r["start"], r["end"]): r for r in rows if not r.get("done")}


def kappa(pairs: list[tuple[str, str]]) -> float:
    if not pairs:
        return float("nan")
    observed = sum(a == b for a, b in pairs) / len(pairs)
    left, right = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(left[k] * right[k] for k in left) / len(pairs) ** 2
    return (observed - expected) / (1 - expected) if expected < 1 else 1.0


def far_apart(a: dict, b: dict) -> bool:
    if a["lat"] is None or b["lat"] is None:
        return (a["lat"] is None) != (b["lat"] is None)
    return distance_km(a["lat"], a["lon"], b["lat"], b["lon"]) > WITHIN_KM


def compare(a: dict, b: dict) -> dict[str, float]:
    both = a.keys() & b.keys()
    overlap_a = sum(any(k[0] == o[0] and k[1] < o[2] and o[1] < k[2] for o in b) for k in a)
    overlap_b = sum(any(k[0] == o[0] and k[1] < o[2] and o[1] < k[2] for o in a) for k in b)
    located = [k for k in both if a[k]["lat"] is not None and b[k]["lat"] is not None]
    return {
        "a": len(a),
        "b": len(b),
        "matched": len(both),
        "span_f1": 2 * len(both) / (len(a) + len(b)) if a or b else 1.0,
        "overlap_f1": (overlap_a + overlap_b) / (len(a) + len(b)) if a or b else 1.0,
        "reading": sum(a[k]["reading"] == b[k]["reading"] for k in both) / max(len(both), 1),
        "kappa": kappa([(a[k]["reading"], b[k]["reading"]) for k in both]),
        "kind": sum(a[k]["kind"] == b[k]["kind"] for k in both) / max(len(both), 1),
        "within_161": sum(not far_apart(a[k], b[k]) for k in located) / max(len(located), 1),
    }


def differences(group: int, a: dict, b: dict) -> list[dict]:
    found = []
    for key in sorted(a.keys() | b.keys()):
        left, right = a.get(key), b.get(key)
        why = []
        if left is None or right is None:
            why.append("only one annotator marked this span")
        else:
            if left["reading"] != right["reading"]:
                why.append("reading differs")
            if far_apart(left, right):
                why.append("points more than 161 km apart")
        if why:
            found.append(
                {
                    "id": f"g{group}:{key[0]}:{key[1]}-{key[2]}",
                    "group": group,
                    "article": key[0],
                    "start": key[1],
                    "end": key[2],
                    "why": why,
                    "A": left,
                    "B": right,
                }
            )
    return found


def line(name: str, figures: dict[str, float]) -> str:
    return (
        f"{name:8} A={figures['a']:4} B={figures['b']:4} matched={figures['matched']:4} "
        f"span_f1={figures['span_f1']:.3f} overlap_f1={figures['overlap_f1']:.3f} "
        f"reading={figures['reading']:.3f} kappa={figures['kappa']:.3f} "
        f"kind={figures['kind']:.3f} points_within_161km={figures['within_161']:.3f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--differences", type=Path)
    args = parser.parse_args()
    all_a: dict = {}
    all_b: dict = {}
    diffs: list[dict] = []
    for group in range(1, 9):
        paths = [FOLDER / f"group-{group}.{label}.jsonl" for label in "AB"]
        if not all(p.exists() for p in paths):
            print(f"group {group}: not both annotations yet")
            continue
        a, b = (toponyms(p) for p in paths)
        print(line(f"group {group}", compare(a, b)))
        all_a.update(a)
        all_b.update(b)
        diffs += differences(group, a, b)
    if not all_a:
        sys.exit("no group has both annotations")
    print(line("overall", compare(all_a, all_b)))
    print(f"differences to settle: {len(diffs)}")
    if args.differences:
        args.differences.write_text(
            "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in diffs), "utf-8"
        )


if __name__ == "__main__":
    main()
