"""Unit tests for workshop_app.rules.rocks."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_app.errors import RockLimitError
from workshop_app.rules.rocks import (
    MAX_ROCKS,
    RockFacts,
    check_can_add_rock,
    parse_metric_value,
    smart_check,
)

# --- rock limit ---------------------------------------------------------------


@pytest.mark.parametrize("existing", [0, 1, 6])
def test_can_add_below_limit(existing: int) -> None:
    check_can_add_rock(existing)


def test_eighth_rock_refused() -> None:
    assert MAX_ROCKS == 7
    with pytest.raises(RockLimitError) as info:
        check_can_add_rock(7)
    assert str(info.value) == (
        "There are already 7 rocks. Focus means at most 7: drop or merge one, "
        "or add this one with the override."
    )


def test_ninth_rock_message_counts_existing() -> None:
    with pytest.raises(RockLimitError, match=r"^There are already 8 rocks"):
        check_can_add_rock(8)


@pytest.mark.parametrize("existing", [7, 8, 20])
def test_override_allows_more(existing: int) -> None:
    check_can_add_rock(existing, override=True)


# --- parse_metric_value -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", "12"),
        ("-3.5", "-3.5"),
        ("+4", "4"),
        ("1,250", "1250"),
        ("1,250,000.75", "1250000.75"),
        ("12.5%", "12.5"),
        ("12.5 %", "12.5"),
        ("£2.3m", "2300000"),
        ("$4k", "4000"),
        ("$4K", "4000"),
        ("€ 1.2 bn", "1200000000"),
        ("1.2BN", "1200000000"),
        (" 40 ", "40"),
        ("0", "0"),
        (".5", "0.5"),
        ("12.", "12"),
        ("-£2m", "-2000000"),
        ("£-2m", "-2000000"),
        ("\u22125", "-5"),
        ("¥300", "300"),
        ("\t7\n", "7"),
    ],
)
def test_parse_metric_value_accepts(text: str, expected: str) -> None:
    assert parse_metric_value(text) == Decimal(expected)


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "n/a",
        "tbd",
        "NaN",
        "nan",
        "Infinity",
        "-inf",
        "1e5",
        "1,5",
        "12,50",
        "1,2345",
        "--5",
        "-£-5",
        "5k%",
        "12 apples",
        "£",
        "k",
        "1.2.3",
        "5 m m",
        "0x10",
        "½",
    ],
)
def test_parse_metric_value_rejects(text: str | None) -> None:
    assert parse_metric_value(text) is None


@given(st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9))
def test_parse_metric_value_round_trips_plain_decimals(value: Decimal) -> None:
    assert parse_metric_value(f"{value:f}") == value


@given(st.integers(min_value=0, max_value=10**12))
def test_parse_metric_value_thousands_separators(value: int) -> None:
    assert parse_metric_value(f"{value:,}") == value
    assert parse_metric_value(f"-£{value:,}") == -value


@given(st.text(max_size=20))
def test_parse_metric_value_never_crashes(text: str) -> None:
    result = parse_metric_value(text)
    assert result is None or result.is_finite()


# --- smart_check --------------------------------------------------------------

TODAY = date(2024, 5, 14)

GOOD = RockFacts(
    title="Grow shelf availability",
    scope="Chilled range in all northern stores",
    metric_name="On-shelf availability",
    metric_unit="%",
    baseline="92%",
    target="97%",
    direction="up",
    due_date=date(2024, 12, 31),
    objective_linked=True,
    achievable_confirmed=True,
    relevant_confirmed=False,
    today=TODAY,
)


def test_smart_all_ok() -> None:
    check = smart_check(GOOD)
    assert check.ok
    assert check.missing == ""
    assert check.has_metric
    assert check.warnings == ()
    assert [(x.letter, x.word, x.ok, x.reason) for x in check.letters] == [
        ("S", "Specific", True, ""),
        ("M", "Measurable", True, ""),
        ("A", "Achievable", True, ""),
        ("R", "Relevant", True, ""),
        ("T", "Time-bound", True, ""),
    ]


def letter(facts: RockFacts, name: str) -> tuple[bool, str]:
    found = [x for x in smart_check(facts).letters if x.letter == name]
    assert len(found) == 1
    return found[0].ok, found[0].reason


def test_specific_needs_title() -> None:
    ok, reason = letter(replace(GOOD, title="  "), "S")
    assert not ok
    assert reason == "Specific: give the rock a title."


@pytest.mark.parametrize("scope", ["", "stores", "northern stores", "  a \n b  "])
def test_specific_needs_three_words_of_scope(scope: str) -> None:
    ok, reason = letter(replace(GOOD, scope=scope), "S")
    assert not ok
    assert reason.startswith("Specific: describe the scope in at least 3 words")


def test_specific_three_words_is_enough() -> None:
    assert letter(replace(GOOD, scope="all northern stores"), "S") == (True, "")


def test_specific_both_problems_in_one_reason() -> None:
    ok, reason = letter(replace(GOOD, title="", scope=""), "S")
    assert not ok
    assert "give the rock a title." in reason
    assert "describe the scope" in reason


@pytest.mark.parametrize(
    ("name", "baseline", "target", "reason"),
    [
        ("", "92", "97", "Measurable: give the metric a metric name."),
        ("OSA", "tbd", "97", "Measurable: give the metric a numeric baseline."),
        ("OSA", "92", "", "Measurable: give the metric a numeric target."),
        ("OSA", "", "n/a", "Measurable: give the metric a numeric baseline and a numeric target."),
        (
            " ",
            "",
            "",
            "Measurable: give the metric a metric name, a numeric baseline and a numeric target.",
        ),
    ],
)
def test_measurable(name: str, baseline: str, target: str, reason: str) -> None:
    facts = replace(GOOD, metric_name=name, baseline=baseline, target=target)
    assert letter(facts, "M") == (False, reason)


def test_achievable_needs_confirmation() -> None:
    ok, reason = letter(replace(GOOD, achievable_confirmed=False), "A")
    assert not ok
    assert reason.startswith("Achievable: ask the room")


@pytest.mark.parametrize(
    ("linked", "confirmed", "ok"),
    [(True, False, True), (False, True, True), (True, True, True), (False, False, False)],
)
def test_relevant(linked: bool, confirmed: bool, ok: bool) -> None:
    result = letter(replace(GOOD, objective_linked=linked, relevant_confirmed=confirmed), "R")
    assert result[0] is ok
    assert result[1].startswith("Relevant: link the rock") or ok


def test_time_bound_needs_due_date() -> None:
    assert letter(replace(GOOD, due_date=None), "T") == (False, "Time-bound: set a due date.")


def test_past_due_date_is_a_warning_not_a_failure() -> None:
    check = smart_check(replace(GOOD, due_date=date(2024, 5, 13)))
    assert check.ok
    assert check.warnings == ("The due date (2024-05-13) is in the past: pick a later date.",)


def test_due_today_is_fine() -> None:
    assert smart_check(replace(GOOD, due_date=TODAY)).warnings == ()


def test_missing_lists_letters_in_order() -> None:
    check = smart_check(replace(GOOD, target="", due_date=None))
    assert check.missing == "MT"
    assert not check.ok
    empty = smart_check(RockFacts("", "", "", "", "", "", "up", None, False, False, False, TODAY))
    assert empty.missing == "SMART"
    assert not empty.has_metric


@pytest.mark.parametrize(
    ("name", "baseline", "target", "has_metric"),
    [
        ("OSA", "", "97", True),
        ("OSA", "92", "", False),
        ("", "92", "97", False),
        ("OSA", "92", "tbd", False),
    ],
)
def test_has_metric_needs_name_and_numeric_target(
    name: str, baseline: str, target: str, has_metric: bool
) -> None:
    check = smart_check(replace(GOOD, metric_name=name, baseline=baseline, target=target))
    assert check.has_metric is has_metric


def test_warning_target_below_baseline_going_up() -> None:
    check = smart_check(replace(GOOD, baseline="£2.3m", target="£2m"))
    assert check.ok
    assert check.warnings == (
        "The metric should go up, but the target (£2m) is below the baseline (£2.3m): "
        "check the direction or the numbers.",
    )


def test_warning_target_above_baseline_going_down() -> None:
    check = smart_check(replace(GOOD, direction="down", baseline="3", target="5"))
    assert check.warnings == (
        "The metric should go down, but the target (5) is above the baseline (3): "
        "check the direction or the numbers.",
    )


def test_no_warning_when_direction_matches() -> None:
    assert smart_check(replace(GOOD, direction="down", baseline="5", target="3")).warnings == ()
    assert smart_check(replace(GOOD, direction=" UP ")).warnings == ()


def test_warning_target_equals_baseline() -> None:
    check = smart_check(replace(GOOD, baseline="1,000", target="1k"))
    assert check.warnings == ("The target equals the baseline (1,000): set a target that moves the metric.",)


def test_warning_unknown_direction() -> None:
    check = smart_check(replace(GOOD, direction="sideways"))
    assert check.warnings == ("Say whether the metric should go up or down.",)


def test_several_warnings_together() -> None:
    check = smart_check(replace(GOOD, direction="up", baseline="10", target="5", due_date=date(2020, 1, 1)))
    assert len(check.warnings) == 2
    assert check.warnings[0].startswith("The metric should go up")
    assert check.warnings[1].startswith("The due date (2020-01-01)")
