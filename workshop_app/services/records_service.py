"""Minutes (notes, decisions, risks, parking lot), the action register and closing feedback."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import select

from workshop_app.model import (
    ActionItem,
    ActionStatus,
    AgendaItem,
    Feedback,
    MinutesEntry,
    MinutesKind,
    Participant,
    Rock,
    Side,
)
from workshop_app.rules.text import clean_optional, clean_required
from workshop_app.services.base import ServiceBase, check_choice, check_int, short

ACTION_SIDES = (Side.SUPPLIER.value, Side.CUSTOMER.value, Side.JOINT.value, Side.FACILITATION.value)


def side_from_owner(owner: Participant | None) -> str:
    """An action's side when it is taken from its owner: the owner's company or the facilitation
    team; joint when nobody owns it."""
    return Side(owner.side).value if owner is not None else Side.JOINT.value


class MinutesService(ServiceBase):
    """Minutes entries, stamped with the time and the running agenda item."""

    def entries(self, kind: str | None = None) -> list[MinutesEntry]:
        stmt = select(MinutesEntry).where(MinutesEntry.workshop_id == self.workshop_id)
        if kind is not None:
            stmt = stmt.where(MinutesEntry.kind == kind)
        return list(self.session.scalars(stmt.order_by(MinutesEntry.created_at, MinutesEntry.id)))

    def _running_item_id(self) -> int | None:
        from workshop_app.services.agenda_service import AgendaService

        item = AgendaService(self.store, self.clock, self.workshop_id).running_item()
        return item.id if item is not None else None

    def add(
        self, text: str, kind: str = MinutesKind.NOTE, agenda_item_id: int | bool | None = False
    ) -> MinutesEntry:
        cleaned = clean_required(text, "minutes entry")
        check_choice(kind, [k.value for k in MinutesKind], "minutes kind")
        item_id = self._running_item_id() if agenda_item_id is False else agenda_item_id
        if item_id is not None:
            self.get(AgendaItem, int(item_id))
        with self.store.change(f"add {kind.replace('_', ' ')} '{short(cleaned)}'") as s:
            entry = MinutesEntry(
                workshop_id=self.workshop_id,
                created_at=self.clock.now(),
                agenda_item_id=item_id,
                kind=kind,
                text=cleaned,
            )
            s.add(entry)
        return entry

    def edit(self, entry_id: int, *, text: str | None = None, kind: str | None = None) -> None:
        entry = self.get(MinutesEntry, entry_id)
        changes: dict[str, str] = {}
        if text is not None:
            changes["text"] = clean_required(text, "minutes entry")
        if kind is not None:
            changes["kind"] = check_choice(kind, [k.value for k in MinutesKind], "minutes kind")
        changes = {k: v for k, v in changes.items() if getattr(entry, k) != v}
        if not changes:
            return
        with self.store.change(f"edit minutes '{short(entry.text)}'"):
            for k, v in changes.items():
                setattr(entry, k, v)

    def delete(self, entry_id: int) -> None:
        entry = self.get(MinutesEntry, entry_id)
        with self.store.change(f"delete minutes '{short(entry.text)}'") as s:
            s.delete(entry)


class ActionService(ServiceBase):
    """The action register: who does what for whom by when."""

    def actions(
        self,
        *,
        status: str | Collection[str] | None = None,
        owner_id: int | None = None,
        side: str | None = None,
        rock_id: int | None = None,
    ) -> list[ActionItem]:
        stmt = select(ActionItem).where(ActionItem.workshop_id == self.workshop_id)
        if isinstance(status, str):
            stmt = stmt.where(ActionItem.status == status)
        elif status is not None:
            stmt = stmt.where(ActionItem.status.in_(list(status)))
        if owner_id is not None:
            stmt = stmt.where(ActionItem.owner_id == owner_id)
        if side is not None:
            stmt = stmt.where(ActionItem.side == side)
        if rock_id is not None:
            stmt = stmt.where(ActionItem.rock_id == rock_id)
        return list(self.session.scalars(stmt.order_by(ActionItem.position, ActionItem.id)))

    def due_date_bounds(self) -> tuple[date | None, date]:
        """(the workshop's first day, today in the room): what ``due_date_warning`` compares a
        due date with.  Read it once to check a whole register (it reads the agenda's days)."""
        from workshop_app.services.agenda_service import AgendaService

        days = AgendaService(self.store, self.clock, self.workshop_id).days()
        dated = [d.date for d in days if d.date is not None]
        return (min(dated) if dated else None), self.workshop_time().today(self.clock.now())

    def due_date_warning(
        self, due: date | None, bounds: tuple[date | None, date] | None = None
    ) -> str | None:
        """Why a due date looks like a slip (it is still accepted), or None.

        Before the workshop's first day (a typo in the year, most often) or before today in the
        room's time zone; the rocks' due dates are warned about in the same words.  ``bounds``:
        ``due_date_bounds()``, read once for many dates.
        """
        if due is None:
            return None
        first, today = bounds if bounds is not None else self.due_date_bounds()
        if first is not None and due < first:
            return (
                f"The due date ({due.isoformat()}) is before the workshop's first day "
                f"({first.isoformat()}): check the year."
            )
        if due < today:
            return f"The due date ({due.isoformat()}) is in the past: pick a later date."
        return None

    def add(
        self,
        text: str,
        *,
        owner_id: int | None = None,
        side: str | None = None,
        due_date: date | None = None,
        rock_id: int | None = None,
        status: str = ActionStatus.OPEN,
    ) -> ActionItem:
        cleaned = clean_required(text, "action")
        owner = self.get(Participant, owner_id) if owner_id is not None else None
        if side is None:
            side = side_from_owner(owner)
        check_choice(side, ACTION_SIDES, "company side")
        check_choice(status, [s.value for s in ActionStatus], "action status")
        if rock_id is not None:
            self.get(Rock, rock_id)
        pos = self.next_position(ActionItem.position, ActionItem.workshop_id == self.workshop_id)
        with self.store.change(f"add action '{short(cleaned)}'") as s:
            action = ActionItem(
                workshop_id=self.workshop_id,
                text=cleaned,
                owner_id=owner_id,
                side=side,
                due_date=due_date,
                status=status,
                rock_id=rock_id,
                position=pos,
                created_at=self.clock.now(),
            )
            s.add(action)
        return action

    def update(
        self,
        action_id: int,
        *,
        text: str | None = None,
        owner_id: int | bool | None = False,
        side: str | None = None,
        due_date: date | bool | None = False,
        status: str | None = None,
        rock_id: int | bool | None = False,
    ) -> None:
        action = self.get(ActionItem, action_id)
        changes: dict[str, object] = {}
        if text is not None:
            changes["text"] = clean_required(text, "action")
        if owner_id is not False:
            new_owner = self.get(Participant, int(owner_id)) if owner_id is not None else None
            changes["owner_id"] = owner_id
            if side is None and owner_id != action.owner_id and action.side == side_from_owner(action.owner):
                # the side was the old owner's: it follows the new owner (a side chosen apart stays)
                changes["side"] = side_from_owner(new_owner)
        if side is not None:
            changes["side"] = check_choice(side, ACTION_SIDES, "company side")
        if due_date is not False:
            changes["due_date"] = due_date
        if status is not None:
            changes["status"] = check_choice(status, [s.value for s in ActionStatus], "action status")
        if rock_id is not False:
            if rock_id is not None:
                self.get(Rock, int(rock_id))
            changes["rock_id"] = rock_id
        changes = {k: v for k, v in changes.items() if getattr(action, k) != v}
        if not changes:
            return
        with self.store.change(f"edit action '{short(action.text)}'"):
            for k, v in changes.items():
                setattr(action, k, v)

    def delete(self, action_id: int) -> None:
        action = self.get(ActionItem, action_id)
        with self.store.change(f"delete action '{short(action.text)}'") as s:
            s.delete(action)


class FeedbackService(ServiceBase):
    """Closing feedback: rating 1-5, what worked, what to change."""

    def entries(self) -> list[Feedback]:
        """Every entry, oldest first; read again only once an entry changes (the Close stage,
        its summary and the wall ask several times after each change elsewhere)."""
        return list(self.standing("feedback", ("feedback",), self._read_entries))

    def _read_entries(self) -> list[Feedback]:
        return list(
            self.session.scalars(
                select(Feedback).where(Feedback.workshop_id == self.workshop_id).order_by(Feedback.id)
            )
        )

    def add(
        self, rating: int, worked: str = "", change: str = "", participant_id: int | None = None
    ) -> Feedback:
        score = check_int(rating, "rating", 1, 5)
        if participant_id is not None:
            self.get(Participant, participant_id)
        worked_c, change_c = clean_optional(worked), clean_optional(change)
        with self.store.change(f"add feedback ({score}/5)") as s:
            fb = Feedback(
                workshop_id=self.workshop_id,
                participant_id=participant_id,
                rating=score,
                worked=worked_c,
                change=change_c,
                created_at=self.clock.now(),
            )
            s.add(fb)
        return fb

    def update(
        self,
        feedback_id: int,
        *,
        rating: int | None = None,
        worked: str | None = None,
        change: str | None = None,
    ) -> None:
        fb = self.get(Feedback, feedback_id)
        changes: dict[str, object] = {}
        if rating is not None:
            changes["rating"] = check_int(rating, "rating", 1, 5)
        if worked is not None:
            changes["worked"] = clean_optional(worked)
        if change is not None:
            changes["change"] = clean_optional(change)
        changes = {k: v for k, v in changes.items() if getattr(fb, k) != v}
        if not changes:
            return
        with self.store.change("edit feedback"):
            for k, v in changes.items():
                setattr(fb, k, v)

    def delete(self, feedback_id: int) -> None:
        fb = self.get(Feedback, feedback_id)
        with self.store.change("delete feedback") as s:
            s.delete(fb)

    def average(self) -> float | None:
        ratings = [f.rating for f in self.entries()]
        return sum(ratings) / len(ratings) if ratings else None
