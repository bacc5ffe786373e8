"""Linear models stored as plain arrays: scored with numpy alone, no learning library at run time.

A model is a feature list (its vocabulary), a weight matrix over the classes, an optional block
of weights over dense inputs (the token's tensor row, standardised), and a bias. Training
(tools/train_event_model.py) fits them with scikit-learn and writes them with `save_bundle`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np


@dataclass
class LinearModel:
    """A multinomial (or, with two classes, binary) logistic model."""

    classes: list[str]
    vocab: dict[str, int]
    weights: np.ndarray  # (features, classes), or (features, 1) for a binary model
    bias: np.ndarray
    dense_weights: np.ndarray | None = None
    dense_mean: np.ndarray | None = None
    dense_scale: np.ndarray | None = None

    def scores(self, rows: list[list[str]], dense: np.ndarray | None = None) -> np.ndarray:
        out = np.tile(self.bias.astype(np.float32), (len(rows), 1))
        vocab = self.vocab
        flat: list[int] = []
        starts: list[int] = []
        filled: list[int] = []
        for n, features in enumerate(rows):
            index = [vocab[f] for f in features if f in vocab]
            if index:
                starts.append(len(flat))
                filled.append(n)
                flat.extend(index)
        if flat:  # one gather and one segmented sum for all rows
            out[filled] += np.add.reduceat(self.weights[flat], starts, axis=0)
        if self.dense_weights is not None and dense is not None and len(rows):
            scaled = (dense - self.dense_mean) / self.dense_scale
            out += scaled.astype(np.float32) @ self.dense_weights.astype(np.float32)
        return out

    def proba(self, rows: list[list[str]], dense: np.ndarray | None = None) -> np.ndarray:
        """Class probabilities, one row per instance, columns in `classes` order."""
        raw = self.scores(rows, dense)
        if raw.shape[1] == 1:  # binary: one logit for the second class
            positive = 1.0 / (1.0 + np.exp(-raw[:, 0]))
            return np.stack([1.0 - positive, positive], axis=1)
        raw -= raw.max(axis=1, keepdims=True)
        exp = np.exp(raw)
        return exp / exp.sum(axis=1, keepdims=True)


def save_bundle(folder: Path, models: dict[str, LinearModel], meta: dict[str, Any]) -> None:
    """Write the models as `models.npz` (float16 weights) and `models.json` (vocabularies,
    classes and the bundle's settings)."""
    folder.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    described: dict[str, Any] = {}
    for name, model in models.items():
        arrays[f"{name}.weights"] = model.weights.astype(np.float16)
        arrays[f"{name}.bias"] = model.bias.astype(np.float32)
        if model.dense_weights is not None:
            arrays[f"{name}.dense_weights"] = model.dense_weights.astype(np.float32)
            arrays[f"{name}.dense_mean"] = np.asarray(model.dense_mean, dtype=np.float32)
            arrays[f"{name}.dense_scale"] = np.asarray(model.dense_scale, dtype=np.float32)
        features = sorted(model.vocab, key=model.vocab.__getitem__)
        described[name] = {"classes": model.classes, "features": features}
    np.savez_compressed(folder / "models.npz", **arrays)
    text = json.dumps({"meta": meta, "models": described}, ensure_ascii=False)
    (folder / "models.json").write_text(text + "\n", encoding="utf-8")


def load_bundle(folder: Path) -> tuple[dict[str, LinearModel], dict[str, Any]]:
    described = json.loads((folder / "models.json").read_text(encoding="utf-8"))
    with np.load(folder / "models.npz") as arrays:
        models = {}
        for name, info in described["models"].items():
            dense = f"{name}.dense_weights" in arrays.files
            models[name] = LinearModel(
                classes=info["classes"],
                vocab={f: n for n, f in enumerate(info["features"])},
                weights=arrays[f"{name}.weights"].astype(np.float32),
                bias=arrays[f"{name}.bias"],
                dense_weights=arrays[f"{name}.dense_weights"] if dense else None,
                dense_mean=arrays[f"{name}.dense_mean"] if dense else None,
                dense_scale=arrays[f"{name}.dense_scale"] if dense else None,
            )
    return models, described["meta"]
