"""Settings of the web app, with the reason for each default."""

from __future__ import annotations

from dataclasses import dataclass

from newsprism.compare.settings import CompareConfig

LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "::1", "[::1]")


@dataclass(frozen=True)
class WebSettings:
    # A page waits this long for a story's comparison before it shows a progress page that
    # refreshes itself: long enough that a cached or small story renders in one go, short
    # enough that nobody stares at a blank tab while twenty articles are parsed.
    page_wait_seconds: float = 2.0
    # JSON clients would rather wait than poll; after this they get 202 + Retry-After.
    api_wait_seconds: float = 120.0
    refresh_seconds: int = 2
    # In-memory caches. A comparison of a 20-article story holds its analyses (a few hundred
    # KB); 128 of them is well under 100 MB.
    cache_studies: int = 128
    cache_analyses: int = 4096
    stories_per_page: int = 50
    # A story page compares at most this many articles, as `compare --max-articles` does.
    compare_max_articles: int = CompareConfig.max_articles
    # Uploads (only with --allow-ingest): bounded per file, per request and in count.
    max_upload_files: int = 20
    max_upload_file_bytes: int = 10 * 1024 * 1024
    max_upload_request_bytes: int = 50 * 1024 * 1024
    # Store access (see docs/web.md, "Sharing the store with ingest"). A request waits at
    # most `store_wait_seconds` for the file before answering 503 "store is busy".
    store_wait_seconds: float = 10.0
    # Under continuous load the app would keep the file open forever and a concurrent ingest
    # would never get it: after holding it this long the app lets in-flight requests finish,
    # closes it and pauses `yield_gap_seconds` (more than two 0.1 s retries of a waiting
    # ingest). 2 s costs steady load about a tenth of its time and delays an ingest batch by at
    # most ~2 s of its 10 s lock wait.
    max_hold_seconds: float = 2.0
    yield_gap_seconds: float = 0.25
    # Host headers accepted (DNS-rebinding guard). "testserver" is FastAPI's test client.
    allowed_hosts: tuple[str, ...] = LOOPBACK_HOSTS + ("testserver",)
