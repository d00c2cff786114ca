"""Close stage: closing feedback (rating 1-5 and two short texts) and a summary of what the workshop produced.

Keys 1-5 on the rating choose it and move on to "What worked"; Enter moves to "What to
change"; Enter there (or Ctrl+Enter anywhere in the form) saves, and the form is ready
for the next person.
"""

from __future__ import annotations

from typing import cast

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QKeyEvent, QKeySequence, QPainter, QPen, QShortcut, QTextOption
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workshop_app.model import Feedback
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.context import UiContext
from workshop_app.ui.stage import StageWidget, follow_look, shows_revision
from workshop_app.ui.stages._minutes_summary import SummaryWallView, summary_html
from workshop_app.ui.stages._minutes_table import ID_ROLE, NONE, ChoiceDelegate, EditTable, value_of
from workshop_app.ui.stages._rock_common import (
    ReadOnce,
    apply_stage_style,
    heading,
    px,
    run_ok,
    set_role,
    show_html,
)
from workshop_app.ui.theme import palette
from workshop_app.ui.widgets.commit_edit import AppUndoLineEdit

RATING_WORDS = {1: "poor", 2: "weak", 3: "fair", 4: "good", 5: "excellent"}
RATING, WORKED, CHANGE, FROM = range(4)


class RatingWidget(QWidget):
    """Five boxes 1-5; keys 1-5 (or Left/Right) choose, a click too."""

    rating_chosen = Signal(int)  # 1..5, chosen by the user

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rating: int | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Rating from 1 to 5")
        self._resize()

    def _resize(self) -> None:
        self.setFixedHeight(px(self.ctx, 16) * 4)

    def set_rating(self, rating: int | None) -> None:
        self.rating = rating
        self.update()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            self._choose(key - Qt.Key.Key_0)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            step = -1 if key == Qt.Key.Key_Left else 1
            self._choose(max(1, min(5, (self.rating or 3) + (step if self.rating else 0))), move_on=False)
        else:
            super().keyPressEvent(event)

    def mousePressEvent(self, event: object) -> None:
        x = event.position().x()  # type: ignore[attr-defined]
        self.setFocus()
        self._choose(max(1, min(5, int(x / max(1, self.width()) * 5) + 1)))

    def _choose(self, rating: int, *, move_on: bool = True) -> None:
        self.rating = rating
        self.update()
        if move_on:
            self.rating_chosen.emit(rating)

    def paintEvent(self, _event: object) -> None:
        pal = palette(self.ctx.theme)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        w = self.width() / 5
        size = px(self.ctx, 16)
        for i in range(1, 6):
            rect = self.rect().adjusted(round((i - 1) * w) + 4, 4, round(i * w - self.width()) - 4, -4)
            chosen = self.rating is not None and i <= self.rating
            p.setBrush(QColor(pal.accent if chosen else pal.card))
            p.setPen(QPen(QColor(pal.fg if self.rating == i else pal.border), 3 if self.rating == i else 1))
            p.drawRoundedRect(rect, 6, 6)
            p.setPen(QColor(pal.accent_fg if chosen else pal.card_fg))
            font = QFont(self.font())
            font.setPixelSize(round(size * 1.3))
            font.setBold(True)
            p.setFont(font)
            top = rect.adjusted(0, 2, 0, -rect.height() // 3)
            p.drawText(top, Qt.AlignmentFlag.AlignCenter, str(i))
            font.setPixelSize(round(size * 0.8))
            font.setBold(False)
            p.setFont(font)
            p.drawText(
                rect.adjusted(0, rect.height() * 2 // 3 - 4, 0, -2),
                Qt.AlignmentFlag.AlignCenter,
                RATING_WORDS[i],
            )
        if self.hasFocus():
            p.setPen(QPen(QColor(pal.accent), 3))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(self.rect().adjusted(1, 1, -2, -2))
        p.end()


class CloseStage(StageWidget):
    refreshes_itself = True  # __init__ fills it: the window need not refresh it again
    title = "Close"
    hint = "Keys 1-5 rate · type what worked, Enter · what to change, Enter saves (Ctrl+Enter from anywhere)"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.rating = RatingWidget(ctx)
        self.worked = AppUndoLineEdit()
        self.worked.setPlaceholderText("What worked well?")
        self.change = AppUndoLineEdit()
        self.change.setPlaceholderText("What should we change next time?")
        self.person = QComboBox()
        self.save_button = QPushButton("Save feedback")
        self.average = QLabel()
        self.table = EditTable(["Rating", "Worked", "Change", "From"])
        self.table.set_proportions(9, 40, 33, 18, whole=(0,))  # the rating is never cut
        self.table.setItemDelegateForColumn(
            RATING, ChoiceDelegate(lambda: [(f"{i} {RATING_WORDS[i]}", i) for i in range(1, 6)], self.table)
        )
        self.summary = QTextBrowser()
        self._summary_reads = ReadOnce(ctx.ow)  # what the summary shows, read again on a change only
        self.summary.setOpenLinks(False)
        self.summary.setWordWrapMode(QTextOption.WrapMode.WordWrap)

        form = QGridLayout()
        rating_label = QLabel("&Rating")
        rating_label.setBuddy(self.rating)
        form.addWidget(rating_label, 0, 0)
        form.addWidget(self.rating, 0, 1)
        for row, (text, widget) in enumerate(
            (("What &worked", self.worked), ("What to &change", self.change), ("Fr&om", self.person)), start=1
        ):
            label = QLabel(text)
            label.setBuddy(widget)
            form.addWidget(label, row, 0)
            form.addWidget(widget, row, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.average, 1)
        buttons.addWidget(self.save_button)
        form.addLayout(buttons, 4, 1)

        left = QVBoxLayout()
        left.addWidget(heading("Closing feedback"))
        left.addLayout(form)
        left.addWidget(self.table, 1)
        right = QVBoxLayout()
        produced = heading("What the workshop produced")
        produced.setWordWrap(True)  # (its one line made the stage scroll sideways at 130% on 1280 px)
        right.addWidget(produced)
        right.addWidget(self.summary, 1)
        outer = QHBoxLayout(self)
        outer.addLayout(left, 45)
        outer.addLayout(right, 55)
        for a, b in (
            (self.rating, self.worked),
            (self.worked, self.change),
            (self.change, self.person),
            (self.person, self.save_button),
            (self.save_button, self.table),
            (self.table, self.summary),
        ):
            QWidget.setTabOrder(a, b)

        self.rating.rating_chosen.connect(lambda _r: self.worked.setFocus())
        self.worked.returnPressed.connect(self.change.setFocus)
        self.change.returnPressed.connect(self.save)
        self.save_button.clicked.connect(self.save)
        for seq in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(
                QKeySequence(seq), self, self.save, context=Qt.ShortcutContext.WidgetWithChildrenShortcut
            )
        self.table.cell_edited.connect(self._on_table_cell_edited)
        self.table.delete_pressed.connect(self.delete_selected)
        follow_look(self, ctx, self._apply_style)
        self._restyle()
        self.refresh()

    # --- StageWidget --------------------------------------------------------------------

    @shows_revision
    def refresh(self) -> None:
        people = [("Anonymous", NONE)] + [(p.name, p.id) for p in self.ow.setup.participants()]
        current = [(self.person.itemText(i), self.person.itemData(i)) for i in range(self.person.count())]
        if current != people:
            keep = self.person.currentData()
            self.person.clear()
            for name, pid in people:
                self.person.addItem(name, pid)
            self.person.setCurrentIndex(max(0, self.person.findData(keep)))
        entries = self.ow.feedback.entries()
        self.table.fill(
            [
                (
                    f.id,
                    [
                        (f"{f.rating}/5", f.rating, True),
                        (f.worked, None, True),
                        (f.change, None, True),
                        (f.participant.name if f.participant is not None else "anonymous", None, False),
                    ],
                )
                for f in entries
            ]
        )
        avg = self.ow.feedback.average()
        self.average.setText(
            f"Average {avg:.1f} / 5 from {len(entries)}" if avg is not None else "No feedback yet"
        )
        set_role(self.average, "muted")
        self._summary_reads.forget()
        self._show_summary()

    def _show_summary(self) -> None:
        reads = cast(OpenWorkshop, self._summary_reads)
        show_html(self.summary, summary_html(reads, palette(self.ctx.theme), px(self.ctx)))

    def focus_primary(self) -> None:
        self.rating.setFocus()

    def wall_view(self) -> QWidget:
        return SummaryWallView(self.ctx)

    def _restyle(self) -> None:
        apply_stage_style(self, self.ctx)
        self.rating._resize()

    def _apply_style(self, *_args: object) -> None:
        """A new theme or text size: the summary again in the new colours and size, from the same
        reads (every vote result; the feedback table refits its own rows)."""
        self._restyle()
        self._show_summary()

    # --- feedback -----------------------------------------------------------------------

    def save(self) -> Feedback | None:
        if self.rating.rating is None:
            self.ctx.error("Choose a rating first: press 1 to 5 on the rating (Alt+R takes you there).")
            self.rating.setFocus()
            return None
        person = self.person.currentData()
        fb = self.ctx.run(
            self.ow.feedback.add,
            self.rating.rating,
            self.worked.text(),
            self.change.text(),
            None if person == NONE else person,
        )
        if fb is None:
            return None  # the message is shown; everything typed stays
        n = len(self.ow.feedback.entries())
        self.ctx.info(f"Feedback {n} saved ({fb.rating}/5). Next person: press 1 to 5.")
        self.rating.set_rating(None)
        self.worked.setText("")  # not undoable here: Ctrl+Z goes to the window
        self.change.setText("")  # not undoable here: Ctrl+Z goes to the window
        self.person.setCurrentIndex(0)
        self.refresh()
        self.rating.setFocus()
        return fb

    def _on_table_cell_edited(self, row: int, column: int) -> None:
        item = self.table.item(row, column)
        fb_id = item.data(ID_ROLE)
        if column == RATING:
            saved = run_ok(self.ctx, self.ow.feedback.update, fb_id, rating=int(str(value_of(item))))
        elif column == WORKED:
            saved = run_ok(self.ctx, self.ow.feedback.update, fb_id, worked=item.text())
        else:
            saved = run_ok(self.ctx, self.ow.feedback.update, fb_id, change=item.text())
        if saved:
            QTimer.singleShot(0, self.refresh)  # not while the table is still committing the edit
        else:
            self.table.mark_refused(row, column, palette(self.ctx.theme).red)

    def delete_selected(self) -> None:
        fb_id = self.table.current_id()
        if fb_id is None:
            return
        if run_ok(self.ctx, self.ow.feedback.delete, fb_id):
            self.ctx.info("Feedback deleted. Undo (Ctrl+Z) brings it back.")
            self.refresh()
