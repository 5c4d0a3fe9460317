"""Reading the raw event stream a batch at a time gives exactly what the events table holds, on
SQLite and PostgreSQL; ``dayledger --json log`` prints it item by item as one JSON list."""

from __future__ import annotations

import json

from engine.storage.database import open_database
from engine.storage.location import parse_location
from projections.queries.stream import iter_stream, read_stream
from tests.conftest import Dayledger


def _key(pairs: list) -> list[tuple[int, str, int]]:
    return [(p, e.originator_id.hex, e.originator_version) for p, e in pairs]


def _stored(db, after: int = 0, limit: int | None = None) -> list[tuple[int, str, int]]:  # type: ignore[no-untyped-def]
    """What the events table holds after ``after`` (the newest ``limit`` of it), read with plain SQL."""
    with db.read() as cur:
        rows = cur.execute(
            f"SELECT {db.position_column}, originator_id, originator_version FROM {db.events_table} "
            f"WHERE {db.position_column} > ? ORDER BY {db.position_column}",
            (after,),
        ).fetchall()
    out = [(int(p), uid.hex if hasattr(uid, "hex") else str(uid).replace("-", ""), int(v)) for p, uid, v in rows]
    return out if limit is None else out[-limit:]


def test_batches_read_what_the_events_table_holds_for_every_limit_and_start(ledger_url: str) -> None:
    dl = Dayledger(ledger_url)
    for n in range(7):
        dl.run("add", f"task {n}")
    dl.run("done", "task 3")
    db = open_database(parse_location(ledger_url), create=False)
    try:
        whole = _stored(db)
        assert len(whole) == 8
        assert _key(read_stream(db)) == whole
        positions = [p for p, _, _ in whole]
        for batch in (1, 3, 8, 100):
            assert _key(list(iter_stream(db, batch=batch))) == whole
            for limit in (1, 2, 5, 8, 50):
                assert _key(list(iter_stream(db, limit=limit, batch=batch))) == _stored(db, limit=limit)
            for after in (0, positions[2], positions[-1]):
                assert _key(list(iter_stream(db, after=after, batch=batch))) == _stored(db, after=after)
                assert _key(list(iter_stream(db, after=after, limit=3, batch=batch))) == _stored(db, after=after, limit=3)
    finally:
        db.close()


def test_an_empty_or_missing_ledger_streams_nothing(sqlite_url: str) -> None:
    db = open_database(parse_location(sqlite_url), create=False)
    try:
        assert list(iter_stream(db)) == [] and list(iter_stream(db, limit=3)) == []
    finally:
        db.close()
    dl = Dayledger(sqlite_url)
    assert dl.run("--json", "log").stdout == "[]\n"
    assert dl.run("log").stdout == "the ledger is empty\n"


def test_json_log_is_the_indented_list_json_dumps_gives(dl_sqlite: Dayledger) -> None:
    for text in ("first", "zweite Aufgabe – mit Strich", 'quoted "text"\\and a backslash'):
        dl_sqlite.run("add", text)
    out = dl_sqlite.run("--json", "log").stdout
    entries = json.loads(out)
    assert [e["text"] for e in entries] == ["first", "zweite Aufgabe – mit Strich", 'quoted "text"\\and a backslash']
    assert out == json.dumps(entries, ensure_ascii=False, indent=2) + "\n"
    one = dl_sqlite.run("--json", "log", "-n", "1").stdout
    assert one == json.dumps(entries[-1:], ensure_ascii=False, indent=2) + "\n"
