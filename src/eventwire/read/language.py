"""Identify an article's language, so non-English text is flagged rather than misparsed."""

from __future__ import annotations

from functools import lru_cache

MIN_WORDS = 12
SAMPLE_CHARS = 1200


@lru_cache(maxsize=1)
def _identifier():  # type: ignore[no-untyped-def]
    # Loaded on first use: the model takes a fraction of a second to load.
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code and confidence; (None, 0.0) when the text is too short to tell."""
    if len(text.split()) < MIN_WORDS:
        return None, 0.0
    language, probability = _identifier().classify(text[:SAMPLE_CHARS])
    return str(language), float(probability)
