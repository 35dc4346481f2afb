"""Turn a parsed spaCy Doc into an AnalyzedArticle (offsets into Article.text)."""

from __future__ import annotations

import re

from newsprism.analyze.attribution import Found, find_attributions
from newsprism.analyze.names import canonical_entities, role_links
from newsprism.analyze.quotes import find_quotes
from newsprism.analyze.sourcing import own_voice_sentences, sourcing_profile
from newsprism.analyze.speakers import Speaker, SpeakerResolver
from newsprism.model import AnalyzedArticle, Article, Attribution, Entity, Span

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n|\r\n\s*\r\n")


def paragraphs(text: str) -> tuple[Span, ...]:
    """Paragraphs are separated by blank lines; a text without any is one paragraph."""
    spans = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    out = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if trail > lead:
            out.append(Span(s + lead, s + trail))
    return tuple(out)


def sentences(doc) -> tuple[Span, ...]:
    out = []
    for sent in doc.sents:
        text = sent.text
        lead = len(text) - len(text.lstrip())
        end = sent.start_char + len(text.rstrip())
        if end > sent.start_char + lead:
            out.append(Span(sent.start_char + lead, end))
    return tuple(out)


def attribution_kind(found: Found, speaker: Speaker) -> str:
    """The form of an attribution, in this order: a quotation is `direct`; otherwise a
    document speaking is `document`; otherwise "according to X" is `according_to`; the rest
    (a reporting verb with a clause) is `indirect`."""
    if found.quoted:
        return "direct"
    if speaker.kind == "document":
        return "document"
    if found.form == "according_to":
        return "according_to"
    return "indirect"


def attributions(doc, entities: tuple[Entity, ...]) -> tuple[Attribution, ...]:
    text = doc.text
    quotes = find_quotes(text, sentences(doc), paragraphs(text))
    found = find_attributions(doc, quotes)
    resolver = SpeakerResolver(doc, entities, role_links(doc, entities), tuple(q.outer for q in quotes))
    resolved: dict[int, Speaker] = {}
    out = []
    # Speakers resolve in text order of the speaker phrase so pronouns see earlier speakers.
    order = sorted(range(len(found)), key=lambda i: _anchor(found[i]))
    for i in order:
        item = found[i]
        if item.form == "continuation" and item.continues is not None:
            speaker = next(
                (resolved[j] for j in resolved if found[j] is item.continues), Speaker(None, "unattributed")
            )
        else:
            speaker = resolver.resolve(item.speaker_token, item.source)
        resolved[i] = speaker
    for i, item in enumerate(found):
        speaker = resolved[i]
        out.append(
            Attribution(
                speaker=speaker.name,
                speaker_kind=speaker.kind,
                kind=attribution_kind(item, speaker),
                cue=item.cue_text,
                source_span=item.source,
                cue_span=item.cue,
                content_span=item.content,
            )
        )
    return tuple(out)


def _anchor(found: Found) -> int:
    if found.source is not None:
        return found.source.start
    if found.cue is not None:
        return found.cue.start
    return found.content.start


def annotate_doc(article: Article, doc) -> AnalyzedArticle:
    ents = canonical_entities(doc)
    sents = sentences(doc)
    attrs = attributions(doc, ents)
    own_voice = own_voice_sentences(doc, sents, attrs)
    return AnalyzedArticle(
        article=article,
        analyzed=True,
        sentences=sents,
        paragraphs=paragraphs(article.text),
        entities=ents,
        attributions=attrs,
        sourcing=sourcing_profile(attrs, own_voice),
        own_voice=own_voice,
    )
