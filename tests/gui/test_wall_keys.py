"""The wall and the keyboard: the facilitator's keys work while the wall is in front, and a wall
on the projector leaves the laptop's window with the keyboard (issue found in review)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workshop_app.services.workshop_service import OpenWorkshop

CTRL = Qt.KeyboardModifier.ControlModifier
ROOT = Path(__file__).resolve().parents[2]


def test_the_windows_keys_work_while_the_wall_covers_the_only_screen(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    qtbot.keyClick(main_window.rail, Qt.Key.Key_F11)
    wall = main_window.wall
    assert wall is not None and wall.isVisible()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wall)  # one screen: the wall is in front

    qtbot.keyClick(wall, Qt.Key.Key_F6)  # start the first item
    assert ow.agenda.running_item() is not None
    qtbot.keyClick(wall, Qt.Key.Key_4, CTRL)
    assert main_window.current_key == "clusters" and wall.stage is main_window.current_stage
    qtbot.keyClick(wall, Qt.Key.Key_Z, CTRL)  # undo the start, from the wall
    assert ow.agenda.running_item() is None
    qtbot.keyClick(wall, Qt.Key.Key_F11)  # and F11 hides it again
    assert not wall.isVisible()
    qtbot.waitUntil(main_window.isActiveWindow)


def _screen(name: str, x: int, width: int, height: int) -> dict[str, object]:
    size = {"width": width, "height": height, "logicalDpiX": 96, "logicalDpiY": 96}
    return {"name": name, "x": x, "y": 0, **size}


TWO_SCREENS = {
    "synchronousWindowSystemEvents": True,
    "windowFrameMargins": False,
    "screens": [_screen("laptop", 0, 1280, 720), _screen("projector", 1280, 1920, 1080)],
}

CHILD = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    from workshop_app.services.workshop_service import OpenWorkshop
    from workshop_app.ui.main_window import MainWindow
    from workshop_app.ui.stages.ideas_stage import CaptureBox

    app = QApplication([])
    ow = OpenWorkshop.create_from_template("two-day-jbp", Path(sys.argv[1]))
    w = MainWindow(ow, ticking=False)
    w.setScreen(app.screens()[0])
    w.show()
    w.activateWindow()
    w.show_stage("ideas")
    app.processEvents()
    box = w.current_stage.findChild(CaptureBox)
    box.setFocus()
    QTest.keyClicks(box, "Shelf ")
    QTest.keyClick(w.rail, Qt.Key.Key_F11)  # F11 with a projector attached
    app.processEvents()
    print("wall screen:", w.wall.screen().name())
    print("active:", type(QApplication.activeWindow()).__name__)
    print("focus is the box:", QApplication.focusWidget() is box)
    QTest.keyClicks(QApplication.focusWidget(), "space")
    print("typed:", box.toPlainText())
    w.close()
    """
)


def test_a_wall_on_the_projector_leaves_the_keyboard_with_the_laptop(tmp_path: Path) -> None:
    config = tmp_path / "screens.json"
    config.write_text(json.dumps(TWO_SCREENS), encoding="utf-8")
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
        "PLANWALL_DATA_DIR": str(tmp_path / "data"),
    }
    result = subprocess.run(
        [sys.executable, "-c", CHILD, str(tmp_path / "w.planwall")],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "wall screen: projector" in result.stdout, result.stdout
    assert "active: MainWindow" in result.stdout
    assert "focus is the box: True" in result.stdout
    assert "typed: Shelf space" in result.stdout
