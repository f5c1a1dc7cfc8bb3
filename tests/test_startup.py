"""Start-up checks: the schema revision read without alembic, and no slow imports to serve."""

from __future__ import annotations

import subprocess
import sys

from bot.startup import code_revision, database_revision
from knowledge.db import make_engine
from knowledge.migrate import current_revision, head_revision, upgrade
from tests.conftest import ROOT


def test_the_code_revision_is_alembics_head() -> None:
    assert code_revision() == head_revision()


def test_the_database_revision_is_alembics_reading(tmp_path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path}/rev.db")
    assert database_revision(engine) is None and current_revision(engine) is None
    upgrade(engine)
    assert database_revision(engine) == current_revision(engine) == head_revision()


def test_serving_imports_neither_alembic_nor_datasketch(tmp_path) -> None:
    url = f"sqlite:///{tmp_path}/serve.db"
    upgrade(make_engine(url))
    script = (
        "import sys\n"
        "import bot.cli, bot.app, bot.web\n"
        "from bot.startup import require_migrated\n"
        "from knowledge.db import make_engine\n"
        f"require_migrated(make_engine({url!r}))\n"
        "print(sorted(m for m in ('alembic', 'datasketch') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
