"""knowledge/ is a pure library: it never imports Slack or the bot."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import knowledge

FORBIDDEN = ("slack_bolt", "slack_sdk", "slack", "bot")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_no_module_of_knowledge_imports_slack_or_bot() -> None:
    offenders = []
    for path in Path(knowledge.__file__).parent.rglob("*.py"):
        for name in _imports(path):
            if name.split(".")[0] in FORBIDDEN:
                offenders.append(f"{path.name}: {name}")
    assert offenders == []


def test_importing_all_of_knowledge_loads_no_slack_module() -> None:
    code = (
        "import sys, pkgutil, importlib, knowledge\n"
        "for m in pkgutil.iter_modules(knowledge.__path__):\n"
        "    importlib.import_module('knowledge.' + m.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('slack_bolt', 'slack_sdk', 'slack', 'bot')]\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_api_is_complete() -> None:
    import importlib
    import pkgutil

    for info in pkgutil.iter_modules(knowledge.__path__):
        if info.name.endswith("__mypyc"):
            continue  # the compiled modules' shared code (knowledge/native.py), no API
        module = importlib.import_module(f"knowledge.{info.name}")
        exported = getattr(module, "__all__", None)
        assert exported is not None, f"knowledge.{info.name} has no __all__"
        for name in exported:
            assert hasattr(module, name), f"knowledge.{info.name}.__all__ names missing {name}"
