"""Linux desktop integration: the .desktop file, the MIME type for .planwall files, the icon set."""

from __future__ import annotations

import configparser
import os
import shutil
import sqlite3
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DESKTOP = ROOT / "packaging" / "planwall.desktop"
MIME_XML = ROOT / "packaging" / "planwall-mime.xml"
ICONS = ROOT / "resources" / "icons"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read_string(DESKTOP.read_text(encoding="utf-8"))
    return parser["Desktop Entry"]


def test_desktop_entry_names_the_app_command_icon_and_file_type() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Planwall"
    assert entry["Exec"] == "workshop-app %f"
    assert entry["Icon"] == "planwall"
    assert entry["MimeType"].rstrip(";").split(";") == ["application/x-planwall"]
    assert entry["StartupWMClass"] == "Planwall"  # Qt's window class is the application name
    assert entry["Terminal"] == "false"


def test_desktop_file_validates() -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian: apt-get install desktop-file-utils)")
    result = subprocess.run([tool, str(DESKTOP)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_mime_type_matches_the_extension_and_the_file_header() -> None:
    root = ET.parse(MIME_XML).getroot()  # well-formed XML (a "--" in a comment is not)
    [mime] = root.findall(f"{MIME_NS}mime-type")
    assert mime.get("type") == "application/x-planwall"
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == ["*.planwall"]
    outer = mime.find(f"{MIME_NS}magic/{MIME_NS}match")
    assert outer is not None and outer.get("value") == "SQLite format 3"
    inner = outer.find(f"{MIME_NS}match")
    assert inner is not None and (inner.get("offset"), inner.get("type")) == ("68", "big32")

    from workshop_app.store.schema import APPLICATION_ID

    assert int(inner.get("value", ""), 16) == APPLICATION_ID


def test_a_real_workshop_file_carries_the_magic_bytes(tmp_path: Path) -> None:
    """SQLite keeps PRAGMA application_id at offset 68 of the header, big-endian."""
    from workshop_app.services.workshop_service import OpenWorkshop
    from workshop_app.store.schema import APPLICATION_ID

    path = tmp_path / "w.planwall"
    OpenWorkshop.create_from_template("two-day-jbp", path).close()
    header = path.read_bytes()[:72]
    assert header.startswith(b"SQLite format 3\0")
    assert struct.unpack(">I", header[68:72])[0] == APPLICATION_ID
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA application_id").fetchone() == (APPLICATION_ID,)
    finally:
        conn.close()


def test_the_desktop_recognises_planwall_files_with_the_mime_package(tmp_path: Path) -> None:
    """Install the MIME package into a private data folder and ask Qt's MIME database."""
    tool = shutil.which("update-mime-database")
    if tool is None:
        pytest.skip("update-mime-database is not installed (Debian: apt-get install shared-mime-info)")
    data = tmp_path / "share"
    (data / "mime" / "packages").mkdir(parents=True)
    shutil.copy2(MIME_XML, data / "mime" / "packages")
    result = subprocess.run([tool, str(data / "mime")], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and "Failed" not in result.stderr, result.stderr
    assert "application/x-planwall:*.planwall" in (data / "mime" / "globs2").read_text(encoding="utf-8")

    from workshop_app.services.workshop_service import OpenWorkshop

    OpenWorkshop.create_from_template("two-day-jbp", tmp_path / "w.planwall").close()
    shutil.copy2(tmp_path / "w.planwall", tmp_path / "renamed-without-extension")
    code = (
        "import sys; from PySide6.QtCore import QMimeDatabase; db = QMimeDatabase(); "
        "print(db.mimeTypeForFile(sys.argv[1]).name(), db.mimeTypeForFile(sys.argv[2]).name())"
    )
    env = dict(os.environ, XDG_DATA_HOME=str(data), QT_QPA_PLATFORM="offscreen")
    files = [str(tmp_path / "w.planwall"), str(tmp_path / "renamed-without-extension")]
    out = subprocess.run(
        [sys.executable, "-c", code, *files],
        capture_output=True,
        text=True,
        env=env,
        check=True,
        timeout=60,
    )
    assert out.stdout.split() == ["application/x-planwall", "application/x-planwall"]


@pytest.mark.parametrize("size", [16, 24, 32, 48, 64, 128, 256, 512])
def test_icon_png_of_every_size(size: int) -> None:
    data = (ICONS / f"planwall-{size}.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (size, size)
    assert data[25] == 6  # colour type RGBA: the rounded corners are transparent


def test_icon_svg_is_the_source() -> None:
    root = ET.parse(ICONS / "planwall.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 512 512"


def test_windows_icon_holds_several_sizes() -> None:
    data = (ICONS / "planwall.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind) == (0, 1) and count >= 5
