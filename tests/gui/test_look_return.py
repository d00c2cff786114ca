"""A stage shown again in the look it was last polished in (a theme toggled back, a text size
undone while it was hidden) is not re-polished, and looks exactly as it did."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui import stage as stage_module
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.settings import AppSettings
from workshop_app.ui.stages import STAGE_KEYS
from workshop_app.ui.theme import DARK, LIGHT, applied_look

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
SAMPLE = Path(__file__).resolve().parents[2] / "sample_sessions" / "complete-jbp.json"
VISITED_IN_BETWEEN = ("ideas", "rocks")  # shown in the larger text


@pytest.fixture
def window(tmp_path: Path, clock: FakeClock, show_window: Callable[[Any], Any]) -> Iterator[MainWindow]:
    ow = OpenWorkshop.create_from_template(SAMPLE, tmp_path / "complete.planwall", clock)
    settings = AppSettings()
    settings.text_scale = 1.0
    settings.theme = "light"
    yield show_window(MainWindow(ow, settings, ticking=False))
    ow.close()


def stage_image(window: MainWindow, key: str) -> QImage:
    window.message_bar.dismiss()  # ("Text size 100%": the stage would be shorter)
    window.show_stage(key)
    window.settle()
    for _ in range(3):  # layouts, then the scroll bars they call for
        QApplication.processEvents()
    stage = window.current_stage
    return stage.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def test_a_stage_back_in_the_look_it_was_polished_in_is_not_polished_again(
    qtbot: Any, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = {key: stage_image(window, key) for key in STAGE_KEYS}  # every stage built and shown
    window.show_stage("rocks")
    qtbot.keyClick(window.rail, Qt.Key.Key_Equal, CTRL)  # larger text, with Rocks on screen: its
    window.settle()  # own new sheet re-polished all of it, so it is polished in the larger look
    assert window.current_stage.polished_look == applied_look()
    window.show_stage("ideas")  # (a board stage sets its fonts itself: no re-polish for a size)
    window.show_stage("setup")
    qtbot.keyClick(window.rail, Qt.Key.Key_D, CTRL | SHIFT)  # dark ...
    qtbot.keyClick(window.rail, Qt.Key.Key_D, CTRL | SHIFT)  # ... and light again
    qtbot.keyClick(window.rail, Qt.Key.Key_Minus, CTRL)  # the text size back as it was
    window.settle()

    polished: list[str] = []
    real = stage_module.repolish

    def counting(widget: Any, defer: Any = None) -> int:
        polished.append(getattr(widget, "title", type(widget).__name__))
        return real(widget, defer)

    monkeypatch.setattr(stage_module, "repolish", counting)
    after = {key: stage_image(window, key) for key in STAGE_KEYS}
    titles = {key: window.stages[STAGE_KEYS.index(key)].title for key in STAGE_KEYS}
    assert titles["rocks"] in polished  # it was polished for the larger text: polished again
    untouched = [titles[key] for key in STAGE_KEYS[1:] if key not in VISITED_IN_BETWEEN]
    assert not set(untouched) & set(polished), polished
    # Every stage shows the very same pixels as before the changes: those hidden meanwhile, and
    # Setup, which took each change on screen (a focused field keeps its size in a re-layout).
    for key in STAGE_KEYS:
        assert after[key] == before[key], key


def test_a_stage_in_a_look_it_has_not_been_polished_in_is_polished(qtbot: Any, window: MainWindow) -> None:
    for key in STAGE_KEYS:
        window.show_stage(key)
    window.show_stage("setup")
    qtbot.keyClick(window.rail, Qt.Key.Key_D, CTRL | SHIFT)  # dark, with every other stage hidden
    qtbot.keyClick(window.rail, Qt.Key.Key_Equal, CTRL)
    qtbot.keyClick(window.rail, Qt.Key.Key_Minus, CTRL)  # a size there and back changes nothing
    window.settle()
    for key in STAGE_KEYS:
        image = stage_image(window, key)
        assert image.pixelColor(2, image.height() - 3).name() == DARK.bg, key


def test_a_stage_that_took_a_theme_on_screen_takes_the_next_one_when_shown(
    qtbot: Any, window: MainWindow
) -> None:
    for key in STAGE_KEYS:
        window.show_stage(key)
    window.show_stage("rocks")
    qtbot.keyClick(window.rail, Qt.Key.Key_D, CTRL | SHIFT)  # dark, on screen
    window.show_stage("setup")
    qtbot.keyClick(window.rail, Qt.Key.Key_D, CTRL | SHIFT)  # light again, while it is hidden
    image = stage_image(window, "rocks")
    assert image.pixelColor(2, image.height() - 3).name() == LIGHT.bg
