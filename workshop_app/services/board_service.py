"""Topics, the notes captured under them, and clustering notes into groups."""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlalchemy import func, select, true

from workshop_app.errors import ClusterHasVotesError, InvalidInputError, NoteHasVotesError
from workshop_app.model import AgendaItem, Cluster, Idea, Participant, Rock, Topic, Vote, VotingRound
from workshop_app.rules.presentation import Presenter, presentation_order
from workshop_app.rules.text import clean_optional, clean_required
from workshop_app.rules.voting import ItemRef
from workshop_app.services.base import ServiceBase, gone, short

# Colours readable with black text on a projector, in the order new clusters get them.
CLUSTER_COLOURS = (
    "#ffd54f",
    "#81d4fa",
    "#a5d6a7",
    "#f48fb1",
    "#ce93d8",
    "#ffab91",
    "#80cbc4",
    "#e6ee9c",
    "#b0bec5",
    "#fff59d",
)
_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


def eligible_refs(clusters: list[Cluster], ideas: list[Idea]) -> list[ItemRef]:
    """What can be voted on, from a topic's clusters and notes: the clusters, then the loose notes."""
    return [ItemRef("cluster", c.id) for c in clusters] + [
        ItemRef("idea", i.id) for i in ideas if i.cluster_id is None
    ]


@dataclass(frozen=True)
class VoteItem:
    """One thing that can be voted on, ready to show."""

    ref: ItemRef
    label: str  # the cluster's title or the note's text
    colour: str | None  # the cluster's colour; None for a loose note


@dataclass(frozen=True)
class TopicImpact:
    """What deleting a topic takes with it; shown to the facilitator before confirming."""

    title: str
    ideas: int
    clusters: int
    rounds: int
    dots: int
    agenda_items: int
    rocks: int

    @property
    def takes_anything(self) -> bool:
        return bool(self.ideas or self.clusters or self.rounds or self.agenda_items or self.rocks)

    def describe(self) -> str:
        parts = []
        if self.ideas:
            parts.append(f"its {self.ideas} note(s) are deleted")
        if self.clusters:
            parts.append(f"its {self.clusters} cluster(s) are deleted")
        if self.rounds:
            dots = f" with {self.dots} dot(s)" if self.dots else ""
            parts.append(f"its {self.rounds} vote round(s){dots} are deleted")
        if self.agenda_items:
            parts.append(f"{self.agenda_items} agenda item(s) no longer name a topic")
        if self.rocks:
            parts.append(f"{self.rocks} rock(s) promoted from it stay, without the link to their source")
        if not parts:
            return f"Delete the topic '{self.title}'? Nothing else refers to it. You can undo this."
        return f"Delete the topic '{self.title}'? " + "; ".join(parts) + ". You can undo this with Ctrl+Z."


class BoardService(ServiceBase):
    """Topics, ideas (notes) and clusters."""

    # --- topics -----------------------------------------------------------

    def topics(self) -> list[Topic]:
        return list(
            self.session.scalars(
                select(Topic).where(Topic.workshop_id == self.workshop_id).order_by(Topic.position, Topic.id)
            )
        )

    def add_topic(self, title: str, question: str = "") -> Topic:
        cleaned = clean_required(title, "topic title")
        pos = self.next_position(Topic.position, Topic.workshop_id == self.workshop_id)
        with self.store.change(f"add topic '{short(cleaned)}'") as s:
            topic = Topic(
                workshop_id=self.workshop_id, title=cleaned, question=clean_optional(question), position=pos
            )
            s.add(topic)
        return topic

    def update_topic(self, topic_id: int, *, title: str | None = None, question: str | None = None) -> None:
        topic = self.get(Topic, topic_id)
        changes: dict[str, str] = {}
        if title is not None:
            changes["title"] = clean_required(title, "topic title")
        if question is not None:
            changes["question"] = clean_optional(question)
        changes = {k: v for k, v in changes.items() if getattr(topic, k) != v}
        if not changes:
            return
        with self.store.change(f"edit topic '{short(topic.title)}'"):
            for k, v in changes.items():
                setattr(topic, k, v)

    def move_topic(self, topic_id: int, index: int) -> None:
        """Put a topic at ``index`` in the order the stages list them (undoable)."""
        topic = self.get(Topic, topic_id)
        topics = self.topics()
        others = [t for t in topics if t.id != topic.id]
        index = max(0, min(index, len(others)))
        order = [*others[:index], topic, *others[index:]]
        if [t.id for t in order] == [t.id for t in topics]:
            return
        with self.store.change(f"move topic '{short(topic.title)}'"):
            for i, t in enumerate(order):
                if t.position != i:
                    t.position = i

    def topic_impact(self, topic_id: int) -> TopicImpact:
        topic = self.get(Topic, topic_id)
        s = self.session

        def count(stmt: object) -> int:
            return int(s.execute(stmt).scalar() or 0)  # type: ignore[call-overload]

        ideas = select(Idea.id).where(Idea.topic_id == topic.id)
        clusters = select(Cluster.id).where(Cluster.topic_id == topic.id)
        rounds = select(VotingRound.id).where(VotingRound.topic_id == topic.id)
        return TopicImpact(
            title=topic.title,
            ideas=count(select(func.count()).select_from(ideas.subquery())),
            clusters=count(select(func.count()).select_from(clusters.subquery())),
            rounds=count(select(func.count()).select_from(rounds.subquery())),
            dots=count(select(func.coalesce(func.sum(Vote.count), 0)).where(Vote.round_id.in_(rounds))),
            agenda_items=count(
                select(func.count()).select_from(AgendaItem).where(AgendaItem.topic_id == topic.id)
            ),
            rocks=count(
                select(func.count())
                .select_from(Rock)
                .where(Rock.source_cluster_id.in_(clusters) | Rock.source_idea_id.in_(ideas))
            ),
        )

    def delete_topic(self, topic_id: int) -> TopicImpact:
        """Delete a topic with its notes, clusters and votes (undoable); returns what went with it."""
        impact = self.topic_impact(topic_id)
        topic = self.get(Topic, topic_id)
        with self.store.change(f"delete topic '{short(topic.title)}'") as s:
            s.delete(topic)
        return impact

    # --- ideas ------------------------------------------------------------

    def ideas(self, topic_id: int) -> list[Idea]:
        return list(
            self.session.scalars(
                select(Idea).where(Idea.topic_id == topic_id).order_by(Idea.position, Idea.id)
            )
        )

    def add_idea(self, topic_id: int, text: str, author_id: int | None = None) -> Idea:
        """Capture one note; ``author_id=None`` is anonymous."""
        cleaned = clean_required(text, "note")
        # The topic and the author are there, and the next position: one query, not three (the
        # objects were expired by the last commit, so each get would read its row again).
        last, topic_found, author_found = self.session.execute(
            select(
                select(func.max(Idea.position)).where(Idea.topic_id == topic_id).scalar_subquery(),
                select(Topic.id).where(Topic.id == topic_id).exists(),
                select(Participant.id).where(Participant.id == author_id).exists()
                if author_id is not None
                else true(),
            )
        ).one()
        if not topic_found:
            raise gone(Topic)
        if not author_found:
            raise gone(Participant)
        pos = 0 if last is None else int(last) + 1
        with self.store.change(f"add note '{short(cleaned)}'") as s:
            idea = Idea(
                topic_id=topic_id,
                text=cleaned,
                author_id=author_id,
                created_at=self.clock.now(),
                position=pos,
            )
            s.add(idea)
        return idea

    def edit_idea(self, idea_id: int, text: str) -> None:
        idea = self.get(Idea, idea_id)
        cleaned = clean_required(text, "note")
        if cleaned == idea.text:
            return
        with self.store.change(f"edit note '{short(cleaned)}'"):
            if idea.is_heading and idea.cluster is not None and idea.cluster.title == idea.text:
                idea.cluster.title = cleaned  # the heading note's text is the cluster's title
            idea.text = cleaned

    def set_author(self, idea_id: int, author_id: int | None) -> None:
        idea = self.get(Idea, idea_id)
        if author_id is not None:
            self.get(Participant, author_id)
        if idea.author_id == author_id:
            return
        with self.store.change(f"change author of '{short(idea.text)}'"):
            idea.author_id = author_id

    def delete_idea(self, idea_id: int, *, force: bool = False) -> None:
        """Delete a note; dots on it are removed with it, only with force (undo brings both back)."""
        idea = self.get(Idea, idea_id)
        dots = int(
            self.session.execute(
                select(func.coalesce(func.sum(Vote.count), 0)).where(Vote.idea_id == idea.id)
            ).scalar()
            or 0
        )
        if dots and not force:
            raise NoteHasVotesError(
                f"Note '{short(idea.text)}' has {dots} dot(s). Deleting it removes them. "
                "Confirm to delete it anyway (you can undo it), or keep the note."
            )
        with self.store.change(f"delete note '{short(idea.text)}'") as s:
            s.delete(idea)

    def move_idea(self, idea_id: int, index: int) -> None:
        idea = self.get(Idea, idea_id)
        ideas = [i for i in self.ideas(idea.topic_id) if i.id != idea.id]
        index = max(0, min(index, len(ideas)))
        order = [*ideas[:index], idea, *ideas[index:]]
        with self.store.change(f"move note '{short(idea.text)}'"):
            for i, x in enumerate(order):
                if x.position != i:
                    x.position = i

    def ideas_by_author(self, topic_id: int) -> dict[int | None, list[Idea]]:
        result: dict[int | None, list[Idea]] = {}
        for idea in self.ideas(topic_id):
            result.setdefault(idea.author_id, []).append(idea)
        return result

    def presentation_order(self) -> list[Participant]:
        """People in the order they present: least experienced first, leaders last."""
        people = list(
            self.session.scalars(select(Participant).where(Participant.workshop_id == self.workshop_id))
        )
        by_id = {p.id: p for p in people}
        order = presentation_order(
            Presenter(p.id, p.name, p.experience_rank, p.is_leader, p.side) for p in people
        )
        return [by_id[i] for i in order]

    # --- clusters -----------------------------------------------------------

    def clusters(self, topic_id: int) -> list[Cluster]:
        return list(
            self.session.scalars(
                select(Cluster).where(Cluster.topic_id == topic_id).order_by(Cluster.position, Cluster.id)
            )
        )

    def _next_colour(self, topic_id: int) -> str:
        used = [c.colour for c in self.clusters(topic_id)]
        for colour in CLUSTER_COLOURS:
            if colour not in used:
                return colour
        return CLUSTER_COLOURS[len(used) % len(CLUSTER_COLOURS)]

    def group(self, idea_id: int, onto_idea_id: int, title: str | None = None) -> Cluster:
        """Drop a note onto another loose note: both form a new cluster (onto-note is the heading)."""
        idea = self.get(Idea, idea_id)
        onto = self.get(Idea, onto_idea_id)
        if idea.id == onto.id:
            raise InvalidInputError("Drop the note onto a different note to group them.")
        if idea.topic_id != onto.topic_id:
            raise InvalidInputError("Only notes of the same topic can be grouped. Move the note first.")
        if onto.cluster_id is not None:
            return self.join(idea.id, onto.cluster_id)
        heading = clean_required(title, "cluster heading") if title is not None else onto.text
        pos = self.next_position(Cluster.position, Cluster.topic_id == onto.topic_id)
        colour = self._next_colour(onto.topic_id)
        with self.store.change(f"group '{short(idea.text)}' with '{short(onto.text)}'") as s:
            if idea.cluster_id is not None:
                self._leave(idea)
            cluster = Cluster(topic_id=onto.topic_id, title=heading, colour=colour, position=pos)
            s.add(cluster)
            s.flush()
            onto.cluster_id = cluster.id
            onto.is_heading = title is None
            idea.cluster_id = cluster.id
            idea.is_heading = False
        return cluster

    def create_cluster(self, topic_id: int, title: str, idea_ids: list[int] | None = None) -> Cluster:
        """Make a named cluster (keyboard way), optionally moving notes into it."""
        self.get(Topic, topic_id)
        heading = clean_required(title, "cluster heading")
        ideas = [self.get(Idea, i) for i in idea_ids or []]
        for idea in ideas:
            if idea.topic_id != topic_id:
                raise InvalidInputError("Only notes of the same topic can be grouped. Move the note first.")
        pos = self.next_position(Cluster.position, Cluster.topic_id == topic_id)
        colour = self._next_colour(topic_id)
        with self.store.change(f"create cluster '{short(heading)}'") as s:
            cluster = Cluster(topic_id=topic_id, title=heading, colour=colour, position=pos)
            s.add(cluster)
            s.flush()
            for idea in ideas:
                if idea.cluster_id is not None:
                    self._leave(idea)
                idea.cluster_id = cluster.id
                idea.is_heading = False
        return cluster

    def join(self, idea_id: int, cluster_id: int) -> Cluster:
        idea = self.get(Idea, idea_id)
        cluster = self.get(Cluster, cluster_id)
        if idea.topic_id != cluster.topic_id:
            raise InvalidInputError("Only notes of the same topic can be grouped. Move the note first.")
        if idea.cluster_id == cluster.id:
            return cluster
        with self.store.change(f"move '{short(idea.text)}' into '{short(cluster.title)}'"):
            if idea.cluster_id is not None:
                self._leave(idea)
            idea.cluster_id = cluster.id
            idea.is_heading = False
        return cluster

    def note_counts(self) -> dict[int, int]:
        """topic id -> how many notes it has (one query; a topic without notes is not in it)."""
        rows = self.session.execute(select(Idea.topic_id, func.count()).group_by(Idea.topic_id))
        return {topic_id: int(n) for topic_id, n in rows}

    def _rock_source(self, cluster_id: int) -> bool:
        """Whether a rock was promoted from this cluster (it keeps its source)."""
        from workshop_app.model import Rock

        found = self.session.execute(select(Rock.id).where(Rock.source_cluster_id == cluster_id).limit(1))
        return found.first() is not None

    def _leave(self, idea: Idea, *, drop_empty: bool = True) -> None:
        """Inside a change: take a note out of its cluster. A cluster left with no notes, no dots
        of its own and no rock promoted from it goes too (it stayed on the ballot, often as a twin
        of a loose note, with no card to select it by); one with dots or a rock stays."""
        old = idea.cluster_id
        idea.cluster_id = None
        idea.is_heading = False
        if old is None or not drop_empty:
            return
        others = self.session.execute(
            select(func.count()).select_from(Idea).where(Idea.cluster_id == old, Idea.id != idea.id)
        ).scalar()
        if not others and not self.cluster_votes(old) and not self._rock_source(old):
            cluster = self.session.get(Cluster, old)
            if cluster is not None:
                self.session.delete(cluster)

    def leave(self, idea_id: int) -> None:
        """Drag a note out of its cluster: it becomes a loose note again (the cluster goes with its
        last note, unless it has dots)."""
        idea = self.get(Idea, idea_id)
        if idea.cluster_id is None:
            return
        cluster = self.get(Cluster, idea.cluster_id)
        with self.store.change(f"take '{short(idea.text)}' out of '{short(cluster.title)}'"):
            was_heading = idea.is_heading
            rest = [i for i in cluster.ideas if i.id != idea.id]
            self._leave(idea)
            if was_heading and cluster.title == idea.text and rest:
                rest[0].is_heading = True
                cluster.title = rest[0].text

    def rename_cluster(self, cluster_id: int, title: str) -> None:
        cluster = self.get(Cluster, cluster_id)
        heading = clean_required(title, "cluster heading")
        if heading == cluster.title:
            return
        with self.store.change(f"rename cluster '{short(cluster.title)}' to '{short(heading)}'"):
            cluster.title = heading
            for idea in cluster.ideas:
                idea.is_heading = False

    def recolour_cluster(self, cluster_id: int, colour: str) -> None:
        cluster = self.get(Cluster, cluster_id)
        if not _COLOUR.match(colour):
            raise InvalidInputError(f"'{colour}' is not a colour. Use the #rrggbb form, e.g. #ffd54f.")
        if colour.lower() == cluster.colour.lower():
            return
        with self.store.change(f"recolour cluster '{short(cluster.title)}'"):
            cluster.colour = colour.lower()

    def set_heading(self, cluster_id: int, idea_id: int | None) -> None:
        """Make a member note the cluster's heading (its text becomes the title); None clears it."""
        cluster = self.get(Cluster, cluster_id)
        idea = self.get(Idea, idea_id) if idea_id is not None else None
        if idea is not None and idea.cluster_id != cluster.id:
            raise InvalidInputError("The heading must be one of the cluster's own notes. Move it in first.")
        with self.store.change(f"set heading of '{short(cluster.title)}'"):
            for member in cluster.ideas:
                member.is_heading = idea is not None and member.id == idea.id
            if idea is not None:
                cluster.title = idea.text

    def cluster_votes(self, cluster_id: int) -> int:
        return int(
            self.session.execute(
                select(func.coalesce(func.sum(Vote.count), 0)).where(Vote.cluster_id == cluster_id)
            ).scalar()
            or 0
        )

    def ungroup(self, cluster_id: int, *, force: bool = False) -> None:
        """Dissolve a cluster: its notes become loose. Dots on the cluster are removed only with force."""
        cluster = self.get(Cluster, cluster_id)
        dots = self.cluster_votes(cluster.id)
        if dots and not force:
            raise ClusterHasVotesError(
                f"Cluster '{short(cluster.title)}' has {dots} dot(s). Ungrouping removes them. "
                "Confirm to ungroup anyway (you can undo it), or keep the cluster."
            )
        with self.store.change(f"ungroup '{short(cluster.title)}'") as s:
            for idea in list(cluster.ideas):
                self._leave(idea, drop_empty=False)
            s.flush()
            s.delete(cluster)

    def move_cluster(self, cluster_id: int, index: int) -> None:
        cluster = self.get(Cluster, cluster_id)
        others = [c for c in self.clusters(cluster.topic_id) if c.id != cluster.id]
        index = max(0, min(index, len(others)))
        order = [*others[:index], cluster, *others[index:]]
        with self.store.change(f"move cluster '{short(cluster.title)}'"):
            for i, c in enumerate(order):
                if c.position != i:
                    c.position = i

    # --- eligibility ------------------------------------------------------

    def eligible_items(self, topic_id: int) -> list[ItemRef]:
        """What can be voted on: the topic's clusters with notes, then its loose notes."""
        return eligible_refs(self.clusters(topic_id), self.ideas(topic_id))

    def vote_items(self, topic_id: int) -> list[VoteItem]:
        """``eligible_items`` with their labels and colours, read in one go (two queries) and
        kept until a note or cluster changes: the Vote stage and its wall show them after every dot."""
        return self.standing(
            f"vote_items {topic_id}", ("cluster", "idea"), lambda: self._vote_items(topic_id)
        )

    def _vote_items(self, topic_id: int) -> list[VoteItem]:
        clusters, ideas = self.clusters(topic_id), self.ideas(topic_id)
        return [VoteItem(ItemRef("cluster", c.id), c.title, c.colour) for c in clusters] + [
            VoteItem(ItemRef("idea", i.id), i.text, None) for i in ideas if i.cluster_id is None
        ]

    def item_label(self, item: ItemRef) -> str:
        if item.kind == "cluster":
            c = self.session.get(Cluster, item.id)
            return c.title if c is not None else "(deleted cluster)"
        i = self.session.get(Idea, item.id)
        return i.text if i is not None else "(deleted note)"

    def rounds_with_votes_on(self, idea_id: int) -> list[VotingRound]:
        return list(
            self.session.scalars(select(VotingRound).join(Vote).where(Vote.idea_id == idea_id).distinct())
        )
