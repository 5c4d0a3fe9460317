"""Facts about what the user read."""

from __future__ import annotations

from uuid import UUID

from pydantic import Field

from events.base import LedgerEvent

__all__ = ["ReadingLogged"]


class ReadingLogged(LedgerEvent):
    """A paper or article was read; arXiv papers carry their id."""

    title: str = Field(min_length=1)
    arxiv_id: str | None = None
    abstract: str | None = None
    project_id: UUID | None = None
