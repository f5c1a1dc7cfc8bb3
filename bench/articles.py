"""Made-up wire articles for ingest benchmarks and tests: varied figures, dates and names."""

from __future__ import annotations

import datetime as dt
import json
import random
from collections.abc import Iterator
from pathlib import Path

__all__ = ["make_articles", "write_articles"]

_TEMPLATES = [
    "{who} said on {weekday} that {q}{n:,} US troops remain in Iraq after the latest drawdown.",
    "At least {small} rockets hit {place} on {weekday}, security sources said.",
    "{Small} people were killed and {small2} wounded when a rocket struck a home near {place}.",
    "Between {month1} and {month2} this year, around {n2} attacks targeted bases housing US troops.",
    "The coalition plans to cut its forces to {n:,} by {month2} {year}, {who} told reporters.",
    "{Small} drones were shot down near {place} last week, officials said.",
    "Washington has withdrawn another {n:,} troops from Iraq, the {title} confirmed on {weekday}.",
    "Officials in {place} said the committee would report its findings within {days} days.",
]
_FILLER = [
    "The statement did not say who was behind the attack.",
    "Iran-backed factions have been blamed for similar incidents in the past.",
    "The embassy declined to comment on the report.",
    "Analysts said the move reflected growing pressure on the government in Baghdad.",
    "Residents described hearing several loud explosions before dawn.",
]
_VOCABULARY = """
officials diplomats analysts residents ministry parliament council committee government
militia faction coalition embassy convoy base airport checkpoint province district city
border highway market mosque school hospital bridge river desert village town capital
statement report interview briefing meeting session vote decision plan proposal deal
agreement talks dialogue visit trip tour warning threat pressure tension crisis dispute
security safety stability reform budget oil exports revenue salaries prices electricity
water fuel supply shortage protest rally march strike demand claim denial response
investigation inquiry probe evidence witness source document letter message call order
spokesman adviser commander general colonel minister president speaker deputy envoy
said added noted warned insisted argued suggested stressed confirmed denied rejected
quickly slowly openly quietly firmly sharply briefly widely largely mostly partly
new old recent early late major minor key main senior junior local regional national
foreign domestic political military economic diplomatic legal public private official
""".split()
_WHO = ["Mustafa al-Kadhimi", "Wayne Marotto", "Fuad Hussein", "a coalition spokesman",
        "the Pentagon", "Qassem al-Araji"]
_PLACES = ["Baghdad", "Erbil", "Baghdad airport", "the Green Zone", "Nineveh", "Arbil airport"]
_WORDS = ["Two", "Three", "Four", "Five", "Six", "Seven", "Eight", "Nine", "Ten", "Twelve"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August"]


def make_articles(count: int, *, seed: int = 3) -> Iterator[tuple[str, str, dict[str, str]]]:
    """(name, text, sidecar) for ``count`` articles, each different."""
    rng = random.Random(seed)
    base = dt.date(2020, 1, 1)
    for i in range(count):
        published = base + dt.timedelta(days=rng.randrange(700))
        lines = [f"Report {i}: {rng.choice(['Rockets', 'Troops', 'Drones', 'Inquiry'])} "
                 f"update from {rng.choice(_PLACES).replace('the ', '')}"]
        for _ in range(rng.randint(4, 8)):
            template = rng.choice(_TEMPLATES)
            lines.append(template.format(
                who=rng.choice(_WHO), weekday=published.strftime("%A"),
                q=rng.choice(["", "around ", "at least ", "fewer than "]),
                n=rng.randrange(1, 60) * 100, n2=rng.randrange(5, 90),
                small=rng.randrange(2, 30), small2=rng.randrange(2, 30),
                Small=rng.choice(_WORDS), place=rng.choice(_PLACES),
                month1=rng.choice(_MONTHS[:4]), month2=rng.choice(_MONTHS[4:]),
                year=published.year + 1, title=rng.choice(["prime minister", "defence ministry"]),
                days=rng.choice([14, 30, 45, 60]),
            ))
            words = rng.sample(_VOCABULARY, rng.randint(10, 16))
            lines.append(rng.choice(_FILLER) + " " + " ".join(words).capitalize() + ".")
        meta = {"outlet": f"Wire {i % 7}", "title": lines[0], "url": f"https://wire.example/{i}",
                "published": published.isoformat()}
        yield f"article-{i:05d}", "\n".join(lines) + "\n", meta


def write_articles(folder: Path, count: int, *, seed: int = 3) -> Path:
    """Write ``count`` articles with sidecars into ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text, meta in make_articles(count, seed=seed):
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps(meta), encoding="utf-8")
    return folder
