"""Live pages: an open page learns that the ledger changed, whoever changed it, and redraws its view.

One thread per server watches the ledger's newest event (``engine.storage.changes``): on
PostgreSQL it waits on the notice every write sends (``LISTEN``; another server, the command
line, an import), re-reading the newest position when one comes (and every few seconds anyway);
on SQLite it reads the newest position once a second, one indexed read. A write through this
server wakes it at once (``poke``). ``GET /api/changes`` is a stream of server-sent events: one
``ledger`` event, ``{"head": N}``, each time the newest position moves past what the page was
drawn at (``since``, or the stream's ``Last-Event-ID``). ``static/live.js`` listens and asks for
the view again (htmx), as the slider does.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

__all__ = ["Watch", "head_now", "poke", "router", "watch_of"]

POLL_SECONDS = 1.0
"""SQLite: how often the newest event is read."""
RECHECK_SECONDS = 5.0
"""PostgreSQL: how long to wait for a notice before reading the newest event anyway."""
KEEPALIVE_SECONDS = 15.0
"""A comment line this often keeps a quiet stream open through proxies, and finds a closed one."""

router = APIRouter(prefix="/api")
_MADE = threading.Lock()


class Watch:
    """The newest event of one ledger, kept by a thread of its own for every open page."""

    def __init__(self, location: Any) -> None:
        """``location``: the ledger's (``engine.storage.location.LedgerLocation``)."""
        self.location = location
        self.head: int | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._changed: asyncio.Event | None = None
        self._poked = threading.Event()
        self._stale = False  # this server wrote since the last read
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def current(self) -> int:
        """The newest event's position as last read; read now the first time, and after a write
        of this server (the page it goes back to then claims that write, exactly)."""
        self._start()
        if self.head is None or self._stale:
            from engine.storage.changes import newest_event, watched

            self._stale = False  # before the read: a write while it reads makes it stale again
            db = watched(self.location)
            try:
                return newest_event(db)
            finally:
                db.close()
        return self.head

    def poke(self) -> None:
        """This server just wrote: read the newest event now, not at the next poll."""
        self._stale = True
        self._poked.set()

    async def after(self, seen: int | None, timeout: float) -> int | None:
        """The newest position once it is past ``seen`` (at once if it is already), or None
        when ``timeout`` seconds pass first. Positions only grow: a watch a moment behind a
        page's own claim waits, rather than calling its older position a change."""
        self._attach(asyncio.get_running_loop())
        while self.head is None or (seen is not None and self.head <= seen):
            assert self._changed is not None
            try:
                await asyncio.wait_for(self._changed.wait(), timeout)
            except TimeoutError:
                return None
        return self.head

    def _attach(self, loop: asyncio.AbstractEventLoop) -> None:
        self._start()
        if self._loop is None:
            self._loop, self._changed = loop, asyncio.Event()

    def _start(self) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="dayledger-watch", daemon=True)
                self._thread.start()

    def _publish(self, head: int) -> None:
        if head == self.head:
            return
        self.head = head
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._wake)

    def _wake(self) -> None:  # on the server's event loop
        assert self._changed is not None
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()

    def _run(self) -> None:
        from engine.storage.changes import newest_event, notices, watched

        while True:
            try:
                db = watched(self.location)
                try:
                    if db.dialect == "postgres":
                        with notices(db.location, db.events_table) as wait:  # type: ignore[arg-type]
                            while True:
                                self._publish(newest_event(db))
                                wait(RECHECK_SECONDS)
                    while db.exists:
                        self._publish(newest_event(db))
                        self._poked.wait(POLL_SECONDS)
                        self._poked.clear()
                    self._publish(0)
                    self._poked.wait(POLL_SECONDS)  # no ledger yet: open it again once it may exist
                finally:
                    db.close()
            except Exception:  # noqa: BLE001  # the ledger out of reach for a while (a server restart): try again
                time.sleep(POLL_SECONDS * 2)


def watch_of(app: FastAPI) -> Watch:
    """The watch of the ledger ``app`` serves (made on first use)."""
    with _MADE:
        watch = getattr(app.state, "watch", None)
        if watch is None:
            watch = app.state.watch = Watch(app.state.runner.base.location)
    return watch  # type: ignore[no-any-return]


def head_now(request: Request) -> int:
    """The newest event's position, as a page about to be drawn should claim it."""
    return watch_of(request.app).current()


def poke(request: Request) -> None:
    """Tell the watch that this server just wrote."""
    watch_of(request.app).poke()


def _event(head: int) -> str:
    return f"id: {head}\nevent: ledger\ndata: {json.dumps({'head': head})}\n\n"


@router.get(
    "/changes",
    summary="Server-sent events: one 'ledger' event ({\"head\": N}) each time anyone writes to the ledger",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/event-stream": {}}, "description": "An endless stream of server-sent events."}},
)
async def changes(
    request: Request,
    since: Annotated[int | None, Query(description="The newest event position the caller has seen; without it the first event says the current one.")] = None,
) -> StreamingResponse:
    watch = watch_of(request.app)
    last = request.headers.get("last-event-id", "")
    seen: Any = int(last) if last.isdigit() else since

    async def stream() -> AsyncIterator[str]:
        nonlocal seen
        yield "retry: 2000\n\n"
        if seen is None:
            seen = await run_in_threadpool(watch.current)
            yield _event(seen)
        while True:
            head = await watch.after(seen, KEEPALIVE_SECONDS)
            if head is None:
                yield ": still here\n\n"
                continue
            seen = head
            yield _event(head)

    return StreamingResponse(stream(), media_type="text/event-stream", headers={"X-Accel-Buffering": "no"})
