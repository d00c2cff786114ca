"""Unit tests for workshop_app.rules.voting."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_app.errors import InvalidInputError, VoteRefusedError
from workshop_app.rules.voting import (
    MAX_BUDGET,
    MIN_BUDGET,
    CarriedVotes,
    CastVote,
    ItemRef,
    VoteRules,
    check_add_vote,
    default_budget,
    effective_item_cap,
    ineligibility_reason,
    remaining_votes,
    tally,
    validate_rules,
)

C1 = ItemRef("cluster", 1)
C2 = ItemRef("cluster", 2)
I10 = ItemRef("idea", 10)
I11 = ItemRef("idea", 11)
I12 = ItemRef("idea", 12)


# --- default_budget ---------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "allow_multiple", "expected"),
    [
        (0, True, 4),
        (0, False, 4),
        (-3, True, 4),
        (1, True, 4),
        (1, False, 1),
        (2, False, 2),
        (3, False, 3),
        (4, False, 4),
        (5, False, 4),
        (12, True, 4),
        (13, True, 5),
        (15, True, 5),
        (16, True, 6),
        (18, True, 6),
        (19, True, 7),
        (21, True, 7),
        (100, True, 7),
        (100, False, 7),
        (19, False, 7),
        (6, False, 4),
    ],
)
def test_default_budget_table(n: int, allow_multiple: bool, expected: int) -> None:
    assert default_budget(n, allow_multiple) == expected


@given(st.integers(min_value=1, max_value=10_000), st.booleans())
def test_default_budget_bounds(n: int, allow_multiple: bool) -> None:
    budget = default_budget(n, allow_multiple)
    assert 1 <= budget <= MAX_BUDGET
    if allow_multiple:
        assert budget >= MIN_BUDGET
    else:
        assert budget <= n
        assert budget == min(default_budget(n, True), n)


def test_default_budget_is_monotonic() -> None:
    for allow in (True, False):
        budgets = [default_budget(n, allow) for n in range(1, 60)]
        assert budgets == sorted(budgets)


# --- validate_rules ---------------------------------------------------------


@pytest.mark.parametrize(
    "rules",
    [
        VoteRules(1, False, None),
        VoteRules(99, True, None),
        VoteRules(5, True, 1),
        VoteRules(5, True, 5),
        VoteRules(5, False, 3),
    ],
)
def test_validate_rules_accepts(rules: VoteRules) -> None:
    validate_rules(rules)


@pytest.mark.parametrize(
    ("rules", "fragment"),
    [
        (VoteRules(0, True, None), "Dots per person must be between 1 and 99"),
        (VoteRules(-1, True, None), "(it is -1)"),
        (VoteRules(100, True, None), "(it is 100)"),
        (VoteRules(5, True, 0), "between 1 and 5"),
        (VoteRules(5, True, 6), "(it is 6): change the limit"),
        (VoteRules(5, True, -2), "(it is -2)"),
    ],
)
def test_validate_rules_refuses(rules: VoteRules, fragment: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        validate_rules(rules)
    assert fragment in str(info.value)


# --- remaining / check_add_vote ---------------------------------------------


def test_remaining_votes_counts_all_items() -> None:
    rules = VoteRules(5, True, None)
    assert remaining_votes(rules, {}) == 5
    assert remaining_votes(rules, {C1: 2, I10: 1}) == 2
    assert remaining_votes(rules, {C1: 5}) == 0
    assert remaining_votes(rules, {C1: 9}) == 0
    assert remaining_votes(rules, {C1: -3, I10: 1}) == 4


def test_effective_item_cap() -> None:
    assert effective_item_cap(VoteRules(5, False, None)) == 1
    assert effective_item_cap(VoteRules(5, False, 3)) == 1
    assert effective_item_cap(VoteRules(5, True, None)) is None
    assert effective_item_cap(VoteRules(5, True, 2)) == 2


def test_check_add_vote_allows_when_dots_left() -> None:
    check_add_vote(VoteRules(5, False, None), {C1: 1}, I10, "Ana", "Idea")
    check_add_vote(VoteRules(5, True, None), {C1: 4}, C1, "Ana", "Idea")
    check_add_vote(VoteRules(5, True, 3), {C1: 2}, C1, "Ana", "Idea")


def test_check_add_vote_refuses_when_budget_spent() -> None:
    rules = VoteRules(5, True, None)
    with pytest.raises(VoteRefusedError) as info:
        check_add_vote(rules, {C1: 3, I10: 2}, I11, "Ana", "Shelf")
    assert str(info.value) == (
        "Ana has used all 5 dots. Remove one of Ana's dots first to move it to 'Shelf'."
    )


def test_check_add_vote_budget_message_singular() -> None:
    with pytest.raises(VoteRefusedError, match=r"^Bo has used all 1 dot\. "):
        check_add_vote(VoteRules(1, False, None), {C1: 1}, C2, "Bo", "X")


def test_check_add_vote_budget_checked_before_single_dot_rule() -> None:
    with pytest.raises(VoteRefusedError, match="has used all 2 dots"):
        check_add_vote(VoteRules(2, False, None), {C1: 1, C2: 1}, C1, "Ana", "X")


def test_check_add_vote_refuses_second_dot_when_single_only() -> None:
    with pytest.raises(VoteRefusedError) as info:
        check_add_vote(VoteRules(5, False, None), {C1: 1}, C1, "Ana", "Supply chain")
    message = str(info.value)
    assert message.startswith("Ana already has a dot on 'Supply chain'")
    assert "one dot per item" in message


def test_check_add_vote_single_only_ignores_cap() -> None:
    with pytest.raises(VoteRefusedError, match="one dot per item"):
        check_add_vote(VoteRules(5, False, 3), {C1: 1}, C1, "Ana", "X")


def test_check_add_vote_refuses_at_cap() -> None:
    with pytest.raises(VoteRefusedError) as info:
        check_add_vote(VoteRules(7, True, 2), {C1: 2}, C1, "Ana", "Promo calendar")
    assert str(info.value) == (
        "Ana already has 2 dots on 'Promo calendar', the most one person may put on "
        "one item in this round. Put the dot on another item."
    )


def test_check_add_vote_cap_only_applies_to_that_item() -> None:
    check_add_vote(VoteRules(7, True, 2), {C1: 2}, C2, "Ana", "X")


@given(
    budget=st.integers(1, 12),
    allow=st.booleans(),
    cap=st.one_of(st.none(), st.integers(1, 12)),
    sequence=st.lists(st.sampled_from([C1, C2, I10, I11]), max_size=40),
)
def test_check_add_vote_never_lets_rules_be_broken(
    budget: int, allow: bool, cap: int | None, sequence: list[ItemRef]
) -> None:
    if cap is not None and cap > budget:
        cap = budget
    rules = VoteRules(budget, allow, cap)
    votes: dict[ItemRef, int] = {}
    for item in sequence:
        try:
            check_add_vote(rules, votes, item, "P", "L")
        except VoteRefusedError:
            continue
        votes[item] = votes.get(item, 0) + 1
    assert sum(votes.values()) <= budget
    limit = effective_item_cap(rules)
    if limit is not None:
        assert all(v <= limit for v in votes.values())
    assert remaining_votes(rules, votes) == budget - sum(votes.values())


# --- tally ------------------------------------------------------------------


def test_tally_counts_and_ranks_with_competition_ranking() -> None:
    votes = [
        CastVote(1, C1, 3),
        CastVote(2, C1, 1),
        CastVote(1, C2, 2),
        CastVote(3, I10, 2),
        CastVote(3, I11, 1),
    ]
    result = tally(votes, [C2, C1, I10, I11, I12], {})
    assert [(r.item, r.total, r.rank, r.tied) for r in result.rows] == [
        (C1, 4, 1, False),
        (C2, 2, 2, True),
        (I10, 2, 2, True),
        (I11, 1, 4, False),
        (I12, 0, 5, False),
    ]
    assert result.rows[0].voters == {1: 3, 2: 1}
    assert result.rows[4].voters == {}
    assert result.total_dots == 9
    assert result.carried == []
    assert result.dropped == []


def test_tally_zero_items_tie_at_the_bottom() -> None:
    result = tally([CastVote(1, I10, 1)], [C1, I10, C2, I11], {})
    assert [(r.item, r.rank, r.tied) for r in result.rows] == [
        (I10, 1, False),
        (C1, 2, True),
        (C2, 2, True),
        (I11, 2, True),
    ]


def test_tally_all_zero() -> None:
    result = tally([], [C1, C2], {})
    assert [(r.rank, r.tied, r.total) for r in result.rows] == [(1, True, 0), (1, True, 0)]
    assert result.total_dots == 0


def test_tally_single_item_not_tied() -> None:
    result = tally([], [C1], {})
    assert result.rows[0].rank == 1
    assert result.rows[0].tied is False


def test_tally_empty() -> None:
    result = tally([], [], {})
    assert result.rows == []
    assert result.total_dots == 0


def test_tally_carries_votes_on_clustered_ideas() -> None:
    votes = [
        CastVote(1, I10, 2),
        CastVote(2, I10, 1),
        CastVote(2, I11, 1),
        CastVote(1, C1, 1),
    ]
    result = tally(votes, [C1, I12], {10: 1, 11: 1})
    row = result.rows[0]
    assert row.item == C1
    assert row.total == 5
    assert row.voters == {1: 3, 2: 2}
    assert result.carried == [CarriedVotes(10, 1, 3), CarriedVotes(11, 1, 1)]
    assert result.dropped == []
    assert result.total_dots == 5


def test_tally_drops_votes_that_cannot_be_carried() -> None:
    gone_cluster = CastVote(1, I10, 1)  # idea in cluster 9, which is not eligible
    deleted_idea = CastVote(2, I12, 2)  # idea not on the board at all
    deleted_cluster = CastVote(3, C2, 1)
    result = tally([gone_cluster, deleted_idea, deleted_cluster, CastVote(1, C1, 1)], [C1], {10: 9})
    assert result.dropped == [gone_cluster, deleted_idea, deleted_cluster]
    assert result.carried == []
    assert result.total_dots == 1
    assert result.rows[0].total == 1


def test_tally_eligible_idea_is_not_carried_even_if_mapped() -> None:
    result = tally([CastVote(1, I10, 1)], [C1, I10], {10: 1})
    assert result.carried == []
    assert {r.item: r.total for r in result.rows} == {C1: 0, I10: 1}


def test_tally_cluster_id_equal_to_idea_id_is_not_confused() -> None:
    # A vote on cluster 10 must not be carried through idea_cluster (which is keyed by idea id).
    result = tally([CastVote(1, ItemRef("cluster", 10), 1)], [C1], {10: 1})
    assert result.dropped == [CastVote(1, ItemRef("cluster", 10), 1)]
    assert result.carried == []


def test_tally_sums_repeated_votes_and_ignores_zero() -> None:
    result = tally([CastVote(1, C1, 1), CastVote(1, C1, 2), CastVote(2, C1, 0)], [C1], {})
    assert result.rows[0].voters == {1: 3}
    assert result.rows[0].total == 3


def test_tally_ignores_duplicate_eligible_entries() -> None:
    result = tally([CastVote(1, C1, 1)], [C1, C2, C1], {})
    assert [r.item for r in result.rows] == [C1, C2]


def test_tally_refuses_negative_count() -> None:
    with pytest.raises(ValueError, match="negative"):
        tally([CastVote(1, C1, -1)], [C1], {})


def test_tally_voters_are_copies() -> None:
    result = tally([CastVote(1, C1, 1)], [C1], {})
    result.rows[0].voters[5] = 9
    again = tally([CastVote(1, C1, 1)], [C1], {})
    assert again.rows[0].voters == {1: 1}


ITEMS = [C1, C2, I10, I11, I12, ItemRef("idea", 13), ItemRef("cluster", 3)]
vote_strategy = st.builds(
    CastVote,
    participant_id=st.integers(1, 6),
    item=st.sampled_from(ITEMS),
    count=st.integers(0, 5),
)


@given(
    votes=st.lists(vote_strategy, max_size=40),
    eligible=st.lists(st.sampled_from(ITEMS), unique=True),
    idea_cluster=st.dictionaries(st.sampled_from([10, 11, 12, 13]), st.integers(1, 3)),
)
def test_tally_conserves_dots(
    votes: list[CastVote], eligible: list[ItemRef], idea_cluster: dict[int, int]
) -> None:
    result = tally(votes, eligible, idea_cluster)
    cast = sum(v.count for v in votes)
    dropped = sum(v.count for v in result.dropped)
    assert result.total_dots + dropped == cast
    assert result.total_dots == sum(r.total for r in result.rows)
    assert sorted(r.item for r in result.rows) == sorted(eligible)
    for row in result.rows:
        assert row.total == sum(row.voters.values())
    totals = [r.total for r in result.rows]
    assert totals == sorted(totals, reverse=True)
    for row in result.rows:
        higher = sum(1 for other in result.rows if other.total > row.total)
        same = sum(1 for other in result.rows if other.total == row.total)
        assert row.rank == higher + 1
        assert row.tied == (same > 1)
    # carried dots land on eligible clusters
    eligible_set = set(eligible)
    for c in result.carried:
        assert ItemRef("cluster", c.cluster_id) in eligible_set
        assert ItemRef("idea", c.idea_id) not in eligible_set


# --- ineligibility_reason ---------------------------------------------------


def test_ineligibility_reason_none_when_eligible() -> None:
    assert ineligibility_reason(I10, {I10, C1}, {}, {}, "X") is None


def test_ineligibility_reason_points_to_cluster() -> None:
    message = ineligibility_reason(I10, [C1], {10: 1}, {1: "Supply chain"}, "Faster shelf replenishment")
    assert message == (
        "'Faster shelf replenishment' is now part of cluster 'Supply chain': "
        "put the dot on the cluster instead."
    )


def test_ineligibility_reason_untitled_cluster() -> None:
    message = ineligibility_reason(I10, [C1], {10: 1}, {1: "  "}, "X")
    assert message is not None
    assert "cluster 'untitled'" in message


@pytest.mark.parametrize(
    ("item", "idea_cluster"),
    [
        (I10, {}),  # deleted idea
        (I10, {10: 9}),  # idea in a cluster that is not eligible
        (C2, {}),  # deleted cluster
        (ItemRef("cluster", 10), {10: 1}),  # cluster id must not be read as an idea id
    ],
)
def test_ineligibility_reason_no_longer_on_board(item: ItemRef, idea_cluster: dict[int, int]) -> None:
    assert ineligibility_reason(item, [C1], idea_cluster, {1: "S", 9: "Gone"}, "X") == (
        "'X' is no longer on the board (it was deleted or undone)."
    )


def test_item_ref_orders_by_kind_then_id() -> None:
    assert sorted([I10, C2, C1]) == [C1, C2, I10]
