"""Draft checking latency: a 1,500-word draft checked against the seed store and the
synthetic store of 1M facts.

    python -m bench.check [--rounds N]

Target: p99 <= 300 ms for a 1,500-word draft at 1M facts. The draft is built from wire-style
copy (the extraction corpora), so it holds many figures of many kinds.
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
from pathlib import Path

from bench.synthetic import DEFAULT_PATH, generate
from bench.timing import measure, percentile, summary
from knowledge.check import check_draft
from knowledge.db import make_engine
from knowledge.pack import DEFAULT_PACK_DIR, init_store
from knowledge.store import FactStore

ROOT = Path(__file__).resolve().parent.parent


def draft(words: int = 1500) -> str:
    """A draft of about ``words`` words: the seed story's copy, then other conflicts' copy."""
    parts: list[str] = []
    count = 0
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted(
        (ROOT / "tests" / "corpora" / "conflict").glob("*.txt"))
    for path in files:
        for paragraph in path.read_text(encoding="utf-8").split("\n"):
            if count >= words:
                return "\n\n".join(parts)
            paragraph = paragraph.strip()
            if len(paragraph.split()) < 8:
                continue
            parts.append(paragraph)
            count += len(paragraph.split())
    return "\n\n".join(parts)


def _run(label: str, store: FactStore, text: str, rounds: int) -> float:
    as_of = dt.date(2021, 1, 10)
    report = check_draft(text, store, as_of=as_of)
    verdicts: dict[str, int] = {}
    for figure in report.figures:
        verdicts[figure.verdict] = verdicts.get(figure.verdict, 0) + 1
    print(f"{label}: {len(text.split())} words, {len(report.figures)} figures {verdicts}")
    times = measure([lambda: check_draft(text, store, as_of=as_of)], rounds=rounds, warmup=3)
    print(summary(label, times))
    return percentile(times, 99)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--synthetic", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args()
    text = draft()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/seed.db"
        init_store(make_engine(url), pack_dir=DEFAULT_PACK_DIR, seeds_dir=ROOT / "seeds")
        _run("seed store, 1,500-word draft", FactStore(make_engine(url)), text, args.rounds)
    if not args.synthetic.exists():
        generate(args.synthetic)
    big = _run("synthetic store (1M facts), 1,500-word draft",
               FactStore(make_engine(f"sqlite:///{args.synthetic}")), text, args.rounds)
    print(f"target: p99 {big:.1f} ms at 1M facts (<= 300 ms) {'OK' if big <= 300 else 'MISSED'}")


if __name__ == "__main__":
    main()
