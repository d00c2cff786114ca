"""Where Planwall keeps things: user data, logs, backups, and its own resources.

Resources are found from a source checkout (``resources/`` beside the package) and
from a PyInstaller bundle (``sys._MEIPASS``).
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

from workshop_app import APP_NAME, ORG_NAME


def _base_dirs() -> list[Path]:
    bases = []
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        bases.append(Path(frozen))
    bases.append(Path(__file__).resolve().parent.parent)
    return bases


def resource_path(*parts: str) -> Path:
    """An existing file or folder under ``resources/`` (source tree or bundle)."""
    for base in _base_dirs():
        candidate = base.joinpath("resources", *parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError(f"Planwall's resource {'/'.join(parts)} is missing; reinstall Planwall.")


def samples_dir() -> Path:
    for base in _base_dirs():
        candidate = base / "sample_sessions"
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError("Planwall's sample workshops are missing; reinstall Planwall.")


def _made(path: Path) -> Path:
    """``path``, created if it can be.  A data folder that cannot be made (a full or read-only
    home drive) must not stop anyone opening a workshop: what needs the folder (a backup, the
    log) fails on its own, says so and the rest goes on."""
    with contextlib.suppress(OSError):
        path.mkdir(parents=True, exist_ok=True)
    return path


def user_data_dir() -> Path:
    """Per-user data folder (recent files, logs, backups); PLANWALL_DATA_DIR overrides it (tests)."""
    override = os.environ.get("PLANWALL_DATA_DIR")
    if override:
        path = Path(override)
    else:
        from platformdirs import user_data_path

        path = user_data_path(APP_NAME, ORG_NAME)
    return _made(path)


def log_dir() -> Path:
    return _made(user_data_dir() / "logs")


def backup_dir() -> Path:
    return _made(user_data_dir() / "backups")
