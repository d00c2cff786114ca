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


def export_pack(win: MainWindow) -> None:
    """Word and PDF pack into a folder, with a progress dialog that can cancel."""
    try:
        from workshop_app.export import export_pack as do_export  # type: ignore[attr-defined]
    except ImportError:
        win.ctx.error(
            "This Planwall cannot write the Word/PDF pack (the exporter is missing). "
            "Use File > Export JSON... to keep everything, and reinstall Planwall."
        )
        return
    source = win.ow.path
    folder = QFileDialog.getExistingDirectory(win, "Folder for the Word and PDF pack", str(source.parent))
    if not folder:
        return
    dialog = QProgressDialog("Writing the pack...", "Cancel", 0, 100, win)
    dialog.setWindowTitle("Export pack")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setValue(0)
    out = Path(folder)
    worker = FunctionWorker(do_export, source, with_progress=True, docx=out, pdf=out)

    def progressed(fraction: float, text: str) -> None:
        dialog.setValue(int(fraction * 100))
        if text:
            dialog.setLabelText(text)

    worker.signals.progressed.connect(progressed)
    dialog.canceled.connect(worker.cancel)
    worker.signals.finished.connect(dialog.close)
    run_in_background(win, worker, lambda result: win.ctx.info(f"Pack written: {describe(result, out)}."))


def describe(result: object, folder: Path) -> str:
    if isinstance(result, list | tuple):
        return ", ".join(Path(str(p)).name for p in result) + f" in {folder}"
    if result:
        return str(result)
    return str(folder)
