"""Import TABARI/PETRARCH actor and agent dictionaries into a `Lexicon`.

Teams with years of curated dictionaries can bring them as they are. The formats, as
the PETRARCH documentation describes them:

actors::

    PHRASE_WORDS_  [CODE]        # primary phrase, optional default code
    +SYNONYM_PHRASE              # more names for the same actor
        [CODE 20090120-20170120]  # date-restricted codes: <DATE, >DATE, DATE-DATE

agents::

    !PERSON! = MAN, MEN, WOMAN, WOMEN, PERSON      # substitution marker
    FOREIGN_MINISTER {PLURAL} [~GOV]               # ~CODE goes after the country code
    HUMAN_RIGHTS_BODY [NGO~]                       # CODE~ goes before it

Words are separated by blanks or underscores. A phrase whose last word does not end in
`_` matches words that begin with it (TABARI's stems). Comments: `#`, `;` and `<!-- -->`.
Dates are YYYYMMDD or YYMMDD.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from eventwire.actors.lexicon import CodeRule, Entry, Kind, Lexicon
from eventwire.actors.phrases import phrase_words
from eventwire.errors import RulesError

_CODE_BLOCK = re.compile(r"\[([^\[\]]*)\]")
_DATE_RANGE = re.compile(r"^(\d{6}|\d{8})\s*-\s*(\d{6}|\d{8})$")
_MACRO = re.compile(r"!([A-Z]+)!")


def _strip_comments(lines: list[str]) -> list[str]:
    """Blank out `<!-- -->` blocks (across lines) and `#`/`;` comments, keeping numbering."""
    out, in_block = [], False
    for line in lines:
        text = ""
        rest = line
        while rest:
            if in_block:
                end = rest.find("-->")
                if end < 0:
                    rest = ""
                else:
                    rest, in_block = rest[end + 3 :], False
            else:
                start = rest.find("<!--")
                if start < 0:
                    text, rest = text + rest, ""
                else:
                    text, rest, in_block = text + rest[:start], rest[start + 4 :], True
        for marker in ("#", ";"):
            cut = text.find(marker)
            if cut >= 0:
                text = text[:cut]
        out.append(text.rstrip())
    return out


def _date(text: str, where: str) -> dt.date:
    try:
        if len(text) == 6:
            year = int(text[:2])
            year += 1900 if year > 30 else 2000
            return dt.date(year, int(text[2:4]), int(text[4:6]))
        return dt.date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        raise RulesError(f"{where}: {text!r} is not a date (YYYYMMDD or YYMMDD)") from None


def parse_code(block: str, where: str) -> CodeRule:
    """`USAGOV`, `USAGOV >090120`, `USAGOV <170120`, `USAGOV 090120-170120`."""
    parts = block.split(None, 1)
    if not parts:
        raise RulesError(f"{where}: empty code block []")
    code, restriction = parts[0], (parts[1].strip() if len(parts) > 1 else "")
    if not restriction:
        return CodeRule(code)
    if restriction[0] in "<>":
        day = _date(restriction[1:].strip(), where)
        return CodeRule(code, until=day) if restriction[0] == "<" else CodeRule(code, since=day)
    match = _DATE_RANGE.match(restriction)
    if not match:
        raise RulesError(f"{where}: cannot read date restriction {restriction!r}")
    return CodeRule(code, since=_date(match[1], where), until=_date(match[2], where))


def _split_codes(text: str, where: str) -> tuple[str, list[CodeRule]]:
    """Separate a line's phrase from its [code] blocks; an unclosed bracket is an error."""
    if text.count("[") != text.count("]"):
        raise RulesError(f"{where}: unbalanced [ ] in {text.strip()!r}")
    codes = [parse_code(block, where) for block in _CODE_BLOCK.findall(text)]
    return _CODE_BLOCK.sub(" ", text).strip(), codes


def _words(phrase: str) -> tuple[list[str], bool]:
    """Phrase words as spaCy would tokenise them, and whether the last one is a stem."""
    exact = phrase.rstrip().endswith("_")
    spaced = phrase.replace("_", " ").strip()
    return phrase_words(spaced), not exact


@dataclass
class _Record:
    phrases: list[str]
    codes: list[CodeRule]
    line: int


class _Problems:
    """Unreadable lines of a long, hand-edited dictionary are skipped with a warning
    naming file and line; a file that is mostly unreadable is an error."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.errors: list[RulesError] = []

    def settle(self, readable: int, lexicon: Lexicon) -> None:
        if not self.errors:
            return
        if readable == 0 or len(self.errors) > readable // 20:
            more = f" (and {len(self.errors) - 1} more problems)" if len(self.errors) > 1 else ""
            raise RulesError(f"{self.errors[0]}{more}")
        lexicon.warnings.extend(f"{error} (line skipped)" for error in self.errors)


def load_actors(path: str | Path, lexicon: Lexicon | None = None) -> Lexicon:
    """Read a TABARI/PETRARCH `.actors` file; problems name the file and line."""
    path = Path(path)
    lexicon = lexicon if lexicon is not None else Lexicon()
    lines = _strip_comments(_read(path).splitlines())
    records: list[_Record] = []
    problems = _Problems(path)
    for number, line in enumerate(lines, 1):
        try:
            _actor_line(line, f"{path}:{number}", number, records)
        except RulesError as exc:
            problems.errors.append(exc)
    problems.settle(len(records), lexicon)
    _add_actor_records(records, path, lexicon)
    return lexicon


def _actor_line(line: str, where: str, number: int, records: list[_Record]) -> None:
    if not line.strip():
        return
    stripped = line.strip()
    if stripped.startswith("["):
        if not records:
            raise RulesError(f"{where}: a code line before any actor")
        records[-1].codes.extend(_split_codes(stripped, where)[1])
    elif stripped.startswith("+"):
        if not records:
            raise RulesError(f"{where}: a synonym (+) before any actor")
        phrase, codes = _split_codes(stripped[1:], where)
        records[-1].phrases.append(phrase)
        records[-1].codes.extend(codes)
    else:
        phrase, codes = _split_codes(stripped, where)
        if not phrase:
            raise RulesError(f"{where}: a code with no actor name")
        records.append(_Record([phrase], list(codes), number))


def _add_actor_records(records: list[_Record], path: Path, lexicon: Lexicon) -> None:
    for record in records:
        for phrase in record.phrases:
            words, stem = _words(phrase)
            if not words:
                continue
            entry = Entry(
                phrase=phrase.replace("_", " ").strip(),
                kind=Kind.ACTOR,
                codes=tuple(record.codes),
                source=f"{path.name}:{record.line}",
                stem=stem,
            )
            lexicon.add(words, entry)


def _plurals(word_phrase: str) -> list[str]:
    """TABARI's regular plurals of the phrase's last word."""
    if word_phrase.endswith("Y") and not word_phrase.endswith(("AY", "EY", "OY", "UY")):
        return [word_phrase[:-1] + "IES"]
    if word_phrase.endswith(("SS", "SH", "CH", "X")):
        return [word_phrase + "ES"]
    return [word_phrase + "S"]


def load_agents(path: str | Path, lexicon: Lexicon | None = None) -> Lexicon:
    """Read a TABARI/PETRARCH `.agents` file; errors name the file and line."""
    path = Path(path)
    lexicon = lexicon if lexicon is not None else Lexicon()
    macros: dict[str, list[str]] = {}
    problems = _Problems(path)
    readable = 0
    for number, line in enumerate(_strip_comments(_read(path).splitlines()), 1):
        try:
            readable += _agent_line(line.strip(), path, number, macros, lexicon)
        except RulesError as exc:
            problems.errors.append(exc)
    problems.settle(readable, lexicon)
    return lexicon


def _agent_line(
    stripped: str, path: Path, number: int, macros: dict[str, list[str]], lexicon: Lexicon
) -> int:
    """Add one agents-file line's entries; returns 1 for an agent line, else 0."""
    where = f"{path}:{number}"
    if not stripped:
        return 0
    macro = re.fullmatch(r"!([A-Z]+)!\s*=\s*(.+)", stripped)
    if macro:
        macros[macro[1]] = [v.strip() for v in macro[2].split(",") if v.strip()]
        return 0
    plural_match = re.search(r"\{([^{}]*)\}", stripped)
    explicit = plural_match[1].split() if plural_match else None
    body = re.sub(r"\{[^{}]*\}", " ", stripped)
    phrase, codes = _split_codes(body, where)
    if not codes:
        raise RulesError(f"{where}: agent {phrase!r} has no [~CODE]")
    if not phrase:
        raise RulesError(f"{where}: a code with no agent phrase")
    rule = codes[0]
    if "~" not in rule.code:
        raise RulesError(f"{where}: agent code {rule.code!r} needs a ~ (~GOV or NGO~)")
    forms = _expand_macros(phrase, macros, where)
    if explicit is None and not phrase.endswith("_") and "!" not in phrase:
        forms += _plurals(phrase)
    forms += explicit or []
    for form in forms:
        words, _ = _words(form.rstrip("_") + "_")
        if words:
            entry = Entry(
                phrase=form.replace("_", " ").strip(),
                kind=Kind.SECTOR,
                codes=(rule,),
                source=f"{path.name}:{number}",
            )
            lexicon.add(words, entry)
    return 1


def _expand_macros(phrase: str, macros: dict[str, list[str]], where: str) -> list[str]:
    match = _MACRO.search(phrase)
    if not match:
        return [phrase]
    if match[1] not in macros:
        raise RulesError(f"{where}: substitution marker !{match[1]}! is not defined above")
    expanded = []
    for value in macros[match[1]]:
        expanded += _expand_macros(
            phrase[: match.start()] + value + phrase[match.end() :], macros, where
        )
    return expanded


def _read(path: Path) -> str:
    try:
        return path.read_text("utf-8", errors="replace")
    except OSError as exc:
        raise RulesError(f"{path}: cannot read dictionary: {exc.strerror}") from exc
