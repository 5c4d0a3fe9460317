"""Facts about commands themselves."""

from uuid import UUID

from pydantic import Field

from events.base import LedgerEvent

__all__ = ["CommandUndone"]


class CommandUndone(LedgerEvent):
    """An earlier command was undone: the events of this command (same ``command_id``) compensate
    the events of ``undone_command_id``. Its originator is the undo itself (one event, version 1)."""

    undone_command_id: UUID
    summary: str = Field(min_length=1)
