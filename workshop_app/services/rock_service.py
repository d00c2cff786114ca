"""Rocks (at most 7 SMART priorities with a target metric) and interest polling."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from workshop_app.errors import InvalidInputError
from workshop_app.model import (
    Cluster,
    Direction,
    FrameItem,
    FrameKind,
    Idea,
    Interest,
    Participant,
    Rock,
    RockRisk,
    RockStatus,
)
from workshop_app.rules import interest as interest_rules
from workshop_app.rules import rocks as rock_rules
from workshop_app.rules.text import clean_optional, clean_required
from workshop_app.rules.voting import ItemRef
from workshop_app.services.base import ServiceBase, check_choice, short

ROCK_TEXT_FIELDS = ("title", "scope", "metric_name", "metric_unit", "metric_baseline", "metric_target")
ROCK_FIELD_NAMES = {
    "title": "rock title",
    "scope": "scope",
    "metric_name": "metric name",
    "metric_unit": "metric unit",
    "metric_baseline": "baseline",
    "metric_target": "target",
}


@dataclass(frozen=True)
class OwnerSuggestion:
    rock_id: int
    participant_ids: list[int]
    names: list[str]
    level: int  # the highest level anyone gave (0 = nobody interested yet)


class RockService(ServiceBase):
    """Create and refine rocks; the SMART check and the 7-rock limit."""

    def rocks(self) -> list[Rock]:
        """The rocks in their order; read again only once a rock or a risk changes (the Rocks
        stage's list, ranking, recap and form and the wall each ask after every change)."""
        return list(self.standing("rocks", ("rock", "rock_risk"), self._read_rocks))

    def _read_rocks(self) -> list[Rock]:
        return list(
            self.session.scalars(
                select(Rock).where(Rock.workshop_id == self.workshop_id).order_by(Rock.position, Rock.id)
            )
        )

    def count(self) -> int:
        return len(self.rocks())

    def add(self, title: str, scope: str = "", *, override: bool = False) -> Rock:
        cleaned = clean_required(title, "rock title")
        n = self.count()
        rock_rules.check_can_add_rock(n, override)
        pos = self.next_position(Rock.position, Rock.workshop_id == self.workshop_id)
        with self.store.change(f"add rock '{short(cleaned)}'") as s:
            rock = Rock(
                workshop_id=self.workshop_id,
                title=cleaned,
                scope=clean_optional(scope),
                position=pos,
                over_limit=n >= rock_rules.MAX_ROCKS,
            )
            s.add(rock)
        return rock

    def promote(self, item: ItemRef, *, override: bool = False) -> Rock:
        """Turn a voted item (cluster or note) into a rock; its text becomes the title."""
        if item.kind == "cluster":
            cluster = self.get(Cluster, item.id)
            title = cluster.title
            scope = "\n".join(i.text for i in cluster.ideas if i.text != cluster.title)
        else:
            title = self.get(Idea, item.id).text
            scope = ""
        n = self.count()
        rock_rules.check_can_add_rock(n, override)
        pos = self.next_position(Rock.position, Rock.workshop_id == self.workshop_id)
        with self.store.change(f"promote '{short(title)}' to a rock") as s:
            rock = Rock(
                workshop_id=self.workshop_id,
                title=title,
                scope=scope,
                position=pos,
                source_cluster_id=item.id if item.kind == "cluster" else None,
                source_idea_id=item.id if item.kind == "idea" else None,
                source_text=title,
                over_limit=n >= rock_rules.MAX_ROCKS,
            )
            s.add(rock)
        return rock

    def set_text(self, rock_id: int, field: str, value: str) -> None:
        check_choice(field, ROCK_TEXT_FIELDS, "rock field")
        rock = self.get(Rock, rock_id)
        cleaned = clean_required(value, "rock title") if field == "title" else clean_optional(value)
        if getattr(rock, field) == cleaned:
            return
        with self.store.change(f"change {ROCK_FIELD_NAMES[field]} of '{short(rock.title)}'"):
            setattr(rock, field, cleaned)

    def update(
        self,
        rock_id: int,
        *,
        direction: str | None = None,
        due_date: date | bool | None = False,
        owner_id: int | bool | None = False,
        objective_id: int | bool | None = False,
        status: str | None = None,
        achievable_confirmed: bool | None = None,
        relevant_confirmed: bool | None = None,
    ) -> None:
        rock = self.get(Rock, rock_id)
        changes: dict[str, object] = {}
        if direction is not None:
            changes["metric_direction"] = check_choice(direction, [d.value for d in Direction], "direction")
        if due_date is not False:
            changes["due_date"] = due_date
        if owner_id is not False:
            if owner_id is not None:
                self.get(Participant, int(owner_id))
            changes["owner_id"] = owner_id
        if objective_id is not False:
            if objective_id is not None:
                obj = self.get(FrameItem, int(objective_id))
                if obj.kind != FrameKind.OBJECTIVE:
                    raise InvalidInputError("A rock links to a strategic objective; pick one from the list.")
            changes["objective_id"] = objective_id
        if status is not None:
            changes["status"] = check_choice(status, [s.value for s in RockStatus], "rock status")
        if achievable_confirmed is not None:
            changes["achievable_confirmed"] = achievable_confirmed
        if relevant_confirmed is not None:
            changes["relevant_confirmed"] = relevant_confirmed
        changes = {k: v for k, v in changes.items() if getattr(rock, k) != v}
        if not changes:
            return
        with self.store.change(f"edit rock '{short(rock.title)}'"):
            for k, v in changes.items():
                setattr(rock, k, v)

    def set_metric(
        self,
        rock_id: int,
        *,
        name: str,
        unit: str,
        baseline: str,
        target: str,
        direction: str = "up",
        due_date: date | None = None,
    ) -> None:
        """Set the whole target metric at once (one undo step)."""
        rock = self.get(Rock, rock_id)
        values = {
            "metric_name": clean_optional(name),
            "metric_unit": clean_optional(unit),
            "metric_baseline": clean_optional(baseline),
            "metric_target": clean_optional(target),
            "metric_direction": check_choice(direction, [d.value for d in Direction], "direction"),
            "due_date": due_date,
        }
        values = {k: v for k, v in values.items() if getattr(rock, k) != v}
        if not values:
            return
        with self.store.change(f"set metric of '{short(rock.title)}'"):
            for k, v in values.items():
                setattr(rock, k, v)

    def delete(self, rock_id: int) -> None:
        rock = self.get(Rock, rock_id)
        with self.store.change(f"delete rock '{short(rock.title)}'") as s:
            s.delete(rock)

    def move(self, rock_id: int, index: int) -> None:
        rock = self.get(Rock, rock_id)
        others = [r for r in self.rocks() if r.id != rock.id]
        index = max(0, min(index, len(others)))
        order = [*others[:index], rock, *others[index:]]
        with self.store.change(f"move rock '{short(rock.title)}'"):
            for i, r in enumerate(order):
                if r.position != i:
                    r.position = i

    # --- risks --------------------------------------------------------------

    def add_risk(self, rock_id: int, risk: str, mitigation: str = "") -> RockRisk:
        rock = self.get(Rock, rock_id)
        cleaned = clean_required(risk, "risk")
        pos = self.next_position(RockRisk.position, RockRisk.rock_id == rock.id)
        with self.store.change(f"add risk '{short(cleaned)}'") as s:
            r = RockRisk(rock_id=rock.id, risk=cleaned, mitigation=clean_optional(mitigation), position=pos)
            s.add(r)
        return r

    def update_risk(self, risk_id: int, *, risk: str | None = None, mitigation: str | None = None) -> None:
        r = self.get(RockRisk, risk_id)
        changes: dict[str, str] = {}
        if risk is not None:
            changes["risk"] = clean_required(risk, "risk")
        if mitigation is not None:
            changes["mitigation"] = clean_optional(mitigation)
        changes = {k: v for k, v in changes.items() if getattr(r, k) != v}
        if not changes:
            return
        with self.store.change(f"edit risk '{short(r.risk)}'"):
            for k, v in changes.items():
                setattr(r, k, v)

    def delete_risk(self, risk_id: int) -> None:
        r = self.get(RockRisk, risk_id)
        with self.store.change(f"delete risk '{short(r.risk)}'") as s:
            s.delete(r)

    # --- checks -------------------------------------------------------------

    def smart(self, rock_id: int, *, as_of: date | None = None) -> rock_rules.SmartCheck:
        """The SMART check; a due date is judged against ``as_of`` (the pack passes the day the
        workshop agreed the rock), else against the room's today (the live check)."""
        rock = self.get(Rock, rock_id)
        return rock_rules.smart_check(
            rock_rules.RockFacts(
                title=rock.title,
                scope=rock.scope,
                metric_name=rock.metric_name,
                metric_unit=rock.metric_unit,
                baseline=rock.metric_baseline,
                target=rock.metric_target,
                direction=rock.metric_direction,
                due_date=rock.due_date,
                objective_linked=rock.objective_id is not None,
                achievable_confirmed=rock.achievable_confirmed,
                relevant_confirmed=rock.relevant_confirmed,
                today=as_of if as_of is not None else self.workshop_time().today(self.clock.now()),
            )
        )

    @staticmethod
    def over_limit(number: int) -> bool:
        """Whether the rock shown as ``number`` (1-based, in the rocks' order) is over the limit.

        The one rule the Rocks stage and the pack both use: by position, so once a rock is
        deleted or moved the flag follows the order the room sees.  ``Rock.over_limit`` only
        records that a rock was added with the override; nothing shows it.
        """
        return number > rock_rules.MAX_ROCKS

    def limit_text(self) -> str:
        n = self.count()
        if n > rock_rules.MAX_ROCKS:
            return f"{n} rocks: {n - rock_rules.MAX_ROCKS} over the limit of {rock_rules.MAX_ROCKS}"
        return f"{n} of {rock_rules.MAX_ROCKS} rocks"

    # --- interest -------------------------------------------------------------

    def set_interest(self, participant_id: int, rock_id: int, level: int) -> None:
        interest_rules.validate_level(level)
        person = self.get(Participant, participant_id)
        rock = self.get(Rock, rock_id)
        row = self.session.scalars(
            select(Interest).where(Interest.participant_id == person.id, Interest.rock_id == rock.id)
        ).one_or_none()
        # A level-0 row is kept on purpose: "asked, not involved" differs from "not asked yet".
        if row is not None and row.level == level:
            return
        label = interest_rules.LEVELS[level]
        with self.store.change(f"{short(person.name, 20)}: '{label}' for '{short(rock.title)}'") as s:
            if row is None:
                s.add(Interest(participant_id=person.id, rock_id=rock.id, level=level))
            else:
                row.level = level

    def interest_matrix(self) -> dict[tuple[int, int], int]:
        """(participant_id, rock_id) -> level, for every recorded mark."""
        rows = self.session.execute(
            select(Interest.participant_id, Interest.rock_id, Interest.level)
            .join(Rock, Rock.id == Interest.rock_id)
            .where(Rock.workshop_id == self.workshop_id)
        ).all()
        return {(p, r): lvl for p, r, lvl in rows}

    def pollees(self) -> list[Participant]:
        return self._people(voters_only=True)

    def suggested_owner(self, rock_id: int) -> OwnerSuggestion:
        """Who showed the most interest in owning the rock (shared: read it, do not change it)."""
        kept = self.suggested_owners().get(rock_id)
        return kept if kept is not None else OwnerSuggestion(rock_id, [], [], 0)

    def suggested_owners(self) -> dict[int, OwnerSuggestion]:
        """rock id -> suggestion, for every rock with an interest mark; read in two queries, and
        again only once an interest mark or a person changes (a rock's delete removes its marks),
        so the recap, the form and the wall show them after a rock's edit without reading."""
        return self.standing("owners", ("interest", "participant"), self._read_suggestions)

    def _read_suggestions(self) -> dict[int, OwnerSuggestion]:
        names = {p.id: p.name for p in self._people()}
        by_rock: dict[int, dict[int, int]] = {}
        for (person, rock), level in self.interest_matrix().items():
            by_rock.setdefault(rock, {})[person] = level
        result = {}
        for rock, levels in by_rock.items():
            ids = interest_rules.suggested_owners(levels)
            result[rock] = OwnerSuggestion(
                rock_id=rock,
                participant_ids=ids,
                names=[names.get(i, "?") for i in ids],
                level=max(levels.values(), default=0),
            )
        return result
