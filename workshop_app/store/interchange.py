"""The versioned JSON interchange format for a whole workshop (see docs/interchange.md).

``dump_workshop`` writes every user row; ``import_file`` validates a document completely
(``interchange_parse``: messages name the field and its line) before it creates a new file.
Ids in the document are kept, so dump -> import -> dump gives identical JSON.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select

from workshop_app.errors import InterchangeError
from workshop_app.model import (
    ActionItem,
    AgendaDay,
    AgendaItem,
    AgendaPause,
    Cluster,
    Feedback,
    FrameItem,
    Idea,
    Interest,
    MinutesEntry,
    Participant,
    Rock,
    RockRisk,
    Topic,
    Vote,
    VotingRound,
    Workshop,
)
from workshop_app.model.base import UTCDateTime
from workshop_app.store import leftovers
from workshop_app.store.checks import check_can_create, remove_quietly
from workshop_app.store.database import WorkshopStore
from workshop_app.store.interchange_parse import FORMAT_NAME, FORMAT_VERSION, Rows, parse_document
from workshop_app.store.recovery import is_database_header

__all__ = [
    "FORMAT_NAME",
    "FORMAT_VERSION",
    "INSERT_ORDER",
    "Rows",
    "dump_workshop",
    "dumps",
    "import_file",
    "import_rows",
    "parse_document",
    "write_json_atomic",
]


def _dt(value: datetime | None) -> str | None:
    return None if value is None else UTCDateTime().process_bind_param(value, None)  # type: ignore[arg-type]


def _d(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


# --- dump ---------------------------------------------------------------------


def dump_workshop(store: WorkshopStore) -> dict[str, Any]:
    """The whole workshop of ``store`` as a JSON-ready dict."""
    s = store.session
    w = s.scalars(select(Workshop).order_by(Workshop.id)).first()
    if w is None:
        raise InterchangeError(f"{store.path} holds no workshop yet, so there is nothing to dump.")
    frame: dict[str, list[dict[str, Any]]] = {"objectives": [], "principles": [], "behaviours": []}
    for f in s.scalars(
        select(FrameItem).where(FrameItem.workshop_id == w.id).order_by(FrameItem.position, FrameItem.id)
    ):
        frame[f"{f.kind}s"].append({"id": f.id, "text": f.text})
    doc: dict[str, Any] = {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "workshop": {
            "title": w.title,
            "supplier_name": w.supplier_name,
            "customer_name": w.customer_name,
            "location": w.location,
            "facilitator": w.facilitator,
            "vision": w.vision,
            "template": w.template,
            "created_at": _dt(w.created_at),
            "time_zone": w.time_zone,
        },
        "frame": frame,
        "participants": [
            {
                "id": p.id,
                "name": p.name,
                "side": p.side,
                "job_title": p.job_title,
                "is_leader": p.is_leader,
                "experience_rank": p.experience_rank,
            }
            for p in w.participants
        ],
        "topics": [],
        "agenda": [],
        "rocks": [],
        "minutes": [],
        "actions": [],
        "feedback": [],
    }
    for t in w.topics:
        doc["topics"].append(
            {
                "id": t.id,
                "title": t.title,
                "question": t.question,
                "clusters": [{"id": c.id, "title": c.title, "colour": c.colour} for c in t.clusters],
                "ideas": [
                    {
                        "id": i.id,
                        "text": i.text,
                        "author": i.author_id,
                        "created_at": _dt(i.created_at),
                        "cluster": i.cluster_id,
                        "is_heading": i.is_heading,
                    }
                    for i in t.ideas
                ],
                "rounds": [
                    {
                        "id": r.id,
                        "title": r.title,
                        "votes_per_person": r.votes_per_person,
                        "allow_multiple": r.allow_multiple,
                        "per_item_cap": r.per_item_cap,
                        "is_open": r.is_open,
                        "revealed": r.revealed,
                        "created_at": _dt(r.created_at),
                        "votes": [
                            {
                                "participant": v.participant_id,
                                "idea": v.idea_id,
                                "cluster": v.cluster_id,
                                "count": v.count,
                            }
                            for v in r.votes
                        ],
                    }
                    for r in t.rounds
                ],
            }
        )
    for d in w.days:
        doc["agenda"].append(
            {
                "id": d.id,
                "day_number": d.day_number,
                "title": d.title,
                "date": _d(d.date),
                "start_time": d.start_time,
                "items": [
                    {
                        "id": i.id,
                        "title": i.title,
                        "kind": i.kind,
                        "planned_minutes": i.planned_minutes,
                        "topic": i.topic_id,
                        "notes": i.notes,
                        "extra_minutes": i.extra_minutes,
                        "started_at": _dt(i.started_at),
                        "ended_at": _dt(i.ended_at),
                        "pauses": [
                            {"started_at": _dt(p.started_at), "ended_at": _dt(p.ended_at)} for p in i.pauses
                        ],
                    }
                    for i in d.items
                ],
            }
        )
    interest_rows = s.execute(
        select(Interest.rock_id, Interest.participant_id, Interest.level).order_by(Interest.id)
    ).all()
    for r in w.rocks:
        doc["rocks"].append(
            {
                "id": r.id,
                "title": r.title,
                "scope": r.scope,
                "source_cluster": r.source_cluster_id,
                "source_idea": r.source_idea_id,
                "source_text": r.source_text,
                "owner": r.owner_id,
                "objective": r.objective_id,
                "metric": {
                    "name": r.metric_name,
                    "unit": r.metric_unit,
                    "baseline": r.metric_baseline,
                    "target": r.metric_target,
                    "direction": r.metric_direction,
                    "due_date": _d(r.due_date),
                },
                "achievable_confirmed": r.achievable_confirmed,
                "relevant_confirmed": r.relevant_confirmed,
                "status": r.status,
                "over_limit": r.over_limit,
                "risks": [{"risk": k.risk, "mitigation": k.mitigation} for k in r.risks],
                "interest": [
                    {"participant": p, "level": lvl} for rid, p, lvl in interest_rows if rid == r.id
                ],
            }
        )
    doc["minutes"] = [
        {
            "id": m.id,
            "created_at": _dt(m.created_at),
            "agenda_item": m.agenda_item_id,
            "kind": m.kind,
            "text": m.text,
        }
        for m in w.minutes
    ]
    doc["actions"] = [
        {
            "id": a.id,
            "text": a.text,
            "owner": a.owner_id,
            "side": a.side,
            "due_date": _d(a.due_date),
            "status": a.status,
            "rock": a.rock_id,
            "created_at": _dt(a.created_at),
        }
        for a in w.actions
    ]
    doc["feedback"] = [
        {
            "id": f.id,
            "participant": f.participant_id,
            "rating": f.rating,
            "worked": f.worked,
            "change": f.change,
            "created_at": _dt(f.created_at),
        }
        for f in w.feedback
    ]
    return doc


def dumps(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def refuse_database_target(path: Path) -> None:
    """JSON is never written over a folder or a database file (a workshop, this one or another)."""
    if path.is_dir():
        raise InterchangeError(f"{path} is a folder. Give a file name ending in .json.")
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise InterchangeError(f"Cannot check {path} before replacing it: {exc.strerror}.") from None
    if is_database_header(head):
        raise InterchangeError(
            f"{path} is a database file, not JSON; Planwall never overwrites a workshop. Choose another name."
        )


def write_json_atomic(doc: dict[str, Any], path: Path) -> None:
    """Write a document so that a crash leaves either the old file or the complete new one."""
    refuse_database_target(path)
    check_can_create(path)
    leftovers.sweep(path)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(dumps(doc))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        remove_quietly(tmp)
        raise InterchangeError(f"Cannot write {path}: {exc.strerror}. Choose another folder.") from exc


INSERT_ORDER = (
    Workshop,
    FrameItem,
    Participant,
    Topic,
    Cluster,
    Idea,
    VotingRound,
    Vote,
    AgendaDay,
    AgendaItem,
    AgendaPause,
    Rock,
    RockRisk,
    Interest,
    MinutesEntry,
    ActionItem,
    Feedback,
)


def import_rows(rows: Rows, path: Path) -> None:
    """Create a new workshop file at ``path`` holding ``rows``; nothing is left behind on failure."""
    tmp = path.with_name(f".{path.name}.importing-{os.getpid()}")
    from workshop_app.store.engine import create_file, make_engine

    check_can_create(path)
    leftovers.sweep(path)
    remove_quietly(tmp, "-wal", "-shm")
    create_file(tmp)
    engine = make_engine(tmp, track_undo=False)
    try:
        with engine.begin() as conn:
            for cls in INSERT_ORDER:
                if rows[cls]:
                    conn.execute(insert(cls), rows[cls])
            problems = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if problems:
                raise InterchangeError(f"The document has references that do not match: {problems[:3]}")
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    except BaseException:
        engine.dispose()
        remove_quietly(tmp, "-wal", "-shm")
        raise
    engine.dispose()
    if path.exists():
        remove_quietly(tmp, "-wal", "-shm")
        raise InterchangeError(
            f"{path} already exists; Planwall never overwrites a workshop. Choose another name."
        )
    os.replace(tmp, path)
    remove_quietly(tmp, "-wal", "-shm")  # (the file itself is in place already)


def import_file(json_path: Path, out: Path, transform: Callable[[Rows], None] | None = None) -> None:
    """Validate ``json_path`` and create the workshop file ``out`` from it."""
    try:
        raw = json_path.read_bytes()
    except FileNotFoundError:
        raise InterchangeError(f"There is no file at {json_path}. Check the name.") from None
    except OSError as exc:
        raise InterchangeError(f"Cannot read {json_path}: {exc.strerror}.") from None
    if is_database_header(raw[:100]):
        raise InterchangeError(
            f"{json_path} is a workshop file, not JSON. Open it in Planwall, or make a copy with "
            f"'workshop-app dump {json_path.name} -o COPY.json' and import that."
        )
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (as some Windows editors save) is fine
    except UnicodeDecodeError as exc:
        raise InterchangeError(
            f"{json_path} is not UTF-8 text (byte {exc.start}). Save it as UTF-8 JSON."
        ) from None
    if out.exists():
        raise InterchangeError(
            f"{out} already exists; Planwall never overwrites a workshop. Choose another name."
        )
    rows = parse_document(text, json_path.name)
    if transform is not None:
        transform(rows)
    import_rows(rows, out)
