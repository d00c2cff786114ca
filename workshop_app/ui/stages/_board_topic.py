"""The topic chooser shared by the Ideas, Clusters and Vote stages.

The chosen topic is remembered in the file (``ui.topic``) so the three stages stay on the same
question.  When the running agenda item changes to one with a topic, the stages follow it.
"""

from __future__ import annotations

import contextlib

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLabel, QSizePolicy, QWidget

from workshop_app.errors import PlanwallError
from workshop_app.model import Topic
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._board_flow import FlowLayout, keep_together

TOPIC_KEY = "ui.topic"


def running_topic(ctx: UiContext) -> int | None:
    item = ctx.ow.agenda.running_item()
    return item.topic_id if item is not None else None


class TopicBar(QWidget):
    """The topic chooser "Topic: [combo]" (Alt+I) with room for stage buttons on the right."""

    topic_chosen = Signal(int)  # topic id

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self._topics: list[Topic] = []
        self._seen_running: int | None = None
        self._filling = False
        self.layout_ = FlowLayout(self, spacing=14, centre_rows=True)  # wraps when the text is large
        label = QLabel("Top&ic:")
        self.combo = QComboBox()
        self.combo.setObjectName("topicCombo")
        self.combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.combo.setMinimumContentsLength(18)
        self.combo.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        label.setBuddy(self.combo)
        self.combo.currentIndexChanged.connect(self._on_combo_current_index_changed)
        self.layout_.addWidget(keep_together(label, self.combo))

    def add_widget(self, *widgets: QWidget) -> None:
        """Add controls after the topic (several: kept together on one line)."""
        self.layout_.addWidget(widgets[0] if len(widgets) == 1 else keep_together(*widgets))

    @property
    def topic_id(self) -> int | None:
        data = self.combo.currentData()
        return int(data) if data is not None else None

    @property
    def topic(self) -> Topic | None:
        tid = self.topic_id
        return next((t for t in self._topics if t.id == tid), None)

    def refresh(self) -> int | None:
        """Re-read the topics and pick the one to show; returns its id."""
        self._topics = self.ctx.ow.board.topics()
        ids = [t.id for t in self._topics]
        wanted = self._wanted(ids)
        self._filling = True
        try:
            labels = [f"{i}. {t.title}" for i, t in enumerate(self._topics, 1)]
            current = [self.combo.itemText(i) for i in range(self.combo.count())]
            data = [self.combo.itemData(i) for i in range(self.combo.count())]
            if current != labels or data != ids:
                self.combo.clear()
                for label, tid in zip(labels, ids, strict=True):
                    self.combo.addItem(label, tid)
            if wanted is not None:
                self.combo.setCurrentIndex(ids.index(wanted))
        finally:
            self._filling = False
        return wanted

    def _wanted(self, ids: list[int]) -> int | None:
        if not ids:
            return None
        running = running_topic(self.ctx)
        if running is not None and running != self._seen_running and running in ids:
            self._seen_running = running
            self._remember(running)
            return running
        self._seen_running = running
        try:
            remembered = int(self.ctx.ow.recall(TOPIC_KEY, "0") or 0)
        except ValueError:
            remembered = 0
        if remembered in ids:
            return remembered
        current = self.topic_id
        return current if current in ids else ids[0]

    def choose(self, topic_id: int) -> None:
        for i in range(self.combo.count()):
            if self.combo.itemData(i) == topic_id:
                self.combo.setCurrentIndex(i)
                return

    def _remember(self, topic_id: int) -> None:
        with contextlib.suppress(PlanwallError):  # only a convenience: the choice is still shown
            self.ctx.ow.remember(TOPIC_KEY, topic_id)

    def _on_combo_current_index_changed(self, _index: int) -> None:
        if self._filling:
            return
        tid = self.topic_id
        if tid is not None:
            self._remember(tid)
            self.topic_chosen.emit(tid)
