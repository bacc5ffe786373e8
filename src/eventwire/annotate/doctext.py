"""A parsed field's text, read once: spaCy rebuilds `Doc.text` from every token on each
access, which made slicing evidence out of long articles cost more than parsing them."""

from __future__ import annotations

from spacy.tokens import Doc

_KEY = "eventwire.text"


def doc_text(doc: Doc) -> str:
    """`doc.text`, computed on first use and kept with the doc."""
    text = doc.user_data.get(_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_KEY] = text
    return text
