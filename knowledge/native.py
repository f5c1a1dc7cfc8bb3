"""Which modules are compiled (mypyc) and whether this install runs them compiled.

The modules that read copy (sentences, numbers, dates, places, actors, figures) are fully
typed Python; setup.py compiles them where it can. Compiled or not, they give the same
figures: compiled, a wrong type is an error where Python would have let it pass, so the test
suite runs on the compiled modules and tests/test_native.py type-checks them.
"""

from __future__ import annotations

import importlib.machinery
from pathlib import Path

__all__ = ["COMPILED", "GROUP", "MYPY_FLAGS", "status"]

COMPILED = [
    "knowledge/sentences.py",
    "knowledge/numbers.py",
    "knowledge/timex.py",
    "knowledge/places.py",
    "knowledge/actors.py",
    "knowledge/extract.py",
]
MYPY_FLAGS = ["--ignore-missing-imports", "--follow-imports=silent"]
GROUP = "knowledge.compiled"  # the shared library's module: knowledge/compiled__mypyc.*.so

_PACKAGE = Path(__file__).resolve().parent


def status(package: Path = _PACKAGE) -> tuple[str, list[str]]:
    """("compiled", []) when every module has a build at least as new as its source;
    ("interpreted", []) when none has one; otherwise ("stale", the modules whose build is
    missing or older than the source: rebuild with ``make compile``)."""
    built, stale = 0, []
    # The modules' code lives in one shared library beside them (setup.py's group); each
    # module's own file only loads it, and is rebuilt only when that changes.
    shared = [p.stat().st_mtime for suffix in importlib.machinery.EXTENSION_SUFFIXES
              if (p := package / f"{GROUP.rsplit('.', 1)[-1]}__mypyc{suffix}").exists()]
    for path in COMPILED:
        source = package.parent / path
        name = source.stem
        builds = [p for suffix in importlib.machinery.EXTENSION_SUFFIXES
                  if (p := source.with_name(name + suffix)).exists()]
        if not builds:
            stale.append(name)
            continue
        built += 1
        # An install writes a module's files a moment apart, in no set order: a source
        # edited after its build is seconds or more newer.
        if max([*(p.stat().st_mtime for p in builds), *shared]) + 2 < source.stat().st_mtime:
            stale.append(name)
    if built == 0:
        return "interpreted", []
    return ("compiled", []) if not stale else ("stale", stale)
