"""Running a real day: its last item, items skipped or left unrun, days with and without dates,
and the time allowed for an item.  Everything with the fake clock, through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from workshop_app.errors import AgendaError, InvalidInputError
from workshop_app.rules.agenda_timing import TimerState
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop

RunDay = Callable[[OpenWorkshop], None]  # the run_day_one fixture


def at(hour: int, minute: int = 0, day: int = 10) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


# --- the time allowed ----------------------------------------------------------------------


def test_a_cut_item_cannot_be_planned_below_a_minute(ow: OpenWorkshop, clock: FakeClock) -> None:
    """-20 on a 30-minute item, then its Min cell set to 5: it was allowed -15 minutes and the
    clock showed "+17:00 OVER"."""
    clock.set(at(9))
    item = ow.agenda.start()
    ow.agenda.extend(-20)
    clock.advance(minutes=2)
    with pytest.raises(InvalidInputError, match=r"20 min taken off.*at least 21 minutes"):
        ow.agenda.update_item(item.id, planned_minutes=5)
    assert item.planned_minutes == 30
    ow.agenda.update_item(item.id, planned_minutes=21)  # a minute left, and it is 2 in: over
    status = ow.agenda.status()
    assert status.allowed_seconds == 60 and status.clock_text == "+1:00"


def test_more_time_is_always_given(ow: OpenWorkshop, clock: FakeClock) -> None:
    """+1 and +5 were refused with "An item needs at least one minute" once the allowed time
    had gone below a minute (a file written before the check)."""
    clock.set(at(9))
    item = ow.agenda.start()
    with ow.store.change("an old file's cut"):
        item.extra_minutes = -40
    assert ow.agenda.status().allowed_seconds == 60  # read as a minute, never as negative
    ow.agenda.extend(1)
    assert item.extra_minutes == -39
    with pytest.raises(AgendaError, match="at least one minute"):
        ow.agenda.extend(-5)
    assert ow.agenda.status().state is not TimerState.NOT_STARTED


# --- the last item of a day ------------------------------------------------------------------


def test_next_on_the_last_item_of_a_day_ends_it_and_starts_nothing(
    ow: OpenWorkshop, clock: FakeClock, run_day_one: RunDay
) -> None:
    """F7 on 'Day 1 wrap-up' at 15:50 started Day 2's check-in at once: the bar read 'running 20 min
    early' and the next morning '+16:45:00 OVER TIME'."""
    run_day_one(ow)
    wrap_up = ow.agenda.running_item()
    assert wrap_up is not None and wrap_up.title == "Day 1 wrap-up and parking lot"
    assert ow.agenda.status().next_title == ""  # Next does not lead into Day 2
    clock.set(at(15, 50))
    assert ow.agenda.advance() is None
    assert wrap_up.ended_at == at(15, 50) and ow.agenda.running_item() is None
    status = ow.agenda.status()
    assert (status.title, status.state, status.day_number) == (
        "Check-in and recap of day 1",
        TimerState.NOT_STARTED,
        2,
    )
    assert status.late_text == "on time"
    with pytest.raises(AgendaError, match=r"Day 1 has ended\. Press F6 \(Start\) to begin Day 2"):
        ow.agenda.advance()  # F7 pressed twice: tomorrow's check-in would have run all night
    assert ow.agenda.running_item() is None
    clock.set(at(8, 55, day=11))
    assert ow.agenda.status().late_text == "on time"
    ow.agenda.start()  # F6 the next morning
    assert ow.agenda.running_item().title == "Check-in and recap of day 1"  # type: ignore[union-attr]
    ow.undo()
    ow.undo()  # ending the day is one undoable step
    assert ow.agenda.running_item() is wrap_up


def test_end_this_item_ends_the_running_or_paused_item_and_starts_nothing(
    ow: OpenWorkshop, clock: FakeClock
) -> None:
    clock.set(at(9))
    first = ow.agenda.start()
    clock.advance(minutes=20)
    ow.agenda.pause()
    clock.advance(minutes=5)
    assert ow.agenda.end_current() is first
    assert first.ended_at == at(9, 25) and all(p.ended_at == at(9, 25) for p in first.pauses)
    assert ow.agenda.running_item() is None
    assert ow.agenda.status().title == "Partnership context: both companies' view"
    assert ow.undo_text == "Undo end 'Welcome, objectives and check-in'"


# --- skipped items ---------------------------------------------------------------------------


def test_an_item_passed_over_is_skipped_given_no_time_and_never_offered(
    ow: OpenWorkshop, clock: FakeClock
) -> None:
    """Item 3 started with item 2 (45 min) still to run: item 2 was projected at "now", over
    item 3, the bar read 'running 15 min early', and after item 3 F6 went back to item 2."""
    items = ow.agenda.days()[0].items
    clock.set(at(9))
    ow.agenda.start()
    clock.advance(minutes=30)
    ow.agenda.start(items[2].id)  # Ctrl+Enter on 'Market drivers: collect ideas'
    assert ow.agenda.skipped_ids() == {items[1].id}
    proj = ow.agenda.projection(ow.agenda.days()[0])
    assert proj.items[1].skipped and proj.items[1].start == proj.items[1].end
    assert proj.items[3].start == at(9, 50)  # after item 3, not at "now"
    status = ow.agenda.status()
    assert status.late_text == "running 45 min early"  # the day without item 2
    assert status.next_title == "Market drivers: present ideas"
    clock.advance(minutes=20)
    ow.agenda.end_current()
    assert ow.agenda.next_item() is items[3]  # not back to item 2
    ow.agenda.start(items[1].id)  # on purpose, it still runs
    assert ow.agenda.running_item() is items[1] and ow.agenda.skipped_ids() == set()


def test_moving_an_item_below_the_running_one_puts_it_back_and_above_skips_it(
    ow: OpenWorkshop, clock: FakeClock
) -> None:
    items = ow.agenda.days()[0].items
    day = ow.agenda.days()[0]
    clock.set(at(9))
    ow.agenda.start(items[1].id)  # item 1 passed over
    assert ow.agenda.skipped_ids() == {items[0].id}
    ow.agenda.move_item(items[0].id, day.id, 1)  # below the running item
    assert ow.agenda.skipped_ids() == set() and ow.agenda.status().next_title == items[0].title
    ow.agenda.move_item(items[1].id, day.id, 1)  # the running item below that pending one again
    assert ow.agenda.skipped_ids() == {items[0].id}
    assert ow.agenda.status().next_title == items[2].title


def test_items_left_unrun_are_skipped_the_next_morning(ow: OpenWorkshop, clock: FakeClock) -> None:
    """The two Differentiation items passed over, Day 1 ended: the next morning the bar read
    'Differentiation… up next · running 1078 min late' and F6 started yesterday's item."""
    items = ow.agenda.days()[0].items
    clock.set(at(15))
    ow.agenda.start(items[12].id)  # the afternoon break, then straight to the wrap-up
    clock.advance(minutes=15)
    ow.agenda.start(items[15].id)
    clock.advance(minutes=20)
    ow.agenda.end_current()
    clock.set(at(8, 58, day=11))
    status = ow.agenda.status()
    assert (status.title, status.late_text) == ("Check-in and recap of day 1", "on time")
    assert {items[0].id, items[13].id, items[14].id} <= ow.agenda.skipped_ids()
    assert ow.agenda.start().title == "Check-in and recap of day 1"


def test_items_of_a_day_are_skipped_once_a_later_day_starts(ow: OpenWorkshop, clock: FakeClock) -> None:
    day1, day2 = ow.agenda.days()
    clock.set(at(9))
    ow.agenda.start()
    clock.advance(minutes=30)
    ow.agenda.start(day2.items[0].id)  # the same evening, Day 2's first item on purpose
    clock.advance(minutes=20)
    ow.agenda.end_current()
    assert {i.id for i in day1.items[1:]} <= ow.agenda.skipped_ids()
    assert ow.agenda.next_item() is day2.items[1]


# --- days with and without dates -------------------------------------------------------------


@pytest.fixture
def undated(tmp_path, clock: FakeClock):  # type: ignore[no-untyped-def]
    opened = OpenWorkshop.create_from_template("two-day-jbp", tmp_path / "undated.planwall", clock, title="U")
    yield opened
    opened.close()


def test_an_undated_day_not_started_is_never_late(
    undated: OpenWorkshop, clock: FakeClock, run_day_one: RunDay
) -> None:
    """The evening before Day 1 read 'running 630 min late'; after Day 1, Day 2 up next read
    'running 413 min late · day ends ~22:53 (planned 16:00)' until midnight."""
    clock.set(at(19, 30, day=9))
    assert undated.agenda.status().late_text == "on time"
    run_day_one(undated)
    clock.advance(minutes=20)
    undated.agenda.advance()  # 15:50: the day ends
    for evening in (at(15, 50), at(22, 53)):
        clock.set(evening)
        status = undated.agenda.status()
        assert (status.day_number, status.late_minutes) == (2, 0)
        assert status.projected_end == status.planned_end
    clock.set(at(9, 30, day=11))
    assert undated.agenda.status().late_text == "on time"  # an undated day has no date to be late on


def test_a_dated_day_not_started_is_late_only_on_its_own_date(
    ow: OpenWorkshop, clock: FakeClock, run_day_one: RunDay
) -> None:
    run_day_one(ow)
    clock.advance(minutes=20)
    ow.agenda.advance()
    clock.set(at(21))  # the evening before Day 2 (11 Mar)
    assert ow.agenda.status().late_text == "on time"
    clock.set(at(8, 50, day=11))
    assert ow.agenda.status().late_text == "on time"
    clock.set(at(9, 10, day=11))  # its date, its start passed, not started
    assert ow.agenda.status().late_text == "running 10 min late"


def test_a_day_run_on_another_date_is_timed_from_the_day_it_started(
    ow: OpenWorkshop, clock: FakeClock
) -> None:
    """Day 1 dated 10 Mar, run on 17 Mar: 'Running 10090 min late' next to 'day ends ~16:00'."""
    clock.set(at(8, 45, day=17))
    assert ow.agenda.status().late_text == "on time"  # not its date: the plan, not lateness
    assert ow.agenda.date_notice() is None
    clock.set(at(9, day=17))
    ow.agenda.start()
    clock.advance(minutes=40)  # 10 minutes over the first item
    status = ow.agenda.status()
    assert status.late_text == "running 10 min late"
    assert status.planned_end == at(15, 50, day=17) and status.projected_end == at(16, 0, day=17)
    day1 = ow.agenda.days()[0]
    assert ow.agenda.day_start(day1) == at(9, day=17)
    notice = ow.agenda.date_notice()
    assert notice is not None
    assert notice.startswith("'Day 1: joint value proposition' is dated Tue 10 Mar 2026 but is running")
    assert "today, Tue 17 Mar 2026" in notice and "Setup stage" in notice
    ow.setup.set_day_date(2, at(9, day=18).date())  # (day 2 first: days keep their order)
    ow.setup.set_day_date(1, at(9, day=17).date())
    assert ow.agenda.date_notice() is None
