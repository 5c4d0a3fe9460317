"""Encryption at rest, through the real command: no text written is in any file the ledger
writes (the same search finds every text in a plain ledger), a wrong or missing key is one line
and writes nothing, and key and ledger files are readable by their owner only."""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import DAYLEDGER, Dayledger

NOW = "2026-04-28T18:00+02:00"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "notes"

# Texts written by commands (task, note, appointment) and by an imported note (a reading, a task
# in a project, a note), each distinctive enough that finding it in a file means it leaked.
TEXTS = {
    "task": "Calibrate the quokka telescope before Thursday",
    "done task": "Return the xylophone mallets to Beatrix",
    "note": "Zanzibar marmalade tasted of smoked cardamom",
    "appointment": "Periwinkle dentist on Gowanus street",
    "reading": "Hyperbolic embeddings of narwhal migration graphs",
    "imported task": "Draft the fenugreek allotment grant",
    "imported note": "Thundering velociraptor choir rehearsal notes",
}
# Lines of the example notes imported as well.
EXAMPLE_TEXTS = (
    "Email Dana about the garage door quote",
    "Draft the data management plan section",
    "Continue filling out permissions spreadsheet",
)


def _fragments(text: str) -> set[bytes]:
    """The text, its first and last 12 characters, and each word of 7 letters or more."""
    pieces = {text, text[:12], text[-12:]}
    pieces |= {w for w in text.split() if len(w) >= 7}
    return {p.encode() for p in pieces}


def _files(*folders: Path) -> Iterator[Path]:
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file():
                yield path


def _found(folders: tuple[Path, ...], texts: Iterator[str] | tuple[str, ...]) -> dict[str, list[str]]:
    """For each text, the fragments of it found in any file under ``folders``."""
    contents = [p.read_bytes() for p in _files(*folders)]
    hits: dict[str, list[str]] = {}
    for text in texts:
        for fragment in _fragments(text):
            if any(fragment in c or fragment.lower() in c.lower() for c in contents):
                hits.setdefault(text, []).append(fragment.decode())
    return hits


def _note_file(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "2026-04-27.txt"
    path.write_text(
        "Phil 4.27.2026\n\n"
        f"{TEXTS['imported note']}\n\n"
        f"[2604.21691] {TEXTS['reading']}\n\n"
        "Grants\n\n"
        f"  • {TEXTS['imported task']}\n"
    )
    return folder


class Env:
    """A ledger in its own folder, its key (if any) in a config folder elsewhere, and TMPDIR
    pointed at a folder of its own, so every file the ledger writes can be searched."""

    def __init__(self, root: Path) -> None:
        self.folder = root / "ledger"
        self.config = root / "config"
        self.tmp = root / "tmp"
        self.tmp.mkdir(parents=True)
        self.ledger = self.folder / "ledger.sqlite"
        self.dl = Dayledger(str(self.ledger), now=NOW)
        self.dl.env.update({"XDG_CONFIG_HOME": str(self.config), "TMPDIR": str(self.tmp)})
        for name in ("DAYLEDGER_KEY", "DAYLEDGER_KEY_FILE"):
            self.dl.env.pop(name, None)

    def key_files(self) -> list[Path]:
        return sorted((self.config / "dayledger" / "keys").glob("*.key"))


def _write_everything(dl: Dayledger, notes: Path) -> None:
    dl.run("add", TEXTS["task"], "-p", "Astronomy", "--due", "thu 17:00")
    handle = dl.run("add", TEXTS["done task"]).stdout.strip()
    dl.run("done", handle)
    dl.run("note", TEXTS["note"], "--at", "today 8am")
    dl.run("appt", TEXTS["appointment"], "--when", "wed 10:00", "--duration", "1h")
    dl.run("import", str(EXAMPLES))
    dl.run("import", str(notes))


def _read_everything(dl: Dayledger) -> None:
    for args in (
        ("tasks", "--status", "all"),
        ("day", "2026-04-27"),
        ("day",),
        ("timeline", "Astronomy"),
        ("history", "quokka"),
        ("report", "week", "this"),
        ("report", "week", "2026-W17", "--format", "html"),
        ("log",),
        ("export",),
        ("rebuild",),
        ("verify",),
    ):
        dl.run(*args)


def _hold_open(env: Env, key: str | None) -> object:
    """A connection held open, so the -wal and -shm files stay on disk to be searched too."""
    if key is None:
        import sqlite3

        conn = sqlite3.connect(env.ledger)
    else:
        from sqlcipher3 import dbapi2

        conn = dbapi2.connect(str(env.ledger))
        conn.execute(f"PRAGMA key = \"x'{key}'\"")
    conn.execute("SELECT count(*) FROM stored_events").fetchone()
    return conn


@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "plain"])
def test_no_text_written_is_in_any_file_of_an_encrypted_ledger(tmp_path: Path, encrypted: bool) -> None:
    env = Env(tmp_path)
    notes = _note_file(tmp_path / "notes")
    env.dl.run("init", *(["--encrypt"] if encrypted else []))
    key = env.key_files()[0].read_text().strip() if encrypted else None
    holder = _hold_open(env, key)
    try:
        _write_everything(env.dl, notes)
        _read_everything(env.dl)
        # A restore goes into a second ledger of the same folder, with the same key file.
        backup = tmp_path / "backup.jsonl"  # an export is the user's own plaintext copy: outside the folder
        env.dl.run("export", "--out", str(backup))
        second = Dayledger(str(env.folder / "restored.sqlite"), now=NOW)
        second.env.update(env.dl.env | {"DAYLEDGER_LEDGER": str(env.folder / "restored.sqlite")})
        key_args = ["--key-file", str(env.key_files()[0])] if encrypted else []
        second.run(*key_args, "init")
        second.run(*key_args, "restore", str(backup))
        second.run(*key_args, "verify")
        assert second.json(*key_args, "tasks", "--status", "all") == env.dl.json("tasks", "--status", "all")
        assert {p.name for p in env.folder.iterdir()} >= {"ledger.sqlite", "ledger.sqlite-wal", "ledger.sqlite-shm"}
        hits = _found((env.folder, env.tmp), (*TEXTS.values(), *EXAMPLE_TEXTS))
    finally:
        holder.close()  # type: ignore[attr-defined]
    if encrypted:
        assert hits == {}, f"plaintext found in the encrypted ledger's files: {hits}"
    else:  # the same search finds every text in a plain ledger: the search works
        assert set(hits) == {*TEXTS.values(), *EXAMPLE_TEXTS}


def _state(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_a_wrong_or_missing_key_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    env = Env(tmp_path)
    env.dl.run("init", "--encrypt")
    env.dl.run("add", "Water the ferns")
    before = _state(env.folder)
    wrong = tmp_path / "wrong.key"
    wrong.write_text("ab" * 32 + "\n")
    wrong.chmod(0o600)  # a key file others may read is refused before it is tried (test_private_files)
    notes = _note_file(tmp_path / "notes")
    commands = (("add", "x"), ("tasks",), ("import", str(notes)), ("verify",), ("rebuild",), ("log",))
    for args in commands:
        proc = env.dl.fails("--key-file", str(wrong), *args)
        assert proc.returncode == 5
        assert f"does not open ledger {env.ledger}" in proc.stderr and "key file" in proc.stderr
    for passphrase in ("not the passphrase", "cd" * 32):
        wrong_env = Dayledger(str(env.ledger), now=NOW)
        wrong_env.env.update(env.dl.env | {"DAYLEDGER_KEY": passphrase})
        proc = wrong_env.fails("add", "y")
        assert proc.returncode == 5 and "(DAYLEDGER_KEY) does not open ledger" in proc.stderr
    # No key anywhere: the default key file is looked for in another config folder.
    keyless = Dayledger(str(env.ledger), now=NOW)
    keyless.env.update(env.dl.env | {"XDG_CONFIG_HOME": str(tmp_path / "elsewhere")})
    for args in commands:
        proc = keyless.fails(*args)
        assert proc.returncode == 5
        assert "is encrypted" in proc.stderr and "no key given" in proc.stderr and "--key-file" in proc.stderr
    assert _state(env.folder) == before  # byte-identical, and no -wal or -shm left behind
    assert env.dl.run("tasks").stdout.count("Water the ferns") == 1


def test_a_missing_key_file_and_a_key_for_a_plain_ledger_are_refused(tmp_path: Path) -> None:
    env = Env(tmp_path)
    env.dl.run("add", "Plain task")
    before = _state(env.folder)
    proc = env.dl.fails("--key-file", str(tmp_path / "nowhere.key"), "tasks")
    assert proc.returncode == 5 and "does not exist" in proc.stderr
    key_file = tmp_path / "some.key"
    key_file.write_text("ef" * 32)
    key_file.chmod(0o600)
    proc = env.dl.fails("--key-file", str(key_file), "add", "z")
    assert proc.returncode == 5 and "is not encrypted, but a key was given" in proc.stderr
    assert _state(env.folder) == before


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _run_with_umask(env: Env, *args: str) -> subprocess.CompletedProcess[str]:
    assert DAYLEDGER is not None
    return subprocess.run(
        [DAYLEDGER, *args], env=env.dl.env, capture_output=True, text=True, timeout=60, check=True,
        preexec_fn=lambda: os.umask(0),
    )


@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "plain"])
def test_key_and_ledger_files_are_readable_by_their_owner_only(tmp_path: Path, encrypted: bool) -> None:
    env = Env(tmp_path)
    out = _run_with_umask(env, "init", *(["--encrypt"] if encrypted else []))
    if encrypted:
        [key_file] = env.key_files()
        assert str(key_file) in out.stdout and "Losing the key loses the ledger" in out.stdout
        assert _mode(key_file) == 0o600
        assert len(key_file.read_text().strip()) == 64  # a random 256-bit key, in hex
        assert not str(key_file).startswith(str(env.folder))  # not beside the ledger
    assert _mode(env.ledger) == 0o600
    key = env.key_files()[0].read_text().strip() if encrypted else None
    holder = _hold_open(env, key)
    try:
        _run_with_umask(env, "add", "Check permissions")
        for suffix in ("-wal", "-shm"):
            assert _mode(Path(f"{env.ledger}{suffix}")) == 0o600
    finally:
        holder.close()  # type: ignore[attr-defined]
    # Created on the first write (no init), a plain ledger is owner-only too.
    first_write = tmp_path / "first-write" / "ledger.sqlite"
    _run_with_umask(env, "--ledger", str(first_write), "add", "x")
    assert _mode(first_write) == 0o600


def test_init_with_a_named_key_file_creates_it_and_later_commands_use_it(tmp_path: Path) -> None:
    env = Env(tmp_path)
    key_file = tmp_path / "keys" / "mine.key"
    out = env.dl.run("init", "--key-file", str(key_file))  # naming a key file implies --encrypt
    assert "created encrypted ledger" in out.stdout and str(key_file) in out.stdout
    assert _mode(key_file) == 0o600 and env.key_files() == []
    env.dl.run("--key-file", str(key_file), "add", "Use the named key")
    named = Dayledger(str(env.ledger))
    named.env.update(env.dl.env | {"DAYLEDGER_KEY_FILE": str(key_file)})
    assert "Use the named key" in named.run("tasks").stdout
    raw = Dayledger(str(env.ledger))
    raw.env.update(env.dl.env | {"DAYLEDGER_KEY": key_file.read_text().strip()})
    assert "Use the named key" in raw.run("tasks").stdout
    assert env.dl.fails("tasks").returncode == 5  # its key is not in the default place
    proc = env.dl.fails("init", "--encrypt")
    assert proc.returncode == 5 and "exists already" in proc.stderr


def test_a_passphrase_ledger_opens_with_sqlciphers_own_key_derivation(tmp_path: Path) -> None:
    env = Env(tmp_path)
    env.dl.env["DAYLEDGER_KEY"] = "correct horse battery staple"
    out = env.dl.run("init")
    assert "key: DAYLEDGER_KEY" in out.stdout and env.key_files() == []
    env.dl.run("add", "Passphrase task")
    from sqlcipher3 import dbapi2

    conn = dbapi2.connect(str(env.ledger))
    conn.execute("PRAGMA key = 'correct horse battery staple'")  # SQLCipher derives the key itself
    assert conn.execute("SELECT count(*) FROM stored_events").fetchone() == (1,)
    conn.close()


def test_init_refuses_an_existing_ledger_and_encryption_on_postgres(tmp_path: Path, postgres_url: str) -> None:
    env = Env(tmp_path)
    env.dl.run("add", "Already here")
    before = _state(env.folder)
    proc = env.dl.fails("init")
    assert proc.returncode == 5 and "exists already" in proc.stderr
    assert _state(env.folder) == before
    pg = Dayledger(postgres_url)
    proc = pg.fails("init", "--encrypt")
    assert proc.returncode == 2 and "PostgreSQL" in proc.stderr and "server" in proc.stderr
    assert "created ledger" in pg.run("init").stdout
    assert pg.fails("init").returncode == 5
    pg.env["DAYLEDGER_KEY"] = "ab" * 32
    proc = pg.fails("add", "a task")
    assert proc.returncode == 2 and "only for SQLite ledgers" in proc.stderr


def test_without_sqlcipher_in_sight_a_plain_ledger_does_not_load_it(tmp_path: Path) -> None:
    """The plain path stays as fast as before: no sqlcipher3 import."""
    env = Env(tmp_path)
    env.dl.run("add", "Plain and fast")
    code = (
        "import sys\nfrom cli.main import main\n"
        "try:\n    main(['tasks'])\nexcept SystemExit:\n    pass\n"
        "print('loaded' if 'sqlcipher3' in sys.modules else 'not loaded')"
    )
    python = shutil.which("python", path=str(Path(DAYLEDGER or "").parent)) or "python"
    proc = subprocess.run([python, "-c", code], env=env.dl.env, capture_output=True, text=True, timeout=60, check=True)
    assert proc.stdout.strip().endswith("not loaded")


def test_a_damaged_page_of_an_encrypted_ledger_is_one_line_and_exit_5(tmp_path: Path) -> None:
    """SQLCipher reports a page it cannot decrypt (its HMAC fails) as "out of memory", which
    Python raises as MemoryError: each command says what it means in one line, exit 5."""
    import json

    from tests.conftest import InProcess

    ledger = tmp_path / "ledger.sqlite"
    d = InProcess(str(ledger))
    d.env["DAYLEDGER_KEY_FILE"] = str(tmp_path / "ledger.key")
    d.run("init", "--encrypt")
    tasks = [{"uuid": f"{i:08x}-0000-4000-8000-000000000000", "description": f"task {i} " + "y" * 80, "status": "pending",
              "entry": "20261201T100000Z"} for i in range(800)]
    (tmp_path / "tasks.json").write_text(json.dumps(tasks))
    d.run("import", "--from", "taskwarrior", str(tmp_path / "tasks.json"))
    good = ledger.read_bytes()
    page = 4096  # SQLCipher's page: an encrypted ledger keeps it
    failed = set()
    for number in range(1, 7):
        for fill in (b"\0" * page, bytes(range(256)) * (page // 256)):
            damaged = bytearray(good)
            damaged[number * page:(number + 1) * page] = fill
            ledger.write_bytes(bytes(damaged))
            for args in (("tasks",), ("log", "--json"), ("export",), ("add", "More"), ("verify",)):
                proc = d.run(*args, check=False)  # in this process: a MemoryError would end the test
                assert proc.returncode in (0, 5), (number, args, proc.returncode, proc.stderr)
                assert len(proc.stderr.splitlines()) <= 1 and "Traceback" not in proc.stderr, proc.stderr
                if proc.returncode == 5:
                    failed.add(proc.stderr)
    assert any("could not be decrypted" in said for said in failed), failed
