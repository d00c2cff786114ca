"""Rocks (at most 7 priorities with a target metric), their risks, and interest polling."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop_app.model.base import Base

if TYPE_CHECKING:
    from workshop_app.model.workshop import FrameItem, Participant, Workshop


class Rock(Base):
    """A priority the leader commits to, with a SMART target metric."""

    __tablename__ = "rock"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    workshop_id: Mapped[int] = mapped_column(ForeignKey("workshop.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text)
    scope: Mapped[str] = mapped_column(Text, default="")
    source_cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("cluster.id", ondelete="SET NULL"), nullable=True, index=True
    )
    source_idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("idea.id", ondelete="SET NULL"), nullable=True, index=True
    )
    source_text: Mapped[str] = mapped_column(Text, default="")  # the source's title when promoted
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), nullable=True, index=True
    )
    objective_id: Mapped[int | None] = mapped_column(
        ForeignKey("frame_item.id", ondelete="SET NULL"), nullable=True, index=True
    )
    metric_name: Mapped[str] = mapped_column(Text, default="")
    metric_unit: Mapped[str] = mapped_column(Text, default="")
    metric_baseline: Mapped[str] = mapped_column(Text, default="")  # as typed; parsed by rules
    metric_target: Mapped[str] = mapped_column(Text, default="")
    metric_direction: Mapped[str] = mapped_column(Text, default="up")  # Direction
    due_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    achievable_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    relevant_confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(Text, default="proposed")  # RockStatus
    over_limit: Mapped[bool] = mapped_column(Boolean, default=False)  # added with the override

    workshop: Mapped[Workshop] = relationship(back_populates="rocks")
    owner: Mapped[Participant | None] = relationship()
    objective: Mapped[FrameItem | None] = relationship()
    risks: Mapped[list[RockRisk]] = relationship(
        back_populates="rock",
        order_by="RockRisk.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class RockRisk(Base):
    """A risk to a rock and how the team will mitigate it."""

    __tablename__ = "rock_risk"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    rock_id: Mapped[int] = mapped_column(ForeignKey("rock.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    risk: Mapped[str] = mapped_column(Text)
    mitigation: Mapped[str] = mapped_column(Text, default="")

    rock: Mapped[Rock] = relationship(back_populates="risks")


class Interest(Base):
    """How much one person wants to work on one rock: 0 not involved .. 3 want to own."""

    __tablename__ = "interest"
    __table_args__ = (
        UniqueConstraint("participant_id", "rock_id", name="one_level"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participant.id", ondelete="CASCADE"), index=True)
    rock_id: Mapped[int] = mapped_column(ForeignKey("rock.id", ondelete="CASCADE"), index=True)
    level: Mapped[int] = mapped_column(Integer)
