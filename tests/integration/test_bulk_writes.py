"""Many rows into a table at once (``engine.storage.bulk``: COPY on PostgreSQL, from ``COPY_FROM`` rows
on), on a real SQLite file and the real PostgreSQL server: the same rows either way, all or none."""

from __future__ import annotations

import pytest

from engine.storage.bulk import COPY_FROM
from engine.storage.database import open_database
from engine.storage.location import parse_location

AWKWARD = ["plain", "tab\there", "new\nline", "back\\slash \\N", "", "ünïcødé – dash", "quote ' and \" both", "\\.", "semi;colon,comma"]


@pytest.mark.parametrize("n", [COPY_FROM - 1, COPY_FROM, COPY_FROM * 4 + 3])
def test_rows_go_in_as_they_are_however_many(ledger_url: str, n: int) -> None:
    db = open_database(parse_location(ledger_url), create=True)
    try:
        rows = [(i, AWKWARD[i % len(AWKWARD)], None if i % 5 == 0 else 2**40 + i) for i in range(n)]
        with db.write() as cur:
            cur.execute("CREATE TABLE t (k BIGINT PRIMARY KEY, text TEXT NOT NULL, big BIGINT)")
            cur.insert("t", rows)
        with db.read() as cur:
            assert [tuple(r) for r in cur.execute("SELECT k, text, big FROM t ORDER BY k").fetchall()] == rows

        again = [(k, "new " + text, big) for k, text, big in rows[::2]] + [(n + i, f"more {i}", None) for i in range(n)]
        with db.write() as cur:
            cur.insert("t", again, columns=("k", "text", "big"), skip_existing=True)
        with db.read() as cur:
            got = [tuple(r) for r in cur.execute("SELECT k, text, big FROM t ORDER BY k").fetchall()]
        assert got == rows + [(n + i, f"more {i}", None) for i in range(n)]  # the rows there already kept as they were

        with pytest.raises(ZeroDivisionError), db.write() as cur:
            cur.insert("t", [(3 * n + i, "lost", None) for i in range(n)])
            1 / 0  # noqa: B018 - a command failing after its rows were sent
        with pytest.raises(Exception, match="(?i)unique|duplicate"), db.write() as cur:
            cur.insert("t", [(3 * n + i, "lost", None) for i in range(n)] + [rows[0]])  # a key there already, not skipped
        with db.read() as cur:
            assert cur.execute("SELECT count(*) FROM t").fetchone()[0] == 2 * n  # neither left a row behind
    finally:
        db.close()
