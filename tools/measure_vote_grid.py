"""One-off measurement of the Vote stage's dot grid with a full room: 20 people, 16 vote items.

    QT_QPA_PLATFORM=offscreen python tools/measure_vote_grid.py [--shots DIR] [--rounds N]

Prints, for the main window at 1280x720 and 1920x1080 and text sizes 100% and 150%: the grid's
viewport, its name header's height, how many item rows and person columns show whole without
scrolling; then the time of a dot keypress, Backspace, undo and redo (until the window and the
wall have repainted), without and with the wall open, as medians of N rounds.  With ``--shots``
it saves the window (and the wall) at each size as PNGs there.  Not a test: the numbers depend
on the machine.

Measured on the shared 2-core machine (2026-11-23), medians of 7-9 rounds, 20 people:

    before (870ac05)  1280x720: 2 of 16 rows, 14 of 20 people; 1920x1080: 10 rows; 150% text
                      1280x720: 0 rows (a 54 px viewport), 1920x1080: 3 rows.
                      A dot 81 ms, undo 88 ms; with the wall open a dot 103 ms (quiet machine).
    after             1280x720: 6 rows, 20 people; 1920x1080: 14 rows; 150% text 1280x720:
                      0 rows (238 px viewport, scrolls), 1920x1080: 7 rows.
                      A dot 14-18 ms, undo 14-17 ms; wall open: a dot 19-21 ms (quiet machine).
    both under load   (another test run on the machine, load 3): a dot 127 -> 44 ms, wall open
                      95 -> 48 ms; a repaint of the grid alone 55 -> 8 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NAMES = [
    "Alexandra Montgomery-Smith",
    "Benedikt Schwarzenegger",
    "Chiara Bellini",
    "Dmitri Volkov",
    "Esperanza Gutiérrez",
    "Fatima Al-Hassan",
    "Gunnar Olafsson",
    "Hiroshi Tanaka",
    "Ines Fernandes",
    "Jan de Vries",
    "Katarzyna Wiśniewska",
    "Liam O'Connor",
    "Mei Ling Chen",
    "Nkosana Dlamini",
    "Olga Petrova",
    "Priya Ramakrishnan",
    "Quentin Dubois",
    "Rebecca Thornton",
    "Sven Lindqvist",
    "Tomás Ó Briain",
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shots", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--people", type=int, default=20)
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    scratch = Path(tempfile.mkdtemp(prefix="planwall-vote-"))
    os.environ["PLANWALL_DATA_DIR"] = str(scratch / "userdata")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent
    from PySide6.QtWidgets import QApplication

    from workshop_app.services.clock import FakeClock
    from workshop_app.services.workshop_service import OpenWorkshop
    from workshop_app.ui.main_window import MainWindow
    from workshop_app.ui.settings import AppSettings
    from workshop_app.ui.stages.vote_stage import VoteStage

    app = QApplication.instance() or QApplication([])
    clock = FakeClock(datetime(2026, 3, 10, 8, 30, tzinfo=UTC))
    ow = OpenWorkshop.create_from_template(
        "two-day-jbp", scratch / "vote.planwall", clock, title="Vote grid", first_day=date(2026, 3, 10)
    )
    ids = [
        ow.setup.add_participant(n, "supplier" if i % 2 else "customer", experience_rank=i % 5).id
        for i, n in enumerate(NAMES[: args.people])
    ]
    topic = ow.board.topics()[0].id
    notes = [
        ow.board.add_idea(topic, f"Idea number {i} about shopper value", ids[i % len(ids)]).id
        for i in range(40)
    ]
    for k in range(8):
        ow.board.create_cluster(topic, f"Cluster {k}", notes[k * 4 : (k + 1) * 4])
    settings = AppSettings()
    settings.text_scale = 1.0
    window = MainWindow(ow, settings, ticking=False)
    window.resize(1280, 720)
    window.show()
    app.processEvents()
    window.show_stage("vote")
    app.processEvents()
    stage = window.current_stage
    assert isinstance(stage, VoteStage)
    stage.start_button.click()
    window.flush_refresh()
    app.processEvents()
    grid = stage.grid

    def settle() -> None:
        app.processEvents()
        window.flush_refresh()
        app.processEvents()

    def layout_report(label: str) -> None:
        settle()
        view = stage.grid_scroll.viewport()
        _lw, col_w, header_h, row_h, _tw = grid._metrics()
        rows = max(0, (view.height() - header_h) // row_h)
        label_w = grid._metrics()[0]
        cols = max(0, (view.width() - label_w) // col_w)
        print(
            f"{label:>22}: viewport {view.width()}x{view.height()}, header {header_h} px, "
            f"rows shown {min(rows, len(grid.data.items))}/{len(grid.data.items)}, "
            f"columns shown {min(cols, len(grid.data.people))}/{len(grid.data.people)}"
        )
        if args.shots is not None:
            args.shots.mkdir(parents=True, exist_ok=True)
            window.grab().save(str(args.shots / f"{label.replace(' ', '-').replace('%', '')}.png"))

    for w, h in ((1280, 720), (1920, 1080)):
        for scale in (1.0, 1.5):
            window.set_text_scale(scale)
            window.resize(w, h)
            settle()
            window.message_bar.dismiss()
            layout_report(f"{w}x{h} {round(scale * 100)}%")
    window.set_text_scale(1.0)
    window.resize(1280, 720)
    settle()

    def key(k: Qt.Key) -> Callable[[], None]:
        def press() -> None:
            grid.setFocus()
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(grid, QKeyEvent(kind, k, Qt.KeyboardModifier.NoModifier))

        return press

    def timed(fn: Callable[[], None]) -> float:
        t0 = time.perf_counter()
        fn()
        settle()  # (the grid's and the wall's repaints run here)
        return (time.perf_counter() - t0) * 1000

    def figures(tag: str) -> None:
        grid.set_current(ids[3], grid.data.items[0][0])
        out: dict[str, list[float]] = {"dot": [], "remove": [], "undo": [], "redo": []}
        for _ in range(args.rounds):
            out["dot"].append(timed(key(Qt.Key.Key_Space)))
            out["remove"].append(timed(key(Qt.Key.Key_Backspace)))
            out["undo"].append(timed(window.undo))
            out["redo"].append(timed(window.redo))
        print(
            f"{tag:>22}: "
            + ", ".join(f"{k} {statistics.median(v):.1f} ms (max {max(v):.1f})" for k, v in out.items())
        )

    figures("no wall")
    window.toggle_wall()
    settle()
    if window.wall is not None:
        window.wall.resize(1280, 720)
    settle()
    figures("wall open")
    if args.shots is not None and window.wall is not None:
        window.wall.grab().save(str(args.shots / "wall-1280x720.png"))
        window.wall.close()
    window.close()
    ow.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
