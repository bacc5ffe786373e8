"""Parse the publication dates that readers meet in metadata fields."""

from __future__ import annotations

import datetime as dt

from dateutil import parser as dateutil_parser

EARLIEST_YEAR = 1900


def parse_published(value: object) -> dt.date | dt.datetime | None:
    """A date or datetime from an ISO string, an RFC 2822 string or a struct; else None.

    Values that parse but cannot be a publication date (year 0001, next decade) are
    rejected, so a bogus field never becomes a confident date.
    """
    if value is None or value == "":
        return None
    parsed: dt.date | dt.datetime | None = None
    if isinstance(value, dt.datetime | dt.date):
        parsed = value
    elif isinstance(value, str):
        text = value.strip()
        try:
            parsed = (
                dt.date.fromisoformat(text) if len(text) == 10 else dt.datetime.fromisoformat(text)
            )
        except ValueError:
            if len(text) < 8:
                return None
            try:
                parsed = dateutil_parser.parse(text)
            except (ValueError, OverflowError):
                return None
    if parsed is None:
        return None
    latest = dt.date.today().year + 1
    if not EARLIEST_YEAR <= parsed.year <= latest:
        return None
    return parsed


def parse_date_option(text: str) -> dt.date | dt.datetime:
    """A user-given date (`--published 2022-02-10`); strict ISO 8601, so never a guess."""
    try:
        if len(text.strip()) == 10:
            return dt.date.fromisoformat(text.strip())
        return dt.datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"cannot read {text!r} as a date: use YYYY-MM-DD or an ISO 8601 date-time"
        ) from None
