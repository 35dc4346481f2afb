"""Running the app with uvicorn, bound to the loopback address unless told otherwise."""

from __future__ import annotations

import ipaddress
import logging
import sys
from pathlib import Path

from newsprism.web.settings import LOOPBACK_HOSTS, WebSettings


def is_loopback(host: str) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def settings_for_host(host: str) -> WebSettings:
    """Loopback binds accept only loopback Host headers (a DNS-rebinding guard); a server
    deliberately bound elsewhere accepts its own name too."""
    if is_loopback(host):
        return WebSettings(allowed_hosts=LOOPBACK_HOSTS + (host,))
    return WebSettings(allowed_hosts=("*",))


def serve(db_path: Path, host: str = "127.0.0.1", port: int = 8000, allow_ingest: bool = False) -> None:
    """Serve the store at `db_path` on http://host:port until interrupted."""
    import uvicorn

    from newsprism.web.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    if not is_loopback(host):
        print(
            f"warning: serving on {host}: anyone who can reach this address can read the corpus"
            + (" and add articles" if allow_ingest else ""),
            file=sys.stderr,
        )
    app = create_app(Path(db_path), allow_ingest=allow_ingest, settings=settings_for_host(host))
    shown = f"[{host}]" if ":" in host else host
    print(f"newsprism: serving {db_path} on http://{shown}:{port}/ (Ctrl-C to stop)", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False)
