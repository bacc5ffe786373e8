"""Train the learned event coder on the open training corpus, cross-validated by article.

Reads the corpus's final events (training/corpus) and the parsed articles
(`python training/event_data.py` first), fits six linear models (event family, full code,
source, target, modality, negation) with scikit-learn, and writes them as plain arrays to
`src/eventwire/data/models/events/`. Before the final fit it prints:

- cross-validated figures: 5 folds grouped by article, each fold's events coded by the very
  assembly the run-time coder uses and scored with the gold set's scorer (root code plus
  source and target countries);
- the decision thresholds, chosen on the cross-validated predictions (never on a test split);
- modality: the learned models against the rules, on the same folds;
- with `--compare`, a second model family (gradient-boosted trees) on the event-family task;
- the reliability table of the calibrated confidence.

With `--curve`, it instead prints the learning curve (CV and dev figures at 1k, 2k, 5k and all
training sentences) and draws it to docs/learning-curve.png.

    python tools/train_event_model.py [--compare] [--curve] [--out DIR] [--seed N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.isotonic import IsotonicRegression
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GroupKFold

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "training"), str(ROOT / "benchmarks")]

from corpus import finals, read_refs  # noqa: E402
from eval_realnews import score_line  # noqa: E402
from event_data import load_parsed  # noqa: E402
from event_instances import NONE, LabelledSentence, labelled_sentences  # noqa: E402
from eventwire.evaluate import GoldEvent, Score, country_slot, score  # noqa: E402
from eventwire.evaluate.scoring import _root_key, match  # noqa: E402
from eventwire.events.codebook import load_codebook  # noqa: E402
from eventwire.events.learned.assemble import (  # noqa: E402
    Models,
    Settings,
    code_sentence,
    guess_triggers,
)
from eventwire.events.learned.context import (  # noqa: E402
    country_features,
    known,
    needs_country,
    options,
)
from eventwire.events.learned.features import role_features  # noqa: E402
from eventwire.events.learned.model import LinearModel, save_bundle  # noqa: E402
from eventwire.events.modality import modality_of, modality_rules  # noqa: E402
from eventwire.events.records import Event  # noqa: E402

OUT = ROOT / "src" / "eventwire" / "data" / "models" / "events"
SEED = 20261206
FOLDS = 5
MIN_COUNT = 2
C_FAMILY = 0.5
C_OTHER = 1.0
EVENT_THRESHOLDS = (0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7)
ROLE_THRESHOLDS = (0.3, 0.4, 0.5)
CURVE_SIZES = (1000, 2000, 5000)
MAX_ITER = 150


# --- fitting -------------------------------------------------------------------------------


def vocabulary(rows: list[list[str]], min_count: int = MIN_COUNT) -> dict[str, int]:
    counts = Counter(f for row in rows for f in set(row))
    kept = sorted(f for f, n in counts.items() if n >= min_count)
    return {f: n for n, f in enumerate(kept)}


def design(rows: list[list[str]], vocab: dict[str, int]) -> sparse.csr_matrix:
    indices, indptr = [], [0]
    for row in rows:
        found = sorted({vocab[f] for f in row if f in vocab})
        indices.extend(found)
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), len(vocab)))


def fit_linear(
    rows: list[list[str]], labels: list[str], dense: np.ndarray | None = None, c: float = C_OTHER
) -> LinearModel:
    """A logistic model over one-hot features (and standardised dense ones)."""
    vocab = vocabulary(rows)
    x = design(rows, vocab)
    mean = scale = None
    if dense is not None:
        mean, scale = dense.mean(axis=0), dense.std(axis=0) + 1e-6
        x = sparse.hstack([x, sparse.csr_matrix((dense - mean) / scale)], format="csr")
    classes = sorted(set(labels))
    if len(classes) == 1:  # nothing to learn: a constant model
        weights = np.zeros((len(vocab), 1), dtype=np.float32)
        bias = np.array([10.0 if classes == ["1"] else -10.0], dtype=np.float32)
        return LinearModel(["0", "1"], vocab, weights, bias)
    model = LogisticRegression(C=c, max_iter=MAX_ITER, tol=1e-3)
    model.fit(x, labels)
    coef = model.coef_.T.astype(np.float32)  # (features [+ dense], classes or 1)
    n = len(vocab)
    return LinearModel(
        [str(k) for k in model.classes_],
        vocab,
        coef[:n],
        model.intercept_.astype(np.float32),
        coef[n:] if dense is not None else None,
        mean,
        scale,
    )


def trigger_rows(
    sentences: list[LabelledSentence],
) -> tuple[list[list[str]], list[str], np.ndarray]:
    rows, labels, dense = [], [], []
    for s in sentences:
        for n, candidate in enumerate(s.instances.candidates):
            code = s.codes[n]
            if code is None:
                continue
            rows.append(candidate.features)
            labels.append(NONE if code == NONE else code[:2])
            dense.append(s.tensor[n])
    return rows, labels, np.asarray(dense, dtype=np.float32)


def positives(sentences: list[LabelledSentence]):
    for s in sentences:
        for n, candidate in enumerate(s.instances.candidates):
            code = s.codes[n]
            if code not in (None, NONE):
                yield s, n, candidate, code


def fit_models(sentences: list[LabelledSentence], c_family: float = C_FAMILY) -> Models:
    rows, labels, dense = trigger_rows(sentences)
    family = fit_linear(rows, labels, dense, c=c_family)
    code_rows, codes, mod_rows, modalities, negations = [], [], [], [], []
    role_rows, is_source, is_target = [], [], []
    for s, n, candidate, code in positives(sentences):
        code_rows.append([*candidate.features, f"fam={code[:2]}"])
        codes.append(code)
        modality, negated = s.modality[n]
        mod_rows.append(candidate.features)
        modalities.append(modality)
        negations.append("1" if negated else "0")
        for k, actor in enumerate(s.instances.actors):
            role_rows.append(
                role_features(
                    candidate.token, actor, code[:2], s.instances.rule_roles, s.instances.quoted
                )
            )
            is_source.append("1" if k in s.sources.get(n, ()) else "0")
            is_target.append("1" if k in s.targets.get(n, ()) else "0")
    country_rows, country_labels = [], []
    for s in sentences:
        if s.instances.context is None:
            continue
        present = {a.mention.country for a in s.instances.actors if known(a.mention.country)}
        choices = options(s.instances.context)
        for k, gold in s.actor_codes.items():
            actor = s.instances.actors[k]
            if not needs_country(actor):
                continue
            slot = country_slot(gold)
            for option in choices:
                country_rows.append(country_features(actor, option, s.instances.context, present))
                country_labels.append("1" if option == slot else "0")
    return Models(
        family=family,
        code=fit_linear(code_rows, codes),
        source=fit_linear(role_rows, is_source),
        target=fit_linear(role_rows, is_target),
        modality=fit_linear(mod_rows, modalities),
        negation=fit_linear(mod_rows, negations),
        country=fit_linear(country_rows, country_labels),
    )


# --- coding and scoring --------------------------------------------------------------------


def gold_of(sentence: LabelledSentence) -> list[GoldEvent]:
    return [
        GoldEvent(
            e["code"],
            (e.get("source") or {}).get("code"),
            (e.get("target") or {}).get("code"),
            e["modality"],
            bool(e["negated"]),
            (e.get("trigger") or {}).get("text") or "",
        )
        for e in sentence.gold
    ]


def as_gold(event: Event) -> GoldEvent:
    return GoldEvent(
        event.cameo,
        event.source.code if event.source else None,
        event.target.code if event.target else None,
        event.modality,
        event.negated,
        event.trigger,
    )


def code_all(
    sentences: list[LabelledSentence], models: Models, settings: Settings
) -> dict[str, list[Event]]:
    codebook, rules = load_codebook(), modality_rules()
    return {
        s.sid: code_sentence(s.instances, s.tensor, "text", models, settings, codebook, rules)
        for s in sentences
    }


def scored(
    coded: dict[str, list[Event]], sentences: list[LabelledSentence], minimum: float = 0.0
) -> Score:
    return score(
        {
            sid: [as_gold(e) for e in events if _guess_p(e) >= minimum]
            for sid, events in coded.items()
        },
        {s.sid: gold_of(s) for s in sentences},
    )


def _guess_p(event: Event) -> float:
    """The trigger probability of a learned event (a rule coder's backoff event: 1)."""
    found = re.search(r"learned: trigger '.*?' p=([0-9.]+)", event.how)
    return float(found[1]) if found else 1.0


def folds(sentences: list[LabelledSentence], k: int = FOLDS) -> list[tuple[list[int], list[int]]]:
    groups = [s.article for s in sentences]
    return [
        (list(a), list(b))
        for a, b in GroupKFold(n_splits=k).split(np.zeros(len(sentences)), groups=groups)
    ]


def fit_folds(sentences: list[LabelledSentence], splits, c_family: float) -> list[Models]:
    fitted = []
    for number, (train, _) in enumerate(splits, start=1):
        started = time.perf_counter()
        fitted.append(fit_models([sentences[i] for i in train], c_family))
        print(f"fold={number} fitted seconds={time.perf_counter() - started:.0f}", flush=True)
    return fitted


def out_of_fold(
    sentences: list[LabelledSentence], splits, fitted: list[Models], settings: Settings
) -> dict[str, list[Event]]:
    """Every sentence coded by the models of the fold that held it out."""
    coded: dict[str, list[Event]] = {}
    for (_, test), models in zip(splits, fitted, strict=True):
        coded.update(code_all([sentences[i] for i in test], models, settings))
    return coded


def choose_settings(sentences: list[LabelledSentence], splits, fitted: list[Models]) -> Settings:
    """The event and role thresholds with the best cross-validated root F1."""
    best: tuple[float, Settings] | None = None
    for source in ROLE_THRESHOLDS:
        for target in ROLE_THRESHOLDS:
            settings = Settings(
                event_threshold=min(EVENT_THRESHOLDS),
                source_threshold=source,
                target_threshold=target,
            )
            coded = out_of_fold(sentences, splits, fitted, settings)
            for threshold in EVENT_THRESHOLDS:
                result = scored(coded, sentences, threshold)
                if best is None or result.root.f1 > best[0]:
                    best = (result.root.f1, replace(settings, event_threshold=threshold))
    assert best is not None
    return best[1]


def stage_report(
    sentences: list[LabelledSentence], splits, fitted: list[Models], settings: Settings
) -> None:
    """Where the cross-validated events are lost: trigger detection, family, roles."""
    found = right_family = wanted = guessed = 0
    source_right = target_right = 0
    for (_, test), models in zip(splits, fitted, strict=True):
        for s in (sentences[i] for i in test):
            labels = {n: c for n, c in enumerate(s.codes) if c not in (None, NONE)}
            wanted += len(labels)
            guesses = guess_triggers(s.instances, s.tensor, models, settings.event_threshold)
            guessed += len(guesses)
            at = {c.token.i: n for n, c in enumerate(s.instances.candidates)}
            coded = code_sentence(
                s.instances, s.tensor, "text", models, settings, load_codebook(), modality_rules()
            )
            for guess in guesses:
                n = at[guess.token.i]
                if n not in labels:
                    continue
                found += 1
                if guess.family != labels[n][:2]:
                    continue
                right_family += 1
                gold = [e for e in s.gold if e["code"] == labels[n]] or s.gold
                mine = [e for e in coded if e.trigger_index == guess.token.i]
                slots = {
                    (
                        country_slot((e.get("source") or {}).get("code")),
                        country_slot((e.get("target") or {}).get("code")),
                    )
                    for e in gold
                }
                source_right += any(
                    country_slot(e.source.code if e.source else None) in {a for a, _ in slots}
                    for e in mine
                )
                target_right += any(
                    country_slot(e.target.code if e.target else None) in {b for _, b in slots}
                    for e in mine
                )
    print(
        f"stages triggers_gold={wanted} guessed={guessed} found={found} "
        f"trigger_p={found / max(guessed, 1):.3f} trigger_r={found / max(wanted, 1):.3f} "
        f"family_right={right_family / max(found, 1):.3f} "
        f"source_right={source_right / max(right_family, 1):.3f} "
        f"target_right={target_right / max(right_family, 1):.3f}"
    )


# --- modality, calibration -----------------------------------------------------------------


def modality_comparison(sentences: list[LabelledSentence], splits) -> tuple[float, float]:
    """Accuracy of (modality, negation) on annotated triggers: learned (CV) and rules."""
    rules = modality_rules()
    learned_right = rules_right = total = 0
    for train, test in splits:
        chosen = [sentences[i] for i in train]
        rows, modalities, negations = [], [], []
        for s, n, candidate, _ in positives(chosen):
            rows.append(candidate.features)
            modalities.append(s.modality[n][0])
            negations.append("1" if s.modality[n][1] else "0")
        modality, negation = fit_linear(rows, modalities), fit_linear(rows, negations)
        for s, n, candidate, _ in positives([sentences[i] for i in test]):
            gold = s.modality[n]
            m = modality.classes[int(modality.proba([candidate.features])[0].argmax())]
            neg = negation.proba([candidate.features])[0, 1] >= 0.5
            learned_right += (m, bool(neg)) == gold
            ruled = modality_of(candidate.token, rules)
            rules_right += (ruled.modality, ruled.negated) == gold
            total += 1
    return learned_right / total, rules_right / total


def backoff_precision(coded: dict[str, list[Event]], sentences: list[LabelledSentence]) -> float:
    """Share of the rule coder's backoff events that match a gold event (root, countries)."""
    gold = {s.sid: gold_of(s) for s in sentences}
    right = total = 0
    for sid, events in coded.items():
        pairs = match([as_gold(e) for e in events], gold[sid], _root_key)
        for n, event in enumerate(events):
            if event.how.startswith("rules"):
                total += 1
                right += n in pairs
    return right / total if total else 0.0


def calibrate(
    coded: dict[str, list[Event]], sentences: list[LabelledSentence]
) -> tuple[list[float], list[float], list[tuple[float, int, float]]]:
    """Isotonic map from the raw score to the share of events that match gold (root code and
    both countries), fitted on out-of-fold events; with the reliability table it gives."""
    raws, hits = [], []
    gold = {s.sid: gold_of(s) for s in sentences}
    for sid, events in coded.items():
        as_events = [as_gold(e) for e in events]
        pairs = match(as_events, gold[sid], _root_key)
        for n, event in enumerate(events):
            if event.how.startswith("rules"):
                continue  # the backoff's confidence is its measured precision
            raws.append(event.confidence or 0.0)
            hits.append(1.0 if n in pairs else 0.0)
    iso = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(raws, hits)
    xs = [float(x) for x in iso.X_thresholds_]
    ys = [float(y) for y in iso.y_thresholds_]
    calibrated = np.interp(raws, xs, ys)
    table = []
    for low in np.arange(0.0, 1.0, 0.1):
        inside = [(c, h) for c, h in zip(calibrated, hits, strict=True) if low <= c < low + 0.1]
        if inside:
            table.append(
                (round(float(low), 1), len(inside), sum(h for _, h in inside) / len(inside))
            )
    return xs, ys, table


# --- main ----------------------------------------------------------------------------------


def load_sentences() -> list[LabelledSentence]:
    refs = read_refs()
    events = finals(refs)
    by_key = {(r.article, r.start): r for r in refs}
    from tqdm import tqdm

    sentences = list(
        labelled_sentences(tqdm(load_parsed(), desc="articles", unit="art"), by_key, events)
    )
    sentences.sort(key=lambda s: s.sid)
    return sentences


def describe(sentences: list[LabelledSentence]) -> None:
    gold = sum(len(s.gold) for s in sentences)
    uncovered = sum(s.uncovered for s in sentences)
    candidates = sum(len(s.codes) for s in sentences)
    print(
        f"sentences={len(sentences)} articles={len({s.article for s in sentences})} "
        f"gold_events={gold} candidates={candidates} "
        f"triggers_without_candidate={uncovered} ({uncovered / max(gold, 1):.3f})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--compare", action="store_true", help="also CV gradient-boosted trees")
    parser.add_argument("--curve", action="store_true", help="learning curve instead of a fit")
    parser.add_argument("--c-family", type=float, default=C_FAMILY)
    parser.add_argument(
        "--no-cv", action="store_true", help="fit on everything with default settings (quick)"
    )
    args = parser.parse_args()
    random.seed(args.seed)
    np.random.seed(args.seed)
    started = time.perf_counter()
    sentences = load_sentences()
    describe(sentences)
    splits = folds(sentences)
    if args.curve:
        from event_curve import learning_curve

        learning_curve(sentences, splits, args.seed, CURVE_SIZES)
        return
    if args.no_cv:
        models = fit_models(sentences, args.c_family)
        meta = {
            "trained": dt.date.today().isoformat(),
            "seed": args.seed,
            "cv": None,
            "sentences": len(sentences),
            "settings": asdict(Settings()),
        }
        save_bundle(args.out, asdict_models(models), meta)
        print(f"wrote {args.out} (no CV) seconds={time.perf_counter() - started:.0f}")
        return
    if args.compare:
        from event_compare import compare_families

        compare_families(sentences, splits)
    fitted = fit_folds(sentences, splits, args.c_family)
    settings = choose_settings(sentences, splits, fitted)
    print(
        f"chosen event_threshold={settings.event_threshold} "
        f"source_threshold={settings.source_threshold} target_threshold={settings.target_threshold}"
    )
    learned_acc, rules_acc = modality_comparison(sentences, splits)
    settings.modality = "learned" if learned_acc >= rules_acc else "rules"
    print(
        f"modality_accuracy learned={learned_acc:.3f} rules={rules_acc:.3f} "
        f"chosen={settings.modality}"
    )
    coded = out_of_fold(sentences, splits, fitted, settings)
    result = scored(coded, sentences)
    print(score_line("cv_rule_backoff=none", result))
    for backoff in ("attributed", "all"):
        trial = replace(settings, rule_backoff=backoff)
        trial_coded = out_of_fold(sentences, splits, fitted, trial)
        trial_result = scored(trial_coded, sentences)
        precision = backoff_precision(trial_coded, sentences)
        print(
            score_line(f"cv_rule_backoff={backoff}", trial_result) + f" backoff_p={precision:.3f}"
        )
        if trial_result.root.f1 > result.root.f1:
            settings, coded, result = trial, trial_coded, trial_result
            settings.backoff_confidence = round(precision, 3)
    print(f"rule_backoff chosen={settings.rule_backoff}")
    print(score_line("cv", result))
    stage_report(sentences, splits, fitted, settings)
    xs, ys, table = calibrate(coded, sentences)
    settings.calibration_x, settings.calibration_y = xs, ys
    print("reliability (calibrated confidence bin, events, share right)")
    for low, count, share in table:
        print(f"  {low:.1f}-{low + 0.1:.1f}  {count:6d}  {share:.3f}")
    models = fit_models(sentences, args.c_family)
    meta = {
        "trained": dt.date.today().isoformat(),
        "seed": args.seed,
        "corpus_sha256": corpus_digest(),
        "sentences": len(sentences),
        "articles": len({s.article for s in sentences}),
        "cv": {
            "root_p": round(result.root.precision, 3),
            "root_r": round(result.root.recall, 3),
            "root_f1": round(result.root.f1, 3),
            "fully_correct": round(result.fully_correct_share, 3),
        },
        "modality_accuracy": {"learned": round(learned_acc, 3), "rules": round(rules_acc, 3)},
        "reliability": [{"bin": b, "events": n, "share_right": round(s, 3)} for b, n, s in table],
        "settings": asdict(settings),
    }
    save_bundle(args.out, asdict_models(models), meta)
    size = sum(p.stat().st_size for p in args.out.iterdir())
    print(f"wrote {args.out} bytes={size} seconds={time.perf_counter() - started:.0f}")
    print(json.dumps(meta["cv"]))


def corpus_digest() -> str:
    """SHA-256 over the corpus files the models learned from (sentence references,
    annotations, settlings): the data version in the model card."""
    digest = hashlib.sha256()
    folder = ROOT / "training" / "corpus"
    for path in sorted(folder.rglob("*.jsonl")):
        if "superseded" not in path.parts:
            digest.update(path.relative_to(folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def asdict_models(models: Models) -> dict[str, LinearModel]:
    return {name: getattr(models, name) for name in Models.__dataclass_fields__}


if __name__ == "__main__":
    main()
