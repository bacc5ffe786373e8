"""How eventwire writes a missing value and a shortened text for people, the same in the
CLI's tables, alert lines and the dashboard (whose script mirrors these)."""

from __future__ import annotations

# A missing actor, target or place, in every table and line (the dashboard uses it too).
MISSING = "-"
ELLIPSIS = "…"


def shorten(text: str, width: int) -> str:
    """`text` in at most `width` characters, cut at a word boundary with an ellipsis
    ("figures in Tr" was a cut mid-word)."""
    text = " ".join(text.split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    space = cut.rfind(" ")
    if text[width - 1] != " " and space >= width // 2:  # the cut is inside a word
        cut = cut[:space]
    return cut.rstrip(" ,;:.") + ELLIPSIS
