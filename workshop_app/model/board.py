"""Ideas (one per note) and the clusters they are grouped into."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import Boolean, ForeignKey, Integer, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from workshop_app.model.base import Base, UTCDateTime

if TYPE_CHECKING:
    from workshop_app.model.agenda import Topic
    from workshop_app.model.workshop import Participant


class Cluster(Base):
    """A group of related ideas with a heading; voted on as one item."""

    __tablename__ = "cluster"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(Text)
    colour: Mapped[str] = mapped_column(Text, default="#ffd54f")
    position: Mapped[int] = mapped_column(Integer, default=0)

    topic: Mapped[Topic] = relationship(back_populates="clusters")
    # Deleting a cluster leaves its ideas loose: the database sets idea.cluster_id to NULL.
    ideas: Mapped[list[Idea]] = relationship(
        back_populates="cluster", order_by="Idea.position", passive_deletes="all"
    )


class Idea(Base):
    """One note: an idea answering a topic question, by a person or anonymous."""

    __tablename__ = "idea"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_id: Mapped[int] = mapped_column(ForeignKey("topic.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("participant.id", ondelete="SET NULL"), nullable=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    position: Mapped[int] = mapped_column(Integer, default=0)
    cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("cluster.id", ondelete="SET NULL"), nullable=True, index=True
    )
    is_heading: Mapped[bool] = mapped_column(Boolean, default=False)  # the cluster's heading note

    topic: Mapped[Topic] = relationship(back_populates="ideas")
    cluster: Mapped[Cluster | None] = relationship(back_populates="ideas")
    author: Mapped[Participant | None] = relationship()
