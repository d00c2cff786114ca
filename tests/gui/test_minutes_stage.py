"""Minutes & Actions: entries by keyboard with kind and agenda stamp, inline edits, the action register."""

from __future__ import annotations

import os
from collections import OrderedDict

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from datetime import date

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QComboBox

from workshop_app.model import ActionItem, MinutesEntry
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._minutes_actions import DUE, OWNER, STATUS
from workshop_app.ui.stages.minutes_stage import KIND, TEXT, MinutesStage, split_prefix

pytestmark = pytest.mark.gui


@pytest.fixture
def people(ow: OpenWorkshop) -> dict[str, int]:
    ow.setup.set_detail("supplier_name", "Northfield Foods")
    ow.setup.set_detail("customer_name", "FreshMart")
    return {
        n: ow.setup.add_participant(n, s).id
        for n, s in (("Anna", "supplier"), ("Ben", "customer"), ("Cara", "customer"))
    }


def make_stage(ctx: UiContext, qtbot: object) -> MinutesStage:
    stage = MinutesStage(ctx)
    qtbot.addWidget(stage)  # type: ignore[attr-defined]
    # what the main window does: refresh the visible stage once the change is done
    ctx.workshop_changed.connect(lambda _label: QTimer.singleShot(0, stage.refresh))
    stage.resize(1280, 720)
    with qtbot.waitActive(stage):  # type: ignore[attr-defined]
        stage.show()
        stage.activateWindow()
    stage.refresh()
    stage.focus_primary()
    return stage


def settle(qtbot: object) -> None:
    """Let queued edits, saves and the deferred refreshes run (a save may take a while to reach the disk)."""
    for _ in range(4):
        qtbot.wait(25)  # type: ignore[attr-defined]


def test_prefixes() -> None:
    assert split_prefix("d: Ship weekly") == ("decision", "Ship weekly")
    assert split_prefix("R:data late") == ("risk", "data late")
    assert split_prefix(" p : pricing") == ("parking_lot", "pricing")
    # only the prefixes the guide documents: any other word before a colon is kept as typed
    assert split_prefix("PL: move 20 yoghurt SKUs to own label") == (
        None,
        "PL: move 20 yoghurt SKUs to own label",
    )
    assert split_prefix("Risk: none") == (None, "Risk: none")
    assert split_prefix("parking lot: pricing") == (None, "parking lot: pricing")
    assert split_prefix("PS: not a kind") == (None, "PS: not a kind")
    assert split_prefix("09:00 start") == (None, "09:00 start")


def test_decision_and_note_by_keyboard_are_stamped(ctx, ow, clock, qtbot) -> None:
    item = ow.agenda.all_items()[2]
    ow.agenda.start(item.id)
    stage = make_stage(ctx, qtbot)
    assert stage.entry.hasFocus()
    assert item.title in stage.stamp.text()

    qtbot.keyClick(stage.entry, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    assert stage.kind() == "decision"
    qtbot.keyClicks(stage.entry, "Forecast shared every Monday")
    qtbot.keyClick(stage.entry, Qt.Key.Key_Return)
    clock.advance(minutes=4)
    qtbot.keyClicks(stage.entry, "r: IT capacity unclear")  # a prefix for this one entry
    assert stage.kind_buttons[2].property("preview") is True
    qtbot.keyClick(stage.entry, Qt.Key.Key_Return)
    qtbot.keyClicks(stage.entry, "Second decision <b>as typed</b>")
    qtbot.keyClick(stage.entry, Qt.Key.Key_Enter)
    assert stage.entry.hasFocus() and stage.entry.text() == ""

    rows = [(e.kind, e.text, e.agenda_item_id, e.created_at) for e in ow.minutes.entries()]
    assert rows == [
        (
            "decision",
            "Forecast shared every Monday",
            item.id,
            clock.now().replace(minute=clock.now().minute - 4),
        ),
        ("risk", "IT capacity unclear", item.id, clock.now()),
        ("decision", "Second decision <b>as typed</b>", item.id, clock.now()),
    ]
    settle(qtbot)
    assert stage.table.rowCount() == 3
    local = ow.minutes.entries()[0].created_at.astimezone().strftime("%H:%M")
    assert [stage.table.item(0, c).text() for c in range(4)] == [
        local,
        item.title,
        "Decision",
        "Forecast shared every Monday",
    ]

    # Ctrl+Z right after Enter undoes the saved entry (the window's Undo, not the line's)
    undo = QAction("Undo", stage)
    undo.setShortcut(QKeySequence.StandardKey.Undo)
    undo.triggered.connect(ow.undo)
    stage.addAction(undo)
    qtbot.keyClicks(stage.entry, "Oops, wrong line")
    qtbot.keyClick(stage.entry, Qt.Key.Key_Return)
    assert len(ow.minutes.entries()) == 4
    qtbot.keyClick(stage.entry, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [e.text for e in ow.minutes.entries()][-1] == "Second decision <b>as typed</b>"

    # an empty entry is refused and nothing typed is lost
    qtbot.keyClicks(stage.entry, "d:   ")
    qtbot.keyClick(stage.entry, Qt.Key.Key_Return)
    assert stage.entry.text() == "d:   "
    assert ctx.messages[-1][0] == "error"
    assert len(ow.minutes.entries()) == 3


def test_entries_are_edited_and_deleted_in_place(ctx, ow, qtbot) -> None:
    note = ow.minutes.add("Leaders meet quarterly")
    ow.minutes.add("Pricing", "parking_lot")
    stage = make_stage(ctx, qtbot)
    table = stage.table
    table.setFocus()
    table.setCurrentCell(0, KIND)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QComboBox)
    qtbot.keyClick(editor, Qt.Key.Key_Down)  # Note -> Decision
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot)
    assert ow.minutes.get(MinutesEntry, note.id).kind == "decision"
    table.setCurrentCell(0, TEXT)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Leaders meet every quarter")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot)
    assert ow.minutes.get(MinutesEntry, note.id).text == "Leaders meet every quarter"
    assert table.item(0, TEXT).text() == "Leaders meet every quarter"

    # a refresh while a cell is being edited (another change elsewhere) keeps the typing
    table.setCurrentCell(0, TEXT)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "Leaders meet in March")
    ow.minutes.add("Added meanwhile")
    stage.refresh()
    assert editor.text() == "Leaders meet in March"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot)
    assert ow.minutes.get(MinutesEntry, note.id).text == "Leaders meet in March"
    assert table.rowCount() == 3

    stage.kind_filter.setCurrentIndex(stage.kind_filter.findData("parking_lot"))
    stage.refresh()
    assert table.rowCount() == 1 and table.item(0, TEXT).text() == "Pricing"
    table.setFocus()
    table.setCurrentCell(0, TEXT)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert [e.text for e in ow.minutes.entries()] == ["Leaders meet in March", "Added meanwhile"]
    assert "Undo" in ctx.messages[-1][1]


def type_action(reg, qtbot, text: str, owner: str, due: str) -> None:  # type: ignore[no-untyped-def]
    """The action row by keyboard: text, Tab, owner by its first letters, Tab, Tab past the side, due."""
    reg.text.setFocus()
    qtbot.keyClicks(reg.text, text)
    qtbot.keyClick(reg.text, Qt.Key.Key_Tab)
    assert reg.owner.hasFocus()
    qtbot.keyClicks(reg.owner, owner)  # keyboard search in the combo
    qtbot.keyClick(reg.owner, Qt.Key.Key_Tab)
    qtbot.keyClick(reg.side, Qt.Key.Key_Tab)  # side: from the owner
    qtbot.keyClicks(reg.due, due)


@pytest.mark.parametrize("last", ["owner", "side", "rock"])
def test_enter_on_a_choice_box_adds_the_action_as_on_the_text(ctx, ow, people, qtbot, last) -> None:  # type: ignore[no-untyped-def]
    """The hint says "Enter adds": also with the focus on the owner, side or rock box (review)."""
    rock = ow.rocks.add("Shared forecast")
    stage = make_stage(ctx, qtbot)
    reg = stage.actions
    type_action(reg, qtbot, "Send the data-sharing agreement", "Ben", "31/12/2026")
    qtbot.keyClick(reg.due, Qt.Key.Key_Tab)
    qtbot.keyClicks(reg.rock, "1")  # rocks are listed "1. Shared forecast"
    box = getattr(reg, last)
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Return)
    stored = [(a.text, a.owner_id, a.due_date, a.rock_id) for a in ow.actions.actions()]
    assert stored == [("Send the data-sharing agreement", people["Ben"], date(2026, 12, 31), rock.id)]
    assert reg.text.hasFocus() and reg.text.text() == ""


def test_actions_by_keyboard_then_filters(ctx, ow, people, qtbot) -> None:
    rock = ow.rocks.add("Shared forecast")
    stage = make_stage(ctx, qtbot)
    reg = stage.actions
    type_action(reg, qtbot, "Share the forecast file", "Ben", "20/03/2026")
    qtbot.keyClick(reg.due, Qt.Key.Key_Return)
    assert reg.text.hasFocus() and reg.text.text() == "" and reg.owner.currentText() == "not set"

    qtbot.keyClicks(reg.text, "Book the quarterly review")
    reg.owner.setCurrentIndex(reg.owner.findData(people["Anna"]))
    reg.side.setCurrentIndex(reg.side.findData("joint"))
    reg.rock.setCurrentIndex(reg.rock.findData(rock.id))
    qtbot.keyClicks(reg.due, "someday")
    qtbot.keyClick(reg.due, Qt.Key.Key_Return)
    assert reg.text.text() == "Book the quarterly review" and reg.due.text() == "someday"  # kept
    assert "someday" in ctx.messages[-1][1]
    reg.due.clear()
    qtbot.keyClick(reg.text, Qt.Key.Key_Return)

    stored = [(a.text, a.owner_id, a.side, a.due_date, a.rock_id, a.status) for a in ow.actions.actions()]
    assert stored == [
        ("Share the forecast file", people["Ben"], "customer", date(2026, 3, 20), None, "open"),
        ("Book the quarterly review", people["Anna"], "joint", None, rock.id, "open"),
    ]
    settle(qtbot)
    assert reg.table.rowCount() == 2
    assert reg.table.item(0, 2).text() == "FreshMart"  # the side shows the company's name

    # mark the first one done in place, change its owner, fix its date
    table = reg.table
    table.setFocus()
    table.setCurrentCell(0, STATUS)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.setCurrentIndex(editor.findData("done"))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot)
    table.setCurrentCell(0, OWNER)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.setCurrentIndex(editor.findData(people["Cara"]))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot)
    table.setCurrentCell(0, DUE)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "2026-03-27")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot)
    first = ow.actions.actions()[0]
    assert (first.status, first.owner_id, first.due_date) == ("done", people["Cara"], date(2026, 3, 27))
    # a date that is not a date: refused, and the typed text stays in the cell, in red
    table.setCurrentCell(0, DUE)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    qtbot.keyClicks(editor, "end of Q2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(qtbot)
    assert "end of Q2" in ctx.messages[-1][1]
    assert table.item(0, DUE).text() == "end of Q2"
    assert ow.actions.actions()[0].due_date == date(2026, 3, 27)

    def show(combo: QComboBox, value: object) -> list[str]:
        combo.setCurrentIndex(combo.findData(value))
        combo.activated.emit(combo.currentIndex())
        return [table.item(r, 0).text() for r in range(table.rowCount())]

    assert show(reg.status_filter, "open") == ["Book the quarterly review"]
    assert reg.count.text() == "1 of 2 shown"
    assert show(reg.status_filter, "all") == ["Share the forecast file", "Book the quarterly review"]
    assert show(reg.owner_filter, people["Cara"]) == ["Share the forecast file"]
    assert show(reg.owner_filter, "all") and show(reg.side_filter, "joint") == ["Book the quarterly review"]
    assert show(reg.side_filter, "all") and show(reg.rock_filter, rock.id) == ["Book the quarterly review"]
    assert ow.actions.actions(rock_id=rock.id)[0].text == "Book the quarterly review"

    # the wall: decisions and open actions, large
    ow.minutes.add("Forecast every Monday", "decision")
    wall = stage.wall_view()
    qtbot.addWidget(wall)
    wall.resize(1280, 720)
    text = wall.plain_text()
    assert "Decisions (1)" in text and "Forecast every Monday" in text
    assert "1 open of 2" in text and "Book the quarterly review" in text
    assert "Share the forecast file" not in text  # done: not on the wall
    assert wall.base_px() >= 720 // 40

    assert show(reg.rock_filter, "all")
    table.setFocus()
    table.setCurrentCell(table.row_of(ow.actions.actions()[1].id), 0)
    qtbot.keyClick(table, Qt.Key.Key_Delete)
    assert ow.actions.get(ActionItem, first.id).text == "Share the forecast file"
    assert len(ow.actions.actions()) == 1


@pytest.fixture(params=[9.0, 12.0, 16.0])  # 12 pt: the font a larger text size leaves to later windows
def point_size(request: pytest.FixtureRequest) -> Iterator[float]:
    old = QApplication.font()
    font = QApplication.font()
    font.setPointSizeF(request.param)
    QApplication.setFont(font)
    yield request.param
    QApplication.setFont(old)


def test_long_entries_wrap_in_taller_rows_on_screen_and_when_scrolled_to(
    ctx: UiContext, ow: OpenWorkshop, qtbot: object, point_size: float
) -> None:
    """Rows are fitted to their text as they come into view (not all at once), long text never cut off.

    Scrolled to the end, the view stays at the end while the rows there grow (the scroll
    bar's range follows grown rows only a moment later).
    """
    assert QApplication.font().pointSizeF() == point_size
    long_text = "Agree the promotional calendar for the whole year with every buyer " * 6
    for n in range(120):
        ow.minutes.add(long_text if n % 2 == 0 else f"Short note {n}", "note")
    stage = make_stage(ctx, qtbot)
    table = stage.table
    table.scrollToTop()
    QApplication.processEvents()
    assert table.rowHeight(0) > 1.8 * table.rowHeight(1)  # long text wrapped onto several lines
    last_long = table.rowCount() - 2
    table.scrollToBottom()
    QApplication.processEvents()
    assert table.rowHeight(last_long) > 1.8 * table.rowHeight(last_long + 1)
    bar = table.verticalScrollBar()
    assert bar.value() == bar.maximum()  # still showing the latest entries after the rows grew
    middle = table.rowCount() // 2 - (table.rowCount() // 2) % 2
    table.scrollToItem(table.item(middle, TEXT))
    QApplication.processEvents()
    assert table.rowHeight(middle) > 1.8 * table.rowHeight(middle + 1)


def test_a_refill_rebuilds_only_the_rows_that_changed(qtbot: object) -> None:
    """A new minute, a deleted row or an edit rebuilds that row alone (a full refill lays out
    every row again: a quarter of a second with 1,500 minutes); other changes refill it all."""
    from workshop_app.ui.stages._minutes_table import EditTable

    table = EditTable(["Text", "Kind"])
    qtbot.addWidget(table)  # type: ignore[attr-defined]
    table.resize(600, 400)
    table.show()

    def rows(*texts: str) -> list[tuple[int, list[tuple[object, ...]]]]:
        return [(int(t.split()[-1]), [(t, None, True), ("Note", "note", True)]) for t in texts]

    def shown() -> list[str]:
        return [table.item(r, 0).text() for r in range(table.rowCount())]

    table.fill(rows("a 1", "b 2", "c 3"))
    first = [table.item(r, 0) for r in range(3)]
    table.setCurrentCell(1, 0)
    table.fill(rows("a 1", "b 2", "c 3", "d 4"))  # added at the end
    assert shown() == ["a 1", "b 2", "c 3", "d 4"]
    assert [table.item(r, 0) for r in range(3)] == first  # the same items: not rebuilt
    assert table.current_id() == 2
    table.fill(rows("a 1", "c 3", "d 4"))  # one removed
    assert shown() == ["a 1", "c 3", "d 4"] and table.item(1, 0) is first[2]
    assert table.current_id() in (1, 3)  # the row that had the focus is gone
    table.fill(rows("a 1", "c changed 3", "d 4"))  # one changed in place
    assert shown() == ["a 1", "c changed 3", "d 4"] and table.item(0, 0) is first[0]
    table.fill(rows("d 4", "a 1"))  # anything else: everything again
    assert shown() == ["d 4", "a 1"] and table.item(1, 0) is not first[0]

    # typed into a cell (saved or refused): the next fill shows what the rows say again
    table.item(1, 0).setText("a typed 1")
    table.fill(rows("d 4", "a 1"))
    assert shown() == ["d 4", "a 1"]
    table.mark_refused(0, 0, "#ff0000")
    table.item(0, 0).setText("refused")
    table.fill(rows("d 4", "a 1"))
    assert shown() == ["d 4", "a 1"] and table.item(0, 0).foreground().color().name() != "#ff0000"


def test_a_wall_view_fits_as_the_last_one_did_in_fewer_layouts_and_never_differently(
    ctx: UiContext, ow: OpenWorkshop, qtbot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fresh wall view is made after every change; it starts from the size the last one fitted
    at and the heights already measured (one layout instead of up to a dozen when the text is as
    before) and still finds what a full search finds."""
    from workshop_app.ui.stages import _rock_common
    from workshop_app.ui.stages._minutes_wall import MinutesWallView

    monkeypatch.setattr(_rock_common, "_LAST_FITS", {})
    monkeypatch.setattr(_rock_common, "_HEIGHTS", OrderedDict())

    def fitted() -> tuple[object, int]:
        view = MinutesWallView(ctx)
        qtbot.addWidget(view)  # type: ignore[attr-defined]
        view.resize(1280, 720)
        layouts: list[int] = []
        layout = view._layout
        view._layout = lambda size, *rest: (layouts.append(size), layout(size, *rest))[1]  # type: ignore[method-assign]
        view.base_px()
        return view._laid_out, len(layouts)

    def fresh() -> object:
        _rock_common._LAST_FITS.clear()
        _rock_common._HEIGHTS.clear()
        return fitted()[0]

    for n in range(3):
        ow.minutes.add(f"Decision {n}", "decision")
    first, first_layouts = fitted()
    again, again_layouts = fitted()
    assert again == first and again_layouts == 1 < first_layouts
    for n in range(30):  # more than fits: a shorter list at a smaller size
        ow.minutes.add(f"A longer decision about the joint promotional calendar, number {n}", "decision")
    grown, _ = fitted()
    assert grown == fresh() and grown != first
    again, again_layouts = fitted()  # a shorter list at a smaller size: the sizes and lists tried
    assert again == grown and again_layouts == 1  # around it are known, only the one shown is laid out
    for entry in ow.minutes.entries()[3:]:
        ow.minutes.delete(entry.id)
    shrunk, _ = fitted()
    assert shrunk == fresh() == first


def test_a_remembered_fit_gives_way_when_more_detail_fits_again(
    ctx: UiContext, qtbot: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop_app.ui.stages import _rock_common

    monkeypatch.setattr(_rock_common, "_LAST_FITS", {})
    monkeypatch.setattr(_rock_common, "_HEIGHTS", OrderedDict())
    text = {3: "<p>" + "much detail " * 400 + "</p>", 2: "<p>" + "less detail " * 60 + "</p>"}

    def fitted() -> object:
        view = _rock_common.FitHtmlView(lambda _size, limit: text[limit], ctx, limits=(3, 2))
        qtbot.addWidget(view)  # type: ignore[attr-defined]
        view.resize(800, 600)
        view.base_px()
        return view._laid_out

    assert fitted()[1] == 2  # type: ignore[index]
    text[3] = "<p>now short</p>"
    assert fitted()[1] == 3  # type: ignore[index]
