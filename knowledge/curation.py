"""Editors' changes to figures: confirm, reject, correct — each one an audit record.

A correction never overwrites: the old figure becomes ``superseded`` and points at the new
one, which answers use from then on. Every change records who made it, when, and the
figure before and after.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator
from sqlalchemy import func, insert, select, update
from sqlalchemy.engine import Connection, Engine

from knowledge.dates import parse_date_point
from knowledge.db import bump_generation
from knowledge.models import AuditRecord, Fact, FactActor, Metric, Place, Qualifier
from knowledge.numbers import value_in_text

__all__ = [
    "CurationError",
    "FactEdit",
    "audit_log",
    "confirm",
    "correct",
    "fact_snapshot",
    "reject",
]


class CurationError(ValueError):
    """A change that cannot be made; the message says why, in one line."""


class FactEdit(BaseModel):
    """The fields an editor may change; absent fields keep their value."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    value: float | None = None
    qualifier: Qualifier | None = None
    metric: str | None = None
    place: str | None = None
    as_of: str | None = None
    period_start: str | None = None
    period_end: str | None = None
    actors: list[str] | None = None
    note: str | None = None
    metric_label: str | None = None  # rename a metric named from the copy ("people · missing")

    @field_validator("as_of", "period_start", "period_end")
    @classmethod
    def _dates(cls, raw: str | None) -> str | None:
        if raw in (None, ""):
            return None
        parse_date_point(raw)
        return raw


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def fact_snapshot(connection: Connection, fact_id: str) -> dict[str, Any]:
    """A figure as a plain dict (for audit records)."""
    row = connection.execute(select(Fact).where(Fact.id == fact_id)).mappings().first()
    if row is None:
        raise CurationError(f"no figure with id {fact_id!r}")
    out = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in row.items()}
    out["actors"] = sorted(r[0] for r in connection.execute(
        select(FactActor.actor_id).where(FactActor.fact_id == fact_id)))
    return out


def _audit(connection: Connection, *, who: str, action: str, fact_id: str,
           before: dict[str, Any] | None, after: dict[str, Any] | None, note: str = "") -> None:
    connection.execute(insert(AuditRecord.__table__), [{  # type: ignore[attr-defined]
        "at": _now(), "who": who, "action": action, "fact_id": fact_id,
        "before": before, "after": after, "note": note}])


def _set_status(engine: Engine, fact_id: str, status: str, who: str, action: str) -> dict:
    with engine.begin() as connection:
        before = fact_snapshot(connection, fact_id)
        if before["status"] == "superseded":
            raise CurationError(f"{fact_id} was corrected by {before['superseded_by']}; "
                                "act on that figure instead")
        if before["status"] == status:
            return before
        connection.execute(update(Fact).where(Fact.id == fact_id).values(status=status))
        after = fact_snapshot(connection, fact_id)
        _audit(connection, who=who, action=action, fact_id=fact_id, before=before, after=after)
        bump_generation(connection)
        return after


def confirm(engine: Engine, fact_id: str, *, who: str) -> dict[str, Any]:
    """Mark a figure confirmed (answers show it as fact from now on)."""
    return _set_status(engine, fact_id, "confirmed", who, "confirm")


def reject(engine: Engine, fact_id: str, *, who: str) -> dict[str, Any]:
    """Mark a figure rejected (answers never show it)."""
    return _set_status(engine, fact_id, "rejected", who, "reject")


def _time_columns(edit: FactEdit, current: dict[str, Any]) -> dict[str, Any]:
    if edit.as_of:
        point = parse_date_point(edit.as_of)
        return {"as_of": point.start, "period_start": None, "period_end": None,
                "precision": point.precision, "ref_start": point.start, "ref_end": point.end}
    if edit.period_start or edit.period_end:
        if not (edit.period_start and edit.period_end):
            raise CurationError("give both the start and the end of the period")
        start, end = parse_date_point(edit.period_start), parse_date_point(edit.period_end)
        if end.end < start.start:
            raise CurationError("the period ends before it starts")
        coarse = max(start.precision, end.precision,
                     key={"day": 0, "month": 1, "year": 2}.__getitem__)
        return {"as_of": None, "period_start": start.start, "period_end": end.end,
                "precision": coarse, "ref_start": start.start, "ref_end": end.end}
    keys = ("as_of", "period_start", "period_end", "precision", "ref_start", "ref_end")
    return {k: (dt.date.fromisoformat(current[k]) if k != "precision" and current[k]
                else current[k]) for k in keys}


def correct(engine: Engine, fact_id: str, changes: dict[str, Any] | FactEdit, *, who: str,
            actor_ids: Iterable[str] | None = None) -> str:
    """Correct a figure: a new confirmed figure supersedes it. Returns the new id."""
    try:
        edit = changes if isinstance(changes, FactEdit) else FactEdit.model_validate(changes)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = ".".join(str(p) for p in error["loc"]) or "value"
        raise CurationError(f"{field}: {error['msg'].removeprefix('Value error, ')}") from None
    with engine.begin() as connection:
        before = fact_snapshot(connection, fact_id)
        if before["status"] == "superseded":
            raise CurationError(f"{fact_id} was already corrected by {before['superseded_by']}")
        metric = edit.metric or before["metric"]
        known = connection.execute(select(Metric.origin).where(Metric.id == metric)).first()
        if known is None:
            raise CurationError(f"unknown metric {metric!r}")
        if edit.metric_label:
            if known[0] == "pack":
                raise CurationError(f"{metric} is a pack metric: rename it in the pack")
            connection.execute(update(Metric).where(Metric.id == metric).values(
                label=edit.metric_label[:200], origin="curation"))
        place = edit.place if edit.place is not None else before["place_id"]
        if place and connection.execute(select(Place.id).where(Place.id == place)).first() is None:
            raise CurationError(f"unknown place {place!r}")
        value = edit.value if edit.value is not None else before["value"]
        if not value_in_text(value, before["quote"]):
            raise CurationError(f"{value:g} does not occur in the quoted sentence; a figure must "
                                "be stated in its source")
        count = connection.execute(select(func.count()).select_from(Fact).where(
            Fact.id.like(f"{fact_id}-r%"))).scalar() or 0
        new_id = f"{fact_id}-r{count + 1}"
        row = {k: before[k] for k in ("unit", "attributed_to", "quote", "quote_start",
                                      "quote_end", "source_id")}
        row.update(_time_columns(edit, before))
        row.update({
            "id": new_id, "metric": metric, "value": value,
            "qualifier": (edit.qualifier.value if edit.qualifier else before["qualifier"]),
            "place_id": place or None, "status": "confirmed",
            "note": edit.note if edit.note is not None else before["note"],
            "origin": "curation", "superseded_by": None,
        })
        connection.execute(insert(Fact.__table__), [row])  # type: ignore[attr-defined]
        actors = list(actor_ids) if actor_ids is not None else before["actors"]
        if actors:
            connection.execute(insert(FactActor.__table__), [  # type: ignore[attr-defined]
                {"fact_id": new_id, "actor_id": a} for a in dict.fromkeys(actors)])
        connection.execute(update(Fact).where(Fact.id == fact_id).values(
            status="superseded", superseded_by=new_id))
        after = fact_snapshot(connection, new_id)
        _audit(connection, who=who, action="correct", fact_id=fact_id, before=before,
               after=after)
        bump_generation(connection)
    return new_id


def audit_log(engine: Engine, *, fact_id: str | None = None, limit: int = 200
              ) -> list[dict[str, Any]]:
    """Audit records, newest first."""
    statement = select(AuditRecord).order_by(AuditRecord.id.desc()).limit(limit)
    if fact_id:
        statement = statement.where(AuditRecord.fact_id == fact_id)
    with engine.connect() as connection:
        rows = connection.execute(statement).mappings().all()
    return [{**dict(r), "at": r["at"].isoformat() if r["at"] else None} for r in rows]
