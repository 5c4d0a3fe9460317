"""Files written whole or not at all: the content goes to a temporary file in the same folder,
is flushed to the disk, then renamed over the target (an atomic replace on one file system).

The temporary file is named for the target and this process (``.NAME.PID.tmp``), so two writers
of one path never share it, and it is removed when the write fails. Errors are the ``OSError`` the
file system raised: each caller says what the file was.

Files are made 0600 (folders 0700), whatever the umask: an export is as private as the ledger.
Only a regular file (or nothing) is ever replaced: a FIFO, a device node or a symlink at the
target is refused (``InvalidInputError``), for a rename would put a file in place of
``/dev/null`` or of the link, and writing through would block on the FIFO or change the link's
target. An existing file is replaced by an ``--out`` only with ``--force`` (``refuse_overwrite``),
except the files of an earlier export into the same folder, unchanged since (``ExportFolder``).
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

from engine.rules.errors import InvalidInputError

__all__ = ["PRIVATE_FILE", "PRIVATE_FOLDER", "ExportFolder", "make_private_folder", "open_whole", "refuse_overwrite", "refuse_special", "write_whole"]

PRIVATE_FILE, PRIVATE_FOLDER = 0o600, 0o700  # what leaves the ledger (an export, a report) is as private as it


def make_private_folder(folder: Path) -> None:
    """Make ``folder`` (and missing parents) readable by its owner only; an existing one is left as it is."""
    missing = []
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for made in reversed(missing):  # Path.mkdir gives parents the umask's mode, not ``mode``
        made.mkdir(exist_ok=True, mode=PRIVATE_FOLDER)


_KINDS = {stat.S_IFIFO: "a FIFO", stat.S_IFCHR: "a device", stat.S_IFBLK: "a device", stat.S_IFSOCK: "a socket", stat.S_IFLNK: "a symlink", stat.S_IFDIR: "a folder"}


def refuse_special(path: Path) -> os.stat_result | None:
    """``path``'s own status (None when there is nothing there); anything but a regular file is
    refused: dayledger writes regular files only, and never through a link."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return None
    if not stat.S_ISREG(st.st_mode):
        kind = _KINDS.get(stat.S_IFMT(st.st_mode), "not a regular file")
        raise InvalidInputError(f"{path}: is {kind}; dayledger writes only regular files and never replaces or writes through anything else")
    return st


def refuse_overwrite(path: Path, *, force: bool) -> None:
    """Refuse to replace an existing (non-empty) file unless ``force``: it may be anything of the
    user's, and an ``--out`` typed wrongly must not destroy it."""
    st = refuse_special(path)
    if st is not None and st.st_size > 0 and not force:
        raise InvalidInputError(f"{path}: the file exists; dayledger replaces no file it did not write (give --force to replace it)")


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@contextmanager
def open_whole(path: Path, mode: str = "wb", *, encoding: str | None = None) -> Iterator[IO[Any]]:
    """A file to write ``path`` through (``mode`` "wb" or "w"): renamed over ``path`` when the block
    ends without an error, removed when it raises."""
    if mode not in ("wb", "w"):
        raise ValueError(f"open_whole writes, in mode 'wb' or 'w', not {mode!r}")
    refuse_special(path)
    tmp = _temporary(path)
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE)  # the owner's alone, whatever the umask
        with os.fdopen(fd, mode, encoding=encoding) as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def write_whole(path: Path, content: bytes | str, *, encoding: str = "utf-8") -> None:
    """Write ``content`` (text in ``encoding``) to ``path``, whole or not at all."""
    data = content.encode(encoding) if isinstance(content, str) else content
    with open_whole(path) as f:
        f.write(data)


class ExportFolder:
    """A folder an export writes many files into, remembering in a hidden file (``MANIFEST``) the
    SHA-256 of each file it wrote: one of those, unchanged since, is its own to replace; any other
    existing file needs ``force``. Importers skip hidden files, so the folder imports as before."""

    MANIFEST = ".dayledger-export.json"

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        try:
            known = json.loads((folder / self.MANIFEST).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            known = {}
        self._written: dict[str, str] = {k: v for k, v in known.items() if isinstance(k, str) and isinstance(v, str)} if isinstance(known, dict) else {}

    def refuse_overwrites(self, files: Mapping[str, bytes], *, force: bool) -> None:
        """Check every file before any is written: all of them may be written, or none is."""
        refused = []
        for name, content in files.items():
            path = self.folder / name
            st = refuse_special(path)
            if st is None or force:
                continue
            current = hashlib.sha256(path.read_bytes()).hexdigest()
            if current != self._written.get(name) and current != hashlib.sha256(content).hexdigest():
                refused.append(name)
        if refused:
            more = f" and {len(refused) - 1} more" if len(refused) > 1 else ""
            raise InvalidInputError(
                f"{self.folder / refused[0]}{more}: dayledger did not write them, or they changed since; give --force to replace them"
            )

    def write(self, files: Mapping[str, bytes]) -> None:
        """Write each file whole, then remember what was written (telling how far it is: each
        file is synced to disk, thousands take seconds)."""
        from engine.storage.progress import tell

        for done, (name, content) in enumerate(files.items()):
            tell("exporting", done, len(files), "files")
            write_whole(self.folder / name, content)
            self._written[name] = hashlib.sha256(content).hexdigest()
        tell("exporting", len(files), len(files), "files")
        write_whole(self.folder / self.MANIFEST, json.dumps(self._written, indent=1, sort_keys=True) + "\n")
