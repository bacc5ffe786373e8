"""Train the toponym ranker (`src/eventwire/data/geo/ranker.json`) and report how well it
generalises.

Data: the gold toponym spans of GeoWebNews and GeoVirus (in ../shared), resolved by
eventwire exactly as `benchmarks/eval_geo.py` resolves them ("gold spans"), with the hand
score; for every name with two candidates or more, each candidate's features
(`eventwire.where.resolve.candidate_features`) and whether it lies within 161 km of the
gold point.

Figures printed (acc@161 over every gold span of a set, as eval_geo counts them, so names
with no candidate count as errors):
- `hand`: the hand-tuned score alone;
- `cv`: 5-fold cross-validation grouped by article over both sets together; each fold's
  names are ranked by a model that never saw their article;
- `cross`: trained on one set, tested on the other (news it was not tuned on);
- calibration: a reliability table of the chosen candidates' confidence, from the
  cross-validated predictions.
Then the model is fitted on everything and written (with `--write`).

    python tools/train_place_ranker.py [--write]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy.optimize import minimize
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold, cross_val_predict

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from _shared import shared_path  # noqa: E402
from eval_geo import gold_span_mentions, read_gold  # noqa: E402
from eventwire.actors import ActorCoder  # noqa: E402
from eventwire.annotate import annotate, load_nlp  # noqa: E402
from eventwire.read.article import Article  # noqa: E402
from eventwire.where import Gazetteer, resolve  # noqa: E402
from eventwire.where.distance import distance_km  # noqa: E402
from eventwire.where.ranker import FEATURES  # noqa: E402

OUTPUT = ROOT / "src" / "eventwire" / "data" / "geo" / "ranker.json"
SETS = {
    "GeoWebNews": ("data", "geo", "geowebnews", "GWN.xml"),
    "GeoVirus": ("data", "geo", "geovirus", "GeoVirus.xml"),
}
WITHIN_KM = 161.0
L2 = 1.0  # the weights' penalty
LEAD_CAP = 8.0  # keep in step with eventwire.where.ranker.LEAD_CAP


@dataclass
class Name:
    """One gold span: its article, set, and (for ambiguous names) candidate rows."""

    dataset: str
    article: str
    features: np.ndarray | None  # candidates x features; None for 0 or 1 candidate
    labels: np.ndarray | None  # candidate within 161 km of the gold point
    fixed_right: bool  # with 0 or 1 candidate: whether the outcome is right
    resolved: bool = True  # False: no candidate at all


def collect() -> list[Name]:
    nlp, coder, gazetteer = load_nlp(), ActorCoder(), Gazetteer()
    names: list[Name] = []
    for dataset, parts in SETS.items():
        articles = read_gold(shared_path(*parts))
        documents = annotate((Article(text=text) for text, _ in articles), nlp)
        for number, ((_, golds), document) in enumerate(zip(articles, documents, strict=True)):
            segment = document.segment("text")
            if segment is None:
                continue
            mentions = coder.code(document)
            spans = gold_span_mentions(document, golds)  # as eval_geo's gold spans
            found = [m for _, m in spans]
            seen: dict[int, tuple[np.ndarray, np.ndarray]] = {}

            def observe(mention, options, rows, seen=seen, spans=spans) -> None:  # type: ignore[no-untyped-def]
                gold = next(g for g, m in spans if m is mention)
                labels = [
                    distance_km(p.lat, p.lon, gold.lat, gold.lon) <= WITHIN_KM for p in options
                ]
                seen[id(mention)] = (np.array(rows, dtype=float), np.array(labels, dtype=bool))

            resolve(found, gazetteer, mentions, ranker=False, observe=observe)
            group = f"{dataset}:{number}"
            for gold, mention in spans:
                if id(mention) in seen:
                    features, labels = seen[id(mention)]
                    names.append(Name(dataset, group, features, labels, False))
                else:
                    right = mention.place is not None and (
                        distance_km(mention.place.lat, mention.place.lon, gold.lat, gold.lon)
                        <= WITHIN_KM
                    )
                    names.append(Name(dataset, group, None, None, right, mention.place is not None))
    return names


def fit(names: list[Name]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A conditional logit: the weights that make each name's right candidates likeliest
    among its own candidates (a softmax per name), with an L2 penalty. Names with no
    right candidate teach nothing and are left out."""
    rows = [n for n in names if n.features is not None and n.labels is not None]
    stacked = np.vstack([n.features for n in rows])
    means = stacked.mean(axis=0)
    scales = stacked.std(axis=0)
    scales[scales == 0] = 1.0
    lists = [((n.features - means) / scales, n.labels) for n in rows if n.labels.any()]

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


def hand_choice(name: Name) -> bool:
    assert name.features is not None and name.labels is not None
    return bool(name.labels[int(np.argmax(name.features[:, 0]))])


def calibration_inputs(
    values: np.ndarray, name: Name, means: np.ndarray, scales: np.ndarray
) -> list[float]:
    """What the confidence is read from (as `Ranker.confidence` reads it): the chosen
    candidate's lead over the next, capped, and its standardised features."""
    assert name.features is not None
    ordered = np.sort(values)
    best = int(np.argmax(values))
    lead = min(float(ordered[-1] - ordered[-2]), LEAD_CAP)
    return [lead, *((name.features[best] - means) / scales).tolist()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {OUTPUT.name}")
    args = parser.parse_args()
    names = collect()
    ambiguous = [i for i, n in enumerate(names) if n.features is not None]
    print(
        f"names={len(names)} ambiguous={len(ambiguous)} "
        f"candidates={sum(len(names[i].labels) for i in ambiguous)}"  # type: ignore[arg-type]
        f" with_no_right_candidate={sum(not names[i].labels.any() for i in ambiguous)}"  # type: ignore[union-attr]
    )
    hand = {i: hand_choice(names[i]) for i in ambiguous}
    for dataset in SETS:
        subset = [i for i, n in enumerate(names) if n.dataset == dataset]
        print(f"set={dataset} hand acc161={accuracy_of(names, subset, hand):.3f}")

    # Cross-validation grouped by article, both sets together.
    groups = np.array([names[i].article for i in ambiguous])
    cv: dict[int, bool] = {}
    shares: list[tuple[list[float], bool]] = []
    share_groups: list[str] = []
    for train, test in GroupKFold(n_splits=5).split(ambiguous, groups=groups):
        model, means, scales = fit([names[ambiguous[j]] for j in train])
        for j in test:
            name = names[ambiguous[j]]
            values = scores(model, means, scales, name)
            best = int(np.argmax(values))
            cv[ambiguous[j]] = bool(name.labels[best])  # type: ignore[index]
            shares.append((calibration_inputs(values, name, means, scales), cv[ambiguous[j]]))
            share_groups.append(name.article)
    for dataset in SETS:
        subset = [i for i, n in enumerate(names) if n.dataset == dataset]
        print(f"set={dataset} cv acc161={accuracy_of(names, subset, cv):.3f}")

    # Trained on one set, tested on the other.
    for train_set in SETS:
        for test_set in SETS:
            if train_set == test_set:
                continue
            model, means, scales = fit([n for n in names if n.dataset == train_set])
            chosen = {
                i: bool(names[i].labels[int(np.argmax(scores(model, means, scales, names[i])))])  # type: ignore[index]
                for i in ambiguous
                if names[i].dataset == test_set
            }
            subset = [i for i, n in enumerate(names) if n.dataset == test_set]
            figure = accuracy_of(names, subset, chosen)
            print(f"train={train_set} test={test_set} cross acc161={figure:.3f}")

    # Calibration of the chosen candidate's confidence (Platt scaling on the CV margins).
    inputs = np.array([values for values, _ in shares])
    outcomes = np.array([right for _, right in shares])
    platt = LogisticRegression(C=1.0, max_iter=2000).fit(inputs, outcomes)
    calibrated = cross_val_predict(
        LogisticRegression(C=1.0, max_iter=2000),
        inputs,
        outcomes,
        groups=np.array(share_groups),
        cv=GroupKFold(n_splits=5),
        method="predict_proba",
    )[:, 1]
    print("reliability (ambiguous names; ranker and calibration both cross-validated):")
    print("  bin        n  mean_confidence  share_right")
    for low in np.arange(0.0, 1.0, 0.1):
        inside = (calibrated >= low) & (calibrated < low + 0.1 + (1e-9 if low >= 0.9 else 0))
        if inside.any():
            print(
                f"  {low:.1f}-{low + 0.1:.1f}  {int(inside.sum()):5d}  "
                f"{calibrated[inside].mean():.3f}  {outcomes[inside].mean():.3f}"
            )
    singles = [n for n in names if n.features is None and n.resolved]
    single_right = sum(n.fixed_right for n in singles) / max(len(singles), 1)
    unresolved = sum(not n.resolved for n in names)
    print(f"single-candidate names: n={len(singles)} right={single_right:.3f}")
    print(f"names with no candidate: n={unresolved} ({unresolved / len(names):.3f})")

    model, means, scales = fit(names)
    print("weights (standardised):")
    for feature, weight in zip(FEATURES, model, strict=True):
        print(f"  {feature:20s} {weight:+.3f}")
    if args.write:
        data = {
            "about": "eventwire's toponym ranker; written by tools/train_place_ranker.py",
            "trained_on": list(SETS),
            "features": list(FEATURES),
            "weights": [round(float(w), 6) for w in model],
            "bias": 0.0,
            "means": [round(float(m), 6) for m in means],
            "scales": [round(float(s), 6) for s in scales],
            "calibration": {
                "weights": [round(float(w), 6) for w in platt.coef_[0]],
                "bias": round(float(platt.intercept_[0]), 6),
            },
            "single": round(single_right, 4),
            "ambiguous_names": len(ambiguous),
        }
        OUTPUT.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        print(f"wrote {OUTPUT}")


def accuracy_of(names: list[Name], subset: list[int], chosen: dict[int, bool]) -> float:
    right = sum(
        chosen[i] if names[i].features is not None else names[i].fixed_right for i in subset
    )
    return right / len(subset) if subset else 0.0


if __name__ == "__main__":
    main()
