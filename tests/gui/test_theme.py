"""The themes: the palette carries every colour the style sheets name, so a theme is a palette."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QPalette

from workshop_app.ui.stages._board_style import stage_css
from workshop_app.ui.stages._rock_common import stage_stylesheet
from workshop_app.ui.theme import APP_STYLE_SHEET, SHEET_ROLES, SHEETS, THEMES, qt_palette

pytestmark = pytest.mark.gui

HEX_COLOUR = r"#[0-9a-fA-F]{6}\b"

ROLE = QPalette.ColorRole
QSS_ROLES = {  # the names Qt's style sheets use for palette roles
    "window": ROLE.Window,
    "window-text": ROLE.WindowText,
    "base": ROLE.Base,
    "button": ROLE.Button,
    "highlight": ROLE.Highlight,
    "highlighted-text": ROLE.HighlightedText,
    "placeholder-text": ROLE.PlaceholderText,
    "mid": ROLE.Mid,
    "midlight": ROLE.Midlight,
    "accent": ROLE.Accent,
    "tooltip-text": ROLE.ToolTipText,
    "tooltip-base": ROLE.ToolTipBase,
}


@pytest.mark.parametrize("name", sorted(THEMES))
def test_each_sheet_colour_is_the_theme_colour_in_the_palette(name: str) -> None:
    theme, palette = THEMES[name], qt_palette(THEMES[name])
    for field, role in SHEET_ROLES.items():
        assert palette.color(QSS_ROLES[role]).name() == getattr(theme, field), (name, field, role)


def test_style_sheets_name_palette_roles_not_colours() -> None:
    for sheet in (APP_STYLE_SHEET, stage_css(), stage_stylesheet(SHEETS, 17)):
        assert not re.findall(HEX_COLOUR, sheet)
        assert set(re.findall(r"palette\(([a-z-]+)\)", sheet)) <= set(SHEET_ROLES.values())


def test_a_focused_or_invalid_field_or_button_keeps_its_size(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Its border is 2 px instead of 1, its padding 1 px less: a layout done while it has the focus
    does not grow it (the Setup stage's name box grew 2 px in each text-size change it saw)."""
    from PySide6.QtWidgets import (
        QApplication,
        QComboBox,
        QLineEdit,
        QPushButton,
        QSpinBox,
        QVBoxLayout,
        QWidget,
    )

    from workshop_app.ui.stages._rock_common import set_invalid
    from workshop_app.ui.theme import apply_theme, repolish

    app = QApplication.instance()
    apply_theme(app, "light", 1.0)
    try:
        box = QWidget()
        qtbot.addWidget(box)
        primary = QPushButton("Add")
        primary.setProperty("role", "primary")
        combo = QComboBox()
        combo.addItems(["Supplier", "Customer"])
        fields = [QLineEdit("Daniel"), combo, QSpinBox(), QPushButton("Delete"), primary]
        layout = QVBoxLayout(box)
        for field in fields:
            layout.addWidget(field)
        box.show()
        box.activateWindow()
        qtbot.waitUntil(box.isActiveWindow)
        for field in fields:
            box.setFocus()
            repolish(field)
            plain = field.sizeHint()
            field.setFocus()
            repolish(field)
            assert field.hasFocus()
            assert field.sizeHint() == plain, type(field).__name__
        name = fields[0]
        box.setFocus()
        repolish(name)
        plain = name.sizeHint()
        set_invalid(name, True)  # as a field with a refused value is marked
        assert name.sizeHint() == plain
    finally:
        app.setStyleSheet("")
