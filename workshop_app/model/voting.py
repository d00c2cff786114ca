"""Indicative dot voting: rounds on a topic and the dots people place."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, CheckConstraint, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop_app.model.base import Base, UTCDateTime

if TYPE_CHECKING:
    from workshop_app.model.agenda import Topic


class VotingRound(Base):
    """A round of dot voting on a topic's eligible items (clusters and loose ideas)."""

    __tablename__ = "voting_round"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    votes_per_person: Mapped[int] = mapped_column(Integer)
    allow_multiple: Mapped[bool] = mapped_column(Boolean, default=True)
    per_item_cap: Mapped[int | None] = mapped_column(Integer, nullable=True)
    is_open: Mapped[bool] = mapped_column(Boolean, default=True)
    revealed: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)

    topic: Mapped[Topic] = relationship(back_populates="rounds")
    votes: Mapped[list[Vote]] = relationship(
        back_populates="round", order_by="Vote.id", cascade="all, delete-orphan", passive_deletes=True
    )


class Vote(Base):
    """``count`` dots by one participant on one item (an idea or a cluster) in a round."""

    __tablename__ = "vote"
    __table_args__ = (
        CheckConstraint("(idea_id IS NULL) <> (cluster_id IS NULL)", name="one_item"),
        CheckConstraint("count > 0", name="positive"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("voting_round.id", ondelete="CASCADE"), index=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("idea.id", ondelete="CASCADE"), nullable=True, index=True
    )
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("cluster.id", ondelete="CASCADE"), nullable=True, index=True
    )
    count: Mapped[int] = mapped_column(Integer, default=1)

    round: Mapped[VotingRound] = relationship(back_populates="votes")
