"""Workshop details, the account-plan frame and the people in the room."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from workshop_app.errors import InvalidInputError
from workshop_app.model import (
    PARTICIPANT_SIDES,
    ActionItem,
    Feedback,
    FrameItem,
    FrameKind,
    Idea,
    Interest,
    Participant,
    Rock,
    Vote,
    Workshop,
)
from workshop_app.rules.text import clean_optional, clean_required
from workshop_app.rules.time_zone import check_zone_name
from workshop_app.services.base import ServiceBase, check_choice, check_int, short

WORKSHOP_TEXT_FIELDS = ("title", "supplier_name", "customer_name", "location", "facilitator", "vision")
FIELD_NAMES = {
    "title": "workshop title",
    "supplier_name": "supplier's name",
    "customer_name": "customer's name",
    "location": "location",
    "facilitator": "facilitator's name",
    "vision": "shared vision",
}


@dataclass(frozen=True)
class ParticipantImpact:
    """What deleting a person touches; shown to the facilitator before confirming."""

    name: str
    ideas: int
    votes: int
    interests: int
    actions: int
    rocks_owned: int
    feedback: int

    def describe(self) -> str:
        parts = []
        if self.ideas:
            parts.append(f"{self.ideas} note(s) stay on the wall as anonymous")
        if self.votes:
            parts.append(f"{self.votes} dot(s) are removed from the votes")
        if self.interests:
            parts.append(f"{self.interests} interest mark(s) are removed")
        if self.actions:
            parts.append(f"{self.actions} action(s) lose their owner")
        if self.rocks_owned:
            parts.append(f"{self.rocks_owned} rock(s) lose their owner")
        if self.feedback:
            parts.append(f"{self.feedback} feedback entry(ies) become anonymous")
        if not parts:
            return f"Delete {self.name}? Nothing else refers to them. You can undo this."
        return f"Delete {self.name}? " + "; ".join(parts) + ". You can undo this with Ctrl+Z."


class SetupService(ServiceBase):
    """Change the workshop's details, frame lists and participants."""

    # --- details --------------------------------------------------------

    def set_detail(self, field: str, value: str) -> None:
        check_choice(field, WORKSHOP_TEXT_FIELDS, "workshop field")
        cleaned = clean_required(value, FIELD_NAMES[field]) if field == "title" else clean_optional(value)
        w = self.workshop()
        if getattr(w, field) == cleaned:
            return
        with self.store.change(f"change {FIELD_NAMES[field]}"):
            setattr(w, field, cleaned)

    def set_time_zone(self, value: str) -> str:
        """Make ``value`` (an IANA name, or a city alone when that is unambiguous) the room's
        zone; every time is then shown and exported in it.  Returns the name stored."""
        name = check_zone_name(value)
        w = self.workshop()
        if w.time_zone != name:
            with self.store.change("change time zone"):
                w.time_zone = name
        return name

    def set_day_date(self, day_number: int, when: date | None) -> None:
        """Date a day; refused when it would not come after every earlier day and before every
        later one (the pack and the timer take the days in their order)."""
        w = self.workshop()
        for day in w.days:
            if day.day_number == day_number:
                if day.date == when:
                    return
                if when is not None:
                    self._check_day_order(day_number, when, [(d.day_number, d.date) for d in w.days])
                with self.store.change(f"change date of day {day_number}"):
                    day.date = when
                return
        raise InvalidInputError(f"The agenda has no day {day_number}. Add the day on the Agenda stage first.")

    @staticmethod
    def _check_day_order(day_number: int, when: date, days: list[tuple[int, date | None]]) -> None:
        def words(d: date) -> str:
            return f"{d:%a} {d.day} {d:%B %Y}"

        for other, other_date in days:
            if other_date is None or other == day_number:
                continue
            if other_date == when:
                raise InvalidInputError(
                    f"Day {other} is already on {words(when)}: two days cannot share a date. "
                    f"Type another date for day {day_number}, or change day {other} first."
                )
            if (other < day_number) != (other_date < when):
                order = "after" if other > day_number else "before"
                raise InvalidInputError(
                    f"Day {day_number} on {words(when)} would come {order} day {other} "
                    f"({words(other_date)}). Check the date (11/03/2026 is 11 March, day first), "
                    f"or to move the whole workshop change day {other} first."
                )

    # --- frame: objectives, principles, behaviours ------------------------

    def frame_items(self, kind: str) -> list[FrameItem]:
        check_choice(kind, [k.value for k in FrameKind], "frame list")
        every = self.standing("frame", ("frame_item",), self._read_frame_items)  # until one changes
        return [item for item in every if item.kind == kind]

    def _read_frame_items(self) -> list[FrameItem]:
        return list(
            self.session.scalars(
                select(FrameItem)
                .where(FrameItem.workshop_id == self.workshop_id)
                .order_by(FrameItem.position, FrameItem.id)
            )
        )

    def add_frame_item(self, kind: str, text: str) -> FrameItem:
        check_choice(kind, [k.value for k in FrameKind], "frame list")
        cleaned = clean_required(text, kind)
        pos = self.next_position(
            FrameItem.position, FrameItem.workshop_id == self.workshop_id, FrameItem.kind == kind
        )
        with self.store.change(f"add {kind} '{short(cleaned)}'") as s:
            item = FrameItem(workshop_id=self.workshop_id, kind=kind, position=pos, text=cleaned)
            s.add(item)
        return item

    def edit_frame_item(self, item_id: int, text: str) -> None:
        item = self.get(FrameItem, item_id)
        cleaned = clean_required(text, item.kind)
        if cleaned == item.text:
            return
        with self.store.change(f"edit {item.kind} '{short(cleaned)}'"):
            item.text = cleaned

    def delete_frame_item(self, item_id: int) -> None:
        item = self.get(FrameItem, item_id)
        with self.store.change(f"delete {item.kind} '{short(item.text)}'") as s:
            s.delete(item)

    # --- participants -----------------------------------------------------

    def participants(self) -> list[Participant]:
        return self._people()

    def add_participant(
        self,
        name: str,
        side: str,
        job_title: str = "",
        *,
        is_leader: bool = False,
        experience_rank: int = 0,
    ) -> Participant:
        cleaned = clean_required(name, "person's name")
        check_choice(side, [s.value for s in PARTICIPANT_SIDES], "company side")
        rank = check_int(experience_rank, "experience rank", 0, 99)
        pos = self.next_position(Participant.position, Participant.workshop_id == self.workshop_id)
        with self.store.change(f"add person '{short(cleaned)}'") as s:
            p = Participant(
                workshop_id=self.workshop_id,
                name=cleaned,
                side=side,
                job_title=clean_optional(job_title),
                is_leader=bool(is_leader),
                experience_rank=rank,
                position=pos,
            )
            s.add(p)
        return p

    def duplicate_name(self, name: str, exclude_id: int | None = None) -> Participant | None:
        """Another participant with the same name (case-insensitive), to warn about look-alikes."""
        key = clean_optional(name).casefold()
        for p in self.participants():
            if p.id != exclude_id and p.name.casefold() == key:
                return p
        return None

    def update_participant(
        self,
        participant_id: int,
        *,
        name: str | None = None,
        side: str | None = None,
        job_title: str | None = None,
        is_leader: bool | None = None,
        experience_rank: int | None = None,
    ) -> None:
        p = self.get(Participant, participant_id)
        changes: dict[str, object] = {}
        if name is not None:
            changes["name"] = clean_required(name, "person's name")
        if side is not None:
            changes["side"] = check_choice(side, [s.value for s in PARTICIPANT_SIDES], "company side")
        if job_title is not None:
            changes["job_title"] = clean_optional(job_title)
        if is_leader is not None:
            changes["is_leader"] = bool(is_leader)
        if experience_rank is not None:
            changes["experience_rank"] = check_int(experience_rank, "experience rank", 0, 99)
        changes = {k: v for k, v in changes.items() if getattr(p, k) != v}
        if not changes:
            return
        with self.store.change(f"edit person '{short(p.name)}'"):
            for key, value in changes.items():
                setattr(p, key, value)

    def participant_impact(self, participant_id: int) -> ParticipantImpact:
        p = self.get(Participant, participant_id)
        s = self.session

        def count(stmt: object) -> int:
            return int(s.execute(stmt).scalar() or 0)  # type: ignore[call-overload]

        return ParticipantImpact(
            name=p.name,
            ideas=count(select(func.count()).select_from(Idea).where(Idea.author_id == p.id)),
            votes=count(select(func.coalesce(func.sum(Vote.count), 0)).where(Vote.participant_id == p.id)),
            interests=count(
                select(func.count())
                .select_from(Interest)
                .where(Interest.participant_id == p.id, Interest.level > 0)
            ),
            actions=count(select(func.count()).select_from(ActionItem).where(ActionItem.owner_id == p.id)),
            rocks_owned=count(select(func.count()).select_from(Rock).where(Rock.owner_id == p.id)),
            feedback=count(select(func.count()).select_from(Feedback).where(Feedback.participant_id == p.id)),
        )

    def delete_participant(self, participant_id: int) -> ParticipantImpact:
        """Delete a person: notes become anonymous, dots and interest go, owners are cleared. Undoable."""
        impact = self.participant_impact(participant_id)
        p = self.get(Participant, participant_id)
        with self.store.change(f"delete person '{short(p.name)}'") as s:
            s.delete(p)
        return impact

    def move_participant(self, participant_id: int, new_index: int) -> None:
        people = self.participants()
        p = self.get(Participant, participant_id)
        others = [x for x in people if x.id != p.id]
        new_index = max(0, min(new_index, len(others)))
        order = [*others[:new_index], p, *others[new_index:]]
        if [x.id for x in order] == [x.id for x in people]:
            return
        with self.store.change(f"move person '{short(p.name)}'"):
            for i, x in enumerate(order):
                if x.position != i:
                    x.position = i

    def workshop_details(self) -> Workshop:
        return self.workshop()
