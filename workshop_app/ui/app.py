"""Start the desktop app: ``workshop-app``, ``workshop-app FILE`` or ``workshop-app --demo``."""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from workshop_app import APP_NAME, ORG_NAME, __version__
from workshop_app.errors import PlanwallError
from workshop_app.paths import log_dir
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.settings import AppSettings
from workshop_app.ui.start_window import StartWindow, open_sample_copy, open_workshop
from workshop_app.ui.theme import apply_theme

log = logging.getLogger(__name__)

DEMO_SAMPLE = "complete-jbp"


def parse_args(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="workshop-app", description="Planwall desktop app")
    parser.add_argument("file", nargs="?", type=Path, help="a .planwall workshop to open")
    parser.add_argument(
        "--demo", action="store_true", help="open a fresh copy of the complete sample workshop"
    )
    known, _qt_args = parser.parse_known_args(list(argv))
    return known


class PlanwallApp:
    """Holds the windows: the start window until a workshop is open, then the main window."""

    def __init__(self, settings: AppSettings) -> None:
        self.settings = settings
        self.start: StartWindow | None = None
        self.main: MainWindow | None = None

    def show_start(self, error: str = "") -> StartWindow:
        self.start = StartWindow(self.settings)
        self.start.opened.connect(self.show_workshop)
        if error:
            self.start.message_bar.show_message("error", error)
        self.start.show()
        return self.start

    def show_workshop(self, ow: OpenWorkshop) -> MainWindow:
        self.settings.add_recent(ow.path)
        self.main = MainWindow(ow, self.settings)
        self.main.show()
        if self.start is not None:
            self.start.close()
            self.start = None
        if len(QGuiApplication.screens()) > 1:
            self.main.open_wall()  # a projector is attached: the room sees the wall at once
            self.main.activateWindow()
        self.main.current_stage.focus_primary()
        return self.main

    def open_path(self, path: Path) -> None:
        try:
            ow = open_workshop(path)
        except (PlanwallError, FileNotFoundError) as exc:
            self.show_start(str(exc))
            return
        self.show_workshop(ow)

    def open_demo(self) -> None:
        try:
            ow = open_sample_copy(DEMO_SAMPLE)
        except (PlanwallError, FileNotFoundError) as exc:
            self.show_start(str(exc))
            return
        self.show_workshop(ow)


def _setup_logging() -> None:
    try:
        handler: logging.Handler = logging.FileHandler(log_dir() / "planwall.log", encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)


def _install_excepthook(app_state: PlanwallApp) -> None:
    """A bug of ours is logged and shown in the message bar; the window keeps running."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        log.error("unexpected error:\n%s", "".join(traceback.format_exception(kind, exc, tb)))
        window = app_state.main
        if window is not None:
            window.ctx.error(
                f"Something went wrong inside Planwall ({kind.__name__}: {exc}). Everything up to your last "
                f"change is saved. The details are in {log_dir() / 'planwall.log'}."
            )

    sys.excepthook = hook


def run_gui(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "workshop-app"])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    _setup_logging()
    settings = AppSettings()
    apply_theme(app, settings.theme, settings.text_scale)
    state = PlanwallApp(settings)
    _install_excepthook(state)
    if args.demo:
        state.open_demo()
    elif args.file is not None:
        state.open_path(args.file)
    else:
        state.show_start()
    return int(app.exec())
