"""Front matter: the ``---`` YAML block at the top of a Markdown note (Obsidian's properties, the
``title:`` Logseq's documentation journals carry). Read with python-frontmatter, never by hand,
so it is never taken for a heading, a project named ``---`` or a note of its own."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from engine.rules.errors import InvalidInputError

__all__ = ["FrontMatter", "split_front_matter"]


@dataclass(frozen=True)
class FrontMatter:
    """What a note's front matter says, and where its body starts."""

    fields: dict[str, Any]
    body: str
    body_line: int  # the 1-based line number of the body's first line in the file


def split_front_matter(text: str, *, name: str) -> FrontMatter:
    """The front matter of ``text`` and the rest. A note without one has no fields and all of its
    text as the body. Front matter that is not YAML is an error naming the file and line."""
    import frontmatter  # only now: telling a vault or a graph by its folders needs no YAML
    import yaml

    if not frontmatter.checks(text):
        return FrontMatter({}, text, 1)
    try:
        fields, body = frontmatter.parse(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 2}" if mark is not None else ""  # the mark counts from 0, after the opening ---
        problem = getattr(error, "problem", None) or "not YAML"
        raise InvalidInputError(f"{name}{line}: the front matter (the --- block at the top) is not YAML: {problem}") from None
    if not isinstance(fields, dict):
        raise InvalidInputError(f"{name}: the front matter (the --- block at the top) is not a set of fields")
    # python-frontmatter strips the body; count the lines before it from the text itself
    head = len(text) - len(text.lstrip("\ufeff"))
    closing = text.find("\n---", head + 3)
    after = text.find("\n", closing + 4) if closing >= 0 else -1
    start_line = text.count("\n", 0, after) + 2 if after >= 0 else text.count("\n") + 2
    rest = text[after + 1 :] if after >= 0 else ""
    leading = len(rest) - len(rest.lstrip("\n"))
    return FrontMatter(fields, body, start_line + leading)
