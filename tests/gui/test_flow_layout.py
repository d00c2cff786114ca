"""The wrapping layout of note cards and form rows: heights remembered, and forgotten on any change."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QLabel, QWidget

from workshop_app.ui.stages._board_flow import FlowLayout

pytestmark = pytest.mark.gui

WIDTH = 300


def label(text: str) -> QLabel:
    widget = QLabel(text)
    widget.setWordWrap(True)
    widget.setFixedWidth(140)
    return widget


@pytest.fixture
def flow(qtbot: Any) -> Iterator[FlowLayout]:
    box = QWidget()
    qtbot.addWidget(box)
    layout = FlowLayout(box, spacing=10)
    for n in range(4):
        layout.addWidget(label(f"Note {n}"))
    box.resize(WIDTH, 400)
    box.show()
    qtbot.waitExposed(box)
    yield layout  # (the box stays referenced here until the test is over)
    box.close()


def test_two_per_row_and_the_height_follows_every_change(flow: FlowLayout, qtbot: Any) -> None:
    """A remembered height must never outlive the change that made it wrong."""
    one_line = flow.itemAt(0).sizeHint().height()
    two_rows = flow.heightForWidth(WIDTH)
    assert two_rows == 2 * one_line + 10
    assert flow.heightForWidth(WIDTH) == two_rows  # asked again: the same answer

    first = flow.itemAt(0).widget()
    assert isinstance(first, QLabel)
    first.setText("A note long enough to wrap onto several lines at this width")
    assert flow.heightForWidth(WIDTH) > two_rows  # a card's new text: taller row

    first.hide()
    assert flow.heightForWidth(WIDTH) == two_rows  # 3 cards left: still two rows
    flow.itemAt(1).widget().hide()
    assert flow.heightForWidth(WIDTH) == one_line  # 2 cards: one row

    flow.addWidget(label("Note 4"))  # (Qt shows a widget added to a visible box on the next turn)
    qtbot.waitUntil(lambda: flow.heightForWidth(WIDTH) == two_rows)  # 3 visible cards again
    taken = flow.takeAt(flow.count() - 1)
    assert taken is not None
    assert flow.heightForWidth(WIDTH) == one_line

    first.show()
    flow.setSpacing(30)  # 140 + 30 + 140 > 300: one card per row
    heights = [flow.itemAt(i).heightForWidth(140) for i in (0, 2, 3)]
    assert flow.heightForWidth(WIDTH) == sum(heights) + 2 * 30
    assert flow.heightForWidth(1000) == max(heights)  # all three in one row
