"""A PostgreSQL role that may not make temporary tables (its ``TEMP`` privilege revoked, as some
hardened servers do) can still import, rebuild and restore: large writes that would stage rows
in a temporary table go row by row instead. On the real server, in a database of its own."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from bench.import_notes import generate
from tests.conftest import PG_HOST, PG_PORT, Dayledger, _pg_connect


@contextmanager
def _database_of_its_own(prefix: str, *others: str) -> Iterator[str]:
    """A login role named ``prefix`` and a random suffix, owning a database of that name, and a
    login role more for each of ``others`` (the name plus it); all dropped afterwards."""
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    roles = [name, *(name + other for other in others)]
    with _pg_connect() as admin:
        for role in roles:
            admin.execute(f"CREATE ROLE {role} LOGIN")
        admin.execute(f"CREATE DATABASE {name} OWNER {name}")
    try:
        yield name
    finally:
        with _pg_connect() as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            for role in reversed(roles):
                admin.execute(f"DROP ROLE IF EXISTS {role}")


def _url(role: str, database: str) -> str:
    return f"postgresql://{role}@{PG_HOST}:{PG_PORT}/{database}?schema=ledger"


@pytest.fixture
def url_of_a_role_without_temp(postgres_url: str) -> Iterator[str]:  # postgres_url: skip, or fail in CI, without a server
    with _database_of_its_own("dl_notemp") as name:
        with _pg_connect() as admin:
            admin.execute(f"REVOKE TEMPORARY ON DATABASE {name} FROM PUBLIC, {name}")
        yield _url(name, name)


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


@pytest.fixture
def owner_and_reader(postgres_url: str) -> Iterator[tuple[str, str, str]]:
    """A ledger's owner role and a role that may only read it (USAGE and SELECT), in a database of their own."""
    with _database_of_its_own("dl_ro", "_r") as name:
        yield name, _url(name, name), _url(f"{name}_r", name)


def test_a_role_that_may_only_read_reads_and_is_told_in_one_line_what_it_may_not(owner_and_reader: tuple[str, str, str]) -> None:
    import psycopg

    name, owner_url, reader_url = owner_and_reader
    owner, reader = Dayledger(owner_url), Dayledger(reader_url)
    owner.run("add", "Call the plumber")
    with psycopg.connect(host=PG_HOST, port=PG_PORT, dbname=name, user=name, autocommit=True) as conn:
        conn.execute(f"GRANT USAGE ON SCHEMA ledger TO {name}_r")
        conn.execute(f"GRANT SELECT ON ALL TABLES IN SCHEMA ledger TO {name}_r")
        conn.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA ledger GRANT SELECT ON TABLES TO {name}_r")  # views remade later too
    assert [t["text"] for t in reader.json("tasks")] == ["Call the plumber"]  # the views are level: nothing to write

    refused = reader.fails("add", "Fix the sink")
    assert refused.returncode == 5 and "permission denied" in refused.stderr

    with psycopg.connect(host=PG_HOST, port=PG_PORT, dbname=name, user=name, autocommit=True) as conn:
        conn.execute("UPDATE ledger.dl_views SET version = 0 WHERE name = 'current'")  # as an older dayledger would leave them
    behind = reader.fails("tasks")
    assert behind.returncode == 5 and "the views are behind the ledger, and this role may not bring them level" in behind.stderr
    assert [t["text"] for t in owner.json("tasks")] == ["Call the plumber"]  # the owner brings them level
    assert [t["text"] for t in reader.json("tasks")] == ["Call the plumber"]


def test_a_read_only_session_is_told_its_views_are_behind(owner_and_reader: tuple[str, str, str]) -> None:
    import psycopg

    name, owner_url, reader_url = owner_and_reader
    Dayledger(owner_url).run("add", "Call the plumber")
    with psycopg.connect(host=PG_HOST, port=PG_PORT, dbname=name, user=name, autocommit=True) as conn:
        conn.execute(f"GRANT ALL ON SCHEMA ledger TO {name}_r")
        conn.execute(f"GRANT ALL ON ALL TABLES IN SCHEMA ledger TO {name}_r")
        conn.execute("UPDATE ledger.dl_views SET version = 0 WHERE name = 'current'")
    with _pg_connect() as admin:
        admin.execute(f"ALTER ROLE {name}_r SET default_transaction_read_only = on")  # as a read replica's sessions are
    behind = Dayledger(reader_url).fails("tasks")
    assert behind.returncode == 5 and "the views are behind the ledger, and this role may not bring them level" in behind.stderr
    assert "cannot execute" in behind.stderr and "file, folder or disk" not in behind.stderr  # PostgreSQL's words, not SQLite's
