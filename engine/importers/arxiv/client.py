"""Asking the arXiv API for papers by id: batched id lists, a pause between requests.

arXiv asks API users for a pause of about three seconds between requests and for many ids per
request rather than one request per id. ``ArxivClient.fetch`` sends one request for one batch;
the caller splits ids into batches of ``settings.batch_size``. The pause is kept between any
two requests of one client, retries included.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

from engine.formats.arxiv.atom import FeedError, Paper, parse_feed
from engine.rules.errors import InvalidInputError, RemoteError
from engine.storage.http import HttpPolicy, get, new_client

__all__ = ["DEFAULT_URL", "ArxivClient", "ArxivSettings", "open_arxiv"]

DEFAULT_URL = "https://export.arxiv.org"
SERVICE = "arXiv"


@dataclass(frozen=True)
class ArxivSettings:
    """Where arXiv is and how politely to ask it.

    base_url: ``DAYLEDGER_ARXIV_URL`` (a mirror, or a test server); pause: seconds between
    requests (``DAYLEDGER_ARXIV_PAUSE``, 3 by default); batch_size: ids per request.
    """

    base_url: str = DEFAULT_URL
    pause: float = 3.0
    batch_size: int = 50
    policy: HttpPolicy = field(default_factory=HttpPolicy)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ, *, pause: float | None = None, batch_size: int | None = None) -> ArxivSettings:
        base_url = (env.get("DAYLEDGER_ARXIV_URL") or DEFAULT_URL).strip().rstrip("/")
        if not base_url.startswith(("http://", "https://")):
            raise InvalidInputError(f"DAYLEDGER_ARXIV_URL={base_url!r} is not an http:// or https:// URL")
        if pause is None:
            raw = env.get("DAYLEDGER_ARXIV_PAUSE", "").strip()
            try:
                pause = float(raw) if raw else cls.pause
            except ValueError:
                raise InvalidInputError(f"DAYLEDGER_ARXIV_PAUSE={raw!r} is not a number of seconds") from None
        if pause < 0:
            raise InvalidInputError(f"the pause between requests cannot be negative ({pause:g})")
        if batch_size is not None and not 1 <= batch_size <= 500:
            raise InvalidInputError(f"the batch size must be 1 to 500, not {batch_size}")
        return cls(base_url=base_url, pause=pause, batch_size=batch_size or cls.batch_size, policy=HttpPolicy.from_env(env))


class ArxivClient:
    """Fetches papers by id through an injected httpx client."""

    def __init__(
        self,
        client: httpx.Client,
        settings: ArxivSettings,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.client, self.settings = client, settings
        self._sleep, self._clock = sleep, clock
        self._last: float | None = None
        self.requests = 0

    @property
    def base_url(self) -> str:
        return self.settings.base_url

    def _polite_sleep(self, seconds: float) -> None:
        """Wait ``seconds``, but never less than the pause since the last request."""
        self._sleep(max(seconds, self.settings.pause))

    def _pause(self) -> None:
        if self._last is not None:
            left = self.settings.pause - (self._clock() - self._last)
            if left > 0:
                self._sleep(left)

    def fetch(self, ids: Sequence[str]) -> dict[str, Paper]:
        """What arXiv has on ``ids`` (canonical ids, one batch); ids it does not know are absent.

        Raises RemoteError when arXiv cannot be reached, keeps failing, or answers nonsense.
        """
        if not ids:
            return {}
        self._pause()
        try:
            reply = get(
                self.client,
                f"{self.settings.base_url}/api/query",
                params={"id_list": ",".join(ids), "max_results": len(ids)},
                service=SERVICE,
                policy=self.settings.policy,
                sleep=self._polite_sleep,
            )
        finally:
            self._last = self._clock()
            self.requests += 1
        try:
            return parse_feed(reply.content)
        except FeedError as e:
            raise RemoteError(f"{SERVICE} at {self.settings.base_url} answered something unreadable: {e}") from None


@contextmanager
def open_arxiv(settings: ArxivSettings, *, client: httpx.Client | None = None) -> Iterator[ArxivClient]:
    """An ArxivClient on ``client``, or on a new client closed afterwards."""
    if client is not None:
        yield ArxivClient(client, settings)
        return
    with new_client(settings.policy) as own:
        yield ArxivClient(own, settings)
