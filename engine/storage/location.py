"""Where the ledger lives: a SQLite file (the default) or a PostgreSQL database.

``--ledger LOCATION`` or ``DAYLEDGER_LEDGER``: a path means a SQLite file (created with its
folder on first write); ``postgresql://user[:password]@host[:port]/db[?schema=name]`` means
PostgreSQL. Without either, the ledger is ``dayledger/ledger.sqlite`` in the user's data
directory (XDG on Linux).
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote, urlsplit

from engine.rules.errors import InvalidInputError

if TYPE_CHECKING:
    from engine.storage.keys import LedgerKey

__all__ = ["LedgerLocation", "PostgresLocation", "SqliteLocation", "default_ledger_path", "demo_ledger_path", "parse_location", "refuse_output_over_ledger", "remove_sqlite_files", "sqlite_files"]

_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")  # lower case: PostgreSQL folds unquoted names, the library quotes them


@dataclass(frozen=True)
class SqliteLocation:
    """A ledger in one SQLite file; ``key`` opens it when it is encrypted (engine.storage.keys);
    ``chain_key`` links its keyed chain (engine.storage.chain)."""

    path: Path
    key: LedgerKey | None = field(default=None, compare=False, repr=False)
    chain_key: LedgerKey | None = field(default=None, compare=False, repr=False)

    def describe(self) -> str:
        return str(self.path)


@dataclass(frozen=True)
class PostgresLocation:
    """A ledger in a PostgreSQL database (and schema)."""

    host: str
    port: int
    dbname: str
    user: str
    password: str
    schema: str
    chain_key: LedgerKey | None = field(default=None, compare=False, repr=False)

    def describe(self) -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}?schema={self.schema}"


LedgerLocation = SqliteLocation | PostgresLocation

def sqlite_files(path: Path) -> tuple[Path, ...]:
    """A SQLite database file and the files SQLite keeps beside it (WAL, shared memory, journal)."""
    return tuple(Path(f"{path}{suffix}") for suffix in ("", "-wal", "-shm", "-journal"))


def remove_sqlite_files(path: Path) -> None:
    """Delete a SQLite database file and those beside it, whichever exist."""
    for file in sqlite_files(path):
        file.unlink(missing_ok=True)


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): compare where they lead
        return os.path.realpath(a) == os.path.realpath(b)


def refuse_output_over_ledger(location: LedgerLocation, out: Path) -> None:
    """InvalidInputError when writing ``out`` (an export, a report) would overwrite the ledger."""
    if not isinstance(location, SqliteLocation):
        return
    for file in sqlite_files(location.path):
        if _same_file(out, file):
            suffix = file.name[len(location.path.name) :]
            what = "the ledger" if not suffix else f"the ledger's {suffix[1:]} file"
            raise InvalidInputError(f"--out {out} is {what} ({file}); write it elsewhere (the ledger was left untouched)")


def default_ledger_path() -> Path:
    """``dayledger/ledger.sqlite`` in the user's data directory."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("dayledger", appauthor=False)) / "ledger.sqlite"


def demo_ledger_path() -> Path:
    """``dayledger/demo.sqlite`` in the user's data directory: the demo's own ledger, beside the
    default one and never it, so trying dayledger leaves the user's ledger empty."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("dayledger", appauthor=False)) / "demo.sqlite"


def parse_location(value: str | None) -> LedgerLocation:
    """The ledger named by ``value`` (a path or a postgresql:// URL), or the default one."""
    if value is None or value == "":
        value = os.environ.get("DAYLEDGER_LEDGER") or ""
    if not value:
        return SqliteLocation(default_ledger_path())
    if value.startswith(("postgresql://", "postgres://")):
        return _parse_postgres_url(value)
    if "://" in value:
        raise InvalidInputError(f"ledger {value!r}: only file paths and postgresql:// URLs are supported")
    return SqliteLocation(Path(value).expanduser())


def _parse_postgres_url(url: str) -> PostgresLocation:
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    dbname = unquote(parts.path.lstrip("/")) or "postgres"
    schema = query.get("schema", ["public"])[0]
    if not _SCHEMA_NAME.match(schema):
        raise InvalidInputError(f"ledger {url!r}: schema must be a plain lower-case identifier (letters, digits, _), got {schema!r}")
    try:
        port = parts.port or 5432
    except ValueError:
        raise InvalidInputError(f"ledger {url!r}: the port is not a number") from None
    return PostgresLocation(
        host=parts.hostname or "localhost",
        port=port,
        dbname=dbname,
        user=unquote(parts.username or "") or os.environ.get("PGUSER", "postgres"),
        password=unquote(parts.password or "") or os.environ.get("PGPASSWORD", ""),
        schema=schema,
    )
