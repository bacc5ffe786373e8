"""Expand what a user names (files, directories, globs, `-`) into byte streams."""

from __future__ import annotations

import glob
import io
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from eventwire.errors import Problem
from eventwire.read.fetch import is_url

STDIN = "-"


@dataclass(frozen=True)
class Source:
    """One input to read: a file path, an http(s) URL, or standard input when both are None."""

    origin: str
    path: Path | None
    url: str | None = None

    def open(self) -> BinaryIO:
        if self.path is None:
            return sys.stdin.buffer
        return self.path.open("rb")

    def size(self) -> int | None:
        return self.path.stat().st_size if self.path is not None else None


def _is_hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def expand(paths: Iterable[str | Path]) -> Iterator[Source | Problem]:
    """Files as given, directories walked recursively in name order, globs expanded."""
    for raw in paths:
        name = str(raw)
        if name == STDIN:
            yield Source("<stdin>", None)
            continue
        if is_url(name):
            yield Source(name, None, url=name)
            continue
        path = Path(name)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and not _is_hidden(p, path))
            if not files:
                yield Problem(name, "directory holds no files")
            yield from (Source(str(p), p) for p in files)
        elif path.is_file():
            yield Source(name, path)
        elif path.exists():
            yield Problem(name, "not a regular file")
        elif glob.has_magic(name):
            matches = sorted(Path(m) for m in glob.glob(name, recursive=True) if Path(m).is_file())
            if not matches:
                yield Problem(name, "no file matches this pattern")
            yield from (Source(str(p), p) for p in matches)
        else:
            yield Problem(name, "no such file or directory")


class Prefixed(io.RawIOBase):
    """A stream that first replays bytes already read (for sniffing), then the rest."""

    def __init__(self, head: bytes, rest: BinaryIO, error: Exception | None = None) -> None:
        self._head = memoryview(head)
        self._rest = rest
        self._error = error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        if self._head.nbytes:
            count = min(len(buffer), self._head.nbytes)
            buffer[:count] = self._head[:count]
            self._head = self._head[count:]
            return count
        if self._error is not None:
            raise self._error
        # One read of the source at a time (read1): a buffered read that gathers several
        # would lose what it gathered when a truncated gzip member raises at the end.
        read = getattr(self._rest, "read1", self._rest.read)
        data = read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def peek(
    stream: BinaryIO, size: int, chunk_size: int = 4096
) -> tuple[bytes, BinaryIO, Exception | None]:
    """Read up to `size` bytes for sniffing and return a stream that still starts at 0.

    A read error (a truncated gzip member, say) is returned, and also held back in the
    stream, raised only when the reader gets past the bytes that did arrive, so whatever
    came before it is still read.  Small chunks keep the bytes lost to such an error few.
    """
    head = b""
    error: Exception | None = None
    read = getattr(stream, "read1", stream.read)  # never gathers reads it could then lose
    while len(head) < size:
        try:
            chunk = read(min(chunk_size, size - len(head)))
        except (EOFError, OSError, zlib.error) as exc:
            error = exc
            break
        if not chunk:
            break
        head += chunk
    return head, io.BufferedReader(Prefixed(head, stream, error), buffer_size=1 << 16), error
