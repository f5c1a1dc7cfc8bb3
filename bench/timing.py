"""Timing helpers shared by the benchmarks: run, then report median and p99."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence
from typing import Any

__all__ = ["measure", "summary", "percentile"]


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


def measure(calls: Sequence[Callable[[], Any]], *, rounds: int, warmup: int = 20) -> list[float]:
    """Milliseconds per call, cycling through ``calls`` for ``rounds`` calls."""
    for i in range(warmup):
        calls[i % len(calls)]()
    out = []
    for i in range(rounds):
        call = calls[i % len(calls)]
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def summary(label: str, times_ms: Sequence[float]) -> str:
    """One printed line: count, median, p99, max."""
    return (f"{label:<48} n={len(times_ms):>6}  median={statistics.median(times_ms):8.3f} ms  "
            f"p99={percentile(times_ms, 99):8.3f} ms  max={max(times_ms):8.3f} ms")
