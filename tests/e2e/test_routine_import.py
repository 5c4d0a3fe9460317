"""Routines and daily notes: a routine's bullet completes its occurrence; a chore found in
imported notes becomes a routine after the fact, its past completions counting."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.conftest import Dayledger

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "notes"


def _dishes_done_days() -> set[str]:
    from engine.formats.notes.parser import parse_note

    days = set()
    for path in sorted(EXAMPLES.glob("*.txt")):
        note = parse_note(path.read_text(), name=path.name)
        for item in note.items:
            if getattr(item, "done", False) and getattr(item, "text", "").lower() == "dishes":
                days.add(note.day.isoformat())
    return days


def test_a_routine_bullet_completes_the_occurrence_instead_of_making_a_task(dl_sqlite: Dayledger) -> None:
    done_days = _dishes_done_days()
    assert done_days, "the example notes mark Dishes done on some days"
    d = Dayledger(dl_sqlite.ledger, now="2026-04-26T12:00+02:00")
    d.run("routine", "add", "Dishes", "--cron", "@daily", "--from", "2026-04-01")
    d.run("import", str(EXAMPLES))
    assert not [t for t in d.json("tasks", "--status", "all") if t["kind"] == "task" and t["text"].lower() == "dishes"]
    marks = [e for e in d.json("log") if e["type"] == "OccurrenceDone"]
    berlin = ZoneInfo("Europe/Berlin")
    assert sorted(datetime.fromisoformat(e["occurrence_at"]).astimezone(berlin).date().isoformat() for e in marks) == sorted(done_days)
    assert all(e["source"]["kind"] == "import" for e in marks)
    [stats] = d.json("routine", "stats", "dishes", "--from", "2026-04-20", "--to", "2026-04-24")
    assert stats["done"] == len(done_days)
    before = d.event_count()
    d.run("import", str(EXAMPLES))
    assert d.event_count() == before  # idempotent


def test_a_chore_in_imported_notes_becomes_a_routine_after_the_fact(dl_sqlite: Dayledger) -> None:
    done_days = _dishes_done_days()
    d = Dayledger(dl_sqlite.ledger, now="2026-04-26T12:00+02:00")
    d.run("import", str(EXAMPLES))
    events_before = d.json("log")
    assert [t for t in d.json("tasks", "--status", "done") if t["text"].lower() == "dishes"]
    d.run("routine", "add", "Dishes", "--cron", "@daily", "--from", "2026-04-20")
    [stats] = d.json("routine", "stats", "dishes", "--from", "2026-04-20", "--to", "2026-04-24")
    assert stats["done"] == len(done_days) and stats["due"] == 5
    events_after = d.json("log")
    assert events_after[: len(events_before)] == events_before  # nothing rewritten
    assert [e["type"] for e in events_after[len(events_before):]] == ["RoutineDefined"]
