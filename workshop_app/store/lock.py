"""One writer per workshop file: an OS lock on a small file next to it.

``acquire(path)`` creates (or reuses) ``.<name>.lock`` beside the workshop and locks
it with ``fcntl.flock`` (POSIX) or ``msvcrt.locking`` (Windows).  The operating
system drops the lock when the holding process dies, however it dies, so a lock
left by a crashed Planwall is simply taken over; there is no stale-lock guessing.
The file's text (pid, hostname, time) only serves the message shown to the user.

The CLI and the GUI share this lock, so ``workshop-app`` commands that write and the
desktop app never write the same workshop at the same time.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from workshop_app.errors import WorkshopFileError, WorkshopLockedError

_WINDOWS_LOCK_OFFSET = 1 << 30  # lock a byte far past the text so others can still read it


def lock_path(workshop_path: Path) -> Path:
    return workshop_path.with_name(f".{workshop_path.name}.lock")


@dataclass(frozen=True)
class LockHolder:
    """What the lock file says about whoever holds (or last held) the lock."""

    pid: int | None
    hostname: str
    since: str

    @property
    def on_this_computer(self) -> bool:
        return self.hostname in ("", socket.gethostname())


def read_holder(workshop_path: Path) -> LockHolder | None:
    try:
        raw = lock_path(workshop_path).read_text(encoding="utf-8")
        data: dict[str, Any] = json.loads(raw)
        pid = data.get("pid")
        return LockHolder(
            int(pid) if isinstance(pid, int) else None,
            str(data.get("hostname", "")),
            str(data.get("since", "")),
        )
    except (OSError, ValueError, AttributeError):
        return None


def _try_lock(fh: IO[bytes]) -> bool:
    if sys.platform == "win32":
        import msvcrt

        fh.seek(_WINDOWS_LOCK_OFFSET)
        try:
            msvcrt.locking(fh.fileno(), msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    except OSError as exc:
        # Some network file systems do not support locks: work unlocked rather than not at all.
        if exc.errno in (getattr(os, "ENOLCK", -1), getattr(os, "EOPNOTSUPP", -1)):
            return True
        raise
    return True


def _unlock(fh: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        fh.seek(_WINDOWS_LOCK_OFFSET)
        msvcrt.locking(fh.fileno(), msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def locked_message(workshop_path: Path, holder: LockHolder | None, *, doing: str = "") -> str:
    """Who has the workshop open, and the way out; ``doing`` names what was refused (e.g.
    "the backup was not restored"), where opening it read-only would not help."""
    if holder is not None and not holder.on_this_computer:
        where = f"in Planwall on the computer '{holder.hostname}'"
        close = "close it there first"
    else:
        where = "in another window of Planwall on this computer"
        close = "close the other window first"
    if doing:
        return f"{workshop_path.name} is open {where}, so {doing}. Nothing was changed; {close}."
    return f"{workshop_path.name} is open {where}. Open it read-only, or {close}."


class WorkshopLock:
    """A held lock on one workshop file; ``release()`` (or ``with``) gives it back."""

    def __init__(self, workshop_path: Path, fh: IO[bytes]) -> None:
        self.workshop_path = workshop_path
        self.path = lock_path(workshop_path)
        self._fh: IO[bytes] | None = fh

    @property
    def held(self) -> bool:
        return self._fh is not None

    def release(self) -> None:
        fh, self._fh = self._fh, None
        if fh is None:
            return
        try:
            if sys.platform != "win32":
                # Remove the file while still holding the lock, so nobody can lock a file
                # that is about to vanish (acquire() re-checks the inode for that reason).
                with contextlib.suppress(OSError):
                    self.path.unlink()
            _unlock(fh)
        except OSError:
            pass
        finally:
            fh.close()

    def __enter__(self) -> WorkshopLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def acquire(workshop_path: Path, *, doing: str = "") -> WorkshopLock:
    """Lock ``workshop_path`` for this process or raise ``WorkshopLockedError`` (its message
    says what was refused: ``doing``, see ``locked_message``).

    A lock whose holder died is free at the OS level and is taken over here.
    """
    path = lock_path(workshop_path)
    for _attempt in range(5):
        try:
            fh = open(path, "a+b")  # noqa: SIM115 - kept open as long as the lock is held
        except PermissionError as exc:
            if path.exists() and os.access(workshop_path.parent, os.W_OK):
                raise WorkshopFileError(
                    f"Planwall cannot use the lock file {path.name} beside {workshop_path.name}: it belongs "
                    "to another user (a colleague's Planwall that stopped on this shared folder, perhaps). "
                    f"If nobody else has the workshop open, delete {path.name} (a hidden file in "
                    f"{workshop_path.parent}) and open it again; or open it read-only."
                ) from exc
            raise WorkshopFileError(
                f"Planwall cannot write in the folder {workshop_path.parent} (it is read-only), so it "
                f"cannot open {workshop_path.name} for changes. Open it read-only, or copy it to a "
                "folder you can write to."
            ) from exc
        except OSError as exc:
            if exc.errno == getattr(os, "EROFS", -1):
                raise WorkshopFileError(
                    f"{workshop_path.parent} is on a read-only drive, so {workshop_path.name} cannot be "
                    "changed there. Open it read-only, or copy it to a folder you can write to."
                ) from exc
            raise WorkshopFileError(
                f"Planwall cannot create its lock file next to {workshop_path.name} ({exc.strerror}). "
                "Open the workshop read-only, or copy it to a folder you can write to."
            ) from exc
        try:
            if not _try_lock(fh):
                fh.close()
                raise WorkshopLockedError(
                    locked_message(workshop_path, read_holder(workshop_path), doing=doing)
                )
            if sys.platform != "win32" and not _same_file(fh, path):
                fh.close()  # the previous holder removed it between our open and our lock
                continue
            _write_holder(fh)
        except BaseException:
            if not fh.closed:
                fh.close()
            raise
        return WorkshopLock(workshop_path, fh)
    raise WorkshopLockedError(locked_message(workshop_path, read_holder(workshop_path), doing=doing))


def _same_file(fh: IO[bytes], path: Path) -> bool:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return False
    own = os.fstat(fh.fileno())
    return (st.st_dev, st.st_ino) == (own.st_dev, own.st_ino)


def _write_holder(fh: IO[bytes]) -> None:
    text = json.dumps(
        {
            "pid": os.getpid(),
            "hostname": socket.gethostname(),
            "since": datetime.now(UTC).isoformat(timespec="seconds"),
            "app": "Planwall",
        }
    )
    fh.seek(0)
    fh.truncate()
    fh.write(text.encode("utf-8"))
    fh.flush()


def is_locked(workshop_path: Path) -> bool:
    """True when another process holds the lock (used to explain read-only opens)."""
    try:
        lock = acquire(workshop_path)
    except WorkshopLockedError:
        return True
    except WorkshopFileError:
        return False
    lock.release()
    return False
