"""What every service shares: the open store, the clock, lookups and labels."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from workshop_app.errors import InvalidInputError, NotFoundError
from workshop_app.model import Base, Participant, Side, Workshop
from workshop_app.rules.time_zone import WorkshopTime
from workshop_app.services.clock import Clock
from workshop_app.store.database import WorkshopStore

T = TypeVar("T", bound=Base)
V = TypeVar("V")

NOUNS: dict[str, str] = {
    "Participant": "person",
    "Idea": "note",
    "Cluster": "cluster",
    "Topic": "topic",
    "AgendaDay": "agenda day",
    "AgendaItem": "agenda item",
    "VotingRound": "voting round",
    "Rock": "rock",
    "RockRisk": "risk",
    "MinutesEntry": "minutes entry",
    "ActionItem": "action item",
    "Feedback": "feedback",
    "FrameItem": "frame entry",
}


def short(text: str, limit: int = 40) -> str:
    """A label-sized excerpt of user text, for undo menu entries and messages."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"


class ServiceBase:
    """A service works on one workshop in one store, with an injected clock."""

    def __init__(self, store: WorkshopStore, clock: Clock, workshop_id: int) -> None:
        self.store = store
        self.clock = clock
        self.workshop_id = workshop_id
        self._standing: dict[str, tuple[int, Any]] = {}
        self._time = WorkshopTime(None)

    def standing(self, key: str, tables: tuple[str, ...], read: Callable[[], V]) -> V:
        """What ``read()`` gives, read again only once one of ``tables`` has changed (see
        ``WorkshopStore.revision_of``): what several screens show after one change.  Loaded
        objects may be kept too when ``tables`` has every table they show (``shown_by_table``):
        a change elsewhere leaves them loaded.  Inside a change it is read and not kept: what
        is read there may still be rolled back."""
        if self.store.in_change:
            return read()
        revision = self.store.revision_of(*tables)
        kept = self._standing.get(key)
        if kept is not None and kept[0] == revision:
            value: V = kept[1]
            return value
        value = read()
        self._standing[key] = (revision, value)
        return value

    @property
    def session(self) -> Session:
        return self.store.session

    def workshop(self) -> Workshop:
        return self.get(Workshop, self.workshop_id)

    def workshop_time(self) -> WorkshopTime:
        """Reads times in the room's zone (the workshop's ``time_zone``); the timer asks four
        times a second, so the zone is read again only once the workshop row has changed."""
        return self.standing("workshop_time", ("workshop",), self._read_workshop_time)

    def _read_workshop_time(self) -> WorkshopTime:
        name = self.workshop().time_zone
        if self._time.name != name:
            self._time = WorkshopTime(name)
        return self._time

    def get(self, cls: type[T], ident: int) -> T:
        obj = self.session.get(cls, ident)
        if obj is None:
            raise gone(cls)
        return obj

    def _people(self, *, voters_only: bool = False) -> list[Participant]:
        """The workshop's people in their order; ``voters_only`` leaves out the facilitation team
        (who neither vote nor are polled for interest).  Read again only once a person changes:
        nearly every screen lists them after every change."""
        people = self.standing("people", ("participant",), self._read_people)
        return [p for p in people if p.side != Side.FACILITATION] if voters_only else list(people)

    def _read_people(self) -> list[Participant]:
        stmt = select(Participant).where(Participant.workshop_id == self.workshop_id)
        return list(self.session.scalars(stmt.order_by(Participant.position, Participant.id)))

    def next_position(self, column: Any, *where: Any) -> int:
        value = self.session.execute(select(func.max(column)).where(*where)).scalar()
        return 0 if value is None else int(value) + 1


def gone(cls: type) -> NotFoundError:
    """The error for a row of ``cls`` that is not there (any more)."""
    noun = NOUNS.get(cls.__name__, cls.__name__.lower())
    return NotFoundError(
        f"That {noun} no longer exists (it was deleted or undone). Refresh the view and try again."
    )


def check_choice(value: str, allowed: tuple[str, ...] | list[str], what: str) -> str:
    if value not in allowed:
        raise InvalidInputError(f"'{value}' is not a valid {what}. Choose one of: {', '.join(allowed)}.")
    return value


def check_int(value: object, what: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip()) if not isinstance(value, int) else value
    except ValueError:
        raise InvalidInputError(f"The {what} must be a whole number from {low} to {high}.") from None
    if isinstance(value, bool) or not low <= number <= high:
        raise InvalidInputError(f"The {what} must be a whole number from {low} to {high}; {value!r} is not.")
    return number
