"""What the File menu does: new, open, save a copy, import/export JSON, export the pack.

Slow work (copies, JSON, the Word/PDF pack) runs in a ``FunctionWorker`` on a path,
never on the window's open session; the result comes back as a message.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QProgressDialog

from workshop_app.ui.start_window import FILE_FILTER, OPEN_FILTER, NewWorkshopDialog, unique_path
from workshop_app.ui.widgets import file_ops
from workshop_app.ui.widgets.dialogs import confirm
from workshop_app.ui.widgets.worker import FunctionWorker

if TYPE_CHECKING:
    from workshop_app.ui.main_window import MainWindow

JSON_FILTER = "Workshop JSON (*.json)"


def run_in_background(win: MainWindow, worker: FunctionWorker, on_success: Any) -> FunctionWorker:
    """Start ``worker``; ``on_success(result)`` runs on the GUI thread, errors become messages."""
    win.workers.append(worker)
    ctx = win.ctx

    def done() -> None:
        if worker in win.workers:
            win.workers.remove(worker)

    worker.signals.succeeded.connect(on_success)
    worker.signals.failed.connect(ctx.error)
    worker.signals.finished.connect(done)
    worker.start()
    return worker


def new_from_template(win: MainWindow) -> None:
    dialog = NewWorkshopDialog(win.settings, win, win.ow.clock)
    if dialog.exec() and dialog.created is not None:
        win.switch_to(dialog.created)


def open_file(win: MainWindow) -> None:
    chosen, _ = QFileDialog.getOpenFileName(win, "Open a workshop", str(win.settings.last_dir), OPEN_FILTER)
    if not chosen:
        return
    path = Path(chosen)
    if path.suffix.lower() == ".json":
        import_json(win, path)
    else:
        win.open_path(path, win.ow.clock)


def save_copy_as(win: MainWindow) -> None:
    source = win.ow.path
    suggestion = unique_path(source.parent, f"{source.stem}-copy")
    chosen, _ = QFileDialog.getSaveFileName(
        win,
        "Save a copy of the workshop",
        str(suggestion),
        FILE_FILTER,
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not chosen:
        return
    target = Path(chosen)
    if target.suffix != ".planwall":
        target = target.with_name(target.name + ".planwall")
    # The store copies through its own connection (SQLite's backup API): a complete, consistent
    # snapshot even while the workshop is changing; quick enough for the GUI thread.
    saved = win.ctx.run(win.ow.store.save_copy, target)
    if saved is not None:
        win.ctx.info(f"Saved a complete copy to {saved}. You are still working in {source.name}.")


def import_json(win: MainWindow, json_path: Path | None = None) -> None:
    if json_path is None:
        chosen, _ = QFileDialog.getOpenFileName(
            win, "Import a workshop from JSON", str(win.settings.last_dir), JSON_FILTER
        )
        if not chosen:
            return
        json_path = Path(chosen)
    suggestion = unique_path(json_path.parent, json_path.stem)
    chosen, _ = QFileDialog.getSaveFileName(
        win,
        "Save the imported workshop as",
        str(suggestion),
        FILE_FILTER,
        options=QFileDialog.Option.DontConfirmOverwrite,
    )
    if not chosen:
        return
    target = Path(chosen)
    if target.suffix != ".planwall":
        target = target.with_name(target.name + ".planwall")
    from workshop_app.store.interchange import import_file

    clock = win.ow.clock

    def imported(_result: object) -> None:
        if win.open_path(target, clock):
            win.ctx.info(f"Imported {json_path.name} into {target.name}.")

    run_in_background(win, FunctionWorker(import_file, json_path, target.expanduser().absolute()), imported)


def export_json(win: MainWindow) -> None:
    source = win.ow.path
    chosen, _ = QFileDialog.getSaveFileName(
        win, "Export the workshop as JSON", str(source.with_suffix(".json")), JSON_FILTER
    )
    if not chosen:
        return
    target = Path(chosen)
    ctx = win.ctx
    run_in_background(
        win,
        FunctionWorker(file_ops.export_json, source, target),
        lambda result: ctx.info(f"Exported the workshop to {result}."),
    )


PACK_FILTER = "Word and PDF pack (*.docx *.pdf)"


def _run_export(workshop_path: Path, docx: Path, pdf: Path, synopsis_only: bool, **hooks: Any) -> object:
    """In the worker: write the pack in a child process (the GUI thread never waits on the GIL
    while pages are laid out); a cancel returns None instead of failing."""
    from workshop_app.export.pack import ExportCancelledError
    from workshop_app.export.subprocess_export import export_in_subprocess

    try:
        return export_in_subprocess(workshop_path, docx=docx, pdf=pdf, synopsis_only=synopsis_only, **hooks)
    except ExportCancelledError:
        return None


def _unprintable_text(workshop_path: Path) -> str:
    """In a worker: the items whose characters the PDF font cannot draw, described; '' if none."""
    from workshop_app.export.coverage import check_text, describe_warnings
    from workshop_app.export.pack import load_report

    warnings = check_text(load_report(workshop_path))
    return describe_warnings(warnings) if warnings else ""


def export_pack(win: MainWindow, *, synopsis_only: bool = False) -> None:
    """Word and PDF files next to each other, written in a worker with a progress dialog that can cancel."""
    source = win.ow.path
    stem = f"{source.stem}-synopsis" if synopsis_only else f"{source.stem}-pack"
    what = "executive synopsis" if synopsis_only else "Word and PDF pack"
    chosen, _ = QFileDialog.getSaveFileName(
        win, f"Save the {what} as", str(source.with_name(stem + ".pdf")), PACK_FILTER
    )
    if not chosen:
        return
    base = Path(chosen)
    if base.suffix.lower() in (".pdf", ".docx"):
        base = base.with_suffix("")
    docx, pdf = base.with_name(base.name + ".docx"), base.with_name(base.name + ".pdf")
    # The save dialog confirmed only the name chosen: ask before replacing the other one.
    unasked = [t for t in (docx, pdf) if t.exists() and t != Path(chosen)]
    if unasked:
        names = " and ".join(t.name for t in unasked)
        one = len(unasked) == 1
        if not confirm(
            win,
            f"Replace {names}?",
            f"{names} already {'exists' if one else 'exist'} in {base.parent}. The {what} is written as "
            f"{docx.name} and {pdf.name}, so exporting replaces {'it' if one else 'them'}.\n\n"
            f"Replace {'it' if one else 'them'}? Choose No to keep {'it' if one else 'them'} and "
            "export under another name.",
        ):
            win.ctx.info(
                f"Export not started; {names} {'is' if one else 'are'} as before, nothing was written."
            )
            return

    def checked(problem: object) -> None:
        """Warn before writing when the PDF font cannot draw some text (CJK, emoji...)."""
        if problem and not confirm(
            win,
            "Some text will not show correctly in the PDF",
            f"{problem}\n\nExport anyway? The Word file keeps all text exactly as typed.",
        ):
            win.ctx.info("Export not started; nothing was written.")
            return
        _start_export(win, source, docx, pdf, base, what, synopsis_only)

    run_in_background(win, FunctionWorker(_unprintable_text, source), checked)


def _start_export(
    win: MainWindow, source: Path, docx: Path, pdf: Path, base: Path, what: str, synopsis_only: bool
) -> None:
    dialog = QProgressDialog(f"Writing the {what}...", "Cancel", 0, 100, win)
    dialog.setWindowTitle("Export")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.setValue(0)
    worker = FunctionWorker(_run_export, source, docx, pdf, synopsis_only, with_progress=True)
    win.export_dialog = dialog

    def progressed(fraction: float, text: str) -> None:
        dialog.setValue(int(fraction * 100))
        if text:
            dialog.setLabelText(text)

    def done(result: object) -> None:
        if result is None:
            win.ctx.info("Export cancelled; no file was written or changed.")
            return
        written = getattr(result, "written", [])
        warnings = getattr(result, "warnings", [])
        names = ", ".join(Path(p).name for p in written)
        text = f"Written: {names} in {base.parent}."
        if warnings:
            text += (
                f" {len(warnings)} piece(s) of text use characters the PDF font cannot show;"
                " the Word file has them as typed."
            )
        win.ctx.info(text)

    worker.signals.progressed.connect(progressed)
    dialog.canceled.connect(worker.cancel)
    worker.signals.finished.connect(dialog.close)
    run_in_background(win, worker, done)
