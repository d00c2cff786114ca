"""Indicative dot voting: rounds, casting and removing dots, reveal and ranked results."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from workshop_app.errors import InvalidInputError, VoteRefusedError
from workshop_app.model import Cluster, Idea, Participant, Side, Topic, Vote, VotingRound
from workshop_app.rules import voting as rules
from workshop_app.rules.text import clean_optional
from workshop_app.services.base import ServiceBase, short
from workshop_app.services.board_service import BoardService, eligible_refs


@dataclass(frozen=True)
class RankedItem:
    """One line of a round's results, with labels ready to show."""

    item: rules.ItemRef
    label: str
    total: int
    rank: int
    tied: bool
    voters: dict[str, int]  # participant name -> dots


@dataclass(frozen=True)
class RoundResults:
    round_id: int
    topic_title: str
    revealed: bool
    items: list[RankedItem]
    total_dots: int
    notes: list[str]  # carried/dropped dots explained in words
    voters_done: int  # people who spent all their dots
    voters_total: int
    voters_started: int = 0  # people with at least one dot placed (those done included)

    @property
    def progress(self) -> str:
        """How far the room is, e.g. "2 of 3 people have placed all their dots · 1 part-way"."""
        people = "person has" if self.voters_total == 1 else "people have"
        text = f"{self.voters_done} of {self.voters_total} {people} placed all their dots"
        part_way = self.voters_started - self.voters_done
        return text + (f" · {part_way} part-way" if part_way > 0 else "")


# What a round's results are read from: while none of these tables changes, they stand.
RESULT_TABLES = ("voting_round", "vote", "topic", "idea", "cluster", "participant")


@dataclass
class _KnownResults:
    by_round: dict[int, RoundResults] = field(default_factory=dict)
    every_round: bool = False  # by_round has every round's results


class VotingService(ServiceBase):
    """Set up rounds, place and remove dots within the rules, reveal the ranking."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.board = BoardService(self.store, self.clock, self.workshop_id)

    def _known_results(self) -> _KnownResults:
        """The results read while RESULT_TABLES stay as they are.  A stage, its wall view, the
        Close summary and the Rocks list all show the same results after a change elsewhere
        (a rock, a minutes entry) without reading them again."""
        return self.standing("results", RESULT_TABLES, _KnownResults)

    # --- rounds -----------------------------------------------------------

    def rounds(self, topic_id: int | None = None) -> list[VotingRound]:
        stmt = select(VotingRound).join(Topic).where(Topic.workshop_id == self.workshop_id)
        if topic_id is not None:
            stmt = stmt.where(VotingRound.topic_id == topic_id)
        return list(self.session.scalars(stmt.order_by(Topic.position, VotingRound.id)))

    def voters(self) -> list[Participant]:
        """Everyone who votes: the people of both companies (not the facilitation team)."""
        return self._people(voters_only=True)

    def suggested_budget(self, topic_id: int, allow_multiple: bool = True) -> int:
        return rules.default_budget(len(self.board.vote_items(topic_id)), allow_multiple)

    def create_round(
        self,
        topic_id: int,
        *,
        votes_per_person: int | None = None,
        allow_multiple: bool = True,
        per_item_cap: int | None = None,
        title: str = "",
    ) -> VotingRound:
        topic = self.get(Topic, topic_id)
        n = len(self.board.eligible_items(topic_id))
        if n == 0:
            raise InvalidInputError(
                f"'{short(topic.title)}' has no notes to vote on yet. Capture ideas on the Ideas stage first."
            )
        budget = votes_per_person if votes_per_person is not None else rules.default_budget(n, allow_multiple)
        cap = per_item_cap if allow_multiple else None
        rules.validate_rules(rules.VoteRules(budget, allow_multiple, cap))
        existing = len(self.rounds(topic_id))
        name = clean_optional(title) or (f"Round {existing + 1}" if existing else "Vote")
        with self.store.change(f"start vote on '{short(topic.title)}'") as s:
            rnd = VotingRound(
                topic_id=topic_id,
                title=name,
                votes_per_person=budget,
                allow_multiple=allow_multiple,
                per_item_cap=cap,
                is_open=True,
                revealed=False,
                created_at=self.clock.now(),
            )
            s.add(rnd)
        return rnd

    def update_round(
        self,
        round_id: int,
        *,
        votes_per_person: int | None = None,
        allow_multiple: bool | None = None,
        per_item_cap: int | bool | None = False,
    ) -> None:
        """Change a round's rules; refused if dots already cast would break the new rules."""
        rnd = self.get(VotingRound, round_id)
        budget = rnd.votes_per_person if votes_per_person is None else votes_per_person
        multiple = rnd.allow_multiple if allow_multiple is None else allow_multiple
        cap = rnd.per_item_cap if per_item_cap is False else per_item_cap
        if not multiple:
            cap = None
        new = rules.VoteRules(
            budget, multiple, cap if isinstance(cap, int) and not isinstance(cap, bool) else None
        )
        rules.validate_rules(new)
        for person in self.voters():
            mine = self.person_votes(round_id, person.id)
            used = sum(mine.values())
            if used > new.votes_per_person:
                raise VoteRefusedError(
                    f"{person.name} has already placed {used} dots, more than {new.votes_per_person}. "
                    f"Remove some of {person.name}'s dots first, or keep the higher number."
                )
            limit = rules.effective_item_cap(new)
            if limit is not None and any(c > limit for c in mine.values()):
                raise VoteRefusedError(
                    f"{person.name} already has more than {limit} dot(s) on one item. "
                    "Remove those extra dots first, or keep the current rule."
                )
        if (rnd.votes_per_person, rnd.allow_multiple, rnd.per_item_cap) == (
            new.votes_per_person,
            new.allow_multiple,
            new.per_item_cap,
        ):
            return
        with self.store.change(f"change rules of '{short(rnd.title)}'"):
            rnd.votes_per_person = new.votes_per_person
            rnd.allow_multiple = new.allow_multiple
            rnd.per_item_cap = new.per_item_cap

    def set_open(self, round_id: int, is_open: bool) -> None:
        rnd = self.get(VotingRound, round_id)
        if rnd.is_open == is_open:
            return
        with self.store.change(f"{'reopen' if is_open else 'close'} vote '{short(rnd.title)}'"):
            rnd.is_open = is_open

    def reveal(self, round_id: int, revealed: bool = True) -> None:
        rnd = self.get(VotingRound, round_id)
        if rnd.revealed == revealed:
            return
        with self.store.change(f"{'reveal' if revealed else 'hide'} results of '{short(rnd.title)}'"):
            rnd.revealed = revealed

    def delete_round(self, round_id: int) -> None:
        rnd = self.get(VotingRound, round_id)
        with self.store.change(f"delete vote '{short(rnd.title)}'") as s:
            s.delete(rnd)

    # --- dots -------------------------------------------------------------

    @staticmethod
    def _ref(v: Vote) -> rules.ItemRef:
        return (
            rules.ItemRef("idea", v.idea_id)
            if v.idea_id is not None
            else rules.ItemRef("cluster", v.cluster_id or 0)
        )

    def _votes_of(self, round_id: int, participant_id: int) -> list[tuple[Vote, int | None]]:
        """One person's dots in a round, each with the cluster its note is in now (None for a dot
        on a cluster or a loose note): one query, so a dot costs no more for carrying."""
        return [
            (vote, cluster_id)
            for vote, cluster_id in self.session.execute(
                select(Vote, Idea.cluster_id)
                .outerjoin(Idea, Vote.idea_id == Idea.id)
                .where(Vote.round_id == round_id, Vote.participant_id == participant_id)
            )
        ]

    def _counted_on(self, v: Vote, cluster_id: int | None) -> rules.ItemRef:
        """The ballot item a dot counts for now: its note's cluster when the note was grouped
        after the dot was placed (as the results count it), else the item it was placed on."""
        if v.idea_id is not None and cluster_id is not None:
            return rules.ItemRef("cluster", cluster_id)
        return self._ref(v)

    def _placed(self, votes: list[tuple[Vote, int | None]]) -> dict[rules.ItemRef, int]:
        result: dict[rules.ItemRef, int] = {}
        for v, cluster_id in votes:
            ref = self._counted_on(v, cluster_id)
            result[ref] = result.get(ref, 0) + v.count
        return result

    def person_votes(self, round_id: int, participant_id: int) -> dict[rules.ItemRef, int]:
        """item -> dots of one person, on the items they count for now."""
        return self._placed(self._votes_of(round_id, participant_id))

    def all_votes(self, round_id: int) -> dict[int, dict[rules.ItemRef, int]]:
        """participant_id -> item -> dots, for the voting grid: a dot on a note grouped since
        shows (and is removed) on its cluster, where the results count it."""
        rows = self.session.execute(
            select(Vote, Idea.cluster_id)
            .outerjoin(Idea, Vote.idea_id == Idea.id)
            .where(Vote.round_id == round_id)
        )
        result: dict[int, dict[rules.ItemRef, int]] = {}
        for v, cluster_id in rows:
            mine = result.setdefault(v.participant_id, {})
            ref = self._counted_on(v, cluster_id)
            mine[ref] = mine.get(ref, 0) + v.count
        return result

    def remaining(self, round_id: int, participant_id: int) -> int:
        rnd = self.get(VotingRound, round_id)
        return rules.remaining_votes(self._rules(rnd), self.person_votes(round_id, participant_id))

    @staticmethod
    def _rules(rnd: VotingRound) -> rules.VoteRules:
        return rules.VoteRules(rnd.votes_per_person, rnd.allow_multiple, rnd.per_item_cap)

    def _check_item(self, rnd: VotingRound, item: rules.ItemRef) -> str:
        """The item's label if it can take a dot in this round, else VoteRefusedError saying why.

        Looks up only the one item (primary-key reads), so a dot costs the same on a
        board of 30 notes or 3,000.
        """
        eligible: set[rules.ItemRef] = set()
        idea_cluster: dict[int, int] = {}
        titles: dict[int, str] = {}
        label = "(deleted)"
        if item.kind == "cluster":
            cluster = self.session.get(Cluster, item.id)
            if cluster is not None:
                label = cluster.title
                if cluster.topic_id == rnd.topic_id:
                    eligible.add(item)
        else:
            idea = self.session.get(Idea, item.id)
            if idea is not None:
                label = idea.text
                if idea.topic_id == rnd.topic_id:
                    if idea.cluster_id is None:
                        eligible.add(item)
                    else:
                        idea_cluster[idea.id] = idea.cluster_id
                        holder = self.session.get(Cluster, idea.cluster_id)
                        if holder is not None:
                            eligible.add(rules.ItemRef("cluster", holder.id))
                            titles[holder.id] = holder.title
        reason = rules.ineligibility_reason(item, eligible, idea_cluster, titles, short(label))
        if reason is not None:
            raise VoteRefusedError(reason)
        return label

    def cast(self, round_id: int, participant_id: int, item: rules.ItemRef) -> None:
        """Place one dot; refused with a clear reason when the rules forbid it."""
        rnd = self.get(VotingRound, round_id)
        person = self.get(Participant, participant_id)
        if not rnd.is_open:
            raise VoteRefusedError(f"'{rnd.title}' is closed. Reopen the vote to change dots.")
        if person.side == Side.FACILITATION:
            raise VoteRefusedError(f"{person.name} is on the facilitation team and does not vote.")
        label = self._check_item(rnd, item)
        mine = self._votes_of(rnd.id, person.id)
        # A dot carried onto a cluster (its note grouped since) counts against the rules there.
        rules.check_add_vote(self._rules(rnd), self._placed(mine), item, person.name, short(label))
        existing = next((v for v, _ in mine if self._ref(v) == item), None)
        with self.store.change(f"dot from {short(person.name, 20)} on '{short(label)}'") as s:
            if existing is not None:
                existing.count += 1
            else:
                s.add(
                    Vote(
                        round_id=rnd.id,
                        participant_id=person.id,
                        count=1,
                        idea_id=item.id if item.kind == "idea" else None,
                        cluster_id=item.id if item.kind == "cluster" else None,
                    )
                )

    def remove(self, round_id: int, participant_id: int, item: rules.ItemRef) -> None:
        """Take one of a person's dots off an item."""
        rnd = self.get(VotingRound, round_id)
        person = self.get(Participant, participant_id)
        if not rnd.is_open:
            raise VoteRefusedError(f"'{rnd.title}' is closed. Reopen the vote to change dots.")
        column = Vote.idea_id if item.kind == "idea" else Vote.cluster_id
        existing = self.session.scalars(
            select(Vote).where(Vote.round_id == rnd.id, Vote.participant_id == person.id, column == item.id)
        ).first()
        if existing is None and item.kind == "cluster":  # a dot carried here from a note grouped since
            existing = self.session.scalars(
                select(Vote)
                .join(Idea, Vote.idea_id == Idea.id)
                .where(Vote.round_id == rnd.id, Vote.participant_id == person.id, Idea.cluster_id == item.id)
                .order_by(Vote.id.desc())
            ).first()
        label = short(self.board.item_label(item))
        if existing is None:
            raise VoteRefusedError(f"{person.name} has no dot on '{label}' to remove.")
        with self.store.change(f"remove dot of {short(person.name, 20)} from '{label}'") as s:
            if existing.count > 1:
                existing.count -= 1
            else:
                s.delete(existing)

    # --- results ----------------------------------------------------------

    def tally(self, round_id: int) -> rules.Tally:
        rnd = self.get(VotingRound, round_id)
        return self._tally(rnd, self._round_votes(round_id))

    def _round_votes(self, round_id: int) -> list[Vote]:
        return list(self.session.scalars(select(Vote).where(Vote.round_id == round_id).order_by(Vote.id)))

    def _tally(
        self, rnd: VotingRound, votes: list[Vote], board: tuple[list[Idea], list[Cluster]] | None = None
    ) -> rules.Tally:
        # The topic's notes and clusters read once, for both the eligible items and the moves.
        ideas, clusters = board or (self.board.ideas(rnd.topic_id), self.board.clusters(rnd.topic_id))
        idea_cluster = {i.id: i.cluster_id for i in ideas if i.cluster_id is not None}
        cast = [rules.CastVote(v.participant_id, self._ref(v), v.count) for v in votes]
        return rules.tally(cast, eligible_refs(clusters, ideas), idea_cluster)

    def results(self, round_id: int) -> RoundResults:
        """The round's ranked results (shared: read them, do not change them)."""
        known = self._known_results().by_round
        if round_id in known:
            return known[round_id]
        rnd = self.get(VotingRound, round_id)
        # Kept here: the session holds loaded objects weakly, so a label read after the tally
        # would load each note and cluster again, one query each.
        ideas, clusters = self.board.ideas(rnd.topic_id), self.board.clusters(rnd.topic_id)
        res = self._round_results(rnd, self._round_votes(round_id), ideas, clusters, self._people())
        known[round_id] = res
        return res

    def results_by_round(self) -> list[tuple[VotingRound, RoundResults]]:
        """Every round with its results, in ``rounds()`` order: what ``results`` gives for each,
        read in seven queries however many rounds there are (the summary, the rocks and the
        exports show them all), and in one while the results stand (see ``_known_results``)."""
        known = self._known_results()
        rounds = self.rounds()
        if known.every_round:
            return [(r, known.by_round[r.id]) for r in rounds]
        if not rounds:
            return []
        topic_ids = {r.topic_id for r in rounds}
        topics = {t.id: t for t in self.session.scalars(select(Topic).where(Topic.id.in_(topic_ids)))}
        votes: dict[int, list[Vote]] = {r.id: [] for r in rounds}
        for v in self.session.scalars(select(Vote).where(Vote.round_id.in_(list(votes))).order_by(Vote.id)):
            votes[v.round_id].append(v)
        ideas: dict[int, list[Idea]] = {t: [] for t in topic_ids}
        for i in self.session.scalars(
            select(Idea).where(Idea.topic_id.in_(topic_ids)).order_by(Idea.position, Idea.id)
        ):
            ideas[i.topic_id].append(i)
        clusters: dict[int, list[Cluster]] = {t: [] for t in topic_ids}
        for c in self.session.scalars(
            select(Cluster).where(Cluster.topic_id.in_(topic_ids)).order_by(Cluster.position, Cluster.id)
        ):
            clusters[c.topic_id].append(c)
        people = self._people()
        results = [
            (r, self._round_results(r, votes[r.id], ideas[r.topic_id], clusters[r.topic_id], people))
            for r in rounds
        ]
        del topics  # (held until here so that each round's topic title is not read again)
        known.by_round.update((r.id, res) for r, res in results)
        known.every_round = True
        return results

    def _round_results(
        self,
        rnd: VotingRound,
        votes: list[Vote],
        ideas: list[Idea],
        clusters: list[Cluster],
        people: list[Participant],
    ) -> RoundResults:
        t = self._tally(rnd, votes, (ideas, clusters))
        note_of = {i.id: i for i in ideas}
        cluster_of = {c.id: c for c in clusters}
        labels = {rules.ItemRef("idea", i.id): i.text for i in ideas} | {
            rules.ItemRef("cluster", c.id): c.title for c in clusters
        }
        names = {p.id: p.name for p in people}
        items = [
            RankedItem(
                item=row.item,
                label=labels[row.item] if row.item in labels else self.board.item_label(row.item),
                total=row.total,
                rank=row.rank,
                tied=row.tied,
                voters={names.get(pid, "?"): n for pid, n in row.voters.items()},
            )
            for row in t.rows
        ]
        notes: list[str] = []
        for c in t.carried:
            idea = note_of.get(c.idea_id) or self.session.get(Idea, c.idea_id)
            cluster = cluster_of.get(c.cluster_id) or self.session.get(Cluster, c.cluster_id)
            notes.append(
                f"{c.count} dot(s) placed on '{short(idea.text if idea else '?')}' count for cluster "
                f"'{short(cluster.title if cluster else '?')}', which the note was moved into."
            )
        for d in t.dropped:
            notes.append(
                f"{d.count} dot(s) by {names.get(d.participant_id, '?')} are on a note that is no longer "
                "on the board; they are not counted."
            )
        voters = [p for p in people if p.side != Side.FACILITATION]  # as voters(), without reading again
        spent: dict[int, int] = {}
        for v in votes:
            spent[v.participant_id] = spent.get(v.participant_id, 0) + v.count
        done = sum(1 for p in voters if spent.get(p.id, 0) >= rnd.votes_per_person)
        started = sum(1 for p in voters if spent.get(p.id, 0) > 0)
        return RoundResults(
            round_id=rnd.id,
            topic_title=rnd.topic.title,
            revealed=rnd.revealed,
            items=items,
            total_dots=t.total_dots,
            notes=notes,
            voters_done=done,
            voters_total=len(voters),
            voters_started=started,
        )
