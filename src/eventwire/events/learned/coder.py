"""The learned event coder: the packaged models applied to an annotated article."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from eventwire.actors.records import ActorMention
from eventwire.annotate.document import BODY, AnnotatedDocument
from eventwire.errors import EventwireError
from eventwire.events.codebook import Codebook, load_codebook
from eventwire.events.coder import EventCoder
from eventwire.events.learned.assemble import Models, Settings, code_sentence
from eventwire.events.learned.context import article_countries
from eventwire.events.learned.features import in_sentence, rule_proposals, sentence_instances
from eventwire.events.learned.model import load_bundle
from eventwire.events.modality import ModalityRules, modality_rules
from eventwire.events.records import Event

MODEL_NAMES = ("family", "code", "source", "target", "modality", "negation", "country")


class ModelError(EventwireError):
    """The learned coder's model files are missing or unreadable."""


def packaged_models() -> Path:
    return Path(str(resources.files("eventwire.data").joinpath("models", "events")))


@lru_cache(maxsize=4)
def load_models(folder: Path | None = None) -> tuple[Models, Settings, dict[str, Any]]:
    """The models, their decision settings and their training record, loaded once."""
    folder = folder or packaged_models()
    try:
        models, meta = load_bundle(folder)
    except (OSError, ValueError, KeyError) as exc:
        raise ModelError(f"cannot load the learned event models from {folder}: {exc}") from exc
    missing = [name for name in MODEL_NAMES if name not in models]
    if missing:
        raise ModelError(f"{folder}: the model bundle lacks {', '.join(missing)}")
    return Models(**{n: models[n] for n in MODEL_NAMES}), Settings(**meta["settings"]), meta


class LearnedCoder:
    """Finds and codes events with models trained on the annotated news corpus.

    The rule coder still runs: its proposals are features, never the answer."""

    def __init__(
        self,
        folder: Path | None = None,
        rule_coder: EventCoder | None = None,
        codebook: Codebook | None = None,
        rules: ModalityRules | None = None,
        fitted: tuple[Models, Settings] | None = None,
    ) -> None:
        """`fitted`: models and settings held in memory (the training script's own), in
        place of a folder's."""
        if fitted is not None:
            (self.models, self.settings), self.meta = fitted, {}
        else:
            self.models, self.settings, self.meta = load_models(folder)
        # which model made an event, in its `how`, so a store can be re-coded later
        self.version = (
            f"model trained {self.meta['trained']} on {self.meta['sentences']} sentences"
            if "trained" in self.meta
            else "model in memory"
        )
        self.rule_coder = rule_coder or EventCoder()
        self.codebook = codebook or load_codebook()
        self.rules = rules or modality_rules()

    def code(self, document: AnnotatedDocument, mentions: list[ActorMention]) -> list[Event]:
        proposals = self.rule_coder.code(document, mentions)
        events: list[Event] = []
        context = article_countries([m for m in mentions if m.field == BODY])
        for segment in document.segments:
            if segment.field.endswith(".credit"):
                continue
            doc = segment.doc
            field_mentions = [m for m in mentions if m.field == segment.field]
            field_proposals = [e for e in proposals if e.field == segment.field]
            codes, roles = rule_proposals(field_proposals)
            sentences = []
            for number, sentence in enumerate(doc.sents):
                instances = sentence_instances(
                    sentence, number, field_mentions, codes, roles, self.rules, context
                )
                instances.rule_events = in_sentence(field_proposals, sentence)
                sentences.append(instances)
            # the family model scores the whole field at once; the assembly goes by sentence
            rows = [c.features for s in sentences for c in s.candidates]
            tensor = doc.tensor[[c.token.i for s in sentences for c in s.candidates]]
            probabilities = self.models.family.proba(rows, tensor) if rows else None
            at = 0
            for instances in sentences:
                size = len(instances.candidates)
                events += code_sentence(
                    instances,
                    tensor[at : at + size],
                    segment.field,
                    self.models,
                    self.settings,
                    self.codebook,
                    self.rules,
                    probabilities[at : at + size] if probabilities is not None else None,
                )
                at += size
        for event in events:
            if event.how.startswith("learned"):
                event.how = f"{event.how}; {self.version}"
        return events
