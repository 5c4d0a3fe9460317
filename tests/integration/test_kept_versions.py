"""The task versions a web server keeps in memory (``projections.queries.as_of.keep_versions``)
answer every read at a moment exactly as the indexed reads do: the same tasks, order, project
names of then, hidden (waiting, scheduled, template) and blocked/blocking marks, and the first
ones only when a limit is asked for (what a slider step asks)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from projections.queries.as_of import keep_versions
from tests.conftest import InProcess

FIELDS = Path(__file__).resolve().parents[1] / "data" / "taskwarrior" / "fields.json"


@pytest.fixture
def keeping() -> Iterator[None]:
    yield
    keep_versions(False)


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
    keep_versions(False)
    indexed = [dli.json(*words) for words in asks]
    keep_versions(True)
    kept = [dli.json(*words) for words in asks]
    for words, one, other in zip(asks, indexed, kept, strict=True):
        assert one == other, words
    assert any(t.get("blocked") for answer in indexed for t in answer if isinstance(t, dict))  # the marks were put to the test
    assert len({len(a) for a in indexed}) > 3
