"""The command's start: pydantic is told there are no plugins, and still finds its loader's other names."""

from __future__ import annotations

import subprocess
import sys

PROBE = """
from cli.start import _without_pydantic_plugins
_without_pydantic_plugins()
from pydantic import BaseModel
from pydantic.plugin._loader import get_plugins
assert tuple(get_plugins()) == ()
class Task(BaseModel):
    text: str
assert Task(text="Buy milk").text == "Buy milk"
from pydantic.plugin._loader import PYDANTIC_ENTRY_POINT_GROUP  # a name the stand-in does not have
print(PYDANTIC_ENTRY_POINT_GROUP)
"""


def test_a_name_the_stand_in_loader_lacks_comes_from_pydantics_own() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "pydantic"
