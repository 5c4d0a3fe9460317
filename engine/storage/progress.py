"""How far a long piece of work is (an import, an export, a restore), for whoever asked to hear.

The work calls ``tell`` as it goes; it costs one context variable read when no one listens,
which is always the case for scripts (``cli.main`` listens only on a terminal). The listener
decides what is worth showing (``cli.output.WorkProgress``: nothing for work done within about
a second).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

__all__ = ["Step", "listening", "progress_to", "tell"]


@dataclass(frozen=True, slots=True)
class Step:
    """``done`` of ``total`` ``unit`` (files, events, lines) so far, and how many events are
    recorded (or, for an export, written); ``total`` is None when not known ahead."""

    what: str
    done: int
    total: int | None
    unit: str
    recorded: int | None = None


Listener = Callable[[Step], None]
_listener: ContextVar[Listener | None] = ContextVar("dayledger_work_progress", default=None)


@contextmanager
def progress_to(listener: Listener) -> Iterator[None]:
    """Within this block, work that ``tell``s how far it is tells ``listener``."""
    token = _listener.set(listener)
    try:
        yield
    finally:
        _listener.reset(token)


def tell(what: str, done: int, total: int | None, unit: str, recorded: int | None = None) -> None:
    """Say how far the work is (see ``Step``); nothing when no one listens."""
    listener = _listener.get()
    if listener is not None:
        listener(Step(what, done, total, unit, recorded))


def listening() -> bool:
    """Whether anyone listens: work may skip counting what only progress would show."""
    return _listener.get() is not None
