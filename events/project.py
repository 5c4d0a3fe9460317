"""Facts about projects."""

from pydantic import Field

from events.base import LedgerEvent

__all__ = ["ProjectArchived", "ProjectRenamed", "ProjectStarted"]


class ProjectStarted(LedgerEvent):
    """A project came into use under a name."""

    name: str = Field(min_length=1)


class ProjectRenamed(LedgerEvent):
    """The project's name changed; its tasks follow it."""

    name: str = Field(min_length=1)


class ProjectArchived(LedgerEvent):
    """The project is finished or abandoned; its history stays."""
