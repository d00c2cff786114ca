"""The build and smoke scripts: valid shell, and they refuse what they cannot do with a clear message."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPTS = [ROOT / "packaging" / "build.sh", ROOT / "packaging" / "smoke.sh"]


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
