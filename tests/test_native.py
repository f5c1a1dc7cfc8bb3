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


def test_this_checkout_runs_every_module_the_same_way() -> None:
    """Either every listed module is compiled from its current source, or none is."""
    state, stale = status()
    assert state in {"compiled", "interpreted"}, stale


def test_a_compiled_module_is_loaded_from_its_build_when_there_is_one() -> None:
    import knowledge.extract

    state, _stale = status()
    loaded = Path(knowledge.extract.__file__).suffix
    assert (loaded == ".so") == (state == "compiled")
