"""The command-line side of ingest: a progress bar, one line per failure, a drop folder."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from knowledge.ingest import Ingester, IngestReport, ItemResult, read_paths
from knowledge.store import FactStore

__all__ = ["run_ingest", "watch_folder"]


def run_ingest(store: FactStore, paths: list[str], *, as_json: bool = False,
               ingester: Ingester | None = None, workers: int = 1) -> IngestReport:
    """Ingest ``paths`` with a progress bar on standard error; print failures and totals."""
    ingester = ingester or Ingester(store.engine, store=store)
    items = list(read_paths(paths))
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    progress = Progress(TextColumn("ingest"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=err, transient=True,
                        disable=not err.is_terminal)

    def advance(result: ItemResult) -> None:
        progress.advance(task)
        if result.status == "failed":
            err.print(f"failed: {result.path}: {result.error}", markup=False)

    with progress:
        task = progress.add_task("ingest", total=len(items))
        report = ingester.ingest(items, progress=advance, workers=workers)
    if not as_json:
        totals = report.to_json()
        err.print(f"{totals['added']} added ({totals['near_duplicates']} copies of known "
                  f"stories), {totals['duplicates']} already there, {totals['failed']} failed; "
                  f"{sum(r.figures for r in report.results)} candidate figures proposed.",
                  markup=False)
    return report


def watch_folder(store: FactStore, folder: Path, *, interval: float = 5.0,
                 as_json: bool = False, rounds: int | None = None) -> None:
    """Poll ``folder`` and ingest files that are new or changed, until interrupted."""
    if not folder.is_dir():
        print(f"factdesk ingest: {folder} is not a folder", file=sys.stderr)
        raise SystemExit(2)
    ingester = Ingester(store.engine, store=store)
    seen: dict[Path, tuple[float, int]] = {}
    done = 0
    try:
        while rounds is None or done < rounds:
            fresh = []
            for path in sorted(folder.rglob("*")):
                if not path.is_file() or path.name.endswith(".meta.json") or \
                        path.name.startswith("."):
                    continue
                stat = path.stat()
                if seen.get(path) != (stat.st_mtime, stat.st_size):
                    seen[path] = (stat.st_mtime, stat.st_size)
                    fresh.append(str(path))
            if fresh:
                report = run_ingest(store, fresh, as_json=as_json, ingester=ingester)
                if as_json:
                    print(json.dumps(report.to_json(), ensure_ascii=False), flush=True)
            done += 1
            time.sleep(interval)
    except KeyboardInterrupt:
        return
