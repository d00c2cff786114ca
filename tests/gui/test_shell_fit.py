"""Every stage fits a 1280x720 projector in both themes at text size 1.0 (the complete sample open).

A widget whose minimum width is too large forces the whole window wider than the screen
(the rail and stage stack take the largest minimum of all stages), cutting off the right
edge on the projector.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication

from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.main_window import MainWindow
from workshop_app.ui.settings import AppSettings

pytestmark = pytest.mark.gui

SAMPLE = Path(__file__).resolve().parents[2] / "sample_sessions" / "complete-jbp.json"


@pytest.fixture
def complete(tmp_path: Path, clock: FakeClock) -> Iterator[OpenWorkshop]:
    ow = OpenWorkshop.create_from_template(SAMPLE, tmp_path / "complete.planwall", clock)
    yield ow
    ow.close()


@pytest.fixture
def window(complete: OpenWorkshop, show_window: Callable[[Any], Any]) -> MainWindow:
    """The main window on the complete sample at 1280x720, text size 1.0."""
    settings = AppSettings()
    settings.text_scale = 1.0
    shown: MainWindow = show_window(MainWindow(complete, settings, ticking=False))
    return shown


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_every_stage_fits_1280x720(qtbot: Any, complete: OpenWorkshop, theme: str) -> None:
    settings = AppSettings()
    settings.text_scale = 1.0
    window = MainWindow(complete, settings, ticking=False)
    qtbot.addWidget(window)
    try:
        window.set_theme(theme)
        window.resize(1280, 720)
        window.show()
        qtbot.waitExposed(window)
        too_wide = {}
        for key in window.stage_keys:
            window.show_stage(key)
            window.flush_refresh()
            QApplication.processEvents()
            needed = window.minimumSizeHint()
            if needed.width() > 1280 or needed.height() > 720:
                too_wide[key] = (needed.width(), needed.height())
            assert window.width() == 1280 and window.height() == 720, key
        assert too_wide == {}
    finally:
        app = QApplication.instance()
        if isinstance(app, QApplication):
            app.setStyleSheet("")


def test_the_interest_matrix_is_no_taller_than_its_width_needs(qtbot: Any, window: MainWindow) -> None:
    """16 people x 6 rocks with their owners below, on a 1280x720 projector.

    The headings and owners under the columns wrap with the column width; a minimum height
    worked out before the grid had its real width kept it too tall: a scroll bar, and the
    owners cut off at the bottom.  The minimum must be what a grid of that width needs."""
    from PySide6.QtWidgets import QScrollArea

    from workshop_app.ui.stages._rock_interest import InterestGrid

    window.show_stage("interest")
    stage: Any = window.current_stage
    scroll = stage.findChild(QScrollArea)
    qtbot.waitUntil(lambda: stage.grid.width() == scroll.viewport().width())
    QApplication.processEvents()
    fresh = InterestGrid(window.ctx)  # laid out at the final width from the start
    qtbot.addWidget(fresh)
    fresh.resize(stage.grid.width(), 400)
    fresh.reload()
    assert stage.grid.minimumHeight() == fresh.minimumHeight()
    assert stage.grid.minimumHeight() < 600  # a little under the stage's height at 1280x720


def test_minutes_and_actions_rows_are_as_tall_as_their_text(qtbot: Any, window: MainWindow) -> None:
    """Rows filled before the stage was first shown were fitted to columns not laid out yet
    and stayed half as tall again as their text (wasted lines on a projector)."""
    window.show_stage("minutes")
    stage: Any = window.current_stage
    for table in (stage.table, stage.actions.table):

        def fitted(table: Any = table) -> bool:
            height = table.viewport().height()
            tops = [(r, table.rowViewportPosition(r)) for r in range(table.rowCount())]
            rows = [r for r, top in tops if top + table.rowHeight(r) > 0 and top < height]
            return bool(rows) and all(table.rowHeight(r) == table.sizeHintForRow(r) for r in rows)

        qtbot.waitUntil(fitted, timeout=2000)
