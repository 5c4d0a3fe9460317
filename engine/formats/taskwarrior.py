"""Taskwarrior's JSON, both ways: reading ``task export`` output (Taskwarrior 2.x and 3.x) into task
records, and writing tasks as JSON that ``task import`` accepts (2.6 and 3.x).

The file is a JSON array of tasks (2.6, 3.x), or one JSON object per line (older 2.x); both are
read, and every problem names the file and the line the task starts on.

What each field becomes:

- ``uuid``: the task's id in the ledger, so importing again changes the same task;
- ``description``: its text; ``project``: its project (a dotted name such as ``Home.Garden``
  is one project of that name); ``tags``: its tags; ``due``: its due time;
- ``priority`` H, M or L: its priority (another value, from a user-defined priority: a tag
  ``pri-VALUE``). A task imported before priorities existed has a tag ``pri-H`` instead: an
  import of it turns that tag into its priority;
- ``entry``: when it was captured; ``end``: when it was completed or deleted; ``modified``:
  when the other changes a later import finds are dated;
- ``annotations``: notes about the task, each at its own ``entry`` time;
- ``status``: pending and waiting are open, completed is done, deleted is cancelled; a
  completion dated before the task's entry (``task log ... entry:X end:Y``) is kept as the file says;
- ``wait``, ``scheduled``, ``until``, ``start`` (an active task), ``depends`` (a list of uuids, or
  older versions' comma-separated text): the task's own fields (``events.task_details``);
- recurrence: a template (``status`` recurring, ``recur``, ``mask``) is an open task with its
  ``recur`` and ``mask``, left off the default task list as Taskwarrior leaves it off its reports,
  also tagged ``recurring`` and ``recur-PERIOD`` as imports before kept it; each occurrence
  Taskwarrior made keeps its ``parent`` and ``imask``; so the template and its occurrences are
  written back as Taskwarrior wrote them, and Taskwarrior makes no occurrence twice;
- any other attribute (a UDA such as ``estimate``, an orphan, ``rtype``): kept by name when its
  value is text or a number; ``id`` and ``urgency`` are worked out by Taskwarrior each time. What
  cannot be kept (a list or true/false as a value, a dependency that is not a uuid) is named per
  task in ``TaskRecord.not_kept``, and the import lists it by file, line and task.

Times are Taskwarrior's UTC form ``20260424T101500Z`` (ISO 8601 and epoch seconds are read too).

Written (``write_export``, the reverse): open tasks are ``pending``, done ones ``completed``,
cancelled ones ``deleted`` (with ``end`` the time they were closed); the priority is the
``priority`` (a task with none but a tag ``pri-H``/``pri-M``/``pri-L``, from an older import not
converted yet: that tag); notes about a task are its ``annotations``; ``modified`` is the time
of its last change; the fields above are written back under their names, a template with status
``recurring`` and its ``mask`` (so a Taskwarrior that reads it makes only the occurrences not made
yet), without the tags ``recurring`` and ``recur-PERIOD`` older imports gave it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, tzinfo
from typing import Any
from uuid import UUID

from engine.formats.records import ExportedTask, RecordStatus, TaskDetails, TaskRecord
from engine.rules.days import day_start
from engine.rules.errors import InvalidInputError
from engine.rules.task import Recurrence, Task

__all__ = ["PRIORITY_TAG", "format_time", "keep_due_days", "parse_time", "read_export", "task_json", "write_export"]

PRIORITY_TAG = "pri-"
_PRIORITIES = ("H", "M", "L")
_STATUS: dict[str, RecordStatus] = {
    "pending": "open",
    "waiting": "open",
    "recurring": "open",
    "completed": "done",
    "deleted": "cancelled",
}


def format_time(moment: datetime) -> str:
    """A time as Taskwarrior writes it: ``20260424T101500Z``."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def parse_time(value: Any, what: str) -> datetime:
    """A Taskwarrior time (``20260424T101500Z``, ISO 8601 with an offset, or epoch seconds)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, UTC)
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 16 and text[8] == "T" and text.endswith("Z"):
                return datetime(  # strptime is 20 times slower, and an export has tens of thousands
                    int(text[0:4]), int(text[4:6]), int(text[6:8]), int(text[9:11]), int(text[11:13]), int(text[13:15]),
                    tzinfo=UTC,
                )
            if text.isdigit():
                return datetime.fromtimestamp(int(text), UTC)
            moment = datetime.fromisoformat(text)  # takes a final Z for UTC, and nothing loose around it
            if moment.tzinfo is not None:
                return moment
        except (ValueError, OverflowError, OSError):
            pass
    raise InvalidInputError(f"{what} {value!r} is not a time (expected e.g. 20260424T101500Z)")


def _objects(text: str) -> Iterator[tuple[int, Any]]:
    """(line, value) of each task in a JSON array or in JSON lines."""
    decoder = json.JSONDecoder()
    stripped = text.lstrip()
    if not stripped:
        return
    line, pos = 1, 0

    def skip(i: int, extra: str = "") -> int:
        nonlocal line
        n = len(text)
        while i < n and (text[i].isspace() or text[i] in extra):
            if text[i] == "\n":
                line += 1
            i += 1
        return i

    def decode(i: int) -> tuple[Any, int]:
        try:
            return decoder.raw_decode(text, i)
        except json.JSONDecodeError as e:
            raise InvalidInputError(f"line {e.lineno}: not JSON: {e.msg}") from None
        except RecursionError:  # json's decoder recurses once per level: a crafted file can exhaust the stack
            raise InvalidInputError(f"line {line}: JSON nested too deeply to be a task") from None

    pos = skip(0)
    array = text[pos] == "["
    if array:
        pos = skip(pos + 1)
        if pos < len(text) and text[pos] == "]":
            pos += 1
            if skip(pos) < len(text):
                raise InvalidInputError(f"line {line}: text after the end of the array")
            return
    while pos < len(text):
        start = line
        value, end = decode(pos)
        line += text.count("\n", pos, end)
        yield start, value
        pos = skip(end)
        if array:
            if pos >= len(text):
                raise InvalidInputError(f"line {line}: the array is not closed with ]")
            if text[pos] == "]":
                pos = skip(pos + 1)
                if pos < len(text):
                    raise InvalidInputError(f"line {line}: text after the end of the array")
                return
            if text[pos] != ",":
                raise InvalidInputError(f"line {line}: expected , or ] between tasks")
            pos = skip(pos + 1)
        else:
            pos = skip(pos, ",")  # some tools end each line with a comma


def _record(obj: Any, line: int) -> TaskRecord:
    if not isinstance(obj, dict):
        raise InvalidInputError(f"line {line}: a task must be a JSON object, not {type(obj).__name__}")
    try:
        task_id = UUID(str(obj["uuid"]))
    except KeyError:
        raise InvalidInputError(f"line {line}: the task has no uuid") from None
    except ValueError:
        raise InvalidInputError(f"line {line}: uuid {obj['uuid']!r} is not a UUID") from None
    description = obj.get("description")
    if description is not None and not isinstance(description, str):
        raise InvalidInputError(f"line {line}: task {task_id}: its description must be text, not {type(description).__name__}")
    if not isinstance(description, str) or not description.strip():
        raise InvalidInputError(f"line {line}: task {task_id} has no description")
    status_name = obj.get("status", "pending")
    status = _STATUS.get(status_name) if isinstance(status_name, str) else None
    if status is None:
        raise InvalidInputError(f"line {line}: task {task_id}: unknown status {status_name!r} (expected one of {', '.join(_STATUS)})")

    def time(name: str) -> datetime | None:
        value = obj.get(name)
        if value is None or value == "":
            return None
        try:
            return parse_time(value, name)
        except InvalidInputError as e:
            raise InvalidInputError(f"line {line}: task {task_id}: {e}") from None

    entry = time("entry") or time("modified")
    if entry is None:
        raise InvalidInputError(f"line {line}: task {task_id} has no entry time")
    tags = obj.get("tags") or []
    if isinstance(tags, str):
        tags = tags.split(",")
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise InvalidInputError(f"line {line}: task {task_id}: tags must be a list of words")
    tags = list(tags)
    priority = obj.get("priority")
    level = priority.strip().upper() if isinstance(priority, str) else ""
    if level and level not in _PRIORITIES:  # a user-defined priority: kept as a tag, as before
        tags.append(PRIORITY_TAG + priority.strip())
    if status_name == "recurring":  # the tags older imports gave a template, kept so its lists stay as they were
        tags += ["recurring"] + ([f"recur-{obj['recur']}"] if isinstance(obj.get("recur"), str) and obj["recur"].strip() else [])
    notes: list[tuple[datetime, str]] = []
    annotations = obj.get("annotations") or []
    if not isinstance(annotations, list):
        raise InvalidInputError(f"line {line}: task {task_id}: annotations must be a list")
    for a in annotations:
        if not isinstance(a, dict) or not isinstance(a.get("description"), str):
            raise InvalidInputError(f"line {line}: task {task_id}: an annotation needs a description")
        if not a["description"].strip():
            continue
        at = parse_time(a["entry"], "annotation entry") if a.get("entry") else entry
        notes.append((at, a["description"]))
    not_kept: list[str] = []
    attributes = _attributes(obj, not_kept)
    project = obj.get("project")
    if project is not None and not isinstance(project, str):
        raise InvalidInputError(f"line {line}: task {task_id}: its project must be text, not {type(project).__name__}")
    return TaskRecord(
        id=task_id,
        text=description,
        status=status,
        entry=entry,
        line=line,
        modified=time("modified"),
        end=time("end"),
        due=time("due"),
        project=project.strip() if isinstance(project, str) and project.strip() else None,
        tags=tuple(tags),
        notes=tuple(notes),
        priority=level if level in _PRIORITIES else None,
        carries_priority=True,
        carries_details=True,
        details=TaskDetails(
            wait=time("wait"),
            scheduled=time("scheduled"),
            until=time("until"),
            start=time("start"),
            depends=_depends(obj.get("depends"), line, task_id, not_kept),
            recurrence=_recurrence(obj, line, task_id, not_kept),
            attributes=attributes,
        ),
        not_kept=tuple(not_kept),
    )


# What a task object holds besides its attributes of the user's own: what dayledger keeps, and
# what Taskwarrior works out for itself each time (``id``: the place in its list; ``urgency``).
_KNOWN = frozenset({
    "uuid", "description", "status", "entry", "modified", "end", "due", "project", "tags", "priority", "annotations",
    "wait", "scheduled", "until", "start", "depends", "recur", "mask", "parent", "imask",
})
_WORKED_OUT = frozenset({"id", "urgency"})


def _attributes(obj: dict[str, Any], not_kept: list[str]) -> dict[str, Any]:
    """The task's attributes of the user's own (UDAs, and others Taskwarrior keeps, ``rtype``):
    text and numbers are kept; anything else is named in ``not_kept``."""
    out: dict[str, Any] = {}
    for name in sorted(set(obj) - _KNOWN - _WORKED_OUT):
        value = obj[name]
        if isinstance(value, str) or (isinstance(value, int | float) and not isinstance(value, bool)):
            if isinstance(value, str) and not value:
                continue
            out[name] = value
        elif value is not None:
            what = {bool: "true/false", list: "a list", dict: "an object"}.get(type(value), type(value).__name__)
            not_kept.append(f"{name} is {what} (attributes of the user's own are kept when text or a number)")
    return out


def _depends(value: Any, line: int, task_id: UUID, not_kept: list[str]) -> tuple[UUID, ...]:
    """The tasks this one depends on: a list of uuids (2.6, 3.x) or one comma-separated text (older)."""
    if value is None or value == "":
        return ()
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise InvalidInputError(f"line {line}: task {task_id}: depends must be a list of uuids")
    out: list[UUID] = []
    for item in items:
        try:
            found = UUID(str(item).strip())
        except ValueError:
            not_kept.append(f"depends on {item!r}, which is not a uuid")
            continue
        if found not in out:
            out.append(found)
    return tuple(out)


def _recurrence(obj: dict[str, Any], line: int, task_id: UUID, not_kept: list[str]) -> Recurrence | None:
    """A template's ``recur`` and ``mask``, an occurrence's ``parent``, ``imask`` (and ``recur``)."""
    recur, mask, parent, imask = obj.get("recur"), obj.get("mask"), obj.get("parent"), obj.get("imask")
    if recur is None and mask is None and parent is None and imask is None:
        return None
    if recur is not None and not isinstance(recur, str):
        raise InvalidInputError(f"line {line}: task {task_id}: recur must be text such as weekly")
    if mask is not None and not isinstance(mask, str):
        raise InvalidInputError(f"line {line}: task {task_id}: mask must be text such as --+")
    try:
        parent_id = UUID(str(parent)) if parent else None
    except ValueError:
        raise InvalidInputError(f"line {line}: task {task_id}: parent {parent!r} is not a uuid") from None
    index: int | None = None
    if imask is not None and imask != "":
        try:
            index = int(float(imask))
        except (TypeError, ValueError):
            raise InvalidInputError(f"line {line}: task {task_id}: imask {imask!r} is not a number") from None
    found = Recurrence(recur.strip() or None if isinstance(recur, str) else None, mask or None, parent_id, index)
    return None if found == Recurrence() else found


def keep_due_days(records: list[TaskRecord], known: Mapping[UUID, Task], tz: tzinfo) -> list[TaskRecord]:
    """The records, a due at the start of the day the ledger's task is due (a due day, without a
    time) read as that day, and a scheduled start so. Taskwarrior keeps a date-only due
    (``due:2026-05-01``, and a due day ``export`` wrote) as the day's start in the user's zone: the
    same due, not a change to a time."""
    out = list(records)
    for i, r in enumerate(out):
        task = known.get(r.id)
        if task is not None and isinstance(r.due, datetime) and _same_day_start(r.due, task.due, tz):
            out[i] = r = replace(r, due=task.due)
        if task is not None and isinstance(r.details.scheduled, datetime) and _same_day_start(r.details.scheduled, task.scheduled, tz):
            out[i] = replace(r, details=replace(r.details, scheduled=task.scheduled))
    return out


def _same_day_start(moment: datetime, due: datetime | date | None, tz: tzinfo) -> bool:
    return due is not None and not isinstance(due, datetime) and moment == day_start(due, tz)


def read_export(text: str, name: str) -> list[TaskRecord]:
    """The tasks of a ``task export`` file. Raises InvalidInputError naming ``name`` and the line."""
    records: list[TaskRecord] = []
    try:
        for line, obj in _objects(text):
            records.append(_record(obj, line))
    except InvalidInputError as e:
        said = re.match(r"line (\d+): (.*)", str(e), re.DOTALL)
        raise InvalidInputError(f"{name}:{said[1]}: {said[2]}" if said else f"{name}: {e}") from None
    return records


# -- writing ---------------------------------------------------------------------------------

_WRITTEN_STATUS = {"open": "pending", "done": "completed", "cancelled": "deleted"}


def task_json(t: ExportedTask) -> dict[str, Any]:
    """One task as a Taskwarrior task object."""
    template, d = t.template, t.details
    out: dict[str, Any] = {
        "uuid": str(t.id),
        "description": t.text,
        "status": "recurring" if template else _WRITTEN_STATUS[t.status],
        "entry": format_time(t.entry),
        "modified": format_time(t.modified),
    }
    if t.status != "open" and t.end is not None:
        out["end"] = format_time(t.end)
    if t.due is not None:
        out["due"] = format_time(t.due)
    if t.project:
        out["project"] = t.project
    if t.priority is not None:
        out["priority"] = t.priority
    for name, moment in (("wait", d.wait), ("scheduled", d.scheduled), ("until", d.until), ("start", d.start)):
        if moment is not None:
            out[name] = format_time(moment)  # type: ignore[arg-type]  # a scheduled day is made a moment by the export
    if d.depends:
        out["depends"] = [str(i) for i in d.depends]
    r = d.recurrence
    if r is not None:
        out.update({k: v for k, v in (("recur", r.recur), ("mask", r.mask), ("parent", str(r.parent) if r.parent else None), ("imask", r.imask)) if v is not None})
    for name, value in d.attributes.items():
        if name not in out:
            out[name] = int(value) if isinstance(value, float) and value.is_integer() else value
    tags = []
    for tag in t.tags:
        if template and (tag == "recurring" or tag == f"recur-{r.recur if r else ''}"):
            continue  # what an older import made of the template: it is one again
        if tag.startswith(PRIORITY_TAG) and tag[len(PRIORITY_TAG):] in _PRIORITIES and "priority" not in out:
            out["priority"] = tag[len(PRIORITY_TAG):]
        else:
            tags.append(tag)
    if tags:
        out["tags"] = tags
    if t.notes:
        out["annotations"] = [{"entry": format_time(at), "description": text} for at, text in t.notes]
    return out


def write_export(tasks: Sequence[ExportedTask]) -> bytes:
    """The tasks as a JSON array, one task per line (as ``task export`` writes it)."""
    lines = [json.dumps(task_json(t), ensure_ascii=False, separators=(",", ":")) for t in tasks]
    body = "[\n" + ",\n".join(lines) + ("\n" if lines else "") + "]\n"
    return body.encode("utf-8")
