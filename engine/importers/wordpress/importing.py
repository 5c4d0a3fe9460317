"""Importing a blog's posts as daily notes, through the notes importer (so, idempotently).

Each post becomes one note: its title first (``Phil 4.24.2026`` gives the day and the author;
any other title falls back to the day the post was published, and stays as a line of the
note), then its content as note lines (``engine.formats.wordpress.html``). The importer's keys are
made from the day and the words, so importing again records only what an edit added. Every
fact's source names the post and its revision: ``https://blog.example/?p=42 (2026-04-24,
modified 2026-04-25T08:30:00Z)``, with the sha256 of the note text.
"""

from __future__ import annotations

import fnmatch
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from engine.formats.notes.files import NoteFile
from engine.formats.notes.model import ParseOptions
from engine.formats.notes.parser import parse_note
from engine.formats.wordpress.html import html_to_note_lines
from engine.importers.notes.recording import FileResult, ImportOptions, ImportReport, import_parsed_notes
from engine.importers.wordpress.posts import Post
from engine.rules.errors import InvalidInputError
from engine.storage.location import LedgerLocation

if TYPE_CHECKING:
    from engine.commands.ports import ImportViews

__all__ = ["PostFilter", "import_posts", "note_of", "post_name"]


@dataclass(frozen=True)
class PostFilter:
    """``match``: a pattern for titles, case-insensitive: shell-style (``Phil *``) when it has
    ``*``, ``?`` or ``[``, else words the title must contain."""

    match: str | None = None

    def selects(self, post: Post) -> bool:
        if not self.match:
            return True
        title, pattern = post.title.casefold(), self.match.casefold()
        if any(c in pattern for c in "*?["):
            return fnmatch.fnmatchcase(title, pattern)
        return pattern in title


def post_name(site: str, post: Post) -> str:
    """The post and its revision, as a note's name (the published day is what a date-less title falls back to)."""
    modified = post.modified_gmt.strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"{site}/?p={post.id} ({post.date:%Y-%m-%d}, modified {modified})"


def note_of(site: str, post: Post, options: ParseOptions) -> NoteFile:
    """The post as a parsed daily note. Raises InvalidInputError when it cannot be one."""
    lines = [post.title, *html_to_note_lines(post.content_html)] if post.title else html_to_note_lines(post.content_html)
    text = "\n".join(lines) + "\n"
    name = post_name(site, post)
    note = parse_note(text, name=name, options=options)
    return NoteFile(name=name, sha256=hashlib.sha256(text.encode()).hexdigest(), note=note)


def import_posts(
    location: LedgerLocation,
    site: str,
    posts: list[Post],
    options: ImportOptions,
    post_filter: PostFilter = PostFilter(),
    *,
    views: ImportViews,
) -> ImportReport:
    """Import the posts the filter selects; a post that is no note is reported, the others still import."""
    report = ImportReport(dry_run=options.dry_run)
    parse_options = ParseOptions(date_order=options.date_order)
    notes: list[NoteFile] = []
    for post in posts:
        if not post_filter.selects(post):
            report.skipped.append(post_name(site, post))
            continue
        try:
            notes.append(note_of(site, post, parse_options))
        except InvalidInputError as e:
            report.results.append(FileResult(post_name(site, post), "failed", error=str(e), exit_code=e.exit_code))
    return import_parsed_notes(location, notes, options, views=views, report=report)
