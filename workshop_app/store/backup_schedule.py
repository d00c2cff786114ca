"""When an open workshop is backed up: every 5 minutes while it changes, after an agenda
item ends, and when it is closed.

``BackupPolicy`` says when a backup is due; ``BackupScheduler`` applies it to one open
store with ``backup.make_backup``. Qt-free: the GUI drives the scheduler from a QTimer
(see docs/data-safety.md).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from workshop_app.store.backup import BackupEntry, BackupFailedError, make_backup, utc_now

if TYPE_CHECKING:
    from workshop_app.store.database import WorkshopStore


@dataclass(frozen=True)
class BackupPolicy:
    """When a backup is due: every ``interval`` while the workshop changes."""

    interval: timedelta = timedelta(minutes=5)

    def due(self, now: datetime, last_backup: datetime | None, changes_since: int) -> bool:
        if changes_since <= 0:
            return False
        return last_backup is None or now - last_backup >= self.interval


class BackupScheduler:
    """Backs up one open store according to a policy; Qt-free, driven by the GUI.

    The GUI calls ``tick()`` from a QTimer (every 30 s is plenty), ``milestone()``
    after an agenda item ends, and ``close()`` runs a last backup before the store
    closes (``WorkshopStore.close`` calls it when attached).  Every method returns
    the new ``BackupEntry`` or None, and raises ``BackupFailedError`` with a message
    to show (non-blocking) when a backup could not be made.
    """

    def __init__(
        self,
        store: WorkshopStore,
        policy: BackupPolicy | None = None,
        now: Callable[[], datetime] = utc_now,
    ) -> None:
        self.store = store
        self.policy = policy or BackupPolicy()
        self.now = now
        self.changes_since = 0
        self.last_backup: datetime | None = None
        self.last_entry: BackupEntry | None = None
        self.last_error: str | None = None
        self._lock = threading.Lock()
        store.add_listener(self._on_change)

    @classmethod
    def attach(
        cls, store: WorkshopStore, policy: BackupPolicy | None = None, now: Callable[[], datetime] = utc_now
    ) -> BackupScheduler:
        """A scheduler that ``store.close()`` also asks for a last backup."""
        scheduler = cls(store, policy, now)
        store.backups = scheduler
        return scheduler

    def _on_change(self, _label: str) -> None:
        self.changes_since += 1

    def due(self) -> bool:
        return self.policy.due(self.now(), self.last_backup, self.changes_since)

    def backup_now(self, reason: str = "manual") -> BackupEntry:
        """Back up now, whatever the policy says."""
        with self._lock:
            pending = self.changes_since
            try:
                entry = make_backup(self.store.path, reason, now=self.now())
            except BackupFailedError as exc:
                self.last_error = str(exc)
                raise
            self.last_error = None
            self.changes_since = max(0, self.changes_since - pending)
            self.last_backup = entry.created
            self.last_entry = entry
            return entry

    def tick(self) -> BackupEntry | None:
        """Back up if the policy says so (call it from a timer)."""
        return self.backup_now("auto") if self.due() else None

    def milestone(self, reason: str = "agenda") -> BackupEntry | None:
        """An agenda item ended: back up if anything changed since the last backup."""
        return self.backup_now(reason) if self.changes_since > 0 else None

    def close(self) -> BackupEntry | None:
        """The workshop is being closed: a last backup if anything changed."""
        self.store.remove_listener(self._on_change)
        if self.store.read_only or self.changes_since <= 0:
            return None
        return self.backup_now("close")
