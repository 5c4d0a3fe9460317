"""The registry of outside formats: every entry names code that exists, the command line lists
exactly the registered readers and writers, and a file's suffix picks its reader."""

from __future__ import annotations

import importlib

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
