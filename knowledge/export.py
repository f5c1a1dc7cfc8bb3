"""Write the store's curated knowledge back as a pack, so curation can be reviewed in git.

The pack folder gets the usual TOML files (confirmed figures only; metrics with the rules
the extractor matches them by, and those named from the copy with their origin) and a
``sources/`` folder with every source's text and sidecar; ``factdesk init --pack DIR --seeds
DIR/sources`` on an empty store reproduces the same answers.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import tomli_w
from sqlalchemy import select

from knowledge.models import Actor, Alias, Fact, FactActor, Metric, Pack, Place, Source, Topic
from knowledge.store import FactStore

__all__ = ["export_pack"]

_HEADERS = {
    "places.toml": "# Places figures are about; places nest (a city lies in its region and country).\n",
    "metrics.toml": "# What figures count, with the words that point a question at each.\n",
    "topics.toml": "# Slash commands and the metrics each answers with.\n",
    "actors.toml": "# Actors, every spelling the copy uses, and roles with dates.\n",
    "facts.toml": "# Confirmed figures, each with its verbatim quote. Exported by factdesk.\n",
}


def _iso(value: dt.date, precision: str) -> str:
    return {"day": value.isoformat(), "month": value.isoformat()[:7],
            "year": value.isoformat()[:4]}[precision]


def _clean(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if v not in (None, "", [])}


def _write(folder: Path, name: str, key: str, records: list[dict[str, Any]]) -> None:
    body = tomli_w.dumps({key: records}, multiline_strings=False) if records else ""
    (folder / name).write_text(_HEADERS.get(name, "") + "\n" + body, encoding="utf-8")


def _parents_first(places: Any) -> list[Any]:
    """Places ordered so that each comes after the place it lies in."""
    by_id = {p["id"]: p for p in places}
    done: dict[str, Any] = {}

    def visit(place: Any, depth: int = 0) -> None:
        parent = by_id.get(place["parent_id"] or "")
        if parent is not None and parent["id"] not in done and depth < 20:
            visit(parent, depth + 1)
        done.setdefault(place["id"], place)

    for place in places:
        visit(place)
    return list(done.values())


def export_pack(store: FactStore, folder: Path) -> dict[str, int]:
    """Export places, metrics, topics, actors, confirmed facts and sources to ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    with store.engine.connect() as connection:
        pack = connection.execute(select(Pack).order_by(Pack.loaded_at.desc())).mappings().first()
        places = connection.execute(select(Place)).mappings().all()
        metrics = connection.execute(select(Metric)).mappings().all()
        topics = connection.execute(select(Topic).order_by(Topic.position)).mappings().all()
        actors = connection.execute(select(Actor).where(Actor.status != "proposed")
                                    .order_by(Actor.id)).mappings().all()
        aliases: dict[str, list[str]] = {}
        for actor_id, text in connection.execute(select(Alias.actor_id, Alias.text)
                                                 .order_by(Alias.id)):
            aliases.setdefault(actor_id, []).append(text)
        facts = connection.execute(select(Fact).where(Fact.status == "confirmed")
                                   .order_by(Fact.source_id, Fact.id)).mappings().all()
        links: dict[str, list[str]] = {}
        for fact_id, actor_id in connection.execute(select(FactActor.fact_id,
                                                           FactActor.actor_id)):
            links.setdefault(fact_id, []).append(actor_id)
        sources = connection.execute(select(Source.id, Source.outlet, Source.title, Source.url,
                                            Source.published, Source.notes, Source.text)
                                     .order_by(Source.id)).all()
    head = {"id": pack["id"] if pack else "exported", "title": pack["title"] if pack else ""}
    if pack and pack["scope_place_id"]:
        head["scope"] = pack["scope_place_id"]
    (folder / "pack.toml").write_text(tomli_w.dumps(head), encoding="utf-8")
    # The pack's own places and metrics, and those of the copy that confirmed figures use
    # (a place named in new copy with the places it lies in; a metric named from the copy's
    # words, with its origin). Candidates' places and metrics stay in the store.
    by_id = {p["id"]: p for p in places}
    wanted = {p["id"] for p in places if p["origin"] == "pack"}
    for f in facts:
        place_id = f["place_id"]
        while place_id and place_id not in wanted and place_id in by_id:
            wanted.add(place_id)
            place_id = by_id[place_id]["parent_id"]
    used = {f["metric"] for f in facts} | {m for t in topics for m in (t["metrics"] or [])}
    _write(folder, "places.toml", "place", [_clean({
        "id": p["id"], "name": p["name"], "parent": p["parent_id"], "aliases": p["aliases"]})
        for p in _parents_first(places) if p["id"] in wanted])
    _write(folder, "metrics.toml", "metric", [_clean({
        "id": m["id"], "label": m["label"], "unit": m["unit"], "keywords": m["keywords"],
        **(m["rules"] or {}), "origin": m["origin"] if m["origin"] != "pack" else None})
        for m in metrics if m["origin"] == "pack" or m["id"] in used])
    _write(folder, "topics.toml", "topic", [_clean({
        "id": t["id"], "command": t["command"], "title": t["title"],
        "description": t["description"], "metrics": t["metrics"], "keywords": t["keywords"]})
        for t in topics])
    actor_ids = {a["id"] for a in actors}
    _write(folder, "actors.toml", "actor", [_clean({
        "id": a["id"], "name": a["name"], "kind": a["kind"], "description": a["description"],
        "aliases": aliases.get(a["id"], []),
        "roles": [_clean({"title": r.get("title"),
                          "start": dt.date.fromisoformat(r["start"]) if r.get("start") else None,
                          "end": dt.date.fromisoformat(r["end"]) if r.get("end") else None})
                  for r in (a["roles"] or [])],
    }) for a in actors])
    records = []
    for f in facts:
        record: dict[str, Any] = {
            "id": f["id"], "source": f["source_id"], "metric": f["metric"],
            "value": int(f["value"]) if f["value"] == int(f["value"]) else f["value"],
            "qualifier": f["qualifier"], "unit": f["unit"],
        }
        if f["as_of"] is not None:
            record["as_of"] = _iso(f["as_of"], f["precision"])
        else:
            record["period_start"] = _iso(f["period_start"], f["precision"])
            record["period_end"] = _iso(f["period_end"], f["precision"])
        record.update({
            "place": f["place_id"],
            "actors": [a for a in links.get(f["id"], []) if a in actor_ids],
            "attributed_to": f["attributed_to"] if f["attributed_to"] in actor_ids else None,
            "quote": f["quote"], "note": f["note"],
        })
        records.append(_clean(record))
    _write(folder, "facts.toml", "fact", records)
    for source_id, outlet, title, url, published, notes, text in sources:
        (folder / "sources" / f"{source_id}.txt").write_text(text, encoding="utf-8")
        meta = {"outlet": outlet, "title": title, "url": url,
                "published": published.isoformat() if published else None, "notes": notes}
        (folder / "sources" / f"{source_id}.meta.json").write_text(
            json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {"facts": len(records), "actors": len(actors), "sources": len(sources)}
