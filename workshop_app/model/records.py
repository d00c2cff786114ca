"""What the workshop records: minutes, action items and closing feedback."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop_app.model.base import Base, UTCDateTime

if TYPE_CHECKING:
    from workshop_app.model.agenda import AgendaItem
    from workshop_app.model.rocks import Rock
    from workshop_app.model.workshop import Participant, Workshop


class MinutesEntry(Base):
    """A note, decision, risk or parking-lot item, stamped with time and agenda item."""

    __tablename__ = "minutes_entry"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    agenda_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", ondelete="SET NULL"), nullable=True, index=True
    )
    kind: Mapped[str] = mapped_column(Text)  # MinutesKind
    text: Mapped[str] = mapped_column(Text)

    workshop: Mapped[Workshop] = relationship(back_populates="minutes")
    agenda_item: Mapped[AgendaItem | None] = relationship()


class ActionItem(Base):
    """Something someone will do after the workshop, with owner, side and due date."""

    __tablename__ = "action_item"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), nullable=True, index=True
    )
    side: Mapped[str] = mapped_column(Text, default="joint")  # Side
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(Text, default="open")  # ActionStatus
    rock_id: Mapped[int | None] = mapped_column(
        ForeignKey("rock.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    workshop: Mapped[Workshop] = relationship(back_populates="actions")
    owner: Mapped[Participant | None] = relationship()
    rock: Mapped[Rock | None] = relationship()


class Feedback(Base):
    """Closing feedback: a 1-5 rating and two short texts, optionally from a named person."""

    __tablename__ = "feedback"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), nullable=True, index=True
    )
    rating: Mapped[int] = mapped_column(Integer)
    worked: Mapped[str] = mapped_column(Text, default="")
    change: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    workshop: Mapped[Workshop] = relationship(back_populates="feedback")
    participant: Mapped[Participant | None] = relationship()


class AppState(Base):
    """Where the facilitator was (stage, selected topic...): not part of undo, not exported."""

    __tablename__ = "app_state"

    key: Mapped[str] = mapped_column(Text, primary_key=True)
    value: Mapped[str] = mapped_column(Text)
