"""Running a real day: its last item, items skipped or left unrun, days with and without dates,
and the time allowed for an item.  Everything with the fake clock, through the services."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from workshop_app.errors import AgendaError, InvalidInputError
from workshop_app.rules.agenda_timing import TimerState
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop


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
