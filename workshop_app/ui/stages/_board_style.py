"""Look and feel shared by the Ideas, Clusters and Vote stages: sizes, style sheet, safe service calls.

Sizes are pixels at text scale 1.0, chosen for a 1280x720 projector (the room must read the
stage when no second screen is attached); every size is multiplied by ``ctx.text_scale``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QWidget,
)

from workshop_app.errors import PlanwallError
from workshop_app.ui.context import UiContext
from workshop_app.ui.theme import SHEETS, Palette, set_style_sheet

T = TypeVar("T")

BASE_PX = 17  # controls, labels
CARD_PX = 19  # note text on the stage
QUESTION_PX = 26  # the topic question
TITLE_PX = 22  # section headings (author, cluster)
CARD_WIDTH = 250  # note card width at scale 1.0
DENSE_CARD_PX = 17  # the Clusters stage shows every note of a topic at once
DENSE_CARD_WIDTH = 205


def px(ctx: UiContext, size: float) -> int:
    return max(8, round(size * ctx.text_scale))


def font_px(size: float, *, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(max(8, round(size)))
    font.setBold(bold)
    return font


def text_on(colour: str) -> str:
    """Black or white, whichever reads better on ``colour``."""
    c = QColor(colour)
    luminance = 0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue()
    return "#111111" if luminance > 140 else "#ffffff"


def attempt(ctx: UiContext, fn: Callable[..., T], *args: object, **kwargs: object) -> tuple[bool, T | None]:
    """Call a service; on a PlanwallError show its message and report failure (nothing is lost)."""
    try:
        return True, fn(*args, **kwargs)
    except PlanwallError as exc:
        ctx.report(exc)  # a failed save also turns the title to NOT SAVED
        return False, None


def attempt_asking(
    ctx: UiContext,
    parent: QWidget,
    question: str,
    fn: Callable[..., object],
    *args: object,
    refusal: type[PlanwallError] = PlanwallError,
) -> bool:
    """Call a service that refuses with ``refusal`` (dots would go) until called with
    ``force=True``: then ask ``question`` with the service's reason, and force only on yes."""
    from workshop_app.ui.widgets import confirm

    try:
        fn(*args)
    except refusal as exc:
        if not confirm(parent, question, str(exc)):
            return False
        ok, _ = attempt(ctx, fn, *args, force=True)
        return ok
    except PlanwallError as exc:
        ctx.report(exc)
        return False
    return True


def stage_css() -> str:
    """The style sheet of a stage (set on the stage once; children inherit it).

    Colours are the application palette's (``theme.SHEETS``) and text sizes are fonts
    (``apply_board_fonts``), so the sheet never changes: a new sheet makes Qt work out the
    style of every widget under the stage again (~50 ms for the Ideas board), a new font only
    re-lays it out.  Font weights stay here: a font set on a widget keeps the sheet's weight.
    """
    p: Palette = SHEETS
    return f"""
QWidget#stageRoot, QWidget#stageRoot QScrollArea, QWidget#boardCanvas, QStackedWidget {{
    background: {p.bg}; color: {p.fg};
}}
QWidget#stageRoot QLabel {{ color: {p.fg}; background: transparent; }}
QWidget#stageRoot QLabel[role="question"] {{ font-weight: 600; }}
QWidget#stageRoot QLabel[role="title"] {{ font-weight: 700; }}
QWidget#stageRoot QLabel[role="muted"] {{ color: {p.muted}; }}
QWidget#stageRoot QLabel[role="status"] {{ color: {p.fg}; font-weight: 600; }}
QWidget#stageRoot QLabel[role="error"] {{ color: {p.red}; font-weight: 700; }}
QWidget#stageRoot QPushButton {{
    padding: 6px 14px; border: 2px solid {p.border}; border-radius: 6px;
    background: {p.card}; color: {p.card_fg};
}}
QWidget#stageRoot QPushButton:focus, QWidget#stageRoot QComboBox:focus,
QWidget#stageRoot QSpinBox:focus, QWidget#stageRoot QCheckBox:focus,
QWidget#stageRoot QLineEdit:focus, QWidget#stageRoot QListWidget:focus {{ border: 3px solid {p.accent}; }}
QWidget#stageRoot QPushButton[primary="true"] {{ background: {p.accent}; color: {p.accent_fg}; }}
QWidget#stageRoot QPushButton:checked {{ background: {p.accent}; color: {p.accent_fg}; }}
QWidget#stageRoot QPushButton:disabled {{ color: {p.muted}; border-color: {p.muted}; }}
QWidget#stageRoot QComboBox, QWidget#stageRoot QSpinBox, QWidget#stageRoot QLineEdit,
QWidget#stageRoot QListWidget {{
    padding: 4px 8px; border: 2px solid {p.border}; border-radius: 4px;
    background: {p.bg}; color: {p.fg}; selection-background-color: {p.accent};
    selection-color: {p.accent_fg};
}}
QWidget#stageRoot QComboBox QAbstractItemView {{ background: {p.bg}; color: {p.fg}; }}
QWidget#stageRoot QCheckBox {{ color: {p.fg}; spacing: 8px; }}
QPlainTextEdit#captureBox, QPlainTextEdit#cardEditor {{
    border: 3px solid {p.border}; border-radius: 6px;
    background: {p.bg}; color: {p.fg}; padding: 4px;
}}
QPlainTextEdit#captureBox:focus {{ border: 3px solid {p.accent}; }}
QWidget#stageRoot QComboBox#authorCombo {{ font-weight: 700; border: 3px solid {p.accent}; }}
QFrame#authorGroup {{ background: transparent; }}
QFrame#noteCard {{
    background: {p.card}; color: {p.card_fg}; border: 2px solid {p.border}; border-radius: 8px;
}}
QFrame#noteCard QLabel {{ color: {p.card_fg}; }}
QFrame#noteCard:focus {{ border: 5px solid {p.accent}; }}
QFrame#noteCard[marked="true"] {{ border: 5px dashed {p.accent}; }}
QFrame#panel {{ border: 2px solid {p.border}; border-radius: 8px; background: {p.bg}; }}
"""


STAGE_CSS = stage_css()


def board_fonts(ctx: UiContext, card_px: float = CARD_PX) -> dict[str, QFont]:
    """The stage's text sizes at the current text scale: ``""`` for everything, then per role."""
    card = px(ctx, card_px)
    return {
        "": font_px(px(ctx, BASE_PX)),
        "question": font_px(px(ctx, QUESTION_PX)),
        "title": font_px(px(ctx, TITLE_PX)),
        "cardText": font_px(card),
        "cardMeta": meta_font(font_px(card)),
        "editor": font_px(card),  # the capture box and a card being edited
    }


def meta_font(card: QFont) -> QFont:
    """The small line under a note (author, vote mark): about 3/4 of the note's text."""
    return font_px(max(12, round(card.pixelSize() * 0.72)))


EDITOR_NAMES = ("captureBox", "cardEditor")


def _font_for(widget: QWidget, fonts: dict[str, QFont]) -> QFont | None:
    """The font a board stage gives ``widget``; None leaves it alone (its own or the app's)."""
    if isinstance(widget, QLabel):
        return fonts.get(str(widget.property("role") or ""), fonts[""])  # muted, status...: base
    if isinstance(widget, QPlainTextEdit):
        return fonts["editor"] if widget.objectName() in EDITOR_NAMES else None
    base = (QPushButton, QComboBox, QSpinBox, QLineEdit, QListWidget, QCheckBox, QScrollArea, QStackedWidget)
    if isinstance(widget, base) or widget.objectName() in ("stageRoot", "boardCanvas"):
        return fonts[""]
    return None


def apply_role_fonts(root: QWidget, fonts: dict[str, QFont]) -> None:
    """Give ``root`` and every widget under it its text size: labels by their ``role`` (question,
    title, cardText, cardMeta; any other: the base size), the capture box and a card's editor the
    card size, controls the base size.  Set on each widget: under a style sheet Qt passes a
    font on to direct children only."""
    for widget in [root, *root.findChildren(QWidget)]:
        font = _font_for(widget, fonts)
        if font is None or widget.font() == font:
            continue
        widget.setFont(font)
        if isinstance(widget, QComboBox):
            widget.view().setFont(font)  # the drop-down list
        if not isinstance(widget, QLabel):
            # A control keeps sizes worked out from the old font until it is polished again (a
            # check box's indicator, the capture box's placeholder), and a combo its minimum
            # size hint until a style change: these few, not the whole stage.
            style = widget.style()
            style.unpolish(widget)
            style.polish(widget)
            if isinstance(widget, QComboBox):
                QApplication.sendEvent(widget, QEvent(QEvent.Type.StyleChange))


def apply_board_look(stage: QWidget, ctx: UiContext, card_px: float = CARD_PX) -> dict[str, QFont]:
    """A board stage's look at the current text size: the sheet (the same always, so setting it
    again costs nothing) and every widget's font.  Returns the fonts, for widgets built later."""
    set_style_sheet(stage, STAGE_CSS)
    fonts = board_fonts(ctx, card_px)
    apply_role_fonts(stage, fonts)
    return fonts


def column_width(available: int, minimum: int, spacing: int) -> int:
    """Columns at least ``minimum`` wide that share ``available`` pixels with ``spacing`` between."""
    if available <= minimum:
        return minimum
    cols = max(1, (available + spacing) // (minimum + spacing))
    return max(minimum, (available - (cols - 1) * spacing) // cols)
