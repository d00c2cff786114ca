"""Fixtures of the reliability tests: populated workshop files and child processes."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from reliability_helpers import BACKUP_TIME, SAMPLE

from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.backup import BackupEntry, list_backups, make_backup


@pytest.fixture
def populated(tmp_path: Path) -> Path:
    """A closed, complete two-day JBP (75 ideas, 225 votes...) with one verified backup."""
    path = tmp_path / "Q1 JBP.planwall"
    ow = OpenWorkshop.create_from_template(SAMPLE, path, FakeClock(BACKUP_TIME))
    ow.close()
    make_backup(path, "auto", now=BACKUP_TIME)
    return path


@pytest.fixture
def populated_backup(populated: Path) -> BackupEntry:
    return list_backups(populated)[0]


@pytest.fixture
def child_processes() -> Iterator[list[subprocess.Popen[str]]]:
    """Processes a test starts; any still running at the end are killed (by their pid)."""
    started: list[subprocess.Popen[str]] = []
    yield started
    for proc in started:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
