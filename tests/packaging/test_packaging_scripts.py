"""The build and smoke scripts: valid shell, and they refuse what they cannot do with a clear message."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = [ROOT / "packaging" / name for name in ("build.sh", "smoke.sh", "install-linux.sh")]


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_is_valid_bash(script: Path) -> None:
    result = subprocess.run(["bash", "-n", str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert script.read_text(encoding="utf-8").startswith("#!/usr/bin/env bash\n")
    assert "set -euo pipefail" in script.read_text(encoding="utf-8")


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_shellcheck_finds_nothing(script: Path) -> None:
    tool = shutil.which("shellcheck")
    if tool is None:
        pytest.skip("shellcheck is not installed (Debian: apt-get install shellcheck)")
    result = subprocess.run([tool, str(script)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout


def test_smoke_without_a_bundle_says_how_to_build_it(tmp_path: Path) -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "smoke.sh"), str(tmp_path / "no-bundle")],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 1
    assert "build it first: bash packaging/build.sh" in result.stderr


def test_build_rejects_an_unknown_option() -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), "--frseh"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert "unknown option --frseh" in result.stderr


def test_build_help_lists_the_options() -> None:
    result = subprocess.run(
        ["bash", str(ROOT / "packaging" / "build.sh"), "--help"], capture_output=True, text=True, check=True
    )
    assert "--fresh" in result.stdout and "--no-smoke" in result.stdout


def test_linux_install_and_uninstall_for_one_user(tmp_path: Path) -> None:
    bundle = tmp_path / "planwall"
    bundle.mkdir()
    (bundle / "planwall").write_text("#!/bin/sh\necho bundled\n", encoding="utf-8")
    (bundle / "planwall").chmod(0o755)
    data, bin_dir = tmp_path / "share", tmp_path / "bin"
    env = {
        "HOME": str(tmp_path),
        "XDG_DATA_HOME": str(data),
        "BIN_DIR": str(bin_dir),
        "PATH": "/usr/bin:/bin",
    }
    script = str(ROOT / "packaging" / "install-linux.sh")
    result = subprocess.run(
        ["bash", script, str(bundle)], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert (data / "applications" / "planwall.desktop").read_bytes() == (
        ROOT / "packaging" / "planwall.desktop"
    ).read_bytes()
    assert (data / "icons/hicolor/256x256/apps/planwall.png").is_file()
    assert (data / "icons/hicolor/scalable/apps/planwall.svg").is_file()
    assert (data / "mime/packages/planwall-mime.xml").is_file()
    assert (bin_dir / "workshop-app").resolve() == (bundle / "planwall").resolve()
    assert "is not on your PATH" in result.stdout
    if shutil.which("update-mime-database"):
        assert "application/x-planwall:*.planwall" in (data / "mime" / "globs2").read_text(encoding="utf-8")

    result = subprocess.run(
        ["bash", script, "--uninstall"], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert not (data / "applications" / "planwall.desktop").exists()
    assert not (data / "icons/hicolor/256x256/apps/planwall.png").exists()
    assert not (bin_dir / "workshop-app").exists()
    assert (bundle / "planwall").is_file()  # the bundle itself stays


def test_linux_install_without_a_program_says_what_to_do(tmp_path: Path) -> None:
    env = {"HOME": str(tmp_path), "XDG_DATA_HOME": str(tmp_path / "share"), "PATH": "/usr/bin:/bin"}
    script = str(ROOT / "packaging" / "install-linux.sh")
    result = subprocess.run(["bash", script], capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1
    assert "pass the bundle folder" in result.stderr
    assert not (tmp_path / "share" / "applications").exists()


def test_packaging_doc_covers_every_command_and_the_scripts() -> None:
    from workshop_app import cli

    doc = (ROOT / "docs" / "packaging.md").read_text(encoding="utf-8")
    assert "### workshop-app --help" in doc
    for command in cli.COMMANDS:
        assert f"### workshop-app {command} --help" in doc, command
        assert f"usage: workshop-app {command}" in doc, command
    for name in ("packaging/build.sh", "packaging/smoke.sh", "packaging/install-linux.sh", "build.spec"):
        assert name in doc, name
