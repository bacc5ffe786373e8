"""Build `src/eventwire/data/geo/country-points.tsv`: one point per country, the centre of
its main landmass, computed from the country outlines in the countryinfo package.

Why: a country named in a story is mapped to one point. The lists the gazetteer is built
from give each country a rounded point, often far from the middle of where its people and
land are (the United States' sits in Kansas' south-east corner, 250 km from the middle of
the 48 contiguous states). The middle of the largest polygon of the country's outline is
a definition anyone can check, and it does not move with overseas territories or far
islands (Alaska, Hawaii and Guam do not drag the United States' point into the Pacific).

Run by hand when the source data changes; the output is committed, so eventwire needs no
extra package at run time:

    pip install countryinfo==1.0.1 && python tools/build_country_points.py

countryinfo (MIT) carries the outlines as GeoJSON. The point is the area centroid of the
largest polygon (planar, in degrees, each ring's area scaled by the cosine of its mean
latitude so that polygons far from the equator are not overweighted when comparing
sizes), moved onto the country's own land when the shape is a crescent. A country whose
largest polygon is less than half its land (an archipelago), or with no outline, gets no
row and keeps the point the gazetteer already has.
"""

from __future__ import annotations

import math
from pathlib import Path

from countryinfo import all_countries

OUT = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "eventwire"
    / "data"
    / "geo"
    / "country-points.tsv"
)

Ring = list[tuple[float, float]]  # (lon, lat) pairs


def _ring_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed planar area and centroid (lon, lat) of a closed ring (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2.0
    if area == 0:
        xs, ys = zip(*ring, strict=True)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return area, cx / (6 * area), cy / (6 * area)


def _inside(ring: Ring, lon: float, lat: float) -> bool:
    """Ray casting: is the point inside the ring?"""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _inside_point(ring: Ring, lon: float, lat: float) -> tuple[float, float]:
    """The centroid when it lies inside the ring; else, for a crescent-shaped country
    (Croatia, Chile's bends), the middle of the widest stretch of land on the centroid's
    latitude, so the point is always on the country's own ground."""
    if _inside(ring, lon, lat):
        return lon, lat
    crossings = sorted(
        x0 + (lat - y0) * (x1 - x0) / (y1 - y0)
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True)
        if (y0 > lat) != (y1 > lat)
    )
    stretches = list(zip(crossings[::2], crossings[1::2], strict=False))
    if not stretches:
        return lon, lat
    west, east = max(stretches, key=lambda pair: pair[1] - pair[0])
    return (west + east) / 2, lat


def _polygons(geometry: dict) -> list[list[Ring]]:
    kind, coordinates = geometry.get("type"), geometry.get("coordinates") or []
    if kind == "Polygon":
        return [coordinates]
    if kind == "MultiPolygon":
        return list(coordinates)
    return []


# An archipelago (Indonesia, the Philippines) has no main landmass: its largest island
# must hold at least this share of the country's land to stand for it.
MAIN_SHARE = 0.5


def main_landmass_centre(geojson: dict) -> tuple[float, float] | None:
    """(lat, lon) of the centroid of the largest polygon of a country's outline, when
    that polygon is most of the country's land; None otherwise."""
    best: tuple[float, float, float] | None = None
    total = 0.0
    for feature in geojson.get("features") or []:
        for polygon in _polygons(feature.get("geometry") or {}):
            if not polygon:
                continue
            outer = [(float(x), float(y)) for x, y, *_ in polygon[0]]
            area, lon, lat = _ring_centroid(outer)
            size = abs(area) * math.cos(math.radians(lat))
            total += size
            if best is None or size > best[0]:
                lon, lat = _inside_point(outer, lon, lat)
                best = (size, lat, lon)
    if best is None or best[0] < MAIN_SHARE * total:
        return None
    return best[1], best[2]


def main() -> None:
    rows = []
    for country in all_countries():
        info = country.info()
        code = (info.get("ISO") or {}).get("alpha3")
        outline = info.get("geoJSON") or {}
        centre = main_landmass_centre(outline) if code and outline else None
        if centre is not None:
            rows.append((code, info.get("name", ""), centre))
    rows.sort()
    with OUT.open("w", encoding="utf-8") as handle:
        handle.write(
            "# Generated by tools/build_country_points.py from countryinfo 1.0.1 (MIT)"
            " outlines. Do not edit by hand.\n"
            "# Each country's point: the centre of its main landmass (the area centroid of"
            " the largest polygon).\n"
        )
        handle.write("code\tname\tlat\tlon\n")
        for code, name, (lat, lon) in rows:
            handle.write(f"{code}\t{name}\t{lat:.4f}\t{lon:.4f}\n")
    print(f"wrote {len(rows)} country points to {OUT}")


if __name__ == "__main__":
    main()
