"""Helpers shared by the reliability tests (imported as a plain module: tests/ is no package)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_sessions" / "complete-jbp.json"
BACKUP_TIME = datetime(2026, 3, 10, 10, 42, tzinfo=UTC)


def python(code: str, *args: str, stdin: bool = False) -> subprocess.Popen[str]:
    """A real second process running ``code`` with this checkout importable (``stdin``: a pipe
    to tell it what to do next)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        stdin=subprocess.PIPE if stdin else None,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
