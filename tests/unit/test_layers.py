"""Every import points one way: events <- engine <- projections <- cli, and inside engine and
projections from a later sub-package to an earlier one, never back.

Imports are read with ``ast`` from every module: top-level ones, those inside functions (the read
paths import lazily, for start-up time) and those under ``TYPE_CHECKING``; all count the same.
The order is the one each package's ``__init__`` docstring draws.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each layer may import itself and the layers before it, never a later one.
ORDER: tuple[str, ...] = (
    "events",
    "engine.rules",
    "engine.storage",
    "engine.formats",
    "engine.commands",
    "engine.importers",
    "projections.views",
    "projections.queries",
    "projections.exports",
    "projections.reports",
    "projections.reads",
    "cli",
)
PACKAGES = ("events", "engine", "projections", "cli")


def layer_of(module: str) -> int:
    """The index in ORDER of the layer ``module`` belongs to (the longest prefix that names one)."""
    best = None
    for i, layer in enumerate(ORDER):
        if (module == layer or module.startswith(layer + ".")) and (best is None or len(layer) > len(ORDER[best])):
            best = i
    if best is None:
        raise AssertionError(f"{module} belongs to no declared layer: add it to ORDER and to its package's docstring")
    return best


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported(tree: ast.AST, module: str, is_package: bool) -> list[tuple[int, str]]:
    """(line, module) for every import of ours anywhere in the tree, relative ones resolved."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((node.lineno, a.name) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".")
                anchor = anchor if is_package else anchor[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            # ``from engine.rules import task`` imports the module engine.rules.task
            found.extend((node.lineno, f"{base}.{a.name}") for a in node.names if (ROOT / base.replace(".", "/") / a.name).exists() or (ROOT / base.replace(".", "/") / f"{a.name}.py").exists())
    return [(line, name) for line, name in found if name.split(".")[0] in PACKAGES]


def product_modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


def violations() -> list[str]:
    wrong = []
    for path in product_modules():
        module = module_name(path)
        if module in PACKAGES:
            continue  # the top-level packages' __init__ hold only their docstring
        mine = layer_of(module)
        tree = ast.parse(path.read_text(), str(path))
        for line, name in imported(tree, module, path.name == "__init__.py"):
            if name in PACKAGES or name in ORDER[: mine + 1]:
                continue
            if layer_of(name) > mine:
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {module} ({ORDER[mine]}) imports {name} ({ORDER[layer_of(name)]})")
    return wrong


def test_every_import_points_to_an_earlier_layer() -> None:
    assert violations() == []


def test_every_module_belongs_to_a_declared_layer() -> None:
    for path in product_modules():
        module = module_name(path)
        if module not in PACKAGES:
            layer_of(module)


def test_the_walk_sees_imports_in_functions_and_under_type_checking() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n    from cli.session import Session\n"
        "def f():\n    from projections.views import catchup\n    import engine.commands.ledger\n"
        "from . import cron\n"
    )
    names = [n for _, n in imported(ast.parse(source), "engine.rules.task", False)]
    assert "cli.session" in names
    assert "projections.views.catchup" in names
    assert "engine.commands.ledger" in names
    assert "engine.rules.cron" in names


@pytest.mark.parametrize("package", ["engine", "projections"])
def test_each_package_docstring_draws_its_layers(package: str) -> None:
    doc = ast.get_docstring(ast.parse((ROOT / package / "__init__.py").read_text())) or ""
    for layer in ORDER:
        if layer.startswith(package + "."):
            assert layer.split(".")[1] in doc, f"{package}/__init__.py does not name its layer {layer}"


WEB_LIBRARIES = ("fastapi", "starlette", "uvicorn", "jinja2", "multipart")


def test_only_the_web_layer_imports_the_web_libraries() -> None:
    """``cli.web`` (and ``cli.serve``, which starts it) is an outer layer beside the commands: it reads
    and writes through the commands themselves. No other module imports a web framework, so no
    other command pays for loading one."""
    wrong = []
    for path in product_modules():
        module = module_name(path)
        if module == "cli.serve" or module.startswith("cli.web"):
            continue
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            wrong += [f"{path.relative_to(ROOT)}:{node.lineno}: {n}" for n in names if n.split(".")[0] in WEB_LIBRARIES]
    assert wrong == []


def test_the_web_layer_imports_no_engine_command_nor_view_directly() -> None:
    """Pages and the API write only through the commands (``cli.web.commands``): they import no
    engine command, no storage and no view; the queries of their own are the slider's density and
    the watch of the ledger's newest event (``cli.web.live``)."""
    allowed = {"projections.queries.density", "engine.storage.changes", "engine.rules.errors", "engine.rules.period", "engine.storage.failures", "engine.storage.seen_numbers"}
    wrong = []
    for path in (ROOT / "cli" / "web").rglob("*.py"):
        module = module_name(path)
        for line, name in imported(ast.parse(path.read_text(), str(path)), module, path.name == "__init__.py"):
            if name.split(".")[0] in ("engine", "projections") and name not in allowed and not any(name.startswith(a + ".") for a in allowed):
                wrong.append(f"{path.relative_to(ROOT)}:{line}: {name}")
    assert wrong == []
