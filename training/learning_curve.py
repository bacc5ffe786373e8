"""A first learning curve on the training corpus: does more annotated text still help?

A deliberately plain text model (word 1-2-gram TF-IDF, one logistic regression per CAMEO root
family, scikit-learn) predicts which root families a sentence reports. Folds are grouped by
article (5, deterministic), so no article is on both sides; the model is fitted on 1,000, 2,000,
5,000 and all training sentences of each fold and scored on the whole held-out fold and on its
random-stratum sentences alone. Micro-F1 over (sentence, family) pairs and the F1 of "reports
an event at all" are printed, the latter beside its floor (saying "event" for every
sentence). This is a baseline to read the curve's slope, not the learned coder (issue 23),
which will use the parse, the actor lexicon and the spans.

    pip install -e '.[train]'; python training/learning_curve.py
"""

from __future__ import annotations

import random

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score
from sklearn.model_selection import GroupKFold

from corpus import load_corpus

FAMILIES = [f"{n:02d}" for n in range(1, 21)]
SIZES = (1000, 2000, 5000, None)
SEED = 20261206


def labels(rows: list) -> np.ndarray:
    out = np.zeros((len(rows), len(FAMILIES)), dtype=int)
    for i, row in enumerate(rows):
        for event in row.events:
            out[i, FAMILIES.index(event["code"][:2])] = 1
    return out


def fit_predict(texts: list[str], y: np.ndarray, test: list[str]) -> np.ndarray:
    vectoriser = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True)
    x, x_test = vectoriser.fit_transform(texts), vectoriser.transform(test)
    out = np.zeros((len(test), y.shape[1]), dtype=int)
    for j in range(y.shape[1]):
        if y[:, j].sum() < 2:
            continue
        model = LogisticRegression(max_iter=2000, C=4.0, class_weight="balanced")
        model.fit(x, y[:, j])
        out[:, j] = model.predict(x_test)
    return out


def main() -> None:
    rows = load_corpus()
    y = labels(rows)
    texts = [row.text or "" for row in rows]
    groups = [row.ref.article for row in rows]
    random_rows = np.array([row.stratum == "random" for row in rows])
    scores: dict[str, list[tuple[float, float, float]]] = {}
    for train, test in GroupKFold(n_splits=5).split(texts, y, groups):
        order = list(train)
        random.Random(SEED).shuffle(order)
        for size in SIZES:
            part = order[:size] if size else order
            pred = fit_predict([texts[i] for i in part], y[part], [texts[i] for i in test])
            gold = y[test]
            on_random = random_rows[test]
            scores.setdefault(str(size or len(order)) if size else "all", []).append(
                (
                    f1_score(gold, pred, average="micro", zero_division=0),
                    f1_score(gold[on_random], pred[on_random], average="micro", zero_division=0),
                    f1_score(gold.any(axis=1), pred.any(axis=1), zero_division=0),
                )
            )
    floor = f1_score(y.any(axis=1), np.ones(len(rows), dtype=bool))
    print(f"has_event_f1_if_always_yes={floor:.3f}")
    for size, values in scores.items():
        family, family_random, has_event = np.mean(values, axis=0)
        print(
            f"train_sentences={size} family_micro_f1={family:.3f} "
            f"family_micro_f1_random={family_random:.3f} has_event_f1={has_event:.3f}"
        )


if __name__ == "__main__":
    main()
