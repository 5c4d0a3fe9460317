"""A report's open-task count per day (one read swept over the days) equals counting the open
tasks at each of those moments one by one, as of any moment and as known at any moment."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from engine.storage.database import open_database
from engine.storage.location import parse_location
from projections.queries.as_of import moment, valid_rows
from projections.reports.build import _open_counts
from projections.views.catchup import catch_up
from projections.views.versions import KINDS
from tests.conftest import Dayledger


@pytest.fixture(scope="module")
def ledger(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("open") / "ledger.sqlite")
    dl = Dayledger(path, tz="UTC", now="2026-05-01T12:00+00:00")
    for day in range(1, 21):
        dl.env["DAYLEDGER_NOW"] = f"2026-04-{day:02d}T20:00+00:00"  # recorded that evening: knowledge grows day by day
        dl.run("add", f"Task {day}", "--at", f"2026-04-{day:02d} 09:00")
        # some of these are refused by the rules (a cancelled task is not completed): no matter
        if day % 3 == 0:
            dl.run("done", f"Task {day - 2}", "--at", f"2026-04-{day:02d} 17:00", check=False)
        if day % 5 == 0:
            dl.run("cancel", f"Task {day - 1}", "--at", f"2026-04-{day:02d} 18:00", check=False)
        if day % 7 == 0:
            dl.run("reopen", f"Task {day - 5}", "--at", f"2026-04-{day:02d} 19:00", check=False)
    dl.env["DAYLEDGER_NOW"] = "2026-05-01T12:00+00:00"
    dl.run("undo")  # a change known for a while, then taken back
    return path


def _one_by_one(cur: object, ends: list[datetime], known_at: datetime | None) -> list[int]:
    return [len(valid_rows(cur, KINDS["Task"], "task_id", moment(e, known_at), statuses=("open",))) for e in ends]


KNOWN_AT = [None, datetime(2026, 4, 10, 12, tzinfo=UTC), datetime(2026, 5, 1, 11, 59, tzinfo=UTC), datetime(2020, 1, 1, tzinfo=UTC)]


@pytest.mark.parametrize("known_at", KNOWN_AT)
@pytest.mark.parametrize(("first", "days"), [(datetime(2026, 3, 30, tzinfo=UTC), 40), (datetime(2026, 4, 7, 8, tzinfo=UTC), 3)])
def test_swept_counts_equal_counts_one_by_one(ledger: str, known_at: datetime | None, first: datetime, days: int) -> None:
    db = open_database(parse_location(ledger), create=False)
    try:
        catch_up(db)
        ends = [first + timedelta(hours=7 * i) for i in range(days * 24 // 7)]
        with db.read() as cur:
            assert _open_counts(cur, ends, known_at) == _one_by_one(cur, ends, known_at)
            assert max(_open_counts(cur, ends, known_at)) > 0 or known_at == datetime(2020, 1, 1, tzinfo=UTC)
    finally:
        db.close()
