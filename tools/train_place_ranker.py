"""Train the toponym ranker and its calibration (`src/eventwire/data/geo/ranker.json`) and
report how well they generalise.

Data: the gold toponym spans of GeoWebNews and GeoVirus (in ../shared) and of the real-news
place gold set's dev split (`benchmarks/gold/places/`; its test split is never read here),
resolved by eventwire as `benchmarks/eval_geo.py` resolves them ("gold spans"), with the
hand score; for every name, each candidate's features
(`eventwire.where.resolve.candidate_features`) and whether it lies within 161 km of the
gold point. Names with two candidates or more train the ranker; every resolved name trains
the calibration of `confidence`.

Figures printed (acc@161 over every gold span of a set, as eval_geo counts them, so names
with no candidate count as errors):
- `hand`: the hand-tuned score alone;
- `cv`: 5-fold cross-validation grouped by article over all sets together; each fold's
  names are ranked by a model that never saw their article;
- `cross`: trained on one set, tested on another (news it was not tuned on);
- calibration: per set, a reliability table of the confidence of every resolved name, with
  ranker and calibration both held out by article.
Then the model is fitted on everything and written (with `--write`).

    python tools/train_place_ranker.py [--write]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import shared_path  # noqa: E402
from eval_geo import gold_span_mentions, read_gold  # noqa: E402
from eventwire.actors import ActorCoder  # noqa: E402
from eventwire.annotate import annotate, load_nlp  # noqa: E402
from eventwire.read.article import Article  # noqa: E402
from eventwire.where import Gazetteer, resolve  # noqa: E402
from eventwire.where.distance import distance_km  # noqa: E402
from eventwire.where.ranker import CALIBRATION_INPUTS, FEATURES, calibration_inputs  # noqa: E402

OUTPUT = ROOT / "src" / "eventwire" / "data" / "geo" / "ranker.json"
SETS = {
    "GeoWebNews": ("data", "geo", "geowebnews", "GWN.xml"),
    "GeoVirus": ("data", "geo", "geovirus", "GeoVirus.xml"),
    "RealNews-dev": (),  # the place gold set's dev split, from the repository
}
WITHIN_KM = 161.0
L2 = 1.0  # the weights' penalty
CALIBRATION_C = 1.0
FOLDS = 5


@dataclass
class Name:
    """One gold span: its article, set, and its candidates' features and labels."""

    dataset: str
    article: str
    features: np.ndarray | None  # candidates x features; None for no candidate
    labels: np.ndarray | None  # candidate within 161 km of the gold point
    fixed_right: bool  # with 0 or 1 candidate: whether the outcome is right
    inside: bool = False  # found inside an unknown name

    @property
    def ambiguous(self) -> bool:
        return self.features is not None and len(self.features) > 1

    @property
    def resolved(self) -> bool:
        return self.features is not None


def gold_sets() -> Iterator[tuple[str, list[tuple[str, list]], list[int | None]]]:
    """(set name, [(article text, gold toponyms)], where each article's annotated part
    ends: None for the whole text) for each set."""
    for dataset, parts in SETS.items():
        if parts:
            articles = read_gold(shared_path(*parts))
            yield dataset, articles, [None] * len(articles)
            continue
        from eval_places import gold_articles
        from realnews_corpus import corpus_lines, read_corpus_articles

        chosen = gold_articles("dev")
        lines = corpus_lines()
        texts = read_corpus_articles(lines[ref["corpus_line"]] for ref, _ in chosen)
        pairs = [(a.text, golds) for a, (_, golds) in zip(texts, chosen, strict=True)]
        yield dataset, pairs, [ref["region_end"] for ref, _ in chosen]


def gold_version() -> str:
    """The SHA-256 (16 hex) of the gold files the model was trained on: its data version."""
    digest = hashlib.sha256()
    for parts in (p for p in SETS.values() if p):
        digest.update(shared_path(*parts).read_bytes())
    digest.update((ROOT / "benchmarks" / "gold" / "places" / "gold.jsonl").read_bytes())
    return digest.hexdigest()[:16]


def collect() -> list[Name]:
    nlp, coder, gazetteer = load_nlp(), ActorCoder(), Gazetteer()
    coder.place_country = gazetteer.country_of
    names: list[Name] = []
    for dataset, articles, _ in gold_sets():
        documents = annotate((Article(text=text) for text, _ in articles), nlp)
        for number, ((_, golds), document) in enumerate(zip(articles, documents, strict=True)):
            if document.segment("text") is None:
                continue
            mentions = coder.code(document)
            spans = gold_span_mentions(document, golds)  # as eval_geo's gold spans
            found = [m for _, m in spans]
            seen: dict[int, tuple[np.ndarray, np.ndarray, bool]] = {}

            def observe(mention, options, rows, inside, seen=seen, spans=spans) -> None:  # type: ignore[no-untyped-def]
                gold = next(g for g, m in spans if m is mention)
                labels = [
                    distance_km(p.lat, p.lon, gold.lat, gold.lon) <= WITHIN_KM for p in options
                ]
                seen[id(mention)] = (
                    np.array(rows, dtype=float),
                    np.array(labels, dtype=bool),
                    inside,
                )

            resolve(found, gazetteer, mentions, ranker=False, observe=observe)
            group = f"{dataset}:{number}"
            for gold, mention in spans:
                if id(mention) in seen:
                    features, labels, inside = seen[id(mention)]
                    right = len(labels) == 1 and bool(labels[0])
                    names.append(Name(dataset, group, features, labels, right, inside))
                else:  # no candidate (or placed in the article's main town)
                    right = mention.place is not None and (
                        distance_km(mention.place.lat, mention.place.lon, gold.lat, gold.lon)
                        <= WITHIN_KM
                    )
                    names.append(Name(dataset, group, None, None, right))
    return names


def fit(names: list[Name]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A conditional logit: the weights that make each name's right candidates likeliest
    among its own candidates (a softmax per name), with an L2 penalty. Names with one
    candidate or none, or with no right candidate, teach nothing and are left out."""
    rows = [n for n in names if n.ambiguous]
    stacked = np.vstack([n.features for n in rows])  # type: ignore[misc]
    means = stacked.mean(axis=0)
    scales = stacked.std(axis=0)
    scales[scales == 0] = 1.0
    lists = [((n.features - means) / scales, n.labels) for n in rows if n.labels.any()]  # type: ignore[union-attr]

    def loss(weights: np.ndarray) -> tuple[float, np.ndarray]:
        total = 0.5 * L2 * weights @ weights
        gradient = L2 * weights
        for x, right in lists:
            values = x @ weights
            shares = np.exp(values - values.max())
            shares /= shares.sum()
            mass = shares[right].sum()
            total -= math.log(mass)
            gradient = gradient + shares @ x - (shares[right] @ x[right]) / mass
        return total, gradient

    found = minimize(loss, np.zeros(stacked.shape[1]), jac=True, method="L-BFGS-B")
    return found.x, means, scales


def scores(weights: np.ndarray, means: np.ndarray, scales: np.ndarray, name: Name) -> np.ndarray:
    assert name.features is not None
    return ((name.features - means) / scales) @ weights


def choose(model: tuple[np.ndarray, np.ndarray, np.ndarray], name: Name) -> tuple[bool, list]:
    """Whether the model's choice is right, and the calibration inputs for it."""
    assert name.features is not None and name.labels is not None
    weights, means, scales = model
    values = scores(weights, means, scales, name)
    best = int(np.argmax(values))
    inputs = calibration_inputs(
        values.tolist(), best, name.features[best].tolist(), name.inside, means, scales
    )
    return bool(name.labels[best]), inputs


def hand_choice(name: Name) -> bool:
    assert name.features is not None and name.labels is not None
    return bool(name.labels[int(np.argmax(name.features[:, 0]))])


def accuracy_of(names: list[Name], subset: list[int], chosen: dict[int, bool]) -> float:
    right = sum(chosen[i] if names[i].ambiguous else names[i].fixed_right for i in subset)
    return right / len(subset) if subset else 0.0


def reliability(confidence: np.ndarray, right: np.ndarray) -> list[str]:
    lines = ["  bin        n  mean_confidence  share_right  gap"]
    worst = 0.0
    for low in range(10):
        inside = np.minimum((confidence * 10).astype(int), 9) == low
        if not inside.any():
            continue
        mean, share = confidence[inside].mean(), right[inside].mean()
        big = inside.sum() >= 50
        worst = max(worst, abs(share - mean)) if big else worst
        gap = f"{share - mean:+.3f}" if big else "(n<50)"
        lines.append(f"  {low / 10:.1f}-{(low + 1) / 10:.1f}  {int(inside.sum()):5d}  "
                     f"{mean:.3f}  {share:.3f}  {gap}")  # fmt: skip
    lines.append(f"  largest gap in bins of 50 or more: {worst:.3f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {OUTPUT.name}")
    args = parser.parse_args()
    names = collect()
    ambiguous = [i for i, n in enumerate(names) if n.ambiguous]
    resolved = [i for i, n in enumerate(names) if n.resolved]
    print(
        f"names={len(names)} resolved={len(resolved)} ambiguous={len(ambiguous)} "
        f"with_no_right_candidate={sum(not names[i].labels.any() for i in ambiguous)}"  # type: ignore[union-attr]
    )
    hand = {i: hand_choice(names[i]) for i in ambiguous}
    for dataset in SETS:
        subset = [i for i, n in enumerate(names) if n.dataset == dataset]
        print(
            f"set={dataset} names={len(subset)} hand acc161={accuracy_of(names, subset, hand):.3f}"
        )

    # Cross-validation grouped by article over all sets: the ranker, then the calibration
    # inputs of every resolved name under the fold's ranker.
    groups = np.array([names[i].article for i in resolved])
    cv: dict[int, bool] = {}
    inputs: dict[int, list] = {}
    for train, test in GroupKFold(n_splits=FOLDS).split(resolved, groups=groups):
        model = fit([names[resolved[j]] for j in train])
        for j in test:
            cv[resolved[j]], inputs[resolved[j]] = choose(model, names[resolved[j]])
    card: dict[str, dict[str, float]] = {"cv_acc161": {}, "reliability_largest_gap": {}}
    for dataset in SETS:
        subset = [i for i, n in enumerate(names) if n.dataset == dataset]
        card["cv_acc161"][dataset] = round(accuracy_of(names, subset, cv), 4)
        print(f"set={dataset} cv acc161={card['cv_acc161'][dataset]:.3f}")

    for train_set in SETS:
        model = fit([n for n in names if n.dataset == train_set])
        for test_set in SETS:
            if train_set == test_set:
                continue
            chosen = {
                i: choose(model, names[i])[0] for i in ambiguous if names[i].dataset == test_set
            }
            subset = [i for i, n in enumerate(names) if n.dataset == test_set]
            figure = accuracy_of(names, subset, chosen)
            print(f"train={train_set} test={test_set} cross acc161={figure:.3f}")

    # Calibration: Platt scaling over CALIBRATION_INPUTS, held out by article again.
    x = np.array([inputs[i] for i in resolved])
    y = np.array([cv[i] for i in resolved])
    held_out = np.zeros(len(resolved))
    for train, test in GroupKFold(n_splits=FOLDS).split(x, groups=groups):
        platt = LogisticRegression(C=CALIBRATION_C, max_iter=5000).fit(x[train], y[train])
        held_out[test] = platt.predict_proba(x[test])[:, 1]
    sets = np.array([names[i].dataset for i in resolved])
    for dataset in SETS:
        mask = sets == dataset
        print(f"reliability set={dataset} (resolved names, cross-validated):")
        lines = reliability(held_out[mask], y[mask])
        card["reliability_largest_gap"][dataset] = float(lines[-1].rsplit(" ", 1)[1])
        print("\n".join(lines))
    platt = LogisticRegression(C=CALIBRATION_C, max_iter=5000).fit(x, y)
    unresolved = sum(not n.resolved for n in names)
    print(f"names with no candidate: n={unresolved} ({unresolved / len(names):.3f})")

    weights, means, scales = fit(names)
    print("weights (standardised):")
    for feature, weight in zip(FEATURES, weights, strict=True):
        print(f"  {feature:20s} {weight:+.3f}")
    if args.write:
        data = {
            "about": "eventwire's toponym ranker; written by tools/train_place_ranker.py",
            "trained_on": list(SETS),
            "features": list(FEATURES),
            "weights": [round(float(w), 6) for w in weights],
            "bias": 0.0,
            "means": [round(float(m), 6) for m in means],
            "scales": [round(float(s), 6) for s in scales],
            "calibration": {
                "inputs": list(CALIBRATION_INPUTS),
                "weights": [round(float(w), 6) for w in platt.coef_[0]],
                "bias": round(float(platt.intercept_[0]), 6),
            },
            "names": len(names),
            "ambiguous_names": len(ambiguous),
            "trained": dt.date.today().isoformat(),
            "data_sha256": gold_version(),
            "deterministic": "no random draws: the same data gives the same weights",
            **card,
        }
        OUTPUT.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
