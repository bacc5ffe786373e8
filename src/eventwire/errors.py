"""Exceptions and problem reports that say what went wrong, and with which input."""

from __future__ import annotations

from dataclasses import dataclass


class EventwireError(Exception):
    """Base class: every error eventwire raises on purpose derives from it."""


class ReadError(EventwireError):
    """An input could not be read at all (empty, binary, unsupported, too large...)."""

    def __init__(self, origin: str, message: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.origin = origin
        self.message = message


class UsageError(EventwireError):
    """A command-line option has a value eventwire cannot use."""


class RulesError(EventwireError):
    """A data file of rules or lookups is malformed; the message names file and line."""


@dataclass(frozen=True)
class Problem:
    """A bad input or a bad item inside a container (feed, WARC, directory).

    Readers yield these in the article stream instead of raising, so one bad item
    never stops the rest from being read.
    """

    origin: str
    message: str

    def __str__(self) -> str:
        return f"{self.origin}: {self.message}"
