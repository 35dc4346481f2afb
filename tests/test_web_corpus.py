"""A small corpus store for the web tests (route tests and the Chromium e2e tests).

No tests here: builders only. Stories are assigned by hand through the Store API (the seeds as
one story, ECB+ articles by their gold event, and a story with a hostile article), so the web
tests depend only on the store, the analysis and the comparison, not on story clustering.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from newsprism.config import Config
from newsprism.ingest import ingest_paths
from newsprism.model import Article, CopyGroup, Source, article_id
from newsprism.store import open_store

# Every payload sets this window property if it ever runs; the e2e test checks it stays unset.
PWNED = "__newsprism_pwned"
HOSTILE_TITLE = f'<script>window.{PWNED} = "title"</script>Council <b>approves</b> barrier'
HOSTILE_OUTLET = f'"><img src=x onerror="window.{PWNED}=\'outlet\'">Evil Outlet'
HOSTILE_URL = f"javascript:window.{PWNED}='url'"
HOSTILE_TEXT = (
    "The city council approved a new flood barrier for the harbour district on Monday, officials said.\n\n"
    f'<script>window.{PWNED} = "text"</script> Engineers said the barrier would cost 40 million dollars '
    "and take two years to build.\n\n"
    f"<img src=x onerror=\"window.{PWNED} = 'img'\"> Residents told reporters they were relieved "
    "after three floods in five years.\n\n"
    f"<a href=\"javascript:window.{PWNED}='link'\">Read more</a> about the vote in the council minutes."
)
CALM_TEXT = (
    "The city council voted on Monday to build a flood barrier for the harbour district.\n\n"
    "The barrier will cost 40 million dollars, engineers said, and construction is due to take two years.\n\n"
    "Mayor Ana Ruiz said work would start in the spring."
)
WIRE_EXTRA = "\n\nThe council meets again next month to choose a builder."


def _article(text: str, path: str, **meta) -> Article:
    return Article(id=article_id(text), text=text, source=Source(path), language="en", **meta)


def hostile_articles() -> list[Article]:
    hostile = _article(
        HOSTILE_TEXT, "hostile.html", outlet=HOSTILE_OUTLET, title=HOSTILE_TITLE, url=HOSTILE_URL,
        published="2024-03-04",
    )
    calm = _article(
        CALM_TEXT, "calm.txt", outlet="Harbour Gazette", title="Council votes for a flood barrier",
        url="https://gazette.example/flood-barrier", published="2024-03-04",
    )
    wire = _article(
        CALM_TEXT + WIRE_EXTRA, "wire.txt", outlet="Wire Echo", title="Council votes for a flood barrier",
        published="2024-03-05",
    )
    return [hostile, calm, wire]


@dataclass
class WebCorpus:
    db: Path
    stories: dict[str, list[str]] = field(default_factory=dict)  # story id -> article ids
    hostile_id: str = ""
    calm_id: str = ""
    wire_id: str = ""
    seed_ids: list[str] = field(default_factory=list)
    unassigned_id: str = ""


def ecbplus_events(records: list[dict], events: int = 2, per_event: int = 3) -> dict[str, list[dict]]:
    """The first `events` ECB+ dev events (by name) with at least `per_event` articles."""
    by_event: dict[str, list[dict]] = {}
    for record in records:
        if record["split"] == "dev":
            by_event.setdefault(record["event"], []).append(record)
    chosen = [e for e in sorted(by_event) if len(by_event[e]) >= per_event][:events]
    return {e: sorted(by_event[e], key=lambda r: r["id"])[:per_event] for e in chosen}


def build_web_corpus(
    tmp: Path, seeds_dir: Path | None, records: list[dict] | None, events: int = 2, per_event: int = 3
) -> WebCorpus:
    db = tmp / "web.duckdb"
    corpus = WebCorpus(db)
    config = Config(quiet=True)
    hostile, calm, wire = hostile_articles()
    corpus.hostile_id, corpus.calm_id, corpus.wire_id = hostile.id, calm.id, wire.id
    assignments: dict[str, str] = {a.id: "story-flood" for a in (hostile, calm, wire)}
    articles = [hostile, calm, wire]
    if seeds_dir is not None:
        seeds = list(ingest_paths([str(seeds_dir)], config).articles)
        corpus.seed_ids = [a.id for a in seeds]
        articles += seeds
        assignments.update({a.id: "story-seeds" for a in seeds})
    if records:
        feed = tmp / "ecbplus.jsonl"
        chosen = ecbplus_events(records, events, per_event)
        with feed.open("w", encoding="utf-8") as fh:
            for event, members in chosen.items():
                for record in members:
                    fh.write(json.dumps({"id": record["id"], "title": record["title"], "text": record["text"]}) + "\n")
        read = list(ingest_paths([str(feed)], config).articles)
        event_of = {r["id"]: e for e, members in chosen.items() for r in members}
        articles += read
        assignments.update({a.id: f"story-{event_of[a.external_id]}" for a in read})
    lonely = _article("A lighthouse keeper retired after forty years on the island.", "lonely.txt", outlet="Coast News")
    corpus.unassigned_id = lonely.id
    articles.append(lonely)
    with open_store(db) as store:
        with store.transaction():
            store.add_articles(articles)
            store.set_story_members(assignments)
            store.replace_copy_groups("story-flood", [CopyGroup(calm.id, tuple(sorted((calm.id, wire.id))), "syndicated")])
    for aid, sid in sorted(assignments.items()):
        corpus.stories.setdefault(sid, []).append(aid)
    return corpus
