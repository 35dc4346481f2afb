"""Incremental story assignment: determinism, persistence, time, and a quality floor."""

from __future__ import annotations

import dataclasses

import pytest

from newsprism.model import Article, Source
from newsprism.stories import StoryConfig
from newsprism.stories.cluster import StoryIndex
from newsprism.stories.features import compute_features, parse_day
from newsprism.stories.metrics import bcubed


@pytest.fixture(scope="session")
def static():
    from newsprism.embed import get_encoder

    return get_encoder("static")


def _article(aid: str, text: str, published: str | None = None, title: str | None = None) -> Article:
    return Article(id=aid, text=text, title=title, published=published, source=Source("test", None))


# Two calls between the same two leaders, three days apart, and one unrelated story.
CALL_ONE = [
    "President Elena Varga of Norland spoke by telephone with Prime Minister Tomas Reed of Eastmark on Monday. "
    "The two leaders discussed grain exports through the port of Halvik and the border crossing at Dunmore. "
    "Varga's office said the call lasted forty minutes and was constructive.",
    "Norland's president Elena Varga and Eastmark's prime minister Tomas Reed held a phone call on Monday, "
    "covering grain shipments from Halvik and the Dunmore border crossing. Reed's spokesman called the talks constructive.",
]
CALL_TWO = [
    "President Elena Varga of Norland spoke by telephone with Prime Minister Tomas Reed of Eastmark on Thursday. "
    "The two leaders discussed grain exports through the port of Halvik and the border crossing at Dunmore. "
    "Varga's office said the call lasted half an hour and was productive.",
    "Norland's president Elena Varga and Eastmark's prime minister Tomas Reed held another phone call on Thursday, "
    "again covering grain shipments from Halvik and the Dunmore crossing. Reed's spokesman called the talks productive.",
]
FLOOD = [
    "Heavy rain flooded the river valley around Castelmoor overnight, forcing two hundred families from their homes. "
    "Firefighters used boats to reach villages cut off by the water.",
]


def test_two_phone_calls_three_days_apart_are_two_stories(static):
    dated = [
        _article("c1a", CALL_ONE[0], "2024-03-04"),
        _article("c1b", CALL_ONE[1], "2024-03-04T15:00:00Z"),
        _article("c2a", CALL_TWO[0], "2024-03-07"),
        _article("c2b", CALL_TWO[1], "2024-03-07T18:30:00+00:00"),
    ]
    stories = StoryIndex().assign(compute_features(dated, static))
    assert stories[0] == stories[1]
    assert stories[2] == stories[3]
    assert stories[0] != stories[2]


def test_without_dates_the_same_calls_read_as_one_story(static):
    # The content alone cannot tell the two calls apart: the split above comes from time.
    undated = [_article(a, t) for a, t in zip(["c1a", "c1b", "c2a", "c2b"], CALL_ONE + CALL_TWO)]
    stories = StoryIndex().assign(compute_features(undated, static))
    assert len(set(stories)) == 1


def test_next_day_follow_up_joins_its_story_and_unrelated_news_does_not(static):
    items = [
        _article("c1a", CALL_ONE[0], "2024-03-04"),
        _article("f1", FLOOD[0], "2024-03-04"),
        _article("c1b", CALL_ONE[1], "2024-03-05"),
    ]
    stories = StoryIndex().assign(compute_features(items, static))
    assert stories[2] == stories[0]
    assert stories[1] != stories[0]


def test_story_ids_come_from_the_first_article():
    assert StoryIndex().story_ids == ()


def test_dates_parse_to_days_and_bad_dates_are_unknown():
    assert parse_day("2024-03-07") - parse_day("2024-03-04") == pytest.approx(3.0)
    assert parse_day("2024-03-04T12:00:00Z") == pytest.approx(parse_day("2024-03-04"))
    assert parse_day("last Tuesday") is None
    assert parse_day(None) is None


@pytest.fixture(scope="session")
def dev_subset(ecbplus_records, static):
    """Three ECB+ dev topics (six events): small enough to run in about a second."""
    records = [r for r in ecbplus_records if r["split"] == "dev" and r["topic"] in {"12", "18", "35"}]
    articles = [
        Article(id=r["id"], text=r["text"], title=r["title"], source=Source("ecbplus", i)) for i, r in enumerate(records)
    ]
    return records, compute_features(articles, static)


def test_same_articles_same_order_give_same_ids_however_they_are_batched(dev_subset):
    _, features = dev_subset
    at_once = StoryIndex().assign(features)
    one_by_one_index = StoryIndex(dataclasses.replace(StoryConfig(), chunk_size=5))
    one_by_one: dict[str, str] = {}
    for f in features:
        one_by_one[f.article_id] = one_by_one_index.assign([f])[0]
        # Local re-clustering moves earlier articles (`last_moves`); merges relabel them.
        one_by_one.update(one_by_one_index.last_moves)
    assert [one_by_one_index.resolve(one_by_one[f.article_id]) for f in features] == at_once
    assert all(story.startswith("s") for story in at_once)
    assert at_once[0] == f"s{features[0].article_id}"


def test_a_restored_index_continues_exactly_like_the_live_one(dev_subset):
    _, features = dev_subset
    half = len(features) // 2
    live = StoryIndex()
    first = live.assign(features[:half])
    restored = StoryIndex.from_state(live.to_state())
    assert restored.story_ids == live.story_ids
    assert restored.assign(features[half:]) == live.assign(features[half:])
    assert first == StoryIndex().assign(features)[:half]


def test_state_from_another_version_is_refused():
    state = StoryIndex().to_state()
    state["version"] = 999
    with pytest.raises(ValueError, match="version"):
        StoryIndex.from_state(state)


def test_stories_on_ecbplus_dev_topics_stay_above_the_quality_floor(dev_subset):
    records, features = dev_subset
    score = bcubed(StoryIndex().assign(features), [r["event"] for r in records])
    # Measured on this subset with the shipped StoryConfig: P 0.853, R 0.952, F1 0.900.
    # The floors sit just below, so a real regression fails.
    assert score.f1 >= 0.79, score
    assert score.precision >= 0.84, score


# Two halves of one flood story that share little wording, then a report that covers both.
FLOOD_TOWN = (
    "Heavy rain flooded Castelmoor overnight. Mayor Ilse Brandt opened the Castelmoor sports hall "
    "for two hundred families who left their homes, and Brandt asked residents to stay indoors."
)
FLOOD_RIVER = (
    "The river Tarn burst its banks at Wexley weir. Rescue chief Piet Olsen said Tarn crews used boats "
    "to reach farms near Wexley, and Olsen warned the water would keep rising until Friday."
)
FLOOD_BOTH = (
    "Floods in Castelmoor: the river Tarn burst its banks at Wexley weir and Mayor Ilse Brandt opened the "
    "Castelmoor sports hall to two hundred families. Rescue chief Piet Olsen said crews on the Tarn used boats "
    "to reach farms near Wexley; Brandt asked residents to stay indoors."
)


def test_a_report_bridging_two_stories_merges_them_under_the_older_id(static):
    # Earlier unrelated news first, so the running IDF tells common words from names.
    background = [_article(f"b{i}", text) for i, text in enumerate(CALL_ONE + CALL_TWO[:1])]
    flood = [_article("town", FLOOD_TOWN), _article("river", FLOOD_RIVER), _article("both", FLOOD_BOTH)]
    features = compute_features(background + flood, static)
    without = StoryIndex(dataclasses.replace(StoryConfig(), merge_threshold=None, repair_max_pool=0))
    alone = without.assign(features)[3:]
    assert alone[:2] == ["stown", "sriver"] and alone[2] in alone[:2]  # joins one, both stay
    index = StoryIndex()
    assert index.assign(features[:5])[3:] == ["stown", "sriver"]
    assert index.assign(features[5:]) == ["stown"]
    assert index.last_merges == {"sriver": "stown"}
    assert index.resolve("sriver") == "stown"
    assert index.story_ids == ("sb0", "stown") and index.story_size("stown") == 3
    restored = StoryIndex.from_state(index.to_state())
    assert restored.story_ids == ("sb0", "stown") and restored.resolve("sriver") == "stown"


def test_an_index_saved_before_merges_existed_still_loads(dev_subset):
    _, features = dev_subset
    state = StoryIndex().to_state()
    live = StoryIndex()
    live.assign(features[:10])
    state = live.to_state()
    state["version"] = 1
    del state["merged_into"]
    old = StoryIndex.from_state(state)
    assert old.story_ids == live.story_ids
    assert old.assign(features[10:]) == live.assign(features[10:])


def test_an_index_saved_before_member_vectors_still_loads_and_continues(dev_subset):
    _, features = dev_subset
    live = StoryIndex()
    live.assign(features[:10])
    state = live.to_state()
    state["version"] = 2
    for key in [k for k in state if k.startswith(("member_", "record_"))] + ["has_members", "next_key"]:
        del state[key]
    first, second = StoryIndex.from_state(dict(state)), StoryIndex.from_state(dict(state))
    assert first.story_ids == live.story_ids
    # Stories from a version-2 state keep no member vectors: joined and merged, never split.
    labels = first.assign(features[10:])
    assert labels == second.assign(features[10:])
    assert all(first.resolve(s) == s for s in labels)


def test_local_reclustering_is_reported_as_moves_and_merges(dev_subset):
    _, features = dev_subset
    index = StoryIndex()
    labels: dict[str, str] = {}
    for f in features:
        labels[f.article_id] = index.assign([f])[0]
        labels.update(index.last_moves)
        labels = {a: index.resolve(s) for a, s in labels.items()}
        # Every article's story as the caller tracks it is live and the index agrees.
        assert set(labels.values()) <= set(index.story_ids)
    assert [labels[f.article_id] for f in features] == StoryIndex().assign(features)
    assert sum(index.story_size(s) for s in index.story_ids) == len(features)


@pytest.fixture(scope="module")
def dated_archive(ecbplus_records, static):
    """The dev subset's events as a dated archive: each event within three days, events ten
    days apart, in time order (as a feed would deliver them)."""
    from datetime import date, timedelta

    records = [r for r in ecbplus_records if r["split"] == "dev" and r["topic"] in {"12", "18", "35"}]
    events = sorted({r["event"] for r in records})
    articles = []
    for n, event in enumerate(events):
        members = [r for r in records if r["event"] == event]
        for i, r in enumerate(members):
            day = date(2020, 1, 1) + timedelta(days=10 * n + i % 3)
            articles.append(_article(r["id"], r["text"], day.isoformat(), r["title"]))
    articles.sort(key=lambda a: (a.published, a.id))
    return [r["event"] for r in records], compute_features(articles, static)


def test_a_long_archive_keeps_member_vectors_only_for_recent_stories(dated_archive):
    _, features = dated_archive
    bounded, unbounded = StoryIndex(), StoryIndex(dataclasses.replace(StoryConfig(), repair_horizon_days=None))
    assert bounded.assign(features) == unbounded.assign(features)  # nothing reachable is frozen
    assert unbounded.reclusterable_stories > bounded.reclusterable_stories
    newest = max(f.day for f in features)
    recent = {f.article_id for f in features if f.day >= newest - StoryConfig().repair_horizon_days - 1}
    assert bounded.reclusterable_stories <= len(recent)


def test_a_dated_archive_gets_the_same_ids_in_batches_and_after_a_restore(dated_archive):
    _, features = dated_archive
    at_once = StoryIndex().assign(features)
    index, labels = StoryIndex(), {}
    for start in range(0, len(features), 7):
        index = StoryIndex.from_state(index.to_state())  # as the store reloads it
        for f, story in zip(features[start : start + 7], index.assign(features[start : start + 7])):
            labels[f.article_id] = story
        labels.update(index.last_moves)
    assert [index.resolve(labels[f.article_id]) for f in features] == at_once
