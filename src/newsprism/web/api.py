"""The JSON API under /api/: the same documents the command line writes (docs/schema.md).

- GET /api/stories                    newsprism/stories@1 (`newsprism stories --json`)
- GET /api/stories/{id}               newsprism/stories@1 holding that one story
- GET /api/stories/{id}/comparison    newsprism/comparison@1 (`newsprism compare --story ID --json`)
- GET /api/articles/{id}              newsprism/analysis@1 holding that one article
- GET /api/uploads/{job}              progress of an upload (with --allow-ingest)
The OpenAPI description is at /api/openapi.json; /api describes it as a page.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse
from starlette.concurrency import run_in_threadpool

from newsprism.errors import NotFound
from newsprism.render import json as render_json
from newsprism.web.app import context
from newsprism.web.loaders import load_article, load_stories_document, load_story
from newsprism.web.queries import SEARCH_FIELDS

router = APIRouter()

_ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "No story, article or upload with this id"},
    503: {"description": "The store is busy (an ingest is committing) or cannot be read; see Retry-After"},
}
_COMPUTING = {202: {"description": "Still computing: retry after Retry-After seconds"}}
WaitParam = Query(None, ge=0, le=600, description="Seconds to wait for the computation (default 120).")


def _computing(progress: str, retry: int) -> JSONResponse:
    return JSONResponse({"status": "computing", "progress": progress}, status_code=202, headers={"Retry-After": str(retry)})


@router.get("/api/stories", summary="All stories (newsprism/stories@1)", responses=_ERRORS, tags=["stories"])
async def api_stories(request: Request, q: str = "", field: str = "any") -> JSONResponse:
    """Every story, largest first, as `newsprism stories --json` writes it. With `q`, only
    stories having an article that matches (`field`: any, words, entity or outlet)."""
    web = context(request)

    def build() -> dict:
        from newsprism.web.queries import matching_articles

        stories, articles = load_stories_document(web.reads)
        if q.strip():
            query, where = q[:200], field if field in SEARCH_FIELDS else "any"
            matched = web.reads.read(("search", query, where), lambda store: matching_articles(store, query, where))
            stories = [s for s in stories if matched & set(s.article_ids)]
        return render_json.stories_document(stories, articles)

    return JSONResponse(await run_in_threadpool(build))


@router.get("/api/stories/{story_id}", summary="One story (newsprism/stories@1)", responses=_ERRORS, tags=["stories"])
async def api_story(request: Request, story_id: str) -> JSONResponse:
    web = context(request)
    stories, articles = await run_in_threadpool(load_stories_document, web.reads, story_id)
    return JSONResponse(render_json.stories_document(stories, articles))


@router.get(
    "/api/stories/{story_id}/comparison",
    summary="The comparison of a story (newsprism/comparison@1)",
    responses={**_ERRORS, **_COMPUTING, 409: {"description": "The story has fewer than two English articles"}},
    tags=["stories"],
)
async def api_comparison(request: Request, story_id: str, wait: float | None = WaitParam) -> JSONResponse:
    """What `newsprism compare --story ID --json` writes. Computed on first request (and kept
    in memory); answers 202 with progress if not ready within `wait` seconds."""
    from newsprism.render.comparison_json import comparison_document

    web = context(request)
    data = await run_in_threadpool(load_story, web.reads, story_id, web.studies.cached)
    study = data.cached
    if study is None:
        job = web.studies.request(data.articles, data.stored)
        study = await web.studies.wait(job, web.settings.api_wait_seconds if wait is None else wait)
        if study is None:
            return _computing(job.progress.describe(), web.settings.refresh_seconds)
    if study.comparison is None:
        return JSONResponse({"error": "No comparison", "detail": study.note}, status_code=409)
    return JSONResponse(await run_in_threadpool(comparison_document, study.comparison))


@router.get("/api/articles/{article_id}", summary="One article and its analysis (newsprism/analysis@1)", responses={**_ERRORS, **_COMPUTING}, tags=["articles"])
async def api_article(request: Request, article_id: str, wait: float | None = WaitParam) -> JSONResponse:
    """What `newsprism analyze --json` writes, for one stored article: its text, metadata,
    sentences, entities, attributions and sourcing (analysed on first request if needed)."""
    web = context(request)
    data = await run_in_threadpool(load_article, web.reads, article_id, web.studies.cached)
    analyzed = data.cached.analyses.get(article_id) if data.cached else data.stored.get(article_id)
    if analyzed is None:
        # Analysing only this article is quicker than its whole story.
        job = web.studies.request([data.article], {}, compare=False)
        study = await web.studies.wait(job, web.settings.api_wait_seconds if wait is None else wait)
        if study is None:
            return _computing(job.progress.describe(), web.settings.refresh_seconds)
        analyzed = study.analyses[article_id]
    return JSONResponse(render_json.analysis_document([analyzed]))


@router.get("/api/uploads/{job_id}", summary="Progress of an upload", responses=_ERRORS, tags=["uploads"])
async def api_upload(request: Request, job_id: str) -> JSONResponse:
    web = context(request)
    job = web.uploads.get(job_id) if web.uploads else None
    if job is None:
        raise NotFound(f"no upload {job_id!r}")
    return JSONResponse(job.document())


@router.get("/api", response_class=HTMLResponse, include_in_schema=False)
async def api_page(request: Request) -> HTMLResponse:
    web = context(request)
    schema = request.app.openapi()
    endpoints = [
        {"method": method.upper(), "path": path, "summary": op.get("summary", ""), "description": op.get("description", ""),
         "parameters": [p["name"] for p in op.get("parameters", [])]}
        for path, methods in sorted(schema.get("paths", {}).items())
        for method, op in methods.items()
    ]
    return web.page(request, "api.html", endpoints=endpoints)
