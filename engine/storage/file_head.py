"""The first bytes of a ledger file, read without breaking SQLite's locks.

POSIX advisory locks belong to a process and a file, not to a descriptor: closing *any*
descriptor of the ledger file drops every lock the process holds on it, SQLite's included.
A process that read the file's header while one of its connections was open lost the shared
lock that marks it as a user of the WAL; another process closing its last connection then
believed itself alone, checkpointed and deleted the WAL under the first, whose later commits
went to the deleted file and were lost (a four-writer test lost an event, then found the file
malformed). SQLite never closes a descriptor while its locks are held; code of ours must not
either.

So whatever opens connections to a ledger file first *holds* it (``hold``, until ``release``),
and while the file is held its head is read at most once and kept (``read_head``); a ledger
being made is told its head (``remember_head``) and never read. The head is kept by device
and inode only while held: a held file's inode cannot go to another file.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["HEADER_BYTES", "HEAD_BYTES", "Hold", "hold", "read_head", "read_header", "remember_head"]

HEAD_BYTES = 16  # SQLite's "SQLite format 3\0", or an encrypted ledger's salt
HEADER_BYTES = 100  # SQLite's database header: its application id is at offset 68


class _Entry:
    __slots__ = ("head", "holders")

    def __init__(self) -> None:
        self.head: bytes | None = None
        self.holders = 0


_held: dict[tuple[int, int], _Entry] = {}


class Hold:
    """A ledger file held open by this process's connections; ``release`` when they are closed."""

    def __init__(self, key: tuple[int, int]) -> None:
        self._key: tuple[int, int] | None = key

    def tie(self, owner: object) -> None:
        """Release when ``owner`` is garbage-collected, if it was never closed."""
        import weakref

        weakref.finalize(owner, self.release)

    def release(self) -> None:
        key, self._key = self._key, None
        if key is None:
            return
        entry = _held[key]
        entry.holders -= 1
        if not entry.holders:
            del _held[key]


def _key(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_dev, stat.st_ino


def hold(path: Path) -> Hold | None:
    """Hold the file at ``path`` (None when there is no file there yet)."""
    try:
        key = _key(path)
    except FileNotFoundError:
        return None
    entry = _held.get(key)
    if entry is None:
        entry = _held[key] = _Entry()
    entry.holders += 1
    return Hold(key)


def read_head(path: Path) -> bytes:
    """The first HEAD_BYTES of the file (fewer, or none, for a file being made); read once
    while the file is held. Raises FileNotFoundError for a missing file, and OSError as
    reading it does."""
    return read_header(path)[:HEAD_BYTES]


def read_header(path: Path) -> bytes:
    """The first HEADER_BYTES of the file (SQLite's whole database header, which names the
    application), read at the same time as ``read_head`` and kept alike; only HEAD_BYTES of a
    file this process made (``remember_head``)."""
    entry = _held.get(_key(path))
    if entry is not None and entry.head is not None:
        return entry.head
    with path.open("rb") as f:
        head = f.read(HEADER_BYTES)
    if entry is not None and len(head) >= HEAD_BYTES:  # complete enough: it never changes for this file
        entry.head = head
    return head


def remember_head(path: Path, head: bytes) -> None:
    """What the head of a held file this process is making will be: it is not read then."""
    entry = _held.get(_key(path))
    if entry is not None:
        entry.head = head
