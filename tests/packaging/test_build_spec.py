"""build.spec, read the way PyInstaller reads it: executed with stand-ins for Analysis, EXE, COLLECT.

What the bundle must carry: resources/, sample_sessions/ and Alembic's migrations folder (read from
disk as .py files), at the same relative places as in a source checkout, so the lookups in
workshop_app.paths and workshop_app.store.migrate find them under sys._MEIPASS.
"""

from __future__ import annotations

import ast
import importlib.util
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "build.spec"


class Recorder:
    """Stands in for one PyInstaller build step: records its arguments."""

    calls: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]]

    def __init__(self, name: str, calls: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]]) -> None:
        self.name = name
        self.calls = calls

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.setdefault(self.name, []).append((args, kwargs))
        result = type(self.name, (), {})()
        result.datas = list(kwargs.get("datas", []))  # type: ignore[attr-defined]
        result.binaries = []  # type: ignore[attr-defined]
        result.pure = []  # type: ignore[attr-defined]
        result.scripts = []  # type: ignore[attr-defined]
        return result


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    calls: dict[str, list[tuple[tuple[Any, ...], dict[str, Any]]]] = {}
    namespace: dict[str, Any] = {"SPECPATH": str(ROOT), "__name__": "__main__", "__file__": str(SPEC)}
    for name in ("Analysis", "PYZ", "EXE", "COLLECT", "BUNDLE"):
        namespace[name] = Recorder(name, calls)
    saved_path = list(sys.path)
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    finally:
        sys.path[:] = saved_path
    namespace["_calls"] = calls
    return namespace


def analysis(spec: dict[str, Any]) -> dict[str, Any]:
    [(_args, kwargs)] = spec["_calls"]["Analysis"]
    return kwargs


def bundled(spec: dict[str, Any]) -> dict[str, str]:
    """Bundle path (destination folder / file name) -> source file, for every data file."""
    out = {}
    for source, dest in analysis(spec)["datas"]:
        out[f"{dest}/{Path(source).name}".replace("\\", "/")] = source
    return out


def files_under(folder: str) -> set[str]:
    base = ROOT / folder
    return {
        p.relative_to(ROOT).as_posix()
        for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def test_entry_point_is_the_package_main(spec: dict[str, Any]) -> None:
    [(args, _kwargs)] = spec["_calls"]["Analysis"]
    assert [Path(p) for p in args[0]] == [ROOT / "workshop_app" / "__main__.py"]


@pytest.mark.parametrize("folder", ["resources", "sample_sessions", "workshop_app/store/migrations"])
def test_every_file_of_the_data_folders_is_bundled_at_the_same_place(
    spec: dict[str, Any], folder: str
) -> None:
    wanted = files_under(folder)
    assert wanted, f"{folder} is empty"
    got = bundled(spec)
    missing = sorted(wanted - set(got))
    assert not missing, f"not in the bundle: {missing}"
    for rel in wanted:
        assert Path(got[rel]).resolve() == (ROOT / rel).resolve()


def test_the_bundle_carries_what_the_app_reads_at_run_time(spec: dict[str, Any]) -> None:
    got = set(bundled(spec))
    for rel in (
        "resources/templates/two-day-jbp.json",
        "resources/fonts/DejaVuSans.ttf",
        "resources/fonts/DejaVu-LICENSE.txt",
        "resources/icons/planwall-256.png",
        "resources/guide.md",
        "sample_sessions/complete-jbp.json",
        "workshop_app/store/migrations/env.py",
        "workshop_app/store/migrations/script.py.mako",
        "docx/parts/__init__.py",  # makes docx/parts a folder: python-docx opens parts/../templates
    ):
        assert rel in got, rel
    versions = {p for p in got if p.startswith("workshop_app/store/migrations/versions/")}
    assert len(versions) >= 2 and all(p.endswith(".py") for p in versions)


def test_migrate_looks_for_its_scripts_where_the_bundle_puts_them() -> None:
    """Frozen, migrate.__file__ is <_MEIPASS>/workshop_app/store/migrate.pyc: same parent folder."""
    from workshop_app.store import migrate

    here = Path(migrate.__file__).resolve().parent
    assert here / "migrations" == migrate.MIGRATIONS_DIR
    assert migrate.MIGRATIONS_DIR.relative_to(ROOT).as_posix() == "workshop_app/store/migrations"


def test_the_bundled_migration_files_alone_build_a_workshop_file(
    spec: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Copy only what the spec bundles into a fake _MEIPASS and run every revision from there."""
    from workshop_app.store import migrate
    from workshop_app.store.schema import SCHEMA_VERSION

    meipass = tmp_path / "_internal"
    for rel, source in bundled(spec).items():
        if rel.startswith("workshop_app/store/migrations/"):
            target = meipass / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
    monkeypatch.setattr(migrate, "MIGRATIONS_DIR", meipass / "workshop_app" / "store" / "migrations")
    db = tmp_path / "fresh.planwall"
    migrate.build_schema(db)
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA user_version").fetchone() == (SCHEMA_VERSION,)
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()
    assert {"workshop", "alembic_version"} <= tables


def test_hidden_imports_exist(spec: dict[str, Any]) -> None:
    hidden = analysis(spec)["hiddenimports"]
    for needed in ("sqlalchemy.dialects.sqlite", "alembic", "alembic.runtime.migration", "logging.config"):
        assert needed in hidden, needed
    for name in hidden:
        if name.startswith("platformdirs.") and name != "platformdirs.unix":
            continue  # the other platforms' modules import their OS's APIs
        assert importlib.util.find_spec(name) is not None, f"hidden import {name} does not exist"


def _pyside_modules_used() -> set[str]:
    used = set()
    for path in (ROOT / "workshop_app").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("PySide6."):
                used.add(node.module.split(".")[1])
            elif isinstance(node, ast.Import):
                used.update(a.name.split(".")[1] for a in node.names if a.name.startswith("PySide6."))
    return used


def test_no_qt_module_the_app_imports_is_excluded(spec: dict[str, Any]) -> None:
    excluded = {e.split(".", 1)[1] for e in analysis(spec)["excludes"] if e.startswith("PySide6.")}
    used = _pyside_modules_used()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert not used & excluded, f"excluded but imported: {used & excluded}"
    assert {"QtNetwork", "QtQml", "QtQuick", "QtWebEngineCore"} <= excluded


def test_unused_qt_files_are_dropped_and_platform_plugins_kept(spec: dict[str, Any]) -> None:
    keep = spec["keep"]
    for dest in (
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/lib/libQt6Widgets.so.6",
        "resources/fonts/DejaVuSans.ttf",
    ):
        assert keep((dest, "src", "DATA")), dest
    for dest in (
        "PySide6/Qt/translations/qtbase_de.qm",
        "PySide6/Qt/plugins/imageformats/libqjpeg.so",
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/qml/QtQuick/qmldir",
    ):
        assert not keep((dest, "src", "DATA")), dest


def test_one_folder_build_named_planwall_with_icon(spec: dict[str, Any]) -> None:
    [(_args, exe)] = spec["_calls"]["EXE"]
    assert exe["name"] == "planwall" and exe["exclude_binaries"] is True  # one-folder
    [(_args, collect)] = spec["_calls"]["COLLECT"]
    assert collect["name"] == "planwall"
    if sys.platform == "win32":
        assert exe["icon"].endswith("planwall.ico")
    for icon in ("planwall.ico", "planwall-512.png"):
        assert (ROOT / "resources" / "icons" / icon).is_file()
