"""The GUI review of the Agenda stage, its timer bar and Setup's day dates, driven with keys.

Columns that fit what they show after the day is re-planned, a stage that fits a 1280-wide
window at larger text, an ``&`` in a day title, titles elided with "…" in the timer bar, and
the same date forms on Setup as on Rocks and Actions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from workshop_app.rules.dates import DATE_HINT
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.settings import AppSettings
from workshop_app.ui.stages._agenda_table import (
    COL_ACTUAL,
    COL_KIND,
    COL_STATUS,
    COL_TIME,
    COL_TITLE,
    COL_TOPIC,
    HEADERS,
)

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SAMPLE = Path(__file__).resolve().parents[2] / "sample_sessions" / "complete-jbp.json"


def cut_columns(table: Any) -> dict[str, tuple[int, int]]:
    """Columns narrower than their header or their widest cell (Title and Topic, typed by the
    facilitator, may elide; their tooltips hold the whole text)."""
    header = table.horizontalHeader()
    cut = {}
    for col in range(table.columnCount()):
        if col in (COL_TITLE, COL_TOPIC):
            continue
        need = max(table.sizeHintForColumn(col), header.sectionSizeHint(col))
        if header.sectionSize(col) < need:
            cut[HEADERS[col]] = (header.sectionSize(col), need)
    return cut


def agenda_table(window: Any, qtbot: Any) -> Any:
    qtbot.keyClick(window.rail, Qt.Key.Key_2, CTRL)
    window.flush_refresh()
    QApplication.processEvents()
    return window.current_stage.page.table


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_agenda_columns_fit_their_text_after_the_day_runs_late(
    qtbot: Any, main_window: Any, clock: FakeClock, size: tuple[int, int]
) -> None:
    """Refilled with the model's signals blocked, the columns kept their first widths: once the
    day ran 15 minutes late, Time showed '10:1…', Status 'RUNN…' and Actual was cut."""
    main_window.resize(*size)
    table = agenda_table(main_window, qtbot)
    assert cut_columns(table) == {}  # at 1920x1080, Kind and Topic were cut before anything ran
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)  # 'Welcome' starts at 09:00, 30 min planned
    clock.advance(minutes=45)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F7)  # 15 min over: the rest of the day moves
    main_window.flush_refresh()
    QApplication.processEvents()
    assert table.item(2, COL_TIME).text() == "10:15 → 10:30"
    assert table.item(1, COL_STATUS).text() == "RUNNING"
    assert table.item(0, COL_ACTUAL).text() == "09:00–09:45"
    assert cut_columns(table) == {}
    header = table.horizontalHeader()
    assert header.sectionSize(COL_TITLE) >= table.viewport().width() // 4
    if size[0] >= 1920:  # room for every topic of the template; at 1280 Title has the room
        assert header.sectionSize(COL_TOPIC) >= table.sizeHintForColumn(COL_TOPIC)
    assert sum(header.sectionSize(c) for c in range(table.columnCount())) <= table.viewport().width()
    # a title cut short keeps its whole text in the cell's tooltip, elided with "…"
    assert table.textElideMode() == Qt.TextElideMode.ElideRight
    for row in range(table.rowCount()):
        for col in (COL_TITLE, COL_KIND, COL_TOPIC):
            cell = table.item(row, col)
            assert cell.toolTip() == cell.text()


def test_a_long_topic_is_elided_not_pushing_the_titles_off_the_table(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    topic = ow.board.topics()[0]
    long_title = "Market drivers in the convenience channel across both regions and every banner we share"
    ow.board.update_topic(topic.id, title=long_title)
    table = agenda_table(main_window, qtbot)
    header = table.horizontalHeader()
    assert header.sectionSize(COL_TITLE) >= table.viewport().width() // 4
    assert sum(header.sectionSize(c) for c in range(table.columnCount())) <= table.viewport().width()
    cells = [table.item(r, COL_TOPIC) for r in range(table.rowCount())]
    assert any(c.text() == long_title and c.toolTip() == long_title for c in cells)
    for col in (COL_TIME, COL_KIND, COL_STATUS, COL_ACTUAL):
        assert header.sectionSize(col) >= table.sizeHintForColumn(col)


@pytest.fixture
def complete(tmp_path: Path, clock: FakeClock) -> Iterator[OpenWorkshop]:
    ow = OpenWorkshop.create_from_template(SAMPLE, tmp_path / "complete.planwall", clock)
    yield ow
    ow.close()


@pytest.mark.parametrize("presses", [2, 3, 5])
def test_agenda_fits_a_1280_window_at_larger_text(
    qtbot: Any, complete: OpenWorkshop, show_window: Callable[[Any], Any], presses: int
) -> None:
    """At 120% the item buttons' row made the window 1313 px wide (1425 at 130%), and it stayed so."""
    settings = AppSettings()
    settings.text_scale = 1.0
    window = show_window(MainWindow(complete, settings, ticking=False))
    for _ in range(presses):  # Ctrl+= as for the back of the room
        qtbot.keyClick(window.rail, Qt.Key.Key_Equal, CTRL)
    window.settle()
    table = agenda_table(window, qtbot)
    window.settle()
    QApplication.processEvents()
    assert window.text_scale == pytest.approx(1 + presses / 10)
    assert window.current_stage.minimumSizeHint().width() + window.rail.width() < 1280
    assert window.width() == 1280
    buttons = [window.current_stage.start_button, window.current_stage.delete_button]
    for button in buttons:  # every button still shown whole, inside the window
        assert button.isVisible() and button.width() >= button.sizeHint().width()
        right = button.mapTo(window, button.rect().topRight()).x()
        assert right < window.width()
    # the times are whole; Topic, Kind, then Status gave way to keep the titles readable (at 150%
    # Title was left about 85 px, "Exe…", while Status kept "done, 5 min over")
    assert set(cut_columns(table)) <= {"Kind", "Status"}
    for row in range(table.rowCount()):
        status = table.item(row, COL_STATUS)
        assert status.toolTip() == status.text()  # an elided status says all of it when pointed at
    header = table.horizontalHeader()
    assert header.sectionSize(COL_TITLE) >= table.viewport().width() // 4


def test_an_ampersand_in_a_day_title_shows_in_its_tab(qtbot: Any, main_window: Any, ow: OpenWorkshop) -> None:
    """'Growth & Value' showed as 'Growth  Value' with the V underlined (a mnemonic), and Alt+V
    would have jumped to the tab."""
    agenda_table(main_window, qtbot)
    stage = main_window.current_stage
    edit = stage.page.title_edit
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, "Day 1: Growth & Value")
    qtbot.keyClick(edit, Qt.Key.Key_Tab)
    main_window.flush_refresh()
    assert ow.agenda.days()[0].title == "Day 1: Growth & Value"
    shown = stage.tabs.tabText(0)
    assert shown == "Day 1: Growth && Value"  # Qt shows '&&' as one '&'
    assert QKeySequence.mnemonic(shown).isEmpty()
    assert stage.tabs.tabToolTip(0) == "Day 1: Growth & Value"  # whole, if the tab is elided
    assert stage.tabs.elideMode() == Qt.TextElideMode.ElideRight


def shown(label: Any) -> str:
    """The text a label paints (an eliding label keeps the whole text as its text())."""
    return str(label.shown_text()) if hasattr(label, "shown_text") else str(label.text())


def assert_elided_to_fit(label: Any, whole: str) -> None:
    text = shown(label)
    assert label.text() == whole
    assert label.toolTip() == whole
    assert text.endswith("…") and whole.startswith(text[:-1]), text
    assert label.fontMetrics().horizontalAdvance(text) <= label.contentsRect().width()


def test_the_timer_bar_elides_long_titles_and_keeps_them_in_the_tooltip(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    """At 1280x720 the bar cut 'Partnership context: both compani' and 'next: Market driv'
    mid-word, with no sign that anything was missing."""
    agenda_table(main_window, qtbot)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F7)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F7)
    main_window.ctx.poll_status()
    bar = main_window.timer
    QApplication.processEvents()  # the bar's layout for the new buttons' text
    title = "Partnership context: both companies' view"
    detail = "Day 1 · Presentation · next: Market drivers: collect ideas"
    assert_elided_to_fit(bar.title_label, title)
    assert_elided_to_fit(bar.detail_label, detail)
    main_window.resize(1920, 1080)  # room for all of it: no "…"
    QApplication.processEvents()
    assert shown(bar.title_label) == title and shown(bar.detail_label) == detail
    main_window.resize(1280, 720)
    for _ in range(3):  # larger text: elided again for the new size
        qtbot.keyClick(main_window.rail, Qt.Key.Key_Equal, CTRL)
    main_window.settle()
    QApplication.processEvents()
    assert_elided_to_fit(bar.title_label, title)
    assert_elided_to_fit(bar.detail_label, detail)


def test_setup_day_dates_take_the_forms_the_due_dates_take(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    """Rocks and Actions took '11 Mar 2026' as a due date; Setup refused it as a day's date."""
    qtbot.keyClick(main_window.rail, Qt.Key.Key_1, CTRL)
    setup = main_window.current_stage
    day1 = setup.date_edits[0]
    ow.setup.set_day_date(2, None)  # (day 1 goes past day 2's date below: days keep their order)
    for typed, stored in (
        ("11 Mar 2026", date(2026, 3, 11)),
        ("12/03/2026", date(2026, 3, 12)),
        ("13.03.2026", date(2026, 3, 13)),
        ("2026-03-14", date(2026, 3, 14)),
    ):
        day1.setFocus()
        day1.selectAll()
        qtbot.keyClicks(day1, typed)
        qtbot.keyClick(day1, Qt.Key.Key_Return)
        assert ow.agenda.days()[0].date == stored, typed
        assert main_window.message_bar.level != "error", main_window.message_bar.label.text()
    day1.selectAll()
    qtbot.keyClicks(day1, "31 Feb 2026")
    qtbot.keyClick(day1, Qt.Key.Key_Return)
    assert ow.agenda.days()[0].date == date(2026, 3, 14)
    assert day1.text() == "31 Feb 2026"  # kept, to be put right
    message = main_window.message_bar.label.text()
    assert "'31 Feb 2026' is not a date" in message and DATE_HINT in message
    assert DATE_HINT in day1.toolTip()


def test_a_shortened_running_item_reads_minus_not_plus_minus(ow: OpenWorkshop) -> None:
    """'RUNNING (+-10 min)' for an item cut by 10 minutes (found in review of the pack)."""
    from workshop_app.ui.stages.agenda_stage import item_status

    item = ow.agenda.start()
    ow.agenda.extend(5)
    assert item_status(ow.agenda.running_item(), item.id, None) == "RUNNING (+5 min)"
    ow.agenda.extend(-15)
    assert item_status(ow.agenda.running_item(), item.id, None) == "RUNNING (-10 min)"


def test_tooltips_show_typed_markup_as_typed(qtbot: Any, main_window: Any, ow: OpenWorkshop) -> None:
    """Tooltips guess their format: a title typed as '<b>Grow</b>' showed bold (found in review)."""
    from PySide6 import QtGui

    typed = "<b>Grow</b> the <img src=x> category & more"
    day = ow.agenda.days()[0]
    ow.agenda.update_day(day.id, title=typed)
    ow.agenda.add_item(day.id, typed, "discussion", 30)
    table = agenda_table(main_window, qtbot)
    tips = [table.item(r, COL_TITLE).toolTip() for r in range(table.rowCount())]
    tips.append(main_window.current_stage.tabs.tabToolTip(0))
    shown_tips = []
    for tip in tips:
        doc = QtGui.QTextDocument()
        doc.setHtml(tip) if QtGui.Qt.mightBeRichText(tip) else doc.setPlainText(tip)
        shown_tips.append(doc.toPlainText())
    assert shown_tips.count(typed) == 2  # the item's title cell and the day's tab
