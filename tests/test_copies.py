"""Copy groups: exact, syndicated (trimmed / paragraph added), reworded; never across stories."""

from __future__ import annotations

import pytest

from newsprism.model import Article, Source
from newsprism.stories.copies import find_copies, find_copies_by_story, find_copies_incremental
from newsprism.stories.features import compute_features

WIRE = (
    "Firefighters in the coastal town of Port Alder fought a warehouse blaze for nine hours on Tuesday, "
    "the regional fire service said. The fire broke out shortly after midnight in a storage hall used by "
    "a furniture maker, and flames spread to two neighbouring buildings. Chief fire officer Maria Lindqvist "
    "said forty crews were sent to the scene and that nobody was hurt. Residents of nearby streets were told "
    "to keep their windows closed because of thick smoke. Police have opened an investigation into the cause "
    "of the fire, which destroyed stock worth an estimated 3 million euros. The company said production would "
    "move to its second plant in Westby while the site is rebuilt."
)
TRIMMED = WIRE.rsplit(" Police have", 1)[0]
WITH_LOCAL_PARAGRAPH = (
    WIRE + "\n\nThe Alder Gazette understands that the same warehouse was inspected by the council last spring."
)
REWORDED = (
    "Fire crews in the seaside town of Port Alder battled a blaze at a warehouse for nine hours on Tuesday, "
    "according to the regional fire service. The fire started just after midnight in a storage building of "
    "a furniture manufacturer, and the flames reached two adjacent buildings. Forty crews were dispatched to "
    "the site and no one was injured, chief fire officer Maria Lindqvist said. People living on nearby streets "
    "were asked to keep windows shut because of dense smoke. Police have launched an inquiry into what caused "
    "the fire, which ruined goods worth about 3 million euros. The firm said manufacturing would shift to its "
    "second factory in Westby during the rebuilding."
)
OTHER_REPORT = (
    "A night of smoke: people in Port Alder describe waking to sirens as a furniture warehouse burned. "
    "Anna Berg, who lives two streets away, said she saw orange light behind her curtains at one in the morning. "
    "Shop owners on the harbour front counted their losses on Wednesday. The furniture company, one of the "
    "largest employers in the town, has promised to keep paying its workers. Local councillors called for a "
    "review of fire safety in the industrial estate."
)


@pytest.fixture(scope="session")
def static():
    from newsprism.embed import get_encoder

    return get_encoder("static")


def _a(aid: str, text: str, published: str | None = None, outlet: str | None = None) -> Article:
    return Article(id=aid, text=text, published=published, outlet=outlet, source=Source("test", None))


def _groups(articles, static):
    return find_copies(articles, compute_features(articles, static), static)


def test_exact_copy_under_another_outlet_is_an_exact_group(static):
    copy = WIRE.replace("  ", " ").replace("Tuesday,", "Tuesday ,")  # spacing/punctuation only
    groups = _groups([_a("wire", WIRE, "2024-05-07T06:00:00Z", "Wire"), _a("site", copy, "2024-05-07T09:00:00Z", "Site")], static)
    assert [(g.original, g.members, g.kind) for g in groups] == [("wire", ("site", "wire"), "exact")]


def test_trimmed_and_extended_copies_are_syndicated_with_the_earliest_as_original(static):
    articles = [
        _a("trimmed", TRIMMED, "2024-05-07T10:00:00Z", "Daily"),
        _a("extended", WITH_LOCAL_PARAGRAPH, "2024-05-07T11:00:00Z", "Gazette"),
        _a("wire", WIRE, "2024-05-07T06:00:00Z", "Wire"),
        _a("other", OTHER_REPORT, "2024-05-07T12:00:00Z", "Herald"),
    ]
    groups = _groups(articles, static)
    assert len(groups) == 1
    assert groups[0].members == ("extended", "trimmed", "wire")
    assert groups[0].original == "wire"
    assert groups[0].kind == "syndicated"


def test_reworded_copy_is_found_and_marked_reworded(static):
    groups = _groups([_a("wire", WIRE), _a("spun", REWORDED), _a("other", OTHER_REPORT)], static)
    assert [(g.members, g.kind) for g in groups] == [(("spun", "wire"), "reworded")]


def test_different_reports_of_one_event_are_not_copies(static):
    assert _groups([_a("wire", WIRE), _a("other", OTHER_REPORT)], static) == []


def test_without_dates_the_most_complete_copy_is_the_original(static):
    groups = _groups([_a("trimmed", TRIMMED), _a("wire", WIRE)], static)
    assert groups[0].original == "wire"


def test_copy_groups_do_not_depend_on_input_order(static):
    articles = [_a("wire", WIRE), _a("spun", REWORDED), _a("trimmed", TRIMMED), _a("other", OTHER_REPORT)]
    assert _groups(articles, static) == _groups(list(reversed(articles)), static)


def test_copies_never_join_articles_of_different_stories(static):
    articles = [_a("wire", WIRE), _a("copy-elsewhere", TRIMMED), _a("spun", REWORDED)]
    features = compute_features(articles, static)
    by_story = find_copies_by_story(articles, features, ["s1", "s2", "s1"], static)
    assert [g.members for g in by_story["s1"]] == [("spun", "wire")]
    assert by_story["s2"] == []


def _in_steps(articles, features, steps, static):
    """Copy groups built by adding the articles in `steps` batches, incrementally."""
    groups: list = []
    done = 0
    for size in steps:
        new = slice(done, done + size)
        groups = find_copies_incremental(
            groups, articles[:done], features[:done], articles[new], features[new], static
        )
        done += size
    return groups


@pytest.mark.parametrize("steps", [(1, 1, 1, 1, 1), (2, 3), (4, 1), (1, 4), (3, 2)])
def test_adding_articles_in_batches_gives_the_same_groups_as_recomputing(static, steps):
    articles = [
        _a("spun", REWORDED, "2024-05-07T08:00:00Z"),
        _a("other", OTHER_REPORT, "2024-05-07T12:00:00Z"),
        _a("trimmed", TRIMMED, "2024-05-07T10:00:00Z"),
        _a("wire", WIRE, "2024-05-07T06:00:00Z"),
        _a("extended", WITH_LOCAL_PARAGRAPH, "2024-05-07T11:00:00Z"),
    ]
    features = compute_features(articles, static)
    full = find_copies(articles, features, static)
    assert [g.members for g in full] == [("extended", "spun", "trimmed", "wire")]
    assert _in_steps(articles, features, steps, static) == full


def test_merging_two_stories_links_copies_across_them(static):
    # Two stories merged: one story's members and groups are "old", the other's are "new".
    first = [_a("wire", WIRE), _a("other", OTHER_REPORT)]
    second = [_a("trimmed", TRIMMED), _a("spun", REWORDED)]
    f1, f2 = compute_features(first, static), compute_features(second, static)
    merged = find_copies_incremental(find_copies(first, f1, static), first, f1, second, f2, static)
    assert merged == find_copies(first + second, f1 + f2, static)
    assert merged[0].original == "wire" and merged[0].kind == "reworded"


def test_groups_from_other_articles_are_refused(static):
    articles = [_a("wire", WIRE), _a("trimmed", TRIMMED)]
    features = compute_features(articles, static)
    stale = find_copies(articles, features, static)
    with pytest.raises(ValueError, match="not among the old articles"):
        find_copies_incremental(stale, articles[:1], features[:1], articles[1:], features[1:], static)
