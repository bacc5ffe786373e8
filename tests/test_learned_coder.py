"""The learned event coder: its model files, its scoring arithmetic, its features and its events."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eventwire.annotate import load_nlp
from eventwire.events.learned.assemble import Settings
from eventwire.events.learned.coder import MODEL_NAMES, ModelError, load_models, packaged_models
from eventwire.events.learned.features import (
    dependency_path,
    in_quote,
    relation_of,
    trigger_candidates,
)
from eventwire.events.learned.model import LinearModel, load_bundle, save_bundle
from eventwire.read.article import Article

MAX_MODEL_BYTES = 50 * 1024 * 1024


def test_packaged_models_are_complete_and_small() -> None:
    folder = packaged_models()
    size = sum(p.stat().st_size for p in folder.iterdir() if p.is_file())
    assert size <= MAX_MODEL_BYTES
    models, settings, meta = load_models()
    assert set(MODEL_NAMES) == set(vars(models))
    assert "none" in models.family.classes and len(models.family.classes) == 21
    assert 0.0 < settings.event_threshold < 1.0
    assert meta["sentences"] > 1000
    xs, ys = settings.calibration_x, settings.calibration_y
    assert xs == sorted(xs) and ys == sorted(ys) and ys[0] >= 0.0 and ys[-1] <= 1.0


def test_linear_model_probabilities(tmp_path: Path) -> None:
    multi = LinearModel(
        ["a", "b", "c"],
        {"x": 0, "y": 1},
        np.array([[2.0, 0.0, 0.0], [0.0, 3.0, 0.0]], dtype=np.float32),
        np.zeros(3, dtype=np.float32),
        np.array([[0.0, 0.0, 1.0]], dtype=np.float32),
        np.zeros(1, dtype=np.float32),
        np.ones(1, dtype=np.float32),
    )
    probabilities = multi.proba([["x"], ["y", "unknown"], []], np.array([[0.0], [0.0], [5.0]]))
    assert np.allclose(probabilities.sum(axis=1), 1.0)
    assert list(probabilities.argmax(axis=1)) == [0, 1, 2]
    binary = LinearModel(["0", "1"], {"x": 0}, np.array([[4.0]]), np.array([-2.0]))
    low, high = binary.proba([[], ["x"]])[:, 1]
    assert low < 0.5 < high
    save_bundle(tmp_path, {"multi": multi, "binary": binary}, {"note": "test"})
    loaded, meta = load_bundle(tmp_path)
    assert meta == {"note": "test"}
    assert np.allclose(loaded["multi"].proba([["y"]]), multi.proba([["y"]]), atol=1e-3)
    assert loaded["binary"].classes == ["0", "1"]


def test_missing_models_give_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="cannot load the learned event models"):
        load_models(tmp_path)


def test_calibration_is_monotone_interpolation() -> None:
    settings = Settings(calibration_x=[0.0, 0.5, 1.0], calibration_y=[0.1, 0.3, 0.9])
    assert settings.calibrated(0.25) == pytest.approx(0.2)
    assert settings.calibrated(2.0) == pytest.approx(0.9)


def test_parse_features() -> None:
    doc = load_nlp()('The minister said "we will punish Iran" and France sanctioned Russia.')
    sanctioned = next(t for t in doc if t.text == "sanctioned")
    russia = next(t for t in doc if t.text == "Russia")
    france = next(t for t in doc if t.text == "France")
    assert relation_of(sanctioned, russia) == "dobj"
    assert relation_of(sanctioned, france) == "nsubj"
    assert dependency_path(france, sanctioned) == "nsubj|"
    punish = next(t for t in doc if t.text == "punish")
    assert in_quote(punish) and not in_quote(sanctioned)
    candidates = {t.text for t in trigger_candidates(next(iter(doc.sents)))}
    assert {"said", "punish", "sanctioned"} <= candidates


def test_learned_events_keep_their_evidence_and_confidence() -> None:
    from eventwire.pipeline import Extractor

    text = (
        "Russian troops attacked the Ukrainian city of Kharkiv on Monday. "
        "The United States condemned Russia for the attack, and the European Union "
        "imposed new sanctions on Moscow."
    )
    [found] = list(Extractor().run([Article(text=text)]))
    events = [e for e in found.events if e.field == "text"]
    assert events, "the learned coder finds nothing in three plain events"
    for event in events:
        assert event.confidence is not None and 0.0 <= event.confidence <= 1.0
        assert text[event.start : event.end] == event.text
        for actor in (event.source, event.target):
            if actor is not None:
                assert text[actor.start : actor.end] == actor.text
        assert event.trigger in event.text
        assert text[event.trigger_start : event.trigger_end] == event.trigger
        assert event.how.startswith("learned")
