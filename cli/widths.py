"""How wide text shows on a terminal, and wrapping it to a width.

A terminal gives East Asian wide characters (CJK) and most emoji two cells, combining marks and
joiners none; ``len`` counts them all as one, so columns of such text would be drawn too narrow
or too wide. The standard library's Unicode tables (``unicodedata``) say which is which; that is
enough for a task list and needs no dependency (``wcwidth`` would also know emoji joined into one
picture with ZWJ, which this counts as their parts: a line then wraps a little early, never late).
"""

from __future__ import annotations

import unicodedata

__all__ = ["display_width", "wrapped"]

# Shown as nothing: zero width space, joiners and direction marks, word joiner, variation selectors,
# byte order mark.
_NO_WIDTH = frozenset("\u200b\u200c\u200d\u200e\u200f\u2060\ufeff") | frozenset(map(chr, range(0xFE00, 0xFE10)))


def _char_width(char: str) -> int:
    if char in _NO_WIDTH or unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def display_width(text: str) -> int:
    """How many terminal cells ``text`` takes (one line of it)."""
    if text.isascii():
        return len(text)
    return sum(map(_char_width, text))


def wrapped(text: str, width: int) -> list[str]:
    """``text`` as lines at most ``width`` cells wide, broken between words where it can be
    (a word longer than a line is broken inside); spaces at the breaks are dropped."""
    width = max(width, 1)
    if display_width(text) <= width:
        return [text]
    lines: list[str] = []
    line, used = "", 0
    for word in text.split(" "):
        size = display_width(word)
        gap = 1 if line else 0
        if used + gap + size <= width:
            line, used = line + " " * gap + word, used + gap + size
            continue
        if line:
            lines.append(line)
            line, used = "", 0
        while size > width:  # a word longer than a whole line: as much of it as fits, then the rest
            cut, taken = 0, 0
            while cut < len(word) and taken + _char_width(word[cut]) <= width:
                taken += _char_width(word[cut])
                cut += 1
            cut = max(cut, 1)  # a wide character in a one-cell column still moves on
            lines.append(word[:cut])
            word = word[cut:]
            size = display_width(word)
        line, used = word, size
    if line or not lines:
        lines.append(line)
    return lines
