"""The workshop's nouns as SQLAlchemy 2.x typed mapped classes (no Qt, no I/O beyond the ORM)."""

from workshop_app.model.agenda import AgendaDay, AgendaItem, AgendaPause, Topic
from workshop_app.model.base import (
    AGENDA_KIND_LABELS,
    MINUTES_KIND_LABELS,
    PARTICIPANT_SIDES,
    ActionStatus,
    AgendaKind,
    Base,
    Direction,
    FrameKind,
    MinutesKind,
    RockStatus,
    Side,
)
from workshop_app.model.board import Cluster, Idea
from workshop_app.model.records import ActionItem, AppState, Feedback, MinutesEntry
from workshop_app.model.rocks import Interest, Rock, RockRisk
from workshop_app.model.voting import Vote, VotingRound
from workshop_app.model.workshop import FrameItem, Participant, Workshop

# Tables whose changes are user changes (tracked for undo, exported, dumped), parents first.
USER_TABLES = (
    "workshop",
    "frame_item",
    "participant",
    "topic",
    "agenda_day",
    "agenda_item",
    "agenda_pause",
    "cluster",
    "idea",
    "voting_round",
    "vote",
    "rock",
    "rock_risk",
    "interest",
    "minutes_entry",
    "action_item",
    "feedback",
)

__all__ = [
    "AGENDA_KIND_LABELS",
    "MINUTES_KIND_LABELS",
    "PARTICIPANT_SIDES",
    "USER_TABLES",
    "ActionItem",
    "ActionStatus",
    "AgendaDay",
    "AgendaItem",
    "AgendaKind",
    "AgendaPause",
    "AppState",
    "Base",
    "Cluster",
    "Direction",
    "Feedback",
    "FrameItem",
    "FrameKind",
    "Idea",
    "Interest",
    "MinutesEntry",
    "MinutesKind",
    "Participant",
    "Rock",
    "RockRisk",
    "RockStatus",
    "Side",
    "Topic",
    "Vote",
    "VotingRound",
    "Workshop",
]
