"""The GUI figures, measured in fresh child processes (offscreen).

The child is ``workshop_app.ui.bench_child`` (it lives in ui/ because it imports Qt).

This side never imports Qt.  It copies a workload (set to open on the Ideas stage, as a
facilitator would reopen it mid-workshop), starts ``python -m workshop_app.ui.bench_child``
with ``PLANWALL_BENCH_T0`` set to its monotonic clock just before the spawn and a fresh
``PLANWALL_DATA_DIR`` (no recent files, settings or saved geometry), and reads the last result
line the child printed.

Figures: cold start to the first painted window (target: <= 2x a bare PySide6 window started
the same way) and to the reference workshop fully shown (<= 0.9 s); the longest GUI-thread
stall while the pack of the stress workshop is exported in a worker (<= 50 ms); the peak memory
with the stress workshop open and every stage shown once (<= 300 MB); and the live window's bar,
the longest GUI-thread stall of each facilitator action with the complete sample open and the
wall shown (the worst action's median, <= 50 ms).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workshop_app.bench.context import BenchContext
from workshop_app.bench.measure import TIMED_OUT, Figure, Stats
from workshop_app.ui.bench_child import ACTION_ROUNDS_ENV, DEADLINE_ENV, MARK, T0_ENV, TICK_MS

FIRST_FRAME_MAX_RATIO = 2.0
FULLY_SHOWN_MS = 900.0
STALL_MS = 50.0
MEMORY_MB = 300.0
ACTION_STALL_MS = 50.0
START_TIMEOUT_S = 90.0
ACTIONS_TIMEOUT_S = 300.0
SAMPLE = "complete-jbp"
LOAD_TIMEOUT_S = {"reference": 120.0, "stress": 600.0}


class ProbeError(RuntimeError):
    """A child process crashed or printed no result."""


class QtUnavailableError(ProbeError):
    """Even the bare PySide6 window did not start (no Qt, no platform plugin)."""


def run_probe(
    mode: str,
    path: Path | None = None,
    *,
    timeout: float = START_TIMEOUT_S,
    extra_env: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Run one child and return the last result it printed (``timed_out`` set if it had to be killed)."""
    with tempfile.TemporaryDirectory(prefix="planwall-bench-gui-") as data_dir:
        env = dict(os.environ)
        env.update(extra_env or {})
        env["QT_QPA_PLATFORM"] = "offscreen"
        env["PLANWALL_DATA_DIR"] = data_dir
        env[DEADLINE_ENV] = str(max(5.0, timeout - 15.0))
        cmd = [sys.executable, "-m", "workshop_app.ui.bench_child", mode]
        if path is not None:
            cmd.append(str(path))
        killed = False
        env[T0_ENV] = repr(time.monotonic())
        try:
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout, check=False)
            stdout, stderr, code = proc.stdout, proc.stderr, proc.returncode
        except subprocess.TimeoutExpired as exc:
            killed = True
            stdout = _text(exc.stdout)
            stderr, code = _text(exc.stderr), None
    lines = [line for line in stdout.splitlines() if line.startswith(MARK)]
    if not lines:
        tail = " | ".join((stderr or stdout).strip().splitlines()[-5:])
        why = f"was killed after {timeout:.0f} s" if killed else f"exited with {code}"
        raise ProbeError(f"the {mode} probe {why} without a result: {tail}")
    result: dict[str, Any] = json.loads(lines[-1][len(MARK) :])
    if result.get("error"):
        raise ProbeError(f"the {mode} probe failed: {result['error']}")
    if killed:
        result["timed_out"] = True
    return result


def _text(data: str | bytes | None) -> str:
    if data is None:
        return ""
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else data


def prepare(ctx: BenchContext, workload: str) -> Path:
    """A fresh copy of a workload that opens on the Ideas stage."""
    from workshop_app.bench.workloads import START
    from workshop_app.services.clock import FakeClock
    from workshop_app.services.workshop_service import OpenWorkshop

    path = ctx.cache.fresh_copy(workload)
    ow = OpenWorkshop.open(path, FakeClock(START))
    try:
        ow.remember("stage", "ideas")
    finally:
        ow.close()
    return path


def gui_problem(result: dict[str, Any]) -> str:
    """Why a GUI result does not count yet (empty when it does)."""
    if result.get("missing"):
        return "stage module(s) missing: " + ", ".join(result["missing"])
    if result.get("window") not in (None, "MainWindow"):
        return f"the workshop did not open (the app showed {result['window']})"
    return ""


def gui_figures(ctx: BenchContext) -> list[Figure]:
    first = Figure(
        "gui_first_frame", "GUI cold start: first painted window", "ms", None, FIRST_FRAME_MAX_RATIO
    )
    shown = Figure("gui_fully_shown", "GUI cold start: reference fully shown", "ms", FULLY_SHOWN_MS)
    stall = Figure("gui_export_stall", "longest GUI-thread stall during export", "ms", STALL_MS)
    memory = Figure("gui_peak_memory", "peak memory, workshop open in the GUI", "MB", MEMORY_MB)
    actions = Figure(
        "gui_action_stall", "GUI-thread stall per facilitator action (worst p50)", "ms", ACTION_STALL_MS
    )
    figures = [first, shown, stall, memory, actions]
    reps = ctx.reps.gui_start
    warm = 0 if ctx.quick else 1  # an untimed first start warms the disk cache
    compiled = current_bytecode()
    if compiled:
        ctx.log(f"  compiled Planwall's bytecode first ({compiled} module(s) had none or a stale one)")
    ctx.log(
        f"  cold starts x{reps}, interleaved: a bare PySide6 window, the same after importing "
        "SQLAlchemy and the model, Planwall opening the reference"
    )
    try:
        starts = interleaved_starts(lambda mode: _start(ctx, mode), reps, warm)
    except QtUnavailableError as exc:
        return [f.unavailable(f"Qt cannot start here: {exc}") for f in figures]
    base = Stats.of([r["first_frame_ms"] for r in starts["bare"]])
    for fig in (first, shown):
        fig.baseline, fig.baseline_stats = base.p50, base
        fig.baseline_label = "bare PySide6 window, new process: first frame (p50)"
    runs = starts["app"]
    _start_figures(first, shown, runs)
    for fig in (first, shown):
        fig.details["stale_bytecode_compiled_first"] = compiled
    _floor_note(shown, [r.get("first_frame_ms") for r in starts["floor"]], runs)

    workload = "stress" if ctx.reps.gui_stress else "reference"
    ctx.log(f"  Planwall with the {workload}: every stage, memory, export stall")
    load = run_probe("load", prepare(ctx, workload), timeout=LOAD_TIMEOUT_S[workload])
    _load_figures(stall, memory, load, workload)

    rounds = ctx.reps.action_rounds
    ctx.log(f"  Planwall with the complete sample and the wall: the facilitator's actions x{rounds}")
    result = run_probe(
        "actions",
        prepare_sample(ctx),
        timeout=ACTIONS_TIMEOUT_S,
        extra_env={ACTION_ROUNDS_ENV: str(rounds)},
    )
    _action_figure(actions, result, rounds)
    return figures


START_MODES = ("bare", "floor", "app")


def interleaved_starts(
    run: Callable[[str], dict[str, Any]], reps: int, warm: int = 0
) -> dict[str, list[dict[str, Any]]]:
    """``reps`` rounds of one start of each of ``START_MODES`` (after ``warm`` untimed rounds).

    One round after the other, so that the machine's drift during a run (its disk cache, other
    load) falls on the baseline, the floor and the app alike and their differences stay fair.
    """
    results: dict[str, list[dict[str, Any]]] = {mode: [] for mode in START_MODES}
    for round_no in range(warm + reps):
        for mode in START_MODES:
            result = run(mode)
            if round_no >= warm:
                results[mode].append(result)
    return results


def _start(ctx: BenchContext, mode: str) -> dict[str, Any]:
    if mode == "app":
        return run_probe(mode, prepare(ctx, "reference"))
    try:
        return run_probe(mode)
    except ProbeError as exc:
        if mode == "bare":  # not even a bare window: nothing of the GUI can be measured
            raise QtUnavailableError(str(exc)) from exc
        raise


def current_bytecode(package: Path | None = None) -> int:
    """Write the bytecode of Planwall's modules where it is missing or stale; how many were.

    An installed app starts from bytecode (``pip install`` compiles it, the bundle ships it,
    and Python writes it on the first start).  Where ``PYTHONDONTWRITEBYTECODE`` is set, as in
    this machine's environment, Python compiles every stale module again on every start: ~0.25 s
    on each cold start of an edited checkout.  ``py_compile`` writes the files whatever that
    variable says (``compileall`` would miss an edit made within the same second); a package
    folder that cannot be written is left as it is (the starts then measure what it does).
    """
    import py_compile

    import workshop_app

    package = package or Path(workshop_app.__file__).parent
    stale = [source for source in sorted(package.rglob("*.py")) if not _bytecode_current(source)]
    for source in stale:
        try:
            py_compile.compile(str(source), doraise=True)
        except (OSError, py_compile.PyCompileError):
            continue  # read-only or broken: the start measures it as it is
    return len(stale)


def _bytecode_current(source: Path) -> bool:
    """Whether Python would load ``source``'s cached bytecode as it is (timestamp-checked pyc)."""
    import importlib.util

    try:
        header = Path(importlib.util.cache_from_source(str(source))).read_bytes()[:16]
        stat = source.stat()
    except OSError:
        return False
    if len(header) < 16 or header[:4] != importlib.util.MAGIC_NUMBER:
        return False
    flags = int.from_bytes(header[4:8], "little")
    if flags:  # hash-based bytecode: Python checks it (or not) by itself
        return True
    mtime = int.from_bytes(header[8:12], "little")
    size = int.from_bytes(header[12:16], "little")
    return mtime == int(stat.st_mtime) & 0xFFFFFFFF and size == stat.st_size & 0xFFFFFFFF


def prepare_sample(ctx: BenchContext) -> Path:
    """A fresh copy of the complete sample workshop (the live window issue's measure)."""
    from workshop_app.paths import samples_dir
    from workshop_app.store.interchange import import_file

    path = ctx.root / f"{SAMPLE}-actions.planwall"
    path.unlink(missing_ok=True)
    import_file(samples_dir() / f"{SAMPLE}.json", path)
    return path


def _action_figure(fig: Figure, result: dict[str, Any], rounds: int) -> None:
    """The worst action's median stall; every action's median and maximum in the details."""
    problem = gui_problem(result)
    stalls: dict[str, list[float]] = result.get("stalls_ms") or {}
    if not stalls:
        fig.status = TIMED_OUT if result.get("timed_out") else fig.status
        fig.note = problem or "no action was timed"
        return
    per_action = {name: Stats.of(values) for name, values in stalls.items()}
    worst = max(per_action, key=lambda name: per_action[name].p50)
    fig.stats = per_action[worst]
    fig.details = {
        "actions": {
            name: {"p50": round(st.p50, 1), "max": round(max(stalls[name]), 1)}
            for name, st in per_action.items()
        },
        "rounds": rounds,
        "worst_action": worst,
        "sample": SAMPLE,
    }
    idle = result.get("idle_stall_ms") or []
    if idle:
        fig.baseline = Stats.of(idle).p50
        fig.baseline_label = "longest gap of the same 1 ms timer, idle (the machine's noise)"
    over = sorted(
        (name for name, st in per_action.items() if st.p50 > ACTION_STALL_MS),
        key=lambda n: -per_action[n].p50,
    )
    fig.note = (
        f"worst: {worst} ({per_action[worst].p50:.0f} ms); "
        + (
            f"over {ACTION_STALL_MS:.0f} ms: {', '.join(over)}"
            if over
            else f"every action within {ACTION_STALL_MS:.0f} ms"
        )
        + f"; {len(per_action)} actions, {rounds} round(s), wall open"
    )
    if problem:
        fig.unavailable(f"{problem}; measured anyway: worst p50 {per_action[worst].p50:.0f} ms")
    else:
        fig.value = per_action[worst].p50


def _start_figures(first: Figure, shown: Figure, runs: list[dict[str, Any]]) -> None:
    problem = gui_problem(runs[-1])
    for fig, key in ((first, "first_frame_ms"), (shown, "fully_shown_ms")):
        fig.details = {
            "window": runs[-1].get("window"),
            "qt_ready_ms": runs[-1].get("qt_ready_ms"),
            "runs": [r.get(key) for r in runs],
        }
        values = [r[key] for r in runs if r.get(key) is not None]
        if len(values) < len(runs):
            fig.status = TIMED_OUT
            fig.note = f"{len(runs) - len(values)} of {len(runs)} start(s) did not get there in time"
            continue
        stats = Stats.of(values)
        fig.stats = stats
        if problem:
            fig.unavailable(f"{problem}; measured anyway: p50 {stats.p50:.0f} ms")
        else:
            fig.value = stats.p50


def _floor_note(shown: Figure, floor: list[float | None], runs: list[dict[str, Any]]) -> None:
    """What no window code can go below: a bare window once SQLAlchemy and the model are loaded.

    ``floor`` and ``runs`` come from the same rounds (``interleaved_starts``): what the app adds
    above the floor is the median of each round's difference.
    """
    measured = [f for f in floor if f is not None]
    if not measured:
        return
    p50 = Stats.of(measured).p50
    shown.details["floor_p50_ms"] = round(p50, 1)
    shown.details["floor_runs"] = floor
    shown.details["floor"] = "bare PySide6 window after importing SQLAlchemy's ORM and the model"
    added = [
        r["fully_shown_ms"] - f
        for r, f in zip(runs, floor, strict=False)
        if f is not None and r.get("fully_shown_ms") is not None
    ]
    if not added:
        return
    above = Stats.of(added)
    shown.details["above_floor_p50_ms"] = round(above.p50, 1)
    shown.details["above_floor_range_ms"] = [round(min(added)), round(max(added))]
    if shown.stats is not None and not shown.note:
        shown.note = (
            f"floor {p50:.0f} ms (a bare window once SQLAlchemy's ORM and the model are imported); "
            f"opening, building and painting the workshop add {above.p50:.0f} ms "
            f"({min(added):.0f}-{max(added):.0f} ms in {len(added)} round(s) of both)"
        )


def _load_figures(stall: Figure, memory: Figure, load: dict[str, Any], workload: str) -> None:
    if workload != "stress":
        memory.label += " (reference: --quick)"
        stall.label += " (reference: --quick)"
    problem = gui_problem(load)
    memory.details = {
        "after_open_mb": load.get("rss_open_mb"),
        "after_every_stage_mb": load.get("rss_stages_mb"),
        "after_export_mb": load.get("rss_export_mb"),
        "stage_show_ms": load.get("stage_show_ms"),
        "workload": workload,
    }
    rss = load.get("rss_stages_mb") or load.get("rss_open_mb")
    if rss is None:
        memory.status = TIMED_OUT if load.get("timed_out") else memory.status
        memory.note = (
            "the workshop was not shown in time" if load.get("timed_out") else "ru_maxrss not available"
        )
    elif problem:
        memory.unavailable(f"{problem}; measured anyway: {rss:.0f} MB")
    else:
        memory.value = rss
        memory.note = "ru_maxrss after opening and showing every stage once"
        if load.get("stages_incomplete") or "rss_stages_mb" not in load:
            memory.note = "ru_maxrss; NOT every stage could be shown within the time limit"
    if load.get("export_error"):
        stall.unavailable(load["export_error"])
        return
    if load.get("stall_ms") is None:
        stall.status = TIMED_OUT if load.get("timed_out") else stall.status
        stall.note = "the export phase was not reached in time"
        return
    stall.value = load["stall_ms"]
    stall.baseline = load.get("idle_stall_ms")
    stall.baseline_label = "longest gap of the same timer, idle, just before"
    keys = (
        "export_s",
        "stall_p99_ms",
        "stall_ticks",
        "stalls_over_50ms",
        "worst_stall_at_ms",
        "rss_export_mb",
    )
    stall.details = {k: load.get(k) for k in keys}
    stall.details["workload"] = workload
    stall.note = f"{TICK_MS} ms QTimer in the GUI thread; export_pack(docx + pdf) in a QThreadPool worker"
    if load.get("export_unfinished"):
        stall.note += "; the export had NOT finished when the time limit came"
    if problem:
        stall.note += f"; {problem}"
