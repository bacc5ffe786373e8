"""The learned coder's learning curve: CV and dev figures against the number of training sentences.

For each size (1k, 2k, 5k, all), sentences are drawn (seeded) from each fold's training part
and the models fitted on them code the held-out fold (CV); a fit on the same number drawn
from the whole corpus codes the real-news gold set's dev split, through the whole pipeline
(dev). Decision thresholds are the packaged model's, chosen on CV. The test split is not read.
The figures are printed and drawn to docs/learning-curve.png.
"""

from __future__ import annotations

import random
from pathlib import Path

from event_instances import LabelledSentence

ROOT = Path(__file__).resolve().parent.parent
PNG = ROOT / "docs" / "learning-curve.png"


def dev_scorer():
    """A function from fitted models to their root score on the gold set's dev split."""
    from eval_realnews import coded_events, gold_documents
    from eventwire.annotate import load_nlp
    from eventwire.evaluate import score
    from eventwire.events.learned import LearnedCoder
    from eventwire.pipeline import Extractor
    from eventwire.where import Gazetteer

    nlp = load_nlp()
    sentences, gold, documents = gold_documents("dev", nlp)
    gazetteer = Gazetteer()

    def dev_score(models, settings):
        coder = LearnedCoder(fitted=(models, settings))
        extractor = Extractor(nlp=nlp, gazetteer=gazetteer, event_coder=coder)
        return score(coded_events(extractor, documents, sentences), gold)

    return dev_score


def learning_curve(
    sentences: list[LabelledSentence], splits, seed: int, sizes: tuple[int, ...]
) -> list[dict]:
    from train_event_model import C_FAMILY, fit_models, scored

    from eventwire.events.learned.coder import load_models

    _, settings, _ = load_models()
    dev_score = dev_scorer()
    rows = []
    steps = [*[n for n in sizes if n < len(sentences)], len(sentences)]
    for size in steps:
        rng = random.Random(seed + size)
        coded = {}
        trained_on = []
        for train, test in splits:
            chosen = train if size >= len(sentences) else rng.sample(train, min(size, len(train)))
            trained_on.append(len(chosen))
            models = fit_models([sentences[i] for i in chosen], C_FAMILY)
            from train_event_model import code_all

            coded.update(code_all([sentences[i] for i in test], models, settings))
        cv = scored(coded, sentences)
        chosen = list(range(len(sentences)))
        if size < len(sentences):
            chosen = rng.sample(chosen, size)
        dev = dev_score(fit_models([sentences[i] for i in chosen], C_FAMILY), settings)
        row = {
            "sentences": size,
            "cv_train": round(sum(trained_on) / len(trained_on)),
            "cv_root_p": cv.root.precision,
            "cv_root_r": cv.root.recall,
            "cv_root_f1": cv.root.f1,
            "dev_root_p": dev.root.precision,
            "dev_root_r": dev.root.recall,
            "dev_root_f1": dev.root.f1,
        }
        rows.append(row)
        print(
            "curve "
            + " ".join(
                f"{k}={v:.3f}" if isinstance(v, float) else f"{k}={v}" for k, v in row.items()
            ),
            flush=True,
        )
    draw(rows)
    return rows


def draw(rows: list[dict]) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axis = plt.subplots(figsize=(6.4, 4.0), dpi=110)
    cv_x = [r["cv_train"] for r in rows]
    dev_x = [r["sentences"] for r in rows]
    axis.plot(cv_x, [r["cv_root_f1"] for r in rows], "o-", label="CV root F1 (5 folds by article)")
    axis.plot(dev_x, [r["dev_root_f1"] for r in rows], "s-", label="dev root F1 (gold set)")
    axis.plot(dev_x, [r["dev_root_p"] for r in rows], ":", label="dev root precision")
    axis.plot(dev_x, [r["dev_root_r"] for r in rows], "--", label="dev root recall")
    axis.set_xscale("log")
    axis.set_xlabel("training sentences")
    axis.set_ylabel("score (root code + both countries)")
    axis.set_ylim(0, max(0.5, max(r["dev_root_p"] for r in rows) + 0.05))
    axis.grid(alpha=0.3)
    axis.legend(fontsize=8)
    axis.set_title("eventwire learned coder: learning curve")
    figure.tight_layout()
    PNG.parent.mkdir(exist_ok=True)
    figure.savefig(PNG)
    print(f"wrote {PNG}")
