"""A learned ranker for toponym candidates: which of the places a name may mean it means.

Each candidate is described by features (what it is, how big, how its name matches, what
the article says: countries it names, places already settled nearby, a container phrase)
and scored by a conditional logit (a softmax over each name's candidates) trained on
GeoWebNews and GeoVirus with cross-validation grouped by article
(`tools/train_place_ranker.py`). The hand-tuned score of earlier
versions is one of the features, not an override. The model is a small JSON file
(`data/geo/ranker.json`): weights, feature scaling and a calibration of the chosen
candidate's confidence, so it loads in milliseconds and needs no machine-learning library
at run time.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

LEAD_CAP = 8.0  # a lead beyond this says nothing more about being right
# The order of the model's weights: keep in step with `candidate_features`.
FEATURES = (
    "hand_score",
    "prior",
    "log_population",
    "is_country",
    "is_capital",
    "is_city",
    "is_region",
    "is_district",
    "is_wide",
    "own_name",
    "code_as_town",
    "tail_fits",
    "country_share",
    "country_named",
    "near_settled",
    "log_km_to_settled",
    "container_fits",
    "container_conflicts",
    "population_rank",
    "largest_population",
    "log_options",
)


# What the confidence is read from, before the chosen candidate's features: its lead over
# the next candidate, whether it was the only one, and whether it was found inside an
# unknown name ("Fort Hood" -> a place called Hood): keep in step with `Ranker.confidence`.
CALIBRATION_INPUTS = ("lead", "only_candidate", "named_inside", *FEATURES)


@dataclass(frozen=True)
class Ranker:
    """Linear weights over standardised features, and a Platt calibration that turns the
    chosen candidate's lead over the next, and what it is, into a probability of being
    right; names with one candidate are calibrated the same way (an airport found inside
    an unknown name is not as sure as a country named outright)."""

    weights: tuple[float, ...]
    bias: float
    means: tuple[float, ...]
    scales: tuple[float, ...]
    calibration: tuple[tuple[float, ...], float]  # weights over CALIBRATION_INPUTS, bias

    def score(self, features: Sequence[float]) -> float:
        total = self.bias
        for value, weight, mean, scale in zip(
            features, self.weights, self.means, self.scales, strict=True
        ):
            total += weight * (value - mean) / scale
        return total

    def confidence(
        self, scores: Sequence[float], best: int, row: Sequence[float], inside: bool = False
    ) -> float:
        """The chance the chosen candidate is right, read from how far its score is ahead
        of the next one's and from what it is (a country's point is a convention, a town's
        is not), calibrated on held-out articles of every gold set. `row` is the chosen
        candidate's features; `inside`: the name was found inside an unknown one."""
        inputs = calibration_inputs(scores, best, row, inside, self.means, self.scales)
        weights, bias = self.calibration
        total = bias + sum(w * x for w, x in zip(weights, inputs, strict=True))
        return 1 / (1 + math.exp(-total))


def calibration_inputs(
    scores: Sequence[float],
    best: int,
    row: Sequence[float],
    inside: bool,
    means: Sequence[float],
    scales: Sequence[float],
) -> list[float]:
    """The calibration's inputs (`CALIBRATION_INPUTS`) for the chosen candidate."""
    others = [s for i, s in enumerate(scores) if i != best]
    lead = min(scores[best] - max(others), LEAD_CAP) if others else LEAD_CAP
    return [lead, float(not others), float(inside)] + [
        (value - mean) / scale for value, mean, scale in zip(row, means, scales, strict=True)
    ]


@lru_cache(maxsize=1)
def load_ranker() -> Ranker | None:
    """The packaged model; None when the package carries none (the hand score is used)."""
    source = resources.files("eventwire.data.geo").joinpath("ranker.json")
    if not source.is_file():
        return None
    data = json.loads(source.read_text("utf-8"))
    if (
        tuple(data["features"]) != FEATURES
        or tuple(data["calibration"].get("inputs", ())) != CALIBRATION_INPUTS
    ):
        raise ValueError("data/geo/ranker.json was trained on other features: retrain it")
    return Ranker(
        tuple(data["weights"]),
        float(data["bias"]),
        tuple(data["means"]),
        tuple(data["scales"]),
        (tuple(data["calibration"]["weights"]), float(data["calibration"]["bias"])),
    )
