"""Every stage fits a 1280x720 projector in both themes at text size 1.0 (the complete sample open),
and larger text never pushes the window past the screen.

Each stage sits in a scroll area of its own (``StageScroll``): a stage that needs more room
than the window has scrolls, so at 1.0 the check is that no stage needs a scroll bar.
Before the scroll areas, a widget whose minimum width was too large forced the whole window
wider than the screen, cutting off the right edge on the projector; at 150% text the Close
stage made the window 1556 px wide, and at 175% the timer bar made every stage 1608 px.
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
from workshop_app.ui.stage_stack import StageScroll
from workshop_app.ui.timer_widget import SHORTCUTS, TimerWidget

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
            page = window.stack.currentWidget()
            assert isinstance(page, StageScroll) and page.widget() is window.current_stage
            stage_needs = window.current_stage.minimumSizeHint()
            room = page.viewport().size()
            if stage_needs.width() > room.width() or stage_needs.height() > room.height():
                too_wide[key] = (stage_needs.width(), stage_needs.height())
            assert not page.horizontalScrollBar().isVisible(), key
            assert not page.verticalScrollBar().isVisible(), key
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


def _show_every_stage(window: MainWindow) -> dict[str, tuple[int, int]]:
    """Each stage in turn; the window's size with it on screen."""
    sizes = {}
    for key in window.stage_keys:
        window.show_stage(key)
        window.flush_refresh()
        QApplication.processEvents()
        sizes[key] = (window.width(), window.height())
    return sizes


@pytest.mark.parametrize("scale", [1.5, 2.0])
def test_larger_text_scrolls_a_stage_rather_than_widen_the_window(
    qtbot: Any, window: MainWindow, scale: float
) -> None:
    """At 150% the Close stage forced the window to 1556 px, at 200% every stage to 1843 px:
    the right edge (the stage's buttons, the timer's +5) was off a 1280x720 projector."""
    window.set_text_scale(scale)
    qtbot.waitUntil(lambda: window.ctx.text_scale == scale)
    QApplication.processEvents()
    sizes = _show_every_stage(window)
    assert set(sizes.values()) == {(1280, 720)}, sizes
    window.show_stage("close")
    QApplication.processEvents()
    page = window.stack.currentWidget()
    assert isinstance(page, StageScroll)
    bar = page.horizontalScrollBar()
    if scale == 2.0:  # (at 150% the Close stage fits since its summary heading wraps)
        assert bar.isVisible() and bar.maximum() > 0  # the rest of the stage is a scroll away
    assert window.current_stage.width() >= window.current_stage.minimumSizeHint().width()


def test_the_timer_bar_drops_its_keys_before_it_runs_out_of_room(qtbot: Any, window: MainWindow) -> None:
    """At 1280 px and 150% text the buttons show their verbs only (the keys stay in their
    tooltips), the state and lateness end in "…" where they must, and the running item's
    title keeps a few letters; at 100% the keys come back."""
    bar = window.findChild(TimerWidget)
    assert bar is not None and not bar.wall
    last = window.ow.agenda.all_items()[-1]  # (the sample's agenda has been run: run its last item again)
    window.ow.agenda.reset_item(last.id)
    window.ow.agenda.start(last.id)
    window.ctx.poll_status()
    QApplication.processEvents()
    keys = {key: SHORTCUTS[key] for key in bar.buttons}
    assert not bar.compact
    assert all(button.text().endswith(keys[key]) for key, button in bar.buttons.items())
    assert bar.buttons["toggle"].text() == "Pause  F6"

    window.set_text_scale(1.5)
    qtbot.waitUntil(lambda: bar.compact)
    QApplication.processEvents()
    assert window.width() == 1280
    assert {key: button.text() for key, button in bar.buttons.items()} == {
        "toggle": "Pause",
        "next": "Next",
        "plus1": "+1",
        "plus5": "+5",
    }
    assert all(keys[key] in button.toolTip() for key, button in bar.buttons.items())
    title = bar.title_label.fontMetrics().horizontalAdvance(bar.title_label.text()[:4])
    assert bar.title_label.width() >= title  # the title is not squeezed away
    assert bar.geometry().right() <= window.width()
    for button in bar.buttons.values():  # every button whole, on screen
        assert button.width() >= button.sizeHint().width()
        assert button.mapTo(window, button.rect().topRight()).x() < 1280

    window.ow.agenda.toggle_pause()  # the verb changes while compact: still no key
    window.ctx.poll_status()
    assert bar.buttons["toggle"].text() == "Resume"

    window.set_text_scale(1.0)
    qtbot.waitUntil(lambda: not bar.compact)
    assert bar.buttons["toggle"].text() == "Resume  F6"
    assert all(button.text().endswith(keys[key]) for key, button in bar.buttons.items())


def test_times_dates_and_ratings_are_never_cut_at_larger_text(qtbot: Any, window: MainWindow) -> None:
    """At 130% on 1280x720 the minutes' times read "16:…", the actions' due dates "2026-…" and
    the feedback's ratings "atin": those columns took a fixed share of the width."""
    window.set_text_scale(1.3)
    qtbot.waitUntil(lambda: window.ctx.text_scale == 1.3)
    window.show_stage("minutes")
    stage: Any = window.current_stage
    window.show_stage("close")
    close: Any = window.current_stage
    QApplication.processEvents()
    for table, columns in ((stage.table, (0, 2)), (stage.actions.table, (3, 4)), (close.table, (0,))):
        table._apply_shares()  # as after the fill and every resize
        for c in columns:
            assert table.columnWidth(c) >= table.sizeHintForColumn(c) > 0, (table, c)


def test_at_130_percent_the_close_stage_needs_no_sideways_scroll(qtbot: Any, window: MainWindow) -> None:
    """The heading "What the workshop produced" kept its one line: at 130% on 1280 px it made
    the Close stage wider than the window, and the summary read "Castleg…" behind a scroll bar."""
    window.set_text_scale(1.3)
    qtbot.waitUntil(lambda: window.ctx.text_scale == 1.3)
    window.show_stage("close")
    QApplication.processEvents()
    page = window.stack.currentWidget()
    assert isinstance(page, StageScroll)
    assert not page.horizontalScrollBar().isVisible()
