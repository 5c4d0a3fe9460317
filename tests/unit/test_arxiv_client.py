"""Asking arXiv: retries, backoff, pauses and batching, on httpx's MockTransport (no sockets)."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest

from engine.importers.arxiv.client import ArxivClient, ArxivSettings
from engine.rules.errors import InvalidInputError, RemoteError
from engine.storage.http import HttpPolicy, RemoteStatusError, get
from tests.fakes.arxiv import UNKNOWN, feed

POLICY = HttpPolicy(timeout=1, retries=3, backoff=0.5, max_wait=10)


def transport(answers: list[httpx.Response | Exception]) -> tuple[httpx.MockTransport, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        answer = answers.pop(0) if len(answers) > 1 else answers[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return httpx.MockTransport(handle), seen


def client(answers: list[httpx.Response | Exception]) -> tuple[httpx.Client, list[httpx.Request]]:
    mock, seen = transport(answers)
    return httpx.Client(transport=mock), seen


def ok(ids: list[str]) -> httpx.Response:
    return httpx.Response(200, content=feed(ids), headers={"Content-Type": "application/atom+xml"})


class Clock:
    """A fake clock and sleep: sleeping moves the clock."""

    def __init__(self) -> None:
        self.t = 100.0
        self.sleeps: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.t += seconds


def test_5xx_is_retried_with_exponential_backoff() -> None:
    c, seen = client([httpx.Response(500), httpx.Response(502), httpx.Response(503), httpx.Response(200, content=b"fine")])
    clock = Clock()
    reply = get(c, "http://arxiv.test/x", service="arXiv", policy=POLICY, sleep=clock.sleep)
    assert reply.content == b"fine" and len(seen) == 4
    assert clock.sleeps == [0.5, 1.0, 2.0]


def test_retries_are_bounded_and_the_error_is_one_line() -> None:
    c, seen = client([httpx.Response(500)])
    with pytest.raises(RemoteError) as failed:
        get(c, "http://arxiv.test/x", service="arXiv", policy=POLICY, sleep=lambda s: None)
    assert len(seen) == 4
    assert str(failed.value) == "arXiv at http://arxiv.test: answered 500 Internal Server Error (tried 4 times)"


@pytest.mark.parametrize(
    ("error", "why"),
    [
        (httpx.ReadTimeout("timed out"), "no answer within 1 s"),
        (httpx.ConnectError("[Errno 111] Connection refused"), "cannot connect ([Errno 111] Connection refused)"),
    ],
)
def test_timeouts_and_connection_errors_are_retried_then_reported(error: Exception, why: str) -> None:
    c, seen = client([error])
    with pytest.raises(RemoteError, match=rf"^arXiv at http://arxiv.test: {__import__('re').escape(why)} \(tried 4 times\)$"):
        get(c, "http://arxiv.test/x", service="arXiv", policy=POLICY, sleep=lambda s: None)
    assert len(seen) == 4


def test_a_timeout_then_success_is_a_success() -> None:
    c, seen = client([httpx.ConnectTimeout("slow"), httpx.Response(200, content=b"ok")])
    assert get(c, "http://arxiv.test/x", service="arXiv", policy=POLICY, sleep=lambda s: None).content == b"ok"
    assert len(seen) == 2


def test_client_errors_are_not_retried() -> None:
    c, seen = client([httpx.Response(404)])
    with pytest.raises(RemoteStatusError) as failed:
        get(c, "http://arxiv.test/x", service="arXiv", policy=POLICY, sleep=lambda s: None)
    assert failed.value.status_code == 404 and len(seen) == 1


def test_retry_after_is_honoured_within_the_cap() -> None:
    c, _ = client([httpx.Response(503, headers={"Retry-After": "7"}), httpx.Response(429, headers={"Retry-After": "600"}), httpx.Response(200)])
    clock = Clock()
    get(c, "http://arxiv.test/x", service="arXiv", policy=POLICY, sleep=clock.sleep)
    assert clock.sleeps == [7.0, 10.0]


def test_answers_larger_than_the_limit_are_refused() -> None:
    c, _ = client([httpx.Response(200, content=b"x" * 2000)])
    with pytest.raises(RemoteError, match="larger than 1000 bytes"):
        get(c, "http://arxiv.test/x", service="arXiv", policy=HttpPolicy(max_bytes=1000), sleep=lambda s: None)


def test_one_request_per_batch_with_every_id_and_a_pause_between_requests() -> None:
    c, seen = client([ok(["2604.21691", "math/0601001", UNKNOWN]), ok(["2605.01234"])])
    clock = Clock()
    arxiv = ArxivClient(c, ArxivSettings(base_url="http://arxiv.test", pause=3.0, policy=POLICY), sleep=clock.sleep, clock=clock.now)
    first = arxiv.fetch(["2604.21691", "math/0601001", UNKNOWN])
    clock.t += 1.0  # one second of work between the two batches
    second = arxiv.fetch(["2605.01234"])
    assert set(first) == {"2604.21691", "math/0601001"} and set(second) == {"2605.01234"}
    assert [r.url.params["id_list"] for r in seen] == ["2604.21691,math/0601001,2604.99999", "2605.01234"]
    assert [r.url.params["max_results"] for r in seen] == ["3", "1"]
    assert all(r.url.path == "/api/query" for r in seen)
    assert clock.sleeps == [2.0]  # the rest of the 3 s pause


def test_retries_also_keep_the_pause() -> None:
    c, _ = client([httpx.Response(500), ok(["2604.21691"])])
    clock = Clock()
    arxiv = ArxivClient(c, ArxivSettings(base_url="http://arxiv.test", pause=3.0, policy=POLICY), sleep=clock.sleep, clock=clock.now)
    arxiv.fetch(["2604.21691"])
    assert clock.sleeps == [3.0]  # the backoff (0.5 s) is shorter than the pause


def test_garbage_is_a_remote_error_naming_the_service() -> None:
    c, _ = client([httpx.Response(200, content=b"<html>hello")])
    arxiv = ArxivClient(c, ArxivSettings(base_url="http://arxiv.test", pause=0, policy=POLICY))
    with pytest.raises(RemoteError, match=r"^arXiv at http://arxiv.test answered something unreadable: not XML"):
        arxiv.fetch(["2604.21691"])


def test_settings_from_the_environment() -> None:
    settings = ArxivSettings.from_env({"DAYLEDGER_ARXIV_URL": "http://127.0.0.1:9/", "DAYLEDGER_ARXIV_PAUSE": "0", "DAYLEDGER_HTTP_TIMEOUT": "0.5"})
    assert settings.base_url == "http://127.0.0.1:9" and settings.pause == 0 and settings.policy.timeout == 0.5
    assert ArxivSettings.from_env({}).base_url == "https://export.arxiv.org" and ArxivSettings.from_env({}).pause == 3.0
    assert ArxivSettings.from_env({"DAYLEDGER_ARXIV_PAUSE": "9"}, pause=0.0).pause == 0.0  # the option wins
    bad: list[Callable[[], object]] = [
        lambda: ArxivSettings.from_env({"DAYLEDGER_ARXIV_URL": "ftp://x"}),
        lambda: ArxivSettings.from_env({"DAYLEDGER_ARXIV_PAUSE": "soon"}),
        lambda: ArxivSettings.from_env({"DAYLEDGER_HTTP_RETRIES": "-1"}),
    ]
    for make in bad:
        with pytest.raises(InvalidInputError):
            make()
