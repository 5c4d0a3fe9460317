"""The registry of outside formats: every entry names code that exists, the command line lists
exactly the registered readers and writers, and a file's suffix picks its reader."""

from __future__ import annotations

import importlib
from pathlib import Path

import click
import pytest

from cli.formats import (
    EXPORT_ORDER,
    FORMATS,
    IMPORT_ORDER,
    default_reader,
    import_sources,
    reader,
    source_command,
    writer,
)


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_entry_point_names_a_function_or_command_that_exists(name: str) -> None:
    f = FORMATS[name]
    assert f.reader or f.writer or f.command
    if f.reader:
        assert callable(reader(name))
    if f.writer:
        assert callable(writer(name))
    if f.command:
        assert isinstance(source_command(name), click.Command)
        assert f.usage
    for target in (f.reader, f.writer, f.command):
        if target:
            module, _, attribute = target.partition(":")
            assert attribute in importlib.import_module(module).__all__


def test_the_command_line_lists_exactly_the_registered_readers_and_writers() -> None:
    assert sorted(IMPORT_ORDER) == sorted(n for n, f in FORMATS.items() if f.reader)
    assert sorted(EXPORT_ORDER) == sorted(n for n, f in FORMATS.items() if f.writer)
    assert set(import_sources()).isdisjoint(IMPORT_ORDER)


def test_the_reader_is_found_from_the_paths() -> None:
    assert default_reader(["a.ics", "B.ICS"]) == "ics"
    assert default_reader(["a.ics", "notes/"]) == "notes"
    assert default_reader(["2026-04-24.txt"]) == "notes"


def test_a_format_without_a_reader_or_writer_says_so() -> None:
    with pytest.raises(KeyError):
        reader("jsonl")
    with pytest.raises(KeyError):
        writer("wordpress")


def test_journals_of_other_programs_are_recognised_only_where_unambiguous(tmp_path: Path) -> None:
    """A Logseq graph (or its journals, or files named 2020_09_14.md) reads as logseq, an Obsidian
    vault (or a folder in it) as obsidian; a folder of plain notes, or of both kinds, stays notes."""
    data = Path(__file__).resolve().parents[1] / "data" / "journals"
    assert default_reader([str(data / "logseq")]) == "logseq"
    assert default_reader([str(data / "logseq" / "journals")]) == "logseq"
    assert default_reader([str(data / "logseq" / "journals" / "2021_02_20.md")]) == "logseq"
    assert default_reader([str(data / "obsidian")]) == "obsidian"
    assert default_reader([str(data / "obsidian" / "Daily Notes")]) == "obsidian"
    plain = tmp_path / "notes"
    plain.mkdir()
    (plain / "2026-04-24.txt").write_text("Notes 4.24.2026\n")
    assert default_reader([str(plain)]) == "notes"
    assert default_reader([str(plain / "2026-04-24.txt")]) == "notes"
    (plain / "2020_09_14.md").write_text("- TODO x\n")
    assert default_reader([str(plain)]) == "notes"  # both kinds: not Logseq's alone
    assert default_reader([str(data / "logseq"), str(data / "obsidian")]) == "notes"
