"""Look and feel shared by the Ideas, Clusters and Vote stages: sizes, style sheet, safe service calls.

Sizes are pixels at text scale 1.0, chosen for a 1280x720 projector (the room must read the
stage when no second screen is attached); every size is multiplied by ``ctx.text_scale``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtGui import QColor, QFont

from workshop_app.errors import PlanwallError
from workshop_app.ui.context import UiContext
from workshop_app.ui.theme import SHEETS, Palette

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


def stage_css(ctx: UiContext, card_px: float = CARD_PX) -> str:
    """The style sheet of a stage (set on the stage; children inherit it).

    Its colours are the application palette's (``theme.SHEETS``): the text changes with the
    text size only, and a new theme needs a re-polish, not a new sheet.
    """
    p: Palette = SHEETS
    base, card, question, title = px(ctx, BASE_PX), px(ctx, card_px), px(ctx, QUESTION_PX), px(ctx, TITLE_PX)
    return f"""
QWidget#stageRoot, QWidget#stageRoot QScrollArea, QWidget#boardCanvas, QStackedWidget {{
    background: {p.bg}; color: {p.fg}; font-size: {base}px;
}}
QWidget#stageRoot QLabel {{ color: {p.fg}; font-size: {base}px; background: transparent; }}
QWidget#stageRoot QLabel[role="question"] {{ font-size: {question}px; font-weight: 600; }}
QWidget#stageRoot QLabel[role="title"] {{ font-size: {title}px; font-weight: 700; }}
QWidget#stageRoot QLabel[role="muted"] {{ color: {p.muted}; }}
QWidget#stageRoot QLabel[role="status"] {{ color: {p.fg}; font-weight: 600; }}
QWidget#stageRoot QLabel[role="error"] {{ color: {p.red}; font-weight: 700; }}
QWidget#stageRoot QLabel[role="cardText"] {{ font-size: {card}px; }}
QWidget#stageRoot QLabel[role="cardMeta"] {{ font-size: {max(12, round(card * 0.72))}px; }}
QWidget#stageRoot QPushButton {{
    font-size: {base}px; padding: 6px 14px; border: 2px solid {p.border}; border-radius: 6px;
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
    font-size: {base}px; padding: 4px 8px; border: 2px solid {p.border}; border-radius: 4px;
    background: {p.bg}; color: {p.fg}; selection-background-color: {p.accent};
    selection-color: {p.accent_fg};
}}
QWidget#stageRoot QComboBox QAbstractItemView {{ background: {p.bg}; color: {p.fg}; font-size: {base}px; }}
QWidget#stageRoot QCheckBox {{ font-size: {base}px; color: {p.fg}; spacing: 8px; }}
QPlainTextEdit#captureBox, QPlainTextEdit#cardEditor {{
    font-size: {card}px; border: 3px solid {p.border}; border-radius: 6px;
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


def column_width(available: int, minimum: int, spacing: int) -> int:
    """Columns at least ``minimum`` wide that share ``available`` pixels with ``spacing`` between."""
    if available <= minimum:
        return minimum
    cols = max(1, (available + spacing) // (minimum + spacing))
    return max(minimum, (available - (cols - 1) * spacing) // cols)
