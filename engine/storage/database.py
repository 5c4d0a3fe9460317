"""Opening a ledger's database: checking that it is ours, creating it on first write.

The event store itself belongs to the eventsourcing library (table ``stored_events``); this
module adds the ledger's marker (SQLite ``application_id`` and a ``dayledger_meta`` table), and
gives the read models a plain DB-API connection with the same SQL on both backends (``?``
placeholders). It imports neither eventsourcing nor pydantic, so read-only commands stay fast.
"""

from __future__ import annotations

import os
import sqlite3
import stat
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, Literal

from engine.rules.errors import LedgerError
from engine.storage.bulk import insert_rows
from engine.storage.chain import CHAIN_DDL
from engine.storage.failures import DISK_FULL, say, storage_failure
from engine.storage.file_head import Hold, hold, read_head, read_header, remember_head
from engine.storage.location import LedgerLocation, PostgresLocation, SqliteLocation, remove_sqlite_files

if TYPE_CHECKING:
    from engine.storage.keys import LedgerKey

__all__ = ["APPLICATION_ID", "NUL_SHOWN_AS", "SCHEMA_VERSION", "Cursor", "Database", "ledger_exists", "open_database", "refused_nul", "sqlite_key"]

APPLICATION_ID = 0x444C4752  # "DLGR" in the SQLite header marks a dayledger ledger
SCHEMA_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"
CONNECT_TIMEOUT_SECONDS = 3
LOCK_TIMEOUT_SECONDS = 15
# New ledgers' pages: the views' rows are a few hundred bytes, and their B-trees keep four times
# fewer pages than with SQLite's 4 KiB default. A rebuild of a million events took 34 s instead of
# 44-50 s. A ledger keeps the page size it was made with (export and restore to change it).
PAGE_SIZE = 16384
CACHE_KIB = 65536  # SQLite's page cache per connection: folds touch many indexes
LARGE_CACHE_KIB = 262144  # for folds of many events (Database.large_cache)

# Identical to eventsourcing 9.5's SQLiteApplicationRecorder table, so the library finds it made.
_SQLITE_EVENTS_DDL = (
    "CREATE TABLE IF NOT EXISTS stored_events ("
    "originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB, "
    "PRIMARY KEY (originator_id, originator_version))"
)
_META_DDL = "CREATE TABLE IF NOT EXISTS dayledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)"


NUL_SHOWN_AS = "\ufffd"  # what a view shows for a NUL character its backend cannot store


class Cursor:
    """A DB-API cursor that takes ``?`` placeholders on both backends.

    With ``replace_nul`` every text written through it has its NUL characters replaced by
    U+FFFD: for the views of a ledger whose events hold one (PostgreSQL's text cannot), so
    that derived tables never make the events unreadable (``Database.replacing_nul``)."""

    def __init__(self, raw: Any, dialect: Literal["sqlite", "postgres"], *, replace_nul: bool = False) -> None:
        self._raw = raw
        self._pg = dialect == "postgres"
        self._replace_nul = replace_nul

    def _sql(self, sql: str) -> str:
        # psycopg reads "%" as the start of a placeholder: a literal one (LIKE 'Task%') is doubled.
        return sql.replace("%", "%%").replace("?", "%s") if self._pg else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Cursor:
        self._raw.execute(self._sql(sql), _without_nul(params) if self._replace_nul else params)
        return self

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        if rows:
            self._raw.executemany(self._sql(sql), [_without_nul(r) for r in rows] if self._replace_nul else rows)

    def insert(self, table: str, rows: Sequence[Sequence[Any]], *, columns: Sequence[str] = (), skip_existing: bool = False) -> None:
        """Add many rows to one table at once (``engine.storage.bulk.insert_rows``)."""
        if self._replace_nul:
            rows = [_without_nul(r) for r in rows]
        insert_rows(self._raw, table, rows, postgres=self._pg, columns=columns, skip_existing=skip_existing)

    def fetchone(self) -> Any:
        return self._raw.fetchone()

    def fetchall(self) -> list[Any]:
        return self._raw.fetchall()

    def __iter__(self) -> Iterator[Any]:
        return iter(self._raw)


def _without_nul(row: Sequence[Any]) -> tuple[Any, ...]:
    return tuple(v.replace("\x00", NUL_SHOWN_AS) if isinstance(v, str) and "\x00" in v else v for v in row)


def refused_nul(error: BaseException) -> bool:
    """Whether ``error`` is PostgreSQL (or psycopg) refusing a NUL character in text."""
    text = str(error)
    return "NUL (0x00)" in text or "0x00" in text and getattr(error, "sqlstate", None) in ("22021", "22P05")


class Database:
    """A ledger's database as the read models and readers see it."""

    def __init__(
        self,
        location: LedgerLocation,
        connection: Any,
        dialect: Literal["sqlite", "postgres"],
        *,
        exists: bool,
        driver: ModuleType = sqlite3,
        read_only: bool = False,
        held: Hold | None = None,
    ) -> None:
        self.location = location
        self.driver = driver  # sqlite3, or sqlcipher3's dbapi2 for an encrypted ledger
        self.dialect: Literal["sqlite", "postgres"] = dialect
        self.exists = exists  # False: a ledger not created yet, read as empty
        self.read_only = read_only  # True: a ledger this process cannot write (read-only file, folder or disk)
        self._conn = connection
        self._private: Path | None = None  # the private copy read instead (use_private_copy)
        self._held = held  # the ledger file, held while this connection is open (engine.storage.file_head)
        if held is not None:
            held.tie(self)
        self._replace_nul = False  # see replacing_nul
        self.position_column = "rowid" if dialect == "sqlite" else "notification_id"
        # The library names the table after the application on PostgreSQL only.
        self.events_table = "stored_events" if dialect == "sqlite" else "dayledger_events"

    @contextmanager
    def read(self) -> Iterator[Cursor]:
        """A consistent snapshot for reading."""
        if self.dialect == "sqlite":
            cur = self._conn.cursor()
            cur.execute("BEGIN")
            try:
                yield Cursor(cur, "sqlite")
            finally:
                self._conn.rollback()
        else:
            with self._conn.transaction(), self._conn.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                yield Cursor(cur, "postgres")

    def newest_position(self, cur: Cursor | None = None) -> int:
        """The position of the newest event (0: none yet), in ``cur``'s transaction or a read of its own."""
        sql = f"SELECT COALESCE(MAX({self.position_column}), 0) FROM {self.events_table}"
        if cur is not None:
            return int(cur.execute(sql).fetchone()[0])
        with self.read() as own:
            return int(own.execute(sql).fetchone()[0])

    def rows(self, sql: str, params: Sequence[Any] = (), *, batch: int = 2000) -> Iterator[Any]:
        """Every row of a query, in one snapshot, fetched ``batch`` rows at a time: a server-side
        cursor on PostgreSQL, whose ordinary cursor would fetch them all at once. Read it to the
        end, or close it, to end the snapshot."""
        if self.dialect == "sqlite":
            with self.read() as cur:
                yield from cur.execute(sql, params)
            return
        with self._conn.transaction():
            self._conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            with self._conn.cursor(name=f"dayledger_rows_{uuid.uuid4().hex[:12]}") as cur:
                cur.itersize = batch
                cur.execute(sql.replace("?", "%s"), params)
                yield from cur

    @contextmanager
    def write(self) -> Iterator[Cursor]:
        """One exclusive transaction: all of it is committed, or none."""
        if self.dialect == "sqlite":
            cur = self._conn.cursor()
            try:
                cur.execute("BEGIN IMMEDIATE")
            except self.driver.OperationalError as e:
                raise LedgerError(f"{self.location.describe()}: {storage_failure(e, self.location) or e}") from e
            try:
                yield Cursor(cur, "sqlite", replace_nul=self._replace_nul)
            except BaseException:
                self._conn.rollback()
                raise
            self._conn.commit()
        else:
            with self._conn.transaction(), self._conn.cursor() as cur:
                yield Cursor(cur, "postgres", replace_nul=self._replace_nul)

    @contextmanager
    def replacing_nul(self) -> Iterator[None]:
        """Meanwhile, writes replace NUL characters in text by U+FFFD (``Cursor``): to fold events
        an older dayledger recorded with one into the views of a PostgreSQL ledger."""
        self._replace_nul = True
        try:
            yield
        finally:
            self._replace_nul = False

    @contextmanager
    def large_cache(self) -> Iterator[None]:
        """SQLite's page cache raised to 256 MiB meanwhile, for a fold of hundreds of thousands of
        events (a rebuild): its B-trees' hot pages stay in memory (a million events: 30-31 s
        instead of 33-35 s, peak memory 700 MiB instead of 500). Nothing to do on PostgreSQL."""
        if self.dialect != "sqlite":
            yield
            return
        (before,) = self._conn.execute("PRAGMA cache_size").fetchone()
        self._conn.execute(f"PRAGMA cache_size={-LARGE_CACHE_KIB}")
        try:
            yield
        finally:
            self._conn.execute(f"PRAGMA cache_size={int(before)}")

    def run_alone(self, sql: str) -> list[Any]:
        """One statement outside any transaction (a PRAGMA, VACUUM; SQLite only), and its rows."""
        assert self.dialect == "sqlite"
        return list(self._conn.execute(sql).fetchall())

    def use_private_copy(self) -> None:
        """Go on with a private copy of this read-only ledger, where its views can be brought
        level: a file of the user's own in the temporary folder, deleted on ``close``."""
        import tempfile

        where = self.location.describe()
        if self.driver is not sqlite3:  # a plain copy would put the ledger's contents on disk unencrypted
            raise LedgerError(
                f"ledger {where} is encrypted and read-only, and its views are behind its events: "
                "copy it (with its key) to a writable place to read it"
            )
        fd, name = tempfile.mkstemp(prefix="dayledger-", suffix=".sqlite")
        os.close(fd)
        copy = sqlite3.connect(name, isolation_level=None, timeout=LOCK_TIMEOUT_SECONDS)
        try:
            self._conn.backup(copy)
            copy.execute(f"PRAGMA cache_size={-CACHE_KIB}")
        except sqlite3.Error as e:
            copy.close()
            remove_sqlite_files(Path(name))
            raise LedgerError(f"ledger {where} is read-only and cannot be copied to {name} to read it: {storage_failure(e) or e}") from e
        self._conn.close()
        self._release()
        self._conn, self._private, self.read_only = copy, Path(name), False

    def _release(self) -> None:
        if self._held is not None:
            self._held.release()
            self._held = None

    def close(self) -> None:
        self._conn.close()
        self._release()
        if self._private is not None:
            remove_sqlite_files(self._private)
            self._private = None


def open_database(location: LedgerLocation, *, create: bool) -> Database:
    """Open (and with ``create``, initialise) the ledger at ``location``.

    A missing SQLite ledger opened without ``create`` reads as empty and no file is made.
    Anything that is not a dayledger ledger is refused with LedgerError and left untouched.
    """
    if isinstance(location, SqliteLocation):
        return _open_sqlite(location, create=create)
    return _open_postgres(location)


def _open_sqlite(location: SqliteLocation, *, create: bool) -> Database:
    refuse_non_regular(location.path)
    made = False
    if create and not location.path.exists():
        made = _create_private_file(location.path)  # made (empty) first, so that it is held before any connection
    held = hold(location.path)  # for as long as the Database lives (engine.storage.file_head)
    try:
        db = _open_sqlite_held(location, held, create=create, made=made)
    except BaseException:
        if held is not None:
            held.release()
        raise
    if not db.exists and held is not None:  # read as empty, from memory: nothing of the file is open
        held.release()
    return db


def _open_sqlite_held(location: SqliteLocation, held: Hold | None, *, create: bool, made: bool = False) -> Database:
    path = location.path
    fresh, key = _check_sqlite_file(location, made=made)
    if fresh and not create:
        conn = sqlite3.connect(":memory:", isolation_level=None)
        _create_sqlite_schema(conn)
        return Database(location, conn, "sqlite", exists=False)
    if not fresh and not create and (not _writable(path) or _disk_full(path)):
        return _open_sqlite_read_only(location, key, held)
    if fresh:
        _create_private_file(path)
    driver = _driver(key)
    try:
        conn = _connect(path, key)
        if fresh:
            if key is None:  # SQLCipher keeps its own page size (part of how the file is encrypted)
                conn.execute(f"PRAGMA page_size={PAGE_SIZE}")
            # The marker first, in the file's first write: a first write killed after it leaves
            # a file known as ours (made on by the next command); any other SQLite file without
            # tables is another program's, and refused.
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("BEGIN IMMEDIATE")
            if _sqlite_is_empty(conn):
                _create_sqlite_schema(conn)
            conn.execute("COMMIT")
            _check_sqlite_marker(conn, path)
            _making_mark(path).unlink(missing_ok=True)  # made: the file is known as ours by its own marker now
            remember_head(path, _head_of_made(conn, key))  # never read while this process has it open
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(f"PRAGMA cache_size={-CACHE_KIB}")
        if key is None:  # reads of thousands of rows straight from the OS's cache (SQLCipher cannot)
            conn.execute("PRAGMA mmap_size=268435456")
        _ensure_chain(conn)
    except driver.Error as e:
        raise LedgerError(f"cannot open ledger {path}: {storage_failure(e, location) or e}") from e
    return Database(location, conn, "sqlite", exists=True, driver=driver, held=held)


def _head_of_made(conn: Any, key: LedgerKey | None) -> bytes:
    """The head of the ledger file ``conn`` has just made (or found made, and read)."""
    if key is None:
        return SQLITE_HEADER
    from engine.storage.encrypted_sqlite import salt_in_use

    return salt_in_use(conn)


def _driver(key: LedgerKey | None) -> ModuleType:
    if key is None:
        return sqlite3
    try:
        from engine.storage.encrypted_sqlite import dbapi2
    except ImportError as e:
        raise LedgerError(f"an encrypted ledger needs SQLCipher: install the sqlcipher3-binary package ({e})") from e
    return dbapi2


def _writable(path: Path) -> bool:
    """Whether this process may write the ledger file and make its -wal and -shm files beside it
    (False on a read-only disk, and for a file made immutable or not the user's to write)."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


ROOM_TO_OPEN = 256 * 1024  # bytes: SQLite's -shm file beside a WAL ledger takes 32 KiB, more as the WAL grows


def _disk_full(path: Path) -> bool:
    """Whether the ledger's disk has no room left for what merely opening it writes (its -shm
    file): a read then opens it as on a read-only disk, rather than failing for want of room."""
    try:
        stats = os.statvfs(path.parent)
    except OSError:
        return False
    return stats.f_bavail * stats.f_frsize < ROOM_TO_OPEN


def _open_sqlite_read_only(location: SqliteLocation, key: LedgerKey | None, held: Hold | None) -> Database:
    """A ledger this process cannot write, opened for reading (its views, if behind, are brought
    level in a private copy: see Database.use_private_copy)."""
    path = location.path
    driver = _driver(key)
    try:
        conn = _connect(path, key, read_only=True)
        conn.execute(f"PRAGMA cache_size={-CACHE_KIB}")
        if key is None:
            conn.execute("PRAGMA mmap_size=268435456")
    except driver.Error as e:
        raise LedgerError(f"cannot open ledger {path}: {storage_failure(e, location) or e}") from e
    return Database(location, conn, "sqlite", exists=True, driver=driver, read_only=True, held=held)


def _connect(path: Path, key: LedgerKey | None, *, read_only: bool = False) -> Any:
    if read_only:
        return _connect_read_only(path, key)
    if key is None:
        return sqlite3.connect(path, isolation_level=None, timeout=LOCK_TIMEOUT_SECONDS)
    _driver(key)  # SQLCipher is there, or a one-line error
    from engine.storage.encrypted_sqlite import connect

    return connect(path, key, timeout=LOCK_TIMEOUT_SECONDS)


def _connect_read_only(path: Path, key: LedgerKey | None) -> Any:
    """A read-only connection. Where SQLite can make no -shm file beside the ledger (a read-only
    folder or disk, the ledger closed cleanly), the file is opened as immutable: nothing can be
    writing it there."""
    driver = _driver(key)
    conn = None
    try:
        conn = _raw_read_only(path, key, immutable=False)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # SQLite opens the file only now
        return conn
    except driver.OperationalError as e:
        if conn is not None:
            conn.close()
        full = storage_failure(e) == DISK_FULL or _disk_full(path)
        if not full and ("unable to open" not in str(e).lower() or os.access(path.parent, os.W_OK)):
            raise
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise LedgerError(
            f"cannot read ledger {path}: its folder or disk is read-only or full, and {wal.name} beside it holds changes "
            "not yet in the ledger file; copy both files to a writable place (or free some space) and read again"
        )
    return _raw_read_only(path, key, immutable=True)


def _raw_read_only(path: Path, key: LedgerKey | None, *, immutable: bool) -> Any:
    if key is None:
        target = f"file:{path}?immutable=1" if immutable else f"file:{path}?mode=ro"
        return sqlite3.connect(target, uri=True, isolation_level=None, timeout=LOCK_TIMEOUT_SECONDS)
    from engine.storage.encrypted_sqlite import connect

    return connect(path, key, timeout=LOCK_TIMEOUT_SECONDS, read_only=True, immutable=immutable)


def _create_private_file(path: Path) -> bool:
    """Make the ledger's (empty) file readable and writable by its owner only, before SQLite
    writes into it; SQLite gives its -wal and -shm files the same permissions. Whether this
    call made it. A making mark is put beside it first (``_making_mark``)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        _mark_making(path)  # removed once the first write has committed (also by another process's)
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            return False  # another process made it first, or a file was there
        return True
    except OSError as e:
        raise LedgerError(f"cannot create ledger {path}: {storage_failure(e, SqliteLocation(path)) or e.strerror}") from e


def _making_mark(path: Path) -> Path:
    """The mark a ledger's first write leaves beside the file while it makes it: the maker's
    process id. A kill between making the (empty) file and SQLite's first bytes in it leaves an
    empty ledger file and this mark, with a maker that is gone: the file is provably ours, and
    is taken as a new ledger; an empty file without it is someone else's, and refused."""
    return Path(f"{path}-dayledger-making")


def _mark_making(path: Path) -> bool:
    """Put the making mark beside ``path``; whether this process holds it (a mark of a maker
    still running is left alone; one whose maker is gone is replaced by ours)."""
    mark = _making_mark(path)
    for _ in range(2):
        try:
            fd = os.open(mark, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            maker = _maker(mark)
            if maker == os.getpid():
                return True
            if maker is not None and _running(maker):
                return False
            mark.unlink(missing_ok=True)
            continue
        try:
            os.write(fd, str(os.getpid()).encode("ascii"))
        finally:
            os.close(fd)
        return True
    return False


def _maker(mark: Path) -> int | None:
    try:
        return int(mark.read_bytes()[:20].decode("ascii"))
    except (OSError, ValueError):
        return None


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _abandoned_first_write(path: Path) -> bool:
    """Whether the empty file at ``path`` is a ledger whose first write was killed before SQLite
    wrote anything: the making mark beside it names a process that is gone."""
    maker = _maker(_making_mark(path))
    return maker is not None and maker != os.getpid() and not _running(maker)


def sqlite_key(location: SqliteLocation) -> LedgerKey | None:
    """The key that opens the SQLite ledger at ``location``: None for a plain file.

    A key given with the location is used (and refused for a plain file, which it cannot be
    meant for); without one, a file that is not plain SQLite is opened with the ledger's
    default key file when there is one.
    """
    path = location.path
    refuse_non_regular(path)  # reading a FIFO's head would block
    try:
        header = read_head(path)  # once per process: see engine.storage.file_head
    except FileNotFoundError:
        return location.key  # a new ledger is encrypted when a key was given
    except IsADirectoryError:
        raise LedgerError(f"ledger {path} is a folder, not a dayledger ledger file") from None
    except OSError as e:
        raise LedgerError(f"cannot read ledger {path}: {e.strerror}") from e
    if not header:
        return location.key
    if header == SQLITE_HEADER:
        if location.key is not None:
            raise LedgerError(f"ledger {path} is not encrypted, but a key was given ({location.key.origin}); it was left untouched")
        return None
    if location.key is not None:
        return location.key
    from engine.storage.keys import default_key_path, read_key_file

    default = default_key_path(path)
    if default.is_file():
        return read_key_file(default)
    size = path.stat().st_size
    if size >= 1024 and size % 512 == 0:  # whole pages: SQLCipher's file looks like this
        raise LedgerError(
            f"ledger {path} is encrypted (or is not a dayledger ledger): no key given "
            "(use --key-file, DAYLEDGER_KEY_FILE or DAYLEDGER_KEY); it was left untouched"
        )
    raise LedgerError(f"{path} is not a dayledger ledger (not an SQLite database); it was left untouched")


def _check_sqlite_file(location: SqliteLocation, *, made: bool = False) -> tuple[bool, LedgerKey | None]:
    """Whether the path holds no ledger yet, and the key that opens it; LedgerError for anything
    foreign. ``made``: this process has just made the (empty) file."""
    path = location.path
    key = sqlite_key(location)
    try:
        path.stat()
    except FileNotFoundError:
        return True, key
    if not made and path.stat().st_size == 0 and _abandoned_first_write(path):
        say(f"{path}: the first write of this ledger was interrupted (the command was killed) before it wrote anything; "
            "the empty file it left is taken as a new ledger")
        return True, key
    if not made and not _being_made(path):
        raise LedgerError(f"{path} is an empty file, not a dayledger ledger; it was left untouched (remove it to make a new ledger there)")
    if key is None:
        header = read_header(path)
        if len(header) >= 72 and header.startswith(SQLITE_HEADER) and int.from_bytes(header[68:72], "big") != APPLICATION_ID:
            raise LedgerError(f"{path} is an SQLite database but not a dayledger ledger; it was left untouched")
    driver = _driver(key)
    try:
        _roll_back_hot_journal(path, key)  # a first write killed midway may have left the file empty
        if path.stat().st_size == 0:
            return True, key
        conn = _connect(path, key, read_only=True)
        try:
            if _sqlite_is_empty(conn):
                return True, key
            _check_sqlite_marker(conn, path)
        finally:
            conn.close()
    except driver.Error as e:
        raise LedgerError(f"cannot open ledger {path}: {storage_failure(e, location) or e}") from e
    return False, key


JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")  # the head of a rollback journal that is live


def _roll_back_hot_journal(path: Path, key: LedgerKey | None) -> None:
    """A write killed midway (a compact's VACUUM, a ledger's first write) leaves a hot rollback
    journal, which only a connection that may write can roll back: a read-only one fails with
    SQLITE_READONLY_ROLLBACK, which read as "the ledger is read-only". Open one that may write,
    let SQLite's own recovery run, and say so (once: the journal is gone after)."""
    journal = Path(f"{path}-journal")
    try:
        with journal.open("rb") as f:
            live = f.read(8) == JOURNAL_MAGIC
    except OSError:
        return
    if not live or not _writable(path):
        return
    conn = _connect(path, key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the first read rolls the journal back
    finally:
        conn.close()
    if not journal.exists():
        say(f"{path}: its last write was interrupted (the command was killed, or the machine stopped); "
            "it was rolled back (SQLite's own recovery): the ledger is as it was before that write")


EMPTY_FILE_GRACE_SECONDS = 5.0  # an empty file younger than this may be another dayledger's first write


def _being_made(path: Path) -> bool:
    """Whether the file at ``path`` holds something, or is a ledger another process is making
    right now (it made the empty file first, and writes SQLite's header a moment later): an
    empty file that stays empty is nobody's ledger, and is refused rather than taken over."""
    start = time.monotonic()
    while True:
        st = path.stat()
        if st.st_size > 0:
            return True
        waited = time.monotonic() - start
        if _making_now(path):  # its maker, named beside it, is still at work (deriving a passphrase's key takes a while)
            if waited > LOCK_TIMEOUT_SECONDS:
                return False
        elif time.time() - st.st_mtime > EMPTY_FILE_GRACE_SECONDS or waited > 1.0:
            return False
        time.sleep(0.02)


def _making_now(path: Path) -> bool:
    maker = _maker(_making_mark(path))
    return maker is not None and maker != os.getpid() and _running(maker)


def _sqlite_is_empty(conn: sqlite3.Connection) -> bool:
    """A database of no tables, with no application id or ours (a ledger whose first write was
    interrupted): a new ledger may be made in it."""
    (app_id,) = conn.execute("PRAGMA application_id").fetchone()
    (tables,) = conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return app_id in (0, APPLICATION_ID) and tables == 0


def _check_sqlite_marker(conn: sqlite3.Connection, path: Path) -> None:
    (app_id,) = conn.execute("PRAGMA application_id").fetchone()
    if app_id != APPLICATION_ID:
        raise LedgerError(f"{path} is an SQLite database but not a dayledger ledger; it was left untouched")
    row = conn.execute("SELECT value FROM dayledger_meta WHERE key='schema_version'").fetchone()
    if row is None or int(row[0]) > SCHEMA_VERSION:
        raise LedgerError(f"{path} was written by a newer dayledger (schema {row and row[0]}); upgrade dayledger")


def _ensure_chain(conn: sqlite3.Connection) -> None:
    """Ledgers made before the tamper-evident chain get it, linked over what they hold (once)."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'dayledger_chain'").fetchone():
        return
    from engine.storage.chain import chain_rows

    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(CHAIN_DDL)
        rows = conn.execute("SELECT rowid, originator_id, originator_version, topic, state FROM stored_events ORDER BY rowid").fetchall()
        conn.executemany("INSERT INTO dayledger_chain VALUES (?, ?)", chain_rows("0" * 64, rows))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise


def _create_sqlite_schema(conn: sqlite3.Connection) -> None:
    conn.execute(_META_DDL)
    conn.execute(_SQLITE_EVENTS_DDL)
    conn.execute(CHAIN_DDL)
    _write_meta(conn, "?")


def _write_meta(conn: Any, mark: str) -> None:
    rows = [
        ("schema_version", str(SCHEMA_VERSION)),
        ("ledger_id", str(uuid.uuid4())),
        ("created_at", datetime.now(UTC).isoformat()),
    ]
    for key, value in rows:
        conn.execute(
            f"INSERT INTO dayledger_meta (key, value) VALUES ({mark}, {mark}) ON CONFLICT (key) DO NOTHING",
            (key, value),
        )


def refuse_non_regular(path: Path) -> None:
    """A ledger is a regular file (or a folder, refused later in its own words): a FIFO, a device
    such as /dev/null or a socket is refused before SQLite opens it, which would block on the
    FIFO or leave a "-journal" beside the device."""
    try:
        st = path.stat()
    except OSError:
        return  # nothing there (yet), or nothing we may look at: SQLite's own error says so
    if not (stat.S_ISREG(st.st_mode) or stat.S_ISDIR(st.st_mode)):
        raise LedgerError(f"ledger {path} is not a regular file (a FIFO, device or socket), not a dayledger ledger; it was left untouched")


def ledger_exists(location: LedgerLocation) -> bool:
    """Whether a ledger (or anything else) is already at ``location``; creates nothing."""
    if isinstance(location, SqliteLocation):
        refuse_non_regular(location.path)
        try:
            return location.path.stat().st_size > 0 or location.path.is_dir()
        except FileNotFoundError:
            return False
    import psycopg

    with _connect_postgres(location) as conn:
        try:
            row = conn.execute(
                "SELECT 1 FROM information_schema.tables WHERE table_schema=%s AND table_name IN ('dayledger_meta', 'dayledger_events')",
                (location.schema,),
            ).fetchone()
        except psycopg.Error as e:
            raise LedgerError(f"cannot read the ledger {location.describe()}: {str(e).strip().splitlines()[0]}") from e
    return row is not None


def _connect_postgres(location: PostgresLocation, **options: Any) -> Any:
    """A connection to the server, or a LedgerError naming the location and the reason."""
    import psycopg

    try:
        return psycopg.connect(
            host=location.host,
            port=location.port,
            dbname=location.dbname,
            user=location.user,
            password=location.password or None,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            **options,
        )
    except psycopg.Error as e:
        reason = str(e).strip().splitlines()[-1] if str(e).strip() else type(e).__name__
        raise LedgerError(f"cannot connect to the ledger {location.describe()}: {reason}") from e


def _open_postgres(location: PostgresLocation) -> Database:
    import psycopg

    conn = _connect_postgres(location, autocommit=True, options=f"-c search_path={location.schema}")
    try:
        _ensure_postgres_schema(conn, location)
    except psycopg.Error as e:
        conn.close()
        raise LedgerError(f"ledger {location.describe()}: {str(e).strip().splitlines()[0]}") from e
    return Database(location, conn, "postgres", exists=True)


def psycopg_error() -> type[Exception]:
    import psycopg

    return psycopg.Error


def _ensure_postgres_schema(conn: Any, location: PostgresLocation) -> None:
    if _postgres_ledger_ready(conn, location, judge=False):
        return
    # One process at a time creates a ledger (concurrent CREATE ... IF NOT EXISTS can collide), and
    # the schema is looked at again under the lock: another process may be making it right now, so
    # what was seen before the lock (its chain table already, its meta not yet) proves nothing.
    conn.execute("SELECT pg_advisory_lock(hashtext(%s))", (f"dayledger:{location.schema}",))
    try:
        if _postgres_ledger_ready(conn, location):
            return
        with conn.transaction():
            conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{location.schema}"')
            conn.execute(_META_DDL)
            conn.execute(CHAIN_DDL)
            _write_meta(conn, "%s")
        # The event tables, functions and indexes are the library's own: let it make them.
        from engine.storage.event_store import create_postgres_event_tables

        create_postgres_event_tables(location)
    finally:
        conn.execute("SELECT pg_advisory_unlock(hashtext(%s))", (f"dayledger:{location.schema}",))


def _postgres_ledger_ready(conn: Any, location: PostgresLocation, *, judge: bool = True) -> bool:
    """Whether the schema holds a whole dayledger ledger (False: nothing there yet, or a ledger
    being made). With ``judge`` (under the makers' lock), raises LedgerError for a schema that is
    another program's or a newer dayledger's; without it, anything but a whole ledger is False. The
    schema's tables are read in one statement, so they are one moment's."""
    names = {
        row[0] for row in conn.execute("SELECT table_name FROM information_schema.tables WHERE table_schema=%s", (location.schema,))
    }
    if not judge and not {"dayledger_meta", "dayledger_events"} <= names:
        return False
    if "dayledger_meta" in names:
        try:
            row = conn.execute("SELECT value FROM dayledger_meta WHERE key='schema_version'").fetchone()
            version = int(row[0]) if row is not None else None
        except (ValueError, TypeError, psycopg_error()) as e:  # another program's table of that name
            raise LedgerError(f"{location.describe()} is not a dayledger ledger (its dayledger_meta is not ours); it was left untouched") from e
        if version is None:
            raise LedgerError(f"{location.describe()} is not a dayledger ledger (its dayledger_meta names no schema version); it was left untouched")
        if version > SCHEMA_VERSION:
            raise LedgerError(f"ledger {location.describe()} was written by a newer dayledger (schema {version}); upgrade dayledger")
        return "dayledger_events" in names
    if "dayledger_events" in names:
        raise LedgerError(f"{location.describe()} holds an event store that is not a dayledger ledger; it was left untouched")
    if names:
        raise LedgerError(
            f"{location.describe()} is not a dayledger ledger: its schema holds another application's tables ({min(names)}, ...); "
            "it was left untouched (give a schema of its own: ?schema=NAME)"
        )
    return False
