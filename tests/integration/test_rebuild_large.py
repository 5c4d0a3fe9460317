"""Rebuilding every view from the events gives exactly the rows that catching up in small steps
built, on a large history: 20,000 generated events (late recordings, renames, moves, due dates,
moved and cancelled appointments) and then real commands on top (back-dated completions,
reopenings, edits and undos)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from bench.projections import generate
from engine.commands.ledger import Ledger
from engine.rules.errors import DayledgerError
from engine.storage.location import SqliteLocation
from projections import reads
from projections.views import catchup

TZ = ZoneInfo("Europe/Berlin")


def _views(led: Ledger) -> dict[str, list[Any]]:
    with led.db.read() as cur:
        return {
            table: sorted(map(tuple, cur.execute(f"SELECT * FROM {table}").fetchall()), key=repr)
            for view in catchup.all_views()
            for table in view.tables
        }


def _commands(led: Ledger, monkeypatch: pytest.MonkeyPatch, rng: random.Random) -> int:
    with led.db.read() as cur:
        handles = [h for (h,) in cur.execute("SELECT handle FROM dl_tasks ORDER BY id LIMIT 400").fetchall()]
    now = datetime(2027, 1, 10, 9, tzinfo=UTC)
    done = 0
    for i in range(120):
        now += timedelta(minutes=rng.randint(1, 600))
        monkeypatch.setenv("DAYLEDGER_NOW", now.isoformat())
        back = now - timedelta(days=rng.uniform(0, 3000))
        handle = rng.choice(handles)
        roll = rng.random()
        try:
            if roll < 0.25:
                led.complete_task(handle, at=back)
            elif roll < 0.4:
                led.reopen_task(handle, at=back)
            elif roll < 0.55:
                led.edit_task(handle, text=f"edited {i}", at=back)
            elif roll < 0.7:
                handles.append(led.add_task(f"new task {i}", project=rng.choice([None, "Project 1", "Garden"]), at=back)[:7])
            else:
                led.undo()
            done += 1
        except DayledgerError:
            pass  # refused by the rules: records nothing
    return done


def test_rebuild_equals_the_views_caught_up_in_small_steps(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ledger.sqlite"
    assert generate(path, 20_000) > 20_000
    led = Ledger(SqliteLocation(path), tz=TZ, views=reads)
    try:
        monkeypatch.setattr(catchup, "BATCH", 37)  # catch-ups of a few events, as after each command
        catchup.catch_up(led.db)
        assert _commands(led, monkeypatch, random.Random(5)) > 60
        monkeypatch.setattr(catchup, "BATCH", 1)  # every command split across catch-ups
        catchup.catch_up(led.db)
        stepped = _views(led)
        assert len(stepped["dl_task_versions"]) > 10_000 and stepped["dl_undone"]
        monkeypatch.setattr(catchup, "BATCH", 2000)
        catchup.rebuild(led.db)
        rebuilt = _views(led)
    finally:
        led.close()
    assert rebuilt.keys() == stepped.keys()
    for table in stepped:
        assert rebuilt[table] == stepped[table], table
