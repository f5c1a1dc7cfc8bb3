"""Answer latency in-process: the seed store, then the synthetic store of 1M facts.

    python -m bench.answers [--rounds N] [--regenerate]

Targets: p99 <= 5 ms on the seed store, <= 50 ms on the synthetic store, for answers
computed from the store; repeated questions served from the answer cache are shown beside.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from bench.synthetic import DEFAULT_PATH, generate
from bench.timing import measure, percentile, summary
from knowledge.answer import answer, ask
from knowledge.db import make_engine
from knowledge.pack import DEFAULT_PACK_DIR, init_store
from knowledge.query import parse
from knowledge.store import FactStore

ROOT = Path(__file__).resolve().parent.parent
QUESTIONS = [
    "/troops",
    "/attacks",
    "/casualties",
    "how many rockets hit Erbil?",
    "/troops as of 2020-10-01",
    "/troops September 2020",
    "/troops kadhimi",
    "/actor kazemi",
    "how many troops are in Iraq?",
    "/sanctions",
]
FREE_QUESTIONS = [
    "how many US troops were there before the drawdown?",
    "how many attacks since Kadhimi visited the White House?",
    "how many rocket attacks hit US sites between October 2019 and July 2020?",
    "how many people died in the Baghdad airport rocket attack?",
    "how many US troops are in Syria?",
    "how long does the committee have to report?",
    "how many Iraqis did Pompeo threaten to sanction?",
    "how many rokets hit Erbill?",
    "what withdrawal period did Khadhimi negotiate?",
    "how many rockets have been fired at the US embassy in Baghdad?",
]


def _run(label: str, store: FactStore, questions: list[str], rounds: int) -> float:
    """Time answers computed from the store (no cache), then repeated questions (cached)."""
    for question in questions:
        ask(question, store)
    times = measure([lambda q=q: answer(parse(q, store), store) for q in questions],
                    rounds=rounds)
    print(summary(label + ", computed", times))
    cached = measure([lambda q=q: ask(q, store) for q in questions], rounds=rounds)
    print(summary(label + ", repeated (cached)", cached))
    return percentile(times, 99)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--regenerate", action="store_true",
                        help="rebuild the synthetic store even if it exists")
    parser.add_argument("--synthetic", type=Path, default=DEFAULT_PATH)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/seed.db"
        init_store(make_engine(url), pack_dir=DEFAULT_PACK_DIR, seeds_dir=ROOT / "seeds")
        seed_p99 = _run("seed store, 10 mixed questions", FactStore(make_engine(url)),
                        QUESTIONS, args.rounds)
        free_p99 = _run("seed store, 10 free questions", FactStore(make_engine(url)),
                        FREE_QUESTIONS, args.rounds // 2)

    big = None
    if not args.regenerate and args.synthetic.exists():
        try:
            from knowledge.migrate import is_current

            big = FactStore(make_engine(f"sqlite:///{args.synthetic}"))
            if not is_current(big.engine):
                raise RuntimeError("synthetic store from an older schema")
        except Exception:  # noqa: BLE001
            big = None
    if big is None:
        generate(args.synthetic)
        big = FactStore(make_engine(f"sqlite:///{args.synthetic}"))
    actor = "syn-42"
    name = big.actor_index.actors[actor].name
    big_questions = [
        "/troops", "/attacks", "/casualties", "how many rockets hit Erbil?",
        "/troops as of 2018-06-01", "/troops September 2019", f"/troops {name}",
        "/attacks in Baghdad 2017", "how many people were killed in Syria?", "/sanctions",
    ]
    big_p99 = _run("synthetic store (1M facts), 10 mixed questions", big, big_questions,
                   max(200, args.rounds // 4))
    big_free_p99 = _run("synthetic store (1M facts), 10 free questions", big, FREE_QUESTIONS,
                        max(200, args.rounds // 4))
    print(f"free questions: seed p99 {free_p99:.2f} ms; synthetic p99 {big_free_p99:.2f} ms "
          f"(<= 50 ms) {'OK' if big_free_p99 <= 50 else 'MISSED'}")
    print(f"targets: seed p99 {seed_p99:.2f} ms (<= 5 ms) "
          f"{'OK' if seed_p99 <= 5 else 'MISSED'}; synthetic p99 {big_p99:.2f} ms (<= 50 ms) "
          f"{'OK' if big_p99 <= 50 else 'MISSED'}")


if __name__ == "__main__":
    main()
