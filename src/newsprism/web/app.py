"""The FastAPI application: pages, the JSON API, uploads, and how errors look.

`create_app` wires the parts; the routes live in pages.py, api.py and add.py. Every error a
user can cause (an unknown id, a wrong path, a busy store) is answered with a short page (or
JSON under /api/) and the right status; an unexpected error is logged and answered with a
plain 500 page, never a traceback.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from newsprism import __version__ as newsprism_version
from newsprism.errors import NotFound, StoreError
from newsprism.web.access import StoreBusy, StoreGate, StoreMissing
from newsprism.web.compute import StudyService
from newsprism.web.ingest_jobs import UploadService
from newsprism.web.loaders import Reads
from newsprism.web.security import SecurityHeaders, UploadToken
from newsprism.web.settings import WebSettings
from newsprism.web.templating import make_environment
from newsprism.web.uploads import UploadRejected

log = logging.getLogger("newsprism.web")
STATIC_DIR = Path(__file__).parent / "static"


@dataclass
class WebContext:
    db_path: Path
    allow_ingest: bool
    settings: WebSettings
    gate: StoreGate
    reads: Reads
    studies: StudyService
    uploads: UploadService | None
    env: Environment
    token: UploadToken
    # Story page parts built from a study, by study key (see pages.comparison_views).
    view_cache: OrderedDict = field(default_factory=OrderedDict)
    view_lock: threading.Lock = field(default_factory=threading.Lock)

    def page(self, request: Request, template: str, status: int = 200, headers: dict | None = None, **values) -> HTMLResponse:
        html = self.env.get_template(template).render(
            allow_ingest=self.allow_ingest, db_name=self.db_path.name, version=newsprism_version, **values
        )
        return HTMLResponse(html, status_code=status, headers=headers)


def context(request: Request) -> WebContext:
    return request.app.state.web


def _wants_json(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return request.url.path.startswith("/api/") or ("application/json" in accept and "text/html" not in accept)


def error_response(request: Request, status: int, title: str, message: str, headers: dict | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": title, "detail": message}, status_code=status, headers=headers)
    return context(request).page(request, "error.html", status=status, headers=headers, title=title, message=message, status_code=status)


def _install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code == 404:
            return error_response(request, 404, "Not found", "There is no page at this address.")
        if exc.status_code == 405:
            return error_response(request, 405, "Method not allowed", "This address does not accept that request.")
        detail = exc.detail if isinstance(exc.detail, str) else "The request could not be served."
        return error_response(request, exc.status_code, "Request refused", detail)

    @app.exception_handler(RequestValidationError)
    async def bad_parameters(request: Request, exc: RequestValidationError) -> Response:
        names = sorted({".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors()})
        return error_response(request, 422, "Bad parameters", "Check these parameters: " + ", ".join(n for n in names if n))

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return error_response(request, 404, "Not found", "No story or article with this id is in the store.")

    @app.exception_handler(StoreBusy)
    async def busy(request: Request, exc: StoreBusy) -> Response:
        return error_response(
            request,
            503,
            "The store is busy",
            "An ingest is writing to the store right now. Retry in a few seconds.",
            headers={"Retry-After": "2"},
        )

    @app.exception_handler(StoreMissing)
    async def missing(request: Request, exc: StoreMissing) -> Response:
        return error_response(request, 404, "Not found", "The store is empty: nothing has been ingested yet.")

    @app.exception_handler(StoreError)
    async def unreadable(request: Request, exc: StoreError) -> Response:
        return error_response(request, 503, "The store cannot be read", str(exc))

    @app.exception_handler(UploadRejected)
    async def rejected(request: Request, exc: UploadRejected) -> Response:
        return error_response(request, exc.status, "Upload refused", str(exc))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("error serving %s", request.url.path, exc_info=exc)
        return error_response(request, 500, "Something went wrong", "The error was logged on the server.")


def create_app(db_path: Path, allow_ingest: bool = False, settings: WebSettings | None = None) -> FastAPI:
    """The web app over the store at `db_path`. Uploads are accepted only with
    `allow_ingest`. The store is opened per request, never held (see docs/web.md)."""
    from newsprism.web import add, api, pages

    settings = settings or WebSettings()
    gate = StoreGate(
        Path(db_path),
        wait_seconds=settings.store_wait_seconds,
        max_hold_seconds=settings.max_hold_seconds,
        yield_gap_seconds=settings.yield_gap_seconds,
    )
    studies = StudyService(
        gate, cache_size=settings.cache_studies, analysis_cache_size=settings.cache_analyses,
        max_articles=settings.compare_max_articles,
    )
    web = WebContext(
        db_path=Path(db_path),
        allow_ingest=allow_ingest,
        settings=settings,
        gate=gate,
        reads=Reads(gate),
        studies=studies,
        uploads=UploadService(gate, studies) if allow_ingest else None,
        env=make_environment(),
        token=UploadToken(),
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        studies.shutdown()

    app = FastAPI(
        title="newsprism",
        version=newsprism_version,
        description="Stories, comparisons and analyses of a newsprism corpus store, as the "
        "JSON documents the command line writes (docs/schema.md).",
        docs_url=None,  # Swagger UI and ReDoc load their assets from a CDN
        redoc_url=None,
        openapi_url="/api/openapi.json",
        lifespan=lifespan,
    )
    app.state.web = web
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(settings.allowed_hosts))
    app.add_middleware(SecurityHeaders)
    _install_error_pages(app)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(pages.router)
    app.include_router(add.router)
    app.include_router(api.router)
    return app
