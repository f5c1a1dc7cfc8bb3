"""The compiled modules: typed so that mypyc can build them, and the same figures either way."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from knowledge.native import COMPILED, MYPY_FLAGS, status

ROOT = Path(__file__).resolve().parent.parent


def test_the_compiled_modules_type_check() -> None:
    """mypyc builds only what type-checks, and compiled code enforces the types at run time:
    a wrong annotation would be a TypeError in ingest, or a build left interpreted."""
    pytest.importorskip("mypy")
    done = subprocess.run([sys.executable, "-m", "mypy", *MYPY_FLAGS, *COMPILED], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-3000:]


def test_a_build_older_than_its_source_is_stale(tmp_path: Path) -> None:
    """No build: interpreted; every module built after its source (or its shared library
    rebuilt after it): compiled; a source edited since: stale, naming the module."""
    import importlib.machinery
    import os

    from knowledge.native import GROUP

    package = tmp_path / "knowledge"
    package.mkdir()
    suffix = importlib.machinery.EXTENSION_SUFFIXES[0]
    for path in COMPILED:
        (tmp_path / path).write_text("")
    assert status(package) == ("interpreted", [])
    for path in COMPILED:
        (tmp_path / path).with_suffix(suffix).write_text("")
    assert status(package) == ("compiled", [])
    edited = tmp_path / COMPILED[-1]
    later = edited.stat().st_mtime + 60
    os.utime(edited, (later, later))
    assert status(package) == ("stale", [edited.stem])
    shared = package / f"{GROUP.rsplit('.', 1)[-1]}__mypyc{suffix}"
    shared.write_text("")
    os.utime(shared, (later + 1, later + 1))  # make compile rebuilt the shared library
    assert status(package) == ("compiled", [])


def test_a_compiled_module_is_loaded_from_its_build_when_there_is_one() -> None:
    import knowledge.extract

    state, _stale = status()
    loaded = Path(knowledge.extract.__file__).suffix
    assert (loaded == ".so") == (state == "compiled")
