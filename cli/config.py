"""The user's config file: settings for every command, below the flags and the environment.

``~/.config/dayledger/config.toml`` (the platform's config folder; ``DAYLEDGER_CONFIG`` names
another), read with the standard library's ``tomllib``. Precedence, for each setting: the flag,
then the environment variable, then this file, then the default::

    ledger = "~/ledgers/me.sqlite"   # --ledger, DAYLEDGER_LEDGER; else the data folder's ledger.sqlite
    zone = "Europe/Berlin"           # --tz, DAYLEDGER_TZ; then TZ, else the system's
    week_start = "mon"               # --week-start, DAYLEDGER_WEEK_START (mon or sun)
    date_order = "MDY"               # --date-order, DAYLEDGER_DATE_ORDER (MDY or DMY)
    report_format = "md"             # report --format (md, html or json)
    colour = "auto"                  # auto (on a terminal), never; NO_COLOR and TERM=dumb still win

A file that cannot be read, an unknown setting or a bad value is one line naming the file and
the line, exit 2; a missing file is no settings.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from engine.rules.errors import InvalidInputError

__all__ = ["Config", "config_path", "read_config"]

_CHOICES: dict[str, tuple[str, ...]] = {
    "week_start": ("mon", "sun"),
    "date_order": ("MDY", "DMY"),
    "report_format": ("md", "html", "json"),
    "colour": ("auto", "never"),
}
_TEXTS = ("ledger", "zone")


@dataclass(frozen=True)
class Config:
    """The settings a config file gives (None: not given)."""

    ledger: str | None = None
    zone: str | None = None
    week_start: str | None = None
    date_order: str | None = None
    report_format: str | None = None
    colour: str | None = None


def config_path() -> Path:
    """``DAYLEDGER_CONFIG``, else ``config.toml`` in the user's config folder for dayledger."""
    named = os.environ.get("DAYLEDGER_CONFIG")
    if named:
        return Path(named).expanduser()
    if sys.platform.startswith("linux"):  # what platformdirs answers there, without importing it on every command
        base = os.environ.get("XDG_CONFIG_HOME", "").strip() or os.path.expanduser("~/.config")
        return Path(base) / "dayledger" / "config.toml"
    from platformdirs import user_config_dir

    return Path(user_config_dir("dayledger", appauthor=False)) / "config.toml"


def read_config(path: Path | None = None) -> Config:
    """The settings of the config file (none when there is no file); InvalidInputError naming
    the file and line for anything wrong in it."""
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Config()
    except OSError as e:
        raise InvalidInputError(f"the config file {path}: {e.strerror or e}") from None
    import tomllib

    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise InvalidInputError(f"the config file {path}: not UTF-8 text") from None
    except tomllib.TOMLDecodeError as e:
        message = str(e)
        where = re.search(r"\(at line (\d+), column \d+\)", message)
        line = f":{where.group(1)}" if where else ""
        what = message[: where.start()].rstrip() if where else message
        raise InvalidInputError(f"the config file {path}{line}: {what}") from None
    values: dict[str, str] = {}
    for key, value in data.items():
        at = f"{path}:{_line_of(text, key)}"
        if key not in _CHOICES and key not in _TEXTS:
            raise InvalidInputError(f"the config file {at}: unknown setting {key!r} (settings: {', '.join([*_TEXTS, *_CHOICES])})")
        if not isinstance(value, str) or not value.strip():
            raise InvalidInputError(f"the config file {at}: {key} must be a text in quotes, not {value!r}")
        if key in _CHOICES:
            choices = _CHOICES[key]
            found = next((c for c in choices if c.lower() == value.strip().lower()), None)
            if found is None:
                raise InvalidInputError(f"the config file {at}: {key} = {value!r} is none of {', '.join(choices)}")
            value = found
        elif key == "ledger" and "://" not in value:
            value = str(Path(value).expanduser())
        values[key] = value
    return Config(**values)


def _line_of(text: str, key: str) -> int:
    """The line of ``key = ...`` in ``text`` (1 if it cannot be found)."""
    for number, line in enumerate(text.splitlines(), 1):
        if re.match(rf"\s*{re.escape(key)}\s*=", line):
            return number
    return 1
