"""The Qt-free core really is Qt-free: it imports with PySide6 blocked."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CORE = ["model", "rules", "store", "services", "export"]


def test_core_imports_without_pyside6() -> None:
    code = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys
        sys.modules["PySide6"] = None  # any import of PySide6 now raises ImportError
        import workshop_app
        for pkg in {CORE!r}:
            mod = importlib.import_module("workshop_app." + pkg)
            for info in pkgutil.walk_packages(mod.__path__, mod.__name__ + "."):
                if ".migrations" in info.name:
                    continue
                importlib.import_module(info.name)
        import workshop_app.cli, workshop_app.paths, workshop_app.errors
        assert not any(m.startswith("PySide6.") for m in sys.modules), "PySide6 leaked in"
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")


def test_only_ui_imports_pyside6_in_source() -> None:
    offenders = []
    for path in (ROOT / "workshop_app").rglob("*.py"):
        rel = path.relative_to(ROOT / "workshop_app")
        if rel.parts[0] == "ui":
            continue
        text = path.read_text(encoding="utf-8")
        if "PySide6" in text and ("import PySide6" in text or "from PySide6" in text):
            offenders.append(str(rel))
    assert offenders == []
