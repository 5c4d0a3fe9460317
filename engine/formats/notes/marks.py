"""Marks inside a line's words: "– done", "– Appointment for Tuesday", arXiv ids."""

from __future__ import annotations

import re

__all__ = ["extract_arxiv_id", "leading_arxiv_reference", "split_appointment", "split_done_mark"]

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


def split_done_mark(text: str) -> tuple[str, str | None]:
    """("Bills", "– done") for "Bills – done"; (text, None) when there is no mark."""
    text = text.rstrip()
    offset = max(0, len(text) - _DONE_TAIL)
    tail = text[offset:]
    if "done" not in tail.lower() and not _CHECKS.intersection(tail):
        return text, None  # every mark holds "done" (any case) or a check: most tasks are open
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
