"""Start the desktop app: ``workshop-app``, ``workshop-app FILE`` or ``workshop-app --demo``.

A cold start paints a small splash first: this module imports only Qt and the light parts of
Planwall, so the splash is on screen before SQLAlchemy, the services, the store and the main
window are imported (they are imported inside ``run_gui`` and the ``PlanwallApp`` methods).
"""

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
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPainter, QPaintEvent, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from workshop_app import APP_NAME, ORG_NAME, __version__
from workshop_app.errors import PlanwallError
from workshop_app.paths import log_dir, resource_path
from workshop_app.ui.idle_gc import IdleCollector
from workshop_app.ui.pyside_imports import skip_scan_for_qt_free_modules
from workshop_app.ui.settings import AppSettings
from workshop_app.ui.theme import Palette, apply_theme, palette

if TYPE_CHECKING:
    from workshop_app.services.workshop_service import OpenWorkshop
    from workshop_app.ui.main_window import MainWindow
    from workshop_app.ui.start_window import StartWindow

log = logging.getLogger(__name__)

skip_scan_for_qt_free_modules()  # as early as possible: the core may be loading already

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
        from workshop_app.ui.guide import install_help_shortcut
        from workshop_app.ui.start_window import StartWindow

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
        from workshop_app.ui.main_window import MainWindow

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
        from workshop_app.ui.recovery_dialogs import open_interactively

        outcome = open_interactively(None, path)
        if outcome.ow is None:
            self.show_start(outcome.message or f"{path.name} was not opened.", outcome.level or "error")
            return None
        return self.show_workshop(outcome.ow, (outcome.level, outcome.message) if outcome.message else None)

    def open_demo(self) -> None:
        from workshop_app.ui.start_window import open_sample_copy

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


class _PlanwallStderrHandler(logging.StreamHandler):  # type: ignore[type-arg]
    """Where the log goes when its folder cannot be written (a full or read-only home drive)."""


def setup_logging() -> Path:
    """Log to ``log_dir()/planwall.log`` (once; again if the data folder moved). Returns the file.

    When the file cannot be opened the log goes to stderr, and the app still starts."""
    path = log_file()
    root = logging.getLogger()
    for old in list(root.handlers):
        if isinstance(old, _PlanwallLogHandler):
            if Path(old.baseFilename) == path:
                return path
            root.removeHandler(old)
            old.close()
        elif isinstance(old, _PlanwallStderrHandler):
            root.removeHandler(old)  # (the file is tried again)
    try:
        handler: logging.Handler = _PlanwallLogHandler(path, encoding="utf-8")
    except OSError:
        handler = _PlanwallStderrHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    return path


def stop_logging() -> None:
    """Remove the handler ``setup_logging`` added (tests; the app logs until it exits)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if isinstance(handler, _PlanwallLogHandler | _PlanwallStderrHandler):
            root.removeHandler(handler)
            if isinstance(handler, _PlanwallLogHandler):
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
        from workshop_app.ui.widgets.message_bar import MessageBar

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


# --- the splash ----------------------------------------------------------------------------

QUIT_ENV = "PLANWALL_QUIT_AFTER_SHOW"  # tests: quit once the first real window is shown
HEAVY_MODULES = ("sqlalchemy", "workshop_app.services", "workshop_app.store", "workshop_app.ui.main_window")


def heavy_modules_loaded() -> list[str]:
    """Which of the modules the splash must come before are imported already."""
    return [name for name in HEAVY_MODULES if name in sys.modules]


class StartupSplash(QWidget):
    """A small card in the theme's colours ("Planwall — opening FILE…") while the app loads.

    It closes itself the moment any other top-level window is shown (the main window, the
    start window, or a dialog about a locked or damaged file), so it never covers a question.
    A plain frameless widget, not a ``QSplashScreen``: that one waits up to a second for the
    window system to report the window exposed, which the offscreen platform never does.
    """

    SIZE = (440, 150)

    def __init__(self, p: Palette, message: str) -> None:
        super().__init__(None, Qt.WindowType.SplashScreen | Qt.WindowType.FramelessWindowHint)
        self.setWindowTitle(APP_NAME)
        self.card = self._card(p, message)
        self.setFixedSize(self.card.size())
        screen = QGuiApplication.primaryScreen()
        if screen is not None:
            self.move(screen.availableGeometry().center() - self.rect().center())
        self.painted = False
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @classmethod
    def _card(cls, p: Palette, message: str) -> QPixmap:
        width, height = cls.SIZE
        pix = QPixmap(width, height)
        pix.fill(QColor(p.panel))
        painter = QPainter(pix)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setPen(QColor(p.border))
            painter.drawRect(0, 0, width - 1, height - 1)
            left = 24
            icon = QPixmap(cls._icon_file())
            if not icon.isNull():
                icon = icon.scaled(
                    64, 64, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
                painter.drawPixmap(left, (height - icon.height()) // 2, icon)
                left += icon.width() + 20
            title = QFont(QApplication.font())
            title.setPointSizeF(max(title.pointSizeF(), 9.0) * 1.8)
            title.setBold(True)
            painter.setFont(title)
            painter.setPen(QColor(p.fg))
            text_width = width - left - 20
            painter.drawText(
                QRect(left, 28, text_width, 50),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom,
                APP_NAME,
            )
            if message:
                painter.setFont(QApplication.font())
                painter.setPen(QColor(p.muted))
                elided = painter.fontMetrics().elidedText(message, Qt.TextElideMode.ElideMiddle, text_width)
                painter.drawText(QRect(left, 84, text_width, 40), Qt.AlignmentFlag.AlignLeft, elided)
        finally:
            painter.end()
        return pix

    @staticmethod
    def _icon_file() -> str:
        try:
            return str(resource_path("icons", "planwall-64.png"))
        except FileNotFoundError:
            return ""

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawPixmap(0, 0, self.card)
        painter.end()
        if not self.painted:
            self.painted = True
            heavy = heavy_modules_loaded()
            log.info("splash painted; heavy modules loaded: %s", ", ".join(heavy) if heavy else "none")

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Show
            and isinstance(obj, QWidget)
            and obj.isWindow()
            and obj is not self
            and self.isVisible()
        ):
            self.dismiss()
        return False

    def dismiss(self) -> None:
        """Close (once); stop watching the application's events."""
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.isVisible():
            self.close()


def show_splash(app: QApplication, p: Palette, file: Path | None) -> StartupSplash:
    """Show the splash and let it paint before anything heavy is imported."""
    message = f"opening {file.name}\u2026" if file is not None else ""
    splash = StartupSplash(p, message)
    splash.show()
    app.processEvents()
    if not splash.painted:
        splash.repaint()
    app.processEvents()  # what the paint posted (a first-frame probe's timer) runs now, not after the load
    return splash


def _quit_when_shown(app: QApplication, state: PlanwallApp) -> None:
    """``PLANWALL_QUIT_AFTER_SHOW=1``: quit once the main or start window is up (tests)."""

    def check() -> None:
        window = state.main or state.start
        if window is not None and window.isVisible():
            log.info("quitting after the first window (%s)", QUIT_ENV)
            app.quit()
        else:
            QTimer.singleShot(20, check)

    QTimer.singleShot(0, check)


def run_gui(argv: Sequence[str]) -> int:
    args = parse_args(argv)
    app = QApplication.instance() or QApplication([sys.argv[0] if sys.argv else "workshop-app"])
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("planwall")
    setup_logging()
    _enable_faulthandler()
    log.info("Planwall %s starting (pid %d)", __version__, os.getpid())
    settings = AppSettings()
    apply_theme(app, settings.theme, settings.text_scale)
    splash = show_splash(app, palette(settings.theme), None if args.demo else args.file)
    try:
        from workshop_app.ui.guide import app_icon  # the heavy imports start here

        app.setWindowIcon(app_icon())
        state = PlanwallApp(settings)
        install_excepthook(state)
        if args.demo:
            state.open_demo()
        elif args.file is not None:
            state.open_path(args.file)
        else:
            state.show_start()
    finally:
        splash.dismiss()
    if os.environ.get(QUIT_ENV):
        _quit_when_shown(app, state)
    collector = IdleCollector(app)
    try:
        return int(app.exec())
    finally:
        collector.uninstall()
        collector.deleteLater()
