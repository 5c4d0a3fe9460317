"""A catch-up of views kept as they are runs the CREATE ... IF NOT EXISTS of only what is missing
(``projections.views.catchup._existing``): an index gone from a ledger is made again by the next
write, on both backends, and the views still agree with the events."""

from __future__ import annotations

from engine.storage.database import open_database
from engine.storage.location import parse_location
from projections.views.catchup import _existing
from tests.conftest import InProcess


def test_a_missing_index_is_made_again_by_the_next_write(ledger_url: str) -> None:
    dl = InProcess(ledger_url, now="2026-04-24T09:00:00+02:00")
    dl.run("add", "Water the beds", "-p", "Garden")
    db = open_database(parse_location(ledger_url), create=False)
    try:
        with db.write() as cur:
            assert {"dl_tasks", "dl_facts_command", "dl_tasks_handle"} <= _existing(cur, db)
            cur.execute("DROP INDEX dl_facts_command")  # the temporal view's, kept at its version
        with db.read() as cur:
            assert "dl_facts_command" not in _existing(cur, db)
        dl.run("add", "Buy seeds")
        with db.read() as cur:
            assert "dl_facts_command" in _existing(cur, db)
    finally:
        db.close()
    assert "views agree" in dl.run("verify").stdout
