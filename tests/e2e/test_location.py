"""Where the ledger lives: --ledger, DAYLEDGER_LEDGER, or the user's data folder."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.conftest import DAYLEDGER, Dayledger


def test_default_ledger_is_in_the_xdg_data_folder(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DAYLEDGER_LEDGER"}
    env.update(XDG_DATA_HOME=str(tmp_path / "data"), HOME=str(tmp_path / "home"), DAYLEDGER_TZ="UTC")
    assert DAYLEDGER
    subprocess.run([DAYLEDGER, "add", "where do I live"], env=env, check=True, capture_output=True)
    ledger = tmp_path / "data" / "dayledger" / "ledger.sqlite"
    assert ledger.is_file()
    assert Dayledger(str(ledger)).json("tasks")[0]["text"] == "where do I live"


def test_ledger_option_overrides_the_environment(tmp_path: Path) -> None:
    env_ledger, option_ledger = tmp_path / "env.sqlite", tmp_path / "deep" / "er" / "option.sqlite"
    dl = Dayledger(str(env_ledger))
    dl.run("--ledger", str(option_ledger), "add", "via option")
    assert option_ledger.is_file() and not env_ledger.exists()
    assert dl.run("--ledger", str(option_ledger), "tasks").stdout.count("via option") == 1


def test_a_ledger_path_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    proc = Dayledger(str(tmp_path)).fails("add", "x")
    assert "is a folder" in proc.stderr


def test_a_non_postgres_url_is_refused(tmp_path: Path) -> None:
    proc = Dayledger("mysql://root@localhost/x").fails("tasks")
    assert proc.returncode == 2 and "only file paths and postgresql:// URLs" in proc.stderr


def test_a_postgres_schema_that_is_not_plain_lower_case_is_refused() -> None:
    for schema in ("Work", "my-ledger", "1st"):
        proc = Dayledger(f"postgresql://postgres@127.0.0.1:5432/test?schema={schema}").fails("add", "x")
        assert proc.returncode == 2 and "schema must be a plain lower-case identifier" in proc.stderr
