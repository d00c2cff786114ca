"""Light and dark high-contrast themes and the text scale used by every stage and the wall.

``palette(name)`` gives the colours; ``apply_theme(app, name, scale)`` puts a theme and a
text size on the whole application (Fusion style, a QPalette, one style sheet and the
application font).  Widgets that need a colour in code read ``palette(ctx.theme)``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication, QWidget


@dataclass(frozen=True)
class Palette:
    name: str
    bg: str  # window background
    fg: str  # main text
    muted: str  # secondary text (still readable at distance)
    accent: str  # selection, primary buttons
    accent_fg: str  # text on accent
    card: str  # note cards / panels
    card_fg: str
    border: str
    amber: str  # timer: 20% left
    red: str  # timer: 5% left / over
    green: str  # ok / done
    panel: str = "#f0f0f0"  # bars (top timer bar, stage rail, message bar)
    input_bg: str = "#ffffff"  # text fields, tables, lists
    error_bg: str = "#fde7e7"  # message bar for errors
    info_bg: str = "#e3eefc"  # message bar for information


LIGHT = Palette(
    name="light",
    bg="#ffffff",
    fg="#111111",
    muted="#4a4a4a",
    accent="#0b57d0",
    accent_fg="#ffffff",
    card="#fff8d6",
    card_fg="#111111",
    border="#8a8a8a",
    amber="#b35c00",
    red="#c62828",
    green="#1b7f3b",
    panel="#eef1f5",
    input_bg="#ffffff",
    error_bg="#fde7e7",
    info_bg="#e3eefc",
)
DARK = Palette(
    name="dark",
    bg="#0d0d0d",
    fg="#f5f5f5",
    muted="#c8c8c8",
    accent="#7cacf8",
    accent_fg="#000000",
    card="#2a2a1e",
    card_fg="#f5f5f5",
    border="#9e9e9e",
    amber="#ffb74d",
    red="#ff6b6b",
    green="#66d17a",
    panel="#1c1f24",
    input_bg="#161616",
    error_bg="#4a1414",
    info_bg="#13284a",
)
THEMES = {"light": LIGHT, "dark": DARK}

BASE_POINT_SIZE = 12.0  # the laptop's controls at text scale 1.0
MIN_SCALE = 0.7
MAX_SCALE = 3.0
SCALE_STEP = 0.1


def palette(name: str) -> Palette:
    return THEMES.get(name, LIGHT)


def clamp_scale(scale: float) -> float:
    return round(min(MAX_SCALE, max(MIN_SCALE, scale)), 2)


def point_size(scale: float, base: float = BASE_POINT_SIZE) -> float:
    """The point size of ordinary text at ``scale``."""
    return round(base * clamp_scale(scale), 1)


def style_sheet(p: Palette) -> str:
    """The application style sheet: colours and visible keyboard focus, no font sizes.

    A focused (or invalid) field or button has a 2 px border instead of 1 px and 1 px less
    padding, so it keeps its size: a layout done while it has the focus does not grow it.

    Font sizes come from the application font, so ``setFont`` on a widget still works.
    Widgets opt into a look with ``setProperty("role", ...)``: ``muted``, ``heading``,
    ``panel`` (bars), ``card``, ``primary`` (buttons), ``danger`` (buttons).
    """
    return f"""
QWidget {{ background-color: {p.bg}; color: {p.fg}; }}
QMainWindow::separator {{ background: {p.border}; width: 2px; height: 2px; }}
QToolTip {{ background-color: {p.panel}; color: {p.fg}; border: 1px solid {p.border}; }}
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QSpinBox, QDateEdit, QAbstractItemView {{
    background-color: {p.input_bg}; color: {p.fg}; border: 1px solid {p.border}; border-radius: 3px;
    selection-background-color: {p.accent}; selection-color: {p.accent_fg}; }}
QLineEdit, QComboBox, QSpinBox {{ padding: 3px 5px; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QSpinBox:focus,
QAbstractItemView:focus {{ border: 2px solid {p.accent}; }}
QLineEdit[invalid="true"], QPlainTextEdit[invalid="true"] {{ border: 2px solid {p.red}; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus, QLineEdit[invalid="true"] {{ padding: 2px 4px; }}
QComboBox QAbstractItemView {{ border: 1px solid {p.border}; }}
QPushButton, QToolButton {{
    background-color: {p.panel}; color: {p.fg}; border: 1px solid {p.border}; border-radius: 4px;
    padding: 4px 12px; }}
QPushButton:hover, QToolButton:hover {{ border-color: {p.accent}; }}
QPushButton:focus, QToolButton:focus {{ border: 2px solid {p.accent}; padding: 3px 11px; }}
QPushButton:pressed, QToolButton:pressed {{ background-color: {p.accent}; color: {p.accent_fg}; }}
QPushButton:disabled, QToolButton:disabled {{ color: {p.muted}; border-color: {p.panel}; }}
QPushButton[role="primary"] {{ background-color: {p.accent}; color: {p.accent_fg};
    border-color: {p.accent}; }}
QPushButton[role="primary"]:focus {{ border: 2px solid {p.fg}; }}
QPushButton[role="primary"]:disabled, QPushButton[role="danger"]:disabled {{
    background-color: {p.panel}; color: {p.muted}; border-color: {p.panel}; }}
QPushButton[role="danger"] {{ color: {p.red}; }}
QHeaderView::section {{
    background-color: {p.panel}; color: {p.fg}; border: none; border-right: 1px solid {p.border};
    border-bottom: 1px solid {p.border}; padding: 4px 6px; font-weight: bold; }}
QTableView {{ gridline-color: {p.border}; alternate-background-color: {p.panel}; }}
QTabWidget::pane {{ border: 1px solid {p.border}; }}
QTabBar::tab {{ background: {p.panel}; color: {p.fg}; padding: 5px 14px; border: 1px solid {p.border};
    border-bottom: none; }}
QTabBar::tab:selected {{ background: {p.accent}; color: {p.accent_fg}; }}
QTabBar::tab:focus {{ border: 2px solid {p.fg}; }}
QGroupBox {{ border: 1px solid {p.border}; border-radius: 4px; margin-top: 1.2em; padding-top: 0.4em; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 8px; padding: 0 4px; font-weight: bold; }}
QMenuBar {{ background-color: {p.panel}; }}
QMenuBar::item:selected, QMenu::item:selected {{ background-color: {p.accent}; color: {p.accent_fg}; }}
QMenu {{ background-color: {p.panel}; border: 1px solid {p.border}; }}
QMenu::item:disabled {{ color: {p.muted}; }}
QCheckBox::indicator, QRadioButton::indicator {{ width: 1.1em; height: 1.1em; }}
QCheckBox:focus {{ color: {p.accent}; }}
QScrollArea {{ border: none; }}
QProgressBar {{ border: 1px solid {p.border}; border-radius: 3px; text-align: center; }}
QProgressBar::chunk {{ background-color: {p.accent}; }}
QLabel[role="muted"] {{ color: {p.muted}; }}
QLabel[role="heading"] {{ font-weight: bold; }}
QLabel[role="warning"] {{ color: {p.amber}; font-weight: bold; }}
QLabel[role="error"] {{ color: {p.red}; font-weight: bold; }}
QWidget[role="panel"] {{ background-color: {p.panel}; }}
QWidget[role="panel"] QLabel {{ background-color: {p.panel}; }}
QListWidget#stageRail {{ background-color: {p.panel}; border: none; border-right: 1px solid {p.border};
    outline: none; }}
QListWidget#stageRail::item {{ padding: 8px 10px; border-bottom: 1px solid {p.panel}; }}
QListWidget#stageRail::item:selected {{ background-color: {p.accent}; color: {p.accent_fg}; }}
QListWidget#stageRail:focus {{ border-right: 3px solid {p.accent}; }}
"""


# The application palette carries every colour the style sheet uses, and the sheet names them
# with ``palette(role)``: the sheet's text never changes, so a theme change is a new palette
# plus a re-polish of what is on screen (a new application style sheet re-polishes every widget
# there is: over half a second with every stage built).  Qt reads ``palette(role)`` from the
# application palette when it polishes a widget.  Colours with no role of their own ride on roles
# that nothing here draws with: red and amber on the tool-tip roles (the sheet's QToolTip rule
# names its colours), the card colour on Fusion's midlight shade and green on the accent role
# (Highlight carries the accent); card text is the window text in both themes.  Screenshots of
# every stage in both themes came out pixel-identical with and without this (Fusion does draw
# scroll bars with the dark and shadow shades, so those stay free).
#
# ``SHEETS`` is a Palette whose colours are these ``palette(role)`` names: style sheets built from
# it (the application's, the stages') do not change with the theme.
SHEET_ROLES = {
    "bg": "window",
    "fg": "window-text",
    "input_bg": "base",
    "panel": "button",
    "accent": "highlight",
    "accent_fg": "highlighted-text",
    "muted": "placeholder-text",
    "border": "mid",
    "red": "tooltip-text",
    "amber": "tooltip-base",
    "card": "midlight",
    "card_fg": "window-text",
    "green": "accent",
}


SHEETS = replace(LIGHT, name="sheets", **{field: f"palette({role})" for field, role in SHEET_ROLES.items()})
APP_STYLE_SHEET = style_sheet(SHEETS)


def set_style_sheet(widget: QWidget, sheet: str) -> None:
    """``widget.setStyleSheet(sheet)`` unless it already has it (Qt re-polishes the widget and
    everything under it even for the same text)."""
    if widget.styleSheet() != sheet:
        widget.setStyleSheet(sheet)


def qt_palette(p: Palette) -> QPalette:
    """The application palette for ``p``: Fusion's colours and the roles the style sheet names."""
    from PySide6.QtGui import QColor, QPalette

    role = QPalette.ColorRole
    colours = {
        role.Window: p.bg,
        role.WindowText: p.fg,
        role.Base: p.input_bg,
        role.AlternateBase: p.panel,
        role.Text: p.fg,
        role.Button: p.panel,
        role.ButtonText: p.fg,
        role.Highlight: p.accent,
        role.HighlightedText: p.accent_fg,
        role.PlaceholderText: p.muted,
        role.Link: p.accent,
        role.Mid: p.border,
        role.ToolTipText: p.red,
        role.ToolTipBase: p.amber,
        role.Midlight: p.card,
        role.Accent: p.green,
    }
    qp = QPalette()
    for name, colour in colours.items():
        qp.setColor(name, QColor(colour))
    qp.setColor(QPalette.ColorGroup.Disabled, role.Text, QColor(p.muted))
    qp.setColor(QPalette.ColorGroup.Disabled, role.ButtonText, QColor(p.muted))
    return qp


def repolish(root: QWidget, defer: Callable[[QWidget], bool] | None = None) -> int:
    """Re-polish ``root`` and everything under it, so the sheet's colours follow a new palette.

    ``defer(widget)`` returning True skips that widget and everything under it (the caller
    re-polishes it before it is next shown).  Returns how many widgets were re-polished.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QWidget

    count = 0
    todo = [root]
    while todo:
        widget = todo.pop()
        if defer is not None and defer(widget):
            continue
        style = widget.style()
        style.unpolish(widget)
        style.polish(widget)
        widget.update()
        count += 1
        todo.extend(widget.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly))
    return count


LOOK_PROPERTY = "planwallLook"  # the application property apply_theme keeps its look in


def apply_theme(
    app: QApplication, name: str, scale: float, defer: Callable[[QWidget], bool] | None = None
) -> None:
    """Put theme ``name`` and text ``scale`` on the whole application.

    Only what differs is set: setting the style, the style sheet or the font re-polishes or
    re-lays out every widget there is (each about half a second with every stage built), so
    the style and the sheet are set once, before the first window; a text-size change sets
    the font and a theme change the palette, and either re-polishes the open windows, except
    what ``defer`` keeps for later (see ``repolish``).
    """
    from PySide6.QtGui import QFont

    p = palette(name)
    look = f"{p.name}@{scale!r}"
    first = app.styleSheet() != APP_STYLE_SHEET
    if app.property(LOOK_PROPERTY) == look and not first:
        return
    if first:  # (under a style sheet app.style() is Qt's sheet style, whose name() is "")
        app.setStyle("Fusion")
    qp = qt_palette(p)
    new_palette = app.palette() != qp
    if new_palette:
        app.setPalette(qp)
    size = point_size(scale)
    new_font = app.font().pointSizeF() != size
    if new_font:
        font = QFont(app.font())
        font.setPointSizeF(size)
        app.setFont(font)
    if first:
        app.setStyleSheet(APP_STYLE_SHEET)
    app.setProperty(LOOK_PROPERTY, look)  # before the re-polish: ``defer`` may ask for it
    if new_palette or new_font:
        # Under a style sheet a new application font does not reach widgets already polished
        # (menus, hints, tables kept the old size), nor do the sheet's palette colours: re-polish.
        for window in app.topLevelWidgets():
            if window.parentWidget() is None:
                repolish(window, defer)


def applied_look() -> str:
    """The theme and text size ``apply_theme`` put on the application last ("" before it ran):
    what a widget polished now is polished for."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    look = app.property(LOOK_PROPERTY) if app is not None else None
    return look if isinstance(look, str) else ""
