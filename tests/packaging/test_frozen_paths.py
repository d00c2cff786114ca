"""Resources and samples are found inside a PyInstaller bundle (sys._MEIPASS) and from a checkout."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from workshop_app import paths

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake one-folder bundle's _internal folder, set as sys._MEIPASS."""
    meipass = tmp_path / "planwall" / "_internal"
    (meipass / "resources" / "templates").mkdir(parents=True)
    shutil.copy2(ROOT / "resources/templates/two-day-jbp.json", meipass / "resources/templates")
    (meipass / "resources" / "guide.md").write_text("# bundled guide\n", encoding="utf-8")
    (meipass / "sample_sessions").mkdir()
    shutil.copy2(ROOT / "sample_sessions/complete-jbp.json", meipass / "sample_sessions")
    monkeypatch.setattr(sys, "_MEIPASS", str(meipass), raising=False)
    return meipass


def test_frozen_resources_come_from_the_bundle(bundle: Path) -> None:
    template = paths.resource_path("templates", "two-day-jbp.json")
    assert template == bundle / "resources/templates/two-day-jbp.json"
    assert paths.resource_path("templates") == bundle / "resources" / "templates"
    assert paths.resource_path("guide.md").read_text(encoding="utf-8") == "# bundled guide\n"


def test_frozen_samples_come_from_the_bundle(bundle: Path) -> None:
    assert paths.samples_dir() == bundle / "sample_sessions"


def test_the_guide_window_reads_the_bundled_guide(bundle: Path) -> None:
    from workshop_app.ui.guide import guide_markdown

    assert guide_markdown() == "# bundled guide\n"


def test_without_a_bundle_resources_come_from_the_checkout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(sys, "_MEIPASS", raising=False)
    template = paths.resource_path("templates", "two-day-jbp.json")
    assert template == ROOT / "resources/templates/two-day-jbp.json"
    assert paths.samples_dir() == ROOT / "sample_sessions"


def test_a_resource_missing_from_the_bundle_says_reinstall(
    bundle: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # frozen, paths.__file__ is inside the bundle: no source checkout beside it to fall back on
    monkeypatch.setattr(paths, "__file__", str(bundle / "workshop_app" / "paths.pyc"))
    with pytest.raises(FileNotFoundError, match="reinstall Planwall"):
        paths.resource_path("fonts", "DejaVuSans.ttf")


def test_templates_and_samples_are_listed_from_the_bundle(bundle: Path) -> None:
    from workshop_app.services.workshop_service import list_samples, list_templates

    assert [(t.name, t.path) for t in list_templates()] == [
        ("two-day-jbp", bundle / "resources/templates/two-day-jbp.json")
    ]
    assert [(s.name, s.path) for s in list_samples()] == [
        ("complete-jbp", bundle / "sample_sessions/complete-jbp.json")
    ]
