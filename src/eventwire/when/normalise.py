"""Normalise a time expression to an ISO date, month, year or interval.

Relative expressions ("Thursday", "last week", "earlier this year") are resolved against
a reference date, normally the publication date. Rules cover the forms news uses most;
explicit calendar dates are read with dateparser.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

import dateparser

from eventwire.numbers import NUMBER_WORDS, VAGUE_COUNTS

WEEKDAYS = {name.lower(): number for number, name in enumerate(calendar.day_name)}
MONTHS = {name.lower(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS |= {name.lower(): number for number, name in enumerate(calendar.month_abbr) if name}
MONTHS["sept"] = 9
LEADING = re.compile(r"^(?:on|in|at|by|during|from|through|throughout|until|till|since|as of)\s+")
UNITS = {"day": 1, "week": 7}


@dataclass(frozen=True)
class TimeValue:
    """`value`: "2022-02-10", "2022-02", "2022" or "start/end"; `how`: the rule used."""

    value: str
    how: str

    @property
    def start(self) -> str:
        return self.value.split("/")[0]


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _interval(start: dt.date, end: dt.date, how: str) -> TimeValue:
    return TimeValue(f"{_iso(start)}/{_iso(end)}", how)


def _month_shift(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1


def _weekday(name: str, modifier: str, reference: dt.date, future: bool) -> TimeValue:
    target = WEEKDAYS[name]
    if modifier == "next" or (future and modifier != "last"):
        ahead = (target - reference.weekday()) % 7
        if modifier == "next" and ahead == 0:
            ahead = 7
        return TimeValue(
            _iso(reference + dt.timedelta(days=ahead)), "weekday, next on or after reference"
        )
    back = (reference.weekday() - target) % 7
    if modifier == "last" and back == 0:
        back = 7
    return TimeValue(
        _iso(reference - dt.timedelta(days=back)), "weekday, last on or before reference"
    )


def _number(word: str) -> int | None:
    if word.isdigit():
        return int(word)
    return NUMBER_WORDS.get(word) or VAGUE_COUNTS.get(word)


def _relative(text: str, reference: dt.date) -> TimeValue | None:
    simple = {
        "today": 0,
        "tonight": 0,
        "this morning": 0,
        "this afternoon": 0,
        "this evening": 0,
        "yesterday": -1,
        "last night": -1,
        "tomorrow": 1,
    }
    if text in simple:
        return TimeValue(_iso(reference + dt.timedelta(days=simple[text])), "relative day")
    monday = reference - dt.timedelta(days=reference.weekday())
    weeks = {"last week": -1, "this week": 0, "next week": 1}
    if text in weeks:
        start = monday + dt.timedelta(weeks=weeks[text])
        return _interval(start, start + dt.timedelta(days=6), "relative week")
    months = {"last month": -1, "this month": 0, "next month": 1}
    if text in months:
        year, month = _month_shift(reference.year, reference.month, months[text])
        return TimeValue(f"{year:04d}-{month:02d}", "relative month")
    years = {"last year": -1, "this year": 0, "next year": 1}
    if text in years:
        return TimeValue(f"{reference.year + years[text]:04d}", "relative year")
    if text in ("earlier this year", "so far this year"):
        return _interval(dt.date(reference.year, 1, 1), reference, "part of the year")
    if text == "later this year":
        return _interval(reference, dt.date(reference.year, 12, 31), "part of the year")
    if text == "earlier this month":
        return _interval(reference.replace(day=1), reference, "part of the month")
    if text == "earlier this week":
        return _interval(monday, reference, "part of the week")
    match = re.fullmatch(r"(\w+(?: few)?) (day|week|month|year)s? ago", text)
    if match and _number(match[1]) is not None:
        return _ago(_number(match[1]) or 0, match[2], reference)
    match = re.fullmatch(r"(?:the )?(?:past|last) (\w+(?: few)?) (day|week)s", text)
    if match and _number(match[1]) is not None:
        days = (_number(match[1]) or 0) * UNITS[match[2]]
        return _interval(reference - dt.timedelta(days=days), reference, "recent period")
    return None


def _ago(count: int, unit: str, reference: dt.date) -> TimeValue:
    if unit in UNITS:
        return TimeValue(_iso(reference - dt.timedelta(days=count * UNITS[unit])), f"{unit}s ago")
    if unit == "month":
        year, month = _month_shift(reference.year, reference.month, -count)
        return TimeValue(f"{year:04d}-{month:02d}", "months ago")
    return TimeValue(f"{reference.year - count:04d}", "years ago")


def _calendar(text: str, reference: dt.date, future: bool) -> TimeValue | None:
    words = re.findall(r"[a-z]+|\d+", text)
    month = next((MONTHS[w] for w in words if w in MONTHS), None)
    numbers = [int(w) for w in words if w.isdigit()]
    year = next((n for n in numbers if 1800 <= n <= 2200), None)
    days = [n for n in numbers if 1 <= n <= 31]
    if month is None:
        # "2014", "in 2014", "early 2019", "the end of 2020": the year
        if year is not None and len(numbers) == 1 and not re.search(r"\d{4}s", text):
            return TimeValue(f"{year:04d}", "year")
        return None
    if not days:
        if year is None:
            year = reference.year
            if not future and month > reference.month:
                year -= 1
        return TimeValue(f"{year:04d}-{month:02d}", "month")
    settings = {
        "RELATIVE_BASE": dt.datetime.combine(reference, dt.time()),
        "PREFER_DAY_OF_MONTH": "first",
    }
    parsed = dateparser.parse(text, languages=["en"], settings=settings)  # type: ignore[arg-type]
    if parsed is None:
        return None
    day = parsed.date()
    if year is None:
        day = day.replace(year=reference.year)
        if (day - reference).days > 180:
            day = day.replace(year=reference.year - 1)
        elif (reference - day).days > 180 and future:
            day = day.replace(year=reference.year + 1)
    return TimeValue(_iso(day), "calendar date" if year else "calendar date, year from reference")


def normalise(text: str, reference: dt.date, future: bool = False) -> TimeValue | None:
    """The ISO value of a time expression, or None when it is not one eventwire reads.

    `future` says the clause looks ahead ("will meet on Thursday"): a bare weekday is
    then the next one, not the last one."""
    cleaned = LEADING.sub("", " ".join(text.lower().replace(",", " , ").split())).replace(" ,", ",")
    cleaned = cleaned.strip(" .")
    if not cleaned:
        return None
    match = re.fullmatch(r"(?:(last|next|this|on) )?(\w+day)", cleaned)
    if match and match[2] in WEEKDAYS:
        return _weekday(match[2], match[1] or "", reference, future)
    relative = _relative(cleaned, reference)
    if relative is not None:
        return relative
    iso = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", cleaned)
    if iso:
        try:
            return TimeValue(_iso(dt.date(int(iso[1]), int(iso[2]), int(iso[3]))), "ISO date")
        except ValueError:
            return None
    return _calendar(cleaned, reference, future)
