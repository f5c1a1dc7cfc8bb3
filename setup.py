"""Build hook: the modules that read copy are compiled with mypyc where a C compiler is at hand.

They are ordinary, fully typed Python (``knowledge.native.COMPILED``); compiled, ingest reads
copy about a third faster and gives the same figures. Without mypyc, a compiler or the Python
headers, or with FACTDESK_PURE=1 set, the package installs as plain Python.
"""

from __future__ import annotations

import os
import sys

from setuptools import setup

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from knowledge.native import COMPILED, GROUP, MYPY_FLAGS  # noqa: E402  (plain data)


def _extensions() -> list:
    if os.environ.get("FACTDESK_PURE"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:
        print("factdesk: mypyc is not installed; the package is built as plain Python")
        return []
    try:
        modules = mypycify([*MYPY_FLAGS, *COMPILED], opt_level="3", group_name=GROUP)
    except SystemExit:  # the modules did not type-check: tests/test_native.py says where
        print("factdesk: the compiled modules did not type-check; built as plain Python")
        return []
    for module in modules:
        module.optional = True  # no compiler or headers: the same modules, interpreted
    return modules


setup(ext_modules=_extensions())
