"""The web's reads and writes are the command line's own commands, run in-process.

A request becomes the words a person would type (``tasks project:Home --sort due``) and runs the
command's click function in a context holding a ``Session`` of its own (source ``web``); the
command's ``--json`` answer is kept (``cli.output.captured_json``) rather than printed. So the
API answers with the very field names of ``--json``, reads through the same queries, and writes
through the same ``Ledger`` and rules: there is no second copy of any of them here.

Each server thread keeps its reader open (``cli.kept``) and catches it up before each command, so
every write (this server's, the command line's, another server's) is seen by the next request.
A read's answer is kept, as JSON text (``Answers``), while the ledger's state (its file, its newest event, the
numbers of the last listing) and the minute on the clock are the same: twenty clients asking for
the same page at once make one answer, not twenty. A write is seen at once (it is a new newest
event); the clock's passing, as by the slider's strip (``cli.web.pages``), within the minute (a
task turns overdue on the page up to a minute after its due time): when the minute turns, one
request makes the new answer and the others meanwhile get the last minute's, of the same ledger.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import click

from cli.kept import KeptReaders
from cli.output import captured_json
from cli.session import Session

__all__ = ["READS", "Answers", "CommandFailed", "Runner"]

_LOCK = threading.Lock()  # loading a command's module once, not from two threads at a time

READS = frozenset({"tasks", "show", "agenda", "day", "timeline", "report"})
"""Commands that only read: their answers may be kept (any other command runs every time)."""


@dataclass(frozen=True)
class CommandFailed(Exception):
    """A command refused what it was given: the command line's one line and exit code."""

    message: str
    exit_code: int


class Answers:
    """The latest answers (JSON text), by key, up to ``budget`` bytes; an answer being made is
    waited for, not made twice. Kept as text, not as Python objects: millions of long-lived
    objects would make every full pass of Python's cycle collector (and so some request) slow."""

    def __init__(self, budget: int = 64 * 2**20) -> None:
        self.budget = budget
        self._held = 0
        self._done: OrderedDict[Hashable, bytes] = OrderedDict()
        self._making: dict[Hashable, threading.Event] = {}
        self._latest: dict[Hashable, Hashable] = {}  # same -> the key of the latest answer kept for it
        self._lock = threading.Lock()

    def get(self, key: Hashable, make: Callable[[], bytes], *, same: Hashable = None) -> bytes:
        """The answer kept for ``key``, else ``make()`` (kept if it returns; a failure is not kept:
        those who waited for it make their own). While another request makes it, the latest
        answer kept under the same ``same`` (if given) is answered instead of waiting."""
        while True:
            with self._lock:
                if key in self._done:
                    self._done.move_to_end(key)
                    return self._done[key]
                busy = self._making.get(key)
                if busy is None:
                    self._making[key] = mine = threading.Event()
                elif same is not None and (latest := self._latest.get(same)) in self._done:
                    return self._done[latest]
            if busy is None:
                break
            busy.wait()
        try:
            value = make()
            with self._lock:
                if same is not None:
                    if len(self._latest) > 4096:
                        self._latest.clear()
                    self._latest[same] = key
                self._done[key] = value
                self._held += len(value)
                while self._held > self.budget and len(self._done) > 1:
                    self._held -= len(self._done.popitem(last=False)[1])
            return value
        finally:
            with self._lock:
                del self._making[key]
            mine.set()


@dataclass
class Runner:
    """Runs commands on one ledger, as ``dayledger --ledger ... --tz ...`` would."""

    base: Session
    kept: KeptReaders = field(init=False, repr=False)
    answers: Answers = field(default_factory=Answers, repr=False)

    def __post_init__(self) -> None:
        self.kept = KeptReaders(self.base.location)

    def session(self) -> Session:
        """A fresh session of this server's options, recording with source ``web``, reading
        through this thread's kept reader."""
        fresh = replace(self.base, json=True, source="web", _opened=[], kept=self.kept)
        fresh.__dict__.update({k: v for k, v in self.base.__dict__.items() if k in ("config", "location", "tz")})  # read once
        return fresh

    def run(self, words: Sequence[str]) -> Any:
        """The JSON answer of ``dayledger <words> --json``; ``CommandFailed`` for what it refuses."""
        if words and words[0] in READS:
            return json.loads(self._answered(words, read=True))
        return self._answered(words, read=False)

    def run_json(self, words: Sequence[str]) -> bytes:
        """``run``'s answer as the API sends it: JSON text (a report's ``--json`` is JSON text already)."""
        if words and words[0] in READS:
            text = self._answered(words, read=True)
            if text[:1] == b'"' and isinstance(value := json.loads(text), str):
                return value.encode()
            return text
        return _encoded(self._answered(words, read=False))

    def _answered(self, words: Sequence[str], *, read: bool) -> Any:
        """A read's answer as JSON text (kept), or a write's answer (run every time)."""
        from engine.rules.errors import DayledgerError
        from engine.storage.failures import first_line, storage_errors, storage_failure

        session = self.session()
        try:
            if read:
                state = (tuple(words), session.ledger_state())
                minute = int(session.now().timestamp()) // 60
                return self.answers.get((state, minute), lambda: _encoded(self._invoke(session, words)), same=state)
            return self._invoke(session, words)
        except DayledgerError as e:
            raise CommandFailed(str(e), e.exit_code) from None
        except click.ClickException as e:
            raise CommandFailed(e.format_message(), e.exit_code) from None
        except storage_errors() as e:
            self.kept.forget()  # a fresh connection for the next request (a restarted server, a replaced file)
            raise CommandFailed(f"the ledger database: {storage_failure(e) or first_line(e)}", 5) from None
        except CommandFailed:
            raise
        except BaseException:
            self.kept.forget()
            raise
        finally:
            session.close()

    @staticmethod
    def _invoke(session: Session, words: Sequence[str]) -> Any:
        from cli.main import cli

        root = click.Context(cli, obj=session, info_name="dayledger")
        with _LOCK:
            command = cli.get_command(root, words[0])
        if command is None:
            raise CommandFailed(f"no command {words[0]!r}", 2)
        with root, captured_json() as kept, command.make_context(words[0], [*words[1:]], parent=root) as ctx:
            command.invoke(ctx)
        if not kept:
            raise CommandFailed(f"{words[0]} gave no answer", 5)
        return kept[-1]


def _encoded(value: Any) -> bytes:
    """JSON text as the API sends it (UTF-8, compact; as FastAPI's ``JSONResponse``)."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode()
