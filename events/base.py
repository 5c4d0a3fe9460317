"""What every event has: identity, the two times, where it came from, and the command it belongs to."""

import importlib
import sys
from datetime import datetime
from typing import Any, ClassVar
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

__all__ = ["EVENT_MODULES", "LedgerEvent", "Source", "describe_source", "event_type", "event_types"]

_EVENT_TYPES: "dict[str, type[LedgerEvent]]" = {}
EVENT_MODULES = (
    "events.appointment", "events.command", "events.note", "events.project", "events.reading",
    "events.report", "events.routine", "events.series", "events.task", "events.task_details",
)
"""Every module that defines events: the only ones a stored topic may name."""


class Source(BaseModel):
    """Where a fact came from: ``cli``, ``import`` (file, its sha256, line), ``api``, ``restore``..."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str
    file: str | None = None
    sha256: str | None = None
    line: int | None = None
    detail: str | None = None

    def describe(self) -> str:
        """A short human description: ``cli`` or ``import notes/2026-04-24.txt:17``."""
        return describe_source(self.kind, self.file, self.line, self.detail)


def describe_source(kind: str, file: str | None, line: int | None, detail: str | None) -> str:
    """``Source.describe`` of these fields (the folds read sources as plain JSON)."""
    if file:
        where = f"{file}:{line}" if line else file
        return f"{kind} {where}"
    return f"{kind} {detail}" if detail else kind


class LedgerEvent(BaseModel):
    """Base of all ledger events. Subclasses are past-tense facts and never move module.

    ``class_version`` starts at 1; a subclass that changes shape raises it and adds a static
    ``upcast_vN_vM(state: dict) -> None`` that rewrites an older stored state in place.
    """

    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)

    class_version: ClassVar[int] = 1

    originator_id: UUID
    originator_version: int = Field(ge=1)
    occurred_at: AwareDatetime
    recorded_at: AwareDatetime
    source: Source
    command_id: UUID

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        _EVENT_TYPES[f"{cls.__module__}:{cls.__qualname__}"] = cls

    @property
    def timestamp(self) -> datetime:
        """The recording time, under the name the eventsourcing library expects."""
        return self.recorded_at

    @property
    def type_name(self) -> str:
        """The event's class name, as shown to users (``TaskCompleted``)."""
        return type(self).__name__


def event_types() -> dict[str, type[LedgerEvent]]:
    """Every known event class by its stored topic (every event module imported)."""
    for module in EVENT_MODULES:
        importlib.import_module(module)
    return dict(_EVENT_TYPES)


def event_type(topic: str) -> type[LedgerEvent] | None:
    """The event class of a stored topic (``events.task:TaskCaptured``), its module imported on
    first use; None when no event module defines it (a topic never imports anything else)."""
    cls = _EVENT_TYPES.get(topic)
    if cls is None:
        module = topic.partition(":")[0]
        if module in EVENT_MODULES and module not in sys.modules:
            importlib.import_module(module)
            cls = _EVENT_TYPES.get(topic)
    return cls
