"""File work the window does off the GUI thread: consistent copies and JSON export.

``save_copy`` uses SQLite's online backup API, so the copy is a complete, consistent
snapshot even while the workshop is open and being changed.  It belongs in ``store/``
(it has no Qt in it); it lives here until the store offers one.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from workshop_app.errors import WorkshopFileError
from workshop_app.store.database import describe_sqlite_error


def _cleanup(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def save_copy(source: Path, target: Path) -> Path:
    """Write a complete copy of the workshop ``source`` to ``target`` (which must not exist)."""
    source = Path(source).absolute()
    target = Path(target).expanduser().absolute()
    if target == source:
        raise WorkshopFileError(
            f"{target.name} is the workshop you have open. Choose another name for the copy."
        )
    if target.exists():
        raise WorkshopFileError(
            f"{target} already exists; Planwall never overwrites a workshop. Choose another name."
        )
    if not target.parent.is_dir():
        raise WorkshopFileError(f"The folder {target.parent} does not exist. Choose another folder.")
    tmp = target.with_name(f".{target.name}.copying-{os.getpid()}")
    _cleanup(tmp)
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(tmp)
            try:
                src.backup(dst)
                rows = [r[0] for r in dst.execute("PRAGMA quick_check").fetchall()]
                if rows != ["ok"]:
                    raise WorkshopFileError(
                        f"The copy of {source.name} did not check out ({'; '.join(rows[:2])}). "
                        "Nothing was written; try again or choose another folder."
                    )
                dst.execute("PRAGMA journal_mode=DELETE")
            finally:
                dst.close()
        finally:
            src.close()
        with tmp.open("rb+") as fh:
            os.fsync(fh.fileno())
        if target.exists():
            raise WorkshopFileError(
                f"{target} appeared while copying; Planwall never overwrites a workshop. Choose another name."
            )
        os.replace(tmp, target)
    except (OSError, sqlite3.Error) as exc:
        _cleanup(tmp)
        raise WorkshopFileError(describe_sqlite_error(exc, target)) from exc
    except BaseException:
        _cleanup(tmp)
        raise
    return target


def export_json(source: Path, target: Path) -> Path:
    """Write the workshop ``source`` as interchange JSON, read from its own connection."""
    from workshop_app.services.workshop_service import OpenWorkshop
    from workshop_app.store.interchange import dump_workshop, write_json_atomic

    ow = OpenWorkshop.open(source, read_only=True)
    try:
        doc = dump_workshop(ow.store)
    finally:
        ow.close()
    write_json_atomic(doc, Path(target))
    return Path(target)
