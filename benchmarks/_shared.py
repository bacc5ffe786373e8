"""Where benchmarks find `../shared`, and a clear exit when it is not there."""

from __future__ import annotations

import os
import sys
from pathlib import Path

SHARED = Path(
    os.environ.get("EVENTWIRE_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or exit with one line saying what is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        sys.exit(f"benchmark needs {path} (the shared data folder beside the repository)")
    return path
