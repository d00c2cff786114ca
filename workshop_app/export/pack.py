"""Export a workshop pack (Word and/or PDF): the one entry point the CLI and the GUI call.

The workshop is read from a read-only connection into a ``Report`` first, so the GUI can
run the whole export in a worker thread while the facilitator keeps working.  Files are
written atomically: each format is rendered into a hidden temporary file beside its
target, and only when every requested format is complete are they moved into place
(``os.replace``).  A failure or a cancel leaves the older files untouched and no
temporary file behind.
"""

from __future__ import annotations

import errno
import gc
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from workshop_app.errors import ExportError
from workshop_app.export.content import Report
from workshop_app.export.coverage import TextWarning, check_text
from workshop_app.export.report import build_report
from workshop_app.services.clock import Clock
from workshop_app.store import leftovers

Progress = Callable[[float, str], None]
Cancelled = Callable[[], bool]


class ExportCancelledError(ExportError):
    """The user cancelled the export; nothing was written."""


@dataclass(frozen=True)
class ExportResult:
    written: list[Path]
    warnings: list[TextWarning] = field(default_factory=list)
    seconds: float = 0.0


_gc_lock = threading.Lock()
_gc_depth = 0
_gc_saved: tuple[int, ...] = ()
#: While an export runs, a full collection waits until this many young collections happened.
_EXPORT_GEN2_THRESHOLD = 1_000_000


@contextmanager
def full_gc_deferred() -> Iterator[None]:
    """Young collections only while the export runs; the full one comes after, when its garbage is gone.

    A full (generation 2) collection walks every object of the process and holds the GIL
    for 50-60 ms once an export has built its tables: long enough for a GUI thread to stutter
    when the export runs in a worker thread.  The thresholds are process-wide, so nested and
    concurrent exports share one saved setting.
    """
    global _gc_depth, _gc_saved
    with _gc_lock:
        if _gc_depth == 0:
            _gc_saved = gc.get_threshold()
            young, middle = _gc_saved[0], _gc_saved[1] if len(_gc_saved) > 1 else 10
            gc.set_threshold(young, middle, _EXPORT_GEN2_THRESHOLD)
        _gc_depth += 1
    try:
        yield
    finally:
        with _gc_lock:
            _gc_depth -= 1
            if _gc_depth == 0:
                gc.set_threshold(*_gc_saved)


def load_report(workshop_path: str | os.PathLike[str], clock: Clock | None = None) -> Report:
    """Open the workshop read-only, build its Report, close it again."""
    from workshop_app.services.workshop_service import OpenWorkshop

    ow = OpenWorkshop.open(workshop_path, clock, read_only=True)
    try:
        return build_report(ow)
    finally:
        ow.close()


def _check_targets(workshop_path: Path | None, targets: list[Path]) -> None:
    if not targets:
        raise ExportError("Choose at least one format to export: a Word file (.docx) or a PDF (.pdf).")
    if len({t.resolve() for t in targets}) != len(targets):
        raise ExportError("The Word and PDF files must have different names. Choose another name for one.")
    for target in targets:
        if workshop_path is not None and target.resolve() == workshop_path.resolve():
            raise ExportError(f"{target} is the workshop file itself. Choose another name for the export.")
        if target.is_dir():
            raise ExportError(
                f"{target} is a folder. Choose a file name inside it, e.g. {target / 'pack.pdf'}."
            )
        if not target.parent.is_dir():
            raise ExportError(
                f"The folder {target.parent} does not exist. Create it or choose another folder."
            )


def _temp_for(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.part")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_replaceable(target: Path) -> None:
    """Refuse before replacing anything when a target is locked (open in Word or a viewer on Windows)."""
    if not target.exists():
        return
    try:
        with target.open("r+b"):
            pass
    except OSError as exc:
        raise ExportError(_os_message(exc, target)) from exc


def _os_message(exc: OSError, target: Path) -> str:
    reason = exc.strerror or str(exc)
    if isinstance(exc, PermissionError):
        return (
            f"Cannot write {target}: {reason}. If the file is open in Word or a PDF viewer, close it and "
            "export again; otherwise choose a folder you can write to."
        )
    if exc.errno == errno.EROFS:
        return f"Cannot write {target}: the drive is read-only. Choose another folder, then export again."
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return (
            f"Cannot write {target}: the disk is full. Free some space or choose another folder, "
            "then export again."
        )
    return f"Cannot write {target}: {reason}. Choose another folder, then export again."


def write_pack(
    report: Report,
    *,
    docx: str | os.PathLike[str] | None = None,
    pdf: str | os.PathLike[str] | None = None,
    synopsis_only: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    workshop_path: str | os.PathLike[str] | None = None,
) -> list[Path]:
    """Render ``report`` to the requested files; all or nothing. Returns the files written."""
    from workshop_app.export.docx_exporter import DocxExporter
    from workshop_app.export.pdf_exporter import PdfExporter

    jobs: list[tuple[str, Path]] = []
    if docx is not None:
        jobs.append(("docx", Path(docx).expanduser().absolute()))
    if pdf is not None:
        jobs.append(("pdf", Path(pdf).expanduser().absolute()))
    _check_targets(Path(workshop_path) if workshop_path is not None else None, [t for _, t in jobs])

    def report_progress(fraction: float, text: str) -> None:
        if progress is not None:
            progress(min(max(fraction, 0.0), 1.0), text)

    def checkpoint() -> None:
        if cancelled is not None and cancelled():
            raise ExportCancelledError("Export cancelled; no file was written or changed.")

    temps: list[tuple[Path, Path]] = []
    try:
        for n, (kind, target) in enumerate(jobs):
            checkpoint()
            base = 0.25 + 0.7 * n / len(jobs)
            span = 0.7 / len(jobs)
            report_progress(base, f"Writing the {'Word document' if kind == 'docx' else 'PDF'}…")
            leftovers.sweep(target)  # what an export killed half way left beside it
            temp = _temp_for(target)
            temps.append((temp, target))

            def step(fraction: float, text: str, base: float = base, span: float = span) -> None:
                checkpoint()
                report_progress(base + span * fraction, text)

            try:
                if kind == "docx":
                    DocxExporter(report, synopsis_only=synopsis_only).write(temp, step)
                else:
                    PdfExporter(report, synopsis_only=synopsis_only).write(temp, step)
                _fsync(temp)
            except OSError as exc:
                raise ExportError(_os_message(exc, target)) from exc
        checkpoint()
        report_progress(0.97, "Saving…")
        for _, target in temps:
            _check_replaceable(target)
        done: list[Path] = []
        for temp, target in temps:
            try:
                os.replace(temp, target)
            except OSError as exc:
                raise ExportError(_os_message(exc, target)) from exc
            done.append(target)
        report_progress(1.0, "Done")
        return done
    finally:
        for temp, _ in temps:
            try:
                temp.unlink()
            except FileNotFoundError:
                pass
            except OSError:  # pragma: no cover - nothing more we can do; the target is intact
                pass


def export_pack(
    workshop_path: str | os.PathLike[str],
    *,
    docx: str | os.PathLike[str] | None = None,
    pdf: str | os.PathLike[str] | None = None,
    synopsis_only: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    clock: Clock | None = None,
) -> ExportResult:
    """Read the workshop (read-only) and write the pack; warnings name text the PDF cannot draw.

    Raises ExportError (with a message to show) when the pack cannot be written, and
    ExportCancelledError when ``cancelled()`` became true; in both cases no file changed.
    """
    started = time.perf_counter()
    if docx is None and pdf is None:
        raise ExportError("Choose at least one format to export: a Word file (.docx) or a PDF (.pdf).")
    with full_gc_deferred():
        if progress is not None:
            progress(0.0, "Reading the workshop…")
        report = load_report(workshop_path, clock)
        if cancelled is not None and cancelled():
            raise ExportCancelledError("Export cancelled; no file was written or changed.")
        warnings = check_text(report)
        written = write_pack(
            report,
            docx=docx,
            pdf=pdf,
            synopsis_only=synopsis_only,
            progress=progress,
            cancelled=cancelled,
            workshop_path=workshop_path,
        )
    return ExportResult(written, warnings, time.perf_counter() - started)
