"""engine.storage.http.post against a real server on loopback: what is retried, how long it waits, when it stops."""

from __future__ import annotations

import random

import pytest

from engine.storage.http import HttpPolicy, PostFailed, new_client, post
from tests.fakes.server import Answer, LoopbackServer, Request, closed_port_url


class Script:
    """Answers in order, then the last one again."""

    def __init__(self, *answers: Answer) -> None:
        self.answers = list(answers)

    def __call__(self, request: Request) -> Answer:
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


def test_retries_5xx_and_429_with_growing_jittered_waits_then_succeeds() -> None:
    waits: list[float] = []
    policy = HttpPolicy(timeout=2, retries=4, backoff=1.0, max_wait=3.0)
    rng = random.Random(7)
    script = Script(Answer(500), Answer(503), Answer(429), Answer(502), Answer(201))
    with LoopbackServer(script) as server, new_client(policy) as client:
        sent = post(client, server.url + "/in", content=b"# hello\n", headers={"Content-Type": "text/markdown"}, service="t", policy=policy, sleep=waits.append, jitter=rng.random)
    assert (sent.status_code, sent.attempts) == (201, 5)
    assert [r.method for r in server.requests] == ["POST"] * 5 and all(r.body == b"# hello\n" for r in server.requests)
    for attempt, wait in enumerate(waits, start=1):
        full = min(3.0, 1.0 * 2 ** (attempt - 1))
        assert full / 2 <= wait <= full  # jitter: between half and all of the exponential wait, capped
    assert len(set(waits)) == 4


def test_gives_up_after_the_last_retry_and_says_why() -> None:
    policy = HttpPolicy(timeout=0.3, retries=2, backoff=0)
    with LoopbackServer(Script(Answer(200, delay=1.0))) as server, new_client(policy) as client, pytest.raises(PostFailed) as failed:
        post(client, server.url, content=b"{}", headers={}, service="the endpoint", policy=policy, sleep=lambda s: None)
    assert (failed.value.attempts, failed.value.status_code) == (3, None)
    assert "no answer within 0.3 s (tried 3 times)" in str(failed.value)
    with new_client(policy) as client, pytest.raises(PostFailed, match="cannot connect"):
        post(client, closed_port_url(), content=b"{}", headers={}, service="the endpoint", policy=policy, sleep=lambda s: None)


def test_a_client_error_is_not_retried() -> None:
    policy = HttpPolicy(timeout=2, retries=3, backoff=0)
    with LoopbackServer(Script(Answer(403))) as server, new_client(policy) as client:
        with pytest.raises(PostFailed) as failed:
            post(client, server.url, content=b"x", headers={}, service="the endpoint", policy=policy, sleep=lambda s: None)
        assert len(server.requests) == 1
    assert (failed.value.attempts, failed.value.status_code) == (1, 403) and "answered 403" in str(failed.value)
