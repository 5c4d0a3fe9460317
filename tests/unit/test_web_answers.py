"""The answers ``dayledger serve`` keeps (``cli.web.commands.Answers``): one made for many who
ask at once, the last minute's given while the new one is made, a failure never kept, and the
oldest let go beyond the budget."""

from __future__ import annotations

import threading
import time

import pytest

from cli.web.commands import Answers


def test_many_asking_at_once_get_one_answer_made_once() -> None:
    answers, made = Answers(), []

    def make() -> bytes:
        made.append(1)
        time.sleep(0.2)
        return b"[]"

    got: list[bytes] = []
    threads = [threading.Thread(target=lambda: got.append(answers.get("k", make))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert got == [b"[]"] * 8 and len(made) == 1


def test_while_the_new_minute_is_made_the_last_one_is_answered() -> None:
    answers = Answers()
    assert answers.get(("tasks", 1), lambda: b"1", same="tasks") == b"1"
    making = threading.Event()

    def slow() -> bytes:
        making.set()
        time.sleep(0.3)
        return b"2"

    maker = threading.Thread(target=answers.get, args=(("tasks", 2), slow), kwargs={"same": "tasks"})
    maker.start()
    making.wait()
    assert answers.get(("tasks", 2), lambda: b"never", same="tasks") == b"1"
    assert answers.get(("other", 2), lambda: b"3", same="other") == b"3"  # nothing kept for it: made
    maker.join()
    assert answers.get(("tasks", 2), lambda: b"never", same="tasks") == b"2"


def test_a_failure_is_not_kept_and_the_budget_lets_the_oldest_go() -> None:
    answers = Answers(budget=10)
    with pytest.raises(ValueError):
        answers.get("bad", lambda: (_ for _ in ()).throw(ValueError("refused")))
    assert answers.get("bad", lambda: b"now") == b"now"
    answers.get("a", lambda: b"123456")
    answers.get("b", lambda: b"123456")
    assert answers.get("a", lambda: b"again") == b"again"  # let go: made again
