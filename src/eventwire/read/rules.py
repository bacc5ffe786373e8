"""Load the clean-up rules from their TOML data file and compile them once."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from eventwire.errors import RulesError

DEFAULT_RULES = "cleanup.toml"


@dataclass(frozen=True)
class CleanupRules:
    """Compiled clean-up patterns; see `data/cleanup.toml` for what each one means."""

    glyphs: frozenset[str]
    leading_glyphs: str
    teaser_tail: re.Pattern[str]
    crosslink: re.Pattern[str]
    crosslink_max_words: int
    credit_line: re.Pattern[str]
    labelled_captions: tuple[re.Pattern[str], ...]
    caption_prefix: re.Pattern[str]
    caption_with_credit: re.Pattern[str]
    credit_max_words: int
    caption_min_words: int
    leftover: re.Pattern[str]
    leftover_max_words: int
    byline: re.Pattern[str]
    byline_within: int
    duplicate_adjacent_min_words: int
    duplicate_distant_min_words: int
    headline_max_words: int
    headline_repeat_overlap: float


def _compile(pattern: str, where: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise RulesError(f"{where}: bad regular expression: {exc}") from exc


def parse_rules(text: str, name: str) -> CleanupRules:
    """Build rules from TOML text; `name` is used in error messages."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RulesError(f"{name}: {exc}") from exc
    try:
        agencies = "|".join(
            re.escape(a) for a in sorted(data["credit"]["agencies"], key=len, reverse=True)
        )
        credit_alts = "|".join(
            f"(?:{p.replace('{agency}', agencies)})" for p in data["credit"]["patterns"]
        )
        alone_alts = "|".join(
            f"(?:{p.replace('{agency}', agencies)})" for p in data["credit"]["alone_patterns"]
        )
        prefixes = "|".join(data["caption"]["strip_prefixes"])
        crosslink_alts = "|".join(data["crosslink"]["prefixes"])
        crosslink_suffixes = "|".join(data["crosslink"]["suffixes"])
        leftover_alts = "|".join(f"(?:{p})" for p in data["leftover"]["patterns"])
        byline_flags = 0 if data["byline"].get("case_sensitive") else re.IGNORECASE
        return CleanupRules(
            glyphs=frozenset(data["glyphs"]["characters"]),
            leading_glyphs=str(data["glyphs"]["leading"]),
            teaser_tail=_compile(data["teaser"]["tail"], f"{name} [teaser]"),
            crosslink=_compile(
                rf"(?:{crosslink_alts})\s*:\s*(?P<title>\S.*)"
                rf"|(?P<headline>\S.*?[^:,\s])\s+(?-i:{crosslink_suffixes})\s*[»›>]?",
                f"{name} [crosslink]",
            ),
            crosslink_max_words=int(data["crosslink"]["max_words"]),
            credit_line=_compile(rf"(?:{credit_alts}|{alone_alts})[.]?", f"{name} [credit]"),
            labelled_captions=tuple(
                _compile(p, f"{name} [caption]") for p in data["caption"]["labelled"]
            ),
            caption_prefix=_compile(rf"^(?:(?:{prefixes})\b\s*)+", f"{name} [caption]"),
            caption_with_credit=_compile(
                rf"(?P<caption>.*?[.!?”\")])\s+\|?\s*(?P<credit>(?:{credit_alts}))[.]?",
                f"{name} [credit]",
            ),
            credit_max_words=int(data["credit"]["max_words"]),
            caption_min_words=int(data["credit"]["caption_min_words"]),
            leftover=_compile(
                rf"(?:{leftover_alts})(?:[\s.!|:-]+(?:{leftover_alts}))*[.!:]?",
                f"{name} [leftover]",
            ),
            leftover_max_words=int(data["leftover"]["max_words"]),
            byline=_compile(data["byline"]["pattern"], f"{name} [byline]", byline_flags),
            byline_within=int(data["byline"]["within_first_lines"]),
            duplicate_adjacent_min_words=int(data["duplicate"]["adjacent_min_words"]),
            duplicate_distant_min_words=int(data["duplicate"]["distant_min_words"]),
            headline_max_words=int(data["headline"]["max_words"]),
            headline_repeat_overlap=float(data["headline"]["repeat_overlap"]),
        )
    except KeyError as exc:
        raise RulesError(f"{name}: missing setting {exc}") from exc
    except (TypeError, ValueError) as exc:
        raise RulesError(f"{name}: {exc}") from exc


@lru_cache(maxsize=8)
def load_rules(path: str | None = None) -> CleanupRules:
    """The packaged rules, or those of a user's file."""
    if path is None:
        text = resources.files("eventwire.data").joinpath(DEFAULT_RULES).read_text("utf-8")
        return parse_rules(text, DEFAULT_RULES)
    try:
        text = Path(path).read_text("utf-8")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read rules file: {exc.strerror}") from exc
    return parse_rules(text, path)
