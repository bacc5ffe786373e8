"""The built-in lexicon: eventwire's own actor files over the Phoenix dictionaries.

The Phoenix (PETRARCH-2) dictionaries bring dated office holders of every country,
international bodies, armed groups and agent nouns; eventwire's own files bring current
office holders and its own readings. Where a phrase is in both, eventwire's entry is kept and
the Phoenix one dropped, and the pair is recorded as a `Conflict` when their codes differ.

Reading 2 MB of dictionary syntax takes seconds, so the merged lexicon is compiled once into
the user's cache (a pickle named by a digest of every data file and eventwire's version) and
later processes load that file.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from pathlib import Path

from eventwire import __version__
from eventwire.actors.lexicon import Entry, Lexicon
from eventwire.actors.tabari import load_actors, load_agents
from eventwire.cache import cache_dir

ACTOR_DATA = "eventwire.data.actors"
PHOENIX_FOLDER = "petrarch2"
PHOENIX_ACTORS = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)
PHOENIX_AGENTS = "Phoenix.agents.txt"
FORMAT = "1"  # bump when the compiled layout changes


@dataclass(frozen=True)
class Conflict:
    """A phrase that eventwire's own files and a Phoenix dictionary code differently."""

    phrase: str
    own_code: str
    own_source: str
    phoenix_code: str
    phoenix_source: str


def phrase_key(words: list[str] | tuple[str, ...]) -> tuple[str, ...]:
    """A phrase as compared across files: lower case, a leading "the" dropped ("the
    European Union" in one file is the "European Union" of another)."""
    key = tuple(word.lower() for word in words)
    return key[1:] if len(key) > 1 and key[0] == "the" else key


def entry_codes(entry: Entry) -> set[str]:
    """The codes an entry can give, agents' `~` marks dropped (`~MIL` and `MIL` agree)."""
    return {rule.code.strip("~") for rule in entry.codes}


def merge(own: Lexicon, phoenix: Lexicon) -> tuple[Lexicon, list[Conflict]]:
    """Phoenix entries whose phrase eventwire's files do not have, then all of eventwire's."""
    mine: dict[tuple[str, ...], Entry] = {}
    for words, entry in own.iter_entries():
        mine.setdefault(phrase_key(words), entry)
    merged = Lexicon()
    conflicts: list[Conflict] = []
    for words, entry in phoenix.iter_entries():
        kept = mine.get(phrase_key(words))
        if kept is None:
            if all(len(code) == 3 for code in entry_codes(entry)):
                # Phoenix codes towns and regions to their country ("Geneva" CHE): they are
                # places where they do not act ("talks in Geneva").
                entry = replace(entry, place_like=True)
            merged.add(words, entry)
        elif not entry_codes(entry) & entry_codes(kept):
            conflicts.append(
                Conflict(
                    phrase=" ".join(words),
                    own_code="/".join(sorted(entry_codes(kept))),
                    own_source=kept.source,
                    phoenix_code="/".join(sorted(entry_codes(entry))),
                    phoenix_source=entry.source,
                )
            )
    merged.extend(own)
    merged.warnings = []
    return merged, conflicts


def _phoenix() -> Lexicon:
    folder = resources.files(ACTOR_DATA).joinpath(PHOENIX_FOLDER)
    lexicon = Lexicon()
    for name in PHOENIX_ACTORS:
        with resources.as_file(folder.joinpath(name)) as path:
            load_actors(path, lexicon)
    with resources.as_file(folder.joinpath(PHOENIX_AGENTS)) as path:
        load_agents(path, lexicon)
    return lexicon


def _digest() -> str:
    """Changes with any data file and with the code that reads and merges them."""
    digest = hashlib.sha256(f"{FORMAT}:{__version__}".encode())
    code = Path(__file__).parent
    for name in ("bundled.py", "builtin.py", "tabari.py", "lexicon.py", "phrases.py"):
        digest.update((code / name).read_bytes())
    own = resources.files(ACTOR_DATA)
    for folder in (own, own.joinpath(PHOENIX_FOLDER)):
        for item in sorted(folder.iterdir(), key=lambda i: i.name):
            if item.is_file() and item.name.endswith((".tsv", ".toml", ".txt")):
                digest.update(item.name.encode() + b"\0" + item.read_bytes())
    return digest.hexdigest()[:12]


@lru_cache(maxsize=1)
def compiled() -> bytes:
    """The pickled (lexicon, conflicts): read from the cache, or built and written there."""
    from eventwire.actors.builtin import own_lexicon  # the own files' loaders

    path = cache_dir() / f"actors-{_digest()}.pickle"
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = pickle.dumps(merge(own_lexicon(), _phoenix()), protocol=pickle.HIGHEST_PROTOCOL)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{os.getpid()}.part")
        partial.write_bytes(data)
        partial.replace(path)
    except OSError:
        pass  # a read-only cache only costs the next process the build again
    return data


@lru_cache(maxsize=1)
def bundled_lexicon() -> Lexicon:
    """The merged lexicon, shared within a process: never modify it (see `lexicon_copy`)."""
    return lexicon_copy()


def _load() -> tuple[Lexicon, list[Conflict]]:
    """Unpickle the compiled lexicon; the cycle collector is paused meanwhile (it would
    scan the tens of thousands of new entries again and again, tripling the time). A file
    that does not unpickle (written by another version) is rebuilt."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return pickle.loads(compiled())
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
        compiled.cache_clear()
        (cache_dir() / f"actors-{_digest()}.pickle").unlink(missing_ok=True)
        return pickle.loads(compiled())
    finally:
        if collecting:
            gc.enable()


def lexicon_copy() -> Lexicon:
    """A private copy of the merged lexicon, for adding a user's files to."""
    return _load()[0]


def conflicts() -> list[Conflict]:
    return _load()[1]
