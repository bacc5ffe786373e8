"""A second model family for the event-family task, against the linear model, on the same folds.

Gradient-boosted trees (scikit-learn's HistGradientBoostingClassifier) see the token's tensor
row, the one-hot features that occur most often, and nothing else; the logistic model sees
every one-hot feature and the tensor. Both are scored on the same held-out folds, per trigger
candidate: micro precision, recall and F1 of the event families (a candidate counts when its
predicted family, other than none, is the annotated one).
"""

from __future__ import annotations

import time
from collections import Counter

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from event_instances import NONE, LabelledSentence

TOP_FEATURES = 400
MAX_ITER = 80


def _micro(predicted: list[str], gold: list[str]) -> tuple[float, float, float]:
    hit = sum(p == g != NONE for p, g in zip(predicted, gold, strict=True))
    coded = sum(p != NONE for p in predicted)
    wanted = sum(g != NONE for g in gold)
    p = hit / coded if coded else 0.0
    r = hit / wanted if wanted else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def _dense(rows: list[list[str]], tensor: np.ndarray, top: dict[str, int]) -> np.ndarray:
    out = np.zeros((len(rows), len(top)), dtype=np.float32)
    for n, row in enumerate(rows):
        for feature in row:
            k = top.get(feature)
            if k is not None:
                out[n, k] = 1.0
    return np.hstack([tensor, out])


def compare_families(sentences: list[LabelledSentence], splits) -> None:
    from train_event_model import fit_linear, trigger_rows

    results: dict[str, list[tuple[list[str], list[str]]]] = {"logistic": [], "boosted": []}
    seconds = Counter()
    for train, test in splits:
        rows, labels, tensor = trigger_rows([sentences[i] for i in train])
        held_rows, held_labels, held_tensor = trigger_rows([sentences[i] for i in test])
        started = time.perf_counter()
        linear = fit_linear(rows, labels, tensor, c=0.5)
        probabilities = linear.proba(held_rows, held_tensor)
        predicted = [linear.classes[int(k)] for k in probabilities.argmax(axis=1)]
        results["logistic"].append((predicted, held_labels))
        seconds["logistic"] += time.perf_counter() - started
        started = time.perf_counter()
        counts = Counter(f for row in rows for f in set(row))
        top = {f: k for k, (f, _) in enumerate(counts.most_common(TOP_FEATURES))}
        trees = HistGradientBoostingClassifier(max_iter=MAX_ITER, random_state=0)
        trees.fit(_dense(rows, tensor, top), labels)
        predicted = list(trees.predict(_dense(held_rows, held_tensor, top)))
        results["boosted"].append((predicted, held_labels))
        seconds["boosted"] += time.perf_counter() - started
        print(f"compare fold done seconds={sum(seconds.values()):.0f}", flush=True)
    for name, pairs in results.items():
        predicted = [p for pair in pairs for p in pair[0]]
        gold = [g for pair in pairs for g in pair[1]]
        p, r, f1 = _micro(predicted, gold)
        print(
            f"compare family_model={name} cv_micro_p={p:.3f} cv_micro_r={r:.3f} "
            f"cv_micro_f1={f1:.3f} seconds={seconds[name]:.0f}"
        )
