"""Geoparsing accuracy against gold toponyms: recognition and resolution.

Reads a gold file in the GeoWebNews format (`GWN.xml`: articles with <text> and
<toponyms>, each with start, end, type, latitude, longitude) or GeoVirus's format
(`GeoVirus.xml`: <locations> with 1-based offsets, converted on reading).

Recognition: eventwire's literal toponyms against gold literal toponyms (GWN's "literal"
group: Literal, Literal_Modifier, Mixed, Embedded_Literal, Coercion; every GeoVirus
location). `strict` counts every other prediction as a false positive; `lenient` ignores
predictions on spans the gold marks as associative (metonymic) toponyms. Exact spans, and
any overlap.

Resolution: error in km between the chosen place and the gold coordinates, for gold
toponyms with coordinates. `gold spans` resolves the gold spans themselves (every toponym
with coordinates; an unresolved one counts as the largest error, 20,039 km);
`end-to-end` scores the gold literal toponyms that eventwire also found and resolved.
acc@161 is the share within 161 km (100 miles); AUC is the area under the sorted
log-error curve (0 best, 1 worst), as in Gritta et al. 2020.

    python benchmarks/eval_geo.py ../shared/data/geo/geowebnews/GWN.xml
    python benchmarks/eval_geo.py ../shared/data/geo/geovirus/GeoVirus.xml [--show N]
"""

from __future__ import annotations

import argparse
import itertools
import math
import statistics
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from eventwire.actors import ActorCoder
from eventwire.annotate import annotate, load_nlp
from eventwire.read.article import Article
from eventwire.where import Gazetteer, PlaceMention, find_toponyms, resolve
from eventwire.where.recognise import is_literal, link_containers
from eventwire.where.resolve import distance_km

LITERAL = {"Literal", "Literal_Modifier", "Mixed", "Embedded_Literal", "Coercion"}
ASSOCIATIVE = {"Metonymic", "Non_Literal_Modifier", "Embedded_Non_Lit"}
MAX_KM = 20039.0


@dataclass(frozen=True)
class Gold:
    start: int
    end: int
    text: str
    kind: str
    lat: float | None
    lon: float | None
    geonameid: int | None = None


def _float(value: str | None) -> float | None:
    return float(value) if value not in (None, "") else None


def read_gold(path: Path) -> list[tuple[str, list[Gold]]]:
    """(text, toponyms) per article, from either format."""
    root = ET.parse(path).getroot()
    articles = []
    for article in root.iter("article"):
        text = article.findtext("text") or ""
        if article.find("toponyms") is not None:
            golds = [
                Gold(
                    int(t.findtext("start") or 0),
                    int(t.findtext("end") or 0),
                    t.findtext("extractedName") or "",
                    t.findtext("type") or "",
                    _float(t.findtext("latitude")),
                    _float(t.findtext("longitude")),
                    int(t.findtext("geonamesID") or 0) or None,
                )
                for t in article.iter("toponym")
            ]
        else:  # GeoVirus: offsets are one too high
            golds = [
                Gold(
                    int(loc.findtext("start") or 1) - 1,
                    int(loc.findtext("end") or 1) - 1,
                    loc.findtext("name") or "",
                    "Literal",
                    _float(loc.findtext("lat")),
                    _float(loc.findtext("lon")),
                )
                for loc in article.iter("location")
            ]
        articles.append((text, golds))
    return articles


def prf(tp: int, predicted: int, gold: int) -> str:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"p={p:.3f} r={r:.3f} f1={f:.3f}"


def errors_summary(errors: list[float]) -> str:
    if not errors:
        return "n=0"
    ordered = sorted(errors)
    logs = [math.log(e + 1) for e in ordered]
    area = sum((a + b) / 2 for a, b in itertools.pairwise(logs))
    auc = area / (max(len(logs) - 1, 1) * math.log(MAX_KM))
    within = sum(e <= 161 for e in errors) / len(errors)
    return (
        f"n={len(errors)} acc@161={within:.3f} mean_km={statistics.fmean(errors):.0f} "
        f"median_km={statistics.median(errors):.0f} auc={auc:.3f}"
    )


def reliability_lines(pairs: list[tuple[float, bool]], label: str) -> list[str]:
    """A reliability table: per tenth of confidence, how many names, the mean confidence
    and the share resolved within 161 km; `|gap|` marks bins of 50 names or more."""
    lines = [f"reliability ({label}): bin n mean_confidence share_right gap"]
    for low in range(10):
        inside = [(c, ok) for c, ok in pairs if min(int(c * 10), 9) == low]
        if not inside:
            continue
        mean = statistics.fmean(c for c, _ in inside)
        share = sum(ok for _, ok in inside) / len(inside)
        flag = f"{share - mean:+.3f}" if len(inside) >= 50 else "(n<50)"
        lines.append(
            f"  {low / 10:.1f}-{(low + 1) / 10:.1f} {len(inside):5} {mean:.3f} {share:.3f} {flag}"
        )
    big = [line for line in lines[1:] if "(n<50)" not in line]
    worst = max((abs(float(line.split()[-1])) for line in big), default=0.0)
    lines.append(f"  largest gap in bins of 50 or more: {worst:.3f}")
    return lines


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("--show", type=int, default=0, help="print N resolution errors")
    args = parser.parse_args()
    if not args.gold.exists():
        sys.exit(f"no such gold file: {args.gold}")
    articles = read_gold(args.gold)
    nlp, coder, gazetteer = load_nlp(), ActorCoder(), Gazetteer()
    counts = dict.fromkeys(
        ["gold", "pred", "exact", "overlap", "ignored_exact", "ignored_overlap"], 0
    )
    all_gold = all_pred = all_exact = 0
    end_to_end: list[float] = []
    gold_spans: list[float] = []
    # gold spans with a GeoNames id: chosen place has that id; total; that id yet > 161 km
    same_id = [0, 0, 0]
    shown: list[str] = []
    calibration: list[tuple[float, bool]] = []
    documents = annotate((Article(text=text) for text, _ in articles), nlp)
    for (_text, golds), document in tqdm(
        zip(articles, documents, strict=True), total=len(articles), file=sys.stderr
    ):
        mentions = coder.code(document)
        found = find_toponyms(document, gazetteer, mentions)
        resolve(found, gazetteer, mentions)
        body = [m for m in found if m.field == "text"]
        literal_gold = [g for g in golds if g.kind in LITERAL]
        associative = [(g.start, g.end) for g in golds if g.kind in ASSOCIATIVE]
        predicted = [m for m in body if m.literal]
        counts["gold"] += len(literal_gold)
        counts["pred"] += len(predicted)
        gold_exact = {(g.start, g.end) for g in literal_gold}
        for m in predicted:
            span = (m.start, m.end)
            counts["exact"] += span in gold_exact
            counts["overlap"] += any(_overlaps(span, g) for g in gold_exact)
            counts["ignored_exact"] += span not in gold_exact and span in associative
            counts["ignored_overlap"] += not any(_overlaps(span, g) for g in gold_exact) and any(
                _overlaps(span, a) for a in associative
            )
        toponyms = {(g.start, g.end) for g in golds if g.kind in LITERAL | ASSOCIATIVE}
        all_gold += len(toponyms)
        all_pred += len(body)
        all_exact += sum((m.start, m.end) in toponyms for m in body)
        for g in literal_gold:
            if g.lat is None or g.lon is None:
                continue
            hit = next(
                (m for m in body if m.place and _overlaps((m.start, m.end), (g.start, g.end))),
                None,
            )
            if hit is not None and hit.place is not None:
                end_to_end.append(distance_km(hit.place.lat, hit.place.lon, g.lat, g.lon))
        gold_spans.extend(
            _resolve_gold_spans(document, golds, gazetteer, mentions, shown, same_id, calibration)
        )
    gold_count, pred = counts["gold"], counts["pred"]
    print(f"gold_file={args.gold} articles={len(articles)} literal_toponyms={gold_count}")
    print(f"recognition strict exact    {prf(counts['exact'], pred, gold_count)}")
    print(f"recognition strict overlap  {prf(counts['overlap'], pred, gold_count)}")
    lenient = pred - counts["ignored_exact"]
    print(f"recognition lenient exact   {prf(counts['exact'], lenient, gold_count)}")
    lenient = pred - counts["ignored_overlap"]
    print(f"recognition lenient overlap {prf(counts['overlap'], lenient, gold_count)}")
    every = prf(all_exact, all_pred, all_gold)
    print(f"recognition all toponyms (literal + associative) exact {every}")
    print(f"resolution gold spans  {errors_summary(gold_spans)}")
    if same_id[1]:
        print(
            f"resolution gold spans with a GeoNames id: same id chosen "
            f"{same_id[0] / same_id[1]:.3f} ({same_id[0]}/{same_id[1]}); the same id, yet "
            f"more than 161 km from the gold point (another point for the same place): "
            f"{same_id[2]} ({same_id[2] / len(gold_spans):.3f} of all gold spans)"
        )
    print(f"resolution end-to-end  {errors_summary(end_to_end)}")
    print("\n".join(reliability_lines(calibration, "gold spans")))
    for line in shown[: args.show]:
        print(line)


def gold_span_mentions(document, golds: list[Gold]) -> list[tuple[Gold, PlaceMention]]:  # type: ignore[no-untyped-def]
    """Every gold toponym with a point, as a place mention of the body the way the
    recogniser would make it (literal or not, after "the" or not), containers linked."""
    segment = document.segment("text")
    spans = []
    for g in golds:
        if g.lat is None or g.lon is None or segment is None:
            continue
        span = segment.doc.char_span(g.start, g.end, alignment_mode="expand")
        if span is None:
            continue
        mention = PlaceMention(
            g.text, g.start, g.end, "text", "gold", is_literal(span), span.root.i
        )
        mention.definite = span.start > 0 and span.doc[span.start - 1].lower_ == "the"
        spans.append((g, mention))
    link_containers([m for _, m in spans], document)
    return spans


def _resolve_gold_spans(
    document,
    golds: list[Gold],
    gazetteer: Gazetteer,
    mentions,
    shown: list[str],
    same_id: list[int],
    calibration: list[tuple[float, bool]] | None = None,
) -> list[float]:
    spans = gold_span_mentions(document, golds)
    found = [m for _, m in spans]
    resolve(found, gazetteer, mentions)
    errors = []
    for g, m in spans:
        if g.geonameid is not None:
            same_id[1] += 1
            same_id[0] += m.place is not None and m.place.geonameid == g.geonameid
            same_id[2] += (
                m.place is not None
                and m.place.geonameid == g.geonameid
                and distance_km(m.place.lat, m.place.lon, g.lat, g.lon) > 161
            )
        if m.place is None:
            errors.append(MAX_KM)
            shown.append(f"unresolved {g.text!r}")
            continue
        error = distance_km(m.place.lat, m.place.lon, g.lat, g.lon)
        errors.append(error)
        if calibration is not None and m.confidence is not None:
            calibration.append((m.confidence, error <= 161))
        if error > 161:
            shown.append(
                f"{error:7.0f} km {g.text!r} -> {m.place.name} {m.place.country} "
                f"{m.place.feature} ({m.how})"
            )
    return errors


if __name__ == "__main__":
    main()
