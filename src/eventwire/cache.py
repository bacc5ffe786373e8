"""Where eventwire keeps what it builds once from its data files (gazetteer, lexicon)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """`$EVENTWIRE_CACHE`, else `$XDG_CACHE_HOME/eventwire`, else `~/.cache/eventwire`."""
    if os.environ.get("EVENTWIRE_CACHE"):
        return Path(os.environ["EVENTWIRE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "eventwire"
