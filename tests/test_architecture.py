"""The one-direction shape of the code, checked on the source itself.

Engines (pure planning code) must not import Django, and web code must not
pay for tensorflow or prophet at import time (STYLE.md, "Engines").
"""
from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["accounts", "inventory", "forecasting", "policy", "alerts", "dashboard",
        "channel_sync", "copilot", "api"]
# Calls run one way: an app may import the apps before it in this list, never
# those after it (STYLE.md, "The shape"). Top apps (dashboard, ...) may use all.
LAYERS = ["accounts", "inventory", "forecasting", "policy", "alerts", "dashboard",
          "channel_sync", "copilot", "api"]
# Pure packages/modules; paths that do not exist yet are simply not checked.
ENGINE_PATHS = [
    "forecasting/engine",
    "policy/formulas.py",
    "policy/engine",
    "alerts/rules",
    "inventory/importing",
    "inventory/demo.py",
    "policy/simulation.py",
    "policy/lateness.py",
    "policy/coverage.py",
    "forecasting/accuracy.py",
    "dashboard/reports.py",
    "forecasting/event_import.py",
    "copilot/engine",
    "channel_sync/connectors",
    "channel_sync/fakes",
    "channel_sync/demo.py",
]
# Importing any of these loads Django (directly or through the app's models).
DJANGO_ROOTS = {"django", "allauth", "import_export", "simple_history", "whitenoise"}
PROJECT_ROOTS = set(APPS) | {"smartstock", "copilot"}
HEAVY_ROOTS = {"tensorflow", "prophet", "keras"}
WEB_LAYERS = ["views", "urls", "selectors", "services"]


def _python_files(relative: str) -> Iterator[Path]:
    path = ROOT / relative
    if path.is_file():
        yield path
    elif path.is_dir():
        yield from sorted(p for p in path.rglob("*.py") if "migrations" not in p.parts)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imported_names(path: Path, *, module_level_only: bool) -> set[str]:
    """Absolute dotted names imported by the file at `path`."""
    return _imported_names_in(
        path.read_text(encoding="utf-8"),
        module=_module_name(path),
        is_package=path.name == "__init__.py",
        module_level_only=module_level_only,
    )


def _imported_names_in(
    source: str, *, module: str, is_package: bool, module_level_only: bool
) -> set[str]:
    """Absolute dotted names imported by `source` (relative imports resolved)."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    names: set[str] = set()
    for node in _walk(ast.parse(source), module_level_only=module_level_only):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package[: len(package) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            names.add(base)
            names.update(f"{base}.{alias.name}" for alias in node.names)
    return names


def _walk(tree: ast.AST, *, module_level_only: bool) -> Iterator[ast.AST]:
    """All nodes, or only those run at import (function bodies skipped)."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            functions = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
            if module_level_only and isinstance(child, functions):
                continue
            stack.append(child)


def _is_pure(name: str) -> bool:
    """True for names inside the engine packages/modules themselves."""
    pure = [_module_name(ROOT / p) if p.endswith(".py") else p.replace("/", ".")
            for p in ENGINE_PATHS]
    return any(name == p or name.startswith(p + ".") for p in pure)


def _loads_django(name: str) -> bool:
    root = name.split(".")[0]
    if root in DJANGO_ROOTS:
        return True
    # `from forecasting import engine` names the package itself: allowed when
    # the package is only the parent of a pure one (its __init__ is tiny).
    return root in PROJECT_ROOTS and not _is_pure(name) and "." in name


def _engine_files() -> list[Path]:
    return [path for relative in ENGINE_PATHS for path in _python_files(relative)]


def _web_files() -> list[Path]:
    files: list[Path] = []
    for app in [*APPS, "smartstock"]:
        for layer in WEB_LAYERS:
            files += _python_files(f"{app}/{layer}.py")
            files += _python_files(f"{app}/{layer}")
    files += _python_files("smartstock/settings")
    return files


def test_engine_modules_import_nothing_from_django() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported_names(path, module_level_only=False)
            if _loads_django(name)
        )
        for path in _engine_files()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_import_checker_sees_relative_imports_and_skips_function_bodies() -> None:
    """The checker itself must catch what the real tests rely on it to catch."""
    source = (
        "import django.db\n"
        "from ..models import ForecastRun\n"
        "from . import types\n"
        "def fit():\n"
        "    import tensorflow\n"
    )
    every = _imported_names_in(
        source, module="forecasting.engine.probe", is_package=False,
        module_level_only=False,
    )
    assert sorted(n for n in every if _loads_django(n)) == [
        "django.db", "forecasting.models", "forecasting.models.ForecastRun",
    ]
    assert "tensorflow" in every
    at_import = _imported_names_in(
        source, module="forecasting.engine.probe", is_package=False,
        module_level_only=True,
    )
    assert "tensorflow" not in at_import


def test_engine_modules_load_without_django_in_a_fresh_interpreter() -> None:
    modules = [_module_name(path) for path in _engine_files()]
    if not modules:
        pytest.skip("no engine module written yet")
    loaded = _modules_after_import(modules, {"django"})
    assert loaded == [], f"importing the engines loaded {loaded}"


def test_web_code_does_not_import_heavy_ml_libraries_at_module_level() -> None:
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported_names(path, module_level_only=True)
            if name.split(".")[0] in HEAVY_ROOTS
        )
        for path in _web_files()
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_loading_the_urls_and_web_modules_does_not_load_tensorflow_or_prophet() -> None:
    # Settings modules are checked above; production ones refuse to import here.
    modules = ["smartstock.urls"] + [
        _module_name(p) for p in _web_files() if "settings" not in p.parts
    ]
    loaded = _modules_after_import(modules, HEAVY_ROOTS, django_setup=True)
    assert loaded == [], f"web imports loaded {loaded}"


def _modules_after_import(
    modules: list[str], roots: set[str], *, django_setup: bool = False
) -> list[str]:
    """Import `modules` in a new interpreter; return loaded modules under `roots`."""
    script = (
        "import importlib, json, sys\n"
        + ("import django\ndjango.setup()\n" if django_setup else "")
        + f"for name in {modules!r}:\n    importlib.import_module(name)\n"
        + f"roots = {sorted(roots)!r}\n"
        + "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in roots)))\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "smartstock.settings.test"}
    result = subprocess.run(
        [sys.executable, "-c", script], check=False, cwd=ROOT, env=env,
        capture_output=True, text=True, timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _app_files(app: str) -> list[Path]:
    return [p for p in _python_files(app) if "migrations" not in p.parts]


@pytest.mark.parametrize("app", LAYERS[:-1])
def test_lower_apps_never_import_higher_ones(app: str) -> None:
    """Even inside a function: a lower app announces (signal/hook), never calls up."""
    higher = (set(LAYERS[LAYERS.index(app) + 1:])
              | {"channel_sync", "api", "copilot"}) - {app}
    offenders = {
        str(path.relative_to(ROOT)): sorted(
            name for name in _imported_names(path, module_level_only=False)
            if name.split(".")[0] in higher
        )
        for path in _app_files(app)
    }
    assert {path: names for path, names in offenders.items() if names} == {}


def test_inventory_imports_neither_forecasting_nor_policy() -> None:
    """The issue-13 move: dashboard and reports left inventory for dashboard/."""
    offenders = [
        str(path.relative_to(ROOT)) for path in _app_files("inventory")
        if any(name.split(".")[0] in {"forecasting", "policy", "alerts", "dashboard"}
               for name in _imported_names(path, module_level_only=False))
    ]
    assert offenders == []


def test_the_web_process_does_not_load_pandas_or_plotly_at_start() -> None:
    """pandas (≈ 0.4-1 s) and plotly.py are imported where used, not at start.

    (openpyxl is loaded by django-import-export's admin formats; not ours.)
    """
    loaded = _modules_after_import(["smartstock.urls"], {"pandas", "plotly"},
                                   django_setup=True)
    assert loaded == [], f"loading the URLs loaded {loaded[:10]}"
