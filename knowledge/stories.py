"""Stories to load: a pack folder and the source articles its figures quote.

The first story ships inside the package (``knowledge/pack`` with its articles in
``knowledge/pack/sources``, which in a checkout is the project's ``seeds/`` folder), so an
installed factdesk loads it from any directory. Another story is a pack folder whose
articles sit in ``PACK/sources`` (as ``factdesk export-pack`` writes them) or beside it in
``../sources`` (a story folder holding ``pack/`` and ``sources/``).
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine

from knowledge.pack import DEFAULT_PACK_DIR, LoadReport, PackError, init_store

__all__ = ["DEFAULT_PACK_DIR", "load_story", "pack_folder", "sources_for"]


def pack_folder(folder: Path) -> Path:
    """The pack in ``folder``: the folder itself, or its ``pack/`` (a story folder)."""
    if not (folder / "pack.toml").is_file() and (folder / "pack" / "pack.toml").is_file():
        return folder / "pack"
    return folder


def sources_for(pack_dir: Path) -> Path | None:
    """The folder of articles that travels with a pack, if there is one."""
    for candidate in (pack_dir / "sources", pack_dir.parent / "sources"):
        if candidate.is_dir():
            return candidate
    return None


def load_story(engine: Engine, *, pack_dir: Path = DEFAULT_PACK_DIR,
               seeds_dir: Path | None = None) -> LoadReport:
    """Migrate the store and load a pack with its sources (``seeds_dir`` when given, else the
    pack's own), all or nothing; safe to repeat."""
    pack_dir = pack_folder(pack_dir)
    if not (pack_dir / "pack.toml").is_file():
        raise PackError([f"{pack_dir}: not a pack folder (no pack.toml)"])
    sources = seeds_dir if seeds_dir is not None else sources_for(pack_dir)
    try:
        return init_store(engine, pack_dir=pack_dir, seeds_dir=sources)
    except PackError as exc:
        missing = [p for p in exc.problems if "unknown source" in p]
        if sources is None and missing:
            raise PackError([f"the pack cites {len(missing)} figure source(s) the store does "
                             f"not have, and no sources folder was found ({pack_dir}/sources "
                             "or ../sources): give --seeds DIR"]) from None
        raise
