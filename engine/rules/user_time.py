"""Commands checked in the user's time: the state a change meets is the state at the moment it
happened, and the change must leave every later moment valid. Pure: events in, verdicts out.

An aggregate's events happened in the order of ``occurred_at`` (ties: the order they were
recorded), whatever order they were recorded in; undone commands never happened (with the
undo's compensations, ``without_undone``). A command dated ``--at T`` is checked against the
aggregate as of T, not as it was last recorded; then its events are put in their place in that
order and every later change of status is checked again: a completion the new event would make
meaningless (the task already done then), a reopen of a task the new event left open, are
refused, naming the later change and when it happened.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta, tzinfo
from typing import Any, Generic, TypeVar

from engine.rules.appointment import Appointment, appointment_from
from engine.rules.errors import RuleViolationError
from engine.rules.task import Task, task_from
from events import (
    AppointmentCancelled,
    AppointmentFirstSeen,
    AppointmentMoved,
    AppointmentRestored,
    AppointmentScheduled,
    LedgerEvent,
    TaskCancelled,
    TaskCaptured,
    TaskCompleted,
    TaskFirstSeen,
    TaskReopened,
)

__all__ = ["APPOINTMENT", "TASK", "Lifecycle", "Undo", "as_of", "check_later", "in_user_time", "moment_text", "refused_at", "without_undone"]

S = TypeVar("S")
T = TypeVar("T")
Undo = tuple[str, str]  # (the undo's command id, the undone command's), hex
# the compensation an undo records for a creation (a capture undone before TaskWithdrawn was cancelled)
WITHDRAWN = {"TaskCaptured": ("TaskWithdrawn", "TaskCancelled"), "AppointmentScheduled": ("AppointmentCancelled",)}
_A_MOMENT = timedelta(minutes=1)  # as near as the user's minutes tell moments apart
_CREATORS = (TaskCaptured, TaskFirstSeen, AppointmentScheduled, AppointmentFirstSeen)  # the sightings a thing's history may start with


def without_undone(items: Sequence[T], undos: Iterable[Undo], *, command: Callable[[T], str], kind: Callable[[T], str], occurred: Callable[[T], Any]) -> list[T]:
    """``items`` (one aggregate's events or facts, in ledger order) as if every undone change had
    never happened: for each ``(undo, undone)`` pair where the undo compensated this aggregate,
    the undone command's items and the undo's compensations are left out.

    An undone creation is the exception: the thing still existed, withdrawn at once, so its
    creation and the withdrawal the undo recorded for it (the undo's last compensation, dated
    like the creation) stay. Compensations alone would not do: they are dated like what they
    revert but hold the values of when the undo ran, so a fact learnt later about an earlier
    moment would be overridden by them."""
    erased: set[int] = set()
    for undo, undone in undos:
        compensations = [i for i, x in enumerate(items) if command(x) == undo]
        if not compensations:
            continue  # the undo changed nothing here
        reverted = [i for i, x in enumerate(items) if command(x) == undone]
        keep: set[int] = set()
        created = next((i for i in reverted if kind(items[i]) in WITHDRAWN), None)
        last = compensations[-1]
        if created is not None and kind(items[last]) in WITHDRAWN[kind(items[created])] and occurred(items[last]) == occurred(items[created]):
            keep = {created, last}
        erased |= set(reverted + compensations) - keep
    return [x for i, x in enumerate(items) if i not in erased]


def in_user_time(history: Sequence[LedgerEvent], undos: Iterable[Undo]) -> list[LedgerEvent]:
    """The aggregate's events in the order they happened, undone ones left out. An event dated
    before the aggregate's creation counts from its creation (the creation stays first)."""
    kept = without_undone(
        history, undos, command=lambda e: e.command_id.hex, kind=lambda e: type(e).__name__, occurred=lambda e: e.occurred_at
    )
    if not kept:
        return []
    start = min((e.occurred_at for e in kept if isinstance(e, _CREATORS)), default=kept[0].occurred_at)
    return sorted(kept, key=lambda e: (max(e.occurred_at, start), e.originator_version))


@dataclass(frozen=True)
class Lifecycle(Generic[S]):
    """What the user-time checks need to know of one kind of aggregate."""

    what: str  # "task", "appointment"
    fold: Callable[[Iterable[LedgerEvent]], S | None]
    status: Callable[[S], str]
    needs: dict[type[LedgerEvent], tuple[str, ...]]  # a change of status -> the statuses it may follow
    verbs: dict[type[LedgerEvent], str]  # how the user says it: "done", "reopened"...

    def why_not(self, state: S, event: LedgerEvent) -> str | None:
        """Why ``event`` cannot follow ``state``, or None when it can."""
        allowed = self.needs.get(type(event))
        if allowed is None or self.status(state) in allowed:
            return None
        return " or ".join(allowed)


TASK: Lifecycle[Task] = Lifecycle(
    "task",
    task_from,
    lambda t: t.status,
    {TaskCompleted: ("open",), TaskCancelled: ("open",), TaskReopened: ("done", "cancelled")},
    {TaskCompleted: "done", TaskCancelled: "cancelled", TaskReopened: "reopened"},
)
APPOINTMENT: Lifecycle[Appointment] = Lifecycle(
    "appointment",
    appointment_from,
    lambda a: a.status,
    {AppointmentCancelled: ("scheduled",), AppointmentRestored: ("cancelled",), AppointmentMoved: ("scheduled",)},
    {AppointmentCancelled: "cancelled", AppointmentRestored: "restored", AppointmentMoved: "moved"},
)


def moment_text(moment: datetime, tz: tzinfo) -> str:
    """A moment as the user reads it in a message: ``Wed 2026-03-04 10:00``."""
    return moment.astimezone(tz).strftime("%a %Y-%m-%d %H:%M")


def as_of(life: Lifecycle[S], history: Sequence[LedgerEvent], undos: Iterable[Undo], moment: datetime) -> S | None:
    """The aggregate as it stood at ``moment`` in the user's life (its creation counts even when
    ``moment`` is earlier, so the rules can say so), with the version of its last recorded event
    (the next event's version follows it)."""
    happened = [e for e in in_user_time(history, undos) if isinstance(e, _CREATORS) or e.occurred_at <= moment]
    state = life.fold(happened)
    if state is None or not history:
        return state
    return replace(state, version=max(e.originator_version for e in history))  # type: ignore[type-var]


def refused_at(life: Lifecycle[S], history: Sequence[LedgerEvent], undos: Iterable[Undo], moment: datetime, state: S, label: str, tz: tzinfo) -> str | None:
    """When a change refused as of ``moment`` is refused because of when it is dated (a later
    change of status made the aggregate what it is now), the message that says so."""
    later = next(
        (e for e in in_user_time(history, undos) if e.occurred_at > moment and type(e) in life.verbs and type(e) in life.needs),
        None,
    )
    if later is None:
        return None
    return (
        f"as of {moment_text(moment, tz)} {label} was {life.status(state)}; "
        f"it was {life.verbs[type(later)]} on {moment_text(later.occurred_at, tz)}"
    )


def _meaningless(life: Lifecycle[S], ordered: Sequence[LedgerEvent]) -> dict[int, str]:
    """id -> the statuses it needed, of every change of status that does not fit what came before it."""
    found: dict[int, str] = {}
    for i, e in enumerate(ordered):
        if i == 0 or type(e) not in life.needs:
            continue
        before = life.fold(ordered[:i])
        if before is not None:
            needed = life.why_not(before, e)
            if needed is not None:
                found[id(e)] = needed
    return found


def check_later(life: Lifecycle[S], history: Sequence[LedgerEvent], new: Sequence[LedgerEvent], undos: Sequence[Undo], label: str, tz: tzinfo) -> None:
    """Refuse ``new`` when, put in its place in the user's time, it leaves a later change of
    status meaningless (RuleViolationError naming that change and when it happened). A history
    that had such a change already (recorded before these checks) is not held against ``new``."""
    if not new:
        return
    added = {id(e) for e in new}
    ordered = in_user_time([*history, *new], undos)
    already = {id(e) for e in _meaningless(life, in_user_time(history, undos))}
    first_new = min(e.occurred_at for e in new)
    meaningless = _meaningless(life, ordered)
    for e in ordered:
        if id(e) in added or id(e) in already or e.occurred_at < first_new:
            continue
        needed = meaningless.get(id(e))
        if needed is not None:
            did = next((life.verbs[type(n)] for n in new if type(n) in life.verbs), "changed")
            when = moment_text(e.occurred_at, tz)
            if e.occurred_at - first_new < _A_MOMENT and any(type(n) is type(e) for n in new):
                # the same change less than a minute later (two commands racing, say, the loser's
                # clock read just before the winner's): to the user it had happened already
                raise RuleViolationError(f"{label} is already {life.verbs[type(e)]}: it was {life.verbs[type(e)]} on {when}")
            raise RuleViolationError(
                f"as of {moment_text(first_new, tz)} {label} would be {did}; "
                f"it was {life.verbs[type(e)]} on {moment_text(e.occurred_at, tz)}, which needs it {needed}"
            )
