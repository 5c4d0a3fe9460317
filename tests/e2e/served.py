"""A real ``dayledger serve`` process on a free loopback port, for the API and browser tests."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import DAYLEDGER, InProcess

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "notes"


@dataclass
class Served:
    url: str
    process: subprocess.Popen[str]

    def client(self, **kwargs: object) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, **kwargs)  # type: ignore[arg-type]


@contextmanager
def served(ledger: str, *args: str, env: dict[str, str] | None = None, tz: str = "Europe/Berlin") -> Iterator[Served]:
    """``dayledger serve --port 0 ARGS`` on ``ledger``, up and answering; stopped (by its pid) after."""
    assert DAYLEDGER is not None
    environment = {**os.environ, "DAYLEDGER_LEDGER": ledger, "DAYLEDGER_TZ": tz, **(env or {})}
    environment.pop("DAYLEDGER_NOW", None)
    process = subprocess.Popen(
        [DAYLEDGER, "serve", "--port", "0", *args], env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        stdin=subprocess.DEVNULL, text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()  # the first line comes once the port is bound
        if not url.startswith("http://"):
            process.wait(timeout=30)
            raise AssertionError(f"serve did not start: {process.stderr.read() if process.stderr else ''}")
        yield Served(url, process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def import_week_day_by_day(ledger: str, folder: Path) -> list[str]:
    """Import the example week a day at a time, each on its own evening (so that known_at has
    something to show); the moments of the imports, in order."""
    moments = []
    for note in sorted(EXAMPLES.glob("2026-04-2*.txt")):
        day = folder / note.stem
        day.mkdir(parents=True)
        shutil.copy(note, day / note.name)
        moment = f"{note.stem}T20:00+02:00"
        InProcess(ledger, now=moment).run("import", str(day))
        moments.append(moment)
    return moments
