"""The annotated document: an article's title, body and captions, each parsed by spaCy.

Every offset is a character offset into the text of its `field`: `"text"` (the body,
`Article.text`), `"title"`, `"captions[N]"` or `"captions[N].credit"`. The spaCy `Doc`
of each segment is kept, so later stages can walk tokens and the dependency parse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc

from eventwire.read.article import Article

BODY = "text"
TITLE = "title"


def caption_field(index: int) -> str:
    return f"captions[{index}]"


def credit_field(index: int) -> str:
    return f"captions[{index}].credit"


@dataclass(frozen=True)
class Sentence:
    field: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Entity:
    field: str
    start: int
    end: int
    text: str
    label: str


@dataclass
class Segment:
    """One field of the article and its parse."""

    field: str
    text: str
    doc: Doc

    @property
    def sentences(self) -> list[Sentence]:
        sentences = []
        for span in self.doc.sents:
            text = span.text.strip()
            if text:
                start = span.start_char + (len(span.text) - len(span.text.lstrip()))
                sentences.append(Sentence(self.field, start, start + len(text), text))
        return sentences

    @property
    def entities(self) -> list[Entity]:
        return [
            Entity(self.field, e.start_char, e.end_char, e.text, e.label_)
            for e in self.doc.ents
            if not e.text.isspace()
        ]


@dataclass
class AnnotatedDocument:
    """An article with each of its fields parsed; body first, the order stages read it."""

    article: Article
    segments: list[Segment] = field(default_factory=list)

    def segment(self, name: str) -> Segment | None:
        return next((s for s in self.segments if s.field == name), None)

    @property
    def sentences(self) -> list[Sentence]:
        return [s for seg in self.segments for s in seg.sentences]

    @property
    def entities(self) -> list[Entity]:
        return [e for seg in self.segments for e in seg.entities]
