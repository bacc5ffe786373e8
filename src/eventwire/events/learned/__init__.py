"""The learned event coder: events found and coded by models trained on annotated news."""

from eventwire.events.learned.coder import LearnedCoder, ModelError, load_models

__all__ = ["LearnedCoder", "ModelError", "load_models"]
