"""A report as JSON: every number, in the shape documented in docs/report-schema.md."""

from __future__ import annotations

import json
from typing import Any

from projections.reports.model import AppointmentLine, Counts, Report, TaskLine

__all__ = ["SCHEMA", "render", "to_json"]

SCHEMA = "dayledger.report/1"


def _task(t: TaskLine) -> dict[str, Any]:
    return {
        "id": t.id, "handle": t.id[:7], "text": t.text, "project": t.project, "captured_at": t.captured_at.isoformat(),
        "at": t.at.isoformat(), "open_days": t.open_days, "carried": t.carried,
    }


def _appointment(a: AppointmentLine) -> dict[str, Any]:
    return {"id": a.id, "handle": a.id[:7], "text": a.text, "starts_at": a.starts_at.isoformat(), "duration_minutes": a.duration_minutes, "project": a.project, "recurring": a.recurring, "all_day": a.all_day}


def _counts(c: Counts) -> dict[str, Any]:
    return {"completed": c.completed, "captured": c.captured, "cancelled": c.cancelled, "notes": c.notes, "readings": c.readings}


def to_json(r: Report) -> dict[str, Any]:
    """The report as JSON-ready data."""
    c = r.comparison
    head = {
        "schema": SCHEMA,
        "kind": r.kind,
        "label": r.label,
        "first_day": r.first_day.isoformat(),
        "last_day": r.last_day.isoformat(),
        "zone": r.zone,
        "as_of": r.as_of.isoformat(),
        "known_at": r.known_at.isoformat(),
    }
    if r.filter is not None:  # only in a filtered report: the whole one keeps its bytes
        head["filter"] = r.filter
    return {
        **head,
        "totals": {
            "completed": len(r.completed), "captured": len(r.captured), "cancelled": len(r.cancelled),
            "still_open": len(r.still_open), "open_at_start": r.open_at_start, "notes": len(r.notes), "readings": len(r.readings),
            "appointments_held": len(r.appointments_held), "appointments_next": len(r.appointments_next),
        },
        "completed": [_task(t) for t in r.completed],
        "captured": [_task(t) for t in r.captured],
        "cancelled": [_task(t) for t in r.cancelled],
        "still_open": [_task(t) for t in r.still_open],
        "appointments": {"held": [_appointment(a) for a in r.appointments_held], "next": [_appointment(a) for a in r.appointments_next]},
        "notes": [{"at": n.at.isoformat(), "text": n.text, "project": n.project} for n in r.notes],
        "readings": [{"at": x.at.isoformat(), "title": x.title, "arxiv_id": x.arxiv_id} for x in r.readings],
        "routines": [
            {
                "text": x.text, "project": x.project, "schedule": x.schedule, "schedule_words": x.schedule_words, "due": x.due, "done": x.done, "skipped": x.skipped,
                "missed": x.missed, "pending": x.pending, "rate": x.rate, "current_streak": x.current_streak, "longest_streak": x.longest_streak,
            }
            for x in r.routines
        ],
        "projects": [
            {"project": p.name, "completed": p.completed, "captured": p.captured, "cancelled": p.cancelled, "open_at_end": p.open_at_end}
            for p in r.projects
        ],
        "days": [
            {"day": d.day.isoformat(), "completed": d.completed, "captured": d.captured, "cancelled": d.cancelled, "open_at_end": d.open_at_end}
            for d in r.days
        ],
        "comparison": {
            "this": _counts(c.this),
            "previous": {"label": c.previous_label, **_counts(c.previous)},
            "average": {"periods": c.periods_averaged, **_counts(c.average)},
        },
    }


def render(r: Report) -> str:
    """Indented UTF-8 JSON with a final newline."""
    return json.dumps(to_json(r), ensure_ascii=False, indent=2) + "\n"
