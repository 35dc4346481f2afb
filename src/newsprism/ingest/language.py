"""Language of an article's text, by py3langid (a naive Bayes byte n-gram classifier,
Lui & Baldwin 2012), loaded once per process from the installed package."""

from __future__ import annotations

from functools import lru_cache

# The opening of an article decides its language; classifying more only costs time.
_SAMPLE_CHARS = 5000
# Below this many letters there is too little evidence to name a language.
_MIN_LETTERS = 3
# Labels py3langid uses for "no language" / "undetermined".
_NO_LANGUAGE = frozenset({"zxx", "und"})


@lru_cache(maxsize=1)
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code (or ISO 639-3 where the language has no two-letter code); None when
    the text has too few letters to tell."""
    sample = text[:_SAMPLE_CHARS]
    if sum(1 for ch in sample if ch.isalpha()) < _MIN_LETTERS:
        return None
    label, _confidence = _identifier().classify(sample)
    return None if label in _NO_LANGUAGE else label
