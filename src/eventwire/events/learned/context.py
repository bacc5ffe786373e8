"""An actor's country from its article, where the actor coder could not tell it.

"Lawmakers", "police" or a senator the lexicon does not know get no country (`---MIL`, or no
code at all), yet annotators, reading the article, code them: the police of a story about
Chicago are American. A small ranker learns from the training corpus which of the article's
countries (its most mentioned ones, that of the sentence's other actors, the United States as
the corpus's home, or none) such an actor belongs to. The actor keeps its words and span;
only the country is filled in, and the event says so in `how`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from eventwire.actors.records import ActorMention
from eventwire.events.learned.features import ActorCandidate
from eventwire.events.learned.model import LinearModel

UNKNOWN = "---"
HOME = "USA"  # the country most of the training corpus's outlets write from
TOP = 3


@dataclass(frozen=True)
class ArticleCountries:
    """The known countries of an article's actor mentions, most mentioned first."""

    order: tuple[str, ...]
    shares: dict[str, float]
    by_offset: tuple[tuple[int, str], ...]


def known(country: str | None) -> bool:
    return country is not None and country != UNKNOWN


def article_countries(mentions: list[ActorMention]) -> ArticleCountries:
    coded = [m for m in mentions if known(m.country)]
    counts = Counter(m.country for m in coded)
    total = sum(counts.values()) or 1
    return ArticleCountries(
        tuple(c for c, _ in counts.most_common()),  # type: ignore[misc]
        {c: n / total for c, n in counts.items()},  # type: ignore[misc]
        tuple(sorted((m.start, m.country) for m in coded)),  # type: ignore[misc]
    )


def needs_country(actor: ActorCandidate) -> bool:
    return not known(actor.mention.country)


def options(context: ArticleCountries) -> list[str]:
    found = [*context.order[:TOP], UNKNOWN, HOME]
    return list(dict.fromkeys(found))


def _previous(context: ArticleCountries, offset: int) -> str | None:
    before = [c for start, c in context.by_offset if start < offset]
    return before[-1] if before else None


def country_features(
    actor: ActorCandidate, option: str, context: ArticleCountries, sentence: set[str]
) -> list[str]:
    mention = actor.mention
    rank = context.order.index(option) if option in context.order else -1
    share = context.shares.get(option, 0.0)
    what = [
        f"kind={mention.kind}",
        f"sector={mention.code[3:] if mention.code else 'none'}",
        f"head={actor.head.lemma_.lower()}",
        "coded" if mention.code else "uncoded",
    ]
    facts = [
        "unknown" if option == UNKNOWN else f"rank={rank}",
        f"share={min(int(share * 5), 4)}" if option != UNKNOWN else "share=none",
        "in_sentence" if option in sentence else "not_in_sentence",
        "previous" if option == _previous(context, mention.start) else "not_previous",
        "home" if option == HOME else "abroad",
        "home_absent" if option == HOME and option not in context.order else "home_present",
    ]
    return ["bias", *facts, *(f"{f}|{w}" for f in facts for w in what)]


def complete_countries(
    actors: list[ActorCandidate], context: ArticleCountries, model: LinearModel
) -> None:
    """Fill `country` of every actor the actor coder left without one, by the ranker."""
    sentence = {a.mention.country for a in actors if known(a.mention.country)}
    choices = options(context)
    for actor in actors:
        if not needs_country(actor):
            continue
        rows = [country_features(actor, c, context, sentence) for c in choices]  # type: ignore[arg-type]
        scores = model.proba(rows)[:, 1]
        actor.country = choices[int(scores.argmax())]
