"""The web application: the API, the pages and their static files, behind ``cli.web.security``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from cli.web.commands import Runner

__all__ = ["THREADS", "create_app"]

HERE = Path(__file__).parent
THREADS = 8
"""Requests served at once (the rest wait their turn): reads are mostly Python, which runs one
thread at a time, so more threads only share the same time more finely; each thread keeps a
reader open (``cli.kept``), a connection of the PostgreSQL server's limited number."""


@asynccontextmanager
async def _threads(app: FastAPI) -> AsyncIterator[None]:
    import anyio.to_thread

    anyio.to_thread.current_default_thread_limiter().total_tokens = THREADS  # synchronous endpoints run there
    yield


def create_app(runner: Runner, *, token: str | None, hosts: frozenset[str]) -> FastAPI:
    """The app serving ``runner``'s ledger; ``token`` (if any) is asked of every request, and
    only the names in ``hosts`` are answered (empty: any)."""
    from cli.web import api, live, pages
    from cli.web.security import guard

    app = FastAPI(
        title="dayledger",
        summary="Your ledger of tasks, notes and appointments, as it is and as it was.",
        description="The command line's reads and writes, answering with its --json; every read takes as_of and known_at.",
        version="1",
        docs_url=None,
        redoc_url=None,
        lifespan=_threads,
    )
    app.state.runner = runner
    app.middleware("http")(guard(token, hosts))
    app.include_router(api.router)
    app.include_router(live.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    @app.exception_handler(RequestValidationError)
    async def unreadable(request: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "the request"
        return JSONResponse({"error": f"{where}: {first.get('msg', 'cannot be read')}", "exit_code": 2}, status_code=400)

    return app
