"""A PostgreSQL role that may not make temporary tables (its ``TEMP`` privilege revoked, as some
hardened servers do) can still import, rebuild and restore: large writes that would stage rows
in a temporary table go row by row instead. On the real server, in a database of its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.import_notes import generate
from tests.conftest import PG_HOST, PG_PORT, Dayledger, _pg_connect


@pytest.fixture
def url_of_a_role_without_temp(postgres_url: str) -> Iterator[str]:  # postgres_url: skip, or fail in CI, without a server
    name = f"dl_notemp_{uuid.uuid4().hex[:10]}"
    with _pg_connect() as admin:
        admin.execute(f"CREATE ROLE {name} LOGIN")
        admin.execute(f"CREATE DATABASE {name} OWNER {name}")
        admin.execute(f"REVOKE TEMPORARY ON DATABASE {name} FROM PUBLIC, {name}")
    try:
        yield f"postgresql://{name}@{PG_HOST}:{PG_PORT}/{name}?schema=ledger"
    finally:
        with _pg_connect() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            admin.execute(f"DROP ROLE IF EXISTS {name}")


def test_a_role_without_temporary_tables_imports_and_rebuilds(url_of_a_role_without_temp: str, tmp_path: Path) -> None:
    notes = tmp_path / "notes"
    generate(notes, days=40, seed=3)  # hundreds of import keys: more than COPY_FROM in one fold
    dl = Dayledger(url_of_a_role_without_temp)
    first = dl.json("import", str(notes))
    assert (first["files_imported"], first["files_failed"]) == (40, 0)
    assert first["tasks"]["new"] > 50
    events = dl.event_count()
    again = dl.json("import", str(notes), "--recheck")  # every note planned again: its import keys say it is all there
    assert (again["tasks"]["new"], again["tasks"]["carried"], again["notes"]) == (0, 0, 0)
    assert dl.event_count() == events
    dl.run("rebuild")
    report = dl.json("verify")
    assert report["ok"], report
