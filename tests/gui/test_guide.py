"""Help menu: the facilitator guide (F1) and About Planwall, on a real main window and a bare one."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QTextEdit, QWidget

from workshop_app import __version__
from workshop_app.ui import guide as guide_module
from workshop_app.ui.guide import (
    guide_markdown,
    help_menu_of,
    install_help_menu,
    install_help_shortcut,
    sections,
)
from workshop_app.ui.guide_window import FacilitatorGuideWindow
from workshop_app.ui.stages import STAGES, load_stage_classes
from workshop_app.ui.timer_widget import SHORTCUTS

ROOT = Path(__file__).resolve().parents[2]
# Keys as the stages' hints write them: modifiers + a letter, digit, Enter or arrow; or F1..F12.
KEY_IN_HINT = re.compile(
    r"\b(?:(?:Ctrl|Alt|Shift)\+)+(?:Enter|Up|Down|Left|Right|[A-Z0-9])(?![a-z])|\bF\d{1,2}\b"
)


@pytest.fixture
def bare_window(qtbot: Any) -> QMainWindow:
    window = QMainWindow()
    window.setCentralWidget(QTextEdit())
    qtbot.addWidget(window)
    window.resize(800, 600)
    return window


def show(qtbot: Any, window: QWidget) -> None:
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)


def open_guide(qtbot: Any, window: QMainWindow) -> FacilitatorGuideWindow:
    helper = help_menu_of(window)
    assert helper is not None
    qtbot.keyClick(window.focusWidget() or window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: helper.guide_window is not None and helper.guide_window.isVisible(), timeout=2000)
    assert helper.guide_window is not None
    qtbot.addWidget(helper.guide_window)
    qtbot.waitUntil(helper.guide_window.isActiveWindow, timeout=2000)
    return helper.guide_window


# --- F1 and the menu --------------------------------------------------------------------------


def test_f1_opens_the_guide_without_blocking(qtbot: Any, bare_window: QMainWindow) -> None:
    install_help_menu(bare_window)
    show(qtbot, bare_window)
    guide = open_guide(qtbot, bare_window)
    assert not guide.isModal()
    assert guide.windowTitle() == "Planwall facilitator guide"
    assert "two-day Joint Business Planning" in guide.plain_text()
    qtbot.keyClick(guide.browser, Qt.Key.Key_Escape)
    assert not guide.isVisible()
    bare_window.activateWindow()
    qtbot.waitUntil(bare_window.isActiveWindow, timeout=2000)
    qtbot.keyClick(bare_window.centralWidget(), Qt.Key.Key_F1)  # opens again, the same window
    assert help_menu_of(bare_window).guide_window is guide  # type: ignore[union-attr]
    assert guide.isVisible()


def test_planwall_main_window_f1_opens_the_guide_and_the_key_list_moves_to_shift_f1(
    qtbot: Any, main_window: Any
) -> None:
    install_help_menu(main_window)
    guide = open_guide(qtbot, main_window)
    assert "Ctrl+1" in guide.plain_text()
    guide.close()
    main_window.activateWindow()
    qtbot.waitUntil(main_window.isActiveWindow, timeout=2000)
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    assert main_window.help_dialog is not None and main_window.help_dialog.isVisible()
    main_window.help_dialog.close()
    owners = [a for a in main_window.findChildren(QAction) if QKeySequence("F1") in a.shortcuts()]
    assert [a.objectName() for a in owners] == ["facilitatorGuideAction"]  # one owner, or Qt ignores F1


def test_help_menu_is_reused_guide_first_about_last_and_installing_twice_adds_nothing(
    bare_window: QMainWindow,
) -> None:
    existing = bare_window.menuBar().addMenu("&Help")
    existing.addAction("Keyboard shortcuts")
    install_help_menu(bare_window)
    install_help_menu(bare_window)
    menus = [a for a in bare_window.menuBar().actions() if a.menu() is not None]
    assert [a.text() for a in menus] == ["&Help"]
    texts = [a.text() for a in existing.actions() if not a.isSeparator()]
    assert texts == ["&Facilitator guide", "Keyboard shortcuts", "&About Planwall"]
    guide_action = existing.actions()[0]
    assert guide_action.shortcut() == QKeySequence("F1")


def test_a_window_without_a_help_menu_gets_one(bare_window: QMainWindow) -> None:
    install_help_menu(bare_window)
    menus = [a.text() for a in bare_window.menuBar().actions() if a.menu() is not None]
    assert menus == ["&Help"]


def test_f1_on_a_window_without_menu_bar(qtbot: Any) -> None:
    start = QWidget()
    qtbot.addWidget(start)
    helper = install_help_shortcut(start)
    show(qtbot, start)
    qtbot.keyClick(start, Qt.Key.Key_F1)
    assert helper.guide_window is not None and helper.guide_window.isVisible()
    helper.guide_window.close()


# --- what the guide says ------------------------------------------------------------------------


@pytest.fixture
def guide(qtbot: Any) -> FacilitatorGuideWindow:
    window = FacilitatorGuideWindow()
    qtbot.addWidget(window)
    window.resize(1280, 720)
    show(qtbot, window)
    return window


def test_the_guide_walks_through_every_stage_with_its_key(guide: FacilitatorGuideWindow) -> None:
    titles = guide.section_titles()
    for number, (_key, label, _module, _cls) in enumerate(STAGES, start=1):
        assert f"{number} {label}" in " ".join(titles) or any(label in t for t in titles), label
        assert any(label in t and f"Ctrl+{number}" in t for t in titles), f"no heading for {label}"
    text = guide.plain_text()
    assert "Day 1" in text and "Day 2" in text


def test_the_guide_names_the_main_shortcuts(guide: FacilitatorGuideWindow) -> None:
    text = guide.plain_text()
    for key in ("Ctrl+1", "Ctrl+9", "Ctrl+Z", "Ctrl+Shift+Z", "F11", "F1", "Ctrl+E", "Ctrl+Shift+D"):
        assert key in text, key
    for name, key in SHORTCUTS.items():  # the timer's real keys, from the timer widget
        assert key in text, f"timer key {name} ({key}) is not in the guide"


def test_every_key_of_the_main_window_menus_is_in_the_guide(main_window: Any) -> None:
    text = guide_markdown()
    missing = []
    for action in main_window.findChildren(QAction):
        keys = [s.toString() for s in action.shortcuts() if not s.isEmpty()]
        if keys and not any(k in text for k in keys):
            missing.append(f"{action.text()}: {', '.join(keys)}")
    assert not missing, f"keys of the main window not in the guide: {missing}"


@pytest.mark.parametrize("key,label,cls", load_stage_classes(), ids=[s[0] for s in STAGES])
def test_every_key_in_a_stage_hint_is_in_the_guide(key: str, label: str, cls: type) -> None:
    text = guide_markdown()
    keys = set(KEY_IN_HINT.findall(cls.hint))
    missing = sorted(k for k in keys if k not in text)
    assert not missing, f"{label}'s hint names {missing}, which the guide does not explain"


def test_the_docs_copy_of_the_guide_is_the_same_text() -> None:
    assert (ROOT / "docs" / "facilitator-guide.md").read_text(encoding="utf-8") == guide_markdown()


def test_sections_skip_code_blocks() -> None:
    md = "# T\n\n## One\n\n```\n## not a heading\n```\n\n### Two ##\n"
    assert [(s.level, s.title) for s in sections(md)] == [(2, "One"), (3, "Two")]


# --- reading it -----------------------------------------------------------------------------------


def test_contents_jump_to_a_stage(qtbot: Any, guide: FacilitatorGuideWindow) -> None:
    row = next(i for i in range(guide.contents.count()) if "Vote" in guide.contents.item(i).text())
    guide.contents.setCurrentRow(row)
    assert guide.browser.textCursor().block().text().startswith("5 Vote")
    assert guide.browser.verticalScrollBar().value() > 0
    assert guide.show_section("Keys you use all day")
    assert not guide.show_section("No such section")


def test_search_finds_counts_and_wraps(qtbot: Any, guide: FacilitatorGuideWindow) -> None:
    qtbot.keyClick(guide.browser, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert guide.search.hasFocus()
    qtbot.keyClicks(guide.search, "F6")
    total = guide.plain_text().count("F6")
    assert total >= 2
    assert guide.browser.textCursor().selectedText() == "F6"
    assert guide.status.text() == f"1 of {total}"
    qtbot.keyClick(guide.search, Qt.Key.Key_Return)
    assert guide.status.text() == f"2 of {total}"
    for _ in range(total - 1):
        guide.find_next()
    assert guide.status.text() == f"1 of {total}"  # wrapped around
    guide.find_previous()
    assert guide.status.text() == f"{total} of {total}"
    assert len(guide.browser.extraSelections()) == total


def test_search_says_when_nothing_is_found(qtbot: Any, guide: FacilitatorGuideWindow) -> None:
    qtbot.keyClicks(guide.search, "zebra crossing")
    assert guide.status.text() == 'No "zebra crossing" in the guide'
    assert guide.search.property("invalid") == "true"
    guide.search.clear()
    assert guide.status.text() == ""


def test_the_guide_follows_the_app_text_size_and_zooms(qtbot: Any) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = app.font()
    try:
        big = QFont(old)
        big.setPointSizeF(20)
        app.setFont(big)
        window = FacilitatorGuideWindow()
        qtbot.addWidget(window)
        assert window.browser.font().pointSizeF() == pytest.approx(22, abs=0.2)
        show(qtbot, window)
        qtbot.keyClick(window.browser, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
        assert window.browser.font().pointSizeF() == pytest.approx(24.2, abs=0.2)
        qtbot.keyClick(window.browser, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
        assert window.browser.font().pointSizeF() == pytest.approx(22, abs=0.2)
        small = QFont(old)
        small.setPointSizeF(10)
        app.setFont(small)  # the facilitator makes the text smaller while the guide is open
        qtbot.waitUntil(lambda: abs(window.browser.font().pointSizeF() - 11) < 0.2, timeout=2000)
    finally:
        app.setFont(old)


def test_a_missing_guide_file_says_so(qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(*parts: str) -> Path:
        raise FileNotFoundError("gone")

    monkeypatch.setattr(guide_module, "resource_path", missing)
    window = FacilitatorGuideWindow()
    qtbot.addWidget(window)
    assert "Reinstall Planwall" in window.plain_text()
    assert guide_module.app_icon().isNull()


# --- About ------------------------------------------------------------------------------------------


def test_about_shows_version_data_folder_and_font_licence(qtbot: Any, bare_window: QMainWindow) -> None:
    install_help_menu(bare_window)
    helper = help_menu_of(bare_window)
    assert helper is not None and helper.about_action is not None
    assert helper.about_action.menuRole() == QAction.MenuRole.AboutRole
    helper.about_action.trigger()
    about = helper.about_dialog
    assert about is not None and about.isVisible() and not about.isModal()
    text = about.text.text()
    assert f"Planwall {__version__}" in text
    assert "DejaVu Sans" in text and "Bitstream Vera" in text
    assert "Permission is hereby granted" in about.licence.toPlainText()
    about.close()
