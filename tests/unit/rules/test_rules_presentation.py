"""Unit tests for workshop_app.rules.presentation."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from workshop_app.rules.presentation import Presenter, presentation_order


def p(pid: int, name: str, rank: int, leader: bool = False, side: str = "supplier") -> Presenter:
    return Presenter(id=pid, name=name, experience_rank=rank, is_leader=leader, side=side)


def test_least_experienced_first_leaders_last() -> None:
    people = [
        p(1, "Dana", 5, leader=True),
        p(2, "Eli", 1),
        p(3, "Fay", 3, side="customer"),
        p(4, "Gus", 2, leader=True, side="customer"),
        p(5, "Hal", 9),
    ]
    assert presentation_order(people) == [2, 3, 5, 4, 1]


def test_facilitation_excluded() -> None:
    people = [
        p(1, "Ann", 1, side="facilitation"),
        p(2, "Ben", 2),
        p(3, "Cy", 0, side=" Facilitation "),
    ]
    assert presentation_order(people) == [2]


def test_ties_broken_by_casefolded_name_then_id() -> None:
    people = [
        p(4, "bob", 1),
        p(3, "Bob", 1),
        p(2, "alice", 1),
        p(1, "Ćarl", 1),
        p(6, "Straße", 1),
        p(5, "strasse", 1),
    ]
    # casefold makes "Straße" == "strasse" (a plain sort would put "S" first),
    # so 5 and 6 tie on name and go by id; "ć" sorts after the ASCII letters.
    assert presentation_order(people) == [2, 3, 4, 5, 6, 1]


def test_empty_and_generator_input() -> None:
    assert presentation_order([]) == []
    assert presentation_order(x for x in [p(1, "A", 1), p(2, "B", 0)]) == [2, 1]


presenter_strategy = st.builds(
    Presenter,
    id=st.integers(1, 1000),
    name=st.text(max_size=6),
    experience_rank=st.integers(0, 5),
    is_leader=st.booleans(),
    side=st.sampled_from(["supplier", "customer", "facilitation"]),
)


@given(st.lists(presenter_strategy, max_size=12, unique_by=lambda x: x.id))
def test_order_properties(people: list[Presenter]) -> None:
    order = presentation_order(people)
    by_id = {x.id: x for x in people}
    assert sorted(order) == sorted(x.id for x in people if x.side != "facilitation")
    leaders_seen = False
    for a, b in itertools.pairwise(order):
        pa, pb = by_id[a], by_id[b]
        if pa.is_leader:
            leaders_seen = True
        if leaders_seen:
            assert pb.is_leader
        if pa.is_leader == pb.is_leader:
            assert (pa.experience_rank, pa.name.casefold(), pa.id) <= (
                pb.experience_rank,
                pb.name.casefold(),
                pb.id,
            )
    assert presentation_order(reversed(people)) == order
