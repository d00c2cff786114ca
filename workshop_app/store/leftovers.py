"""Hidden temporary files a killed Planwall left next to a file it was writing.

Restoring a backup, saving a copy, writing JSON, importing and exporting each write
``.<name>.<kind>-<pid>`` (or an export's ``.<name>.<pid>-<hex>.part``) beside the target and
rename it into place when it is whole.  A process killed in between (a pulled power cord,
Task Manager) leaves that file behind: hidden, but up to the size of a workshop, and never
used again.  Before each of those writes, and when a workshop is opened for changes, the
leftovers of the same target whose process is gone are removed, once untouched for ten minutes;
those of a process still running (another Planwall doing that write right now) are left alone.
"""

from __future__ import annotations

import glob
import logging
import os
import re
import sys
import time
from pathlib import Path

log = logging.getLogger(__name__)
log.addHandler(logging.NullHandler())

KINDS = ("restoring", "copying", "tmp", "importing")
_WRITE = re.compile(rf"^\.(?P<name>.+)\.(?:{'|'.join(KINDS)})-(?P<pid>\d+)(?:-wal|-shm|-journal)?$")
_PART = re.compile(r"^\.(?P<name>.+)\.(?P<pid>\d+)-[0-9a-f]{8}\.part$")
OLD_AFTER_S = 86400.0  # a leftover this old goes even when its process number is in use again
# A leftover whose process number is not running here goes only once it has not changed for this
# long: on a shared network folder it may be another computer's write still in progress.
QUIET_S = 600.0


def pid_alive(pid: int) -> bool:
    """Whether a process with this number runs (on Windows: cannot tell cheaply, so yes)."""
    if sys.platform == "win32":
        return True  # (os.kill would end it) leftovers older than a day are removed anyway
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def _owner(path: Path, target_name: str) -> int | None:
    """The process number in a leftover of ``target_name``, or None for any other file."""
    m = _WRITE.match(path.name) or _PART.match(path.name)
    if m is None or m.group("name") != target_name:
        return None
    return int(m.group("pid"))


def sweep(target: Path) -> list[Path]:
    """Remove what killed writes of ``target`` left beside it; returns what was removed.

    Never raises: a folder that cannot be listed or a file that cannot be removed is skipped."""
    target = Path(target)
    removed: list[Path] = []
    try:
        candidates = list(target.parent.glob(glob.escape(f".{target.name}.") + "*"))
    except OSError:
        return removed
    now = time.time()
    for path in candidates:
        pid = _owner(path, target.name)
        if pid is None or pid == os.getpid():
            continue  # not a leftover, or this process is writing it now
        try:
            age = now - path.stat().st_mtime
            if age > OLD_AFTER_S or (age > QUIET_S and not pid_alive(pid)):
                path.unlink()
                removed.append(path)
        except OSError:
            continue
    if removed:
        log.info("removed what interrupted writes of %s left: %s", target, ", ".join(p.name for p in removed))
    return removed
