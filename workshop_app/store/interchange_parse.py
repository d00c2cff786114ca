"""Validate a Planwall JSON workshop document into rows, naming the field and line of any problem.

Used by ``store.interchange`` (import and templates); see docs/interchange.md for the format.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from workshop_app.errors import InterchangeError, InvalidInputError
from workshop_app.model import (
    ActionItem,
    ActionStatus,
    AgendaDay,
    AgendaItem,
    AgendaKind,
    AgendaPause,
    Cluster,
    Direction,
    Feedback,
    FrameItem,
    FrameKind,
    Idea,
    Interest,
    MinutesEntry,
    MinutesKind,
    Participant,
    Rock,
    RockRisk,
    RockStatus,
    Side,
    Topic,
    Vote,
    VotingRound,
    Workshop,
)
from workshop_app.rules.agenda_timing import parse_start_time
from workshop_app.rules.text import clean_text
from workshop_app.rules.time_zone import check_zone_name, is_zone_name

FORMAT_NAME = "planwall-workshop"
FORMAT_VERSION = 1
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")

Path_ = tuple[str | int, ...]


class _Reader:
    """Typed field access that reports problems as 'SOURCE line N: field PATH: ...'."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self._lines: dict[Path_, int] | None = None

    def fail(self, path: Path_, problem: str) -> InterchangeError:
        if self._lines is None:
            from workshop_app.store.json_positions import line_map

            try:
                self._lines = line_map(self.text)
            except Exception:  # pragma: no cover - the fast parse already succeeded
                self._lines = {}
        line = None
        probe = path
        while line is None and probe is not None:
            line = self._lines.get(probe)
            probe = probe[:-1] if probe else None  # type: ignore[assignment]
        where = f"{self.source} line {line}" if line else self.source
        return InterchangeError(f"{where}: field '{_fmt(path)}': {problem}")

    def obj(self, value: Any, path: Path_) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(path, f"expected an object {{...}}, found {_kind(value)}.")
        return value

    def lst(self, parent: dict[str, Any], key: str, path: Path_, required: bool = False) -> list[Any]:
        if key not in parent:
            if required:
                raise self.fail((*path, key), "is missing; add it (it may be an empty list []).")
            return []
        value = parent[key]
        if not isinstance(value, list):
            raise self.fail((*path, key), f"expected a list [...], found {_kind(value)}.")
        return value

    def text_(
        self, parent: dict[str, Any], key: str, path: Path_, *, required: bool = False, default: str = ""
    ) -> str:
        if key not in parent or parent[key] is None:
            if required:
                raise self.fail((*path, key), "is missing; give it a text value.")
            return default
        value = parent[key]
        if not isinstance(value, str):
            raise self.fail((*path, key), f"expected text in quotes, found {_kind(value)}.")
        cleaned = clean_text(value)
        if required and not cleaned:
            raise self.fail((*path, key), "is empty; give it a text value.")
        return cleaned

    def int_(
        self,
        parent: dict[str, Any],
        key: str,
        path: Path_,
        low: int,
        high: int,
        *,
        required: bool = True,
        default: int | None = None,
    ) -> int | None:
        if key not in parent or parent[key] is None:
            if required:
                raise self.fail((*path, key), f"is missing; give a whole number from {low} to {high}.")
            return default
        value = parent[key]
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise self.fail(
                (*path, key), f"expected a whole number from {low} to {high}, found {_shown(value)}."
            )
        return value

    def bool_(self, parent: dict[str, Any], key: str, path: Path_, default: bool = False) -> bool:
        if key not in parent or parent[key] is None:
            return default
        value = parent[key]
        if not isinstance(value, bool):
            raise self.fail((*path, key), f"expected true or false, found {_shown(value)}.")
        return value

    def choice(
        self, parent: dict[str, Any], key: str, path: Path_, allowed: list[str], default: str | None = None
    ) -> str:
        if (key not in parent or parent[key] is None) and default is not None:
            return default
        value = parent.get(key)
        if value not in allowed:
            raise self.fail((*path, key), f"expected one of {', '.join(allowed)}, found {_shown(value)}.")
        return str(value)

    def date_(self, parent: dict[str, Any], key: str, path: Path_) -> date | None:
        value = parent.get(key)
        if value is None:
            return None
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(
                (*path, key), f'expected a date like "2026-03-10", found {_shown(value)}.'
            ) from None

    def datetime_(
        self, parent: dict[str, Any], key: str, path: Path_, *, required: bool = False
    ) -> datetime | None:
        value = parent.get(key)
        if value is None:
            if required:
                raise self.fail((*path, key), 'is missing; give a time like "2026-03-10T09:00:00+00:00".')
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except (TypeError, ValueError):
            raise self.fail(
                (*path, key), f'expected a time like "2026-03-10T09:00:00+00:00", found {_shown(value)}.'
            ) from None
        if parsed.tzinfo is None:
            raise self.fail(
                (*path, key), f"the time {_shown(value)} has no UTC offset; add one, e.g. +00:00."
            )
        return parsed

    def ident(self, parent: dict[str, Any], path: Path_, seen: set[int]) -> int:
        value = self.int_(parent, "id", path, 1, 2**62)
        assert value is not None
        if value in seen:
            raise self.fail((*path, "id"), f"the id {value} is used twice; ids must be unique.")
        seen.add(value)
        return value

    def ref(
        self, parent: dict[str, Any], key: str, path: Path_, known: set[int] | dict[int, Any], what: str
    ) -> int | None:
        value = parent.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value not in known:
            raise self.fail((*path, key), f"refers to {what} {_shown(value)}, which is not in the document.")
        return value


def _fmt(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "(document)"


def _shown(value: Any) -> str:
    """A value as it is written in the JSON document (true, null, "text"), for messages."""
    try:
        return json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        return repr(value)


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", str: "text", bool: "true/false", type(None): "null"}.get(
        type(value), "a number"
    )


Rows = dict[type, list[dict[str, Any]]]


# A zone name as IANA writes them ("America/Argentina/Buenos_Aires", "UTC", "Etc/GMT+5").
_ZONE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_+-]*(?:/[A-Za-z0-9_+-]+)*")


def _time_zone(r: _Reader, w: dict[str, Any], wp: Path_) -> str | None:
    """The room's zone: optional (files made before it existed use the laptop's zone).  A
    name this computer does not know is kept as written when it has a zone name's shape (the
    file may come from a computer with newer zone data); the workshop then says so."""
    if w.get("time_zone") is None:
        return None
    if isinstance(w["time_zone"], str) and not w["time_zone"].strip():
        raise r.fail(
            (*wp, "time_zone"),
            "is empty; give the room's zone, like \"Europe/London\", or null for the laptop's.",
        )
    typed = r.text_(w, "time_zone", wp, required=True)
    if is_zone_name(typed):  # exactly as another Planwall stored it: kept as it is
        return typed
    try:
        return check_zone_name(typed)
    except InvalidInputError as exc:
        if _ZONE_NAME.fullmatch(typed) and "/" in typed:
            return typed
        raise r.fail((*wp, "time_zone"), f"{exc} Or leave time_zone out to use the laptop's zone.") from None


def parse_document(text: str, source: str = "document") -> Rows:
    """Validate a JSON document; return the rows to insert per mapped class."""
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InterchangeError(
            f"{source} line {exc.lineno} column {exc.colno}: not valid JSON ({exc.msg}). "
            "Fix the file and try again."
        ) from None
    except RecursionError:
        raise InterchangeError(
            f"{source}: its lists and objects are nested too deeply to be a workshop document "
            "(thousands of levels). Check that you chose the right file."
        ) from None
    r = _Reader(text, source)
    doc = r.obj(raw, ())
    if doc.get("format") != FORMAT_NAME:
        raise r.fail(("format",), f'expected "{FORMAT_NAME}": this is not a Planwall workshop document.')
    version = r.int_(doc, "version", (), 1, 10**6)
    if version != FORMAT_VERSION:
        raise r.fail(
            ("version",),
            f"this document is format version {version}; this Planwall reads version {FORMAT_VERSION}. "
            "Update Planwall, or export the workshop again from a matching Planwall.",
        )
    rows: Rows = {
        cls: []
        for cls in (
            Workshop,
            FrameItem,
            Participant,
            Topic,
            AgendaDay,
            AgendaItem,
            AgendaPause,
            Cluster,
            Idea,
            VotingRound,
            Vote,
            Rock,
            RockRisk,
            Interest,
            MinutesEntry,
            ActionItem,
            Feedback,
        )
    }
    wid = 1
    wp: Path_ = ("workshop",)
    w = r.obj(doc.get("workshop"), wp)
    rows[Workshop].append(
        {
            "id": wid,
            "title": r.text_(w, "title", wp, required=True),
            **{
                k: r.text_(w, k, wp)
                for k in ("supplier_name", "customer_name", "location", "facilitator", "vision", "template")
            },
            "created_at": r.datetime_(w, "created_at", wp)
            or datetime.fromisoformat("2000-01-01T00:00:00+00:00"),
            "time_zone": _time_zone(r, w, wp),
        }
    )
    frame = r.obj(doc.get("frame", {}), ("frame",))
    frame_ids: set[int] = set()
    objective_ids: set[int] = set()
    for kind in FrameKind:
        key = f"{kind.value}s"
        for i, f in enumerate(r.lst(frame, key, ("frame",))):
            p: Path_ = ("frame", key, i)
            r.obj(f, p)
            fid = r.ident(f, p, frame_ids)
            if kind == FrameKind.OBJECTIVE:
                objective_ids.add(fid)
            rows[FrameItem].append(
                {
                    "id": fid,
                    "workshop_id": wid,
                    "kind": kind.value,
                    "position": i,
                    "text": r.text_(f, "text", p, required=True),
                }
            )
    people: dict[int, str] = {}
    for i, x in enumerate(r.lst(doc, "participants", ())):
        p = ("participants", i)
        r.obj(x, p)
        person_id = r.ident(x, p, set(people))
        side = r.choice(x, "side", p, ["supplier", "customer", "facilitation"])
        people[person_id] = side
        rows[Participant].append(
            {
                "id": person_id,
                "workshop_id": wid,
                "name": r.text_(x, "name", p, required=True),
                "side": side,
                "job_title": r.text_(x, "job_title", p),
                "is_leader": r.bool_(x, "is_leader", p),
                "experience_rank": r.int_(x, "experience_rank", p, 0, 99, required=False, default=0),
                "position": i,
            }
        )
    topic_ids: set[int] = set()
    cluster_topic: dict[int, int] = {}
    idea_topic: dict[int, int] = {}
    round_ids: set[int] = set()
    for ti, t in enumerate(r.lst(doc, "topics", ())):
        tp: Path_ = ("topics", ti)
        r.obj(t, tp)
        tid = r.ident(t, tp, topic_ids)
        rows[Topic].append(
            {
                "id": tid,
                "workshop_id": wid,
                "title": r.text_(t, "title", tp, required=True),
                "question": r.text_(t, "question", tp),
                "position": ti,
            }
        )
        for ci, c in enumerate(r.lst(t, "clusters", tp)):
            cp: Path_ = (*tp, "clusters", ci)
            r.obj(c, cp)
            cid = r.ident(c, cp, set(cluster_topic))
            cluster_topic[cid] = tid
            colour = r.text_(c, "colour", cp, default="#ffd54f")
            if not _COLOUR.match(colour):
                raise r.fail((*cp, "colour"), f'expected a colour like "#ffd54f", found {_shown(colour)}.')
            rows[Cluster].append(
                {
                    "id": cid,
                    "topic_id": tid,
                    "title": r.text_(c, "title", cp, required=True),
                    "colour": colour,
                    "position": ci,
                }
            )
        for ii, x in enumerate(r.lst(t, "ideas", tp)):
            ip: Path_ = (*tp, "ideas", ii)
            r.obj(x, ip)
            iid = r.ident(x, ip, set(idea_topic))
            idea_topic[iid] = tid
            cluster = r.ref(x, "cluster", ip, {k for k, v in cluster_topic.items() if v == tid}, "cluster")
            rows[Idea].append(
                {
                    "id": iid,
                    "topic_id": tid,
                    "text": r.text_(x, "text", ip, required=True),
                    "author_id": r.ref(x, "author", ip, people, "participant"),
                    "created_at": r.datetime_(x, "created_at", ip, required=True),
                    "position": ii,
                    "cluster_id": cluster,
                    "is_heading": r.bool_(x, "is_heading", ip) and cluster is not None,
                }
            )
        for ri, v in enumerate(r.lst(t, "rounds", tp)):
            rp: Path_ = (*tp, "rounds", ri)
            r.obj(v, rp)
            rid = r.ident(v, rp, round_ids)
            budget = r.int_(v, "votes_per_person", rp, 1, 99)
            rows[VotingRound].append(
                {
                    "id": rid,
                    "topic_id": tid,
                    "title": r.text_(v, "title", rp),
                    "votes_per_person": budget,
                    "allow_multiple": r.bool_(v, "allow_multiple", rp, True),
                    "per_item_cap": r.int_(v, "per_item_cap", rp, 1, 99, required=False),
                    "is_open": r.bool_(v, "is_open", rp, True),
                    "revealed": r.bool_(v, "revealed", rp),
                    "created_at": r.datetime_(v, "created_at", rp, required=True),
                }
            )
            round_row = rows[VotingRound][-1]
            spent: dict[int, int] = {}
            for vi, vote in enumerate(r.lst(v, "votes", rp)):
                vp: Path_ = (*rp, "votes", vi)
                r.obj(vote, vp)
                idea = r.ref(vote, "idea", vp, {k for k, x in idea_topic.items() if x == tid}, "note")
                cluster = r.ref(
                    vote, "cluster", vp, {k for k, x in cluster_topic.items() if x == tid}, "cluster"
                )
                if (idea is None) == (cluster is None):
                    raise r.fail(vp, "a vote needs exactly one of 'idea' or 'cluster'.")
                rows[Vote].append(
                    {
                        "round_id": rid,
                        "participant_id": r.ref(vote, "participant", vp, people, "participant"),
                        "idea_id": idea,
                        "cluster_id": cluster,
                        "count": r.int_(vote, "count", vp, 1, 99),
                    }
                )
                voter = rows[Vote][-1]["participant_id"]
                count = rows[Vote][-1]["count"]
                if voter is None:
                    raise r.fail((*vp, "participant"), "is missing; every vote belongs to a participant.")
                if people[voter] == "facilitation":
                    raise r.fail(
                        (*vp, "participant"),
                        f"participant {voter} is on the facilitation team, who do not vote.",
                    )
                spent[voter] = spent.get(voter, 0) + count
                if spent[voter] > round_row["votes_per_person"]:
                    raise r.fail(
                        (*vp, "count"),
                        f"participant {voter} has more dots than the round's "
                        f"{round_row['votes_per_person']} per person.",
                    )
                cap = 1 if not round_row["allow_multiple"] else round_row["per_item_cap"]
                if cap is not None and count > cap:
                    raise r.fail(
                        (*vp, "count"), f"{count} dots on one item is more than this round allows ({cap})."
                    )
    item_ids: set[int] = set()
    day_ids: set[int] = set()
    for di, d in enumerate(r.lst(doc, "agenda", ())):
        dp: Path_ = ("agenda", di)
        r.obj(d, dp)
        did = r.ident(d, dp, day_ids)
        try:
            start = parse_start_time(r.text_(d, "start_time", dp, default="09:00"))
        except InvalidInputError as exc:
            raise r.fail((*dp, "start_time"), str(exc)) from None
        rows[AgendaDay].append(
            {
                "id": did,
                "workshop_id": wid,
                "day_number": di + 1,
                "title": r.text_(d, "title", dp),
                "date": r.date_(d, "date", dp),
                "start_time": start,
            }
        )
        for ii, it in enumerate(r.lst(d, "items", dp)):
            ip = (*dp, "items", ii)
            r.obj(it, ip)
            iid = r.ident(it, ip, item_ids)
            rows[AgendaItem].append(
                {
                    "id": iid,
                    "day_id": did,
                    "position": ii,
                    "title": r.text_(it, "title", ip, required=True),
                    "kind": r.choice(it, "kind", ip, [k.value for k in AgendaKind]),
                    "planned_minutes": r.int_(it, "planned_minutes", ip, 1, 24 * 60),
                    "topic_id": r.ref(it, "topic", ip, topic_ids, "topic"),
                    "notes": r.text_(it, "notes", ip),
                    "extra_minutes": r.int_(
                        it, "extra_minutes", ip, -24 * 60, 24 * 60, required=False, default=0
                    ),
                    "started_at": r.datetime_(it, "started_at", ip),
                    "ended_at": r.datetime_(it, "ended_at", ip),
                }
            )
            planned, extra = rows[AgendaItem][-1]["planned_minutes"], rows[AgendaItem][-1]["extra_minutes"]
            if planned + extra < 1:
                raise r.fail(
                    (*ip, "extra_minutes"),
                    f"is {extra} with planned_minutes {planned}, which leaves the item no time; "
                    "planned_minutes + extra_minutes must be at least 1.",
                )
            for pi, pause in enumerate(r.lst(it, "pauses", ip)):
                pp: Path_ = (*ip, "pauses", pi)
                r.obj(pause, pp)
                rows[AgendaPause].append(
                    {
                        "item_id": iid,
                        "started_at": r.datetime_(pause, "started_at", pp, required=True),
                        "ended_at": r.datetime_(pause, "ended_at", pp),
                    }
                )
    rock_ids: set[int] = set()
    for ki, k in enumerate(r.lst(doc, "rocks", ())):
        kp: Path_ = ("rocks", ki)
        r.obj(k, kp)
        kid = r.ident(k, kp, rock_ids)
        m = r.obj(k.get("metric", {}), (*kp, "metric"))
        mp: Path_ = (*kp, "metric")
        rows[Rock].append(
            {
                "id": kid,
                "workshop_id": wid,
                "position": ki,
                "title": r.text_(k, "title", kp, required=True),
                "scope": r.text_(k, "scope", kp),
                "source_cluster_id": r.ref(k, "source_cluster", kp, cluster_topic, "cluster"),
                "source_idea_id": r.ref(k, "source_idea", kp, idea_topic, "note"),
                "source_text": r.text_(k, "source_text", kp),
                "owner_id": r.ref(k, "owner", kp, people, "participant"),
                "objective_id": r.ref(k, "objective", kp, objective_ids, "objective"),
                "metric_name": r.text_(m, "name", mp),
                "metric_unit": r.text_(m, "unit", mp),
                "metric_baseline": r.text_(m, "baseline", mp),
                "metric_target": r.text_(m, "target", mp),
                "metric_direction": r.choice(m, "direction", mp, [d.value for d in Direction], default="up"),
                "due_date": r.date_(m, "due_date", mp),
                "achievable_confirmed": r.bool_(k, "achievable_confirmed", kp),
                "relevant_confirmed": r.bool_(k, "relevant_confirmed", kp),
                "status": r.choice(k, "status", kp, [s.value for s in RockStatus], default="proposed"),
                "over_limit": r.bool_(k, "over_limit", kp),
            }
        )
        for xi, risk in enumerate(r.lst(k, "risks", kp)):
            xp: Path_ = (*kp, "risks", xi)
            r.obj(risk, xp)
            rows[RockRisk].append(
                {
                    "rock_id": kid,
                    "position": xi,
                    "risk": r.text_(risk, "risk", xp, required=True),
                    "mitigation": r.text_(risk, "mitigation", xp),
                }
            )
        seen_people: set[int] = set()
        for ni, n in enumerate(r.lst(k, "interest", kp)):
            np_: Path_ = (*kp, "interest", ni)
            r.obj(n, np_)
            pid = r.ref(n, "participant", np_, people, "participant")
            if pid is None or pid in seen_people:
                raise r.fail((*np_, "participant"), "each interest mark needs a participant, once per rock.")
            seen_people.add(pid)
            rows[Interest].append(
                {"participant_id": pid, "rock_id": kid, "level": r.int_(n, "level", np_, 0, 3)}
            )
    seen: set[int] = set()
    for mi, x in enumerate(r.lst(doc, "minutes", ())):
        xp = ("minutes", mi)
        r.obj(x, xp)
        rows[MinutesEntry].append(
            {
                "id": r.ident(x, xp, seen),
                "workshop_id": wid,
                "created_at": r.datetime_(x, "created_at", xp, required=True),
                "agenda_item_id": r.ref(x, "agenda_item", xp, item_ids, "agenda item"),
                "kind": r.choice(x, "kind", xp, [k.value for k in MinutesKind]),
                "text": r.text_(x, "text", xp, required=True),
            }
        )
    seen = set()
    sides = [s.value for s in Side]
    for ai, x in enumerate(r.lst(doc, "actions", ())):
        xp = ("actions", ai)
        r.obj(x, xp)
        rows[ActionItem].append(
            {
                "id": r.ident(x, xp, seen),
                "workshop_id": wid,
                "position": ai,
                "text": r.text_(x, "text", xp, required=True),
                "owner_id": r.ref(x, "owner", xp, people, "participant"),
                "side": r.choice(x, "side", xp, sides, default="joint"),
                "due_date": r.date_(x, "due_date", xp),
                "status": r.choice(x, "status", xp, [s.value for s in ActionStatus], default="open"),
                "rock_id": r.ref(x, "rock", xp, rock_ids, "rock"),
                "created_at": r.datetime_(x, "created_at", xp, required=True),
            }
        )
    seen = set()
    for fi, x in enumerate(r.lst(doc, "feedback", ())):
        xp = ("feedback", fi)
        r.obj(x, xp)
        rows[Feedback].append(
            {
                "id": r.ident(x, xp, seen),
                "workshop_id": wid,
                "participant_id": r.ref(x, "participant", xp, people, "participant"),
                "rating": r.int_(x, "rating", xp, 1, 5),
                "worked": r.text_(x, "worked", xp),
                "change": r.text_(x, "change", xp),
                "created_at": r.datetime_(x, "created_at", xp, required=True),
            }
        )
    return rows
