"""Learned toponym decisions: is a candidate the rules found a toponym, and is it literal.

The rules of `recognise.py` propose every candidate and stay as features (which rule
found it, whether they call it literal); a logistic model per decision, trained on the
gold sets with cross-validation grouped by article (`tools/train_place_recognition.py`),
then keeps or drops each candidate and reads it literal or not. The models are a small
JSON file (`data/geo/recognition.json`), used only when the training script found that
they beat the rules (its card says so); without the file the rules decide alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from spacy.tokens import Span

from eventwire.where.gazetteer import Gazetteer
from eventwire.where.records import PlaceMention
from eventwire.where.resolve import COMMON_WORDS, is_code

RULES = ("entity GPE", "entity LOC", "entity FAC", "named as a place", "street or building",
         "after a locative", "followed by a country", "country or region name",
         "town of 100,000", "after a place noun", "dateline")  # fmt: skip
FEATURE_CLASSES = ("country", "capital", "region", "city", "district", "landmark", "airport",
                   "water", "area", "continent", "island")  # fmt: skip
DEPENDENCIES = ("nsubj", "nsubjpass", "pobj", "dobj", "compound", "poss", "conj", "appos", "amod")
LOCATIVE_HEADS = ("in", "at", "to", "from", "near", "into", "across", "outside", "on", "of",
                  "with", "against", "by")  # fmt: skip
FEATURES = (
    *(f"rule:{r}" for r in RULES),
    *(f"class:{c}" for c in FEATURE_CLASSES),
    *(f"dep:{d}" for d in DEPENDENCIES),
    *(f"head:{h}" for h in LOCATIVE_HEADS),
    "rules_literal", "unknown", "log_population", "log_candidates", "tokens", "all_caps",
    "code", "common_word", "after_the", "possessive_after", "head_is_verb", "head_is_noun",
    "in_entity_longer", "sentence_start",
)  # fmt: skip


def span_features(
    mention: PlaceMention, span: Span, gazetteer: Gazetteer, entity_ends: dict[int, int]
) -> list[float]:
    """The features (`FEATURES`, in order) of one candidate. `entity_ends`: for each
    token starting an entity, where the entity ends (to tell a name inside a longer one)."""
    places = gazetteer.find(mention.text)
    classes = {p.feature for p in places}
    root = span.root
    doc = span.doc
    head = root.head
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    population = max((p.population or 0 for p in places), default=0)
    longer = any(
        start <= span.start and end >= span.end and (end - start) > len(span)
        for start, end in entity_ends.items()
    )
    values = [float(rule in mention.found_by) for rule in RULES]
    values += [float(c in classes) for c in FEATURE_CLASSES]
    values += [float(root.dep_ == d) for d in DEPENDENCIES]
    values += [float(root.dep_ == "pobj" and head.lower_ == h) for h in LOCATIVE_HEADS]
    values += [
        float(mention.literal),
        float(not places),
        math.log10(population + 10),
        math.log(len(places) + 1),
        float(min(len(span), 5)),
        float(mention.text.isupper() and len(mention.text) > 3),
        float(is_code(mention.text)),
        float(mention.text.lower() in COMMON_WORDS),
        float(before is not None and before.lower_ == "the"),
        float(after is not None and after.tag_ == "POS"),
        float(head.pos_ in ("VERB", "AUX")),
        float(head.pos_ in ("NOUN", "PROPN") and head.i != root.i),
        float(longer),
        float(span.start == span.sent.start),
    ]
    return values


@dataclass(frozen=True)
class RecognitionModel:
    """Two logistic models over standardised features: keep, and literal."""

    means: tuple[float, ...]
    scales: tuple[float, ...]
    keep: tuple[tuple[float, ...], float]
    literal: tuple[tuple[float, ...], float]
    keep_threshold: float
    use_keep: bool  # each decision is used only where it beat the rules
    use_literal: bool

    def _probability(self, model: tuple[tuple[float, ...], float], row: Sequence[float]) -> float:
        weights, bias = model
        total = bias + sum(
            w * (x - m) / s
            for w, x, m, s in zip(weights, row, self.means, self.scales, strict=True)
        )
        return 1 / (1 + math.exp(-max(min(total, 30.0), -30.0)))

    def decide(self, row: Sequence[float]) -> tuple[bool, bool]:
        """(keep it as a toponym, literal); the rules' answer for a decision not used."""
        keep = not self.use_keep or self._probability(self.keep, row) >= self.keep_threshold
        if not self.use_literal:
            return keep, bool(row[FEATURES.index("rules_literal")])
        return keep, self._probability(self.literal, row) >= 0.5


def apply_model(
    found: list[PlaceMention], segments: dict[str, object], gazetteer: Gazetteer,
    model: RecognitionModel,
) -> list[PlaceMention]:  # fmt: skip
    """The candidates the model keeps, with its literal reading."""
    kept = []
    for mention, row in zip(found, candidate_rows(found, segments, gazetteer), strict=True):
        if row is None:
            kept.append(mention)
            continue
        keep, literal = model.decide(row)
        if keep:
            mention.literal = literal
            kept.append(mention)
    return kept


def candidate_rows(
    found: list[PlaceMention], segments: dict[str, object], gazetteer: Gazetteer
) -> list[list[float] | None]:
    """Each candidate's features (None where its span cannot be rebuilt)."""
    ends: dict[str, dict[int, int]] = {}
    rows: list[list[float] | None] = []
    for mention in found:
        doc = segments.get(mention.field)
        span = doc.char_span(mention.start, mention.end) if doc is not None else None  # type: ignore[attr-defined]
        if span is None:
            rows.append(None)
            continue
        if mention.field not in ends:
            ends[mention.field] = {e.start: e.end for e in span.doc.ents}
        rows.append(span_features(mention, span, gazetteer, ends[mention.field]))
    return rows


@lru_cache(maxsize=1)
def load_recognition_model() -> RecognitionModel | None:
    """The packaged model, or None when the package ships none (the rules decide)."""
    source = resources.files("eventwire.data.geo").joinpath("recognition.json")
    if not source.is_file():
        return None
    data = json.loads(source.read_text("utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError("data/geo/recognition.json was trained on other features: retrain it")
    return RecognitionModel(
        tuple(data["means"]),
        tuple(data["scales"]),
        (tuple(data["keep"]["weights"]), float(data["keep"]["bias"])),
        (tuple(data["literal"]["weights"]), float(data["literal"]["bias"])),
        float(data["keep"]["threshold"]),
        bool(data["keep"]["use"]),
        bool(data["literal"]["use"]),
    )
