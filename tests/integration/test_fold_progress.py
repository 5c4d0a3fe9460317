"""Long folds say how far they are to whoever asked (``progress_to``); short ones stay silent."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.projections import generate
from engine.storage import database
from engine.storage.database import open_database
from engine.storage.location import SqliteLocation
from projections.views import catchup


def test_a_long_catch_up_and_a_rebuild_report_their_progress_and_then_the_end(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ledger.sqlite"
    events = generate(path, 6000)
    monkeypatch.setattr(catchup, "PROGRESS_FROM", 5000)
    monkeypatch.setattr(catchup, "BATCH", 1000)
    db = open_database(SqliteLocation(path), create=False)
    try:
        for fold in (catchup.catch_up, catchup.rebuild):
            seen: list[tuple[int, int]] = []
            with catchup.progress_to(lambda done, total, seen=seen: seen.append((done, total))):
                assert fold(db) == events
            assert {total for _, total in seen} == {events}
            assert [done for done, _ in seen] == sorted(done for done, _ in seen)
            assert len(seen) >= 6 and seen[-1] == (events, events)
            assert all(done < events for done, _ in seen[:-1])  # "all" only once it is committed
    finally:
        db.close()


def test_a_short_catch_up_and_a_fold_outside_the_block_report_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ledger.sqlite"
    events = generate(path, 3000)
    db = open_database(SqliteLocation(path), create=False)
    try:
        seen: list[tuple[int, int]] = []
        with catchup.progress_to(lambda done, total: seen.append((done, total))):
            assert catchup.catch_up(db) == events  # under PROGRESS_FROM
        monkeypatch.setattr(catchup, "PROGRESS_FROM", 1)
        assert catchup.rebuild(db) == events  # nobody asked
    finally:
        db.close()
    assert seen == []


def test_a_large_fold_has_a_larger_page_cache_and_gives_it_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ledger.sqlite"
    generate(path, 3000)
    monkeypatch.setattr(catchup, "PROGRESS_FROM", 1)
    db = open_database(SqliteLocation(path), create=False)
    sizes: list[int] = []

    def cache_size(done: int, total: int) -> None:  # called inside the fold's transaction
        sizes.append(db._conn.execute("PRAGMA cache_size").fetchone()[0])

    try:
        with catchup.progress_to(cache_size):
            catchup.catch_up(db)  # 3,000 events: the usual cache
            monkeypatch.setattr(catchup, "LARGE_FOLD", 1000)
            catchup.rebuild(db)
        assert db._conn.execute("PRAGMA cache_size").fetchone()[0] == -database.CACHE_KIB
    finally:
        db.close()
    assert sizes[0] == -database.CACHE_KIB and sizes[-2] == -database.LARGE_CACHE_KIB
