"""The local web app: `create_app` builds it, `serve` runs it (see docs/web.md)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

__all__ = ["create_app", "serve"]


def create_app(db_path: Path, allow_ingest: bool = False, settings=None) -> "FastAPI":
    from newsprism.web.app import create_app as build

    return build(db_path, allow_ingest=allow_ingest, settings=settings)


def serve(db_path: Path, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False) -> None:
    from newsprism.web.server import serve as run

    run(db_path, host=host, port=port, allow_ingest=allow_ingest)
