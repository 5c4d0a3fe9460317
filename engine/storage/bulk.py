"""Many rows into one table at once, the quickest way each backend has.

SQLite: ``executemany`` of one prepared ``INSERT`` (in process, no round trips). PostgreSQL:
``COPY ... FROM STDIN`` from a few rows on; psycopg's ``executemany`` sends, binds and runs one
``INSERT`` per row, which was a quarter of a PostgreSQL import and more than half of a rebuild.
Rows that may be there already (``skip_existing``) are copied into a temporary table dropped at
commit, then added with ``INSERT ... SELECT ... ON CONFLICT DO NOTHING`` (one by one, as on
SQLite, for a role without the ``TEMP`` privilege).

Either way the rows go in within the caller's transaction: all of them, or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["COPY_FROM", "insert_rows"]

COPY_FROM = 50  # rows: fewer go by executemany on PostgreSQL too (COPY's extra round trips cost more)


def insert_rows(
    cursor: Any,
    table: str,
    rows: Sequence[Sequence[Any]],
    *,
    postgres: bool,
    columns: Sequence[str] = (),
    skip_existing: bool = False,
) -> None:
    """Add ``rows`` to ``table`` through a raw DB-API ``cursor`` (sqlite3's, or psycopg's).
    Each row holds every column of the table in order, or the ``columns`` named. With
    ``skip_existing`` a row whose key is in the table already is left out; ``rows`` must not
    repeat a key among themselves (which of two would be kept differs between the ways)."""
    if not rows:
        return
    names = f" ({', '.join(columns)})" if columns else ""
    if not postgres or len(rows) < COPY_FROM:
        _insert_each(cursor, table, names, rows, postgres=postgres, skip_existing=skip_existing)
        return
    if not skip_existing:
        _copy(cursor, f"{table}{names}", rows)
        return
    staging = "dl_staging_" + table.rsplit(".", 1)[-1].strip('"')
    if not _staging_table(cursor, staging, table):
        _insert_each(cursor, table, names, rows, postgres=postgres, skip_existing=skip_existing)
        return
    _copy(cursor, f"{staging}{names}", rows)
    listed = ", ".join(columns) if columns else "*"
    cursor.execute(f"INSERT INTO {table}{names} SELECT {listed} FROM {staging} ON CONFLICT DO NOTHING")
    cursor.execute(f"TRUNCATE {staging}")


def _insert_each(cursor: Any, table: str, names: str, rows: Sequence[Sequence[Any]], *, postgres: bool, skip_existing: bool) -> None:
    marks = ", ".join(["%s" if postgres else "?"] * len(rows[0]))
    skip = " ON CONFLICT DO NOTHING" if skip_existing else ""
    cursor.executemany(f"INSERT INTO {table}{names} VALUES ({marks}){skip}", rows)


def _staging_table(cursor: Any, staging: str, like: str) -> bool:
    """Make the temporary table (dropped at commit) if the role may: False when it lacks the
    ``TEMP`` privilege on the database (every role has it unless revoked), with the
    transaction unharmed."""
    from psycopg.errors import InsufficientPrivilege

    cursor.execute("SAVEPOINT dl_staging")
    try:
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {staging} (LIKE {like} INCLUDING DEFAULTS) ON COMMIT DROP")
    except InsufficientPrivilege:
        cursor.execute("ROLLBACK TO SAVEPOINT dl_staging")
        return False
    cursor.execute("RELEASE SAVEPOINT dl_staging")
    return True


def _copy(cursor: Any, target: str, rows: Sequence[Sequence[Any]]) -> None:
    with cursor.copy(f"COPY {target} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
