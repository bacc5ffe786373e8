"""`--coder learned|rules`, shared by every command that extracts events, and the check
that options only the rule coder understands are not given to another coder."""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from importlib import import_module
from pathlib import Path
from typing import Any

import typer

from eventwire.errors import EventwireError, UsageError
from eventwire.events.choice import CODERS, DEFAULT_CODER

# The choices are eventwire.events.choice's names, so a coder added there is offered here.
Coder = StrEnum("Coder", {name: name for name in CODERS})  # type: ignore[misc]

CODER_HELP = (
    "Event coder: learned (trained models; gives each event a calibrated `confidence`) or "
    "rules (verb patterns; confidence left empty). --verbs and --statements work only with "
    "rules."
)
STATEMENTS_HELP = (
    "Rule coder only. Plain statements (CAMEO 010) to keep: all, coded (only from a speaker "
    "of known country; 'officials said' is attribution), or none. [default: coded]"
)
VERBS_HELP = "Rule coder only. Extra verb-pattern dictionaries (PETRARCH-2 or -1 format)."


def coder_option() -> Any:
    """The `--coder` option, defaulting to `DEFAULT_CODER`."""
    return typer.Option(Coder(DEFAULT_CODER), "--coder", help=CODER_HELP)


def check_coder_options(coder: str, verbs: Sequence[Path], statements: object | None) -> None:
    """A one-line usage error when rule-only options are given with another coder: the
    learned coder has no verb patterns to extend and its own way with statements."""
    if coder == "rules":
        return
    given = [name for name, value in (("--verbs", verbs), ("--statements", statements)) if value]
    if given:
        verb = "works" if len(given) == 1 else "work"
        raise UsageError(f"{' and '.join(given)} {verb} only with --coder rules, not {coder}")


def check_coder_loads(coder: str) -> None:
    """Fail before any work (and before worker processes or Spark tasks start, which would
    each fail alike) when the learned coder cannot be imported: the import that
    `make_event_coder` makes, without loading the models."""
    if coder != "learned":
        return
    try:
        getattr(import_module("eventwire.events.learned"), "LearnedCoder")  # noqa: B009
    except (ImportError, AttributeError) as error:
        raise EventwireError(
            f"the learned event coder cannot be loaded ({error}); try --coder rules"
        ) from None
