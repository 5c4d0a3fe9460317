"""``import --from logseq|obsidian|jrnl``: other programs' journals, imported as daily notes.

Logseq's and Obsidian's journals are folders of daily notes read by their own dialects
(``engine.formats.logseq``, ``engine.formats.obsidian``); jrnl's exports are files of entries,
gathered by day (``engine.formats.jrnl``). Each then imports like the plain notes: the same
carry-over of tasks, and importing again records only what changed.
"""

from __future__ import annotations

from cli.formats import ImportRequest
from cli.importing import import_note_files
from cli.options import session

__all__ = ["import_jrnl_files", "import_logseq_files", "import_obsidian_files"]


def import_logseq_files(request: ImportRequest) -> None:
    """A Logseq graph's journals (the graph's folder, its ``journals`` folder or journal files)."""
    from engine.formats.logseq import LOGSEQ

    import_note_files(request, LOGSEQ)


def import_obsidian_files(request: ImportRequest) -> None:
    """Obsidian daily notes (a vault, a folder of it, or note files)."""
    from engine.formats.obsidian import OBSIDIAN

    import_note_files(request, OBSIDIAN)


def import_jrnl_files(request: ImportRequest) -> None:
    """jrnl's text or JSON exports: each entry a note at its own time."""
    from pathlib import Path

    from cli.import_report import finish_import
    from engine.formats.jrnl import read_journal
    from engine.formats.notes.files import NoteFile, read_note_text
    from engine.importers.notes.recording import FileResult, ImportOptions, ImportReport, import_parsed_notes
    from engine.rules.errors import InvalidInputError

    s = session()
    options = ImportOptions(tz=s.tz, dry_run=request.dry_run)
    report = ImportReport(dry_run=request.dry_run)
    notes: list[NoteFile] = []
    for name in request.paths:
        path = Path(name)
        try:
            if not path.is_file():
                raise InvalidInputError(f"{name}: {'a folder; name the export file' if path.is_dir() else 'no such file'}")
            read = read_note_text(path, name)
            notes += [NoteFile(name=name, sha256=read.sha256, note=day) for day in read_journal(read.text, name)]
        except InvalidInputError as e:
            report.results.append(FileResult(name, "failed", error=str(e), exit_code=e.exit_code))
    if not report.failed:  # one bad file records nothing of the others: they may be one journal's parts
        import_parsed_notes(s.location, notes, options, views=s.views(), report=report)
    finish_import(report, json=s.json, explain=request.explain)
