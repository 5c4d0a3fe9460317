"""Files written whole or not at all (engine.storage.files): the content appears at once, and a
failed write leaves the old file as it was and no temporary file behind."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.storage.files import open_whole, write_whole


def test_a_write_replaces_the_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old")
    write_whole(target, "néw\n")
    assert target.read_bytes() == "néw\n".encode()
    write_whole(target, b"\x00bytes")
    assert target.read_bytes() == b"\x00bytes"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_failed_write_keeps_the_old_file_and_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    with pytest.raises(RuntimeError), open_whole(target, "w", encoding="utf-8") as f:
        f.write("half")
        raise RuntimeError("stopped")
    assert target.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def test_a_missing_folder_is_the_file_systems_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_whole(tmp_path / "nope" / "out.ics", b"x")
    assert list(tmp_path.iterdir()) == []
