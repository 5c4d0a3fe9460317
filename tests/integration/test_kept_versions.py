"""The task versions a web server keeps in memory (``projections.queries.as_of.keep_versions``)
answer every read at a moment exactly as the indexed reads do: the same tasks, order, project
names of then, hidden (waiting, scheduled, template) and blocked/blocking marks, and the first
ones only when a limit is asked for (what a slider step asks)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from projections.queries.as_of import keep_versions
from tests.conftest import InProcess

FIELDS = Path(__file__).resolve().parents[1] / "data" / "taskwarrior" / "fields.json"


@pytest.fixture
def keeping() -> Iterator[None]:
    yield
    keep_versions(False)



def both_ways(dli: InProcess, asks: list[list[str]]) -> list[Any]:
    """Each read's answer through the indexes and from the kept versions, asserted equal: the answers."""
    keep_versions(False)
    indexed = [dli.json(*words) for words in asks]
    keep_versions(True)
    kept = [dli.json(*words) for words in asks]
    for words, one, other in zip(asks, indexed, kept, strict=True):
        assert one == other, words
    return kept

def test_kept_versions_answer_as_the_indexed_reads(dli: InProcess, keeping: None) -> None:
    dli.env["DAYLEDGER_NOW"] = "2026-12-08T10:00+01:00"
    dli.json("import", "--from", "taskwarrior", str(FIELDS))
    for n in range(8):
        dli.run("add", "--at", f"{n + 2} days ago", f"Task {n}", *(["project:Home"] if n % 3 else []), *(["due:2026-12-10"] if n % 2 else []))
    dli.env["DAYLEDGER_NOW"] = "2026-12-09T10:00+01:00"
    dli.run("edit", "Task 1", "project:Garden")
    dli.run("done", "Plan the trip")
    dli.env["DAYLEDGER_NOW"] = "2027-02-01T12:00+01:00"  # after every wait and scheduled date
    asks = [
        ["tasks", f"--status={status}", *limit, f"--as-of={at}"]
        for at in ("2026-12-01", "2026-12-08 12:00", "2026-12-09 12:00", "2027-01-11 12:00", "2027-01-20")
        for status in ("open", "all", "done")
        for limit in ([], ["--limit=1"], ["--limit=3"], ["--limit=500"])
    ] + [["agenda", "--days=7", f"--from={at}", f"--as-of={at}"] for at in ("2026-12-05", "2026-12-09", "2027-01-11")]
    answers = both_ways(dli, asks)
    assert any(t.get("blocked") for answer in answers for t in answer if isinstance(t, dict))  # the marks were put to the test
    assert len({len(a) for a in answers}) > 3


def test_kept_versions_of_closed_and_reopened_tasks_answer_as_the_indexed_reads(dli: InProcess, keeping: None) -> None:
    """The kept versions are grouped by status, so that the open tasks' read walks past no closed
    one: a task done, reopened and done again, and one cancelled and reopened, are shown at each
    moment with the status they had then, in their place among the others."""
    dli.env["DAYLEDGER_NOW"] = "2026-12-01T09:00+01:00"
    for n in range(6):
        dli.run("add", "--at", f"{6 - n} days ago", f"Chore {n}", *(["project:Home"] if n % 2 else []), *(["due:2026-12-20"] if n < 3 else []))
    dli.env["DAYLEDGER_NOW"] = "2026-12-03T09:00+01:00"
    dli.run("done", "Chore 0", "Chore 1")
    dli.run("cancel", "Chore 4")
    dli.env["DAYLEDGER_NOW"] = "2026-12-05T09:00+01:00"
    dli.run("reopen", "Chore 0", "Chore 4")
    dli.env["DAYLEDGER_NOW"] = "2026-12-07T09:00+01:00"
    dli.run("done", "Chore 0")
    dli.env["DAYLEDGER_NOW"] = "2026-12-10T12:00+01:00"
    moments = ("2026-12-02 12:00", "2026-12-04 12:00", "2026-12-06 12:00", "2026-12-08 12:00")
    asks = [
        ["tasks", f"--status={status}", *limit, f"--as-of={at}"]
        for at in moments
        for status in ("open", "done", "cancelled", "all")
        for limit in ([], ["--limit=1"], ["--limit=2"])
    ] + [["agenda", "--days=30", f"--from={at}", f"--as-of={at}"] for at in moments]
    kept = both_ways(dli, asks)

    def open_texts(at: str) -> list[str]:
        return [t["text"] for t in kept[asks.index(["tasks", "--status=open", f"--as-of={at}"])]]

    assert open_texts(moments[0]) == ["Chore 0", "Chore 2", "Chore 4", "Chore 1", "Chore 3", "Chore 5"]
    assert open_texts(moments[1]) == ["Chore 2", "Chore 3", "Chore 5"]
    assert open_texts(moments[2]) == ["Chore 0", "Chore 2", "Chore 4", "Chore 3", "Chore 5"]
    assert open_texts(moments[3]) == ["Chore 2", "Chore 4", "Chore 3", "Chore 5"]
