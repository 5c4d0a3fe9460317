"""Bytes to text, text to lines, and the shape of one line: indentation and bullet."""

from __future__ import annotations

import re
from dataclasses import dataclass

from engine.rules.errors import InvalidInputError

__all__ = ["Bullet", "Line", "decode_note", "split_lines"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")

# Bullet glyphs and the nesting level their style suggests (Google Docs exports use
# ● / ○ / ■ or • / ◦ / ▪ for levels 1, 2, 3 even when the indentation is lost).
_GLYPH_RANK = {"•": 0, "●": 0, "∙": 0, "·": 0, "◦": 1, "○": 1, "‣": 1, "▪": 2, "■": 2, "□": 2}

_BULLET = re.compile(
    r"""^(?:
        (?P<glyph>[•●∙·◦○‣▪■□])\s*        # glyph bullets: the space after them is optional
      | (?P<dash>[-*+–—])\s+               # ASCII and dash bullets need a space ("-5 degrees")
      | (?P<number>[0-9]{1,3}[.)])\s+      # 1. or 1)
    )?
    (?:\[(?P<box>[ xX✓✔])\](?:\s+|$))?     # markdown checkbox: - [ ] / - [x]
    (?P<rest>.*)$""",
    re.VERBOSE | re.DOTALL,
)


def decode_note(data: bytes, *, name: str) -> str:
    """The text of a note file: UTF-8 (a BOM is allowed), line breaks made "\\n".

    Raises InvalidInputError naming the file (and the line, for bad bytes) when the data is
    binary, UTF-16, not UTF-8, or holds nothing but whitespace.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InvalidInputError(f"{name}: the note is UTF-16 text; save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise InvalidInputError(f"{name}:{line}: binary data (a NUL byte), not a text note")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        byte = data[error.start]
        raise InvalidInputError(
            f"{name}:{line}: not UTF-8 text (byte 0x{byte:02x}); save the note as UTF-8"
        ) from None
    if not text.strip():
        raise InvalidInputError(f"{name}: the note is empty")
    return "\n".join(split_lines(text))


def split_lines(text: str) -> list[str]:
    """Lines split at "\\n", "\\r\\n" or a lone "\\r" (other Unicode separators stay inside)."""
    return _LINE_BREAK.split(text)


@dataclass(frozen=True)
class Bullet:
    """The bullet that starts a line."""

    marker: str  # "•", "-", "1.", or "" for a bare checkbox "[ ] ..."
    rank: int  # nesting level suggested by the style: 0 for • - * 1., 1 for ◦, 2 for ▪
    box: str | None  # "[ ]", "[x]"...: a markdown checkbox, None when there is none
    text: str  # the words after the marker and the checkbox, stripped

    @property
    def checked(self) -> bool:
        return self.box is not None and self.box != "[ ]"


@dataclass(frozen=True)
class Line:
    """One non-blank line of a note."""

    number: int  # 1-based
    raw: str  # as written
    content: str  # stripped
    indent: int  # leading whitespace, a tab counting 4
    bullet: Bullet | None

    @classmethod
    def read(cls, number: int, raw: str) -> Line:
        content = raw.strip()
        lead = raw[: len(raw) - len(raw.lstrip())]
        indent = len(lead) + 3 * lead.count("\t")  # a tab counts 4
        return cls(number, raw, content, indent, _bullet(content))

    @property
    def key(self) -> tuple[int, int]:
        """How deep the line sits: indentation first, then the bullet style's level."""
        return (self.indent, self.bullet.rank if self.bullet else 0)

    @property
    def words(self) -> str:
        """The content without its bullet and checkbox."""
        return self.bullet.text if self.bullet else self.content


def _bullet(content: str) -> Bullet | None:
    match = _BULLET.match(content)
    if match is None:  # pragma: no cover - the pattern matches any text
        return None
    marker = match["glyph"] or match["dash"] or match["number"] or ""
    if not marker and match["box"] is None:
        return None
    rank = _GLYPH_RANK.get(marker, 0)
    box = f"[{match['box']}]" if match["box"] is not None else None
    return Bullet(marker, rank, box, match["rest"].strip())
