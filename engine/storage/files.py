"""Files written whole or not at all: the content goes to a temporary file in the same folder,
is flushed to the disk, then renamed over the target (an atomic replace on one file system).

The temporary file is named for the target and this process (``.NAME.PID.tmp``), so two writers
of one path never share it, and it is removed when the write fails. Errors are the ``OSError`` the
file system raised: each caller says what the file was.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

__all__ = ["open_whole", "write_whole"]


def _temporary(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


@contextmanager
def open_whole(path: Path, mode: str = "wb", *, encoding: str | None = None) -> Iterator[IO[Any]]:
    """A file to write ``path`` through (``mode`` "wb" or "w"): renamed over ``path`` when the block
    ends without an error, removed when it raises."""
    if mode not in ("wb", "w"):
        raise ValueError(f"open_whole writes, in mode 'wb' or 'w', not {mode!r}")
    tmp = _temporary(path)
    try:
        with tmp.open(mode, encoding=encoding) as f:
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
