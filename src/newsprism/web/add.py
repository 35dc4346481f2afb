"""Adding articles from the browser (only when the server runs with --allow-ingest)."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from newsprism.ingest.formats import SUPPORTED
from newsprism.web.app import WebContext, context, error_response
from newsprism.web.uploads import read_upload

router = APIRouter(include_in_schema=False)

OFF = "Adding articles from the browser is off. Start the server with `newsprism serve --allow-ingest` to turn it on."


def _limits(web: WebContext) -> dict:
    s = web.settings
    return {
        "max_files": s.max_upload_files,
        "max_file_mb": s.max_upload_file_bytes // (1024 * 1024),
        "max_request_mb": s.max_upload_request_bytes // (1024 * 1024),
        "formats": SUPPORTED,
    }


@router.get("/add", response_class=HTMLResponse)
async def add_page(request: Request) -> Response:
    web = context(request)
    if not web.allow_ingest:
        return error_response(request, 403, "Adding articles is off", OFF)
    return web.page(request, "add.html", token=web.token.value, limits=_limits(web))


@router.post("/add")
async def add_upload(request: Request) -> Response:
    web = context(request)
    if not web.allow_ingest or web.uploads is None:
        return error_response(request, 403, "Adding articles is off", OFF)
    if request.headers.get("sec-fetch-site") == "cross-site":
        return error_response(request, 403, "Upload refused", "Uploads are accepted only from this app's own page.")
    s = web.settings
    form = await read_upload(request, s.max_upload_files, s.max_upload_file_bytes, s.max_upload_request_bytes)
    if not web.token.check(form.fields.get("token")):
        return error_response(request, 403, "Upload refused", "The upload form has expired; reload the Add articles page and try again.")
    if not form.files and not form.rejected:
        return error_response(request, 400, "Nothing to add", "Choose one or more files to upload.")
    job = web.uploads.start(form)
    href = f"/add/{job.id}"
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse({"job": job.id, "href": href, "status": f"/api/uploads/{job.id}"}, status_code=202)
    return RedirectResponse(href, status_code=303)


@router.get("/add/{job_id}", response_class=HTMLResponse)
async def add_progress(request: Request, job_id: str) -> Response:
    web = context(request)
    job = web.uploads.get(job_id) if web.uploads else None
    if job is None:
        return error_response(request, 404, "Not found", "No upload with this id (uploads are forgotten when the server restarts).")
    refresh = None if job.finished else web.settings.refresh_seconds
    return web.page(request, "add_job.html", job=job, refresh=refresh)
