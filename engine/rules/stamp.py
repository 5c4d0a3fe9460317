"""The common part of every event a command records: its times, its source, its command."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from events import Source

__all__ = ["Stamp"]


@dataclass(frozen=True)
class Stamp:
    """When the command's facts happened and were recorded, where they came from, and the command."""

    occurred_at: datetime
    recorded_at: datetime
    source: Source
    command_id: UUID

    def fields(self, originator_id: UUID, version: int) -> dict[str, Any]:
        """The base fields of one event of this command."""
        return {
            "originator_id": originator_id,
            "originator_version": version,
            "occurred_at": self.occurred_at,
            "recorded_at": self.recorded_at,
            "source": self.source,
            "command_id": self.command_id,
        }
