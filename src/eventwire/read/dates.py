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
