"""Facts about what the user read."""

from typing import Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from events.base import LedgerEvent

__all__ = ["ReadingEnriched", "ReadingLogged"]


class ReadingLogged(LedgerEvent):
    """A paper or article was read; arXiv papers carry their id."""

    title: str = Field(min_length=1)
    arxiv_id: str | None = None
    abstract: str | None = None
    project_id: UUID | None = None


class ReadingEnriched(LedgerEvent):
    """What arXiv says about a reading's paper was fetched (the next event of the reading).

    It sits beside what the note said and never replaces it. ``status`` is ``found``,
    ``withdrawn`` (arXiv lists the paper as withdrawn; the fields are its last version's) or
    ``unknown`` (arXiv has no paper with that id; only ``arxiv_id`` is set). ``fetched_from``
    is the service asked (``https://export.arxiv.org``).
    """

    arxiv_id: str = Field(min_length=1)
    status: Literal["found", "withdrawn", "unknown"]
    fetched_from: str
    title: str | None = None
    authors: tuple[str, ...] = ()
    abstract: str | None = None
    categories: tuple[str, ...] = ()
    primary_category: str | None = None
    published: AwareDatetime | None = None
    updated: AwareDatetime | None = None
    latest_version: str | None = None  # "v2"
    comment: str | None = None
    doi: str | None = None
