"""Unit tests for workshop_app.rules.interest."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_app.errors import InvalidInputError
from workshop_app.rules.interest import (
    LEVELS,
    interest_summary,
    suggested_owners,
    validate_level,
)

MESSAGE = "Interest level must be 0 (not involved) to 3 (want to own)."


def test_levels_labels() -> None:
    assert LEVELS == {0: "not involved", 1: "small part", 2: "contribute", 3: "want to own"}


@pytest.mark.parametrize("level", [0, 1, 2, 3])
def test_validate_level_accepts(level: int) -> None:
    validate_level(level)


@pytest.mark.parametrize("level", [-1, 4, 99, True])
def test_validate_level_refuses(level: int) -> None:
    with pytest.raises(InvalidInputError) as info:
        validate_level(level)
    assert str(info.value) == MESSAGE


def test_suggested_owners_highest_level_ascending_ids() -> None:
    assert suggested_owners({7: 2, 3: 3, 5: 1, 1: 3}) == [1, 3]
    assert suggested_owners({4: 2, 2: 1, 9: 2}) == [4, 9]
    assert suggested_owners({4: 1}) == [4]


def test_suggested_owners_empty_when_nobody_above_zero() -> None:
    assert suggested_owners({}) == []
    assert suggested_owners({1: 0, 2: 0}) == []


def test_suggested_owners_refuses_bad_level() -> None:
    with pytest.raises(InvalidInputError, match="Interest level"):
        suggested_owners({1: 3, 2: 5})


def test_interest_summary() -> None:
    assert interest_summary({}) == {0: 0, 1: 0, 2: 0, 3: 0}
    assert interest_summary({1: 3, 2: 3, 3: 0, 4: 1}) == {0: 1, 1: 1, 2: 0, 3: 2}
    with pytest.raises(InvalidInputError):
        interest_summary({1: -1})


@given(st.dictionaries(st.integers(1, 50), st.integers(0, 3)))
def test_interest_properties(levels: dict[int, int]) -> None:
    summary = interest_summary(levels)
    assert list(summary) == [0, 1, 2, 3]
    assert sum(summary.values()) == len(levels)
    owners = suggested_owners(levels)
    assert owners == sorted(owners)
    if owners:
        top = levels[owners[0]]
        assert top > 0
        assert all(levels[o] == top for o in owners)
        assert summary[top] == len(owners)
        assert all(v <= top for v in levels.values())
    else:
        assert all(v == 0 for v in levels.values())
