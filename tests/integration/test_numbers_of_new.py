"""The number ``add`` (and ``show``) prints for one task is made from the open tasks ahead of it
(``projections.queries.numbers.open_before``) rather than from the whole ordered list: it must be
the number the whole list gives (``engine.rules.numbers.Numbering``), on both backends, with a
remembered listing or without, for tasks captured in any order, several at the same moment."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from engine.rules.numbers import Numbering, number_from
from engine.storage.database import open_database
from engine.storage.location import parse_location
from projections.queries.numbers import open_before, open_task_ids
from tests.conftest import InProcess


def test_number_from_is_what_the_whole_numbering_says() -> None:
    rng = random.Random(21)
    for _ in range(2000):
        open_ids = [f"{n:032x}" for n in rng.sample(range(40), rng.randrange(1, 12))]
        seen = None if rng.random() < 0.3 else [f"{n:032x}" for n in rng.sample(range(40), rng.randrange(0, 12))]
        task = rng.choice(open_ids)
        before = open_ids[: open_ids.index(task)]
        rng.shuffle(before)  # in no particular order
        assert number_from(seen, task, before) == Numbering(seen, open_ids).number_of(task)


def test_open_before_is_the_prefix_of_the_numbering_order(ledger_url: str) -> None:
    dl = InProcess(ledger_url, now="2026-04-24T09:00:00+02:00")
    for day in (21, 20, 23, 20, 22):  # back-dated out of order; two on the same moment
        dl.run("add", f"Task of the {day}th", "--at", f"2026-04-{day} 08:00")
    dl.run("add", "Left open, then done")
    dl.run("done", "then done")
    db = open_database(parse_location(ledger_url), create=False)
    try:
        order = open_task_ids(db)
        assert len(order) == 5
        for n, task_id in enumerate(order):
            before = open_before(db, task_id)
            assert before is not None and sorted(before) == sorted(order[:n])
        with db.read() as cur:
            done = [r[0] for r in cur.execute("SELECT id FROM dl_tasks WHERE status = 'done'").fetchall()]
        assert len(done) == 1 and open_before(db, done[0]) is None
    finally:
        db.close()


def test_a_listing_remembered_by_an_older_dayledger_is_read_and_a_newer_one_not_misread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from engine.storage import seen_numbers

    monkeypatch.setenv(seen_numbers.STATE_VARIABLE, str(tmp_path / "state"))
    location = parse_location(str(tmp_path / "ledger.sqlite"))
    ids = [f"{n:032x}" for n in (7, 3, 11)]
    seen_numbers.remember(location, ids)
    assert seen_numbers.recall(location) == ids
    stored = json.loads(seen_numbers.numbers_file(location).read_text(encoding="utf-8"))
    assert "ids" not in stored  # an older dayledger finds no listing (numbers by the current order), never pieces of commas
    seen_numbers.numbers_file(location).write_text(json.dumps({"ledger": location.describe(), "ids": "".join(ids)}), encoding="utf-8")  # an older one's
    assert seen_numbers.recall(location) == ids
    seen_numbers.remember(location, [])
    assert seen_numbers.recall(location) == []
