"""Cold start: the splash paints before SQLAlchemy, the services, the store and the main window load."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from workshop_app.ui.app import HEAVY_MODULES, LOG_NAME, QUIT_ENV

pytestmark = pytest.mark.gui

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_sessions" / "complete-jbp.json"


def _run(args: list[str], data: Path, **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PLANWALL_DATA_DIR": str(data), **env}
    return subprocess.run(
        [sys.executable, "-m", "workshop_app", *args],
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=str(ROOT),
    )


def _log_lines(data: Path) -> list[str]:
    logs = list(data.rglob(LOG_NAME))
    assert logs, f"no {LOG_NAME} under {data}"
    return logs[0].read_text(encoding="utf-8").splitlines()


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    path = tmp_path / "ref.planwall"
    done = _run(["import", str(SAMPLE), "-o", str(path)], tmp_path / "data")
    assert done.returncode == 0, done.stderr
    return path


def test_splash_paints_before_heavy_imports_then_main_window(workshop: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = _run([str(workshop)], data, **{QUIT_ENV: "1"})
    assert done.returncode == 0, done.stderr
    lines = _log_lines(data)
    splash = [i for i, line in enumerate(lines) if "splash painted" in line]
    shown = [i for i, line in enumerate(lines) if "window shows" in line and workshop.name in line]
    assert splash, "\n".join(lines)
    assert shown, "\n".join(lines)
    assert lines[splash[-1]].endswith("heavy modules loaded: none"), lines[splash[-1]]
    assert splash[-1] < shown[-1]


def test_start_screen_also_gets_a_splash(tmp_path: Path) -> None:
    data = tmp_path / "data"
    done = _run([], data, **{QUIT_ENV: "1"})
    assert done.returncode == 0, done.stderr
    lines = _log_lines(data)
    assert any(line.endswith("heavy modules loaded: none") for line in lines), "\n".join(lines)
    assert any("quitting after the first window" in line for line in lines), "\n".join(lines)


def test_heavy_module_list_is_what_the_splash_must_precede() -> None:
    assert "sqlalchemy" in HEAVY_MODULES
    assert "workshop_app.ui.main_window" in HEAVY_MODULES


def test_gui_entry_does_not_import_the_cli() -> None:
    code = (
        "import sys; from workshop_app.__main__ import is_cli; "
        "assert not is_cli(['some/file.planwall']); assert not is_cli(['--demo']); assert not is_cli([]); "
        "assert 'workshop_app.cli' not in sys.modules; "
        "assert is_cli(['bench']) and is_cli(['--help']) and not is_cli(['nonsense'])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr


def test_splash_closes_when_another_window_shows(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QWidget

    from workshop_app.ui.app import StartupSplash
    from workshop_app.ui.theme import palette

    splash = StartupSplash(palette("dark"), "opening x.planwall\u2026")
    qtbot.addWidget(splash)
    splash.show()
    qtbot.waitUntil(lambda: splash.painted)
    other = QWidget()
    qtbot.addWidget(other)
    other.show()  # a dialog about a locked file, or the main window
    assert not splash.isVisible()
