"""Declarative base, shared column types and the string enumerations of the model."""

from __future__ import annotations

import enum
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import MetaData, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """All mapped classes; one metadata with stable constraint names for migrations."""

    metadata = MetaData(naming_convention=NAMING)


class UTCDateTime(TypeDecorator[datetime]):
    """An aware UTC datetime stored as ISO 8601 text, so the file reads the same everywhere."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column; use the injected clock")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        parsed = datetime.fromisoformat(str(value))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=UTC)
        return parsed


class Side(enum.StrEnum):
    """Which company a person or an action belongs to."""

    SUPPLIER = "supplier"
    CUSTOMER = "customer"
    FACILITATION = "facilitation"
    JOINT = "joint"  # actions only: both companies together


PARTICIPANT_SIDES = (Side.SUPPLIER, Side.CUSTOMER, Side.FACILITATION)


class FrameKind(enum.StrEnum):
    """The lists of the account-plan frame."""

    OBJECTIVE = "objective"
    PRINCIPLE = "principle"
    BEHAVIOUR = "behaviour"


class AgendaKind(enum.StrEnum):
    CHECK_IN = "check_in"
    PRESENTATION = "presentation"
    IDEA_COLLECTION = "idea_collection"
    PRESENTING_IDEAS = "presenting_ideas"
    CLUSTERING = "clustering"
    VOTING = "voting"
    ROCKS = "rocks"
    INTEREST_POLL = "interest_poll"
    DISCUSSION = "discussion"
    BREAK = "break"
    CLOSING_FEEDBACK = "closing_feedback"


AGENDA_KIND_LABELS = {
    AgendaKind.CHECK_IN: "Check-in",
    AgendaKind.PRESENTATION: "Presentation",
    AgendaKind.IDEA_COLLECTION: "Idea collection",
    AgendaKind.PRESENTING_IDEAS: "Presenting ideas",
    AgendaKind.CLUSTERING: "Clustering",
    AgendaKind.VOTING: "Voting",
    AgendaKind.ROCKS: "Rocks",
    AgendaKind.INTEREST_POLL: "Interest poll",
    AgendaKind.DISCUSSION: "Minutes / discussion",
    AgendaKind.BREAK: "Break",
    AgendaKind.CLOSING_FEEDBACK: "Closing feedback",
}


class MinutesKind(enum.StrEnum):
    NOTE = "note"
    DECISION = "decision"
    RISK = "risk"
    PARKING_LOT = "parking_lot"


MINUTES_KIND_LABELS = {
    MinutesKind.NOTE: "Note",
    MinutesKind.DECISION: "Decision",
    MinutesKind.RISK: "Risk",
    MinutesKind.PARKING_LOT: "Parking lot",
}


class ActionStatus(enum.StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class RockStatus(enum.StrEnum):
    PROPOSED = "proposed"
    AGREED = "agreed"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class Direction(enum.StrEnum):
    UP = "up"
    DOWN = "down"
