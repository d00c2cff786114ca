"""``workshop-app bench [--json] [--quick]``: build the workloads, measure every figure, report.

The table puts each figure next to its baseline measured in the same run, as a ratio, and its
target.  A slow figure never fails the command: the exit status is 0 unless a figure could not
be measured because something crashed (status "error"), then 1.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from workshop_app.bench.context import FULL, QUICK, BenchContext
from workshop_app.bench.measure import ERROR, Figure
from workshop_app.bench.workloads import WorkloadCache

FIGURE_KEYS = (
    "add_idea_p50",
    "add_idea_p95",
    "vote_cast_p50",
    "vote_remove_p50",
    "undo_p50",
    "redo_p50",
    "open_reference",
    "json_roundtrip_reference",
    "docx_reference",
    "docx_stress",
    "pdf_reference",
    "pdf_stress",
    "gui_first_frame",
    "gui_fully_shown",
    "gui_export_stall",
    "gui_peak_memory",
    "gui_action_stall",
)
Group = tuple[str, Callable[[BenchContext], list[Figure]], tuple[str, ...]]


def _groups() -> list[Group]:
    from workshop_app.bench import export_figures, figures, gui_probe

    return [
        ("single changes", figures.change_figures, FIGURE_KEYS[:6]),
        ("opening", figures.open_figure, ("open_reference",)),
        ("JSON", figures.json_figure, ("json_roundtrip_reference",)),
        (
            "exports",
            export_figures.export_figures,
            ("docx_reference", "pdf_reference", "docx_stress", "pdf_stress"),
        ),
        ("GUI", gui_probe.gui_figures, FIGURE_KEYS[12:]),
    ]


def add_bench_parser(subparsers: Any) -> argparse.ArgumentParser:
    """Register ``bench`` on the CLI's subparsers (``workshop_app.cli.build_parser``)."""
    p: argparse.ArgumentParser = subparsers.add_parser(
        "bench",
        help="measure how fast Planwall is on this machine",
        description="Build benchmark workshops, measure each figure against a baseline measured in "
        "the same run, and print medians, p95 and ratios. Slow figures do not fail the command.",
    )
    _add_options(p)
    return p


def _add_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--json", action="store_true", help="print machine-readable results instead of a table")
    p.add_argument(
        "--quick", action="store_true", help="fewer repetitions, no stress-size exports (CI, < 1 min)"
    )
    p.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="keep the generated workshops in this folder (must not exist)",
    )


def bench_command(args: argparse.Namespace) -> int:
    """Run the benchmark with parsed arguments; returns the exit status."""
    return run(quick=bool(args.quick), as_json=bool(args.json), keep=getattr(args, "keep", None))


def run_bench(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="workshop-app bench", description="Measure how fast Planwall is.")
    _add_options(parser)
    return bench_command(parser.parse_args(list(argv)))


def run(*, quick: bool, as_json: bool, keep: Path | None = None, out: Any = None) -> int:
    out = out or sys.stdout
    if keep is not None and keep.exists():
        print(f"workshop-app: {keep} already exists. Choose a new folder for --keep.", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="planwall-bench-"))
    ctx = BenchContext(WorkloadCache(root), QUICK if quick else FULL, quick, root)
    started = time.perf_counter()
    results: dict[str, Figure] = {}
    crashed: list[str] = []
    try:
        ctx.log("Generating the reference workshop through the services...")
        ctx.cache.reference()
        if not quick:  # --quick uses no stress-size figure
            ctx.log("Building the stress workshop (reference JSON scaled x10, imported)...")
            ctx.cache.stress()
        for name, measure, keys in _groups():
            ctx.log(f"Measuring {name}...")
            try:
                for fig in measure(ctx):
                    results[fig.key] = fig
            except Exception as exc:
                crashed.append(name)
                ctx.log(traceback.format_exc())
                for key in keys:
                    results.setdefault(key, Figure(key, key, "")).failed(f"{type(exc).__name__}: {exc}")
        workloads = ctx.cache.describe()
    finally:
        if keep is not None:
            shutil.copytree(root, keep)
        shutil.rmtree(root, ignore_errors=True)
    report = {
        "planwall_bench": 1,
        "quick": quick,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(time.perf_counter() - started, 1),
        "machine": machine(),
        "workloads": workloads,
        "figures": {key: results[key].to_dict() for key in FIGURE_KEYS if key in results},
    }
    if as_json:
        out.write(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    else:
        out.write(format_table([results[k] for k in FIGURE_KEYS if k in results]))
        out.write(f"\n{describe_run(report)}\n")
    failed = crashed or [k for k, f in results.items() if f.status == ERROR]
    return 1 if failed else 0


def machine() -> dict[str, Any]:
    info: dict[str, Any] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
    }
    if hasattr(os, "getloadavg"):
        info["load_average"] = [round(x, 2) for x in os.getloadavg()]
    try:
        import sqlite3

        import sqlalchemy

        info["sqlite"] = sqlite3.sqlite_version
        info["sqlalchemy"] = sqlalchemy.__version__
    except ImportError:
        pass
    return info


def _num(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "s":
        return f"{value:.2f} s"
    if unit == "MB":
        return f"{value:.0f} MB"
    return f"{value:.2f} ms" if value < 10 else f"{value:.0f} ms"


def format_table(figures: list[Figure]) -> str:
    rows = [("figure", "value", "baseline", "ratio", "target", "ok?")]
    notes: list[str] = []
    for f in figures:
        ok = {True: "ok", False: "MISSED", None: "-"}[f.ok]
        value = _num(f.value, f.unit) if f.value is not None else f.status
        ratio = f"{f.ratio:.1f}x" if f.ratio is not None else "-"
        rows.append((f.label, value, _num(f.baseline, f.unit), ratio, f.target, ok))
        if f.note and (f.status != "measured" or f.ok is False):  # why, or what a miss is made of
            notes.append(f"  {f.key}: {f.note}")
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip() for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    text = "\n".join(lines) + "\n"
    if notes:
        text += "\nNotes:\n" + "\n".join(notes) + "\n"
    return text


def describe_run(report: dict[str, Any]) -> str:
    m = report["machine"]
    parts = [f"{report['seconds']} s{' (--quick)' if report['quick'] else ''}"]
    parts.append(f"Python {m['python']}, {m['cpus']} CPUs")
    if "load_average" in m:
        parts.append(f"load {m['load_average'][0]}")
    for name, w in report["workloads"].items():
        c = w["counts"]
        parts.append(
            f"{name}: {c['ideas']} notes, {c['minutes']} minutes, {c['actions']} actions ({w['method']})"
        )
    return "Run: " + "; ".join(parts) + "."
