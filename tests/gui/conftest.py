"""GUI test fixtures: offscreen Qt, no blocking dialogs, a main window on a fresh workshop.

Qt runs with QT_QPA_PLATFORM=offscreen unless ``--onscreen`` is given
(``pytest tests/gui --onscreen``).  QMessageBox and QFileDialog static calls are
patched for every GUI test: ``dialogs.answers`` holds the answers to questions
(default Yes), ``dialogs.files`` the file names the next file dialogs return
(default: cancelled), and every call is recorded in ``dialogs.calls``.  A modal
``QDialog.exec()`` fails the test instead of blocking it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--onscreen",
        action="store_true",
        default=False,
        help="show GUI tests on the real display instead of offscreen",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--onscreen", default=False):
        if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
            del os.environ["QT_QPA_PLATFORM"]
    else:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox  # noqa: E402

from workshop_app.services.clock import FakeClock  # noqa: E402
from workshop_app.services.workshop_service import OpenWorkshop  # noqa: E402


@dataclass
class Dialogs:
    """Scripted answers for modal dialogs, and a record of what was asked."""

    answers: list[QMessageBox.StandardButton] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)

    def question(self, *args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
        self.calls.append(("question", args))
        return self.answers.pop(0) if self.answers else QMessageBox.StandardButton.Yes

    def message(self, kind: str) -> Any:
        def show(*args: Any, **kwargs: Any) -> QMessageBox.StandardButton:
            self.calls.append((kind, args))
            return QMessageBox.StandardButton.Ok

        return show

    def file(self, kind: str, pair: bool) -> Any:
        def choose(*args: Any, **kwargs: Any) -> Any:
            self.calls.append((kind, args))
            name = self.files.pop(0) if self.files else ""
            return (name, "") if pair else name

        return choose

    def texts(self, kind: str) -> list[str]:
        """The message texts of the calls of ``kind`` (third positional argument)."""
        return [str(args[2]) for k, args in self.calls if k == kind and len(args) > 2]


@pytest.fixture(autouse=True)
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    scripted = Dialogs()
    monkeypatch.setattr(QMessageBox, "question", staticmethod(scripted.question))
    for kind in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(scripted.message(kind)))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(scripted.file("open", True)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(scripted.file("save", True)))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(scripted.file("folder", False)))

    def no_exec(self: QDialog, *args: Any) -> int:
        raise AssertionError(f"a modal {type(self).__name__} was opened in a test; it would block")

    monkeypatch.setattr(QDialog, "exec", no_exec)
    return scripted


@pytest.fixture
def ctx(ow: OpenWorkshop) -> Iterator[Any]:
    """A UiContext on the fresh workshop; ``ctx.messages`` records every (level, text) it shows."""
    from workshop_app.ui.context import UiContext

    context = UiContext(ow)
    context.messages = []  # type: ignore[attr-defined]
    context.message_shown.connect(lambda level, text: context.messages.append((level, text)))  # type: ignore[attr-defined]
    yield context
    context.detach()


@pytest.fixture
def messages(ctx: Any) -> list[tuple[str, str]]:
    """What the stage showed in the message bar, in order."""
    shown: list[tuple[str, str]] = ctx.messages
    return shown


@pytest.fixture
def stage_on_screen(ctx: Any, qtbot: Any) -> Any:
    """Build a stage class on ``ctx`` the way the main window shows it: 1280x720, exposed,
    refreshed after every change, focus where the facilitator types first."""

    def build(cls: Any) -> Any:
        widget = cls(ctx)
        qtbot.addWidget(widget)
        ctx.workshop_changed.connect(lambda _label: widget.refresh())  # what the main window does
        widget.resize(1280, 720)
        widget.show()
        widget.activateWindow()
        qtbot.waitExposed(widget)
        widget.refresh()
        widget.focus_primary()
        return widget

    return build


@pytest.fixture
def show_window(qtbot: Any) -> Iterator[Callable[[Any], Any]]:
    """``show_window(window)``: a main window shown at 1280x720 and active; after the test it is
    closed with its wall, and the application's style sheet is taken off for the next test."""
    shown: list[Any] = []

    def show(window: Any) -> Any:
        qtbot.addWidget(window)
        window.resize(1280, 720)
        window.show()
        qtbot.waitExposed(window)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=2000)
        shown.append(window)
        return window

    yield show
    for window in shown:
        if window.wall is not None:
            window.wall.close()
        window.close()
    app = QApplication.instance()
    if isinstance(app, QApplication):
        app.setStyleSheet("")


@pytest.fixture
def main_window(ow: OpenWorkshop, clock: FakeClock, show_window: Callable[[Any], Any]) -> Any:
    """The main window on a fresh two-day JBP workshop with a FakeClock (no 250 ms ticking)."""
    from workshop_app.ui.main_window import MainWindow

    return show_window(MainWindow(ow, ticking=False))
