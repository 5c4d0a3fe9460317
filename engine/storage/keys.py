"""The key of an encrypted ledger: where it comes from, key files, and what SQLCipher is told.

A key is either a raw 256-bit key written as 64 hex digits (what ``dayledger init --encrypt``
generates) or any other text, a passphrase, which goes through SQLCipher's own key derivation
(PBKDF2-HMAC-SHA512, 256,000 rounds, with the salt stored at the start of the ledger file).
We derive a passphrase's key once per process with the same function and hand SQLCipher the
result, so a command that opens several connections pays for the derivation once.

Where the key comes from, first found wins: ``--key-file FILE``, ``DAYLEDGER_KEY_FILE``,
``DAYLEDGER_KEY`` (the key itself), else, only when the ledger file is not a plain SQLite
database, the ledger's default key file (``default_key_path``).

The default key file lives in the user's config folder, not beside the ledger: a copy, backup
or sync of the data folder then does not carry the key that opens it. Its name is derived from
the ledger's absolute path, so a moved ledger needs ``--key-file`` (or the file renamed).
A chain key (``engine.storage.chain``: links that need it to be recomputed) is kept the same
way and read by the same rules: ``--chain-key-file FILE``, ``DAYLEDGER_CHAIN_KEY_FILE``,
``DAYLEDGER_CHAIN_KEY``; it has no default file. It is a key of its own, never the encryption key.
This module imports neither sqlcipher3 nor eventsourcing.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import stat
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from engine.rules.errors import InvalidInputError, LedgerError
from engine.storage.location import LedgerLocation, PostgresLocation

__all__ = ["LedgerKey", "create_key_file", "default_key_path", "given_chain_key", "given_key", "named_key_file", "new_salt", "read_key_file", "with_chain_key", "with_key"]

_RAW_KEY = re.compile(r"^[0-9a-fA-F]{64}$")
KDF_ROUNDS = 256_000  # SQLCipher 4's default for a passphrase
SALT_BYTES = 16
MAX_KEY_FILE_BYTES = 4096


@dataclass(frozen=True)
class LedgerKey:
    """A key for an encrypted SQLite ledger and where it came from (named in messages)."""

    secret: str
    origin: str  # "key file /x/y.key", "DAYLEDGER_KEY"

    def __repr__(self) -> str:  # never show the secret
        return f"LedgerKey(origin={self.origin!r})"

    @property
    def is_raw(self) -> bool:
        return bool(_RAW_KEY.match(self.secret))

    def pragma(self, salt: bytes) -> str:
        """The ``PRAGMA key`` statement for a file whose first 16 bytes are ``salt``."""
        if self.is_raw:
            return f"PRAGMA key = \"x'{self.secret.lower()}'\""
        derived = _derive(self.secret, salt)
        return f"PRAGMA key = \"x'{derived.hex()}{salt.hex()}'\""


@lru_cache(maxsize=4)
def _derive(passphrase: str, salt: bytes) -> bytes:
    return hashlib.pbkdf2_hmac("sha512", passphrase.encode("utf-8"), salt, KDF_ROUNDS, 32)


def new_salt() -> bytes:
    """A fresh salt for a ledger about to be created."""
    return secrets.token_bytes(SALT_BYTES)


def default_key_path(ledger: Path) -> Path:
    """Where the key of the ledger at ``ledger`` is kept unless the user says otherwise."""
    from platformdirs import user_config_dir

    absolute = ledger.expanduser().resolve()
    tag = hashlib.sha256(str(absolute).encode("utf-8")).hexdigest()[:12]
    return Path(user_config_dir("dayledger", appauthor=False)) / "keys" / f"{absolute.stem}-{tag}.key"


def named_key_file(key_file: str | None = None) -> Path | None:
    """The key file the user named: ``--key-file``, else ``DAYLEDGER_KEY_FILE``."""
    named = key_file or os.environ.get("DAYLEDGER_KEY_FILE") or None
    return Path(named).expanduser() if named else None


def given_key(key_file: str | None = None) -> LedgerKey | None:
    """The key the user gave explicitly: a key file (option, then environment), else ``DAYLEDGER_KEY``."""
    return _given(named_key_file(key_file), "DAYLEDGER_KEY", "dayledger init --encrypt --key-file")


def given_chain_key(chain_key_file: str | None = None) -> LedgerKey | None:
    """The chain key the user gave: ``--chain-key-file``, ``DAYLEDGER_CHAIN_KEY_FILE``, else ``DAYLEDGER_CHAIN_KEY``."""
    named = chain_key_file or os.environ.get("DAYLEDGER_CHAIN_KEY_FILE") or None
    return _given(Path(named).expanduser() if named else None, "DAYLEDGER_CHAIN_KEY", "dayledger init --chain-key-file")


def _given(path: Path | None, variable: str, maker: str) -> LedgerKey | None:
    if path is not None:
        if not path.exists():
            raise LedgerError(f"key file {path} does not exist ({maker} {path} creates one)")
        return read_key_file(path)
    secret = os.environ.get(variable)
    if secret:
        return LedgerKey(_checked(secret, variable), variable)
    return None


def with_key(location: LedgerLocation, key: LedgerKey | None) -> LedgerLocation:
    """``location`` carrying ``key``. PostgreSQL takes no key: encryption at rest is the server's."""
    if key is None:
        return location
    if isinstance(location, PostgresLocation):
        raise InvalidInputError(
            f"ledger {location.describe()} is PostgreSQL: encryption at rest there is the database server's business "
            f"(encrypted storage or disk); a key ({key.origin}) is only for SQLite ledgers"
        )
    return replace(location, key=key)


def with_chain_key(location: LedgerLocation, key: LedgerKey | None) -> LedgerLocation:
    """``location`` carrying the chain key ``key`` (both backends)."""
    return location if key is None else replace(location, chain_key=key)


def _refuse_shared(path: Path) -> None:
    """A key others on this machine may read protects nothing from them: refused, as ssh refuses
    such a private key (the key files dayledger makes are 0600)."""
    mode = stat.S_IMODE(path.stat().st_mode)
    if mode & 0o077:
        raise LedgerError(f"key file {path} may be read by others (mode {mode:04o}); run: chmod 600 {path}")


def read_key_file(path: Path) -> LedgerKey:
    """The key in a key file (surrounding whitespace ignored)."""
    try:
        with path.open("rb") as f:
            data = f.read(MAX_KEY_FILE_BYTES + 1)
    except IsADirectoryError:
        raise LedgerError(f"key file {path} is a folder") from None
    except OSError as e:
        raise LedgerError(f"cannot read key file {path}: {e.strerror}") from e
    if len(data) > MAX_KEY_FILE_BYTES:
        raise LedgerError(f"key file {path} is larger than {MAX_KEY_FILE_BYTES} bytes: not a key file")
    _refuse_shared(path)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise LedgerError(f"key file {path} is not text: write the key as 64 hex digits or a passphrase") from None
    return LedgerKey(_checked(text, f"key file {path}"), f"key file {path}")


def _checked(secret: str, origin: str) -> str:
    secret = secret.strip()
    if not secret:
        raise LedgerError(f"{origin} is empty: it must hold the ledger's key")
    if "\n" in secret or "\x00" in secret:
        raise LedgerError(f"{origin} must hold one line: the key (64 hex digits) or a passphrase")
    return secret


def create_key_file(path: Path) -> LedgerKey:
    """A new random 256-bit key, written to ``path`` readable by its owner only.

    The file is created with O_EXCL and mode 0600, so it never exists with wider permissions
    and an existing file is never overwritten.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as e:
        raise LedgerError(f"cannot create the folder for key file {path}: {e.strerror}") from e
    secret = secrets.token_hex(32)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise LedgerError(f"key file {path} exists already; it was left untouched") from None
    except OSError as e:
        raise LedgerError(f"cannot create key file {path}: {e.strerror}") from e
    try:
        os.fchmod(fd, 0o600)  # whatever the umask did
        os.write(fd, (secret + "\n").encode("ascii"))
        os.fsync(fd)
    except OSError as e:
        os.close(fd)
        path.unlink(missing_ok=True)
        raise LedgerError(f"cannot write key file {path}: {e.strerror}") from e
    os.close(fd)
    return LedgerKey(secret, f"key file {path}")
