"""Where the ``dayledger`` command starts: ``dayledger --version`` and ``dayledger --help`` are
answered here, before click, pydantic or the engine are imported (together they take several
times what the interpreter takes to start); every other command goes on to ``cli.main``."""

from __future__ import annotations

import sys

__all__ = ["main"]


def main(argv: list[str] | None = None) -> object:
    """Run the command line (``cli.main.main``), answering ``--version`` and ``--help`` at once
    (no ``typing`` import here either: it alone is a fifth of the interpreter's start)."""
    args = argv if argv is not None else sys.argv[1:]
    if args == ["--version"]:
        from cli.version import VERSION

        sys.stdout.write(f"dayledger, version {VERSION}\n")  # what click's version option says
        return None
    if args in (["--help"], ["-h"]):
        page = _help_page()
        if page is not None:
            sys.stdout.write(page + "\n")
            return None
    _without_pydantic_plugins()
    _fewer_cycle_collections()
    from cli.main import main as run

    return run(argv)


def _without_pydantic_plugins() -> None:
    """Tell pydantic there are no plugins before it looks for them. It looks when it builds its
    first validator, which every write does: it imports ``importlib.metadata`` (with ``email``,
    ``zipfile``, ``csv``, ``tempfile``...) and reads the entry points of every installed
    distribution, near a tenth of a write's time; ``PYDANTIC_DISABLE_PLUGINS`` spares only the
    reading. dayledger's models use no plugin, so its command gives pydantic a plugin loader
    that finds none (``get_plugins``, the one name pydantic takes from it);
    ``tests/e2e/test_write_imports.py`` keeps ``importlib.metadata`` off every write."""
    if _LOADER not in sys.modules:  # not looked for yet (never, from the console script)
        loader = type(sys)(_LOADER)
        loader.get_plugins = _no_plugins  # type: ignore[attr-defined]
        loader.__getattr__ = _real_loader  # type: ignore[attr-defined]
        sys.modules[_LOADER] = loader


_LOADER = "pydantic.plugin._loader"


def _no_plugins() -> tuple[()]:
    return ()


def _real_loader(attribute: str) -> object:
    """Any other name a later pydantic takes from its loader (a module's ``__getattr__``, PEP 562):
    the real module is imported in place of this one and answers, so a change in pydantic costs
    the time saved, never a failing command."""
    if attribute.startswith("__"):  # what the import system asks of every module (``__path__``...)
        raise AttributeError(attribute)
    import importlib

    del sys.modules[_LOADER]
    return getattr(importlib.import_module(_LOADER), attribute)


def _fewer_cycle_collections() -> None:
    """Let the cycle collector run after 50,000 new objects rather than 700. A command imports
    its libraries and modules as it goes (pydantic's models, click's commands: hundreds of
    thousands of objects that live to the end), and each of the collector's passes over them
    finds nothing to free: at the default, a fortieth of a write. Cycles are still collected."""
    import gc

    _, middle, old = gc.get_threshold()
    gc.set_threshold(50_000, middle, old)


def _help_page() -> str | None:
    """The top-level help as click would render it on this terminal, when it is stored for its width."""
    from cli.help_page import page_for

    return page_for(_columns())


def _columns() -> int:
    """``shutil.get_terminal_size().columns`` (what click's help reads), without importing shutil
    (with its compression modules, a third of the time ``--help`` takes): ``COLUMNS`` when it is a
    positive number, else the terminal's width, else 80."""
    import os

    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80
