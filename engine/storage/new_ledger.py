"""``dayledger init``: make a new ledger, plain or encrypted, and its key file.

An existing ledger is refused (init never touches one). For an encrypted SQLite ledger the key
is, first found: the key file named (``--key-file``, ``DAYLEDGER_KEY_FILE``; made with a new
random key when it does not exist), ``DAYLEDGER_KEY``, else the ledger's default key file
(engine.storage.keys.default_key_path; made when missing). Naming a key or key file implies
encryption. Nothing is left behind when making the ledger fails: neither a new key file nor
a half-made ledger file.

With a chain key (``--chain-key-file FILE``, made with a new random key when it does not exist,
``DAYLEDGER_CHAIN_KEY_FILE`` or ``DAYLEDGER_CHAIN_KEY``; both backends) the new ledger's chain is
keyed from its first event on (engine.storage.chain): its mode is recorded at once, so a first
write without the key is refused rather than starting an unkeyed chain.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from engine.rules.errors import InvalidInputError, LedgerError
from engine.storage.chain import CHAIN_TABLE, mode_row
from engine.storage.database import ledger_exists, open_database
from engine.storage.keys import (
    LedgerKey,
    create_key_file,
    default_key_path,
    given_chain_key,
    given_key,
    named_key_file,
    read_key_file,
)
from engine.storage.location import LedgerLocation, PostgresLocation, SqliteLocation, remove_sqlite_files

__all__ = ["NewLedger", "init_ledger"]


@dataclass(frozen=True)
class NewLedger:
    """What ``init`` made."""

    ledger: str
    encrypted: bool
    key_origin: str | None = None  # where the key is: a key file, or DAYLEDGER_KEY
    key_file: Path | None = None
    key_file_created: bool = False
    chain_key_origin: str | None = None  # where the chain key is, if the chain is keyed
    chain_key_file: Path | None = None
    chain_key_file_created: bool = False


def init_ledger(location: LedgerLocation, *, encrypt: bool, key_file: str | None = None, chain_key_file: str | None = None) -> NewLedger:
    """Make a new ledger at ``location``; with ``encrypt`` (or a key given) an encrypted one; with
    a chain key given, one whose chain is keyed."""
    chain_key, chain_path, chain_created = _chain_key_for_new_ledger(chain_key_file)
    try:
        made = _init(location, encrypt=encrypt, key_file=key_file)
        if chain_key is not None:
            _key_the_chain(location if made.key_origin is None else replace(location, key=_key_of(made, location)), chain_key)
    except BaseException:
        if chain_created and chain_path is not None:
            chain_path.unlink(missing_ok=True)
        raise
    if chain_key is None:
        return made
    return replace(made, chain_key_origin=chain_key.origin, chain_key_file=chain_path, chain_key_file_created=chain_created)


def _chain_key_for_new_ledger(chain_key_file: str | None) -> tuple[LedgerKey | None, Path | None, bool]:
    named = chain_key_file or os.environ.get("DAYLEDGER_CHAIN_KEY_FILE") or None
    if named is None:
        return given_chain_key(None), None, False
    path = Path(named).expanduser()
    if path.exists():
        return read_key_file(path), path, False
    return create_key_file(path), path, True


def _key_of(made: NewLedger, location: LedgerLocation) -> LedgerKey:
    key = read_key_file(made.key_file) if made.key_file is not None else given_key(None)
    assert key is not None, location
    return key


def _key_the_chain(location: LedgerLocation, chain_key: LedgerKey) -> None:
    """Record that the new (empty) ledger's chain is keyed by ``chain_key``."""
    db = open_database(location, create=False)
    try:
        with db.write() as cur:
            cur.insert(CHAIN_TABLE, [mode_row(chain_key)], columns=("position", "link"))
    finally:
        db.close()


def _init(location: LedgerLocation, *, encrypt: bool, key_file: str | None = None) -> NewLedger:
    named = named_key_file(key_file)
    encrypt = encrypt or named is not None or bool(os.environ.get("DAYLEDGER_KEY"))
    if isinstance(location, PostgresLocation):
        if encrypt:
            raise InvalidInputError(
                f"ledger {location.describe()} is PostgreSQL: encryption at rest there is the database server's "
                "business (encrypted storage or disk); --encrypt and keys are for SQLite ledgers"
            )
        if ledger_exists(location):
            raise LedgerError(f"a ledger exists already at {location.describe()}; init only makes a new one")
        open_database(location, create=True).close()
        return NewLedger(location.describe(), encrypted=False)
    assert isinstance(location, SqliteLocation)
    path = location.path
    if ledger_exists(location):
        raise LedgerError(f"{path} exists already; init only makes a new ledger, and left it untouched")
    if not encrypt:
        _create(location)
        return NewLedger(str(path), encrypted=False)
    key, key_path, created = _key_for_new_ledger(path, named)
    try:
        _create(replace(location, key=key))
    except BaseException:
        if created and key_path is not None:
            key_path.unlink(missing_ok=True)
        raise
    return NewLedger(str(path), encrypted=True, key_origin=key.origin, key_file=key_path, key_file_created=created)


def _key_for_new_ledger(path: Path, named: Path | None) -> tuple[LedgerKey, Path | None, bool]:
    if named is None and os.environ.get("DAYLEDGER_KEY"):
        key = given_key(None)
        assert key is not None
        return key, None, False
    key_path = named if named is not None else default_key_path(path)
    if key_path.exists():
        return read_key_file(key_path), key_path, False
    return create_key_file(key_path), key_path, True


def _create(location: SqliteLocation) -> None:
    """Make the ledger file (ours alone: O_EXCL, mode 0600, by ``open_database``); on failure
    remove what was made of it. Anything already there, an empty file too, is someone else's."""
    path = location.path
    if path.exists() or path.is_symlink():
        raise LedgerError(f"{path} exists already; init only makes a new ledger, and left it untouched")
    try:
        open_database(location, create=True).close()
    except BaseException:
        remove_sqlite_files(path)
        raise
