"""Train the learned toponym decisions (`src/eventwire/data/geo/recognition.json`) and say
whether they beat the rules.

Candidates are what the rules of `eventwire.where.recognise` find in each article's body;
features are `eventwire.where.learned_recognition.span_features`. Labels: a candidate is a
toponym when its span is exactly a gold toponym's, and literal when that toponym is.
Training sets: GeoWebNews (literal and associative toponyms) and the real-news place gold
set's dev split (its test split is never read here). GeoVirus marks only literal places, so
a candidate missing from it may still be a metonymic toponym: it is not trained on and
serves as news from elsewhere, scored on its literal places.

Printed, per set: exact-span P/R/F1 of every toponym and of literal ones, for the rules and
for the learned decisions, cross-validated (5 folds grouped by article over both training
sets; GeoVirus scored by models fitted on both). A decision is marked used only where it
raises F1 on both training sets and does not lower GeoVirus's literal F1; with `--write`
the models and those marks are written (eventwire applies only the used ones).

    python tools/train_place_recognition.py [--write]
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tools"))

from train_place_ranker import gold_sets  # noqa: E402

from eval_geo import ASSOCIATIVE, LITERAL  # noqa: E402
from eventwire.actors import ActorCoder  # noqa: E402
from eventwire.annotate import annotate, load_nlp  # noqa: E402
from eventwire.read.article import Article  # noqa: E402
from eventwire.where import Gazetteer, find_toponyms  # noqa: E402
from eventwire.where.learned_recognition import FEATURES, candidate_rows  # noqa: E402

OUTPUT = ROOT / "src" / "eventwire" / "data" / "geo" / "recognition.json"
TRAINING = ("GeoWebNews", "RealNews-dev")
C = 0.3
THRESHOLD = 0.5


@dataclass
class Candidates:
    dataset: str
    groups: list[str]
    rows: np.ndarray
    toponym: np.ndarray
    literal: np.ndarray  # gold literal (for toponyms)
    rules_literal: np.ndarray
    gold: int  # gold toponyms of the set
    gold_literal: int


def collect() -> dict[str, Candidates]:
    nlp, coder, gazetteer = load_nlp(), ActorCoder(), Gazetteer()
    coder.place_country = gazetteer.country_of
    found_sets = {}
    for dataset, articles, limits in gold_sets():
        groups, rows, toponym, literal, rules = [], [], [], [], []
        gold = gold_literal = 0
        documents = annotate((Article(text=text) for text, _ in articles), nlp)
        for number, ((_, golds), document, limit) in enumerate(
            zip(articles, documents, limits, strict=True)
        ):
            segment = document.segment("text")
            if segment is None:
                continue
            kinds = {(g.start, g.end): g.kind for g in golds if g.kind in LITERAL | ASSOCIATIVE}
            gold += len(kinds)
            gold_literal += sum(k in LITERAL for k in kinds.values())
            mentions = coder.code(document)
            body = [
                m
                for m in find_toponyms(document, gazetteer, mentions, learned=False)
                if m.field == "text" and (limit is None or m.end <= limit)
            ]
            for mention, row in zip(
                body, candidate_rows(body, {"text": segment.doc}, gazetteer), strict=True
            ):
                if row is None:
                    continue
                kind = kinds.get((mention.start, mention.end))
                groups.append(f"{dataset}:{number}")
                rows.append(row)
                toponym.append(kind is not None)
                literal.append(kind in LITERAL)
                rules.append(mention.literal)
        found_sets[dataset] = Candidates(
            dataset, groups, np.array(rows), np.array(toponym), np.array(literal),
            np.array(rules), gold, gold_literal,
        )  # fmt: skip
    return found_sets


def prf(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    p = tp / predicted if predicted else 0.0
    r = tp / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def scores(c: Candidates, keep: np.ndarray, literal: np.ndarray) -> dict[str, tuple]:
    every = prf(int((keep & c.toponym).sum()), int(keep.sum()), c.gold)
    said_literal = keep & literal
    lit = prf(int((said_literal & c.literal).sum()), int(said_literal.sum()), c.gold_literal)
    return {"toponyms": every, "literal": lit}


def fit(x: np.ndarray, y: np.ndarray) -> LogisticRegression:
    return LogisticRegression(C=C, max_iter=5000).fit(x, y)


def line(name: str, figures: dict[str, tuple]) -> str:
    return (
        "  ".join(f"{what} p={p:.3f} r={r:.3f} f1={f:.3f}" for what, (p, r, f) in figures.items())
        + f"  ({name})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help=f"write {OUTPUT.name}")
    args = parser.parse_args()
    sets = collect()
    training = [sets[name] for name in TRAINING]
    x = np.vstack([c.rows for c in training])
    means, scales = x.mean(axis=0), x.std(axis=0)
    scales[scales == 0] = 1.0
    z = (x - means) / scales
    toponym = np.concatenate([c.toponym for c in training])
    literal = np.concatenate([c.literal for c in training])
    groups = np.array([g for c in training for g in c.groups])
    keep_cv = np.zeros(len(z), dtype=bool)
    literal_cv = np.zeros(len(z), dtype=bool)
    for train, test in GroupKFold(n_splits=5).split(z, groups=groups):
        keeper = fit(z[train], toponym[train])
        keep_cv[test] = keeper.predict_proba(z[test])[:, 1] >= THRESHOLD
        positive = train[toponym[train]]
        reader = fit(z[positive], literal[positive])
        literal_cv[test] = reader.predict_proba(z[test])[:, 1] >= 0.5
    keeper = fit(z, toponym)
    reader = fit(z[toponym], literal[toponym])
    wins = {"keep": True, "literal": True}
    offset = 0
    for c in [*training, *(s for n, s in sets.items() if n not in TRAINING)]:
        n = len(c.rows)
        if c.dataset in TRAINING:
            keep, lit = keep_cv[offset : offset + n], literal_cv[offset : offset + n]
            offset += n
            how = "cross-validated"
        else:
            zc = (c.rows - means) / scales
            keep = keeper.predict_proba(zc)[:, 1] >= THRESHOLD
            lit = reader.predict_proba(zc)[:, 1] >= 0.5
            how = "models fitted on the training sets"
        rules = scores(c, np.ones(n, dtype=bool), c.rules_literal)
        keep_only = scores(c, keep, c.rules_literal)
        literal_only = scores(c, np.ones(n, dtype=bool), lit)
        both = scores(c, keep, lit)
        print(f"set={c.dataset} candidates={n} gold={c.gold} gold_literal={c.gold_literal}")
        print("  " + line("rules", rules))
        print("  " + line(f"learned keep, rules' literal; {how}", keep_only))
        print("  " + line(f"rules' keep, learned literal; {how}", literal_only))
        print("  " + line(f"learned both; {how}", both))
        if c.dataset in TRAINING:  # better cross-validated on both training sets
            wins["keep"] &= keep_only["toponyms"][2] > rules["toponyms"][2]
            wins["literal"] &= literal_only["literal"][2] > rules["literal"][2]
        else:  # and no worse on news from elsewhere
            wins["keep"] &= keep_only["literal"][2] >= rules["literal"][2]
            wins["literal"] &= literal_only["literal"][2] >= rules["literal"][2]
    print(f"used (beats the rules on both training sets, no worse on GeoVirus): {wins}")
    if args.write:
        data = {
            "about": "eventwire's learned toponym decisions; tools/train_place_recognition.py",
            "trained_on": list(TRAINING),
            "features": list(FEATURES),
            "means": means.round(6).tolist(),
            "scales": scales.round(6).tolist(),
            "keep": {
                "weights": keeper.coef_[0].round(6).tolist(),
                "bias": round(float(keeper.intercept_[0]), 6),
                "threshold": THRESHOLD,
                "use": wins["keep"],
            },
            "literal": {
                "weights": reader.coef_[0].round(6).tolist(),
                "bias": round(float(reader.intercept_[0]), 6),
                "use": wins["literal"],
            },
        }
        OUTPUT.write_text(json.dumps(data, indent=1) + "\n", "utf-8")
        print(f"wrote {OUTPUT}")


if __name__ == "__main__":
    main()
