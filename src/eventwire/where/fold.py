"""Place-name keys: one spelling for "Yel'sk", "Yelsk", "YELSK" and the typographic forms."""

from __future__ import annotations

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter plus a mark.
_LETTERS = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "ø": "o",
        "Ø": "o",
        "đ": "d",
        "Đ": "d",
        "ß": "ss",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "ı": "i",
        "þ": "th",
        "ð": "d",
    }
)
_DROPPED = re.compile(r"[’'ʼ‘`´.,]")
_SPACES = re.compile(r"[\s\-‐‑–—_/]+")
KEY = re.compile(r"^[a-z0-9 ]+$")


def fold(name: str) -> str:
    """Lower case, accents off, apostrophes and full stops out, hyphens as spaces."""
    text = unicodedata.normalize("NFKD", name.translate(_LETTERS))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = _DROPPED.sub("", text.lower())
    return _SPACES.sub(" ", text).strip()


def latin_key(name: str) -> str | None:
    """The folded key when the name is written in Latin letters, else None: the gazetteer
    keeps only names an English article could use."""
    key = fold(name)
    return key if key and KEY.match(key) else None
