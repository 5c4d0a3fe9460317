"""``dayledger serve`` keeps a reader open per thread and keeps answers while the ledger stays
the same (``cli.kept``, ``cli.web.commands``): what another process writes, a ledger made after
the server started and a ledger file replaced under it are all seen by the very next request."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import InProcess
from tests.e2e.served import served


def _texts(http: object, path: str = "/api/tasks") -> list[str]:
    got = http.get(path)  # type: ignore[attr-defined]
    assert got.status_code == 200, got.text
    return [t["text"] for t in got.json()]


def test_writes_of_other_processes_are_seen_by_the_next_read(sqlite_url: str) -> None:
    cli = InProcess(sqlite_url)
    with served(sqlite_url) as server, server.client() as http:
        assert _texts(http) == []  # no ledger yet: read as empty
        cli.run("add", "Made after the server started")
        assert _texts(http) == ["Made after the server started"]
        for n in range(3):  # asked again within the same second: no answer kept from before the write
            cli.run("add", f"Written by the command line {n}")
            assert _texts(http)[-1] == f"Written by the command line {n}"
            assert http.get("/tasks").text.count("Written by the command line") == n + 1
        for name in (sqlite_url, f"{sqlite_url}-wal", f"{sqlite_url}-shm"):
            Path(name).unlink(missing_ok=True)  # the ledger deleted under the server, and made anew
        cli.run("add", "In a new ledger file")
        assert _texts(http) == ["In a new ledger file"]


def test_a_number_resolves_as_the_last_listing_showed(sqlite_url: str) -> None:
    cli = InProcess(sqlite_url)
    for text in ("First", "Second"):
        cli.run("add", text)
    cli.run("tasks")  # numbers 1, 2
    cli.run("add", "--at", "3 days ago", "Captured earlier")
    with served(sqlite_url) as server, server.client() as http:
        assert http.get("/api/tasks/1").json()["text"] == "First"  # as the last listing showed it
        cli.run("tasks")  # numbered afresh, the ledger unchanged: oldest first
        assert http.get("/api/tasks/1").json()["text"] == "Captured earlier" == cli.json("show", "1")["text"]
