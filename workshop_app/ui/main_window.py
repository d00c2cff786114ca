"""The facilitator's window: stage rail, timer bar, message bar, menus, and the wall.

One ``MainWindow`` shows one open workshop at a time; File > Open swaps the workshop
in the same window.  Every change goes through the services (via the stages and
``UiContext``); the window only refreshes what is visible, keeps the title's saved
state, and remembers the current stage in the file.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from workshop_app.errors import PlanwallError
from workshop_app.services.agenda_service import TimerStatus
from workshop_app.services.clock import Clock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.backup import BackupEntry, BackupFailedError, keeping
from workshop_app.store.backup_schedule import BackupScheduler
from workshop_app.store.restore import restore_backup
from workshop_app.ui import recovery_dialogs
from workshop_app.ui.context import UiContext
from workshop_app.ui.next_turn import NextTurn
from workshop_app.ui.prebuild import StagePrebuilder
from workshop_app.ui.settings import AppSettings
from workshop_app.ui.stage import StageWidget, catch_up_look, defer_every_stage, defer_hidden_stage
from workshop_app.ui.stage_stack import STAGE_KEYS, StageStack
from workshop_app.ui.stages import STAGES
from workshop_app.ui.theme import apply_theme, clamp_scale, point_size
from workshop_app.ui.timer_widget import TimerWidget
from workshop_app.ui.wall_window import WallWindow
from workshop_app.ui.widgets import file_menu
from workshop_app.ui.widgets.label_text import literal_label
from workshop_app.ui.widgets.message_bar import MessageBar
from workshop_app.ui.widgets.worker import FunctionWorker
from workshop_app.ui.window_menus import build_menus, shortcut_actions

log = logging.getLogger(__name__)

APP_TITLE = "Planwall"
BACKUP_TICK_MS = 30_000  # ask the backup policy every 30 s; it backs up every 5 min while things change


class MainWindow(QMainWindow):
    """The window the facilitator runs the workshop from."""

    # The menu bar's actions the window updates (set by window_menus.build_menus).
    recent_menu: QMenu
    restore_action: QAction
    export_pack_action: QAction
    undo_action: QAction
    redo_action: QAction
    wall_action: QAction
    larger_action: QAction
    dark_action: QAction
    mute_action: QAction
    stage_actions: list[QAction]

    workshop_lost = Signal(str)  # a message: the workshop could not be reopened (after a restore)

    def __init__(
        self,
        ow: OpenWorkshop,
        settings: AppSettings | None = None,
        *,
        ticking: bool = True,
        apply_look: bool = True,
        prebuild: bool | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or AppSettings()
        self.ticking = ticking
        # Stages not visited yet are built in idle time (a live window; tests opt in).
        self.prebuilder = StagePrebuilder(self, self) if (ticking if prebuild is None else prebuild) else None
        self.apply_look = apply_look
        self.ctx: UiContext
        self.stack: StageStack
        self.stage_keys = STAGE_KEYS
        self._refresh_pending = False
        self._pending_scale: float | None = None  # a new text size the stages have not taken yet
        self._scale_later = NextTurn(self, self._apply_pending_scale)
        self._remember_later = NextTurn(self, self._remember_stage)  # UI state: after the switch shows
        self.wall: WallWindow | None = None
        self.backups: BackupScheduler | None = None
        self._backup_timer = QTimer(self)
        self._backup_timer.setInterval(BACKUP_TICK_MS)
        self._backup_timer.timeout.connect(self.backup_tick)
        self._running_item: int | None = None
        self.workers: list[object] = []  # background work in flight (kept alive until done)
        self.export_dialog: object | None = None  # the progress dialog of the last export
        self.help_dialog: QDialog | None = None
        build_menus(self)
        self._rebuild_recent_menu()
        self.resize(1280, 720)
        self._load(ow)
        geometry = self.settings.geometry("main")
        if geometry is not None:
            self.restoreGeometry(geometry)
        QGuiApplication.instance().screenAdded.connect(self._on_app_screen_added)  # type: ignore[attr-defined]

    # --- the open workshop ------------------------------------------------------------

    @property
    def ow(self) -> OpenWorkshop:
        return self.ctx.ow

    def _load(self, ow: OpenWorkshop) -> None:
        ctx = UiContext(ow, self)
        ctx.theme = self.settings.theme
        ctx.text_scale = self.settings.text_scale
        ctx.cue_muted = self.settings.cue_muted
        self.ctx = ctx
        central = QWidget()
        outer = QVBoxLayout(central)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.timer = TimerWidget(ctx, controls=True)
        outer.addWidget(self.timer)
        self.message_bar = MessageBar()
        self.message_bar.set_palette(ctx.palette)
        bar_box = QWidget()
        bar_layout = QVBoxLayout(bar_box)
        bar_layout.setContentsMargins(8, 4, 8, 0)
        bar_layout.addWidget(self.message_bar)
        outer.addWidget(bar_box)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        self.rail = QListWidget()
        self.rail.setObjectName("stageRail")
        self.rail.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body.addWidget(self.rail)
        right = QVBoxLayout()
        right.setContentsMargins(12, 8, 12, 8)
        self.stage_title = QLabel()
        self.stage_title.setProperty("role", "heading")
        self.stage_hint = QLabel()
        self.stage_hint.setProperty("role", "muted")
        self.stage_hint.setWordWrap(True)
        self.read_only_banner = QLabel(
            f"Read-only: {ow.path.name} is shown but cannot be changed here (another Planwall window has it "
            "open, or its folder cannot be written to). Close the other window, then open the workshop again "
            "(File > Open Recent) to make changes."
        )
        self.read_only_banner.setObjectName("readOnlyBanner")
        self.read_only_banner.setProperty("role", "warning")
        self.read_only_banner.setWordWrap(True)
        self.read_only_banner.setVisible(ow.store.read_only)
        right.addWidget(self.read_only_banner)
        header = QHBoxLayout()
        header.setSpacing(16)
        header.addWidget(self.stage_title)
        header.addWidget(self.stage_hint, 1)
        right.addLayout(header)
        self.stack = StageStack(ctx)
        self.stack.wall_changed.connect(self._on_stage_wall_changed)
        right.addWidget(self.stack, 1)
        body.addLayout(right, 1)
        outer.addLayout(body, 1)
        for number, (_key, label, _module, _cls) in enumerate(STAGES, start=1):
            item = QListWidgetItem(f"{number}  {label}")
            item.setToolTip(f"{label} (Ctrl+{number})")
            self.rail.addItem(item)
        self.setCentralWidget(central)
        central.show()  # now, not queued: a workshop switched in a shown window gets the focus at once
        ctx.workshop_changed.connect(self._on_ctx_workshop_changed)
        ctx.message_shown.connect(self.message_bar.show_message)
        ctx.saved_state_changed.connect(self._update_title)
        ctx.timer_cued.connect(self._on_ctx_timer_cued)
        ctx.status_updated.connect(self._on_ctx_status_updated)
        self.backups = None if ow.store.read_only else BackupScheduler.attach(ow.store)
        self._running_item = None
        self.rail.currentRowChanged.connect(self._on_rail_current_row_changed)
        self._apply_look()
        remembered = ow.recall("stage", "setup")
        index = self.stage_keys.index(remembered) if remembered in self.stage_keys else 0
        self.rail.setCurrentRow(index)
        self._update_undo_actions()
        self._update_title()
        self.mute_action.setChecked(ctx.cue_muted)
        if self.ticking:
            ctx.start_ticking()
            self._backup_timer.start()
        else:
            ctx.poll_status()
        if self.wall is not None:
            self.wall.set_context(ctx, self.current_stage)
        if self.prebuilder is not None:
            self.prebuilder.start()

    def _unload(self) -> None:
        self._remember_later.flush()
        self._backup_timer.stop()
        if self.prebuilder is not None:
            self.prebuilder.stop()
        ctx = self.ctx
        ctx.detach()
        ctx.workshop_changed.disconnect(self._on_ctx_workshop_changed)
        try:
            ctx.ow.close()
        except PlanwallError as exc:
            log.warning("closing %s: %s", ctx.ow.path, exc)

    def open_path(self, path: Path, clock: Clock | None = None) -> bool:
        """Open another workshop in this window; the current one stays open if that fails.

        A locked or damaged file is handled by ``recovery_dialogs`` (read-only, restore a backup).
        """
        path = Path(path).expanduser().absolute()
        if path == self.ow.path:
            self.ctx.info(f"{path.name} is already open in this window.")
            return True
        outcome = recovery_dialogs.open_interactively(self, path, clock or self.ow.clock)
        if outcome.ow is not None:
            self.switch_to(outcome.ow)
        if outcome.message:
            self.message_bar.show_message(outcome.level, outcome.message)
        return outcome.ow is not None

    def switch_to(self, ow: OpenWorkshop) -> None:
        old = self.centralWidget()
        self._unload()
        self._load(ow)
        if old is not None:
            old.deleteLater()
        self.settings.add_recent(ow.path)
        self._rebuild_recent_menu()

    # --- menus ---------------------------------------------------------------------------

    def _rebuild_recent_menu(self) -> None:
        self.recent_menu.clear()
        recent = self.settings.recent_files()
        for number, path in enumerate(recent, start=1):
            gone = "   not found: reconnect its drive, or open it to restore a backup"
            missing = "" if path.is_file() else gone
            action = self.recent_menu.addAction(f"&{number % 10} {path.name}   ({path.parent}){missing}")
            action.triggered.connect(partial(self.open_path, path))
        self.recent_menu.setEnabled(bool(recent))

    # --- stages -----------------------------------------------------------------------------

    @property
    def current_stage(self) -> StageWidget:
        return self.stages[self.stack.currentIndex()]

    @property
    def current_key(self) -> str:
        return self.stage_keys[self.stack.currentIndex()]

    @property
    def stages(self) -> Sequence[StageWidget]:
        """Every stage in rail order; a stage is built the first time it is asked for."""
        return self.stack.stages

    @property
    def built_stages(self) -> list[StageWidget]:
        """The stages built so far (the others have not been visited yet)."""
        return self.stack.built

    def stage_at(self, index: int) -> StageWidget:
        """The stage at rail position ``index``, built now if it has not been shown yet."""
        return self.stack.stage_at(index)

    def next_unbuilt_stage(self) -> int | None:
        """For the prebuilder: the stage to build next in idle time."""
        return self.stack.next_unbuilt()

    def next_stage_to_prepare(self) -> int | None:
        """For the prebuilder: a stage to build, or to bring up to date with a new look, in idle time."""
        return self.stack.next_to_prepare()

    def prebuild_stage(self, index: int) -> str:
        """For the prebuilder: build and fill a stage that is not on screen (or give it the new look)."""
        return self.stack.prebuild(index)

    def show_stage(self, index: int | str) -> None:
        if isinstance(index, str):
            index = self.stage_keys.index(index)
        index = max(0, min(index, len(self.stage_keys) - 1))
        if self.rail.currentRow() != index:
            self.rail.setCurrentRow(index)  # -> _on_rail_current_row_changed
        else:
            self.current_stage.focus_primary()

    def _on_rail_current_row_changed(self, index: int) -> None:
        if index < 0:
            return
        stage = self.stack.show_index(index)
        self.stage_title.setText(stage.title)
        self.stage_hint.setText(stage.hint)
        self._remember_later.schedule()
        if self.wall is not None:
            self.wall.set_stage(stage)
        stage.focus_primary()

    def _remember_stage(self) -> None:
        """The stage shown, for the next time the file is opened (a write: not in the switch's turn)."""
        index = self.rail.currentRow()
        if index >= 0:
            self.ctx.run(self.ow.remember, "stage", self.stage_keys[index])

    def _on_ctx_workshop_changed(self, _label: str) -> None:
        self.stack.mark_all_out_of_date()
        self._update_undo_actions()
        self._update_title()
        if not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self.flush_refresh)

    def flush_refresh(self) -> None:
        """Refresh the visible stage (and the wall) now if a change is waiting."""
        if not self._refresh_pending:
            return
        self._refresh_pending = False
        self.stack.refresh_current()
        if self.wall is not None:
            self.wall.rebuild()

    def _on_stage_wall_changed(self, stage: StageWidget) -> None:
        if self.wall is not None and stage is self.current_stage:
            self.wall.rebuild()

    # --- undo --------------------------------------------------------------------------------

    def undo(self) -> None:
        label = self.ctx.run(self.ow.undo)
        if label is not None:
            self.ctx.info(f"Undone: {label}. Redo with Ctrl+Shift+Z.")

    def redo(self) -> None:
        label = self.ctx.run(self.ow.redo)
        if label is not None:
            self.ctx.info(f"Redone: {label}.")

    def _update_undo_actions(self) -> None:
        undo, redo = self.ow.undo_text, self.ow.redo_text
        self.undo_action.setText(literal_label(undo or "Undo"))  # the label may quote typed text
        self.undo_action.setEnabled(undo is not None)
        self.redo_action.setText(literal_label(redo or "Redo"))
        self.redo_action.setEnabled(redo is not None)

    # --- title --------------------------------------------------------------------------------

    def _update_title(self, *_args: object) -> None:
        saved = "Saved" if self.ctx.saved else "NOT SAVED"
        state = "read-only" if self.ow.store.read_only else saved
        self.setWindowTitle(f"{self.ow.path.name} — {APP_TITLE} — {state}")

    # --- look -----------------------------------------------------------------------------------

    def _apply_look(
        self, scale: float | None = None, defer: Callable[[QWidget], bool] = defer_hidden_stage
    ) -> None:
        scale = self.ctx.text_scale if scale is None else scale
        app = QApplication.instance()
        if self.apply_look and isinstance(app, QApplication):
            wall = self.wall

            def later(widget: QWidget) -> bool:  # the wall re-polishes itself on the next turn
                return (wall is not None and widget is wall and wall.defer_look()) or defer(widget)

            apply_theme(app, self.ctx.theme, scale, later)
        self.message_bar.set_palette(self.ctx.palette)
        self.dark_action.setChecked(self.ctx.theme == "dark")
        font = self.stage_title.font()
        font.setPointSizeF(point_size(scale) * 1.25)
        self.stage_title.setFont(font)
        rail_font = self.rail.font()
        rail_font.setPointSizeF(point_size(scale) * 1.1)
        self.rail.setFont(rail_font)
        width = max(self.rail.sizeHintForColumn(0), 120) + 24
        self.rail.setFixedWidth(width)

    def set_text_scale(self, scale: float) -> None:
        """A new text size, in three turns of the event loop, none of which blocks the window long.

        Now the application font (the window re-polishes its own parts, not the stages); on the
        next turn every stage restyles for the new size (the one on screen at once, the others
        when shown); on the turn after that the wall.
        """
        scale = clamp_scale(scale)
        self._apply_look(scale, defer_every_stage)
        self._pending_scale = scale
        self._scale_later.schedule()
        self.settings.text_scale = scale
        self.ctx.info(f"Text size {round(scale * 100)}% (Ctrl+= larger, Ctrl+- smaller).")

    def _apply_pending_scale(self) -> None:
        scale, self._pending_scale = self._pending_scale, None
        if scale is None:
            return
        stage = self.current_stage
        sheet = stage.styleSheet()
        self.ctx.set_text_scale(scale)
        if stage.styleSheet() != sheet:  # its new sheet re-polished it
            stage.look_stale = False
        else:
            catch_up_look(stage)
        self._prepare_hidden_stages()

    def _prepare_hidden_stages(self) -> None:
        """The stages not on screen take the new look in idle time, not on their next visit."""
        if self.prebuilder is not None:
            self.prebuilder.start()

    @property
    def text_scale(self) -> float:
        """The text size chosen last (the stages may take it on the next turn)."""
        return self.ctx.text_scale if self._pending_scale is None else self._pending_scale

    def change_text_scale(self, delta: float) -> None:
        self.set_text_scale(self.text_scale + delta)

    def settle(self) -> None:
        """Do now what waits for the next turn of the event loop: the text size, then the wall."""
        self._scale_later.flush()
        if self.wall is not None:
            self.wall.settle()

    def set_theme(self, name: str) -> None:
        self.ctx.set_theme(name)
        self.settings.theme = self.ctx.theme
        self._apply_look()
        self._prepare_hidden_stages()

    def toggle_theme(self) -> None:
        self.set_theme("light" if self.ctx.theme == "dark" else "dark")

    # --- the timer cue ------------------------------------------------------------------------------

    def toggle_mute(self) -> None:
        self.ctx.cue_muted = not self.ctx.cue_muted
        self.settings.cue_muted = self.ctx.cue_muted
        self.mute_action.setChecked(self.ctx.cue_muted)
        self.ctx.info("The cue at zero is muted." if self.ctx.cue_muted else "The cue at zero is on.")

    def _on_ctx_timer_cued(self, _item_id: int) -> None:
        if not self.ctx.cue_muted:
            QApplication.beep()

    # --- backups ---------------------------------------------------------------------------------

    def backup_tick(self, reason: str = "auto") -> FunctionWorker | None:
        """Back up in the background when the policy says so (or at a milestone, if anything changed)."""
        scheduler = self.backups
        if scheduler is None:
            return None
        self.ctx.run(self.ow.store.guard_wal)  # a -wal deleted meanwhile goes back into the file first
        wanted = scheduler.due() if reason == "auto" else scheduler.changes_since > 0
        if not wanted:
            return None
        worker = FunctionWorker(scheduler.backup_now, reason)
        return file_menu.run_in_background(self, worker, lambda _entry: None)

    def restore_from_backup(self) -> bool:
        """File > Restore from backup: choose one of this workshop's backups, confirm, restore, reopen."""
        return recovery_dialogs.restore_from_backup(self)

    def restore_backup(self, entry: BackupEntry) -> bool:
        """Close the workshop, put ``entry`` in its place, reopen it here at the same stage.

        The file that was there is backed up and moved aside (never deleted). When the
        restore fails, the workshop as it was is opened again.
        """
        path, clock, key = self.ow.path, self.ow.clock, self.current_key
        old = self.centralWidget()
        error = ""
        note = ""
        try:
            with keeping(entry.path):  # closing makes a backup, and its thinning must not take this one
                self._unload()
                result = restore_backup(entry, path)
        except (BackupFailedError, PlanwallError) as exc:
            error = str(exc)
        else:
            note = f"Restored the backup of {entry.when_text()} ({entry.summary()})."
            if result.moved_aside:
                note += (
                    f" The workshop as it was is kept as {result.moved_aside[0].name} in {path.parent}; "
                    "nothing was deleted."
                )
        outcome = recovery_dialogs.open_interactively(self, path, clock)
        if outcome.ow is None:
            message = " ".join(m for m in (error, note, outcome.message) if m)
            log.error("could not reopen %s after a restore: %s", path, message)
            self.workshop_lost.emit(message)
            self.close()
            return False
        self._load(outcome.ow)
        if old is not None:
            old.deleteLater()
        self.show_stage(key)
        if error:
            self.ctx.error(f"{error} The workshop is open as it was.")
            return False
        self.ctx.info(note)
        return True

    def _on_ctx_status_updated(self, status: TimerStatus) -> None:
        running = status.item_id if status.state.value not in ("not_started", "done") else None
        if running != self._running_item:
            if self._running_item is not None:
                self.backup_tick("agenda")  # an item ended: a milestone worth a backup
            self._running_item = running

    # --- wall --------------------------------------------------------------------------------------------

    def toggle_wall(self) -> None:
        if self.wall is not None and self.wall.isVisible():
            self.close_wall()
        else:
            self.open_wall()

    def open_wall(self) -> WallWindow:
        """Show the wall: on the projector if there is one (this window keeps the keyboard),
        else full screen here, where the window's keys (timer, stages, undo, F11) still work."""
        if self.wall is None:
            self.wall = WallWindow(self.ctx, self.current_stage)
            self.wall.closed.connect(self._on_wall_closed)
            self.wall.add_shortcut_actions(shortcut_actions(self))
        self.wall.show_on_best_screen(self.screen())
        self.wall_action.setChecked(True)
        if self.wall.screen() is not self.screen():
            self.activateWindow()  # the facilitator goes on typing where they were
        return self.wall

    def close_wall(self) -> None:
        if self.wall is not None:
            self.wall.close()

    def _on_wall_closed(self) -> None:
        self.wall_action.setChecked(False)
        self.activateWindow()

    def _on_app_screen_added(self, _screen: object) -> None:
        if len(QGuiApplication.screens()) > 1 and (self.wall is None or not self.wall.isVisible()):
            self.open_wall()

    # --- closing -------------------------------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.prebuilder is not None:
            self.prebuilder.stop()
        self.settings.set_geometry("main", self.saveGeometry())
        self.settings.sync()
        if self.wall is not None:
            self.wall.close()
            self.wall = None
        self._remember_later.flush()
        self.ctx.detach()
        try:
            self.ow.close()
        except PlanwallError as exc:  # e.g. the last backup could not be written; the file itself is saved
            log.warning("closing %s: %s", self.ow.path, exc)
        super().closeEvent(event)
