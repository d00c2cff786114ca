"""The room's time zone in the live window: set on Setup, and every time shown in it.

The workshop was made on a laptop on UTC, and the facilitator runs it in London with a
laptop still on New York time. Setup says the zone is not the laptop's; typing "london"
fixes it; the Agenda says which clock it runs on; the planned 09:00, the started 09:05,
the timer bar's "day ends ~" and the minutes stamps are London's, not the laptop's 05:05.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import Qt

from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.stages._agenda_table import COL_ACTUAL, COL_TIME

pytestmark = pytest.mark.gui


def test_the_room_zone_is_set_on_setup_and_every_time_is_shown_in_it(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock, laptop_zone: Callable[[str], None]
) -> None:
    assert ow.workshop().time_zone == "UTC"  # made on a laptop on UTC (the tests' zone)
    laptop_zone("America/New_York")
    main_window.show_stage("setup")
    setup = main_window.current_stage
    setup.refresh()
    assert setup.zone_edit.text() == "UTC"
    assert setup.zone_words.text() == "UTC, 4 h ahead of this laptop"  # 10 March: New York is on EDT

    completer = setup.zone_edit.completer()
    completer.setCompletionPrefix("kolk")
    assert completer.currentCompletion() == "Asia/Kolkata"  # any part of the name, any case
    completer.setCompletionPrefix("new york")
    assert completer.currentCompletion() == "America/New York"  # spaces as typed; stored with "_"

    edit = setup.zone_edit
    setup.detail_edits["location"].setFocus()
    qtbot.keyClick(setup.detail_edits["location"], Qt.Key.Key_Tab)
    assert edit.hasFocus()  # down the form: Location, Time zone, Facilitator
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    assert setup.detail_edits["facilitator"].hasFocus()
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Portland")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.invalid and ow.workshop().time_zone == "UTC"
    assert "'Portland' is not a time zone this computer knows" in main_window.message_bar.label.text()
    edit.selectAll()
    qtbot.keyClicks(edit, "london")
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    main_window.flush_refresh()
    assert ow.workshop().time_zone == "Europe/London" and not edit.invalid
    assert edit.text() == "Europe/London"  # what was stored, not what was typed
    assert setup.zone_words.text() == "GMT, 4 h ahead of this laptop"
    edit.selectAll()
    qtbot.keyClicks(edit, "europe/london ")  # the zone already stored, typed another way
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    assert edit.text() == "Europe/London" and edit.stored == "Europe/London"

    clock.set(datetime(2026, 3, 10, 9, 5, tzinfo=UTC))  # 09:05 in London, 05:05 in New York
    ow.agenda.start(ow.agenda.days()[0].items[0].id)
    ow.minutes.add("Agreed the scope", "decision")
    main_window.show_stage("agenda")
    agenda = main_window.current_stage
    main_window.flush_refresh()
    assert agenda.zone_note.isVisible()
    assert agenda.zone_note.text() == (
        "Times are Europe/London (GMT), 4 h ahead of this laptop's clock. "
        "If the room is somewhere else, change the time zone on the Setup stage."
    )
    table = agenda.page.table
    assert table.item(0, COL_TIME).text().startswith("09:00")
    assert table.item(0, COL_ACTUAL).text().startswith("09:05")
    main_window.ctx.poll_status()
    assert main_window.timer.end_label.text() == "day ends ~15:55 (planned 15:50)"

    main_window.show_stage("minutes")
    minutes = main_window.current_stage
    main_window.flush_refresh()
    assert minutes.table.item(0, 0).text() == "09:05"
    assert "· 09:05 ·" in minutes.stamp.text()

    laptop_zone("Europe/London")  # the laptop set to the room's clock: nothing to warn about
    main_window.show_stage("agenda")
    agenda.refresh()
    assert not agenda.zone_note.isVisible()
