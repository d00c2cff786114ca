"""Topics (questions the room answers) and the timed agenda."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop_app.model.base import Base, UTCDateTime

if TYPE_CHECKING:
    from workshop_app.model.board import Cluster, Idea
    from workshop_app.model.voting import VotingRound
    from workshop_app.model.workshop import Workshop


class Topic(Base):
    """A question the room answers; ideas, clusters and voting rounds belong to it."""

    __tablename__ = "topic"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)  # short label, e.g. "Market drivers"
    question: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    workshop: Mapped[Workshop] = relationship(back_populates="topics")
    ideas: Mapped[list[Idea]] = relationship(
        back_populates="topic", order_by="Idea.position", cascade="all, delete-orphan", passive_deletes=True
    )
    clusters: Mapped[list[Cluster]] = relationship(
        back_populates="topic",
        order_by="Cluster.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    rounds: Mapped[list[VotingRound]] = relationship(
        back_populates="topic", order_by="VotingRound.id", cascade="all, delete-orphan", passive_deletes=True
    )


class AgendaDay(Base):
    """One day of the workshop with its planned start time."""

    __tablename__ = "agenda_day"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    day_number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text, default="")
    date: Mapped[date | None] = mapped_column(Date, nullable=True)
    start_time: Mapped[str] = mapped_column(Text, default="09:00")  # HH:MM on the room's clocks (time_zone)

    workshop: Mapped[Workshop] = relationship(back_populates="days")
    items: Mapped[list[AgendaItem]] = relationship(
        back_populates="day",
        order_by="AgendaItem.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class AgendaItem(Base):
    """A timed item of a day; actual start, pauses, extensions and end are recorded."""

    __tablename__ = "agenda_item"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day_id: Mapped[int] = mapped_column(ForeignKey("agenda_day.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(Text)  # AgendaKind
    planned_minutes: Mapped[int] = mapped_column(Integer)
    topic_id: Mapped[int | None] = mapped_column(
        ForeignKey("topic.id", ondelete="SET NULL"), nullable=True, index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    day: Mapped[AgendaDay] = relationship(back_populates="items")
    topic: Mapped[Topic | None] = relationship()
    pauses: Mapped[list[AgendaPause]] = relationship(
        back_populates="item",
        order_by="AgendaPause.started_at",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class AgendaPause(Base):
    """A pause of a running agenda item; ``ended_at`` is empty while paused."""

    __tablename__ = "agenda_pause"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id", ondelete="CASCADE"), index=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)

    item: Mapped[AgendaItem] = relationship(back_populates="pauses")
