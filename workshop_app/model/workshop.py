"""The workshop itself, its account-plan frame and the people in the room."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop_app.model.base import Base, UTCDateTime

if TYPE_CHECKING:
    from workshop_app.model.agenda import AgendaDay, Topic
    from workshop_app.model.records import ActionItem, Feedback, MinutesEntry
    from workshop_app.model.rocks import Rock


class Workshop(Base):
    """One JBP or Rocks workshop between a supplier and a customer/partner."""

    __tablename__ = "workshop"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(Text)
    supplier_name: Mapped[str] = mapped_column(Text, default="")
    customer_name: Mapped[str] = mapped_column(Text, default="")
    location: Mapped[str] = mapped_column(Text, default="")
    facilitator: Mapped[str] = mapped_column(Text, default="")
    vision: Mapped[str] = mapped_column(Text, default="")
    template: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    # Schema 2: when a change was last saved (set by the store on every change, undo and
    # redo; not itself undoable). Shown as "last saved" and in the backup list.
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    # Schema 3: the IANA name of the room's time zone ("Europe/London"); every time is shown
    # and exported in it. None (files made before): the laptop's zone (rules/time_zone.py).
    time_zone: Mapped[str | None] = mapped_column(Text, nullable=True)

    frame_items: Mapped[list[FrameItem]] = relationship(
        back_populates="workshop",
        order_by="(FrameItem.kind, FrameItem.position)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    participants: Mapped[list[Participant]] = relationship(
        back_populates="workshop",
        order_by="Participant.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    days: Mapped[list[AgendaDay]] = relationship(
        back_populates="workshop",
        order_by="AgendaDay.day_number",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    topics: Mapped[list[Topic]] = relationship(
        back_populates="workshop",
        order_by="Topic.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    rocks: Mapped[list[Rock]] = relationship(
        back_populates="workshop",
        order_by="Rock.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    minutes: Mapped[list[MinutesEntry]] = relationship(
        back_populates="workshop",
        order_by="MinutesEntry.id",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    actions: Mapped[list[ActionItem]] = relationship(
        back_populates="workshop",
        order_by="ActionItem.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    feedback: Mapped[list[Feedback]] = relationship(
        back_populates="workshop", order_by="Feedback.id", cascade="all, delete-orphan", passive_deletes=True
    )


class FrameItem(Base):
    """One strategic objective, guiding principle or intended behaviour."""

    __tablename__ = "frame_item"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(Text)  # FrameKind
    position: Mapped[int] = mapped_column(Integer, default=0)
    text: Mapped[str] = mapped_column(Text)

    workshop: Mapped[Workshop] = relationship(back_populates="frame_items")


class Participant(Base):
    """A person in the room (or the facilitator)."""

    __tablename__ = "participant"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(Text)
    side: Mapped[str] = mapped_column(Text)  # Side
    job_title: Mapped[str] = mapped_column(Text, default="")
    is_leader: Mapped[bool] = mapped_column(Boolean, default=False)
    experience_rank: Mapped[int] = mapped_column(Integer, default=0)  # higher = more experienced
    position: Mapped[int] = mapped_column(Integer, default=0)

    workshop: Mapped[Workshop] = relationship(back_populates="participants")
