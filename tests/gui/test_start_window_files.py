"""The start window and the File menu keep track of where a workshop is.

A recent workshop that is not there now stays listed and leads to its backups; a JSON
opened from the start window is imported where the facilitator says and the message names
the new file; a folder typed as the new workshop's file gets the workshop inside it; the
pack export never replaces a file nobody was asked about.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.backup import make_backup
from workshop_app.ui import recovery_dialogs
from workshop_app.ui.settings import AppSettings
from workshop_app.ui.start_window import StartWindow

pytestmark = pytest.mark.gui


def workshop(path: Path, clock: FakeClock, ideas: int = 0) -> Path:
    ow = OpenWorkshop.create_from_template("two-day-jbp", path, clock, title=path.stem)
    for n in range(ideas):
        ow.board.add_idea(ow.board.topics()[0].id, f"idea {n}")
    ow.close()
    return path


def start_window(qtbot: Any, clock: FakeClock) -> tuple[StartWindow, list[OpenWorkshop]]:
    start = StartWindow(AppSettings(), clock)
    qtbot.addWidget(start)
    start.resize(1280, 720)
    start.show()
    qtbot.waitExposed(start)
    got: list[OpenWorkshop] = []
    start.opened.connect(got.append)
    return start, got


def recent_texts(start: StartWindow) -> list[str]:
    return [start.recent_list.item(i).text() for i in range(start.recent_list.count())]


# --- 1. a recent workshop that is not there now -------------------------------------------------


def test_a_missing_recent_workshop_stays_listed_and_saved_until_it_is_back(
    qtbot: Any, tmp_path: Path, clock: FakeClock
) -> None:
    a = workshop(tmp_path / "a.planwall", clock)
    b = workshop(tmp_path / "b.planwall", clock)
    settings = AppSettings()
    settings.add_recent(a)
    settings.add_recent(b)
    aside = tmp_path / "stick-out.planwall"
    a.rename(aside)  # the stick holding it is out
    start, got = start_window(qtbot, clock)
    texts = recent_texts(start)
    assert texts[0].startswith("b.planwall") and "not found" not in texts[0]
    assert texts[1].startswith("a.planwall")
    assert "not found — reconnect the drive" in texts[1]
    grey = start.recent_list.palette().color(
        start.recent_list.palette().ColorGroup.Disabled, start.recent_list.palette().ColorRole.Text
    )
    assert start.recent_list.item(1).foreground().color() == grey
    start.recent_list.itemActivated.emit(start.recent_list.item(0))  # another file is opened
    assert len(got) == 1
    got[0].close()
    assert AppSettings().recent_files() == [b.absolute(), a.absolute()]  # a was not dropped
    aside.rename(a)  # the stick is back
    again, _ = start_window(qtbot, clock)
    assert recent_texts(again)[1] == f"a.planwall    {tmp_path}"


def test_choosing_a_missing_recent_workshop_offers_its_backups(
    qtbot: Any, tmp_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = workshop(tmp_path / "a.planwall", clock, ideas=3)
    make_backup(a, "auto", now=datetime(2026, 3, 10, 9, 15, tzinfo=UTC))
    AppSettings().add_recent(a)
    os.remove(a)
    shown: list[str] = []

    def restore(dialog: QDialog) -> int:
        qtbot.addWidget(dialog)
        dialog.show()
        shown.append("\n".join(label.text() for label in dialog.findChildren(QLabel)))
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)  # type: ignore[attr-defined]
        return dialog.result()

    monkeypatch.setattr(recovery_dialogs, "exec_dialog", restore)
    start, got = start_window(qtbot, clock)
    assert "open it to restore a backup" in recent_texts(start)[0]
    start.recent_list.itemActivated.emit(start.recent_list.item(0))
    assert "a.planwall is no longer in" in shown[0]
    assert len(got) == 1
    try:
        assert got[0].path == a and got[0].counts()["ideas"] == 3
    finally:
        got[0].close()


def test_del_removes_a_recent_entry_and_only_the_entry(qtbot: Any, tmp_path: Path, clock: FakeClock) -> None:
    a = workshop(tmp_path / "a.planwall", clock)
    b = workshop(tmp_path / "b.planwall", clock)
    AppSettings().add_recent(a)
    AppSettings().add_recent(b)
    os.remove(a)
    start, _ = start_window(qtbot, clock)
    assert "press Del to take it off the list" in recent_texts(start)[1]  # no backup of it
    start.recent_list.setFocus()
    qtbot.waitUntil(start.recent_list.hasFocus)
    start.recent_list.setCurrentRow(1)
    qtbot.keyClick(start.recent_list, Qt.Key.Key_Delete)
    assert AppSettings().recent_files() == [b.absolute()]
    assert recent_texts(start) == [f"b.planwall    {tmp_path}"]
    assert "Removed a.planwall from the recent list" in start.message_bar.label.text()
    assert b.is_file()


def test_a_file_gone_while_the_list_is_shown_says_what_to_do_in_the_window(
    qtbot: Any, tmp_path: Path, clock: FakeClock
) -> None:
    a = workshop(tmp_path / "a.planwall", clock)
    AppSettings().add_recent(a)
    start, got = start_window(qtbot, clock)
    os.remove(a)
    start.recent_list.itemActivated.emit(start.recent_list.item(0))
    text = start.message_bar.label.text()
    assert not got
    assert "workshop-app" not in text  # no command line in the window
    assert "reconnect it" in text and "Ctrl+O" in text
    assert "not found" in recent_texts(start)[0]
    assert AppSettings().recent_files() == [a.absolute()]


# --- 2. a JSON opened from the start window -----------------------------------------------------


def exported_json(tmp_path: Path, clock: FakeClock) -> Path:
    from workshop_app.ui.widgets.file_ops import export_json

    source = workshop(tmp_path / "source.planwall", clock, ideas=2)
    folder = tmp_path / "mail"
    folder.mkdir()
    out = folder / "w.json"
    export_json(source, out)
    return out


def test_a_json_from_the_start_window_is_saved_where_the_user_says_and_the_message_names_it(
    qtbot: Any, tmp_path: Path, clock: FakeClock, dialogs: Any
) -> None:
    from workshop_app.ui.app import PlanwallApp

    j = exported_json(tmp_path, clock)
    (tmp_path / "work").mkdir()
    target = tmp_path / "work" / "Acme JBP"  # the .planwall is added
    state = PlanwallApp(AppSettings())
    start = state.show_start()
    qtbot.addWidget(start)
    dialogs.files.extend([str(j), str(target)])
    start.choose_file()
    try:
        saves = [args for kind, args in dialogs.calls if kind == "save"]
        assert len(saves) == 1 and saves[0][2] == str(j.parent / "w.planwall")  # offered next to the JSON
        assert state.main is not None
        assert state.main.ow.path == target.with_name("Acme JBP.planwall")
        assert state.main.ow.counts()["ideas"] == 2
        text = state.main.message_bar.label.text()
        assert f"into a new workshop file, {target}.planwall" in text
        assert sorted(p.name for p in j.parent.iterdir()) == ["w.json"]  # nothing beside the JSON
    finally:
        if state.main is not None:
            state.main.close()


def test_a_json_import_cancelled_writes_nothing(
    qtbot: Any, tmp_path: Path, clock: FakeClock, dialogs: Any
) -> None:
    j = exported_json(tmp_path, clock)
    start, got = start_window(qtbot, clock)
    dialogs.files.extend([str(j)])  # then the save dialog is cancelled
    start.choose_file()
    assert not got
    assert sorted(p.name for p in j.parent.iterdir()) == ["w.json"]
    assert "w.json was not imported; nothing was written" in start.message_bar.label.text()


# --- 3. a folder typed as the new workshop's file -------------------------------------------


def test_a_folder_as_the_new_workshops_file_creates_it_inside_named_after_the_title(
    qtbot: Any, tmp_path: Path, clock: FakeClock
) -> None:
    folder = tmp_path / "JBP 2026"
    folder.mkdir()
    start, got = start_window(qtbot, clock)
    start.form.title_edit.setText("Acme x FreshMart")
    start.form.path_edit.setFocus()
    start.form.path_edit.selectAll()
    qtbot.keyClicks(start.form.path_edit, str(folder))
    qtbot.keyClick(start.form.path_edit, Qt.Key.Key_Return)
    assert len(got) == 1
    try:
        assert got[0].path == folder / "Acme-x-FreshMart.planwall"
        assert got[0].workshop().title == "Acme x FreshMart"
    finally:
        got[0].close()
    assert not (tmp_path / "JBP 2026.planwall").exists()  # not beside the folder
    assert start.form.path_edit.text() == str(folder / "Acme-x-FreshMart.planwall")
    start.form.path_edit.setText(str(folder) + os.sep)  # again: a second name, nothing replaced
    start.create_new()
    assert len(got) == 2
    got[1].close()
    assert got[1].path == folder / "Acme-x-FreshMart-2.planwall"
    start.form.path_edit.setText(str(tmp_path / "missing") + os.sep)
    start.create_new()
    assert len(got) == 2
    assert "The folder" in start.message_bar.label.text() and "is not there" in start.message_bar.label.text()
    assert not (tmp_path / "missing.planwall").exists()


# --- 4. File > Export pack never replaces a file nobody was asked about --------------------------

CTRL = Qt.KeyboardModifier.ControlModifier


def test_export_pack_asks_before_replacing_the_file_the_save_dialog_did_not_confirm(
    qtbot: Any, main_window: Any, dialogs: Any, tmp_path: Path
) -> None:
    from PySide6.QtWidgets import QMessageBox

    mine = tmp_path / "pack.docx"
    mine.write_bytes(b"the customer's own notes")
    dialogs.files.append(str(tmp_path / "pack.pdf"))
    dialogs.answers.append(QMessageBox.StandardButton.No)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: not main_window.workers, timeout=60000)
    asked = [args for kind, args in dialogs.calls if kind == "question"]
    assert len(asked) == 1 and "pack.docx already exists" in asked[0][2]
    assert asked[0][4] == QMessageBox.StandardButton.No  # a stray Enter keeps the file
    assert mine.read_bytes() == b"the customer's own notes"
    assert not (tmp_path / "pack.pdf").exists()
    assert "Export not started; pack.docx is as before" in main_window.message_bar.label.text()

    dialogs.files.append(str(tmp_path / "pack"))  # no suffix: the dialog confirmed neither
    (tmp_path / "pack.pdf").write_bytes(b"last week's pack")
    dialogs.answers.append(QMessageBox.StandardButton.No)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: not main_window.workers, timeout=60000)
    asked = [args for kind, args in dialogs.calls if kind == "question"]
    assert len(asked) == 2 and "pack.docx and pack.pdf already exist" in asked[1][2]
    assert (tmp_path / "pack.pdf").read_bytes() == b"last week's pack"

    dialogs.files.append(str(tmp_path / "pack.pdf"))
    dialogs.answers.append(QMessageBox.StandardButton.Yes)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_E, CTRL)
    qtbot.waitUntil(lambda: not main_window.workers, timeout=60000)
    asked = [args for kind, args in dialogs.calls if kind == "question"]
    assert len(asked) == 3 and "pack.docx already exists" in asked[2][2]  # pack.pdf: the dialog asked
    assert (tmp_path / "pack.pdf").read_bytes().startswith(b"%PDF")
    assert mine.read_bytes().startswith(b"PK")
    assert "Written: pack.docx, pack.pdf" in main_window.message_bar.label.text()
