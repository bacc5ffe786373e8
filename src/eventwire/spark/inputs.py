"""Which files a Spark run reads, in the order `eventwire ingest` would read them.

Local paths are expanded by the same code as `ingest` (directories in name order, globs
sorted) and made absolute, so an article's `origin` is the same in both. A path with a
scheme (hdfs://, s3a://, gs://, file://) is listed by Spark's Hadoop file system on the
driver. The file's position in this list is the first part of every article's order.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from eventwire.errors import Problem, UsageError
from eventwire.read.sources import STDIN, expand


@dataclass(frozen=True)
class InputFile:
    """One file to read: its place in the run's order, its name, and how to open it."""

    index: int
    name: str
    local: bool


def is_uri(path: str) -> bool:
    return "://" in path


def listed_paths(lists: Iterable[str], read_text: Callable[[str], str]) -> list[str]:
    """The paths named in list files, one a line; blank lines and `#` comments skipped."""
    paths = []
    for name in lists:
        try:
            text = read_text(name)
        except OSError as error:
            raise UsageError(f"{name}: cannot read the list of paths ({error})") from None
        for line in text.splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                paths.append(line)
    return paths


def list_inputs(
    paths: Iterable[str], list_uri: Callable[[str], list[str]]
) -> tuple[list[InputFile], list[Problem]]:
    """Every file to read, numbered in order, and the problems met naming them."""
    files: list[InputFile] = []
    problems: list[Problem] = []
    for path in paths:
        if path == STDIN:
            problems.append(Problem(path, "spark cannot read standard input; give files"))
        elif is_uri(path):
            found = list_uri(path)
            if not found:
                problems.append(Problem(path, "no such file, or no file matches"))
            files.extend(InputFile(len(files) + i, name, False) for i, name in enumerate(found))
        else:
            for item in expand([str(Path(path).absolute())]):
                if isinstance(item, Problem):
                    problems.append(item)
                else:
                    files.append(InputFile(len(files), item.origin, True))
    return files, problems
