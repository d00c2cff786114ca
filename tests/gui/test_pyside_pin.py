"""Regression test for the PySide6 pin.

Measured: PySide6 6.12.0 on CPython 3.11 corrupts None's reference count on every Qt call
that returns nothing and aborts after a few thousand calls ("Fatal Python error:
none_dealloc"); 6.11.x on 3.11 and 6.12.0 on 3.12 are fine.  pyproject.toml pins
``PySide6-Essentials<6.12`` for Python < 3.12.  These tests prove the installed Qt survives
a long stream of such calls in a real process, and that the pin is in force.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.gui
def test_many_qt_calls_returning_none_do_not_abort() -> None:
    code = textwrap.dedent(
        """
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
        app = QApplication([])
        label, edit = QLabel(), QLineEdit()
        before = sys.getrefcount(None)
        for i in range(50_000):
            label.setText("x")          # each returns None from C++
            edit.setPlaceholderText("y")
            label.setVisible(False)
        after = sys.getrefcount(None)
        print("ok", before, after)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "none_dealloc" not in result.stderr
    assert result.stdout.startswith("ok")


def test_pyside6_pin_is_in_force() -> None:
    from importlib.metadata import version

    qt = version("PySide6-Essentials")
    major, minor = (int(x) for x in qt.split(".")[:2])
    if sys.version_info < (3, 12):
        assert (major, minor) < (6, 12), f"PySide6 {qt} on Python 3.11 aborts with none_dealloc; pin <6.12"
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "PySide6-Essentials>=6.7,<6.12; python_version < '3.12'" in text
