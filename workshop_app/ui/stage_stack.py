"""The stages of the rail in a QStackedWidget: built on first use, refreshed only when shown.

Opening a workshop builds only the stage it opens on; the others are built on their first
visit or in idle time (``prebuild``).  After a change of the workshop every stage is marked
out of date and only the one on screen is refreshed; the others are refreshed when next shown.

Each stage sits in a scroll area of its own: at a large text size on a small screen a stage
whose controls need more room than the window has scrolls, rather than pushing the window
wider or taller than the screen (its edge, and the controls there, would be off the
projector).  At sizes where it fits, the scroll area shows no bars and adds nothing.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QScrollArea, QStackedWidget, QWidget

from workshop_app.errors import PlanwallError
from workshop_app.ui.context import UiContext
from workshop_app.ui.stage import StageWidget, catch_up_look_while_hidden, look_behind
from workshop_app.ui.stages import STAGES, load_stage_class

STAGE_KEYS = [key for key, *_ in STAGES]


class _Stages(Sequence[StageWidget]):
    """The stages in rail order; a stage is built the first time it is asked for."""

    def __init__(self, stack: StageStack) -> None:
        self._stack = stack

    def __len__(self) -> int:
        return len(STAGE_KEYS)

    def __getitem__(self, index: int) -> StageWidget:  # type: ignore[override]
        return self._stack.stage_at(index)


class StageScroll(QScrollArea):
    """The page of one stage: the stage fills it, and scrolls only when it needs more room.

    The stage is sized here rather than by ``widgetResizable``: that one takes a layout's
    height-for-width as the least height, which for a stage with wrapped text is its
    comfortable height, not its least, and so scrolled stages that fit.
    """

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("stageScroll")
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # no tab stop of its own: Tab goes to the stage
        self.viewport().setAutoFillBackground(False)

    def hold(self, stage: StageWidget) -> None:
        """Put ``stage`` in this page (once the page is in the stack: the stage's widgets are
        then re-parented, and re-styled, once rather than twice)."""
        fills = stage.autoFillBackground()
        self.setWidget(stage)
        stage.setAutoFillBackground(fills)  # (setWidget turns it on: the stage paints as before)
        stage.installEventFilter(self)

    def fit_stage(self) -> None:
        """The stage as large as the page, and never smaller than its least size."""
        stage = self.widget()
        if stage is None:
            return
        size = self.viewport().size().expandedTo(stage.minimumSizeHint().expandedTo(stage.minimumSize()))
        if stage.size() != size:
            stage.resize(size)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_stage()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.fit_stage()  # its least size may have changed (new text, a larger text size)
        return super().eventFilter(watched, event)


class StageStack(QStackedWidget):
    """Every stage of one open workshop, in rail order (``STAGE_KEYS``)."""

    wall_changed = Signal(object)  # a stage whose wall view must be rebuilt (state not in the file)

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.stages: Sequence[StageWidget] = _Stages(self)
        self._built: list[StageWidget | None] = [None] * len(STAGE_KEYS)
        self._dirty = set(range(len(STAGE_KEYS)))  # stages that have not shown the latest change
        self._retrying = False
        for _key in STAGE_KEYS:
            self.addWidget(QWidget())  # an empty page until the stage is built

    @property
    def built(self) -> list[StageWidget]:
        """The stages built so far (the others have not been visited yet)."""
        return [stage for stage in self._built if stage is not None]

    def stage_at(self, index: int) -> StageWidget:
        """The stage at rail position ``index``, built now if it has not been shown yet."""
        index = range(len(STAGE_KEYS))[index]
        stage = self._built[index]
        if stage is not None:
            return stage
        cls = load_stage_class(STAGE_KEYS[index])
        stage = cls(self.ctx)
        self._built[index] = stage
        placeholder = self.widget(index)
        current = self.currentWidget()
        page = StageScroll()
        self.insertWidget(index, page)
        page.hold(stage)
        self.removeWidget(placeholder)
        placeholder.deleteLater()
        self.setCurrentWidget(page if current is placeholder else current)
        stage.wall_changed.connect(partial(self.wall_changed.emit, stage))
        if cls.refreshes_itself:
            self._dirty.discard(index)
        return stage

    def show_index(self, index: int) -> StageWidget:
        """Put the stage at ``index`` on screen, refreshed if a change came since it last showed."""
        stage = self.stage_at(index)
        self.setCurrentIndex(index)
        if index in self._dirty:
            self._refresh(index)
        return stage

    def next_unbuilt(self) -> int | None:
        """The stage to build next in idle time: the nearest unvisited one after the current."""
        return next((i for i in self._others_nearest_first() if self._built[i] is None), None)

    def next_to_prepare(self) -> int | None:
        """For idle time: the next stage to build (``next_unbuilt``), else a built one not on
        screen that has not taken a new theme or text size yet."""
        unbuilt = self.next_unbuilt()
        if unbuilt is not None:
            return unbuilt
        built = ((i, self._built[i]) for i in self._others_nearest_first())
        return next((i for i, stage in built if stage is not None and look_behind(stage)), None)

    def _others_nearest_first(self) -> list[int]:
        """The stages other than the one on screen, the nearest after it first (wrapping round)."""
        count, here = len(self._built), max(0, self.currentIndex())
        return [(here + step) % count for step in range(1, count)]

    def prebuild(self, index: int) -> str:
        """Build (and fill) a stage that is not on screen, so that its first visit is instant;
        one built already takes the theme and text size it will be shown in."""
        built = self._built[index] is not None
        stage = self.stage_at(index)
        if index in self._dirty:
            self._refresh(index)
        if built and index != self.currentIndex():
            catch_up_look_while_hidden(stage)
        return STAGE_KEYS[index]

    def mark_all_out_of_date(self) -> None:
        self._dirty = set(range(len(STAGE_KEYS)))

    def refresh_current(self) -> None:
        """Refresh the stage on screen if a change came since it last showed."""
        index = self.currentIndex()
        if index in self._dirty:
            self._refresh(index)

    def _refresh(self, index: int) -> None:
        self._dirty.discard(index)
        stage = self.stages[index]
        if stage.fresh_revision == stage.shown_revision():
            return  # it shows this already (it refreshed itself after its own change, or the
            # changes since were to tables it does not show)
        try:
            stage.refresh()
        except PlanwallError as exc:
            self.ctx.report(exc)
        except Exception:
            # A bug of ours: reported like any uncaught error (logged, shown in the message bar).
            # The stage may be half-filled, so it is refreshed again at once (once) and at the
            # next change, rather than left showing stale state.
            self._dirty.add(index)
            sys.excepthook(*sys.exc_info())
            if not self._retrying:
                self._retrying = True
                QTimer.singleShot(0, partial(self._retry, index))

    def _retry(self, index: int) -> None:
        try:
            if index == self.currentIndex() and index in self._dirty:
                self._refresh(index)
        finally:
            self._retrying = False
