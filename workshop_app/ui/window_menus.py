"""The main window's menu bar, and the list of its keys (Help > Keyboard shortcuts, Shift+F1).

``build_menus(window)`` fills the window's menu bar, as a Designer form's ``setupUi`` would,
and sets the actions other parts of the window update on the window itself
(``undo_action``, ``wall_action``, ``recent_menu`` and the others declared on ``MainWindow``).
Every action calls the window, so what a menu item does lives in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMenu, QPushButton, QVBoxLayout

from workshop_app.ui.guide import install_help_menu
from workshop_app.ui.stages import STAGES
from workshop_app.ui.theme import SCALE_STEP
from workshop_app.ui.timer_widget import SHORTCUTS
from workshop_app.ui.widgets import file_menu

if TYPE_CHECKING:
    from workshop_app.ui.main_window import MainWindow

SHORTCUT_HELP = """Stages: Ctrl+1 Setup, Ctrl+2 Agenda, Ctrl+3 Ideas, Ctrl+4 Clusters, Ctrl+5 Vote,
        Ctrl+6 Rocks, Ctrl+7 Interest, Ctrl+8 Minutes & Actions, Ctrl+9 Close
        Ctrl+PgDown / Ctrl+PgUp: next / previous stage
Timer:  F6 start / pause / resume · F7 next item (ends the day on its last item)
        Shift+F7 ends this item, starts nothing · F8 +1 minute · F9 +5 minutes
        Ctrl+Shift+M mutes the sound and flash at zero
Wall:   F11 shows or hides the wall view (Esc on the wall closes it)
Text:   Ctrl+= larger · Ctrl+- smaller · Ctrl+0 normal · Ctrl+Shift+D light / dark
Undo:   Ctrl+Z undo · Ctrl+Shift+Z (or Ctrl+Y) redo, across all stages
Files:  Ctrl+N new · Ctrl+O open · Ctrl+Shift+S save a copy · Ctrl+E export the pack · Ctrl+Q quit
Tables: Tab moves between fields · F2 edits a cell · Del deletes (undoable) · Esc dismisses a message
Setup:  name, Tab, S / C / F for the side, Tab, job title, Enter adds the next person
Agenda: Ctrl+Enter starts the selected item · Alt+Up / Alt+Down moves it
Help:   F1 facilitator guide · Shift+F1 this list of keys
Each stage's own keys are written in its hint line under the stage title."""


def add_action(
    window: MainWindow,
    menu: QMenu,
    text: str,
    slot: Callable[[], object],
    shortcut: str | QKeySequence | QKeySequence.StandardKey | None = None,
    *,
    checkable: bool = False,
) -> QAction:
    """An action of the window (its shortcut works wherever the focus is) in ``menu``."""
    action = QAction(text, window)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    action.setCheckable(checkable)
    action.triggered.connect(lambda *_: slot())
    menu.addAction(action)
    return action


def shortcut_actions(w: MainWindow) -> list[QAction]:
    """Every action of the menu bar that has a key (for the wall, where the same keys must work)."""
    found: list[QAction] = []
    menus = [a.menu() for a in w.menuBar().actions()]
    while menus:
        menu = menus.pop(0)
        if not isinstance(menu, QMenu):
            continue
        for action in menu.actions():
            if action.menu() is not None:
                menus.append(action.menu())
            elif action.shortcuts():
                found.append(action)
    return found


def build_menus(w: MainWindow) -> None:
    """File, Edit, View, Stage, Timer and Help, with every key of SHORTCUT_HELP."""
    bar = w.menuBar()
    m = bar.addMenu("&File")
    add_action(w, m, "&New from template...", lambda: file_menu.new_from_template(w), "Ctrl+N")
    add_action(w, m, "&Open...", lambda: file_menu.open_file(w), "Ctrl+O")
    w.recent_menu = m.addMenu("Open &Recent")
    m.addSeparator()
    add_action(w, m, "Save a &copy as...", lambda: file_menu.save_copy_as(w), "Ctrl+Shift+S")
    w.restore_action = add_action(w, m, "&Restore from backup...", w.restore_from_backup)
    m.addSeparator()
    add_action(w, m, "&Import JSON...", lambda: file_menu.import_json(w))
    add_action(w, m, "E&xport JSON...", lambda: file_menu.export_json(w))
    w.export_pack_action = add_action(
        w, m, "Export &pack (Word and PDF)...", lambda: file_menu.export_pack(w), "Ctrl+E"
    )
    add_action(w, m, "Export executive &synopsis...", lambda: file_menu.export_pack(w, synopsis_only=True))
    m.addSeparator()
    add_action(w, m, "&Quit", w.close, "Ctrl+Q")

    m = bar.addMenu("&Edit")
    w.undo_action = add_action(w, m, "Undo", w.undo, QKeySequence.StandardKey.Undo)
    w.redo_action = add_action(w, m, "Redo", w.redo, "Ctrl+Shift+Z")
    w.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])

    m = bar.addMenu("&View")
    w.wall_action = add_action(w, m, "&Wall view", w.toggle_wall, "F11", checkable=True)
    m.addSeparator()
    w.larger_action = add_action(w, m, "&Larger text", lambda: w.change_text_scale(SCALE_STEP))
    w.larger_action.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
    add_action(w, m, "&Smaller text", lambda: w.change_text_scale(-SCALE_STEP), "Ctrl+-")
    add_action(w, m, "&Normal text size", lambda: w.set_text_scale(1.0), "Ctrl+0")
    m.addSeparator()
    w.dark_action = add_action(w, m, "&Dark theme", w.toggle_theme, "Ctrl+Shift+D", checkable=True)

    m = bar.addMenu("&Stage")
    w.stage_actions = []
    for number, (_key, label, _mod, _cls) in enumerate(STAGES, start=1):
        w.stage_actions.append(
            add_action(w, m, f"&{number} {label}", partial(w.show_stage, number - 1), f"Ctrl+{number}")
        )
    m.addSeparator()
    add_action(w, m, "Next stage", lambda: w.show_stage(w.stack.currentIndex() + 1), "Ctrl+PgDown")
    add_action(w, m, "Previous stage", lambda: w.show_stage(w.stack.currentIndex() - 1), "Ctrl+PgUp")

    m = bar.addMenu("&Timer")
    add_action(w, m, "Start / pause / resume", lambda: w.timer.act("toggle"), SHORTCUTS["toggle"])
    add_action(w, m, "Next agenda item", lambda: w.timer.act("next"), SHORTCUTS["next"])
    add_action(w, m, "&End this item", lambda: w.timer.act("end"), SHORTCUTS["end"])
    add_action(w, m, "+1 minute", lambda: w.timer.act("plus1"), SHORTCUTS["plus1"])
    add_action(w, m, "+5 minutes", lambda: w.timer.act("plus5"), SHORTCUTS["plus5"])
    m.addSeparator()
    w.mute_action = add_action(
        w, m, "&Mute the cue at zero", w.toggle_mute, SHORTCUTS["mute"], checkable=True
    )
    m = bar.addMenu("&Help")
    add_action(w, m, "&Keyboard shortcuts", lambda: show_shortcuts(w), "Shift+F1")
    install_help_menu(w)  # Facilitator guide (F1) first, About Planwall last


def show_shortcuts(window: MainWindow) -> QDialog:
    """A window listing the keys (not modal: it can stay open beside the work)."""
    dialog = QDialog(window)
    dialog.setWindowTitle("Planwall keyboard shortcuts")
    layout = QVBoxLayout(dialog)
    label = QLabel(SHORTCUT_HELP)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout.addWidget(label)
    close = QPushButton("Close (Esc)")
    close.clicked.connect(dialog.close)
    layout.addWidget(close)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
    window.help_dialog = dialog
    return dialog
