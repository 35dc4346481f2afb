"""How an article is sourced: the sentences in its own voice and a count per speaker kind."""

from __future__ import annotations

from collections import Counter

from newsprism.model import NAMED_SPEAKER_KINDS, SPEAKER_KINDS, Attribution, SourcingProfile, Span, SpeakerCount



def own_voice_sentences(doc, sentences: tuple[Span, ...], attributions: tuple[Attribution, ...]) -> tuple[Span, ...]:
    """Sentences no attribution touches (content, speaker or cue) that make a statement: they
    have a verb. Headline fragments, bylines and datelines without a verb are left out."""
    taken: list[Span] = []
    for a in attributions:
        taken.append(a.content_span)
        if a.source_span is not None:
            taken.append(a.source_span)
        if a.cue_span is not None:
            taken.append(a.cue_span)
    taken.sort()
    out = []
    for sent in sentences:
        if any(span.overlaps(sent) for span in taken):
            continue
        tokens = doc.char_span(sent.start, sent.end, alignment_mode="expand")
        if tokens is None or not any(t.pos_ in {"VERB", "AUX"} for t in tokens):
            continue
        out.append(sent)
    return tuple(out)


def sourcing_profile(attributions: tuple[Attribution, ...], own_voice: tuple[Span, ...]) -> SourcingProfile:
    counts = {kind: 0 for kind in SPEAKER_KINDS}
    for a in attributions:
        counts[a.speaker_kind] = counts.get(a.speaker_kind, 0) + 1
    counts["unattributed"] += len(own_voice)
    named = Counter(
        (a.speaker, a.speaker_kind)
        for a in attributions
        if a.speaker_kind in NAMED_SPEAKER_KINDS and a.speaker and not _is_pronoun(a)
    )
    speakers = tuple(
        SpeakerCount(name, kind, n)
        for (name, kind), n in sorted(named.items(), key=lambda item: (-item[1], item[0][0], item[0][1]))
    )
    return SourcingProfile(counts=counts, speakers=speakers)


def _is_pronoun(a: Attribution) -> bool:
    return a.source_span is not None and a.speaker is not None and a.speaker.lower() in {
        "he", "she", "they", "it", "him", "her", "them", "both",
    }
