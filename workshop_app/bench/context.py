"""What every figure gets: the cached workloads, how many repetitions, where to log progress."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from workshop_app.bench.workloads import WorkloadCache


@dataclass(frozen=True)
class Reps:
    """Repetitions per figure (the baseline of a figure runs as often as the figure)."""

    add_idea: int = 200
    vote_cycles: int = 60  # one cycle = remove, cast, undo, redo
    open: int = 15
    json: int = 7
    export_reference: int = 5
    export_stress: int = 3
    gui_start: int = 5
    action_rounds: int = 5  # rounds of the facilitator's actions (bench_actions)
    gui_stress: bool = True  # stall and memory with the stress workshop (else the reference)


FULL = Reps()
QUICK = Reps(
    add_idea=40,
    vote_cycles=15,
    open=5,
    json=3,
    export_reference=2,
    export_stress=0,
    gui_start=1,
    action_rounds=1,
    gui_stress=False,
)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


@dataclass
class BenchContext:
    cache: WorkloadCache
    reps: Reps
    quick: bool
    root: Path
    log: Callable[[str], None] = field(default=_stderr)
