"""Unit tests for workshop_app.rules.agenda_timing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_app.rules.agenda_timing import (
    DayProjection,
    ItemTiming,
    Pause,
    TimerState,
    allowed_seconds,
    elapsed_seconds,
    format_clock,
    is_paused,
    late_text,
    project_day,
    remaining_seconds,
    skipped_items,
    timer_colour,
    timer_state,
)

T0 = datetime(2024, 5, 14, 9, 0, tzinfo=UTC)


def at(minutes: float) -> datetime:
    """T0 plus ``minutes``."""
    return T0 + timedelta(minutes=minutes)


# --- allowed / elapsed / remaining ------------------------------------------


def test_allowed_seconds_includes_extensions() -> None:
    assert allowed_seconds(ItemTiming(30)) == 1800.0
    assert allowed_seconds(ItemTiming(30, extra_minutes=6)) == 2160.0
    assert allowed_seconds(ItemTiming(0)) == 0.0


def test_elapsed_zero_when_not_started() -> None:
    assert elapsed_seconds(ItemTiming(10), at(100)) == 0.0


def test_elapsed_running() -> None:
    assert elapsed_seconds(ItemTiming(10, started_at=at(0)), at(4)) == 240.0


def test_elapsed_stops_at_end() -> None:
    t = ItemTiming(10, started_at=at(0), ended_at=at(7))
    assert elapsed_seconds(t, at(50)) == 420.0


def test_elapsed_excludes_closed_and_open_pauses() -> None:
    t = ItemTiming(
        10,
        started_at=at(0),
        pauses=(Pause(at(2), at(3)), Pause(at(5), None)),
    )
    # ran 0-2 and 3-5: 4 minutes; the open pause keeps it at 4 however late it is
    assert elapsed_seconds(t, at(9)) == 240.0
    assert elapsed_seconds(t, at(60)) == 240.0


def test_elapsed_overlapping_pauses_count_once() -> None:
    t = ItemTiming(
        10,
        started_at=at(0),
        pauses=(Pause(at(1), at(4)), Pause(at(2), at(3)), Pause(at(3), at(5))),
    )
    assert elapsed_seconds(t, at(10)) == 360.0


def test_elapsed_clips_pauses_outside_the_run() -> None:
    t = ItemTiming(
        10,
        started_at=at(5),
        ended_at=at(15),
        pauses=(Pause(at(0), at(6)), Pause(at(14), at(20)), Pause(at(30), None)),
    )
    assert elapsed_seconds(t, at(40)) == 480.0


def test_elapsed_never_negative_before_start() -> None:
    assert elapsed_seconds(ItemTiming(10, started_at=at(5)), at(1)) == 0.0


def test_remaining_goes_negative_when_over() -> None:
    t = ItemTiming(10, extra_minutes=1, started_at=at(0))
    assert remaining_seconds(t, at(6)) == 300.0
    assert remaining_seconds(t, at(13)) == -120.0


# --- timer_state / timer_colour ----------------------------------------------


@pytest.mark.parametrize(
    ("minute", "expected"),
    [
        (0, TimerState.RUNNING),
        (79.9, TimerState.RUNNING),
        (80, TimerState.AMBER),  # 20 of 100 left: amber at exactly 20 %
        (94.9, TimerState.AMBER),
        (95, TimerState.RED),  # 5 left: red at exactly 5 %
        (100, TimerState.RED),  # 0 left is not over yet
        (100.01, TimerState.OVER),
        (300, TimerState.OVER),
    ],
)
def test_timer_colour_thresholds(minute: float, expected: TimerState) -> None:
    t = ItemTiming(100, started_at=at(0))
    assert timer_colour(t, at(minute)) is expected
    assert timer_state(t, at(minute)) is expected


def test_timer_state_not_started_and_done() -> None:
    assert timer_state(ItemTiming(10), at(0)) is TimerState.NOT_STARTED
    assert timer_colour(ItemTiming(10), at(0)) is TimerState.NOT_STARTED
    done = ItemTiming(10, started_at=at(0), ended_at=at(50), pauses=(Pause(at(1), None),))
    assert timer_state(done, at(60)) is TimerState.DONE
    assert timer_colour(done, at(60)) is TimerState.DONE


def test_timer_state_paused_takes_precedence_over_colour() -> None:
    t = ItemTiming(10, started_at=at(0), pauses=(Pause(at(11), None),))
    assert is_paused(t)
    assert timer_state(t, at(20)) is TimerState.PAUSED
    assert timer_colour(t, at(20)) is TimerState.OVER


def test_timer_state_closed_pause_is_not_paused() -> None:
    t = ItemTiming(10, started_at=at(0), pauses=(Pause(at(1), at(2)),))
    assert not is_paused(t)
    assert timer_state(t, at(3)) is TimerState.RUNNING


def test_extension_turns_red_back_to_running() -> None:
    t = ItemTiming(10, started_at=at(0))
    assert timer_state(t, at(9.7)) is TimerState.RED
    extended = ItemTiming(10, extra_minutes=5, started_at=at(0))
    assert timer_state(extended, at(9.7)) is TimerState.RUNNING


def test_zero_minute_item() -> None:
    t = ItemTiming(0, started_at=at(0))
    assert timer_colour(t, at(0)) is TimerState.RED
    assert timer_colour(t, at(0.1)) is TimerState.OVER


def test_timer_state_values_are_strings() -> None:
    assert [s.value for s in TimerState] == [
        "not_started",
        "running",
        "paused",
        "amber",
        "red",
        "over",
        "done",
    ]


# --- format_clock -------------------------------------------------------------


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0, "0:00"),
        (0.2, "0:01"),
        (1, "0:01"),
        (59.5, "1:00"),
        (60, "1:00"),
        (725, "12:05"),
        (3599, "59:59"),
        (3600, "1:00:00"),
        (3723, "1:02:03"),
        (36000, "10:00:00"),
        (-0.2, "+0:01"),
        (-190, "+3:10"),
        (-3723, "+1:02:03"),
        (-0.0, "0:00"),
        (120.0000000001, "2:00"),
    ],
)
def test_format_clock(seconds: float, text: str) -> None:
    assert format_clock(seconds) == text


@pytest.mark.parametrize("bad", [float("nan"), float("inf"), float("-inf")])
def test_format_clock_refuses_non_finite(bad: float) -> None:
    with pytest.raises(ValueError, match="clock"):
        format_clock(bad)


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False))
def test_format_clock_round_trips(seconds: float) -> None:
    text = format_clock(seconds)
    over = text.startswith("+")
    parts = [int(p) for p in text.lstrip("+").split(":")]
    value = 0
    for part in parts:
        value = value * 60 + part
    assert all(0 <= p < 60 for p in parts[1:])
    assert value == -(-round(abs(seconds), 3) // 1)  # ceil of the magnitude
    assert over == (seconds < 0 and value > 0)


# --- late_text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "on time"),
        (5, "running 5 min late"),
        (1, "running 1 min late"),
        (-3, "running 3 min early"),
        (90, "running 90 min late"),
    ],
)
def test_late_text(minutes: int, text: str) -> None:
    assert late_text(minutes) == text


# --- project_day --------------------------------------------------------------


def spans(p: DayProjection) -> list[tuple[datetime, datetime, bool]]:
    return [(i.start, i.end, i.actual) for i in p.items]


def test_project_day_planned_schedule_before_the_day() -> None:
    items = [ItemTiming(30), ItemTiming(15), ItemTiming(45)]
    p = project_day(T0, items, at(-60))
    assert [(i.planned_start, i.planned_end) for i in p.items] == [
        (at(0), at(30)),
        (at(30), at(45)),
        (at(45), at(90)),
    ]
    assert spans(p) == [(at(0), at(30), False), (at(30), at(45), False), (at(45), at(90), False)]
    assert [i.index for i in p.items] == [0, 1, 2]
    assert p.planned_end == at(90)
    assert p.projected_end == at(90)
    assert p.late_minutes == 0


def test_project_day_no_items() -> None:
    p = project_day(T0, [], at(10))
    assert p.items == []
    assert p.planned_end == T0
    assert p.projected_end == T0
    assert p.late_minutes == 0


def test_project_day_late_start_of_first_item() -> None:
    # Nothing started yet and it is 9:10: the first item cannot start before now.
    p = project_day(T0, [ItemTiming(30), ItemTiming(30)], at(10))
    assert spans(p) == [(at(10), at(40), False), (at(40), at(70), False)]
    assert p.late_minutes == 10


def test_project_day_ended_items_use_actual_times() -> None:
    items = [
        ItemTiming(30, started_at=at(0), ended_at=at(25)),
        ItemTiming(30),
    ]
    p = project_day(T0, items, at(25))
    assert spans(p) == [(at(0), at(25), True), (at(25), at(55), False)]
    assert p.projected_end == at(55)
    assert p.late_minutes == -5
    assert p.items[1].planned_start == at(30)


def test_project_day_gap_after_ended_item_starts_next_at_now() -> None:
    items = [ItemTiming(30, started_at=at(0), ended_at=at(25)), ItemTiming(30)]
    p = project_day(T0, items, at(40))
    assert spans(p)[1] == (at(40), at(70), False)
    assert p.late_minutes == 10


def test_project_day_running_item_on_time() -> None:
    items = [ItemTiming(30, started_at=at(0)), ItemTiming(20)]
    p = project_day(T0, items, at(10))
    assert spans(p) == [(at(0), at(30), False), (at(30), at(50), False)]
    assert p.late_minutes == 0


def test_project_day_running_item_over_pushes_the_rest() -> None:
    items = [ItemTiming(30, started_at=at(0)), ItemTiming(20)]
    p = project_day(T0, items, at(42))
    assert spans(p) == [(at(0), at(42), False), (at(42), at(62), False)]
    assert p.late_minutes == 12


def test_project_day_paused_item_moves_with_now() -> None:
    items = [
        ItemTiming(30, started_at=at(0), pauses=(Pause(at(10), None),)),
        ItemTiming(20),
    ]
    p = project_day(T0, items, at(25))
    # 10 min run, 15 min paused, 20 min left -> ends at 45
    assert spans(p) == [(at(0), at(45), False), (at(45), at(65), False)]
    assert p.late_minutes == 15


def test_project_day_extension_counts() -> None:
    items = [ItemTiming(30, extra_minutes=5, started_at=at(0)), ItemTiming(20)]
    p = project_day(T0, items, at(10))
    assert p.projected_end == at(55)
    assert p.late_minutes == 5


def test_project_day_end_current_now() -> None:
    items = [ItemTiming(30, started_at=at(0)), ItemTiming(20)]
    p = project_day(T0, items, at(10), end_current_now=True)
    assert spans(p) == [(at(0), at(10), False), (at(10), at(30), False)]
    assert p.late_minutes == -20
    over = project_day(T0, items, at(42), end_current_now=True)
    assert spans(over)[0] == (at(0), at(42), False)


def test_project_day_end_current_now_leaves_ended_items_alone() -> None:
    items = [ItemTiming(30, started_at=at(0), ended_at=at(35)), ItemTiming(20)]
    p = project_day(T0, items, at(36), end_current_now=True)
    assert spans(p) == [(at(0), at(35), True), (at(36), at(56), False)]


def test_project_day_out_of_order_items_keep_actual_times() -> None:
    # Item 2 was done before item 1; item 1 is running now.
    items = [
        ItemTiming(30, started_at=at(0), ended_at=at(30)),
        ItemTiming(20, started_at=at(50)),
        ItemTiming(20, started_at=at(30), ended_at=at(50)),
        ItemTiming(10),
    ]
    p = project_day(T0, items, at(55))
    assert spans(p) == [
        (at(0), at(30), True),
        (at(50), at(70), False),
        (at(30), at(50), True),
        (at(70), at(80), False),
    ]
    assert p.projected_end == at(80)
    assert p.planned_end == at(80)
    assert p.late_minutes == 0


def test_project_day_an_item_before_the_one_started_last_is_skipped() -> None:
    """It was projected at "now", over the running item, and the day read 15 min early; it
    takes no time now: the day runs without it."""
    items = [
        ItemTiming(30),  # passed over: item 2 was started
        ItemTiming(20, started_at=at(0)),
        ItemTiming(10),
    ]
    p = project_day(T0, items, at(5))
    assert spans(p) == [
        (at(0), at(0), False),
        (at(0), at(20), False),
        (at(20), at(30), False),
    ]
    assert [i.skipped for i in p.items] == [True, False, False]
    assert p.projected_end == at(30)
    assert p.late_minutes == -30


def test_skipped_items_follow_the_item_started_last_and_the_day_being_over() -> None:
    done = ItemTiming(10, started_at=at(0), ended_at=at(10))
    later = ItemTiming(10, started_at=at(40))
    assert skipped_items([ItemTiming(10), ItemTiming(10)]) == [False, False]
    assert skipped_items([done, ItemTiming(10), later, ItemTiming(10)]) == [False, True, False, False]
    # going back to a skipped item on purpose puts the ones after it back in the plan
    back = ItemTiming(10, started_at=at(60))
    assert skipped_items([done, back, later, ItemTiming(10)]) == [False, False, False, False]
    assert skipped_items([done, ItemTiming(10), ItemTiming(10)], day_over=True) == [False, True, True]
    assert skipped_items([ItemTiming(10, ended_at=at(3)), ItemTiming(10)]) == [False, False]


def test_project_day_ended_without_start_uses_end() -> None:
    p = project_day(T0, [ItemTiming(10, ended_at=at(3))], at(5))
    assert spans(p) == [(at(3), at(3), True)]


@pytest.mark.parametrize(
    ("seconds_late", "minutes"),
    [(29, 0), (30, 1), (89, 1), (90, 2), (-29, 0), (-30, -1), (-90, -2)],
)
def test_project_day_rounds_late_minutes_half_away_from_zero(seconds_late: int, minutes: int) -> None:
    start = at(0)
    ended = ItemTiming(10, started_at=start, ended_at=start + timedelta(seconds=600 + seconds_late))
    p = project_day(T0, [ended], at(100))
    assert p.late_minutes == minutes


timing_strategy = st.builds(
    ItemTiming,
    planned_minutes=st.integers(0, 120),
    extra_minutes=st.integers(0, 20),
    started_at=st.one_of(st.none(), st.integers(0, 600).map(at)),
    ended_at=st.none(),
)


@given(
    items=st.lists(timing_strategy, max_size=8),
    now_minute=st.integers(-60, 900),
    end_now=st.booleans(),
)
def test_project_day_properties(items: list[ItemTiming], now_minute: int, end_now: bool) -> None:
    now = at(now_minute)
    p = project_day(T0, items, now, end_current_now=end_now)
    assert len(p.items) == len(items)
    assert p.planned_end == T0 + timedelta(minutes=sum(t.planned_minutes for t in items))
    for item, t in zip(p.items, items, strict=True):
        assert item.start <= item.end
        assert item.planned_start <= item.planned_end
        if item.skipped:
            assert t.started_at is None and item.start == item.end  # a skipped item takes no time
        elif t.started_at is None:
            assert item.start >= now  # nothing that has not started is shown in the past
            assert item.end - item.start == timedelta(seconds=allowed_seconds(t))
    assert p.projected_end == max([T0, *(i.end for i in p.items)])
    # a not-started item still to run never overlaps anything projected before it
    for k, item in enumerate(p.items):
        if items[k].started_at is None and not item.skipped:
            assert all(item.start >= prev.end for prev in p.items[:k])
