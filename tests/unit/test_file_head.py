"""A held ledger file's head is read once and never again while held (engine.storage.file_head): a
descriptor of the file closed while SQLite holds locks on it would drop them."""

from __future__ import annotations

from pathlib import Path

from engine.storage.file_head import HEAD_BYTES, hold, read_head, remember_head


def _write_in_place(path: Path, data: bytes) -> None:
    with path.open("r+b") as f:  # same inode
        f.write(data)


def test_a_file_not_held_is_read_each_time(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    path.write_bytes(b"A" * 32)
    assert read_head(path) == b"A" * HEAD_BYTES
    _write_in_place(path, b"B" * 32)
    assert read_head(path) == b"B" * HEAD_BYTES


def test_a_held_file_is_read_once_until_every_hold_is_released(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    path.write_bytes(b"A" * 32)
    first, second = hold(path), hold(path)
    assert first is not None and second is not None
    assert read_head(path) == b"A" * HEAD_BYTES
    _write_in_place(path, b"B" * 32)
    assert read_head(path) == b"A" * HEAD_BYTES  # not opened again
    first.release()
    first.release()  # twice is once
    assert read_head(path) == b"A" * HEAD_BYTES
    second.release()
    assert read_head(path) == b"B" * HEAD_BYTES


def test_a_file_being_made_is_told_its_head_and_an_incomplete_head_is_not_kept(tmp_path: Path) -> None:
    path = tmp_path / "ledger.sqlite"
    path.write_bytes(b"")
    held = hold(path)
    assert held is not None
    assert read_head(path) == b""  # nothing yet: not kept
    remember_head(path, b"S" * HEAD_BYTES)
    assert read_head(path) == b"S" * HEAD_BYTES
    held.release()
    assert read_head(path) == b""


def test_nothing_to_hold_where_there_is_no_file(tmp_path: Path) -> None:
    assert hold(tmp_path / "missing.sqlite") is None


def test_a_hold_whose_owner_is_gone_without_closing_is_released(tmp_path: Path) -> None:
    import gc

    class Owner:
        pass

    path = tmp_path / "ledger.sqlite"
    path.write_bytes(b"A" * 32)
    owner = Owner()
    held = hold(path)
    assert held is not None
    held.tie(owner)
    assert read_head(path) == b"A" * HEAD_BYTES
    _write_in_place(path, b"B" * 32)
    assert read_head(path) == b"A" * HEAD_BYTES
    del owner
    gc.collect()
    assert read_head(path) == b"B" * HEAD_BYTES
