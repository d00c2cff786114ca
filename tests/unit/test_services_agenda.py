from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from workshop_app.errors import AgendaError, InvalidInputError
from workshop_app.rules.agenda_timing import TimerState
from workshop_app.services.agenda_service import parse_start_time
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop


def test_template_agenda_is_realistic(ow: OpenWorkshop) -> None:
    days = ow.agenda.days()
    assert [d.day_number for d in days] == [1, 2]
    assert days[0].date == date(2026, 3, 10) and days[1].date == date(2026, 3, 11)
    kinds = {i.kind for i in ow.agenda.all_items()}
    assert {
        "check_in",
        "idea_collection",
        "presenting_ideas",
        "clustering",
        "voting",
        "rocks",
        "interest_poll",
        "break",
        "closing_feedback",
    } <= kinds
    assert all(i.planned_minutes > 0 for i in ow.agenda.all_items())


def test_timer_runs_from_timestamps(ow: OpenWorkshop, clock: FakeClock) -> None:
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    first = ow.agenda.start()
    assert first.title.startswith("Welcome")
    status = ow.agenda.status()
    assert status.state is TimerState.RUNNING and status.clock_text == "30:00"
    clock.advance(minutes=24)  # 6 of 30 minutes left = 20%
    assert ow.agenda.status().state is TimerState.AMBER
    clock.advance(minutes=4.5)  # 1.5 of 30 minutes left = 5%
    assert ow.agenda.status().state is TimerState.RED
    clock.advance(minutes=3.5)
    status = ow.agenda.status()
    assert status.state is TimerState.OVER and status.clock_text == "+2:00"
    assert status.late_minutes == 2 and status.late_text == "running 2 min late"


def test_pause_resume_extend_and_next(ow: OpenWorkshop, clock: FakeClock) -> None:
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    ow.agenda.start()
    clock.advance(minutes=10)
    ow.agenda.pause()
    with pytest.raises(AgendaError, match="already paused"):
        ow.agenda.pause()
    clock.advance(minutes=5)
    assert ow.agenda.status().state is TimerState.PAUSED
    assert ow.agenda.status().clock_text == "20:00"
    ow.agenda.resume()
    ow.agenda.extend(5)
    assert ow.agenda.status().clock_text == "25:00"
    assert ow.undo_text == "Undo +5 min on 'Welcome, objectives and check-in'"
    nxt = ow.agenda.advance()
    assert nxt is not None and nxt.title.startswith("Partnership context")
    items = ow.agenda.all_items()
    assert items[0].ended_at == clock.now() and items[1].started_at == clock.now()
    ow.undo()  # moving to the next item is one undoable step
    assert ow.agenda.running_item().id == items[0].id  # type: ignore[union-attr]
    assert ow.agenda.all_items()[1].started_at is None


def test_nothing_running_gives_clear_errors(ow: OpenWorkshop) -> None:
    with pytest.raises(AgendaError, match="Press Start"):
        ow.agenda.pause()
    with pytest.raises(AgendaError, match="Press Start"):
        ow.agenda.extend(1)


def test_running_item_survives_reopen(ow: OpenWorkshop, clock: FakeClock) -> None:
    ow.agenda.start()
    clock.advance(minutes=12)
    path = ow.path
    ow.close()
    clock.advance(minutes=3)  # the laptop was off for three minutes
    reopened = OpenWorkshop.open(path, clock)
    try:
        status = reopened.agenda.status()
        assert status.title.startswith("Welcome") and status.clock_text == "15:00"
    finally:
        reopened.close()
    ow.store = reopened.store  # let the fixture close something that is open


def test_editing_and_reordering_items(ow: OpenWorkshop) -> None:
    day1, _day2 = ow.agenda.days()
    item = ow.agenda.add_item(day1.id, "Energiser", "break", 5, index=1)
    assert [i.title for i in day1.items][1] == "Energiser"
    ow.agenda.move_item_by(item.id, -1)
    assert ow.agenda.days()[0].items[0].title == "Energiser"
    ow.agenda.move_item_by(item.id, -1)  # already first of day 1: stays
    assert ow.agenda.days()[0].items[0].title == "Energiser"
    last = ow.agenda.days()[0].items[-1]
    ow.agenda.move_item_by(last.id, +1)  # last of day 1 moves to the top of day 2
    assert ow.agenda.days()[1].items[0].id == last.id
    ow.agenda.update_item(item.id, planned_minutes=7, title="Energiser game")
    assert ow.agenda.all_items()[0].planned_minutes == 7
    with pytest.raises(InvalidInputError, match="planned minutes"):
        ow.agenda.update_item(item.id, planned_minutes=0)
    ow.agenda.delete_item(item.id)
    assert "Energiser game" not in [i.title for i in ow.agenda.all_items()]
    positions = [i.position for i in ow.agenda.days()[0].items]
    assert positions == list(range(len(positions)))


@pytest.mark.parametrize(
    ("typed", "stored"), [("9:00", "09:00"), ("0930", "09:30"), ("13.45", "13:45"), ("8h05", "08:05")]
)
def test_start_times(typed: str, stored: str) -> None:
    assert parse_start_time(typed) == stored


def test_bad_start_time_says_how() -> None:
    with pytest.raises(InvalidInputError, match="like 09:00"):
        parse_start_time("nine")


def test_projection_pushes_the_day(ow: OpenWorkshop, clock: FakeClock) -> None:
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    ow.agenda.start()
    clock.advance(minutes=45)  # a 30-minute item ran 45 minutes
    proj = ow.agenda.projection(ow.agenda.days()[0])
    assert proj.late_minutes == 15
    ow.agenda.advance()
    assert ow.agenda.status().late_minutes == 15


def _count_selects(ow: OpenWorkshop) -> list[str]:
    from sqlalchemy import event

    seen: list[str] = []

    def on_execute(conn, cursor, statement, params, context, executemany) -> None:  # type: ignore[no-untyped-def]
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(ow.store.engine, "before_cursor_execute", on_execute)
    return seen


def test_days_are_read_once_until_something_changes(ow: OpenWorkshop, clock: FakeClock) -> None:
    first = [i.id for i in ow.agenda.all_items()]
    ow.agenda.status()  # the first poll also reads the room's time zone, once
    selects = _count_selects(ow)
    for _ in range(5):  # what the timer does four times a second
        ow.agenda.status()
        assert [i.id for i in ow.agenda.all_items()] == first
    assert selects == []
    day = ow.agenda.days()[0]
    added = ow.agenda.add_item(day.id, "Late addition", "discussion", 10).id
    assert added in [i.id for i in ow.agenda.all_items()]
    assert selects, "a change must make the next read go to the database"
    ow.undo()
    assert added not in [i.id for i in ow.agenda.all_items()]
    ow.redo()
    assert added in [i.id for i in ow.agenda.all_items()]
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    ow.agenda.start()
    assert ow.agenda.running_item() is not None
    ow.undo()
    assert ow.agenda.running_item() is None


def test_a_change_reads_the_agenda_it_is_making(ow: OpenWorkshop) -> None:
    day = ow.agenda.days()[0]
    first = day.items[0]
    with ow.store.change("probe"):
        assert ow.store.in_change
        first.title = "Renamed inside"
        assert ow.agenda.all_items()[0].title == "Renamed inside"
        assert ow.agenda.days()[0] is day
    assert not ow.store.in_change
    assert ow.agenda.all_items()[0].title == "Renamed inside"
    ow.undo()
    assert ow.agenda.all_items()[0].title != "Renamed inside"


def test_the_status_without_an_item_to_run_says_which_case_it_is(ow: OpenWorkshop, clock: FakeClock) -> None:
    from workshop_app.services.agenda_service import ALL_RUN_TITLE, NO_ITEMS_TITLE

    items = ow.agenda.all_items()
    while ow.agenda.status().item_id is not None:  # F7 through each day (F7 ends it), F6 begins the next
        if ow.agenda.running_item() is None:
            ow.agenda.start()
        else:
            ow.agenda.advance()
        clock.advance(60)
    done = ow.agenda.status()
    assert (done.item_id, done.title, done.clock_text) == (None, ALL_RUN_TITLE, "--:--")
    for item in items:
        ow.agenda.delete_item(item.id)
    assert ow.agenda.status().title == NO_ITEMS_TITLE
