"""The work done per article before storing: extraction, evidence sentences, signature.

Runs in the ingesting process or in worker processes (`--workers N`); each process builds
its own extractor once, since spaCy models and dictionaries do not cross processes cheaply.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.actors.learned import LearnedNames
from eventwire.annotate.document import AnnotatedDocument
from eventwire.errors import EventwireError, UsageError
from eventwire.events.choice import EventCoding, make_event_coder
from eventwire.events.verbs import VerbDictionary
from eventwire.pipeline import Extraction, Extractor
from eventwire.read.article import Article
from eventwire.store.dedupe import signature, to_bytes

DEFAULT_STATEMENTS = "coded"
RULES_ONLY = "--verbs and --statements tune the rule coder only; use them with --coder rules"


def event_coder_for(
    name: str, verbs: VerbDictionary | None = None, statements: str = DEFAULT_STATEMENTS
) -> EventCoding:
    """The named event coder (`make_event_coder`). The rules also take the user's verb
    dictionaries and plain-statement choice; another coder cannot honour them, so they
    are refused rather than silently ignored."""
    from eventwire.events import EventCoder

    rule_options = verbs is not None or statements != DEFAULT_STATEMENTS
    if name == "rules" and rule_options:
        return EventCoder(verbs, statements=statements)
    if rule_options:
        raise UsageError(RULES_ONLY)
    try:
        return make_event_coder(name)
    except ImportError as error:  # a coder whose module or libraries are missing
        raise EventwireError(
            f"the {name} event coder cannot be loaded ({error}); try --coder rules"
        ) from None


@dataclass(frozen=True)
class ExtractorSpec:
    """What a worker needs to build the same extractor as the parent would."""

    actors: tuple[Path, ...] = ()
    verbs: tuple[Path, ...] = ()
    statements: str = "coded"
    learn_names: bool = True  # code full names as other articles of the store coded them
    learned: LearnedNames | None = None  # filled from the store when the ingest starts
    # The rules by default for Python callers (unlike `Extractor()`, which takes the default
    # coder); the command line passes its own choice, `learned` unless told otherwise.
    coder: str = "rules"

    def build(self) -> Extractor:
        from eventwire.actors import ActorCoder, load_lexicon
        from eventwire.events import load_verb_dictionaries

        lexicon = load_lexicon(list(self.actors))
        verbs = load_verb_dictionaries(self.verbs) if self.verbs else None
        learned = self.learned if self.learn_names else None
        coder = event_coder_for(self.coder, verbs, self.statements)
        return Extractor(ActorCoder(lexicon, learned=learned), coder)  # type: ignore[arg-type]


_EXTRACTOR: Extractor | None = None


def init_worker(spec: ExtractorSpec) -> None:
    global _EXTRACTOR
    _EXTRACTOR = spec.build()


def _sentence(document: AnnotatedDocument, field_name: str, start: int) -> tuple[int, int]:
    segment = document.segment(field_name)
    if segment is None:
        return start, start
    for sentence in segment.doc.sents:
        if sentence.start_char <= start < sentence.end_char:
            return sentence.start_char, sentence.end_char
    return start, start


def payload(extraction: Extraction, article: Article) -> dict[str, Any]:
    record = extraction.record()
    return {
        "record": record,
        "canonical_url": article.canonical_url,
        "origin": article.origin,
        "minhash": to_bytes(signature((article.title or "") + "\n" + article.text)),
        "sentences": [
            _sentence(extraction.document, e["field"], e["start"]) for e in record["events"]
        ],
    }


def work(articles: list[Article]) -> list[dict[str, Any]]:
    """Payloads for a batch, in order; an article that fails becomes an error entry."""
    assert _EXTRACTOR is not None, "init_worker was not called"
    try:
        return [
            payload(extraction, article)
            for extraction, article in zip(_EXTRACTOR.run(articles), articles, strict=True)
        ]
    except Exception:  # find the one that fails; the rest of the batch still counts
        results = []
        for article in articles:
            try:
                [extraction] = list(_EXTRACTOR.run([article]))
                results.append(payload(extraction, article))
            except Exception as error:
                results.append({"error": f"{article.origin or article.id}: {error}"})
        return results
