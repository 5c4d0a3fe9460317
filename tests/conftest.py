"""Shared fixtures: real SQLite files, real PostgreSQL schemas, the real ``dayledger`` command."""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

PG_HOST = os.environ.get("DAYLEDGER_TEST_PGHOST", "127.0.0.1")
PG_PORT = int(os.environ.get("DAYLEDGER_TEST_PGPORT", "5432"))
PG_DB = os.environ.get("DAYLEDGER_TEST_PGDATABASE", "test")
PG_USER = os.environ.get("DAYLEDGER_TEST_PGUSER", "postgres")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")

DAYLEDGER = shutil.which("dayledger", path=str(Path(sys.executable).parent)) or shutil.which("dayledger")


def _pg_connect() -> Any:
    import psycopg

    return psycopg.connect(host=PG_HOST, port=PG_PORT, dbname=PG_DB, user=PG_USER, connect_timeout=3, autocommit=True)


def _pg_available() -> str | None:
    """None when the server answers, else why not."""
    try:
        _pg_connect().close()
    except Exception as e:  # noqa: BLE001
        return f"PostgreSQL at {PG_HOST}:{PG_PORT}/{PG_DB} unreachable: {str(e).strip().splitlines()[0] if str(e).strip() else e!r}"
    return None


_PG_REASON = _pg_available()


@pytest.fixture(autouse=True, scope="session")
def _state_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """What dayledger remembers between commands (the task numbers a listing showed, in a file
    per ledger) goes to a folder of the test run's own, never the user's home. Set for the whole
    session, before any fixture copies the environment (``Dayledger`` does, module-wide ones too)."""
    saved = os.environ.get("DAYLEDGER_STATE_DIR")
    os.environ["DAYLEDGER_STATE_DIR"] = str(tmp_path_factory.mktemp("state"))
    yield
    if saved is None:
        os.environ.pop("DAYLEDGER_STATE_DIR", None)
    else:
        os.environ["DAYLEDGER_STATE_DIR"] = saved


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A ledger URL in a fresh schema of the test database, dropped afterwards."""
    if _PG_REASON:
        if IN_CI:
            pytest.fail(f"CI must run the PostgreSQL tests: {_PG_REASON}")
        pytest.skip(_PG_REASON)
    schema = f"dl_test_{uuid.uuid4().hex[:12]}"
    yield f"postgresql://{PG_USER}@{PG_HOST}:{PG_PORT}/{PG_DB}?schema={schema}"
    with _pg_connect() as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A path for a SQLite ledger that does not exist yet (in a folder that does not either)."""
    return str(tmp_path / "ledgers" / "ledger.sqlite")


@pytest.fixture(params=["sqlite", "postgres"])
def ledger_url(request: pytest.FixtureRequest) -> str:
    """The same scenario on both backends."""
    return request.getfixturevalue(f"{request.param}_url")


class Dayledger:
    """Runs the installed ``dayledger`` command against one ledger, in a subprocess."""

    def __init__(self, ledger: str, tz: str = "Europe/Berlin", now: str | None = None) -> None:
        if DAYLEDGER is None:
            raise RuntimeError("the dayledger command is not installed in this environment")
        self.ledger = ledger
        self.env = {**os.environ, "DAYLEDGER_LEDGER": ledger, "DAYLEDGER_TZ": tz}
        self.env.pop("DAYLEDGER_NOW", None)
        if now:
            self.env["DAYLEDGER_NOW"] = now

    def run(self, *args: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(
            [DAYLEDGER, *args], env=self.env, capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL
        )
        if check and proc.returncode != 0:
            raise AssertionError(f"dayledger {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
        return proc

    def json(self, *args: str) -> Any:
        return json.loads(self.run(*args, "--json").stdout)

    def fails(self, *args: str) -> subprocess.CompletedProcess[str]:
        """Run a command that must fail like a user mistake: non-zero, one line on stderr, no traceback."""
        proc = self.run(*args, check=False)
        assert proc.returncode != 0, f"dayledger {' '.join(args)} should have failed: {proc.stdout}"
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1, f"expected a one-line error, got: {proc.stderr}"
        assert "Traceback" not in proc.stderr
        return proc

    def event_count(self) -> int:
        return len(self.json("log"))


class InProcess(Dayledger):
    """The same commands as :class:`Dayledger`, run in this process through ``cli.main.main``:
    twenty times quicker, for the many cases where a subprocess proves nothing more (start-up,
    signals, locking between processes and the installed entry point keep their subprocess
    tests). Each call sees only its own environment, stdin is empty and not a terminal."""

    def __init__(self, ledger: str, tz: str = "Europe/Berlin", now: str | None = None) -> None:
        self.ledger = ledger
        self.env = {"DAYLEDGER_LEDGER": ledger, "DAYLEDGER_TZ": tz}
        if now:
            self.env["DAYLEDGER_NOW"] = now

    def run(self, *args: str, check: bool = True, timeout: float = 60) -> subprocess.CompletedProcess[str]:
        import contextlib
        import io

        from cli.main import main

        names = {"DAYLEDGER_LEDGER", "DAYLEDGER_TZ", "DAYLEDGER_NOW", "DAYLEDGER_KEY", "DAYLEDGER_KEY_FILE", "DAYLEDGER_CHAIN_KEY", "DAYLEDGER_CHAIN_KEY_FILE", "TZ", *self.env}  # all restored after
        saved = {name: os.environ.pop(name, None) for name in names}
        os.environ.update(self.env)
        out, err = io.StringIO(), io.StringIO()
        code = 0
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), _no_stdin():
                returned = main(list(args))  # click's ctx.exit(n) comes back as the return value
            code = returned if isinstance(returned, int) else 0
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        finally:
            for name in names:
                os.environ.pop(name, None)
            os.environ.update({k: v for k, v in saved.items() if v is not None})
        proc = subprocess.CompletedProcess(["dayledger", *args], code, out.getvalue(), err.getvalue())
        if check and proc.returncode != 0:
            raise AssertionError(f"dayledger {' '.join(args)} exited {proc.returncode}: {proc.stderr}")
        return proc


@contextlib.contextmanager
def _no_stdin() -> Iterator[None]:
    saved = sys.stdin
    sys.stdin = io.StringIO()
    try:
        yield
    finally:
        sys.stdin = saved


@pytest.fixture
def dli(ledger_url: str) -> InProcess:
    """The commands in this process, on both backends."""
    return InProcess(ledger_url)


@pytest.fixture
def dli_sqlite(sqlite_url: str) -> InProcess:
    return InProcess(sqlite_url)


def _commands(request: pytest.FixtureRequest) -> type[Dayledger]:
    """The installed command in a subprocess; in this process for a test marked ``in_process``
    (a file whose tests need no process of their own: no start-up, signals, terminals or locks
    between processes)."""
    return InProcess if request.node.get_closest_marker("in_process") else Dayledger


@pytest.fixture
def dl(ledger_url: str, request: pytest.FixtureRequest) -> Dayledger:
    return _commands(request)(ledger_url)


@pytest.fixture
def dl_sqlite(sqlite_url: str, request: pytest.FixtureRequest) -> Dayledger:
    return _commands(request)(sqlite_url)
