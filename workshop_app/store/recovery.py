"""Telling a damaged workshop file from a busy one, and what to do about it.

``check_file(path)`` runs before a workshop is opened: a look at SQLite's 100-byte
header (cut-short files, flipped header bytes), then ``PRAGMA quick_check`` through a
read-only connection, and checks that the -wal file is neither missing nor foreign
(see "The open marker" below), nor damaged so that SQLite would drop saved changes
(``wal_frames``; for an open that holds the lock).  A database that is merely busy
(another program holding a lock longer than the busy timeout) is retried a few times
and then reported as busy, never as damaged.

``damaged(path, reason)`` builds the error the caller raises: the damaged files
(db, -wal, -shm) are moved aside untouched to ``<name>.damaged-<time>`` (never
deleted) and the error carries the newest verified backup with its time and counts,
so the GUI can offer it and the CLI can print it in one line.

SQLite keeps no checksums of its pages: a flipped letter inside the text of a note
cannot be detected by any check; damage to the file's structure (page headers, cell
pointers, b-tree links, the file header, a cut-short file, a foreign -wal) can.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import sqlite3
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workshop_app.errors import CorruptWorkshopError, WorkshopFileError
from workshop_app.store.backup import BackupEntry, newest_verified_backup, ro_uri
from workshop_app.store.restore import move_aside
from workshop_app.store.schema import APPLICATION_ID, OPEN_MARKER, SQLITE_MAGIC
from workshop_app.store.wal_frames import read_wal

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())  # the app decides where logs go (not stderr by default)

BUSY_RETRIES = 3
BUSY_PAUSE_S = 0.5
BUSY_WORDS = ("locked", "busy")


class WorkshopBusyError(WorkshopFileError):
    """Another program held the file locked longer than Planwall waits; nothing is damaged."""


class DamagedWorkshopError(CorruptWorkshopError):
    """A damaged workshop file, moved aside, with the newest verified backup to offer."""

    def __init__(
        self,
        message: str,
        *,
        workshop_path: Path,
        reason: str,
        moved_to: list[Path],
        backup: BackupEntry | None,
    ) -> None:
        super().__init__(message)
        self.workshop_path = workshop_path
        self.reason = reason
        self.moved_to = moved_to  # the damaged files' new names ([] when left in place)
        self.backup = backup  # newest backup that passed quick_check, or None


class Damage(Exception):
    """Internal: ``check_file`` found damage; ``reason`` says what, in plain words."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _lenient_text(raw: bytes) -> str:
    """Damaged files can hold invalid UTF-8 (even in SQLite's own messages)."""
    return raw.decode("utf-8", "replace")


def is_busy(exc: BaseException) -> bool:
    msg = str(exc).lower()
    return any(w in msg for w in BUSY_WORDS)


def busy_message(path: Path) -> str:
    return (
        f"{path.name} is busy: another program (a second Planwall, a backup or sync tool) keeps it "
        "locked. Nothing is damaged. Close the other program, or wait a moment, then try again."
    )


# --- header ------------------------------------------------------------------


def is_database_header(head: bytes) -> bool:
    """True when the first 100 bytes are an SQLite database's, or a Planwall file's with a damaged magic."""
    return head.startswith(SQLITE_MAGIC) or looks_like_ours(head)


def looks_like_ours(head: bytes) -> bool:
    """True when the first 100 bytes say Planwall, even if the magic string got damaged."""
    return len(head) >= 72 and int.from_bytes(head[68:72], "big") == APPLICATION_ID


def header_problem(path: Path) -> str | None:
    """What is wrong with the file's SQLite header and size, in plain words, or None."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        head = fh.read(100)
    if len(head) < 100:
        return f"the file is cut short: only {size} bytes are left"
    if head[:16] != SQLITE_MAGIC:
        return "the start of the file (its header) is damaged"
    raw_page = int.from_bytes(head[16:18], "big")
    page_size = 65536 if raw_page == 1 else raw_page
    if page_size < 512 or page_size & (page_size - 1):
        return "the file's header is damaged (impossible page size)"
    if head[21:24] != bytes((64, 32, 32)) or head[18] not in (1, 2) or head[19] not in (1, 2):
        return "the file's header is damaged"
    if size % page_size:
        return f"the file is cut short ({size} bytes is not a whole number of {page_size}-byte pages)"
    change_counter = int.from_bytes(head[24:28], "big")
    valid_for = int.from_bytes(head[92:96], "big")
    pages = int.from_bytes(head[28:32], "big")
    if change_counter == valid_for and pages and pages * page_size > size:
        return f"the file is cut short: it should hold {pages} pages but only {size // page_size} are left"
    return None


# --- the whole check ------------------------------------------------------------


def read_marker(con: sqlite3.Connection) -> dict[str, Any] | None:
    """The open marker as this connection sees it, or None."""
    has_table = con.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND name='app_state'").fetchone()
    if has_table is None:
        return None
    row = con.execute("SELECT value FROM app_state WHERE key = ?", (OPEN_MARKER,)).fetchone()
    if row is None:
        return None
    try:
        value = json.loads(row[0])
    except (TypeError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def wal_problem(path: Path, view: sqlite3.Connection, wal_existed: bool) -> str | None:
    """What is wrong with the file's -wal (missing or foreign), or None.

    ``view`` sees the database with its -wal applied; an ``immutable`` connection sees
    the main file alone.  ``wal_existed``: was there a -wal before anything opened the
    file (SQLite creates an empty one when it opens a WAL-mode file)?
    """
    main_con = sqlite3.connect(ro_uri(path, immutable=True), uri=True)
    main_con.text_factory = _lenient_text
    try:
        main = read_marker(main_con)
    finally:
        main_con.close()
    wal = Path(f"{path}-wal")
    if not wal_existed:
        if main is not None and not main.get("closed"):
            return (
                f"it was not closed properly and its companion file {wal.name}, which holds the latest "
                "changes, is missing (was only the .planwall file copied while Planwall had it open?)"
            )
        return None
    if main is None:
        return None  # never opened by a Planwall that marks files: nothing to compare with
    seen = read_marker(view)
    if seen is not None and (
        seen.get("token") == main.get("token") or main.get("token") in seen.get("prev", [])
    ):
        return None
    return (
        f"its companion file {wal.name} belongs to another workshop (a -wal file copied or left "
        "next to it), so SQLite would mix the two"
    )


MAX_WAL_READ = 16 * 1024 * 1024  # bytes: ~0.5 s of checksums; Planwall's -wal stays near 4 MB


def damaged_wal_problem(wal: Path) -> str | None:
    """What SQLite would silently drop from a damaged -wal (saved changes after a bad frame).

    A -wal larger than ``MAX_WAL_READ`` (SQLite folds it into the file every ~4 MB; only a
    reader holding that back for long makes one larger) is not read: opening must stay quick."""
    size = wal.stat().st_size
    if size > MAX_WAL_READ:
        log.warning("%s is %d bytes: its frames were not read before opening", wal, size)
        return None
    reading = read_wal(wal)
    if reading is None or reading.lost_commits <= 0:
        return None
    return (
        f"its companion file {wal.name} is damaged: of the {reading.commits} changes saved in it, "
        f"SQLite would keep the first {reading.replayed_commits} and silently drop the other "
        f"{reading.lost_commits}"
    )


# SQLite's primary result codes: which errors mean damage, and which a busy or
# unreachable file (never reported as damage).
_CORRUPT, _NOTADB = 11, 26
_BUSY, _LOCKED = 5, 6
_PERM, _READONLY, _IOERR, _CANTOPEN, _FULL, _AUTH = 3, 8, 10, 14, 13, 23


def _code(exc: BaseException) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return None if code is None else int(code) & 0xFF


def classify(exc: BaseException) -> str:
    """'busy', 'environment' (cannot reach or write the file) or 'damage'."""
    code = _code(exc)
    if code in (_BUSY, _LOCKED) or (code is None and is_busy(exc)):
        return "busy"
    if code in (_PERM, _READONLY, _IOERR, _CANTOPEN, _FULL, _AUTH):
        return "environment"
    return "damage"


def environment_message(path: Path, exc: BaseException) -> str:
    return (
        f"Planwall cannot read {path.name} in {path.parent} ({exc}). Nothing was changed. Check that "
        "the drive is still connected and the file can be read, then try again."
    )


def _open_view(path: Path, wal_existed: bool) -> sqlite3.Connection:
    """A read-only connection that sees the database with its -wal.

    A closed WAL-mode file in a folder nobody can write to (a write-protected stick,
    a read-only share) cannot get its -shm: it is read as ``immutable`` instead, which
    is exact because, with no -wal, the main file is the whole workshop.
    """
    con = sqlite3.connect(ro_uri(path), uri=True, timeout=1.0)
    try:
        con.execute("PRAGMA application_id").fetchone()
    except sqlite3.Error as exc:
        con.close()
        if wal_existed or classify(exc) != "environment" or os.access(path.parent, os.W_OK):
            raise
        con = sqlite3.connect(ro_uri(path, immutable=True), uri=True)
    con.text_factory = _lenient_text
    return con


def _check_once(path: Path, quick: bool, wal_existed: bool) -> tuple[int, int]:
    """(application_id, user_version); raises Damage, or sqlite3 errors for busy/unreachable files."""
    try:
        con = _open_view(path, wal_existed)
    except sqlite3.Error as exc:
        if classify(exc) != "damage":
            raise
        raise Damage(f"SQLite cannot open it: {exc}") from exc
    try:
        app_id = int(con.execute("PRAGMA application_id").fetchone()[0])
        version = int(con.execute("PRAGMA user_version").fetchone()[0])
        if app_id != APPLICATION_ID:
            return app_id, version
        if quick:
            rows = [str(r[0]) for r in con.execute("PRAGMA quick_check").fetchall()]
            if rows != ["ok"]:
                raise Damage(f"SQLite's check reports: {'; '.join(rows[:3])}")
        problem = wal_problem(path, con, wal_existed)
        if problem is not None:
            raise Damage(problem)
    except sqlite3.Error as exc:
        if classify(exc) != "damage":
            raise
        raise Damage(f"SQLite reports: {exc}") from exc
    except (ValueError, OverflowError) as exc:  # values no intact file holds
        raise Damage(f"it holds values that cannot be read ({exc})") from exc
    finally:
        con.close()
    return app_id, version


def check_file(path: Path, *, quick: bool = True, wal_frames: bool = False) -> tuple[int, int]:
    """(application_id, user_version) of a healthy file.

    Raises ``Damage``, ``WorkshopBusyError`` (locked by another program longer than we
    wait, after retries) or ``WorkshopFileError`` (cannot be read: stick pulled,
    permissions).  Call only for a file whose header says SQLite or Planwall
    (``database.check_header``).  ``wal_frames``: also read the -wal's frames
    (``wal_frames.read_wal``), only while holding the lock: a -wal another Planwall is
    writing can be caught half way through being written over.
    """
    wal = Path(f"{path}-wal")
    wal_existed = wal.exists()
    try:
        problem = header_problem(path)
        if problem is None and wal_frames and wal_existed:
            problem = damaged_wal_problem(wal)
    except OSError as exc:
        raise WorkshopFileError(environment_message(path, exc)) from exc
    if problem is not None:
        raise Damage(problem)
    for attempt in range(BUSY_RETRIES + 1):
        try:
            return _check_once(path, quick, wal_existed)
        except sqlite3.Error as exc:
            kind = classify(exc)
            if kind == "environment":
                raise WorkshopFileError(environment_message(path, exc)) from exc
            if kind == "damage":
                raise Damage(f"SQLite reports: {exc}") from exc
            log.info("%s busy (attempt %d): %s", path, attempt + 1, exc)
            if attempt < BUSY_RETRIES:
                time.sleep(BUSY_PAUSE_S * (attempt + 1))
    raise WorkshopBusyError(busy_message(path))


# --- what to tell the user --------------------------------------------------------


def offer_text(backup: BackupEntry | None, moved: bool = True) -> str:
    if backup is None:
        which = "the moved file" if moved else "the file"
        return (
            f"There is no backup of it on this computer. Keep {which} and send it to support; "
            "do not delete it."
        )
    return (
        f"The newest good backup is from {backup.when_text()} ({backup.summary()}): restore it with "
        "File > Restore from backup, or 'workshop-app restore FILE'."
    )


def damaged(
    path: Path, reason: str, *, move: bool = True, now: datetime | None = None
) -> DamagedWorkshopError:
    """Move the damaged files aside (when ``move``) and build the error to raise."""
    reason = " ".join(reason.replace("*** in database main ***", "").split())  # one line
    moved: list[Path] = []
    if move:
        try:
            moved = move_aside(path, "damaged", now or datetime.now(UTC))
        except OSError:
            log.exception("could not move %s aside", path)
    try:
        backup = newest_verified_backup(path)
    except OSError:
        backup = None
    if moved:
        where = f"Planwall moved it aside, untouched, to {moved[0].name}."
    else:
        where = "Planwall has not changed it."
    message = f"{path.name} is damaged: {reason}. {where} {offer_text(backup, bool(moved))}"
    log.error("damaged workshop %s: %s (moved to %s)", path, reason, moved)
    return DamagedWorkshopError(message, workshop_path=path, reason=reason, moved_to=moved, backup=backup)


# --- the open marker ------------------------------------------------------------------
#
# While a Planwall has a workshop open for writing, app_state[OPEN_MARKER] holds JSON
# {"token", "prev", "n", "pid", "hostname", "since"}: a random token for this session
# (with the tokens of the last sessions in "prev"), written and checkpointed into the
# main file when the file is opened and rewritten ("n" + 1) in every change, so every
# -wal holding changes also holds the marker page.  A clean close sets "closed".
#  - main file says open, no -wal beside it: the -wal with the latest changes is missing;
#  - the -wal's marker is not the main file's session (nor a later one): a foreign -wal.


def new_marker(previous: dict[str, Any] | None) -> dict[str, Any]:
    prev: list[str] = []
    if previous is not None:
        prev = [str(previous.get("token", "")), *[str(t) for t in previous.get("prev", [])][:4]]
    return {
        "token": uuid.uuid4().hex,
        "prev": prev,
        "n": 0,
        "pid": os.getpid(),
        "hostname": socket.gethostname(),
        "since": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def marker_text(marker: dict[str, Any]) -> str:
    return json.dumps(marker, separators=(",", ":"))


@dataclass(frozen=True)
class FileReport:
    """What ``inspect`` found, for ``workshop-app check FILE`` and support."""

    path: Path
    ok: bool
    reason: str
    backup: BackupEntry | None


def inspect(path: Path) -> FileReport:
    """Check a workshop file without changing or moving anything."""
    try:
        check_file(path)
    except Damage as exc:
        return FileReport(path, False, exc.reason, newest_verified_backup(path))
    except WorkshopBusyError as exc:
        return FileReport(path, False, str(exc), None)
    return FileReport(path, True, "ok", newest_verified_backup(path))
