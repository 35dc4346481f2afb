"""Splitting articles into check-worthy claims: sentences, clauses of long compound sentences,
no boilerplate, and the numbers, dates and negation each claim carries."""

from __future__ import annotations

import pytest

from newsprism.analyze import analyze_article
from newsprism.compare.claims import extract_claims
from newsprism.compare.boilerplate import boilerplate_reason
from newsprism.compare.settings import CompareConfig
from newsprism.model import Article, Source, article_id


def claims_of(text: str, nlp):
    article = Article(id=article_id(text), text=text, source=Source("t.txt"), language="en")
    return extract_claims(analyze_article(article), nlp(text), 0, CompareConfig())


def test_licence_credit_subscribe_and_caption_lines_are_not_claims(nlp):
    text = (
        "The mayor opened the new bridge on Sunday after two years of work.\n\n"
        "Photo: The bridge at dusk (AP Photo/Jane Doe)\n\n"
        "Subscribe to our newsletter for the latest news.\n\n"
        "Home | World | Europe\n\n"
        "All content by Example News is licensed under a Creative Commons Attribution 4.0 License."
    )
    claims = claims_of(text, nlp)
    assert [f.claim.text for f in claims] == ["The mayor opened the new bridge on Sunday after two years of work."]


def test_a_long_sentence_of_two_full_clauses_becomes_two_claims(nlp):
    text = (
        "The government denies that it is planning to raise taxes on small businesses next year, "
        "but its own budget documents have led several economists to predict a rise in the rate of corporate tax."
    )
    claims = claims_of(text, nlp)
    assert len(claims) == 2
    assert claims[0].claim.text.startswith("The government denies")
    assert claims[1].claim.text.startswith("its own budget documents")
    assert all(f.claim.kind == "clause" for f in claims)
    # the pieces partition the sentence: nothing in between but the conjunction
    between = text[claims[0].claim.span.end : claims[1].claim.span.start]
    assert between.strip(" ,") == "but"


def test_a_non_restrictive_relative_clause_is_its_own_claim_embedded_without_its_frame(nlp):
    text = (
        "An official from the prime minister's office says the talks had gone well and would continue soon, "
        "echoing earlier remarks by the foreign minister Anna Berg, who said the country does not want a trade war."
    )
    claims = claims_of(text, nlp)
    last = claims[-1]
    assert last.claim.text.startswith("who said")
    # what is embedded is what was said, not "who said": the relative pronoun never leads
    assert last.embed_text.split()[0].lower() != "who"
    assert "does not want a trade war" in last.embed_text
    assert last.negative


def test_a_quote_keeps_its_reporting_clause_in_one_claim(nlp):
    # tokenised text glues the closing mark to the speaker's name; the parser then reads
    # "said" as a clause of its own, which says nothing without the quote before it
    text = (
        'Arson is suspected. "You can\'t call it arson yet, "Palmer public safety director Jon Owen said, '
        "but the fact that the 86 - year - old structure was without electrical or gas connections makes "
        "the 3 : 30 a. m. fire highly suspicious."
    )
    texts = [f.claim.text for f in claims_of(text, nlp)]
    assert '"You can\'t call it arson yet, "Palmer public safety director Jon Owen said' in texts
    assert not any(t.lstrip('"').startswith("Palmer public safety") for t in texts)


def test_short_sentences_stay_whole(nlp):
    claims = claims_of("The bridge opened on Sunday, and the mayor cut the ribbon.", nlp)
    assert len(claims) == 1 and claims[0].claim.kind == "sentence"


@pytest.mark.parametrize(
    ("sentence", "value", "unit"),
    [
        ("Officials said about 100,000 Russian troops were massed at the border.", "100000", "troop"),
        ("The thieves made off with 2m euros in jewels on Monday.", "2000000", "euro"),
        ("Inflation rose to 4.5% in March, the statistics office said.", "4.5", "percent"),
        ("Twenty-three pirates were arrested by the navy in the gulf.", "23", "pirate"),
    ],
)
def test_numbers_are_normalised_with_what_they_count(nlp, sentence, value, unit):
    (claim,) = claims_of(sentence, nlp)
    assert (value, unit) in {(q.value, q.unit) for q in claim.quantities}
    assert value in claim.claim.numbers


def test_years_and_weekdays_are_dates_not_amounts(nlp):
    (claim,) = claims_of("The treaty signed in 1997 was discussed again on Friday by both leaders.", nlp)
    assert "1997" not in claim.claim.numbers
    # Each date is kept with the verb it dates: the signing and the discussion.
    assert ("weekday", "friday", "discuss") in claim.date_keys and ("year", "1997", "sign") in claim.date_keys


def test_the_day_a_claim_was_reported_is_not_a_date_of_its_fact(nlp):
    (claim,) = claims_of("The fire destroyed the old church on Friday night, officials said on Saturday.", nlp)
    assert [(kind, value) for kind, value, _ in claim.date_keys] == [("weekday", "friday")]


@pytest.mark.parametrize(
    ("sentence", "negative", "event"),
    [
        ("The two sides agreed to hold new talks in Geneva next month.", False, "agree"),
        ("The two sides did not agree to hold new talks in Geneva next month.", True, "agree"),
        ("The responses failed to take into account the main concerns of Moscow.", True, "take"),
        ("Officials said the ministry would carefully study the written answers.", False, "study"),
        ("Nobody was injured in the fire at the church.", True, "injure"),
        ("No one was injured in the fire at the church.", True, "injure"),
        # "not" moves freely between "think" and what is thought: both say the same.
        ("I did not think the council was following the plan.", True, "think"),
        ("I think the council was not following the plan.", True, "think"),
    ],
)
def test_polarity_and_event_of_the_main_predicate(nlp, sentence, negative, event):
    (claim,) = claims_of(sentence, nlp)
    assert claim.negative is negative
    assert claim.predicate == event


def test_boilerplate_reasons_name_what_was_left_out():
    assert boilerplate_reason("Reporting by Jane Doe; editing by John Roe", "x") == "credit or licence"
    assert boilerplate_reason("Click here to read more.", "x") == "call to action or site navigation"
    assert boilerplate_reason("The minister resigned on Tuesday.", "The minister resigned on Tuesday.") is None


def test_a_blog_posts_own_posted_in_line_is_not_a_claim():
    line = "Posted in Hit and Run Accidents on Friday, September 20, 2013."
    assert boilerplate_reason(line, line) == "post metadata"
    story = "A video posted on Friday showed the car hitting the cyclist."
    assert boilerplate_reason(story, story) is None


@pytest.mark.parametrize(
    "line",
    [
        "This is a developing story.",
        "This article has been updated with comment from the fire service.",
        "Check back later for updates.",
        "More details will follow as they become known.",
        "Additional information will follow as the investigation continues.",
    ],
)
def test_a_notice_that_the_story_will_be_updated_is_not_a_claim(line):
    assert boilerplate_reason(line, line) == "update notice"


@pytest.mark.parametrize(
    "line",
    [
        "Police said more details will be released on Monday.",
        "The council updated its flood map after the storm.",
        "The developing storm is expected to reach the coast by Friday.",
        "The report was updated on Tuesday to include two more deaths.",
    ],
)
def test_statements_about_updates_and_details_stay_claims(line):
    assert boilerplate_reason(line, line) is None


def test_a_thousands_number_written_with_a_spaced_comma_is_one_amount(nlp):
    # Pre-tokenised corpora (ECB+) write "2,000" as "2, 000".
    (claim,) = claims_of("The climber fell about 2, 000 feet while climbing to a small hut.", nlp)
    assert [(q.value, q.unit) for q in claim.quantities] == [("2000", "metre")]


def test_an_amount_in_a_sentence_parsed_with_its_subject_as_root_hangs_from_its_verb(nlp):
    # the parse the small model gives some sentences: "points" the root, "tied" a clause under it
    from spacy.tokens import Doc

    from newsprism.compare.claims import verb_anchor

    words = ["Those", "10", "points", "tied", "Ward", "with", "Riley", "."]
    doc = Doc(
        nlp.vocab, words=words,
        heads=[2, 2, 2, 2, 3, 3, 5, 2],
        deps=["det", "nummod", "ROOT", "acl", "dobj", "prep", "pobj", "punct"],
        tags=["DT", "CD", "NNS", "VBD", "NNP", "IN", "NNP", "."],
        pos=["DET", "NUM", "NOUN", "VERB", "PROPN", "ADP", "PROPN", "PUNCT"],
        lemmas=["those", "10", "point", "tie", "Ward", "with", "Riley", "."],
    )
    assert verb_anchor(doc[1]) == "tie"
