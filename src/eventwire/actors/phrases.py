"""Split lexicon phrases into the same tokens spaCy makes of running text."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.tokenizer import Tokenizer


@lru_cache(maxsize=1)
def _tokenizer() -> Tokenizer:
    # The rule-based English tokenizer is the one the model uses; no model needed here.
    return spacy.blank("en").tokenizer


def phrase_words(phrase: str) -> list[str]:
    """ "ex-Soviet Belarus" -> ["ex", "-", "Soviet", "Belarus"]; "U.S." stays one word."""
    return [t.text for t in _tokenizer()(phrase.strip()) if not t.is_space]
