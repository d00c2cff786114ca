"""The main window: stage rail and Ctrl+1..9, undo/redo texts, saved state, messages, look, files."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QScrollArea

from workshop_app.errors import SaveFailedError
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.settings import AppSettings
from workshop_app.ui.stages import STAGE_KEYS
from workshop_app.ui.theme import DARK, LIGHT, point_size
from workshop_app.ui.widgets.wall_text import WallLabel

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def test_ctrl_digits_switch_stages_and_the_file_remembers_the_stage(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    digits = [
        Qt.Key.Key_1,
        Qt.Key.Key_2,
        Qt.Key.Key_3,
        Qt.Key.Key_4,
        Qt.Key.Key_5,
        Qt.Key.Key_6,
        Qt.Key.Key_7,
        Qt.Key.Key_8,
        Qt.Key.Key_9,
    ]
    for key, expected in reversed(list(zip(digits, STAGE_KEYS, strict=True))):
        qtbot.keyClick(main_window, key, CTRL)
        assert main_window.current_key == expected
        page = main_window.stack.currentWidget()
        assert isinstance(page, QScrollArea) and page.widget() is main_window.current_stage
        assert main_window.rail.currentRow() == STAGE_KEYS.index(expected)
        qtbot.waitUntil(lambda expected=expected: ow.recall("stage") == expected)  # written on the next turn
    assert main_window.stage_title.text() == main_window.stages[0].title
    assert len(main_window.stages) == 9
    qtbot.keyClick(main_window, Qt.Key.Key_4, CTRL)
    main_window.close()  # at once: what was put off is written before the file closes
    again = OpenWorkshop.open(ow.path, read_only=True)
    try:
        assert again.recall("stage") == "clusters"
    finally:
        again.close()


def test_undo_and_redo_menu_texts_name_the_change(qtbot: Any, main_window: Any, ow: OpenWorkshop) -> None:
    assert main_window.undo_action.text() == "Undo"
    assert not main_window.undo_action.isEnabled()
    ow.setup.add_participant("Anna Berg", "supplier")
    assert main_window.undo_action.text() == "Undo add person 'Anna Berg'"
    assert main_window.undo_action.isEnabled()
    main_window.rail.setFocus()
    qtbot.keyClick(main_window.rail, Qt.Key.Key_Z, CTRL)
    assert [p.name for p in ow.setup.participants()] == []
    assert main_window.redo_action.text() == "Redo add person 'Anna Berg'"
    assert main_window.message_bar.label.text().startswith("Undone: add person 'Anna Berg'")
    qtbot.keyClick(main_window.rail, Qt.Key.Key_Z, CTRL | SHIFT)
    assert [p.name for p in ow.setup.participants()] == ["Anna Berg"]
    assert main_window.redo_action.text() == "Redo"
    assert not main_window.redo_action.isEnabled()


def test_title_shows_file_name_and_saved_state(main_window: Any, ow: OpenWorkshop) -> None:
    assert main_window.windowTitle() == "workshop.planwall — Planwall — Saved"

    def failing() -> None:
        raise SaveFailedError("The disk holding workshop.planwall is full. Your last change was not saved.")

    assert main_window.ctx.run(failing) is None
    assert main_window.windowTitle() == "workshop.planwall — Planwall — NOT SAVED"
    assert main_window.message_bar.isVisible()
    assert main_window.message_bar.level == "error"
    ow.setup.set_detail("location", "Utrecht")
    assert main_window.windowTitle() == "workshop.planwall — Planwall — Saved"


def test_an_error_shows_in_the_message_bar_until_dismissed(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    assert not main_window.message_bar.isVisible()
    main_window.ctx.run(ow.agenda.pause)  # nothing is running
    bar = main_window.message_bar
    assert bar.isVisible()
    assert bar.level == "error"
    assert "No agenda item is running" in bar.label.text()
    assert not bar._hide_timer.isActive()  # errors never disappear by themselves
    main_window.ctx.info("Note for later")
    assert bar._hide_timer.isActive()  # information does
    main_window.ctx.error("Second problem")
    qtbot.keyClick(main_window.rail, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert bar.label.text() == ""


def test_text_size_and_theme_apply_and_are_remembered(qtbot: Any, main_window: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_Equal, CTRL)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_Equal, CTRL)  # before the stages took the first
    assert app.font().pointSizeF() == pytest.approx(point_size(1.2))
    qtbot.waitUntil(lambda: main_window.ctx.text_scale == pytest.approx(1.2))  # the stages: next turn
    qtbot.keyClick(main_window.rail, Qt.Key.Key_Minus, CTRL)
    qtbot.waitUntil(lambda: main_window.ctx.text_scale == pytest.approx(1.1))
    assert AppSettings().text_scale == pytest.approx(1.1)
    assert app.palette().window().color().name() == LIGHT.bg
    qtbot.keyClick(main_window.rail, Qt.Key.Key_D, CTRL | SHIFT)
    assert main_window.ctx.theme == "dark"
    assert app.palette().window().color().name() == DARK.bg
    assert colour_at(main_window.rail, 2, main_window.rail.height() - 3) == DARK.panel
    assert AppSettings().theme == "dark"
    assert main_window.dark_action.isChecked()


def test_a_live_text_size_gives_the_board_controls_what_a_fresh_stage_has(
    qtbot: Any, main_window: Any
) -> None:
    """The board stages size their text with fonts (their sheet never changes); the controls
    that keep sizes from the old font until polished (the capture box's text area, where its
    hint is painted; a check box) are polished again, and match a stage built at the new size."""
    from PySide6.QtWidgets import QCheckBox

    from workshop_app.ui.stages.vote_stage import VoteStage

    main_window.show_stage("vote")
    main_window.show_stage("ideas")
    main_window.set_text_scale(1.3)
    main_window.settle()
    main_window.show_stage("vote")
    qtbot.wait(100)
    capture = main_window.stages[2].capture
    assert capture.font().pixelSize() == capture.viewport().font().pixelSize() == 25  # CARD_PX 19 x 1.3
    live = main_window.current_stage.findChildren(QCheckBox)[0]
    fresh = VoteStage(main_window.ctx)
    qtbot.addWidget(fresh)
    assert live.sizeHint() == fresh.findChildren(QCheckBox)[0].sizeHint()


def colour_at(widget: Any, x: int, y: int) -> str:
    """The colour ``widget`` paints at (x, y), as #rrggbb."""
    return str(widget.grab().toImage().pixelColor(x, y).name())


def test_a_theme_change_recolours_every_stage_also_those_built_while_hidden(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    """The style sheet never changes: the palette does, and each stage is re-polished, the one
    on screen at once and every other one just before it is next shown."""
    from workshop_app.ui.stages._board_cards import NoteCard

    topic = ow.board.topics()[0].id
    ow.board.add_idea(topic, "Shared forecast", None)
    for index in range(len(STAGE_KEYS)):
        main_window.prebuild_stage(index)
    main_window.show_stage("ideas")
    qtbot.waitUntil(lambda: bool(main_window.current_stage.findChildren(NoteCard)))
    assert colour_at(main_window.current_stage.findChildren(NoteCard)[0], 30, 30) == LIGHT.card
    qtbot.keyClick(main_window.rail, Qt.Key.Key_D, CTRL | SHIFT)
    hidden = [stage for stage in main_window.stages if stage is not main_window.current_stage]
    assert all(stage.look_stale for stage in hidden)  # not re-polished yet: they are not on screen
    card = main_window.current_stage.findChildren(NoteCard)[0]
    assert colour_at(card, 30, 30) == DARK.card
    for key in STAGE_KEYS:
        main_window.show_stage(key)
        stage = main_window.current_stage
        assert not stage.look_stale
        assert colour_at(stage, 2, stage.height() - 3) == DARK.bg, key
    main_window.show_stage("ideas")
    qtbot.keyClick(main_window.rail, Qt.Key.Key_D, CTRL | SHIFT)
    assert colour_at(main_window.current_stage.findChildren(NoteCard)[0], 30, 30) == LIGHT.card


def test_wall_view_opens_with_f11_and_follows_the_stage(qtbot: Any, main_window: Any) -> None:
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F11)
    wall = main_window.wall
    assert wall is not None and wall.isVisible()
    assert wall.stage is main_window.current_stage
    first_view = wall.content
    main_window.show_stage("agenda")
    assert wall.stage is main_window.stages[1]
    # The laptop first; the wall builds and paints on the next turn, and paints nothing meanwhile.
    assert wall.content is first_view and not wall.updatesEnabled()
    qtbot.waitUntil(lambda: wall.settled)
    assert wall.updatesEnabled()
    assert wall.timer is None  # the agenda's own wall view shows the timer
    assert wall.content is not None
    main_window.show_stage("setup")
    wall.settle()
    assert wall.timer is not None and wall.content is None  # setup has no wall view: timer only
    wall.close()
    assert not main_window.wall_action.isChecked()


def test_the_wall_takes_a_new_theme_and_text_size_one_turn_after_the_laptop(
    qtbot: Any, main_window: Any
) -> None:
    """The laptop's window changes at once; the wall re-polishes and repaints on the next turn of
    the event loop (so the key press never waits for both windows), painting nothing meanwhile."""
    main_window.show_stage("agenda")
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F11)
    wall = main_window.wall
    assert wall is not None and wall.isVisible() and wall.settled
    main_window.activateWindow()
    labels = wall.findChildren(WallLabel)
    assert labels
    size = labels[0].font().pixelSize()
    assert colour_at(wall, 2, wall.height() - 3) == LIGHT.bg

    qtbot.keyClick(main_window.rail, Qt.Key.Key_D, CTRL | SHIFT)
    assert colour_at(main_window.rail, 2, main_window.rail.height() - 3) == DARK.panel
    assert not wall.settled and not wall.updatesEnabled()
    qtbot.waitUntil(lambda: wall.settled)
    assert wall.updatesEnabled()
    assert colour_at(wall, 2, wall.height() - 3) == DARK.bg

    qtbot.keyClick(main_window.rail, Qt.Key.Key_Equal, CTRL)
    assert labels[0].font().pixelSize() == size  # not yet: the stages first, then the wall
    qtbot.waitUntil(lambda: main_window.ctx.text_scale == pytest.approx(1.1) and wall.settled)
    assert labels[0].font().pixelSize() == round(size * 1.1)


def test_a_wall_view_that_fails_with_a_bug_leaves_the_wall_painting(
    qtbot: Any, main_window: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The wall paints nothing while it waits for its next turn; a bug in a stage's wall view
    during that turn must not leave it so (the error itself goes to the error reporter)."""
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F11)
    wall = main_window.wall
    assert wall is not None and wall.isVisible()
    agenda = main_window.stages[1]

    def broken() -> None:
        raise RuntimeError("a bug in a wall view")

    monkeypatch.setattr(agenda, "wall_view", broken)
    main_window.show_stage("agenda")
    assert not wall.updatesEnabled()
    with pytest.raises(RuntimeError, match="a bug in a wall view"):
        wall.settle()
    assert wall.updatesEnabled() and wall.settled


def test_a_closed_wall_is_not_rebuilt_until_it_is_shown_again(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    main_window.show_stage("minutes")
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F11)
    wall = main_window.wall
    assert wall is not None and wall.isVisible()
    wall.close()
    content = wall.content
    for n in range(3):
        ow.minutes.add(f"Decided while the wall was closed {n}", "decision")
        main_window.flush_refresh()
    assert wall.content is content  # no new wall view per change while nobody sees it
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F11)
    assert wall.isVisible() and wall.content is not content
    assert "Decided while the wall was closed 2" in wall.content.plain_text()


def test_save_a_copy_writes_a_complete_consistent_file(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, dialogs: Any, tmp_path: Path, clock: FakeClock
) -> None:
    ow.setup.add_participant("Anna Berg", "supplier")
    target = tmp_path / "copy.planwall"
    dialogs.files.append(str(target))
    qtbot.keyClick(main_window.rail, Qt.Key.Key_S, CTRL | SHIFT)
    assert "Saved a complete copy" in main_window.message_bar.label.text()
    con = sqlite3.connect(target)
    assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    con.close()
    copy = OpenWorkshop.open(target, clock)
    try:
        assert copy.counts() == ow.counts()
        assert [p.name for p in copy.setup.participants()] == ["Anna Berg"]
    finally:
        copy.close()
    dialogs.files.append(str(target))  # the same name again: refused, nothing overwritten
    qtbot.keyClick(main_window.rail, Qt.Key.Key_S, CTRL | SHIFT)
    assert main_window.message_bar.level == "error"
    assert "already exists" in main_window.message_bar.label.text()


def test_export_then_import_json_opens_the_imported_workshop(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, dialogs: Any, tmp_path: Path
) -> None:
    ow.setup.add_participant("Cleo Dane", "customer")
    exported = tmp_path / "doc.json"
    dialogs.files.append(str(exported))
    from workshop_app.ui.widgets import file_menu

    file_menu.export_json(main_window)
    qtbot.waitUntil(lambda: not main_window.workers, timeout=5000)
    assert exported.is_file()
    imported = tmp_path / "imported.planwall"
    dialogs.files.extend([str(exported), str(imported)])
    file_menu.import_json(main_window)
    qtbot.waitUntil(lambda: not main_window.workers, timeout=5000)
    assert main_window.ow.path == imported
    assert main_window.windowTitle().startswith("imported.planwall — Planwall")
    assert [p.name for p in main_window.ow.setup.participants()] == ["Cleo Dane"]
    assert imported in AppSettings().recent_files()


def test_opening_a_bad_file_keeps_the_current_workshop(
    main_window: Any, ow: OpenWorkshop, tmp_path: Path
) -> None:
    bad = tmp_path / "notes.planwall"
    bad.write_text("not a database")
    assert not main_window.open_path(bad)
    assert main_window.ow is ow
    assert "not a Planwall workshop" in main_window.message_bar.label.text()


def test_export_pack_writes_word_and_pdf_in_the_background(
    qtbot: Any, main_window: Any, dialogs: Any, tmp_path: Path
) -> None:
    dialogs.files.append(str(tmp_path / "pack.pdf"))
    qtbot.keyClick(main_window.rail, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: not main_window.workers, timeout=60000)
    assert (tmp_path / "pack.docx").is_file()
    assert (tmp_path / "pack.pdf").read_bytes().startswith(b"%PDF")
    assert "Written: pack.docx, pack.pdf" in main_window.message_bar.label.text()
    assert not main_window.export_dialog.isVisible()


def test_backups_are_made_in_the_background_when_due_and_when_an_item_ends(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, clock: FakeClock
) -> None:
    from workshop_app.store.backup import list_backups

    assert main_window.backup_tick() is None  # nothing changed yet: nothing to back up
    ow.setup.add_participant("Anna Berg", "supplier")
    assert main_window.backup_tick() is not None
    qtbot.waitUntil(lambda: not main_window.workers, timeout=10000)
    assert len(list_backups(ow.path)) == 1
    assert main_window.backup_tick() is None  # the next one waits for the policy's interval
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F6)  # start the first item
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F7)  # next: the first item ended, a milestone
    qtbot.waitUntil(lambda: not main_window.workers, timeout=10000)
    assert len(list_backups(ow.path)) == 2


def test_f1_lists_the_keys_without_blocking(qtbot: Any, main_window: Any) -> None:
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F1, SHIFT)
    dialog = main_window.help_dialog
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    text = "\n".join(label.text() for label in dialog.findChildren(type(main_window.stage_title)))
    assert "F6 start / pause / resume" in text and "Ctrl+5 Vote" in text
    dialog.close()


def test_a_workshop_open_in_the_window_is_refused_to_a_second_window(
    qtbot: Any, main_window: Any, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workshop_app.ui import recovery_dialogs
    from workshop_app.ui.start_window import StartWindow

    offered: list[str] = []

    def cancel(dialog: Any) -> int:
        offered.append(type(dialog).__name__)
        return 0  # Cancel

    monkeypatch.setattr(recovery_dialogs, "exec_dialog", cancel)
    other = OpenWorkshop.create_from_template("quarterly-rocks", tmp_path / "rocks.planwall", clock)
    other.close()
    assert main_window.open_path(tmp_path / "rocks.planwall", clock)
    second = StartWindow(AppSettings(), clock)
    qtbot.addWidget(second)
    assert not second.open_path(tmp_path / "rocks.planwall")
    assert offered == ["ReadOnlyOfferDialog"]
    assert "open in another window of Planwall" in second.message_bar.label.text()
    assert main_window.ow.path == tmp_path / "rocks.planwall"  # the first window keeps it


def test_export_warns_before_writing_text_the_pdf_font_cannot_draw(
    qtbot: Any, main_window: Any, ow: OpenWorkshop, dialogs: Any, tmp_path: Path
) -> None:
    """Issue 4: CJK/emoji are named before anything is written, and No writes nothing."""
    from PySide6.QtWidgets import QMessageBox

    topic = ow.board.topics()[0]
    ow.board.add_idea(topic.id, "店舗の在庫 🎉")
    dialogs.files.append(str(tmp_path / "pack.pdf"))
    dialogs.answers.append(QMessageBox.StandardButton.No)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: not main_window.workers, timeout=60000)
    asked = [args for kind, args in dialogs.calls if kind == "question"]
    assert asked and "店舗の在庫" in " ".join(str(a) for a in asked[-1])
    assert not (tmp_path / "pack.pdf").exists() and not (tmp_path / "pack.docx").exists()
    assert "Export not started" in main_window.message_bar.label.text()
    dialogs.files.append(str(tmp_path / "pack.pdf"))
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: not main_window.workers, timeout=60000)
    assert (tmp_path / "pack.pdf").read_bytes().startswith(b"%PDF")


def test_a_stage_that_showed_its_own_change_is_not_refreshed_again(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    """Minutes refreshes itself on Enter (the row shows before the next key); the window's
    refresh after the change would read and fill the same rows a second time."""
    main_window.show_stage("minutes")
    stage = main_window.current_stage
    calls: list[int] = []
    original = stage.refresh
    stage.refresh = lambda: (calls.append(ow.store.revision), original())
    qtbot.keyClicks(stage.entry, "d: joint calendar agreed")
    qtbot.keyClick(stage.entry, Qt.Key.Key_Return)
    qtbot.wait(50)
    main_window.flush_refresh()
    assert [e.text for e in ow.minutes.entries()] == ["joint calendar agreed"]
    assert len(calls) == 1
    ow.minutes.add("Changed elsewhere")  # e.g. undo, or a change from another stage: refreshed
    qtbot.waitUntil(lambda: stage.table.rowCount() == 2)
    assert len(calls) == 2


def test_a_refresh_put_off_while_a_note_is_edited_still_happens(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    from workshop_app.ui.stages._board_cards import NoteCard

    topic = ow.board.topics()[0].id
    ow.board.add_idea(topic, "Shared forecast", None)
    main_window.show_stage("ideas")
    stage = main_window.current_stage
    qtbot.waitUntil(lambda: len(stage.findChildren(NoteCard)) == 1)
    card = stage.findChildren(NoteCard)[0]
    card.setFocus()
    qtbot.keyClick(card, Qt.Key.Key_F2)
    assert card.editor is not None
    ow.board.add_idea(topic, "Added by another hand", None)  # e.g. from the wall's shortcuts
    main_window.flush_refresh()
    assert stage.fresh_revision != ow.store.revision  # put off, so not shown yet
    qtbot.keyClick(card.editor, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: len(stage.findChildren(NoteCard)) == 2)
    assert stage.fresh_revision == ow.store.revision


def test_larger_text_reaches_the_menus_hints_and_stages_built_while_hidden(
    qtbot: Any, main_window: Any
) -> None:
    """Under a style sheet a new application font does not reach widgets already polished;
    the menu bar and the hint line kept 12 pt after Ctrl+= until they are re-polished."""
    from PySide6.QtWidgets import QLineEdit

    for index in range(len(STAGE_KEYS)):
        main_window.prebuild_stage(index)
    main_window.show_stage("ideas")
    for _ in range(3):
        qtbot.keyClick(main_window.rail, Qt.Key.Key_Equal, CTRL)
    app_size = QApplication.font().pointSizeF()
    assert app_size == pytest.approx(point_size(1.3))
    assert main_window.menuBar().font().pointSizeF() == pytest.approx(app_size)
    assert main_window.stage_hint.font().pointSizeF() == pytest.approx(app_size)
    main_window.show_stage("setup")  # built before the change, hidden during it
    field = main_window.current_stage.findChildren(QLineEdit)[0]
    assert field.font().pointSizeF() == pytest.approx(app_size)
