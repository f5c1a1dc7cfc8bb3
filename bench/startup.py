"""Start-up: `factdesk serve` from launch to a healthy GET /healthz, against a bare server.

    python -m bench.startup [--runs 10] [--busy N]

Each run launches a fresh process on a fresh port and polls /healthz every 5 ms. In the same
run, alternating with factdesk, a bare uvicorn + Starlette + Bolt app with a /healthz route
is started the same way: the floor that the interpreter and the server stack cost on this
machine. ``--busy N`` keeps N other processes spinning on the CPU meanwhile, as a loaded
machine would. Target: factdesk healthy in <= 1 s (median and p99 printed).
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing as mp
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.timing import percentile

ROOT = Path(__file__).resolve().parent.parent
SECRET = "startup-signing-secret"
_BARE = """
import sys, uvicorn
from slack_bolt import App
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route
bolt = App(signing_secret="s", token_verification_enabled=False, process_before_response=True)
async def healthz(_request):
    return JSONResponse({"ok": True})
web = Starlette(routes=[Route("/healthz", healthz)])
uvicorn.run(web, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
        connection.request("GET", "/healthz")
        ok = connection.getresponse().status == 200
        connection.close()
        return ok
    except OSError:
        return False


def _time_start(command: list[str], env: dict[str, str], port: int) -> float:
    """Seconds from launching ``command`` to a 200 on /healthz (then the process is stopped)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, text=True)
    try:
        while not _healthy(port):
            if process.poll() is not None:
                raise SystemExit(f"{command[0]} stopped with status {process.returncode}: "
                                 f"{process.stderr.read().strip()[-500:]}")  # type: ignore
            if time.perf_counter() - started > 30:
                raise SystemExit(f"{command[0]} was not healthy within 30 s")
            time.sleep(0.005)
        return time.perf_counter() - started
    finally:
        process.terminate()
        process.wait(timeout=20)


def _spin(stop: mp.Event) -> None:  # type: ignore[type-arg]
    while not stop.is_set():
        sum(range(10_000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--busy", type=int, default=0, metavar="N",
                        help="processes spinning on the CPU during the runs")
    args = parser.parse_args()

    from bot.fake_slack import FakeSlack
    from knowledge.db import make_engine
    from knowledge.pack import DEFAULT_PACK_DIR, init_store

    factdesk = str(Path(sys.executable).parent / "factdesk")
    stop = mp.Event()
    spinners = [mp.Process(target=_spin, args=(stop,), daemon=True) for _ in range(args.busy)]
    with tempfile.TemporaryDirectory() as folder, FakeSlack() as slack:
        db_url = f"sqlite:///{folder}/startup.db"
        init_store(make_engine(db_url), pack_dir=DEFAULT_PACK_DIR, seeds_dir=ROOT / "seeds")
        env = {**os.environ, "DATABASE_URL": db_url, "SLACK_BOT_TOKEN": "xoxb-startup",
               "SLACK_SIGNING_SECRET": SECRET, "SLACK_API_URL": slack.api_url,
               "WEB_CONCURRENCY": "1"}
        env.pop("SLACK_APP_TOKEN", None)
        for spinner in spinners:
            spinner.start()
        ours: list[float] = []
        bare: list[float] = []
        try:
            for _ in range(args.runs):
                port = _free_port()
                bare.append(_time_start([sys.executable, "-c", _BARE, str(port)], env, port))
                port = _free_port()
                ours.append(_time_start([factdesk, "serve", "--host", "127.0.0.1",
                                         "--port", str(port)], env, port))
        finally:
            stop.set()
            for spinner in spinners:
                spinner.join(timeout=5)
    busy = f", {args.busy} busy processes" if args.busy else ""
    for label, times in (("bare uvicorn + Starlette + Bolt", bare), ("factdesk serve", ours)):
        print(f"{label:<32} start to healthy, {len(times)} runs{busy}: "
              f"median={statistics.median(times):.3f} s  p99={percentile(times, 99):.3f} s  "
              f"min={min(times):.3f} s")
    p99 = percentile(ours, 99)
    print(f"target: factdesk serve healthy in <= 1 s: p99 {p99:.2f} s "
          f"{'OK' if p99 <= 1 else 'MISSED'} (bare floor median {statistics.median(bare):.2f} s)")


if __name__ == "__main__":
    main()
