"""The HTML pages: stories, one story, one article, unassigned articles."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from newsprism.model import AnalyzedArticle, Article
from newsprism.web import views
from newsprism.web.app import WebContext, context
from newsprism.web.compute import Study, StudyService
from newsprism.web.loaders import load_article, load_stories, load_story, load_unassigned
from newsprism.web.queries import SEARCH_FIELDS, opening_words

router = APIRouter(include_in_schema=False)


@dataclass(frozen=True)
class StudyState:
    study: Study | None
    progress: str | None  # while computing
    failed: bool


async def study_state(
    studies: StudyService,
    cached: Study | None,
    articles: Sequence[Article],
    stored: dict[str, AnalyzedArticle],
    wait: float,
    compare: bool = True,
) -> StudyState:
    if cached is not None:
        return StudyState(cached, None, False)
    job = studies.request(articles, stored, compare=compare)
    try:
        study = await studies.wait(job, wait)
    except Exception:  # noqa: BLE001 - logged by the service; the page says it failed
        return StudyState(None, None, True)
    return StudyState(study, None if study else job.progress.describe(), False)


@dataclass(frozen=True)
class ComparisonViews:
    matrix: views.Matrix | None
    conflicts: list[views.ConflictView]
    quotes: list[views.QuoteView]
    sourcing: list[views.SourcingRow]


def comparison_views(web: WebContext, study: Study) -> ComparisonViews:
    """The parts of a story page that depend only on its comparison, built once per study
    (the quote diffs are the costly part) and kept as long as the study is."""
    with web.view_lock:
        found = web.view_cache.get(study.key)
        if found is not None and found[0] is study:
            web.view_cache.move_to_end(study.key)
            return found[1]
    comparison = study.comparison
    built = ComparisonViews(
        views.claim_matrix(comparison) if comparison else None,
        views.conflict_views(comparison) if comparison else [],
        views.quote_views(comparison) if comparison else [],
        views.sourcing_rows(comparison, study.analyses.values()),
    )
    with web.view_lock:
        web.view_cache[study.key] = (study, built)
        while len(web.view_cache) > web.settings.cache_studies:
            web.view_cache.popitem(last=False)
    return built


def _int(value: str | None, default: int) -> int:
    try:
        return max(1, int(value)) if value else default
    except ValueError:
        return default


@router.get("/", response_class=HTMLResponse)
async def stories_page(request: Request, q: str = "", field: str = "any", sort: str = "size", page: str | None = None) -> HTMLResponse:
    web: WebContext = context(request)
    field = field if field in SEARCH_FIELDS else "any"
    sort = sort if sort in views.SORTS else "size"
    q = q[:200]
    listing = await run_in_threadpool(load_stories, web.reads, q, field, sort)
    per_page = web.settings.stories_per_page
    pages = max(1, math.ceil(len(listing.rows) / per_page))
    number = min(_int(page, 1), pages)
    shown = listing.rows[(number - 1) * per_page : number * per_page]

    def page_href(n: int) -> str:
        return "/?" + urlencode({"q": q, "field": field, "sort": sort, "page": n})

    return web.page(
        request,
        "stories.html",
        listing=listing,
        rows=shown,
        q=q,
        field=field,
        sort=sort,
        fields=SEARCH_FIELDS,
        sorts=views.SORTS,
        page_number=number,
        pages=pages,
        prev_href=page_href(number - 1) if number > 1 else None,
        next_href=page_href(number + 1) if number < pages else None,
    )


@router.get("/unassigned", response_class=HTMLResponse)
async def unassigned_page(request: Request) -> HTMLResponse:
    web = context(request)
    articles = await run_in_threadpool(load_unassigned, web.reads)
    return web.page(request, "unassigned.html", articles=articles)


@router.get("/stories/{story_id}", response_class=HTMLResponse)
async def story_page(request: Request, story_id: str) -> HTMLResponse:
    web = context(request)
    data = await run_in_threadpool(load_story, web.reads, story_id, web.studies.cached)
    state = await study_state(web.studies, data.cached, data.articles, data.stored, web.settings.page_wait_seconds)

    def build() -> dict:
        if state.study is not None:
            found = comparison_views(web, state.study)
        else:
            found = ComparisonViews(None, [], [], views.sourcing_rows(None, data.stored.values()))
        return dict(
            story=data.story,
            row=views.story_row(data.story, data.meta),
            articles=views.article_rows(data.story.article_ids, data.meta, data.story.copies),
            state=state,
            note=state.study.note if state.study else None,
            left_out=state.study.comparison.left_out if state.study and state.study.comparison else (),
            matrix=found.matrix,
            conflicts=found.conflicts,
            quotes=found.quotes,
            sourcing=found.sourcing,
            copies=views.copy_views(data.story.copies, data.meta),
            refresh=web.settings.refresh_seconds if state.progress else None,
        )

    values = await run_in_threadpool(build)
    return await run_in_threadpool(lambda: web.page(request, "story.html", **values))


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: str) -> HTMLResponse:
    web = context(request)
    data = await run_in_threadpool(load_article, web.reads, article_id, web.studies.cached)
    state = await study_state(
        web.studies, data.cached, data.members, data.stored, web.settings.page_wait_seconds, compare=data.story is not None
    )

    def build() -> dict:
        analyzed = state.study.analyses.get(data.article.id) if state.study else data.stored.get(data.article.id)
        comparison = state.study.comparison if state.study else None
        story_id = data.story.id if data.story else None
        claims = views.article_claims(analyzed, data.article, comparison, story_id)
        return dict(
            article=data.article,
            title=data.article.title or opening_words(data.article.text),
            story_title=views.story_row(data.story, data.meta).title if data.story else None,
            analyzed=analyzed,
            story=data.story,
            state=state,
            claims=claims,
            attributions=views.attribution_rows(analyzed),
            sourcing=views.kind_bar(analyzed.sourcing.counts) if analyzed and analyzed.sourcing else (),
            copy=views.copy_relation(data.article.id, data.story.copies, data.meta) if data.story else None,
            refresh=web.settings.refresh_seconds if state.progress else None,
        )

    values = await run_in_threadpool(build)
    return await run_in_threadpool(lambda: web.page(request, "article.html", **values))
