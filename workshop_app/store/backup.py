"""Verified rolling backups of workshop files, kept in the user's data folder.

A backup is made with SQLite's online backup API from a separate read-only
connection (copying the .planwall file alone would miss what is still in its -wal),
written under a temporary name, checked with ``PRAGMA quick_check``, fsynced and
only then moved into place with ``os.replace``: a backup that is listed is whole.

Backups of ``/any/folder/Q3 JBP.planwall`` live in
``paths.backup_dir()/Q3_JBP-<hash of the absolute path>/`` (never next to the
workshop, which may sit on a USB stick), named ``<UTC time>-<reason>.planwall``, and
are thinned after every backup: the newest 10 are kept, then one per hour for 48
hours, then one per day; besides those, the newest 5 made by hand, before an upgrade and
before a restore are always kept (``KEEP_MARKED``).

When an open workshop is backed up is decided in ``store/backup_schedule.py``; the GUI
drives it from a QTimer (see docs/data-safety.md).  Putting a backup back: ``store/restore.py``.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import logging
import os
import re
import sqlite3
import sys
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from workshop_app import paths
from workshop_app.errors import WorkshopFileError
from workshop_app.store.leftovers import pid_alive
from workshop_app.store.schema import APPLICATION_ID, OPEN_MARKER, SCHEMA_VERSION

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())  # the app decides where logs go (not stderr by default)

SUFFIX = ".planwall"
_NAME = re.compile(r"^(\d{8}T\d{6}\d{6})Z(?:_(\d+))?-([a-z0-9-]+)\.planwall$")
_TMP_PREFIX = ".tmp-"
MARKER = "workshop-path.txt"  # in each backup folder: the workshop's absolute path

# The same keys as OpenWorkshop.counts(), read with plain SQL so any schema version works.
COUNT_QUERIES: dict[str, tuple[str, str]] = {
    "participants": ("participant", "SELECT count(*) FROM participant"),
    "topics": ("topic", "SELECT count(*) FROM topic"),
    "agenda_items": ("agenda_item", "SELECT count(*) FROM agenda_item"),
    "ideas": ("idea", "SELECT count(*) FROM idea"),
    "clusters": ("cluster", "SELECT count(*) FROM cluster"),
    "dots": ("vote", "SELECT coalesce(sum(count), 0) FROM vote"),
    "rocks": ("rock", "SELECT count(*) FROM rock"),
    "interest": ("interest", "SELECT count(*) FROM interest"),
    "minutes": ("minutes_entry", "SELECT count(*) FROM minutes_entry"),
    "actions": ("action_item", "SELECT count(*) FROM action_item"),
    "feedback": ("feedback", "SELECT count(*) FROM feedback"),
}
_SUMMARY_WORDS = (
    ("participants", "person", "people"),
    ("ideas", "idea", "ideas"),
    ("clusters", "cluster", "clusters"),
    ("dots", "dot", "dots"),
    ("rocks", "rock", "rocks"),
    ("minutes", "minutes entry", "minutes entries"),
    ("actions", "action", "actions"),
    ("feedback", "feedback entry", "feedback entries"),
)
REASONS = {
    "auto": "automatic",
    "agenda": "agenda item ended",
    "close": "workshop closed",
    "manual": "made by hand",
    "before-upgrade": "before upgrading the file",
    "before-restore": "before restoring a backup",
}


class BackupFailedError(WorkshopFileError):
    """A backup could not be made or used; the workshop itself was not changed."""


def _lenient_text(raw: bytes) -> str:
    """Damaged files can hold invalid UTF-8 (even in SQLite's own messages)."""
    return raw.decode("utf-8", "replace")


def utc_now() -> datetime:
    return datetime.now(UTC)


def ro_uri(path: Path, *, immutable: bool = False) -> str:
    """An SQLite URI opening ``path`` read-only (percent-encoded, so any file name works)."""
    uri = path.absolute().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


# --- where -------------------------------------------------------------------


def _key(workshop_path: Path) -> Path:
    return Path(os.path.abspath(workshop_path))


def backup_folder(workshop_path: Path, *, create: bool = True) -> Path:
    """The folder holding the backups of ``workshop_path`` (one per absolute path)."""
    absolute = _key(workshop_path)
    digest = hashlib.sha256(str(absolute).encode("utf-8", "surrogatepass")).hexdigest()[:12]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", absolute.stem).strip("._")[:40] or "workshop"
    folder = paths.backup_dir() / f"{stem}-{digest}"
    if create:
        folder.mkdir(parents=True, exist_ok=True)
        marker = folder / MARKER
        if not marker.exists():
            with contextlib.suppress(OSError):
                marker.write_text(str(absolute) + "\n", encoding="utf-8")
    return folder


# --- what a backup holds -------------------------------------------------------


@dataclass(frozen=True)
class BackupEntry:
    """One backup file, with what it holds (read from the file itself)."""

    path: Path
    created: datetime  # UTC
    reason: str
    size: int
    counts: dict[str, int] | None = None  # None: the file could not be read
    title: str = ""
    last_change: datetime | None = None  # the workshop's own "last saved" (schema 2+)
    schema_version: int = 0

    @property
    def readable(self) -> bool:
        return self.counts is not None

    @property
    def made_by_newer(self) -> bool:
        """Made by a newer Planwall: this one could not open what it would restore."""
        return self.schema_version > SCHEMA_VERSION

    @property
    def reason_text(self) -> str:
        return REASONS.get(self.reason, self.reason)

    def summary(self) -> str:
        """'14 people, 63 ideas, 120 dots, 6 rocks, 18 actions' (zero counts left out)."""
        if self.counts is None:
            return "cannot be read"
        parts = []
        for key, one, many in _SUMMARY_WORDS:
            n = self.counts.get(key, 0)
            if n:
                parts.append(f"{n} {one if n == 1 else many}")
        return ", ".join(parts) if parts else "empty workshop"

    def when_text(self) -> str:
        """The backup's time in the computer's time zone, e.g. 'Tue 10 Mar 2026 10:42'."""
        return self.created.astimezone().strftime("%a %d %b %Y %H:%M")

    def describe(self) -> str:
        """One line for lists and messages: time, what it holds, why it was made."""
        return f"{self.when_text()}: {self.summary()} ({self.reason_text})"


def read_contents(db_path: Path) -> tuple[dict[str, int], str, datetime | None, int]:
    """(counts, title, last change, schema version) of a workshop or backup file, read-only."""
    con = sqlite3.connect(ro_uri(db_path), uri=True, timeout=2)
    con.text_factory = _lenient_text
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        counts = {
            key: int(con.execute(sql).fetchone()[0] or 0) if table in tables else 0
            for key, (table, sql) in COUNT_QUERIES.items()
        }
        title, last = "", None
        if "workshop" in tables:
            cols = {r[1] for r in con.execute("PRAGMA table_info(workshop)")}
            sel = "title, updated_at" if "updated_at" in cols else "title, NULL"
            row = con.execute(f"SELECT {sel} FROM workshop ORDER BY id LIMIT 1").fetchone()
            if row is not None:
                title = str(row[0])
                if row[1]:
                    with contextlib.suppress(ValueError):
                        last = datetime.fromisoformat(str(row[1]))
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
    finally:
        con.close()
    return counts, title, last, version


def _parse_name(name: str) -> tuple[datetime, str] | None:
    m = _NAME.match(name)
    if m is None:
        return None
    created = datetime.strptime(m.group(1), "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
    return created, m.group(3)


def entry_for(path: Path) -> BackupEntry:
    parsed = _parse_name(path.name)
    created, reason = parsed if parsed else (datetime.fromtimestamp(path.stat().st_mtime, UTC), "manual")
    size = path.stat().st_size
    try:
        counts, title, last, version = read_contents(path)
    except sqlite3.Error:
        return BackupEntry(path, created, reason, size)
    return BackupEntry(path, created, reason, size, counts, title, last, version)


def list_backups(workshop_path: Path) -> list[BackupEntry]:
    """Every finished backup of ``workshop_path``, newest first, with its counts (those of its
    earlier name too, when it was renamed or moved)."""
    from workshop_app.store.backup_moves import follow_moved

    follow_moved(workshop_path)
    folder = backup_folder(workshop_path, create=False)
    if not folder.is_dir():
        return []
    entries = []
    for p in folder.iterdir():
        if p.name.startswith(_TMP_PREFIX) or _parse_name(p.name) is None:
            continue
        with contextlib.suppress(OSError):
            entries.append(entry_for(p))
    entries.sort(key=lambda e: (e.created, e.path.name), reverse=True)
    return entries


def verify(db_path: Path) -> str | None:
    """None when ``db_path`` is a sound Planwall file, else what is wrong with it."""
    try:
        con = sqlite3.connect(ro_uri(db_path), uri=True, timeout=2)
        con.text_factory = _lenient_text
        try:
            if int(con.execute("PRAGMA application_id").fetchone()[0]) != APPLICATION_ID:
                return "it is not a Planwall workshop"
            rows = [r[0] for r in con.execute("PRAGMA quick_check").fetchall()]
        finally:
            con.close()
    except sqlite3.Error as exc:
        return str(exc)
    return None if rows == ["ok"] else "; ".join(rows[:3])


def newest_verified_backup(workshop_path: Path) -> BackupEntry | None:
    """The newest backup that still passes quick_check and this Planwall can open (older ones
    are tried in turn)."""
    for entry in list_backups(workshop_path):
        if entry.readable and not entry.made_by_newer and verify(entry.path) is None:
            return entry
    return None


# --- making backups -----------------------------------------------------------------


def _remove_leftovers(folder: Path, now: datetime) -> None:
    """Temp files of backups that were interrupted (the process died mid-backup)."""
    for p in folder.glob(f"{_TMP_PREFIX}*"):
        m = re.match(rf"{re.escape(_TMP_PREFIX)}(\d+)-", p.name)
        try:
            old = now.timestamp() - p.stat().st_mtime > 86400
            if old or (m is not None and not pid_alive(int(m.group(1)))):
                p.unlink()
        except OSError:
            continue


def _unique_name(folder: Path, now: datetime, reason: str) -> Path:
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%S%f") + "Z"
    candidate = folder / f"{stamp}-{reason}{SUFFIX}"
    n = 1
    while candidate.exists():
        candidate = folder / f"{stamp}_{n}-{reason}{SUFFIX}"
        n += 1
    return candidate


def copy_database(source: sqlite3.Connection, dest: Path) -> None:
    """Copy ``source`` into the new file ``dest`` with the backup API, then verify and fsync it.

    ``dest`` is left as a self-contained rollback-journal file (no -wal to lose).
    Raises ``BackupFailedError`` (and removes ``dest``) when anything is wrong.
    """
    try:
        target = sqlite3.connect(dest)
        try:
            source.backup(target)
            target.execute("PRAGMA journal_mode=DELETE")
            # A copy is a closed workshop with no -wal: drop the open marker (see recovery).
            with contextlib.suppress(sqlite3.OperationalError):
                target.execute("DELETE FROM app_state WHERE key = ?", (OPEN_MARKER,))
                target.commit()
            target.text_factory = _lenient_text
            rows = [r[0] for r in target.execute("PRAGMA quick_check").fetchall()]
            app_id = int(target.execute("PRAGMA application_id").fetchone()[0])
        finally:
            target.close()
        if rows != ["ok"]:
            raise BackupFailedError(
                f"the copy failed SQLite's check ({'; '.join(rows[:2])}); the workshop file itself may "
                "be damaged"
            )
        if app_id != APPLICATION_ID:
            raise BackupFailedError("the file is not a Planwall workshop")
        fsync_file(dest)
    except BaseException as exc:
        for suffix in ("", "-journal", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{dest}{suffix}").unlink()
        if isinstance(exc, BackupFailedError):
            raise
        if isinstance(exc, sqlite3.Error | OSError):
            raise BackupFailedError(_backup_problem(exc, dest.parent)) from exc
        raise


def _backup_problem(exc: BaseException, folder: Path | None = None) -> str:
    """What went wrong writing into ``folder`` (the backups' folder unless another is named)."""
    msg = str(exc)
    low = msg.lower()
    folder = paths.backup_dir() if folder is None else folder
    named = f"the backup folder {folder}" if _is_backup_folder(folder) else f"the folder {folder}"
    errno_ = getattr(exc, "errno", None)
    if "full" in low or "no space" in low or errno_ in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"the disk holding {folder} is full"
    if errno_ == errno.EROFS or "read-only file system" in low:
        return f"{named} is on a read-only drive"
    denied = errno_ in (errno.EACCES, errno.EPERM)
    if "readonly" in low or "read-only" in low or "permission" in low or denied:
        return f"{named} is read-only"
    if errno_ == errno.ENAMETOOLONG or "name too long" in low:
        return "the file name is too long for that drive; choose a shorter name"
    if "unable to open database file" in low:
        return f"{named} cannot take a new file"
    return msg


def _is_backup_folder(folder: Path) -> bool:
    try:
        return folder.resolve().is_relative_to(paths.backup_dir().resolve())
    except OSError:
        return False


def make_backup(
    workshop_path: Path,
    reason: str = "auto",
    *,
    now: datetime | None = None,
    thin: bool = True,
) -> BackupEntry:
    """Make one verified backup of the workshop file and return it.

    Reads through a separate read-only connection, so it is safe while the
    workshop is open and being changed (also from a worker thread).
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    now = now or utc_now()
    workshop_path = _key(workshop_path)
    if not workshop_path.exists():
        raise BackupFailedError(
            f"Planwall could not make a backup of {workshop_path.name}: it is no longer in "
            f"{workshop_path.parent} (renamed, moved, or its drive removed?). Put it back; until then, "
            "File > Save a copy as... keeps what is open."
        )
    try:
        folder = backup_folder(workshop_path)
        _remove_leftovers(folder, now)
    except OSError as exc:
        raise BackupFailedError(
            f"Planwall could not make a backup of {workshop_path.name}: {_backup_problem(exc)}. "
            "Free some space or check the folder's permissions."
        ) from exc
    tmp = folder / f"{_TMP_PREFIX}{os.getpid()}-{threading.get_ident()}{SUFFIX}"
    final = _unique_name(folder, now, reason)
    try:
        try:
            source = sqlite3.connect(ro_uri(workshop_path), uri=True, timeout=5)
        except sqlite3.Error as exc:
            raise BackupFailedError(str(exc)) from exc
        try:
            copy_database(source, tmp)
        finally:
            source.close()
        os.replace(tmp, final)
        fsync_dir(folder)
    except (BackupFailedError, OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        detail = str(exc) if isinstance(exc, BackupFailedError) else _backup_problem(exc)
        raise BackupFailedError(
            f"Planwall could not make a backup of {workshop_path.name}: {detail}. Your workshop file "
            "is not affected; free some space or check the backup folder, and Planwall will try again."
        ) from exc
    log.info("backup of %s: %s", workshop_path, final)
    if thin:
        try:
            thin_backups(workshop_path, now)
        except OSError:
            log.exception("thinning backups of %s failed", workshop_path)
    return entry_for(final)


# --- thinning ----------------------------------------------------------------


def backups_to_keep(
    times: Iterable[datetime],
    now: datetime,
    *,
    keep_last: int = 10,
    hourly_for: timedelta = timedelta(hours=48),
) -> set[datetime]:
    """Which backup times to keep: the newest ``keep_last``, then the newest one of each
    hour for ``hourly_for``, then the newest one of each day."""
    keep: set[datetime] = set()
    buckets: set[tuple[str, str]] = set()
    for i, t in enumerate(sorted(set(times), reverse=True)):
        local = t.astimezone(UTC)
        if now - t <= hourly_for:
            bucket = ("hour", local.strftime("%Y%m%d%H"))
        else:
            bucket = ("day", local.strftime("%Y%m%d"))
        if i < keep_last or bucket not in buckets:
            keep.add(t)
        buckets.add(bucket)
        if now - t <= hourly_for:
            buckets.add(("day", local.strftime("%Y%m%d")))
    return keep


# Backups made on purpose or before a risky step are kept outside the rolling policy, the
# newest few of each reason: a before-restore backup is the state a restore replaced, and a
# busy hour's automatic backups would otherwise thin it away within the hour.
KEEP_MARKED = {"manual": 5, "before-upgrade": 5, "before-restore": 5}


def marked_to_keep(names: Iterable[tuple[datetime, str]]) -> set[datetime]:
    """The times of the newest ``KEEP_MARKED[reason]`` backups of each marked reason."""
    by_reason: dict[str, list[datetime]] = {}
    for t, reason in names:
        if reason in KEEP_MARKED:
            by_reason.setdefault(reason, []).append(t)
    keep: set[datetime] = set()
    for reason, times in by_reason.items():
        keep.update(sorted(times, reverse=True)[: KEEP_MARKED[reason]])
    return keep


_KEPT: set[Path] = set()  # backups being restored: thinning leaves them alone
_KEPT_LOCK = threading.Lock()


@contextlib.contextmanager
def keeping(backup: Path) -> Iterator[None]:
    """While restoring ``backup``: no thinning in this process deletes it (the GUI closes the
    workshop first, and the close makes a backup that thins; the restore's own safety backup
    too).  Before, an hour-old backup chosen from the list could be thinned away by either."""
    key = Path(backup).resolve()
    with _KEPT_LOCK:
        _KEPT.add(key)
    try:
        yield
    finally:
        with _KEPT_LOCK:
            _KEPT.discard(key)


def thin_backups(workshop_path: Path, now: datetime | None = None) -> list[Path]:
    """Delete the backups the policy no longer keeps (never one being restored, nor the newest
    marked ones); returns what was deleted."""
    now = now or utc_now()
    folder = backup_folder(workshop_path, create=False)
    if not folder.is_dir():
        return []
    by_time: dict[datetime, list[Path]] = {}
    reasons: list[tuple[datetime, str]] = []
    for p in folder.iterdir():
        parsed = _parse_name(p.name)
        if parsed is not None:
            by_time.setdefault(parsed[0], []).append(p)
            reasons.append(parsed)
    keep = backups_to_keep(by_time, now) | marked_to_keep(reasons)
    with _KEPT_LOCK:
        kept = set(_KEPT)
    removed = []
    for t, files in by_time.items():
        if t not in keep:
            for p in files:
                if p.resolve() in kept:
                    continue
                p.unlink()
                removed.append(p)
    return removed
