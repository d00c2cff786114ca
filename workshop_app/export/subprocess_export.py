"""Run the pack export in a child process, so the GUI process never waits for reportlab or lxml.

``export_in_subprocess`` takes the same arguments as ``pack.export_pack`` and gives the same
result and errors, so a GUI worker can call either.  The child (``export.child``) streams
progress as JSON lines; ``cancelled()`` is polled every 50 ms and a cancel is asked of the
child on its standard input: it stops at its next checkpoint and removes its temporary
files.  A child that does not stop within ``grace`` seconds is killed, and its temporary
files are removed here; the targets are only ever replaced whole, so none is half-written.

From source the child is ``python -m workshop_app.export.child``; in the PyInstaller bundle
``sys.executable`` is Planwall itself, started as ``workshop-app export ... --progress-json``.
Qt-free: the GUI wraps it in its worker.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workshop_app import errors
from workshop_app.errors import ExportError, PlanwallError
from workshop_app.export.child import CANCEL
from workshop_app.export.coverage import TextWarning
from workshop_app.export.pack import Cancelled, ExportCancelledError, ExportResult, Progress

#: Seconds a cancelled child gets to stop by itself before it is killed.
GRACE_S = 3.0
POLL_S = 0.05
#: Lines of the child's standard error kept for the message when it fails.
STDERR_LINES = 40
FROZEN_FLAG = "--progress-json"


class ExportProcessError(RuntimeError):
    """The export process failed in a way that is a bug of ours (its stderr is in the message)."""


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def child_command(workshop_path: Path, docx: Path | None, pdf: Path | None, synopsis_only: bool) -> list[str]:
    """The command line that runs the export child, from source or in the frozen bundle."""
    if is_frozen():
        cmd = [sys.executable, "export", str(workshop_path), "--force", FROZEN_FLAG]
    else:
        cmd = [sys.executable, "-m", "workshop_app.export.child", str(workshop_path)]
    if docx is not None:
        cmd += ["--docx", str(docx)]
    if pdf is not None:
        cmd += ["--pdf", str(pdf)]
    if synopsis_only:
        cmd.append("--synopsis-only")
    return cmd


def frozen_cli_supports_child() -> bool:
    """Whether this build's ``workshop-app export`` accepts ``--progress-json``."""
    import importlib

    cli = importlib.import_module("workshop_app.cli")  # the CLI imports the benchmark: load it only here
    _, unknown = cli.build_parser().parse_known_args(["export", "workshop.planwall", FROZEN_FLAG])
    return FROZEN_FLAG not in unknown


def _child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONIOENCODING"] = "utf-8"
    env.pop("PYTHONSTARTUP", None)
    if not is_frozen():
        # The child imports the same workshop_app as this process, even when run from a checkout.
        root = str(Path(__file__).resolve().parents[2])
        env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    return env


def _pump(stream: Any, sink: queue.Queue[str | None]) -> None:
    try:
        for line in stream:
            sink.put(line)
    finally:
        sink.put(None)


def _collect(stream: Any, tail: deque[str]) -> None:
    for line in stream:
        tail.append(line.rstrip("\n"))


def _remove_temps(targets: Sequence[Path], since: float) -> None:
    """The ``.NAME.*.part`` files a killed child left beside its targets."""
    for target in targets:
        for temp in target.parent.glob(f".{target.name}.*.part"):
            try:
                if temp.stat().st_mtime >= since - 1:
                    temp.unlink()
            except OSError:
                pass


def _raise_child_error(kind: str, message: str, stderr: str) -> None:
    if kind == "ExportCancelledError":
        raise ExportCancelledError(message)
    cls = getattr(errors, kind, None)
    if isinstance(cls, type) and issubclass(cls, PlanwallError):
        raise cls(message)
    if kind == "bug":
        raise ExportProcessError(f"The export failed: {message}\n{stderr}".rstrip())
    raise ExportError(message)


def export_in_subprocess(
    workshop_path: str | os.PathLike[str],
    *,
    docx: str | os.PathLike[str] | None = None,
    pdf: str | os.PathLike[str] | None = None,
    synopsis_only: bool = False,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    grace: float = GRACE_S,
) -> ExportResult:
    """``export_pack`` in a child process: same result, same ``ExportError``/``ExportCancelledError``.

    Raises ``ExportProcessError`` when the child fails with a bug of ours or dies (its
    standard error is in the message).  In a frozen build whose CLI lacks ``--progress-json``
    the export runs in this process instead.
    """
    if docx is None and pdf is None:
        raise ExportError("Choose at least one format to export: a Word file (.docx) or a PDF (.pdf).")
    source = Path(workshop_path).expanduser().absolute()
    docx_path = Path(docx).expanduser().absolute() if docx is not None else None
    pdf_path = Path(pdf).expanduser().absolute() if pdf is not None else None
    if is_frozen() and not frozen_cli_supports_child():
        from workshop_app.export.pack import export_pack

        return export_pack(
            source,
            docx=docx_path,
            pdf=pdf_path,
            synopsis_only=synopsis_only,
            progress=progress,
            cancelled=cancelled,
        )
    targets = [p for p in (docx_path, pdf_path) if p is not None]
    started = time.time()
    kwargs: dict[str, Any] = {}
    if sys.platform == "win32":  # pragma: no cover - no console window flashing up
        kwargs["creationflags"] = subprocess.CREATE_NO_WINDOW
    proc = subprocess.Popen(
        child_command(source, docx_path, pdf_path, synopsis_only),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=_child_env(),
        **kwargs,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    tail: deque[str] = deque(maxlen=STDERR_LINES)
    readers = [
        threading.Thread(target=_pump, args=(proc.stdout, lines), daemon=True),
        threading.Thread(target=_collect, args=(proc.stderr, tail), daemon=True),
    ]
    for reader in readers:
        reader.start()
    outcome: dict[str, Any] | None = None
    cancel_deadline: float | None = None
    killed = False
    try:
        while True:
            if cancel_deadline is None and cancelled is not None and cancelled():
                cancel_deadline = time.monotonic() + grace
                _ask_to_cancel(proc)
            if cancel_deadline is not None and not killed and time.monotonic() > cancel_deadline:
                proc.kill()
                killed = True
            try:
                line = lines.get(timeout=POLL_S)
            except queue.Empty:
                continue
            if line is None:
                break
            message = _parse(line)
            if message is None:
                tail.append(line.rstrip("\n"))
            elif "progress" in message:
                if progress is not None and cancel_deadline is None:
                    progress(float(message["progress"]), str(message.get("text", "")))
            else:
                outcome = message
    finally:
        if proc.poll() is None and (outcome is None or killed):
            proc.kill()
        proc.wait()
        for reader in readers:
            reader.join(timeout=5)
        for stream in (proc.stdin, proc.stdout, proc.stderr):
            try:
                if stream is not None:
                    stream.close()
            except OSError:
                pass
    stderr = "\n".join(tail)
    if killed or (cancel_deadline is not None and outcome is None):
        _remove_temps(targets, started)
        raise ExportCancelledError("Export cancelled; no file was written or changed.")
    if outcome is None:
        _remove_temps(targets, started)
        raise ExportProcessError(
            f"The export process stopped unexpectedly (exit status {proc.returncode}).\n{stderr}".rstrip()
        )
    if "error" in outcome:
        _raise_child_error(str(outcome["error"]), str(outcome.get("message", "")), stderr)
    result = outcome["result"]
    return ExportResult(
        [Path(p) for p in result["written"]],
        [TextWarning(*w) for w in result["warnings"]],
        float(result["seconds"]),
    )


def _ask_to_cancel(proc: subprocess.Popen[str]) -> None:
    try:
        assert proc.stdin is not None
        proc.stdin.write(CANCEL + "\n")
        proc.stdin.flush()
        proc.stdin.close()
    except (OSError, ValueError):
        pass


def _parse(line: str) -> dict[str, Any] | None:
    try:
        message = json.loads(line)
    except ValueError:
        return None
    return message if isinstance(message, dict) else None


__all__ = ["ExportProcessError", "child_command", "export_in_subprocess", "frozen_cli_supports_child"]
