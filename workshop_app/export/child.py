"""The export as a child process: ``python -m workshop_app.export.child WORKSHOP [--docx OUT] [--pdf OUT]``.

Planwall's GUI runs the pack export in a process of its own (``subprocess_export``), so
reportlab and lxml never hold the GUI process's GIL.  This is the protocol between the two;
it is not meant to be typed by hand.

Standard output carries one JSON object per line, and nothing else:

- ``{"progress": 0.42, "text": "Laying out the PDF…"}``
- ``{"result": {"written": [paths], "warnings": [[where, text, missing], ...], "seconds": 1.2}}``
- ``{"error": "ExportCancelledError", "message": "..."}``: a ``PlanwallError`` (its class name
  and its message, which is safe to show), or ``"bug"`` with the exception for an error of
  ours (the traceback goes to standard error).

Standard input cancels: a line ``cancel``, or its end (the parent went away).  A cancelled
export stops at its next checkpoint and removes its temporary files; no target is changed.
Exit status: 0 written, 1 error, 3 cancelled.
"""

from __future__ import annotations

import argparse
import json
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

CANCEL = "cancel"
EXIT_OK, EXIT_ERROR, EXIT_CANCELLED = 0, 1, 3


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m workshop_app.export.child",
        description="Write a workshop pack, reporting progress as JSON lines (Planwall's GUI uses this).",
    )
    p.add_argument("file", type=Path, help="the .planwall file to read (it is not changed)")
    p.add_argument("--docx", type=Path, help="the Word document to write")
    p.add_argument("--pdf", type=Path, help="the PDF to write")
    p.add_argument("--synopsis-only", action="store_true", help="only the one-page executive synopsis")
    return p


def _watch_for_cancel(inp: IO[str], flag: threading.Event) -> None:
    try:
        for line in inp:
            if line.strip() == CANCEL:
                break
    except (OSError, ValueError):
        pass
    flag.set()


def run(
    workshop: Path,
    *,
    docx: Path | None,
    pdf: Path | None,
    synopsis_only: bool,
    out: IO[str],
    inp: IO[str] | None,
) -> int:
    """Export and report on ``out``; ``inp`` (when given) is watched for a cancel."""
    from workshop_app.errors import PlanwallError
    from workshop_app.export.pack import ExportCancelledError, export_pack

    lock = threading.Lock()

    def send(message: dict[str, Any]) -> None:
        with lock:
            out.write(json.dumps(message, ensure_ascii=True) + "\n")
            out.flush()

    cancel = threading.Event()
    if inp is not None:
        threading.Thread(target=_watch_for_cancel, args=(inp, cancel), daemon=True).start()

    def progress(fraction: float, text: str) -> None:
        send({"progress": round(float(fraction), 4), "text": str(text)})

    try:
        result = export_pack(
            workshop,
            docx=docx,
            pdf=pdf,
            synopsis_only=synopsis_only,
            progress=progress,
            cancelled=cancel.is_set,
        )
    except ExportCancelledError as exc:
        send({"error": "ExportCancelledError", "message": str(exc)})
        return EXIT_CANCELLED
    except PlanwallError as exc:
        send({"error": type(exc).__name__, "message": str(exc)})
        return EXIT_ERROR
    except Exception as exc:  # a bug of ours: the parent reports it, the traceback is on stderr
        traceback.print_exc(file=sys.stderr)
        send({"error": "bug", "message": f"{type(exc).__name__}: {exc}"})
        return EXIT_ERROR
    send(
        {
            "result": {
                "written": [str(p) for p in result.written],
                "warnings": [[w.where, w.text, w.missing, w.rtl] for w in result.warnings],
                "seconds": result.seconds,
            }
        }
    )
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    return cli_progress_json(args)


def cli_progress_json(args: argparse.Namespace) -> int:
    """Run the protocol for parsed arguments (``file``, ``docx``, ``pdf``, ``synopsis_only``).

    Also what ``workshop-app export FILE ... --progress-json`` calls: the frozen app cannot
    run ``-m``, so it starts itself with that command instead.  Anything else that would print
    to standard output goes to standard error, so the protocol stays clean.
    """
    out = sys.stdout
    if out is None:  # pragma: no cover - a windowed build started without pipes
        out = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115
    sys.stdout = sys.stderr
    try:
        return run(
            args.file,
            docx=args.docx,
            pdf=args.pdf,
            synopsis_only=args.synopsis_only,
            out=out,
            inp=sys.stdin,
        )
    finally:
        sys.stdout = out


if __name__ == "__main__":
    sys.exit(main())
