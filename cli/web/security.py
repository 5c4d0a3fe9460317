"""Who may use the server, and what a page may load.

- **Token**: on the loopback address a token is optional; binding any other address needs one.
  It comes from ``--token-file`` (made on first use, owner-only) or ``$DAYLEDGER_SERVE_TOKEN``;
  binding elsewhere with neither uses ``serve-token`` in dayledger's state folder. When a token
  is set every page and API call needs it: ``Authorization: Bearer TOKEN``, or once
  ``?token=TOKEN`` in a browser, which leaves an HttpOnly cookie behind.
- **CSRF**: a form carries the token of its ``dl_csrf`` cookie (double submit); a form without
  it, or with another, is refused. API writes must be JSON (``Content-Type: application/json``),
  which no other site's page can send here without the browser asking first, and is never let.
- **Host**: only the names the server was bound to (DNS rebinding finds nothing).
- **Headers**: a Content-Security-Policy allowing scripts, styles and requests from the app
  alone (no inline script, no other origin), no framing, no sniffing, no referrer.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, RedirectResponse, Response

__all__ = [
    "CSP",
    "CSRF_COOKIE",
    "TOKEN_COOKIE",
    "TOKEN_VARIABLE",
    "csrf_of",
    "form_refusal",
    "guard",
    "is_loopback",
    "load_token",
]

TOKEN_VARIABLE = "DAYLEDGER_SERVE_TOKEN"
TOKEN_COOKIE = "dl_token"
CSRF_COOKIE = "dl_csrf"
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cache-Control": "no-store",
}


def is_loopback(host: str) -> bool:
    """Whether ``host`` (an address or ``localhost``) is this machine only."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def load_token(token_file: str | None, *, required: bool) -> str | None:
    """The token the server asks for: ``$DAYLEDGER_SERVE_TOKEN``, else the token file (made with a
    new random token, readable by its owner only, when it does not exist yet); None when neither
    is given and none is ``required``."""
    from engine.rules.errors import InvalidInputError

    given = os.environ.get(TOKEN_VARIABLE)
    if given is not None:
        if len(given.strip()) < 16:
            raise InvalidInputError(f"${TOKEN_VARIABLE} is too short: give a token of at least 16 characters")
        return given.strip()
    if token_file is None:
        if not required:
            return None
        from engine.storage.seen_numbers import state_dir

        token_file = str(state_dir() / "serve-token")
    path = Path(token_file).expanduser()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(secrets.token_urlsafe(32) + "\n")
    token = path.read_text(encoding="utf-8").strip()
    if len(token) < 16:
        raise InvalidInputError(f"--token-file {path}: the token in it is too short (at least 16 characters)")
    if path.stat().st_mode & 0o077:
        raise InvalidInputError(f"--token-file {path}: others may read it; chmod 600 {path}")
    return token


def _same(given: str | None, wanted: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), wanted.encode())


def _refused(request: Request, status: int, message: str) -> Response:
    if request.url.path.startswith("/api/") or request.url.path == "/openapi.json":
        response: Response = JSONResponse({"error": message, "status": status}, status_code=status)
    else:
        response = PlainTextResponse(f"dayledger: {message}\n", status_code=status)
    response.headers.update(HEADERS)
    return response


Handler = Callable[[Request], Awaitable[Response]]


def guard(token: str | None, hosts: frozenset[str]) -> Callable[[Request, Handler], Awaitable[Response]]:
    """The middleware that checks every request (token, host, CSRF) and sets the headers."""

    async def check(request: Request, call_next: Handler) -> Response:
        started = time.perf_counter()
        host = (request.headers.get("host") or "").rsplit(":", 1)[0].strip("[]").lower()
        if hosts and host not in hosts:
            return _refused(request, 421, f"this server does not answer for the host {host!r}")
        if token is not None:
            header = request.headers.get("authorization", "")
            bearer = header[7:].strip() if header.lower().startswith("bearer ") else None
            in_query = request.query_params.get("token")
            if not (_same(bearer, token) or _same(request.cookies.get(TOKEN_COOKIE), token) or _same(in_query, token)):
                return _refused(request, 401, "a token is needed: Authorization: Bearer TOKEN, or ?token=TOKEN once in a browser")
            if in_query is not None and request.method == "GET":  # leave it in a cookie, take it out of the address
                rest = request.url.remove_query_params("token")
                response: Response = RedirectResponse(str(rest.path) + (f"?{rest.query}" if rest.query else ""), status_code=303)
                response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
                response.headers.update(HEADERS)
                return response
        fresh = CSRF_COOKIE not in request.cookies
        request.state.csrf = secrets.token_urlsafe(24) if fresh else request.cookies[CSRF_COOKIE]
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            refusal = await _cross_site(request)
            if refusal is not None:
                return _refused(request, 403, refusal)
        response = await call_next(request)
        response.headers["Server-Timing"] = f"app;dur={(time.perf_counter() - started) * 1000:.1f}"  # what bench/serve.py reads
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)  # a page may narrow its own (the report's style hash)
        if fresh and not request.url.path.startswith(("/api/", "/static/")):
            response.set_cookie(CSRF_COOKIE, request.state.csrf, httponly=True, samesite="strict")
        return response

    return check


async def _cross_site(request: Request) -> str | None:
    """Why a write may come from another site's page (None: it cannot; a page's form is checked
    for its CSRF token where it is read, ``form_refusal``)."""
    origin = request.headers.get("origin")
    if origin is not None and origin != "null" and origin.split("://", 1)[-1] != request.headers.get("host"):
        return f"a write from another origin ({origin}) is refused"
    if request.url.path.startswith("/api/") and request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return "an API write must be JSON (Content-Type: application/json)"
    return None


def form_refusal(request: Request, form: Any) -> Response | None:
    """The refusal of a posted form that does not carry the CSRF token of its cookie (None: it does)."""
    cookie = request.cookies.get(CSRF_COOKIE)
    given = form.get("csrf")
    if cookie is None or not isinstance(given, str) or not _same(given, cookie):
        return _refused(request, 403, "the form has no valid CSRF token; reload the page and try again")
    return None


def csrf_of(request: Request) -> str:
    """The CSRF token a page's forms carry (its cookie's, or the new one the response sets)."""
    return str(request.state.csrf)
