"""Capture as people type: ``add Call mom about the garage project:Home +family due:fri``.

The words of ``add``, ``note`` and ``appt`` are the text, except the Taskwarrior-style words among
them, which are read as attributes. The rule that keeps ordinary text text:

- ``+word`` (a letter after the ``+``) is a tag, where the command takes tags (``add``);
  elsewhere, and ``+1``, it is text.
- ``name:value`` with a lower-case name and a value is an attribute when the name is one the
  command takes, or a prefix of it of three letters or more, as Taskwarrior reads them
  (``pro:``, ``proj:`` are ``project:``; ``pri:`` is ``priority:``).
- A ``name:value`` whose name is close to one of them (``projet:``, ``priorty:``) or, for ``add``,
  a Taskwarrior attribute dayledger does not take (``wait:``, ``scheduled:``...), is an error
  naming the word: it was meant as an attribute, and saving it as text would hide the mistake.
- Any other ``word:word`` (``10:30``, ``http://x``, ``Re:``, ``Note:``) is text, and so is every
  word after ``--``, which ends the reading of attributes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from engine.rules.errors import InvalidInputError

__all__ = ["ADD", "APPT", "EDIT", "NOTE", "Captured", "Takes", "merge", "read_words"]

_ATTRIBUTE = re.compile(r"^([a-z][a-z_.]*):(.+)$", re.DOTALL)
_TAG = re.compile(r"^\+([^\W\d_][\w.-]*)$")
_TASKWARRIOR = ("wait", "scheduled", "until", "recur", "depends", "status", "entry", "start", "end", "uuid", "description", "urgency", "tags")


@dataclass(frozen=True)
class Takes:
    """What one command reads from its words: attribute names (full spelling), and tags or not."""

    command: str
    names: tuple[str, ...]
    tags: bool = False
    taskwarrior: tuple[str, ...] = ()


ADD = Takes("add", ("project", "due", "priority"), tags=True, taskwarrior=_TASKWARRIOR)
EDIT = Takes("edit", ("project", "due", "priority"), tags=True, taskwarrior=_TASKWARRIOR)
NOTE = Takes("note", ("project",))
APPT = Takes("appt", ("project", "when", "duration"))


@dataclass
class Captured:
    """What the words said: the text (and its words), the attributes by full name, the tags in order."""

    text: str
    words: list[str] = field(default_factory=list)
    attributes: dict[str, str] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)


def _name_of(name: str, takes: Takes) -> str | None:
    """The full attribute name ``name`` stands for, None when it is not one (text), or an error."""
    if name in takes.names:
        return name
    prefixed = [n for n in takes.names if len(name) >= 3 and n.startswith(name)]
    if len(prefixed) == 1:
        return prefixed[0]
    return None


def read_words(words: Sequence[str], takes: Takes, *, literal: Sequence[str] = ()) -> Captured:
    """The text and attributes in ``words`` (``literal``: the words after ``--``, all text).
    An attribute given twice with different values, or a misspelt one, is an error naming it."""
    text: list[str] = []
    captured = Captured("")
    for word in words:
        tag = _TAG.match(word)
        if tag and takes.tags:
            if tag[1] not in captured.tags:
                captured.tags.append(tag[1])
            continue
        attribute = _ATTRIBUTE.match(word)
        if attribute is None:
            text.append(word)
            continue
        given, value = attribute[1], attribute[2]
        name = _name_of(given, takes)
        if name is None:
            _refuse_near_miss(word, given, takes)
            text.append(word)
            continue
        if captured.attributes.get(name, value) != value:
            raise InvalidInputError(f"{word!r} contradicts {name}:{captured.attributes[name]} given before it")
        captured.attributes[name] = value
    captured.words = [*text, *literal]
    captured.text = " ".join(captured.words)
    return captured


def _refuse_near_miss(word: str, given: str, takes: Takes) -> None:
    if given in takes.taskwarrior:
        raise InvalidInputError(
            f"{word!r}: {takes.command} does not take {given}: (it takes {', '.join(n + ':' for n in takes.names)});"
            " put -- before words that are text"
        )
    import difflib  # only for a word that is not an attribute: most captures never need it

    near = difflib.get_close_matches(given, takes.names, n=1, cutoff=0.75)
    if near:
        raise InvalidInputError(f"{word!r} is not an attribute: did you mean {near[0]}:? (put -- before words that are text)")


def merge(option: str | None, word: str | None, *, option_name: str, word_name: str) -> str | None:
    """One value from an option and the same attribute as a word: both may be given if they agree."""
    if option is not None and word is not None and option.strip() != word.strip():
        raise InvalidInputError(f"{option_name} {option} and {word_name}:{word} disagree; give one")
    return option if option is not None else word
