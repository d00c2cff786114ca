"""The cold-start shortcut past PySide6's per-import source scan gives the same answers, faster."""

from __future__ import annotations

import importlib
import sys

import pytest

from workshop_app.ui import pyside_imports
from workshop_app.ui.pyside_imports import is_qt_free, skip_scan_for_qt_free_modules

pytestmark = pytest.mark.gui


def _original_scan():  # type: ignore[no-untyped-def]
    feature = sys.modules[pyside_imports.FEATURE_MODULE]
    scan = getattr(feature, pyside_imports.SCAN_FUNCTION)
    return scan.__closure__[0].cell_contents if getattr(scan, "planwall_shortcut", False) else scan


def test_qt_free_names() -> None:
    for name in ("json", "sqlite3", "sqlalchemy.orm.session", "workshop_app.store.database", "workshop_app"):
        assert is_qt_free(name), name
    for name in ("workshop_app.ui", "workshop_app.ui.main_window", "PySide6.QtCore", "pytestqt.plugin", ""):
        assert not is_qt_free(name), name


def test_shortcut_is_installed_and_agrees_with_pyside() -> None:
    import workshop_app.ui.app  # noqa: F401  (installs the shortcut on import)

    assert skip_scan_for_qt_free_modules()
    feature = sys.modules[pyside_imports.FEATURE_MODULE]
    shortcut = getattr(feature, pyside_imports.SCAN_FUNCTION)
    assert getattr(shortcut, "planwall_shortcut", False)
    original = _original_scan()
    assert original is not shortcut
    for name in (
        "json",
        "sqlalchemy.orm.session",
        "workshop_app.store.database",
        "workshop_app.services.workshop_service",
        "workshop_app.ui.app",
        "workshop_app.ui.main_window",
    ):
        module = importlib.import_module(name)
        assert shortcut(module) == original(module), name
    assert shortcut(importlib.import_module("workshop_app.ui.main_window")) is True
    assert skip_scan_for_qt_free_modules()  # a second call keeps the one shortcut
    assert getattr(feature, pyside_imports.SCAN_FUNCTION) is shortcut
