"""Projects: found by name, started on first use, renamed and archived by events."""

from __future__ import annotations

import uuid
from uuid import UUID

from engine.rules.stamp import Stamp
from engine.rules.text import clean_text, normal_name
from events import LedgerEvent, ProjectRenamed, ProjectStarted

__all__ = ["current_name", "project_id_for", "start"]

_NAMESPACE = uuid.UUID("6f1d2a5e-4f0c-4d8e-9a53-1c1d6e0b7a10")


def project_id_for(name: str) -> UUID:
    """The id a project of this name gets when it is started: the same in every process,
    so two writers starting the same project at once conflict instead of duplicating it."""
    return uuid.uuid5(_NAMESPACE, normal_name(name))


def start(name: str, stamp: Stamp, project_id: UUID | None = None) -> list[LedgerEvent]:
    """A project comes into use."""
    clean = clean_text(name, "project name")
    return [ProjectStarted(**stamp.fields(project_id or project_id_for(clean), 1), name=clean)]


def current_name(history: list[LedgerEvent]) -> str:
    """A project's name after its events."""
    name = ""
    for e in history:
        if isinstance(e, ProjectStarted | ProjectRenamed):
            name = e.name
    return name
