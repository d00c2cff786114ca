"""Dot voting: budgets, whether a dot may be placed, and the tally.

A vote round is held on one topic.  Its eligible items are the clusters and the
ideas that are not in a cluster.  Each person has a budget of dots; depending on
the round's rules they may put several dots on one item, up to a cap.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from workshop_app.errors import InvalidInputError, VoteRefusedError

MIN_BUDGET = 4
MAX_BUDGET = 7
MAX_VOTES_PER_PERSON = 99


@dataclass(frozen=True, order=True)
class ItemRef:
    """A vote-eligible item of a topic: a cluster or a stand-alone idea."""

    kind: Literal["cluster", "idea"]
    id: int


@dataclass(frozen=True)
class VoteRules:
    """The rules of one vote round.

    ``allow_multiple``: a person may put several dots on one item.
    ``per_item_cap``: the most dots one person may put on one item; only used
    with ``allow_multiple`` (otherwise the cap is 1).  ``None`` = no cap.
    """

    votes_per_person: int
    allow_multiple: bool
    per_item_cap: int | None


def default_budget(n_eligible: int, allow_multiple: bool) -> int:
    """Dots per person suggested for a round with ``n_eligible`` items.

    Formula: ``budget = clamp(ceil(n_eligible / 3), MIN_BUDGET, MAX_BUDGET)``
    with ``MIN_BUDGET = 4`` and ``MAX_BUDGET = 7`` (roughly one dot for every
    three items, so the dots have to be spent on priorities).

    When several dots on one item are *not* allowed, nobody could spend more
    dots than there are items, so ``budget = min(budget, n_eligible)`` (never
    below 1).  With no eligible items (``n_eligible <= 0``) the result is
    ``MIN_BUDGET``: the round cannot start anyway, and the setting is kept sane.
    """
    if n_eligible <= 0:
        return MIN_BUDGET
    budget = min(max(math.ceil(n_eligible / 3), MIN_BUDGET), MAX_BUDGET)
    if not allow_multiple:
        budget = max(min(budget, n_eligible), 1)
    return budget


def validate_rules(rules: VoteRules) -> None:
    """Refuse rules that cannot be used.

    ``votes_per_person`` must be 1..99; ``per_item_cap`` must be ``None`` or
    1..``votes_per_person``.

    Raises:
        InvalidInputError: the message says which setting to change.
    """
    if not 1 <= rules.votes_per_person <= MAX_VOTES_PER_PERSON:
        raise InvalidInputError(
            f"Dots per person must be between 1 and {MAX_VOTES_PER_PERSON} "
            f"(it is {rules.votes_per_person}): change the number of dots."
        )
    cap = rules.per_item_cap
    if cap is not None and not 1 <= cap <= rules.votes_per_person:
        raise InvalidInputError(
            f"The most dots one person may put on one item must be between 1 and "
            f"{rules.votes_per_person} (the dots per person), or no limit "
            f"(it is {cap}): change the limit."
        )


def _dots(n: int) -> str:
    return "1 dot" if n == 1 else f"{n} dots"


def remaining_votes(rules: VoteRules, person_votes: Mapping[ItemRef, int]) -> int:
    """Dots a person still has: ``votes_per_person - sum(person_votes)``, never below 0.

    ``person_votes`` is that person's dot count per item in this round; counts
    below 0 are treated as 0.
    """
    used = sum(max(count, 0) for count in person_votes.values())
    return max(rules.votes_per_person - used, 0)


def effective_item_cap(rules: VoteRules) -> int | None:
    """The most dots one person may put on one item: 1 without ``allow_multiple``,
    otherwise ``per_item_cap`` (``None`` = only the budget limits it)."""
    if not rules.allow_multiple:
        return 1
    return rules.per_item_cap


def check_add_vote(
    rules: VoteRules,
    person_votes: Mapping[ItemRef, int],
    item: ItemRef,
    person_name: str,
    item_label: str,
) -> None:
    """Refuse one more dot by ``person_name`` on ``item`` when the rules forbid it.

    Checked in this order (the first that applies is reported):

    1. the person has no dots left (:func:`remaining_votes` is 0);
    2. several dots on one item are not allowed and the person already has a dot on it;
    3. the per-item cap is reached: ``person_votes[item] >= per_item_cap``.

    Raises:
        VoteRefusedError: the message names the person and the item and says what to do.
    """
    on_item = max(person_votes.get(item, 0), 0)
    if remaining_votes(rules, person_votes) <= 0:
        raise VoteRefusedError(
            f"{person_name} has used all {_dots(rules.votes_per_person)}. "
            f"Remove one of {person_name}'s dots first to move it to '{item_label}'."
        )
    cap = effective_item_cap(rules)
    if cap is None or on_item < cap:
        return
    if not rules.allow_multiple:
        raise VoteRefusedError(
            f"{person_name} already has a dot on '{item_label}', and this round allows "
            "one dot per item. Put the dot on another item."
        )
    raise VoteRefusedError(
        f"{person_name} already has {_dots(on_item)} on '{item_label}', the most one person "
        "may put on one item in this round. Put the dot on another item."
    )


# --- tally -------------------------------------------------------------------


@dataclass(frozen=True)
class CastVote:
    """Dots one participant placed on one item (as stored, before carrying)."""

    participant_id: int
    item: ItemRef
    count: int


@dataclass(frozen=True)
class CarriedVotes:
    """Dots placed on an idea that was later moved into a cluster, counted for the cluster."""

    idea_id: int
    cluster_id: int
    count: int


@dataclass(frozen=True)
class TallyRow:
    """One eligible item's result.

    ``rank`` is competition ranking (1, 2, 2, 4); ``tied`` is true when another
    item has the same total; ``voters`` maps participant id -> dots, after carrying.
    """

    item: ItemRef
    total: int
    rank: int
    tied: bool
    voters: dict[int, int]


@dataclass(frozen=True)
class Tally:
    """The result of a round.

    ``rows``: every eligible item, including those with 0 dots, sorted by total
    descending, then by the order of ``eligible``.
    ``carried``: dots moved from an idea to its cluster, one entry per idea.
    ``dropped``: dots on items neither eligible nor carryable; reported, not counted.
    ``total_dots``: the dots counted in ``rows``.
    """

    rows: list[TallyRow]
    carried: list[CarriedVotes]
    dropped: list[CastVote]
    total_dots: int


def tally(
    votes: Iterable[CastVote],
    eligible: Sequence[ItemRef],
    idea_cluster: Mapping[int, int],
) -> Tally:
    """Count the dots of a round.

    ``eligible`` is the items open for voting, in display order (duplicates are
    ignored after the first).  ``idea_cluster`` maps idea id -> cluster id for
    ideas that are in a cluster now.

    Each vote is routed as follows:

    - on an eligible item: counted for it;
    - on an idea that is not eligible but is now in cluster *c*, and cluster *c*
      is eligible: counted for *c* and reported in ``carried`` (summed per idea,
      in order of first appearance);
    - otherwise: reported in ``dropped`` and not counted.

    Votes with ``count == 0`` are ignored.  Several votes by one participant on
    one item add up.

    Ranking: rows are sorted by ``total`` descending, ties kept in ``eligible``
    order.  ``rank = 1 + (number of items with a strictly greater total)``
    (competition ranking: 1, 2, 2, 4).  Items with 0 dots rank too and tie with
    each other.  ``tied`` = some other item has the same total.

    Raises:
        ValueError: a vote has a negative count (a bug in the caller).
    """
    order: dict[ItemRef, int] = {}
    for ref in eligible:
        order.setdefault(ref, len(order))
    voters: dict[ItemRef, dict[int, int]] = {ref: {} for ref in order}
    carried: dict[tuple[int, int], int] = {}
    dropped: list[CastVote] = []

    for vote in votes:
        if vote.count < 0:
            raise ValueError(f"A vote cannot have a negative count: {vote!r}")
        if vote.count == 0:
            continue
        target = vote.item
        if target not in order:
            cluster_id = idea_cluster.get(target.id) if target.kind == "idea" else None
            cluster = ItemRef("cluster", cluster_id) if cluster_id is not None else None
            if cluster is None or cluster not in order:
                dropped.append(vote)
                continue
            key = (target.id, cluster.id)
            carried[key] = carried.get(key, 0) + vote.count
            target = cluster
        per_person = voters[target]
        per_person[vote.participant_id] = per_person.get(vote.participant_id, 0) + vote.count

    totals = {ref: sum(v.values()) for ref, v in voters.items()}
    ranked = sorted(order, key=lambda ref: (-totals[ref], order[ref]))
    how_many: dict[int, int] = {}
    for total in totals.values():
        how_many[total] = how_many.get(total, 0) + 1
    rows: list[TallyRow] = []
    for position, ref in enumerate(ranked):
        total = totals[ref]
        first = position
        while first > 0 and totals[ranked[first - 1]] == total:
            first -= 1
        rows.append(
            TallyRow(
                item=ref,
                total=total,
                rank=first + 1,
                tied=how_many[total] > 1,
                voters=dict(voters[ref]),
            )
        )
    return Tally(
        rows=rows,
        carried=[CarriedVotes(i, c, n) for (i, c), n in carried.items()],
        dropped=dropped,
        total_dots=sum(totals.values()),
    )


def ineligibility_reason(
    item: ItemRef,
    eligible: Collection[ItemRef],
    idea_cluster: Mapping[int, int],
    cluster_titles: Mapping[int, str],
    item_label: str,
) -> str | None:
    """Why a dot cannot go on ``item``, as a message for the user; ``None`` if it can.

    - eligible: ``None``;
    - an idea now in an eligible cluster: it is part of that cluster, vote for the
      cluster instead;
    - an idea in a cluster that is not eligible (e.g. the cluster was deleted):
      it is no longer on the board, like anything else not eligible.

    ``cluster_titles`` maps cluster id -> title; a missing title is shown as
    "untitled".
    """
    if item in eligible:
        return None
    if item.kind == "idea" and item.id in idea_cluster:
        cluster_id = idea_cluster[item.id]
        if ItemRef("cluster", cluster_id) in eligible:
            title = cluster_titles.get(cluster_id, "").strip() or "untitled"
            return f"'{item_label}' is now part of cluster '{title}': put the dot on the cluster instead."
    return f"'{item_label}' is no longer on the board (it was deleted or undone)."
