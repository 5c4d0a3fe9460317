"""Marks inside a line's words: "– done", "– Appointment for Tuesday", arXiv ids."""

from __future__ import annotations

import re

__all__ = [
    "escape_marks", "extract_arxiv_id", "is_cancel_mark", "leading_arxiv_reference", "split_appointment", "split_done_mark", "split_marks",
]

# A done mark at the very end of a task, case-insensitive. A hyphen needs a space on one side
# so "Cook the steak well-done" stays open; en and em dashes may touch ("Bills—done").
# The "0" typo sits next to "-" on the keyboard ("Chores 0 done").
# Judgement call: a bare trailing "done" ("Get it done") is NOT a mark: it is as likely part of
# the task's words, and calling an open task done would hide it; "done!" is taken as a mark.
# Every alternative starts on a non-space character and its gaps are bounded (\s{0,8}), so the
# search is linear even on lines full of spaces; it only looks at the text's tail.
_GAP = r"\s{0,8}"
_DONE = re.compile(
    rf"""(?:
        [–—‒―]{_GAP}done\b[.!]*                          # – done, —done
      | (?:(?<=\s)-{{1,2}}{_GAP}|-{{1,2}}\s{{1,8}})done\b[.!]*  # - done, -- done, -done after a space
      | (?<=\s)0{_GAP}done\b[.!]*                        # 0 done (typo for -)
      | :{_GAP}done\b[.!]*                               # : done
      | [(\[]{_GAP}done{_GAP}[)\]][.!]*                   # (done) [done]
      | (?<=\s)done!+                                    # done!
      | (?:(?:--|[-–—:]){_GAP})?[✓✔✅☑](?:{_GAP}done\b[.!]*)?  # ✓ ✔
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
# A cancel mark, as notes out writes a cancelled task on the day it was cancelled ("Book the hall –
# cancelled"): a dash (a hyphen with a space on one side) before "cancelled" or "canceled".
_CANCEL = re.compile(rf"(?:[–—‒―]{_GAP}|(?<=\s)-{{1,2}}{_GAP}|-{{1,2}}\s{{1,8}})cancell?ed\b[.!]*$", re.IGNORECASE)
_DONE_TAIL = 80  # longer than any mark, with the character before it
_CHECKS = frozenset("✓✔✅☑")

# "– Appointment for Tuesday morning", "- appt on Thu 3pm", "(appointment at 10:00)".
# A separator (or the start of the task) is required, so "Ask about the appointment at the
# clinic" stays a plain task; a hyphen needs a space on one side ("Re-appointment for" is words).
_APPOINTMENT = re.compile(
    rf"""(?:^|(?P<sep>(?<=\s)-{{1,2}}|-{{1,2}}(?=\s)|[–—‒―:,;(]){_GAP})
        (?:appointment|appt)\.?\s{{1,8}}(?:for|on|at)\s{{1,8}}
        (?P<when>\S.*)$""",
    re.IGNORECASE | re.VERBOSE,
)

_ARCHIVES = (
    "acc-phys|adap-org|alg-geom|ao-sci|astro-ph|atom-ph|bayes-an|chao-dyn|chem-ph|cmp-lg|"
    "comp-gas|cond-mat|cs|dg-ga|funct-an|gr-qc|hep-ex|hep-lat|hep-ph|hep-th|math-ph|math|"
    "mtrl-th|nlin|nucl-ex|nucl-th|patt-sol|physics|plasm-ph|q-alg|q-bio|quant-ph|solv-int|supr-con"
)
_MONTH = r"(?:0[1-9]|1[0-2])"
# The id itself, in a capturing group; the version (v2) is matched but left out.
_NEW_ID = rf"[0-9]{{2}}{_MONTH}\.[0-9]{{4,5}}"
_OLD_ID = rf"(?:{_ARCHIVES})(?:\.[A-Za-z]{{2}})?/[0-9]{{2}}{_MONTH}[0-9]{{3}}"
_ID = rf"(?<![\w.])({_NEW_ID}|{_OLD_ID})(?:v[0-9]+)?(?![\w/])"

_REFERENCE = re.compile(
    rf"""\[\s*(?:arxiv:\s*)?{_ID}\s*\]                                  # [2604.21691]
      | (?:(?:https?://)?(?:www\.|export\.)?arxiv\.org/|(?<![\w/.-]))(?:abs|pdf|html)/{_ID}(?:\.pdf)?  # abs/2604.21691v2
      | arxiv:\s*{_ID}                                                # arXiv:2604.21691
      | (?<![\w/.-])({_OLD_ID})(?:v[0-9]+)?(?![\w/])                   # math/0601001
    """,
    re.IGNORECASE | re.VERBOSE,
)
_BARE = re.compile(rf"{_ID}", re.IGNORECASE)


def is_cancel_mark(mark: str | None) -> bool:
    """Whether the mark ``split_done_mark`` found says the task was cancelled ("– cancelled"), not done."""
    return mark is not None and _CANCEL.fullmatch(mark) is not None


def split_done_mark(text: str) -> tuple[str, str | None]:
    """("Bills", "– done") for "Bills – done" (and "– cancelled", which ``is_cancel_mark``
    tells apart); (text, None) when there is no mark."""
    text = text.rstrip()
    offset = max(0, len(text) - _DONE_TAIL)
    tail = text[offset:].lower()
    if "cancel" in tail:
        match = _CANCEL.search(text, offset)
        if match is not None:
            return text[: match.start()].rstrip(), match.group(0)
    if "done" not in tail and not _CHECKS.intersection(tail):
        return text, None  # every other mark holds "done" (any case) or a check: most tasks are open
    match = _DONE.search(text, offset)
    if match is None:
        return text, None
    return text[: match.start()].rstrip(), match.group(0)


def split_appointment(text: str) -> tuple[str, str | None]:
    """("Dentist", "Tuesday morning") for "Dentist – Appointment for Tuesday morning".

    When the appointment is all there is ("Appointment for Tuesday"), the text is kept whole.
    """
    text = text.strip()
    if "app" not in text.lower():
        return text, None  # "appointment" and "appt" (any case) both start so: most tasks have neither
    match = _APPOINTMENT.search(text)
    if match is None:
        return text, None
    when = match["when"].rstrip()
    if match["sep"] == "(" and when.endswith(")"):
        when = when[:-1].rstrip()
    if not when:
        return text, None
    rest = text[: match.start()].rstrip()
    return (rest or text), when


# A backslash makes the character after it text, never the start of a mark (how notes out writes a
# task whose own words end in "– done" or hold "– Appointment for"): at the start of a task's words
# any character (a checkbox "[x]", a paper "[2604.12345]"), elsewhere the characters a mark starts
# with (dashes, ":", "(", "[", "0", checks, a backslash, and "done", "appointment", "appt"). Any
# other backslash is text as before ("C:\\dir").
_ESCAPED = re.compile(r"^\\(?=\S)|\\(?=[-–—‒―:,;(\[0✓✔✅☑\\]|done|appointment|appt)", re.IGNORECASE | re.DOTALL)
_SHIFT = 0xF0000  # an escaped character is held as a private-use one while the marks are looked for


def _protect(text: str) -> tuple[str, list[int]]:
    """``text`` with each escaped character made one no mark can start with (its backslash
    dropped), and for each character of the result its index in ``text``."""
    out: list[str] = []
    index: list[int] = []
    position = 0
    for match in _ESCAPED.finditer(text):
        if match.start() < position:
            continue  # "\\\\": the second backslash was escaped by the first
        out.append(text[position : match.start()])
        index.extend(range(position, match.start()))
        char = text[match.end()]
        out.append(chr(_SHIFT + ord(char)) if ord(char) < 0x10000 else char)
        index.append(match.end())
        position = match.end() + 1
    out.append(text[position:])
    index.extend(range(position, len(text)))
    return "".join(out), index


_HELD = re.compile("[\U000F0000-\U000FFFFF]")  # the private-use characters _protect holds escaped ones as


def _restore(text: str) -> str:
    if _HELD.search(text) is None:  # nothing was escaped (nearly every line): the text as it is
        return text
    return "".join(chr(ord(c) - _SHIFT) if _SHIFT <= ord(c) < _SHIFT + 0x10000 else c for c in text)


def split_marks(text: str) -> tuple[str, str | None, str | None]:
    """(words, done mark, appointment phrase) of a task's words: "Dentist – Appointment for Tuesday
    – done" -> ("Dentist", "– done", "Tuesday"). A mark written with a backslash before it is
    words, the backslash dropped ("Pay the plumber \\– done" is the task "Pay the plumber – done")."""
    protected, _ = _protect(text)
    words, mark = split_done_mark(protected)
    words, when = split_appointment(words)
    if mark is None:
        words, mark = split_done_mark(words)  # "X – done – Appointment for ..." order
    return _restore(words).strip(), mark and _restore(mark), when and _restore(when)


def escape_marks(text: str) -> str:
    """``text`` with a backslash before each mark ``split_marks`` would read in it, and before a
    start that reads as a checkbox or a paper: ``split_marks`` gives ``text`` back whole."""
    text = _ESCAPED.sub(lambda m: "\\\\", text)  # a backslash the parser would take for an escape is escaped itself
    for _ in range(len(text) + 1):
        protected, index = _protect(text)
        at = _mark_start(protected)
        if at is None:
            return text
        text = text[: index[at]] + "\\" + text[index[at] :]
    raise AssertionError("escape_marks did not settle")  # pragma: no cover - each round escapes one more character


def _mark_start(protected: str) -> int | None:
    """Where the first thing a task's words would lose starts, in protected words, or None."""
    stripped = protected.rstrip()
    if re.match(r"\[[ xX✓✔]\](?:\s|$)", stripped) or leading_arxiv_reference(stripped) is not None:
        return 0
    offset = max(0, len(stripped) - _DONE_TAIL)
    done = _DONE.search(stripped, offset)
    cancel = _CANCEL.search(stripped, offset) if "cancel" in stripped[offset:].lower() else None
    appointment = _APPOINTMENT.search(stripped) if "app" in stripped.lower() else None
    starts = [m.start() for m in (done, cancel, appointment) if m is not None]
    return min(starts) if starts else None


def extract_arxiv_id(text: str) -> str | None:
    """The arXiv id referred to in text, without its version, or None.

    Understood: "[2604.21691]", "arXiv:2604.21691", "https://arxiv.org/abs/2604.21691v2", "abs/2604.21691v2",
    old-style "math/0601001" or "hep-th/9901001v1", and a bare new-style id when it is the
    whole text. A bare number inside a sentence ("paid 1204.5678") is not taken for an id.
    """
    match = _REFERENCE.search(text)
    if match is not None:
        return _id_of(match)
    bare = _BARE.fullmatch(text.strip())
    return bare.group(1) if bare else None


def leading_arxiv_reference(text: str) -> tuple[str, str] | None:
    """(id, the words after it) when text starts with an arXiv reference."""
    match = _REFERENCE.match(text)
    if match is None:
        return None
    title = text[match.end() :].strip().lstrip("-–—:|").strip()
    return _id_of(match), title


def _id_of(match: re.Match[str]) -> str:
    return next(group for group in match.groups() if group)
