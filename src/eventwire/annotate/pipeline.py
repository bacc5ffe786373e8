"""Parse articles in batches with `nlp.pipe`, one segment per field."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language

from eventwire.annotate.document import (
    BODY,
    TITLE,
    AnnotatedDocument,
    Segment,
    caption_field,
    credit_field,
)
from eventwire.annotate.model import load_nlp
from eventwire.read.article import Article

# Longer bodies are parsed up to a paragraph break before this many characters: time and
# memory grow with a document's length, and news is far shorter (the longest of the
# 8,275 corpus articles has 75,947 characters; 99.9% have under 43,000).
MAX_PARSE_CHARS = 100_000


def _parse_text(article: Article) -> str:
    """The body as parsed: whole, or cut at a paragraph break (the cut is recorded in
    the article's warnings; offsets stay valid because only the end is dropped)."""
    text = article.text
    if len(text) <= MAX_PARSE_CHARS:
        return text
    cut = text.rfind("\n\n", 0, MAX_PARSE_CHARS)
    cut = cut if cut > 0 else MAX_PARSE_CHARS
    note = f"body parsed up to character {cut} of {len(text)}: longer than {MAX_PARSE_CHARS:,}"
    if note not in article.warnings:
        article.warnings.append(note)
    return text[:cut]


def _fields(article: Article) -> list[tuple[str, str]]:
    fields = [(BODY, _parse_text(article))]
    if article.title:
        fields.append((TITLE, article.title))
    for index, caption in enumerate(article.captions):
        if caption.text:
            fields.append((caption_field(index), caption.text))
        if caption.credit:
            fields.append((credit_field(index), caption.credit))
    return fields


def annotate(
    articles: Iterable[Article], nlp: Language | None = None, batch_size: int = 64
) -> Iterator[AnnotatedDocument]:
    """Yield each article annotated, in input order; texts go through spaCy in batches."""
    nlp = nlp or load_nlp()
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from _annotate_batch(batch, nlp, batch_size)
            batch = []
    if batch:
        yield from _annotate_batch(batch, nlp, batch_size)


def _annotate_batch(
    batch: list[Article], nlp: Language, batch_size: int
) -> Iterator[AnnotatedDocument]:
    documents = [AnnotatedDocument(article) for article in batch]
    pairs = [
        (text, (number, name))
        for number, article in enumerate(batch)
        for name, text in _fields(article)
    ]
    for doc, (number, name) in nlp.pipe(pairs, as_tuples=True, batch_size=batch_size):
        documents[number].segments.append(Segment(name, doc.text, doc))
    yield from documents


def annotate_article(article: Article, nlp: Language | None = None) -> AnnotatedDocument:
    return next(annotate([article], nlp))
