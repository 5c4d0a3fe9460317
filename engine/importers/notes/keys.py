"""Import keys: one deterministic name per fact a note states, so importing twice records once.

A key is ``kind|day|...|n``: the kind of fact, the note's day, what identifies the fact on
that day (``engine.rules.text.normal_words``, so spacing, case and punctuation edits do not make a new fact),
and ``n``, the occurrence of that same text on that day (two "Dishes – done" lines are two
chores). The file's name is not part of a key: the same note imported from another folder,
or a copy of it, records nothing new.

    note|2026-04-24|do a big ride today because the weather ...|1     a free line
    sub|2026-04-24|<task words>|<sub-point words>|1                   a line under a task
    reading|2026-04-24|2604.21691|1                                   a paper
    task|2026-04-24|sbirs|re map and cluster the original narratives|1   a task line seen
    done|2026-04-24||bills|1                                          its done mark (or a journal's cancelled one)
    appt|2026-04-24||the bicycle escape ...|1                         its appointment

Tasks carry their project's normalised name ("" for none) before their words.
"""

from __future__ import annotations

import uuid
from datetime import date

__all__ = ["fact_id", "key"]

_NAMESPACE = uuid.UUID("0b6f4a8e-3c1d-4f53-9e0a-5d2b7c8e1f46")


def key(kind: str, day: date, *parts: str, n: int) -> str:
    """``kind|day|part...|n``; parts must already be normalised (no "|")."""
    return "|".join((kind, day.isoformat(), *parts, str(n)))


def fact_id(fact_key: str, attempt: int = 0) -> uuid.UUID:
    """The id of the aggregate a key creates: the same in every process, so two imports of one
    note racing each other conflict (and the loser re-plans) instead of duplicating it."""
    return uuid.uuid5(_NAMESPACE, fact_key if attempt == 0 else f"{fact_key}#{attempt}")
