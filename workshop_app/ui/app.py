"""Start the desktop app: ``workshop-app``, ``workshop-app FILE`` or ``workshop-app --demo``."""

from __future__ import annotations

import argparse
import faulthandler
import logging
import os
import sys
import threading
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QWidget

from workshop_app import APP_NAME, ORG_NAME, __version__
from workshop_app.errors import PlanwallError
from workshop_app.paths import log_dir
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.guide import app_icon, install_help_shortcut
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.recovery_dialogs import open_interactively
from workshop_app.ui.settings import AppSettings
from workshop_app.ui.start_window import StartWindow, open_sample_copy
from workshop_app.ui.theme import apply_theme
from workshop_app.ui.widgets.message_bar import MessageBar

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

    def show_start(self, error: str = "", level: str = "error") -> StartWindow:
        self.start = StartWindow(self.settings)
        self.start.opened.connect(self._on_start_opened)
        install_help_shortcut(self.start)
        if error:
            self.start.message_bar.show_message(level, error)
        self.start.show()
        return self.start

    def _on_start_opened(self, ow: OpenWorkshop) -> None:
        note = self.start.pending_message if self.start is not None else None
        self.show_workshop(ow, note)

    def show_workshop(self, ow: OpenWorkshop, note: tuple[str, str] | None = None) -> MainWindow:
        self.settings.add_recent(ow.path)
        self.main = MainWindow(ow, self.settings)
        self.main.workshop_lost.connect(self._on_main_workshop_lost)
        self.main.show()
        if self.start is not None:
            self.start.close()
            self.start = None
        if len(QGuiApplication.screens()) > 1:
            self.main.open_wall()  # a projector is attached: the room sees the wall at once
            self.main.activateWindow()
        self.main.current_stage.focus_primary()
        if note is not None:
            self.main.message_bar.show_message(*note)
        log.info(
            "window shows %s at stage %s%s",
            ow.path,
            self.main.current_key,
            " (read-only)" if ow.store.read_only else "",
        )
        return self.main

    def _on_main_workshop_lost(self, message: str) -> None:
        self.main = None
        self.show_start(message)

    def open_path(self, path: Path) -> MainWindow | None:
        """``workshop-app FILE``: open it (asking about locks and damage), else the start window says why."""
        outcome = open_interactively(None, path)
        if outcome.ow is None:
            self.show_start(outcome.message or f"{path.name} was not opened.", outcome.level or "error")
            return None
        return self.show_workshop(outcome.ow, (outcome.level, outcome.message) if outcome.message else None)

    def open_demo(self) -> None:
        try:
            ow = open_sample_copy(DEMO_SAMPLE)
        except (PlanwallError, FileNotFoundError) as exc:
            self.show_start(str(exc))
            return
        self.show_workshop(ow)


# --- logs and unexpected errors ------------------------------------------------------------

LOG_NAME = "planwall.log"


def log_file() -> Path:
    return log_dir() / LOG_NAME


class _PlanwallLogHandler(logging.FileHandler):
    """The file handler Planwall adds to the root logger (recognised so it is added once)."""


def setup_logging() -> Path:
    """Log to ``log_dir()/planwall.log`` (once; again if the data folder moved). Returns the file."""
    path = log_file()
    root = logging.getLogger()
    for old in list(root.handlers):
        if isinstance(old, _PlanwallLogHandler):
            if Path(old.baseFilename) == path:
                return path
            root.removeHandler(old)
            old.close()
    try:
        handler: logging.Handler = _PlanwallLogHandler(path, encoding="utf-8")
    except OSError:
        handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return path


def stop_logging() -> None:
    """Remove the handler ``setup_logging`` added (tests; the app logs until it exits)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _PlanwallLogHandler):
            root.removeHandler(handler)
            handler.close()


def _reraise(exc: BaseException) -> None:
    raise exc


class ErrorReporter:
    """An exception nobody caught (a bug of ours, often in a Qt slot) is logged with its
    traceback and shown in the window's message bar; the window keeps running.

    Qt calls Python slots from C++: an exception escaping a slot reaches
    ``sys.excepthook`` and the event loop carries on, so the workshop stays open. Every
    change already committed is on disk; a change in progress was rolled back by the store.
    A ``PlanwallError`` that escaped (a known problem a stage forgot to catch) is shown
    with its own message.  The same error repeating (a slot on a timer) is logged in
    full once, then counted.
    """

    REPEAT_LOG_EVERY = 100

    def __init__(self, window: Callable[[], QWidget | None]) -> None:
        self.window = window
        self.seen: dict[tuple[str, str], int] = {}
        self._previous: Callable[..., object] | None = None
        self._previous_thread: Callable[..., object] | None = None
        self._reporting = False

    def install(self) -> ErrorReporter:
        setup_logging()
        self._previous = sys.excepthook
        self._previous_thread = threading.excepthook
        sys.excepthook = self.hook
        threading.excepthook = self._thread_hook
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.hook and self._previous is not None:
            sys.excepthook = self._previous
        if threading.excepthook == self._thread_hook and self._previous_thread is not None:
            threading.excepthook = self._previous_thread

    def _thread_hook(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None:
            return
        log.error(
            "unexpected error in thread %s",
            args.thread.name if args.thread else "?",
            exc_info=(args.exc_type, args.exc_value, args.exc_traceback),
        )

    def hook(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            if self._previous is not None:
                self._previous(kind, exc, tb)
            return
        if self._reporting:  # an error while reporting an error: log it, never loop
            log.error("error while reporting an error", exc_info=(kind, exc, tb))
            return
        self._reporting = True
        try:
            self._report(kind, exc, tb)
        except Exception:
            log.exception("could not show an unexpected error")
        finally:
            self._reporting = False

    def _report(self, kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        path = setup_logging()
        frames = traceback.extract_tb(tb)
        where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else ""
        key = (f"{kind.__module__}.{kind.__qualname__}", where)
        count = self.seen.get(key, 0) + 1
        self.seen[key] = count
        if count == 1:
            log.error("unexpected error (Planwall keeps running)", exc_info=(kind, exc, tb))
        elif count % self.REPEAT_LOG_EVERY == 0:
            log.error(
                "the same unexpected error again (%d times): %s: %s at %s", count, kind.__name__, exc, where
            )
        window = self.window()
        ctx = getattr(window, "ctx", None)
        if isinstance(exc, PlanwallError) and ctx is not None:
            ctx.run(_reraise, exc)  # shown as the known problem it is (NOT SAVED when a save failed)
            return
        text = (
            f"Something went wrong inside Planwall ({kind.__name__}: {exc}). Your workshop is still open "
            "and everything up to your last change is saved; carry on, or try that again. "
            f"The details are in {path}."
        )
        bar = getattr(window, "message_bar", None)
        if isinstance(bar, MessageBar):
            bar.show_message("error", text)


def install_excepthook(app_state: PlanwallApp) -> ErrorReporter:
    """Report uncaught errors in the main window (or the start window before one is open)."""
    return ErrorReporter(lambda: app_state.main or app_state.start).install()


def _enable_faulthandler() -> None:
    """A hard crash (a segfault in Qt) still leaves its Python stack in the log folder."""
    try:
        fh = (log_dir() / "crash.log").open("a", encoding="utf-8")
    except OSError:
        return
    faulthandler.enable(fh)
    _KEEP.append(fh)


_KEEP: list[object] = []


def run_gui(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "workshop-app"])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("planwall")
    setup_logging()
    _enable_faulthandler()
    log.info("Planwall %s starting (pid %d)", __version__, os.getpid())
    settings = AppSettings()
    apply_theme(app, settings.theme, settings.text_scale)
    state = PlanwallApp(settings)
    install_excepthook(state)
    if args.demo:
        state.open_demo()
    elif args.file is not None:
        state.open_path(args.file)
    else:
        state.show_start()
    return int(app.exec())
