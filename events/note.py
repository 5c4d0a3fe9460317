"""Facts about notes."""

from typing import Any
from uuid import UUID

from pydantic import Field

from events.base import LedgerEvent

__all__ = ["NoteRecorded"]


class NoteRecorded(LedgerEvent):
    """A free-form note was written down, optionally in a project or about a task.

    Version 2 renamed v1's ``body`` to ``text`` and added ``project_id`` and ``task_id``.
    """

    class_version = 2

    text: str = Field(min_length=1)
    project_id: UUID | None = None
    task_id: UUID | None = None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """v1 stored the text as ``body`` and had no project or task."""
        state["text"] = state.pop("body")
        state.setdefault("project_id", None)
        state.setdefault("task_id", None)
