"""Finding note files in folders: which are notes, in which order, each file once."""

from __future__ import annotations

import os
from pathlib import Path

from engine.formats.notes.files import find_note_files


def _touch(folder: Path, *names: str) -> None:
    for name in names:
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("Tasks\n  • x\n", encoding="utf-8")


def test_notes_in_a_folder_in_path_order_without_hidden_readme_or_other_files(tmp_path: Path) -> None:
    _touch(
        tmp_path,
        "b.txt", "a.MD", "2016/01/02.txt", "2016/01/01.txt", "2016.txt", "README.md", "sub/readme.txt",
        ".hidden.txt", ".git/x.txt", "sub/.cache/y.md", "photo.jpg", "notes.txt.bak",
    )
    (tmp_path / "folder.txt").mkdir()  # a folder with a note's name is not a note
    found, problems, skipped = find_note_files([str(tmp_path)])
    names = [str(Path(name).relative_to(tmp_path)) for _path, name in found]
    assert names == ["2016/01/01.txt", "2016/01/02.txt", "2016.txt", "a.MD", "b.txt"]  # as paths sort: by part
    assert [p for p, _name in found] == [tmp_path / n for n in names]
    assert sorted(Path(s).relative_to(tmp_path).as_posix() for s in skipped) == ["README.md", "sub/readme.txt"]
    assert problems == []


def test_the_same_file_named_twice_or_linked_is_found_once_and_missing_paths_are_problems(tmp_path: Path) -> None:
    _touch(tmp_path, "notes/2026-04-20.txt", "notes/2026-04-21.txt")
    os.link(tmp_path / "notes/2026-04-20.txt", tmp_path / "notes/2026-04-22.txt")
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere/2026-04-21.txt").symlink_to(tmp_path / "notes/2026-04-21.txt")
    (tmp_path / "notes/broken.txt").symlink_to(tmp_path / "gone.txt")
    folder = str(tmp_path / "notes")
    found, problems, _skipped = find_note_files(
        [folder, str(tmp_path / "notes/2026-04-21.txt"), str(tmp_path / "elsewhere"), str(tmp_path / "nope")]
    )
    assert [name for _path, name in found] == [f"{folder}/2026-04-20.txt", f"{folder}/2026-04-21.txt"]
    assert problems == [  # a broken link is named, not skipped silently (issue 25)
        f"{folder}/broken.txt: a broken link to {tmp_path / 'gone.txt'}; not read",
        f"{tmp_path / 'nope'}: no such file or folder",
    ]


def test_a_linked_folder_is_not_walked_into(tmp_path: Path) -> None:
    _touch(tmp_path, "real/2026-04-20.txt")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes/link").symlink_to(tmp_path / "real", target_is_directory=True)
    found, _problems, _skipped = find_note_files([str(tmp_path / "notes")])
    assert found == []
