"""Reading eventwire's hand-editable data files (TSV tables with line numbers for error
messages, and plain word lists)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from importlib import resources

from eventwire.errors import RulesError


def tsv_rows(text: str, name: str) -> Iterator[tuple[int, dict[str, str]]]:
    """TSV rows with their line numbers; lines starting with # are comments."""
    lines = [(n, line) for n, line in enumerate(text.splitlines(), 1) if not line.startswith("#")]
    lines = [(n, line) for n, line in lines if line.strip()]
    if not lines:
        return
    header = next(csv.reader([lines[0][1]], delimiter="\t"))
    for number, line in lines[1:]:
        values = next(csv.reader(io.StringIO(line), delimiter="\t", quoting=csv.QUOTE_NONE))
        if len(values) > len(header):
            raise RulesError(
                f"{name}:{number}: {len(values)} columns, the header has {len(header)}"
            )
        yield number, dict(zip(header, values + [""] * (len(header) - len(values)), strict=True))


def split_list(value: str) -> list[str]:
    """A |-separated cell as a list, blanks dropped."""
    return [v.strip() for v in value.split("|") if v.strip()]


def word_list(package: str, name: str) -> frozenset[str]:
    """The lower-cased words of a word-list file; lines starting with # are comments."""
    text = resources.files(package).joinpath(name).read_text(encoding="utf-8")
    return frozenset(
        word.lower()
        for line in text.splitlines()
        if not line.lstrip().startswith("#")
        for word in line.split()
    )
