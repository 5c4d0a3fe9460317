"""A post's rendered HTML -> the plain-text form of a daily note. Pure.

- paragraphs, headings, line breaks and list items become lines; headings are ``# Text``;
- list items become bullets indented two spaces per level (``•``, then ``◦``, then ``▪``), so
  nested lists stay nested under their item;
- an item whose own words are all struck through (``<del>``, ``<s>``, ``<strike>``) gets the
  note's done mark, ``– done``; struck words elsewhere are kept as words;
- a link keeps its text and its address: ``text (https://...)``, or the address alone when it
  is its own text; images, scripts and styles leave nothing.

The standard library's ``html.parser`` is enough: it is forgiving with broken markup, and
post bodies are small.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

__all__ = ["html_to_note_lines"]

DONE_MARK = "– done"
_BLOCKS = frozenset((
    "p", "div", "section", "article", "header", "footer", "blockquote", "figure", "figcaption", "table", "tr", "pre", "address", "hr", "dl", "dt", "dd",
))
_HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
_STRIKE = frozenset(("del", "s", "strike"))
_SKIP = frozenset(("script", "style", "template", "noscript", "head", "title"))
_GLYPHS = ("•", "◦", "▪")
_WORDY = re.compile(r"[^\W_]")


@dataclass
class _Item:
    """The list item being read: its depth and its own words (not its nested lists')."""

    depth: int
    plain: list[str] = field(default_factory=list)
    struck: list[str] = field(default_factory=list)
    flushed: bool = False


class _Converter(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.words: list[str] = []  # the current line's pieces
        self.lists = 0  # list nesting depth
        self.items: list[_Item] = []
        self.strike = 0
        self.skip = 0
        self.pre = 0
        self.heading = False
        self.links: list[tuple[str | None, int]] = []  # (href, index in words where its text starts)

    # -- lines ------------------------------------------------------------------------------

    def _flush(self) -> None:
        text = " ".join("".join(self.words).split())
        self.words = []
        item = self.items[-1] if self.items else None
        if item is not None and not item.flushed:
            item.flushed = True
            glyph = _GLYPHS[min(item.depth - 1, len(_GLYPHS) - 1)]
            own_plain = "".join(item.plain)
            done = bool(_WORDY.search("".join(item.struck))) and not _WORDY.search(own_plain)
            if text or done:
                self.lines.append(f"{'  ' * item.depth}{glyph} {text}" + (f" {DONE_MARK}" if done else ""))
            return
        if text:
            indent = "  " * (self.lists + 1) if self.lists else ""
            self.lines.append(("# " if self.heading else indent) + text)

    # -- events -----------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists += 1
        elif tag == "li":
            self._flush()
            self.items.append(_Item(depth=max(self.lists, 1)))
        elif tag == "br":
            self._flush()
        elif tag in _HEADINGS:
            self._flush()
            self.heading = True
        elif tag in _BLOCKS:
            self._flush()
            if tag == "pre":
                self.pre += 1
        elif tag in _STRIKE:
            self.strike += 1
        elif tag == "a":
            self.links.append((dict(attrs).get("href"), len(self.words)))

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in ("ul", "ol"):
            self._flush()
            self.lists = max(0, self.lists - 1)
        elif tag == "li":
            self._flush()
            if self.items:
                self.items.pop()
        elif tag in _HEADINGS:
            self._flush()
            self.heading = False
        elif tag in _BLOCKS:
            self._flush()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)
        elif tag in _STRIKE:
            self.strike = max(0, self.strike - 1)
        elif tag == "a" and self.links:
            href, start = self.links.pop()
            self._link(href, start)

    def _link(self, href: str | None, start: int) -> None:
        if not href or href.startswith("#") or href.lower().startswith("javascript:"):
            return
        text = " ".join("".join(self.words[start:]).split())
        if not text:
            self.words.append(href)
        elif text.rstrip("/") != href.rstrip("/") and text.rstrip("/") not in (href.split("://", 1)[-1].rstrip("/"),):
            self.words.append(f" ({href})")
        self._own(href if not text else "")

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre and "\n" in data:
            first, *rest = data.split("\n")
            self._text(first)
            for part in rest:
                self._flush()
                self._text(part)
            return
        self._text(data)

    def _text(self, data: str) -> None:
        self.words.append(data)
        self._own(data)

    def _own(self, data: str) -> None:
        if self.items and not self.items[-1].flushed and data:
            (self.items[-1].struck if self.strike else self.items[-1].plain).append(data)

    def close(self) -> None:
        super().close()
        self._flush()
        while self.items:
            self.items.pop()
            self._flush()


def html_to_note_lines(html: str) -> list[str]:
    """The lines of the note that ``html`` (a post's rendered content) says."""
    converter = _Converter()
    converter.feed(html)
    converter.close()
    return converter.lines
