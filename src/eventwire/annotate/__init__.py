"""Stage 2: sentences, tokens, entities and the dependency parse, with character offsets."""

from eventwire.annotate.document import AnnotatedDocument, Entity, Segment, Sentence
from eventwire.annotate.model import MODEL_NAME, load_nlp
from eventwire.annotate.pipeline import annotate, annotate_article

__all__ = [
    "MODEL_NAME",
    "AnnotatedDocument",
    "Entity",
    "Segment",
    "Sentence",
    "annotate",
    "annotate_article",
    "load_nlp",
]
