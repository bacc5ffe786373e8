"""Alert rules, read from a TOML file a user writes and edits.

Two kinds of rule. An *event* rule fires for each new or newly confirmed event that matches
all its conditions (codes, PLOVER types, actors, countries, an area, QuadClass, sources,
modality). A *trend* rule fires when the events matching its conditions in the last window
outnumber the recent baseline by a factor. Unknown keys are refused, naming the key, so a
typo never silently widens a rule.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from eventwire.errors import UsageError
from eventwire.evaluate.gold import MODALITIES
from eventwire.read.fetch import is_url
from eventwire.store.query import EXPECTED, parse_near

_LISTS = ("cameo", "plover", "actor", "source", "target", "country", "modality")
# What each list's values must look like, as the API checks its filters (the words are
# the API's): a value that can never match is refused, so a rule never waits silently.
_ACTOR = re.compile(r"[A-Z0-9-]{1,20}")
_PATTERNS = {"country": re.compile(r"[A-Z]{3}"), "cameo": re.compile(r"\d{1,4}"),
             "actor": _ACTOR, "source": _ACTOR, "target": _ACTOR}  # fmt: skip
_EVENT_KEYS = {"name", "kind", "webhook", "quad_class", "min_sources", "near", *_LISTS}
_TREND_KEYS = _EVENT_KEYS | {"window_days", "baseline_days", "factor", "min_count"}


@dataclass(frozen=True)
class Conditions:
    """What an event must have: every given condition holds; codes match as prefixes."""

    cameo: tuple[str, ...] = ()
    plover: tuple[str, ...] = ()
    actor: tuple[str, ...] = ()
    source: tuple[str, ...] = ()
    target: tuple[str, ...] = ()
    country: tuple[str, ...] = ()
    modality: tuple[str, ...] = ()
    quad_class: tuple[int, ...] = ()
    min_sources: int = 0
    near: tuple[float, float, float] | None = None


@dataclass(frozen=True)
class Rule:
    name: str
    conditions: Conditions
    kind: str = "event"  # or "trend"
    webhook: str | None = None
    window_days: int = 1
    baseline_days: int = 28
    factor: float = 3.0
    min_count: int = 3


@dataclass(frozen=True)
class RuleBook:
    rules: list[Rule] = field(default_factory=list)
    webhook: str | None = None  # for every rule that names none


def _strings(path: Path, name: str, key: str, value: Any) -> tuple[str, ...]:
    values = [value] if isinstance(value, str) else value
    if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
        raise UsageError(f"{path}: rule {name!r}: {key} must be a string or a list of strings")
    found = tuple(v.strip().upper() if key != "modality" else v.strip().lower() for v in values)
    for given, value_ in zip(values, found, strict=True):
        expected = _expected(key, value_)
        if expected:
            raise UsageError(f"{path}: rule {name!r}: {key} {given!r}: expected {expected}")
    return found


def _expected(key: str, value: str) -> str | None:
    """What a value of `key` must be, when `value` is not that; else None."""
    if key in _PATTERNS:
        return None if _PATTERNS[key].fullmatch(value) else EXPECTED[key]
    if key == "modality":
        return None if value in MODALITIES else "one of " + ", ".join(MODALITIES)
    if key == "plover":
        types = plover_types()
        return None if value in types else "a PLOVER type: " + ", ".join(sorted(types))
    return None


@lru_cache(maxsize=1)
def plover_types() -> frozenset[str]:
    """The PLOVER event types of eventwire's CAMEO codebook."""
    from eventwire.events.codebook import load_codebook

    return frozenset(c.plover_type for c in load_codebook().codes.values() if c.plover_type)


def _number(path: Path, name: str, key: str, value: Any, kind: type) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise UsageError(f"{path}: rule {name!r}: {key} must be a number of 0 or more")
    return kind(value)


def _webhook(path: Path, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not is_url(value):
        raise UsageError(f"{path}: webhook must be an http(s) URL")
    return value


def _rule(path: Path, index: int, table: Any) -> Rule:
    if not isinstance(table, dict):
        raise UsageError(f"{path}: [[rule]] number {index} is not a table")
    name = table.get("name")
    if not isinstance(name, str) or not name.strip():
        raise UsageError(f'{path}: [[rule]] number {index} has no name (name = "...")')
    kind = table.get("kind", "event")
    if kind not in ("event", "trend"):
        raise UsageError(f"{path}: rule {name!r}: kind must be 'event' or 'trend', not {kind!r}")
    allowed = _TREND_KEYS if kind == "trend" else _EVENT_KEYS
    unknown = sorted(set(table) - allowed)
    if unknown:
        known = ", ".join(sorted(allowed))
        raise UsageError(f"{path}: rule {name!r}: unknown key {unknown[0]!r} (known: {known})")
    lists = {k: _strings(path, name, k, table[k]) for k in _LISTS if k in table}
    quads = table.get("quad_class", [])
    quads = [quads] if isinstance(quads, int) else quads
    if not isinstance(quads, list) or not all(q in (1, 2, 3, 4) for q in quads):
        raise UsageError(f"{path}: rule {name!r}: quad_class must be 1, 2, 3 or 4 (or a list)")
    near = None
    if "near" in table:
        try:
            near = parse_near(str(table["near"]))
        except UsageError as error:
            raise UsageError(
                f"{path}: rule {name!r}: {error}".replace("--near ", "near ")
            ) from None
    conditions = Conditions(
        **lists,
        quad_class=tuple(quads),
        min_sources=_number(path, name, "min_sources", table.get("min_sources", 0), int),
        near=near,
    )
    extra = {
        key: _number(path, name, key, table[key], kind_)
        for key, kind_ in (
            ("window_days", int),
            ("baseline_days", int),
            ("factor", float),
            ("min_count", int),
        )
        if key in table
    }
    if extra.get("window_days") == 0:
        raise UsageError(f"{path}: rule {name!r}: window_days must be at least 1")
    return Rule(str(name), conditions, kind, _webhook(path, table.get("webhook")), **extra)


def load_rules(path: Path) -> RuleBook:
    """The rules in a TOML file: `[[rule]]` tables and an optional top-level `webhook`."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(f"{path}: no such alert rules file") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise UsageError(f"{path}: not valid TOML ({error})") from None
    unknown = sorted(set(data) - {"rule", "webhook"})
    if unknown:
        raise UsageError(f"{path}: unknown top-level key {unknown[0]!r} (known: rule, webhook)")
    tables = data.get("rule", [])
    if not isinstance(tables, list) or not tables:
        raise UsageError(f"{path}: no [[rule]] tables")
    rules = [_rule(path, i, t) for i, t in enumerate(tables, 1)]
    names = [r.name for r in rules]
    repeated = {n for n in names if names.count(n) > 1}
    if repeated:
        raise UsageError(f"{path}: two rules are named {sorted(repeated)[0]!r}; names must differ")
    return RuleBook(rules, _webhook(path, data.get("webhook")))
