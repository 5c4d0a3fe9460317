"""Reading every row of a query a batch at a time gives what one fetch gives, on SQLite and on
PostgreSQL (a server-side cursor there), and a reader that stops early ends its snapshot."""

from __future__ import annotations

from engine.storage.database import open_database
from engine.storage.location import parse_location
from tests.conftest import Dayledger


def test_rows_in_batches_are_the_rows_of_one_fetch(ledger_url: str) -> None:
    dl = Dayledger(ledger_url)
    for n in range(12):
        dl.run("add", f"task {n}", "-p", "Home" if n % 2 else "Work")
    db = open_database(parse_location(ledger_url), create=False)
    try:
        with db.read() as cur:
            whole = cur.execute("SELECT * FROM dl_facts ORDER BY position").fetchall()
            tasks = cur.execute("SELECT text FROM dl_tasks WHERE text LIKE ? ORDER BY text", ("task 1%",)).fetchall()
        assert len(whole) >= 14
        for batch in (1, 5, 2000):
            assert [tuple(r) for r in db.rows("SELECT * FROM dl_facts ORDER BY position", batch=batch)] == [tuple(r) for r in whole]
        assert [tuple(r) for r in db.rows("SELECT text FROM dl_tasks WHERE text LIKE ? ORDER BY text", ("task 1%",), batch=1)] == [
            tuple(r) for r in tasks
        ]
        stopped = db.rows("SELECT * FROM dl_facts", batch=2)
        next(stopped)
        stopped.close()  # the snapshot ends: the ledger takes writes and reads as before
        dl.run("add", "after the reader stopped")
        assert any(t["text"] == "after the reader stopped" for t in dl.json("tasks"))
        with db.read() as cur:
            assert cur.execute("SELECT count(*) FROM dl_tasks").fetchone()[0] == 13
    finally:
        db.close()
