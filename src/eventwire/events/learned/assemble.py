"""From the models' probabilities to event records: triggers, codes, roles, modality, confidence.

The same function codes a sentence at run time and in the training script's cross-validation,
so the figures the script prints are those of the coder users run.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
from spacy.tokens import Token

from eventwire.annotate.doctext import doc_text
from eventwire.evaluate.gold import country_slot
from eventwire.events.codebook import Codebook
from eventwire.events.learned.context import complete_countries
from eventwire.events.learned.features import ActorCandidate, SentenceInstances, role_features
from eventwire.events.learned.model import LinearModel
from eventwire.events.modality import Modality, ModalityRules, modality_of
from eventwire.events.quantities import quantities_of
from eventwire.events.records import ActorRef, Event

NONE = "none"
MAX_SOURCES = 2


@dataclass
class Settings:
    """The bundle's decision settings, chosen on cross-validation by the training script."""

    event_threshold: float = 0.5
    source_threshold: float = 0.5
    target_threshold: float = 0.5
    modality: str = "learned"  # or "rules", whichever scored better in CV
    # Which of the rule coder's events to keep at triggers the models leave uncoded, chosen
    # on CV: "none", "attributed" (acts a named actor reports, plans or denies) or "all"; they
    # carry the cross-validated precision of such events as their confidence.
    rule_backoff: str = "none"
    backoff_confidence: float = 0.0
    calibration_x: list[float] = field(default_factory=lambda: [0.0, 1.0])
    calibration_y: list[float] = field(default_factory=lambda: [0.0, 1.0])

    def calibrated(self, raw: float) -> float:
        return float(np.interp(raw, self.calibration_x, self.calibration_y))


@dataclass
class Models:
    family: LinearModel
    code: LinearModel
    source: LinearModel
    target: LinearModel
    modality: LinearModel
    negation: LinearModel
    country: LinearModel


@dataclass
class TriggerGuess:
    """One candidate the family model calls an event: what the assembly starts from."""

    token: Token
    features: list[str]
    family: str
    probability: float
    modality: Modality | None = None


def guess_triggers(
    instances: SentenceInstances,
    tensor: np.ndarray,
    models: Models,
    threshold: float,
    probabilities: np.ndarray | None = None,
) -> list[TriggerGuess]:
    """The candidates the family model calls events; `probabilities`, when given, are the
    family model's for these candidates, scored already (a whole document at once)."""
    if not instances.candidates:
        return []
    if probabilities is None:
        rows = [c.features for c in instances.candidates]
        probabilities = models.family.proba(rows, tensor)
    classes = models.family.classes
    none = classes.index(NONE)
    guesses = []
    for candidate, row in zip(instances.candidates, probabilities, strict=True):
        event = 1.0 - float(row[none])
        if event < threshold:
            continue
        masked = row.copy()
        masked[none] = -1.0
        guesses.append(
            TriggerGuess(
                candidate.token,
                candidate.features,
                classes[int(masked.argmax())],
                event,
                candidate.modality,
            )
        )
    return guesses


def full_codes(guesses: list[TriggerGuess], model: LinearModel) -> list[str]:
    """The most likely full code within each guess's family (one scoring for them all)."""
    rows = model.proba([[*g.features, f"fam={g.family}"] for g in guesses])
    codes = []
    for guess, row in zip(guesses, rows, strict=True):
        allowed = [n for n, c in enumerate(model.classes) if c[:2] == guess.family]
        codes.append(
            model.classes[max(allowed, key=lambda n: row[n])] if allowed else guess.family + "0"
        )
    return codes


def role_scores(
    guesses: list[TriggerGuess], instances: SentenceInstances, models: Models
) -> tuple[np.ndarray, np.ndarray]:
    """Source and target probabilities, one row per guess, one column per actor."""
    shape = (len(guesses), len(instances.actors))
    if not instances.actors:
        return np.zeros(shape), np.zeros(shape)
    rows = [
        role_features(g.token, actor, g.family, instances.rule_roles, instances.quoted)
        for g in guesses
        for actor in instances.actors
    ]
    return (
        models.source.proba(rows)[:, 1].reshape(shape),
        models.target.proba(rows)[:, 1].reshape(shape),
    )


def modalities(
    guesses: list[TriggerGuess], models: Models, settings: Settings, rules: ModalityRules
) -> list[tuple[str, bool]]:
    """Each guess's modality and negation: the learned models' or the rules'."""
    if settings.modality != "learned":
        ruled = [g.modality or modality_of(g.token, rules) for g in guesses]
        return [(m.modality, m.negated) for m in ruled]
    rows = [g.features for g in guesses]
    kinds = models.modality.proba(rows).argmax(axis=1)
    negated = models.negation.proba(rows)[:, 1] >= 0.5
    return [(models.modality.classes[int(k)], bool(n)) for k, n in zip(kinds, negated, strict=True)]


def _same_actor(a: ActorCandidate, b: ActorCandidate) -> bool:
    return a.code is not None and a.code == b.code


def _same_country(a: ActorCandidate, b: ActorCandidate) -> bool:
    return country_slot(a.code) == country_slot(b.code)


def _joint(a: ActorCandidate, b: ActorCandidate) -> bool:
    """Two actors of different countries joined as one phrase ("Russia and Belarus")."""
    if country_slot(a.code) == country_slot(b.code):
        return False
    return (b.head.dep_ == "conj" and b.head.head == a.head) or (
        a.head.dep_ == "conj" and a.head.head == b.head
    )


def choose_roles(
    instances: SentenceInstances,
    source_p: np.ndarray,
    target_p: np.ndarray,
    settings: Settings,
) -> list[tuple[ActorCandidate | None, ActorCandidate | None, float]]:
    """(source, target, role probability) pairs for one trigger: the best source and target
    above their thresholds, or none; two sources with no target make a mutual pair."""
    actors = instances.actors
    order = np.argsort(-source_p) if len(actors) else []
    sources = [actors[n] for n in order[:MAX_SOURCES] if source_p[n] >= settings.source_threshold]
    if len(sources) == 2 and not _joint(*sources):
        sources = sources[:1]
    source_prob = float(source_p.max()) if len(actors) else 0.0
    target, target_prob = None, 0.0
    for n in np.argsort(-target_p) if len(actors) else []:
        if target_p[n] < settings.target_threshold:
            break
        if any(actors[n] is s or _same_actor(actors[n], s) for s in sources[:1]):
            continue
        target, target_prob = actors[n], float(target_p[n])
        break
    source_part = source_prob if sources else 1.0 - source_prob
    best_target = float(target_p.max()) if len(actors) else 0.0
    target_part = target_prob if target is not None else 1.0 - best_target
    probability = source_part * target_part
    if len(sources) == 2 and target is None:
        return [(sources[0], sources[1], probability), (sources[1], sources[0], probability)]
    if len(sources) == 2 and target is not None:
        pairs = [(s, target, probability) for s in sources if not _same_country(s, target)]
        return pairs or [(sources[0], target, probability)]
    return [(sources[0] if sources else None, target, probability)]


def _ref(actor: ActorCandidate | None) -> ActorRef | None:
    if actor is None:
        return None
    m = actor.mention
    country = actor.country if actor.country is not None else m.country
    return ActorRef(m.text, m.start, m.end, actor.code, country, m.sector)


def _speaker(
    trigger: Token, instances: SentenceInstances, speaker: Token | None
) -> ActorRef | None:
    """Who reports the event: the actor heading the speech verb's subject."""
    if speaker is None:
        return None
    subjects = {
        t.i for c in speaker.children if c.dep_ in ("nsubj", "nsubjpass") for t in c.subtree
    }
    for actor in instances.actors:
        if actor.head.i in subjects and actor.head.i != trigger.i:
            return _ref(actor)
    return None


def _how(
    token: Token, probability: float, source: ActorCandidate | None, target: ActorCandidate | None
) -> str:
    how = f"learned: trigger '{token.lemma_}' p={probability:.2f}"
    for role, actor in (("source", source), ("target", target)):
        if actor is not None and actor.country is not None:
            how += f"; {role} country {actor.country} from the article"
    return how


def code_sentence(
    instances: SentenceInstances,
    tensor: np.ndarray,
    field_name: str,
    models: Models,
    settings: Settings,
    codebook: Codebook,
    rules: ModalityRules,
    family_probabilities: np.ndarray | None = None,
) -> list[Event]:
    """The sentence's events, each with its evidence spans and calibrated confidence."""
    events: list[Event] = []
    if instances.context is not None:
        complete_countries(instances.actors, instances.context, models.country)
    guesses = guess_triggers(
        instances, tensor, models, settings.event_threshold, family_probabilities
    )
    if not guesses:
        return backoff_events(events, instances, settings)
    codes = full_codes(guesses, models.code)
    sources, targets = role_scores(guesses, instances, models)
    moods = modalities(guesses, models, settings, rules)
    text = doc_text(instances.sentence.doc)
    for k, guess in enumerate(guesses):
        entry = codebook.get(codes[k]) or codebook.get(guess.family + "0")
        if entry is None:
            continue
        source_p, target_p = sources[k], targets[k]
        modality, negated = moods[k]
        ruled = guess.modality or modality_of(guess.token, rules)
        attribution = (
            _speaker(guess.token, instances, ruled.speaker)
            if modality in ("reported", "denied")
            else None
        )
        token = guess.token
        direct = [c for c in token.children if c.dep_ in ("dobj", "obj")]
        quantities = [q for obj in direct for q in quantities_of(obj)] or (
            quantities_of(token) if token.pos_ == "NOUN" else []
        )
        for source, target, role_probability in choose_roles(
            instances, source_p, target_p, settings
        ):
            spans = [(token.idx, token.idx + len(token.text))]
            spans += [(a.mention.start, a.mention.end) for a in (source, target) if a is not None]
            start, end = min(s for s, _ in spans), max(e for _, e in spans)
            raw = guess.probability * role_probability
            events.append(
                Event(
                    text=text[start:end],
                    start=start,
                    end=end,
                    field=field_name,
                    trigger=token.text,
                    cameo=entry.code,
                    **entry.event_fields(),
                    source=_ref(source),
                    target=_ref(target),
                    modality=modality,
                    negated=negated,
                    attribution=attribution,
                    quantities=quantities,
                    how=_how(token, guess.probability, source, target),
                    sentence=instances.number,
                    trigger_index=token.i,
                    trigger_start=token.idx,
                    trigger_end=token.idx + len(token.text),
                    confidence=round(settings.calibrated(raw), 3),
                )
            )
    return events + backoff_events(events, instances, settings)


def backoff_events(
    learned: list[Event], instances: SentenceInstances, settings: Settings
) -> list[Event]:
    """The rule coder's events at tokens no learned event is triggered by (when chosen)."""
    if settings.rule_backoff == "none":
        return []
    taken = {e.trigger_index for e in learned}
    return [
        replace(
            e,
            confidence=settings.backoff_confidence,
            how=f"rules, kept where the models coded nothing: {e.how}",
        )
        for e in instances.rule_events
        if e.trigger_index not in taken
        and (settings.rule_backoff == "all" or e.attribution is not None)
    ]
