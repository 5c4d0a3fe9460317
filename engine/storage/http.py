"""Asking web services politely: timeouts, bounded retries with exponential backoff.

Only the commands that talk to the web import this module (httpx costs a quarter of a second
to import). The client is always given to us (``new_client`` makes the usual one), so tests
can hand in an ``httpx.MockTransport`` or point at a server on loopback.

What is retried: timeouts, connection errors, 5xx answers and 429 (honouring a Retry-After
of a few seconds). Anything else that is not a success is a ``RemoteStatusError`` at once.
After the last attempt the failure is a ``RemoteError`` with one line saying what happened.
"""

from __future__ import annotations

import os
import random
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx

from engine.rules.errors import InvalidInputError, RemoteError

__all__ = ["HttpPolicy", "PostFailed", "Posted", "RemoteStatusError", "Reply", "get", "new_client", "post"]

USER_AGENT = "dayledger/0.1 (personal ledger; https://pypi.org/project/dayledger/)"


class RemoteStatusError(RemoteError):
    """The service answered with an error status that retrying will not change (404, 401...)."""

    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code


@dataclass(frozen=True)
class HttpPolicy:
    """How long to wait and how often to try.

    timeout: seconds for connecting and for each read; retries: attempts after the first;
    backoff: the first wait between attempts, doubled each time, capped at ``max_wait``;
    max_bytes: the largest answer read.
    """

    timeout: float = 20.0
    retries: int = 3
    backoff: float = 2.0
    max_wait: float = 60.0
    max_bytes: int = 32 * 1024 * 1024

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> HttpPolicy:
        """The policy with ``DAYLEDGER_HTTP_TIMEOUT``, ``_RETRIES`` and ``_BACKOFF`` applied."""
        default = cls()
        return cls(
            timeout=_number(env, "DAYLEDGER_HTTP_TIMEOUT", default.timeout, minimum=0.001),
            retries=int(_number(env, "DAYLEDGER_HTTP_RETRIES", default.retries, minimum=0)),
            backoff=_number(env, "DAYLEDGER_HTTP_BACKOFF", default.backoff, minimum=0),
        )

    def wait(self, attempt: int) -> float:
        """Seconds to wait before retry number ``attempt`` (1, 2, ...)."""
        return min(self.max_wait, self.backoff * 2 ** (attempt - 1))


def _number(env: Mapping[str, str], name: str, default: float, *, minimum: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise InvalidInputError(f"{name}={raw!r} is not a number") from None
    if value < minimum:
        raise InvalidInputError(f"{name}={raw!r} must be at least {minimum:g}")
    return value


@dataclass(frozen=True)
class Reply:
    """A successful answer, read whole."""

    url: str
    status_code: int
    headers: httpx.Headers
    content: bytes

    def text(self) -> str:
        return self.content.decode(_charset(self.headers), errors="replace")


def _charset(headers: httpx.Headers) -> str:
    for part in headers.get("content-type", "").split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            return value.strip('"')
    return "utf-8"


def new_client(policy: HttpPolicy, *, auth: tuple[str, str] | None = None, **kwargs: Any) -> httpx.Client:
    """The usual client: our user agent, the policy's timeout, redirects followed."""
    return httpx.Client(
        timeout=httpx.Timeout(policy.timeout),
        headers={"User-Agent": USER_AGENT},
        follow_redirects=True,
        auth=auth,
        **kwargs,
    )


class _Retry(Exception):
    """One attempt failed in a way another may not: why, how long the server asked us to wait,
    and the status it answered (None: no answer)."""

    def __init__(self, why: str, wait: float | None = None, status: int | None = None) -> None:
        super().__init__(why)
        self.why = why
        self.wait = wait
        self.status = status


T = TypeVar("T")


def _retrying(
    once: Callable[[int], T],
    *,
    policy: HttpPolicy,
    sleep: Callable[[float], None],
    spread: Callable[[], float],
    give_up: Callable[[str, int | None, int], Exception],
) -> T:
    """``once(attempt)`` until it returns, retrying on _Retry after the policy's backoff (times
    ``spread()``, at least what the server asked, at most the policy's longest wait); then
    ``give_up(why and how often tried, last status, attempts)`` is raised."""
    attempts = policy.retries + 1
    last = _Retry("not tried")
    for attempt in range(1, attempts + 1):
        try:
            return once(attempt)
        except _Retry as retry:
            last = retry
            if attempt < attempts:
                sleep(min(policy.max_wait, max(policy.wait(attempt) * spread(), retry.wait or 0.0)))
    tried = f"tried {attempts} times" if attempts > 1 else "tried once"
    raise give_up(f"{last.why} ({tried})", last.status, attempts)


def get(
    client: httpx.Client,
    url: str,
    *,
    service: str,
    policy: HttpPolicy,
    params: Mapping[str, str | int] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> Reply:
    """GET ``url``, retrying what may pass; ``service`` names it in messages ("arXiv")."""
    return _retrying(
        lambda attempt: _once(client, url, params, service, policy),
        policy=policy, sleep=sleep, spread=lambda: 1.0,
        give_up=lambda why, status, attempts: RemoteError(f"{service} at {_site(url)}: {why}"),
    )


def _once(client: httpx.Client, url: str, params: Mapping[str, str | int] | None, service: str, policy: HttpPolicy) -> Reply:
    try:
        with client.stream("GET", url, params=params) as response:
            status = response.status_code
            if status == 429 or status >= 500:
                raise _Retry(f"answered {status} {response.reason_phrase}".rstrip(), _retry_after(response.headers))
            if not 200 <= status < 300:
                raise RemoteStatusError(
                    f"{service} at {_site(url)} answered {status} {response.reason_phrase}".rstrip(), status
                )
            body = bytearray()
            for chunk in response.iter_bytes():
                body += chunk
                if len(body) > policy.max_bytes:
                    raise RemoteError(f"{service} at {_site(url)}: the answer is larger than {policy.max_bytes} bytes")
            return Reply(str(response.url), status, response.headers, bytes(body))
    except httpx.TimeoutException:
        raise _Retry(f"no answer within {policy.timeout:g} s") from None
    except httpx.TransportError as e:
        raise _Retry(f"cannot connect ({_transport_why(e)})") from None
    except httpx.InvalidURL as e:
        raise InvalidInputError(f"{service}: bad URL {url!r}: {e}") from None


@dataclass(frozen=True)
class Posted:
    """A POST the service accepted (2xx), after ``attempts`` tries."""

    status_code: int
    attempts: int


class PostFailed(RemoteError):
    """A POST that was not accepted: after ``attempts`` tries, the last answer's status (if any)."""

    def __init__(self, message: str, attempts: int, status_code: int | None) -> None:
        super().__init__(message)
        self.attempts = attempts
        self.status_code = status_code


def post(
    client: httpx.Client,
    url: str,
    *,
    content: bytes,
    headers: Mapping[str, str],
    service: str,
    policy: HttpPolicy,
    sleep: Callable[[float], None] = time.sleep,
    jitter: Callable[[], float] = random.random,
) -> Posted:
    """POST ``content`` to ``url``, retrying what may pass (timeouts, connection errors, 5xx, 429)
    with exponential backoff and jitter (each wait is between half and all of the policy's); a
    redirect or another error status fails at once. Raises PostFailed saying what happened."""

    def once(attempt: int) -> Posted:
        try:
            response = client.post(url, content=content, headers=dict(headers))
        except httpx.TimeoutException:
            raise _Retry(f"no answer within {policy.timeout:g} s") from None
        except httpx.TransportError as e:
            raise _Retry(f"cannot connect ({_transport_why(e)})") from None
        except httpx.InvalidURL as e:
            raise InvalidInputError(f"{service}: bad URL {url!r}: {e}") from None
        status = response.status_code
        if 200 <= status < 300:
            return Posted(status, attempt)
        why = f"answered {status} {response.reason_phrase}".rstrip()
        if status != 429 and status < 500:
            raise PostFailed(f"{service} at {_site(url)} {why}", attempt, status)
        raise _Retry(why, _retry_after(response.headers), status)

    return _retrying(
        once, policy=policy, sleep=sleep, spread=lambda: 0.5 + 0.5 * jitter(),
        give_up=lambda why, status, attempts: PostFailed(f"{service} at {_site(url)}: {why}", attempts, status),
    )


def _retry_after(headers: httpx.Headers) -> float | None:
    value = headers.get("retry-after", "").strip()
    return float(value) if value.isdigit() else None


def _transport_why(e: Exception) -> str:
    text = str(e).strip().splitlines()
    return text[-1] if text else type(e).__name__


def _site(url: str) -> str:
    """scheme://host[:port] of a URL, for messages."""
    try:
        parsed = httpx.URL(url)
    except Exception:  # noqa: BLE001 - only for a message
        return url
    port = f":{parsed.port}" if parsed.port else ""
    return f"{parsed.scheme}://{parsed.host}{port}"
