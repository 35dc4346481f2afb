"""What keeps article content inert and the local server private.

- Links: only http(s) URLs from article metadata become hrefs (`safe_href`); anything else
  (javascript:, data:, relative paths, control characters) is shown as text.
- Headers: a Content-Security-Policy allowing scripts, styles and images only from this
  server (no inline script, no inline style, no eval), plus nosniff, no referrer, no framing.
- Host check: only loopback host names are accepted unless the server was bound elsewhere, so
  a web page cannot reach the app through DNS rebinding.
- Uploads carry a per-process token, so another site cannot post files through the browser.
"""

from __future__ import annotations

import hmac
import re
import secrets
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self'",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def safe_href(url: str | None) -> str | None:
    """`url` if it is an absolute http(s) URL with a host, else None."""
    if not url or _CONTROL.search(url.strip()):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


class SecurityHeaders:
    """ASGI middleware adding the headers above to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                extra = [h for h in SECURITY_HEADERS if h[0] not in names]
                message = {**message, "headers": list(message.get("headers", [])) + extra}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class UploadToken:
    """A random token the upload form carries; posts without it are refused."""

    def __init__(self) -> None:
        self.value = secrets.token_urlsafe(24)

    def check(self, presented: str | None) -> bool:
        return presented is not None and hmac.compare_digest(presented.encode(), self.value.encode())
