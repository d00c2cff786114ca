"""Note cards of the Ideas and Clusters stages: select with the keyboard, edit in place, drag and drop.

A ``NoteCard`` shows one note.  It takes focus (focus = selection), edits itself in place
(F2 or double-click; Enter saves, Shift+Enter is a new line, Esc cancels) and, when allowed,
is dragged onto other cards, clusters or the loose area.  Keys it does not use travel on to
the stage, which acts on ``focused_card()``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QMimeData, QPoint, QSize, Qt, Signal
from PySide6.QtGui import (
    QDrag,
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QMouseEvent,
)
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from workshop_app.ui.stages._board_style import meta_font, text_on
from workshop_app.ui.widgets.label_text import breakable

NOTE_MIME = "application/x-planwall-note"

# What a drop lands on: ("idea", note id), ("cluster", cluster id) or ("loose", 0).
Target = tuple[str, int]


def dropped_note(event: QDropEvent | QDragEnterEvent | QDragMoveEvent) -> int | None:
    data = event.mimeData()
    if data is None or not data.hasFormat(NOTE_MIME):
        return None
    try:
        return int(bytes(data.data(NOTE_MIME).data()).decode("ascii"))
    except ValueError:
        return None


def note_mime(idea_id: int) -> QMimeData:
    data = QMimeData()
    data.setData(NOTE_MIME, str(idea_id).encode("ascii"))
    data.setText(str(idea_id))
    return data


class DropZone:
    """Mixin for widgets that accept dragged notes and pass them to ``on_drop(idea_id, target)``."""

    drop_target: Target = ("loose", 0)
    on_drop = None  # set by the stage: Callable[[int, Target], None]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.on_drop is not None and dropped_note(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if self.on_drop is not None and dropped_note(event) is not None:
            event.acceptProposedAction()
        else:
            event.ignore()

    def dropEvent(self, event: QDropEvent) -> None:
        idea_id = dropped_note(event)
        if self.on_drop is None or idea_id is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.on_drop(idea_id, self.drop_target)


class NoteEditor(QPlainTextEdit):
    """The in-place editor: Enter saves, Shift+Enter is a new line, Esc cancels, leaving saves."""

    committed = Signal(str)  # text
    cancelled = Signal()

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("cardEditor")
        self.setPlainText(text)
        self.setTabChangesFocus(True)
        self.selectAll()
        self._done = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not mods & Qt.KeyboardModifier.ShiftModifier:
            self.finish(True)
            return
        if key == Qt.Key.Key_Escape:
            self.finish(False)
            return
        super().keyPressEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        if event.reason() != Qt.FocusReason.PopupFocusReason:
            self.finish(True)

    def finish(self, save: bool) -> None:
        if self._done:
            return
        self._done = True
        if save:
            self.committed.emit(self.toPlainText())
        else:
            self.cancelled.emit()

    def reopen(self) -> None:
        """Saving failed: keep editing the same text."""
        self._done = False
        self.setFocus()


class NoteCard(DropZone, QFrame):
    """One note on the stage."""

    drag_active = False  # class-wide: a note is being dragged (drops wait until the drag ends)

    drag_finished = Signal()
    edit_committed = Signal(int, str)  # idea id, new text
    edit_finished = Signal(int)  # idea id (saved or cancelled)
    context_requested = Signal(int, QPoint)  # idea id, global position

    def __init__(
        self,
        idea_id: int,
        text: str,
        meta: str = "",
        *,
        width: int = 250,
        colour: str | None = None,
        draggable: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.idea_id = idea_id
        self.text = text
        self.drop_target = ("idea", idea_id)
        self.setObjectName("noteCard")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self._width = width
        self._draggable = draggable
        self._press: QPoint | None = None
        self.editor: NoteEditor | None = None
        self.key_handler: Callable[[NoteCard, QKeyEvent], bool] | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 10, 12, 10)
        layout.setSpacing(4)
        self.label = QLabel(breakable(text))  # a long unbroken word wraps instead of widening the card
        self.label.setProperty("role", "cardText")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        layout.addWidget(self.label)
        self._meta: QLabel | None = None  # made when there is a line to show (most notes have none)
        if meta:
            self.meta.setText(meta)
            self.meta.setVisible(True)
        self.setAccessibleName(text)
        if colour:
            fg = text_on(colour)
            self.setStyleSheet(
                f"QFrame#noteCard {{ background: {colour}; }} QFrame#noteCard QLabel {{ color: {fg}; }}"
            )

    def set_text(self, text: str) -> None:
        """Show the note's new text (as saved)."""
        self.text = text
        self.label.setText(breakable(text))
        self.setAccessibleName(text)

    @property
    def meta(self) -> QLabel:
        """The small line under the note (author, vote mark, ...); hidden while empty."""
        if self._meta is None:
            self._meta = QLabel()
            self._meta.setProperty("role", "cardMeta")
            self._meta.setFont(meta_font(self.label.font()))
            self._meta.setTextFormat(Qt.TextFormat.PlainText)
            self._meta.setWordWrap(True)
            self._meta.setVisible(False)
            layout = self.layout()
            assert layout is not None
            layout.addWidget(self._meta)
        return self._meta

    def sizeHint(self) -> QSize:
        return QSize(self._width, self.heightForWidth(self._width))

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        return layout.heightForWidth(width) if layout is not None else 80

    def set_width(self, width: int) -> None:
        if width != self._width:
            self._width = width
            self.updateGeometry()

    def set_marked(self, marked: bool) -> None:
        self.setProperty("marked", "true" if marked else "false")
        self.style().unpolish(self)
        self.style().polish(self)

    # --- editing in place ----------------------------------------------------

    @property
    def editing(self) -> bool:
        return self.editor is not None

    def start_edit(self) -> None:
        if self.editor is not None:
            self.editor.setFocus()
            return
        self.editor = NoteEditor(self.text, self)
        self.editor.setFont(self.label.font())  # the note's own size (the stage's card size)
        self.editor.setMinimumHeight(max(80, self.label.height() + 24))
        self.editor.committed.connect(self._on_editor_committed)
        self.editor.cancelled.connect(self._on_editor_cancelled)
        layout = self.layout()
        assert layout is not None
        self.label.hide()
        layout.insertWidget(0, self.editor)
        self.editor.setFocus()

    def _on_editor_committed(self, text: str) -> None:
        self.edit_committed.emit(self.idea_id, text)

    def _on_editor_cancelled(self) -> None:
        self.end_edit()

    def edit_failed(self) -> None:
        """The stage could not save the edit: keep the editor and the typed text."""
        if self.editor is not None:
            self.editor.reopen()

    def end_edit(self) -> None:
        editor, self.editor = self.editor, None
        if editor is None:
            return
        had_focus = editor.hasFocus()
        editor.hide()
        editor.deleteLater()
        self.label.show()
        if had_focus:
            self.setFocus()
        self.edit_finished.emit(self.idea_id)

    # --- keys and mouse -----------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self.key_handler is not None and self.key_handler(self, event):
            return  # the stage used it (arrows, Delete, G, N, ...)
        if event.key() == Qt.Key.Key_F2 and not event.modifiers():
            self.start_edit()
            return
        if event.key() == Qt.Key.Key_Menu:
            self.context_requested.emit(self.idea_id, self.mapToGlobal(self.rect().center()))
            return
        event.ignore()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        self.start_edit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        if event.button() == Qt.MouseButton.LeftButton:
            self._press = event.position().toPoint()
        elif event.button() == Qt.MouseButton.RightButton:
            self.context_requested.emit(self.idea_id, event.globalPosition().toPoint())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if not self._draggable or self._press is None or self.editing:
            return
        if (event.position().toPoint() - self._press).manhattanLength() < QApplication.startDragDistance():
            return
        self._press = None
        drag = QDrag(self)
        drag.setMimeData(note_mime(self.idea_id))
        drag.setPixmap(self.grab().scaledToWidth(max(60, self.width() // 2)))
        NoteCard.drag_active = True
        try:
            drag.exec(Qt.DropAction.MoveAction)
        finally:
            NoteCard.drag_active = False
        self.drag_finished.emit()  # the stage applies the drop now, outside the drag's event loop

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._press = None


def neighbour(cards: list[NoteCard], index: int, key: int) -> int:
    """The index of the card next to ``cards[index]`` on screen in the arrow ``key``'s direction, or -1.

    Left/Right prefer the nearest column, then the nearest height; Up/Down prefer the same
    column, then the nearest row.  Works for rows (flow) and for columns (author groups).
    """

    def anchor(c: NoteCard) -> tuple[int, int]:  # left and top edges: equal along a column / a row
        p = c.mapTo(c.window(), QPoint(0, 0))
        return p.x(), p.y()

    hx, hy = anchor(cards[index])
    best, best_key = -1, None
    for i, c in enumerate(cards):
        if i == index:
            continue
        x, y = anchor(c)
        dx, dy = x - hx, y - hy
        if key == Qt.Key.Key_Right and dx > 4:
            rank = (dx, abs(dy))
        elif key == Qt.Key.Key_Left and dx < -4:
            rank = (-dx, abs(dy))
        elif key == Qt.Key.Key_Down and dy > 4:
            rank = (int(abs(dx) > 4), dy, abs(dx))
        elif key == Qt.Key.Key_Up and dy < -4:
            rank = (int(abs(dx) > 4), -dy, abs(dx))
        else:
            continue
        if best_key is None or rank < best_key:
            best, best_key = i, rank
    return best


class WidgetCache:
    """Reuse widgets between refreshes when what they show has not changed.

    ``get(key, signature, factory)`` returns the widget built for ``key`` last time if its
    ``signature`` is the same, else a new one from ``factory()``; ``sweep()`` deletes the
    widgets that were not asked for since the previous sweep.  Rebuilding only what changed
    keeps a refresh fast with a full board, and keeps the focus where it was.
    """

    def __init__(self) -> None:
        self._widgets: dict[object, tuple[object, QWidget]] = {}
        self._used: set[object] = set()

    def get(self, key: object, signature: object, factory: Callable[[], QWidget]) -> tuple[QWidget, bool]:
        """The widget for ``key`` and whether it is new."""
        self._used.add(key)
        old = self._widgets.get(key)
        if old is not None and old[0] == signature:
            return old[1], False
        if old is not None:
            _discard(old[1])
        widget = factory()
        self._widgets[key] = (signature, widget)
        return widget, True

    def sweep(self) -> None:
        for key in [k for k in self._widgets if k not in self._used]:
            _discard(self._widgets.pop(key)[1])
        self._used = set()

    def clear(self) -> None:
        self._used = set()
        self.sweep()


def _discard(widget: QWidget) -> None:
    widget.hide()
    widget.setParent(None)  # type: ignore[call-overload]
    widget.deleteLater()
