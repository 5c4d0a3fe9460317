"""Property: the task list read column by column (``projections.queries.task_list``) holds exactly what
the task rows (``projections.queries.current``) hold, in the same groups and order, for any tasks, any
statuses and any project filter."""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from engine.commands.ledger import Ledger
from engine.storage.location import SqliteLocation
from projections import reads
from projections.queries.current import list_tasks
from projections.queries.task_list import TaskColumns, columns_of, task_columns
from projections.views.catchup import catch_up

TZ = ZoneInfo("America/New_York")
NOW = datetime(2026, 4, 26, 10, 0, 0, 500_000, tzinfo=TZ)
PROJECTS = st.sampled_from([None, "Home", "home ", "Zeta", "Ärger", "a"])
# From seconds before "now" to years before, with microseconds: every age unit and its edges.
AGES = st.builds(
    lambda s, us: timedelta(seconds=s, microseconds=us),
    st.one_of(st.integers(-90, 4000), st.integers(3590, 90_000), st.integers(86_000, 10**8)),
    st.sampled_from([0, 1, 499_999, 500_000, 999_999]),
)
TASK = st.tuples(
    st.sampled_from(["Bills", "Dishes", "Ünïcödé – task", "x"]),
    PROJECTS,
    st.lists(st.sampled_from(["a", "b", "q\"uote", "ü"]), max_size=3, unique=True),
    st.one_of(st.none(), st.integers(-3, 30).map(lambda d: NOW + timedelta(days=d, hours=d % 3))),
    AGES,
    st.sampled_from(["open", "open", "done", "cancelled"]),
)
FIELDS = ("project", "handles", "statuses", "age_seconds", "carried", "due", "tags", "texts")


def _plain(groups: list[TaskColumns]) -> list[tuple[object, ...]]:
    return [tuple(list(getattr(g, f)) if f != "project" else g.project for f in FIELDS) for g in groups]


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TASK, max_size=12))
def test_columns_hold_what_the_task_rows_hold(tasks: list[tuple[object, ...]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        book = Ledger(SqliteLocation(Path(folder) / "ledger.sqlite"), tz=TZ, views=reads)
        try:
            for text, project, tags, due, age, status in tasks:
                task_id = book.add_task(str(text), project=project, tags=tags, due=due, at=NOW - age)  # type: ignore[arg-type, operator]
                if status == "done":
                    book.complete_task(task_id, at=NOW + timedelta(minutes=5))
                elif status == "cancelled":
                    book.cancel_task(task_id, at=NOW + timedelta(minutes=5))
            catch_up(book.db)
            for statuses in (("open",), ("done",), ("open", "done", "cancelled")):
                for project in (None, "home", "Zeta", "nothing"):
                    for now in (NOW, NOW.astimezone(UTC)):
                        rows = list_tasks(book.db, TZ, statuses=statuses, project=project)
                        assert _plain(task_columns(book.db, TZ, now, statuses=statuses, project=project)) == _plain(columns_of(rows, now))
        finally:
            book.close()


def test_ages_are_whole_seconds_since_capture() -> None:
    with tempfile.TemporaryDirectory() as folder:
        book = Ledger(SqliteLocation(Path(folder) / "ledger.sqlite"), tz=TZ, views=reads)
        try:
            book.add_task("a", at=NOW - timedelta(seconds=59, microseconds=999_999))
            book.add_task("b", at=NOW - timedelta(days=3, seconds=1))
            book.add_task("c", project="P", at=NOW + timedelta(seconds=30))  # captured "later" than now
            catch_up(book.db)
            [none, p] = task_columns(book.db, TZ, NOW)
            assert list(none.age_seconds) == [3 * 86400 + 1, 59] and list(none.texts) == ["b", "a"]
            assert p.project == "P" and list(p.age_seconds) == [-30]
        finally:
            book.close()
