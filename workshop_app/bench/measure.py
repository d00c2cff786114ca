"""Timing helpers: repeated runs, medians and p95, ratios against a baseline.

Every figure is measured several times; one timing on a shared 2-core machine means little.
``Stats`` keeps the samples' summary (milliseconds unless the figure says otherwise).
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any


def median(values: Sequence[float]) -> float:
    """The middle value (mean of the two middle ones for an even count)."""
    if not values:
        raise ValueError("median of no values")
    ordered = sorted(values)
    n = len(ordered)
    mid = n // 2
    if n % 2:
        return float(ordered[mid])
    return (ordered[mid - 1] + ordered[mid]) / 2.0


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("percentile of no values")
    if not 0 <= q <= 100:
        raise ValueError(f"percentile must be within 0..100, not {q}")
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    pos = (len(ordered) - 1) * q / 100.0
    low = math.floor(pos)
    high = math.ceil(pos)
    if low == high:
        return float(ordered[low])
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def p95(values: Sequence[float]) -> float:
    return percentile(values, 95)


@dataclass(frozen=True)
class Stats:
    """Summary of repeated measurements of one thing."""

    n: int
    p50: float
    p95: float
    min: float
    max: float
    mean: float

    @classmethod
    def of(cls, samples: Sequence[float]) -> Stats:
        if not samples:
            raise ValueError("no samples to summarise")
        return cls(
            n=len(samples),
            p50=median(samples),
            p95=p95(samples),
            min=float(min(samples)),
            max=float(max(samples)),
            mean=sum(samples) / len(samples),
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def ratio(value: float | None, baseline: float | None) -> float | None:
    """value / baseline, or None when either is missing or the baseline is zero."""
    if value is None or baseline is None or baseline <= 0:
        return None
    return value / baseline


def time_ms(fn: Callable[[], object]) -> float:
    """Run ``fn`` once and return how long it took in milliseconds."""
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000.0


def repeat_ms(
    fn: Callable[[], object],
    repeats: int,
    *,
    setup: Callable[[], object] | None = None,
    teardown: Callable[[], object] | None = None,
    warmup: int = 0,
    collect: bool = False,
) -> list[float]:
    """Time ``fn`` ``repeats`` times (after ``warmup`` untimed runs); setup/teardown are not timed.

    ``collect=True`` runs the garbage collector (untimed) before each run, so that garbage left by
    the previous run is not charged to a random sample; collections caused by the run itself stay
    in the figure, as a user would feel them.
    """
    samples: list[float] = []
    for i in range(warmup + repeats):
        if setup is not None:
            setup()
        if collect:
            gc.collect()
        elapsed = time_ms(fn)
        if teardown is not None:
            teardown()
        if i >= warmup:
            samples.append(elapsed)
    return samples


# --- results ------------------------------------------------------------------------------

MEASURED = "measured"
NOT_AVAILABLE = "not available"
SKIPPED = "skipped"
ERROR = "error"
TIMED_OUT = "timed out"  # the product took longer than the bench waits: a missed target


@dataclass
class Figure:
    """One line of the report: a measured value next to its baseline and target.

    ``value`` and ``baseline`` are the headline statistics (usually medians) in ``unit``;
    ``limit`` is the absolute target (value <= limit) and ``max_ratio`` the relative one
    (value <= max_ratio x baseline).  ``ok`` is None when there is nothing to judge.
    """

    key: str
    label: str
    unit: str
    limit: float | None = None
    max_ratio: float | None = None
    value: float | None = None
    baseline: float | None = None
    baseline_label: str = ""
    stats: Stats | None = None
    baseline_stats: Stats | None = None
    status: str = MEASURED
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        return ratio(self.value, self.baseline)

    @property
    def target(self) -> str:
        parts = []
        if self.limit is not None:
            parts.append(f"<= {self.limit:g} {self.unit}")
        if self.max_ratio is not None:
            parts.append(f"<= {self.max_ratio:g}x baseline")
        return ", ".join(parts) or "-"

    @property
    def ok(self) -> bool | None:
        if self.status == TIMED_OUT:
            return False
        if self.value is None or (self.limit is None and self.max_ratio is None):
            return None
        good = True
        if self.limit is not None:
            good = good and self.value <= self.limit
        if self.max_ratio is not None:
            r = self.ratio
            if r is None:
                return None if self.limit is None else good
            good = good and r <= self.max_ratio
        return good

    def unavailable(self, reason: str) -> Figure:
        self.status, self.note, self.value = NOT_AVAILABLE, reason, None
        return self

    def skipped(self, reason: str) -> Figure:
        self.status, self.note, self.value = SKIPPED, reason, None
        return self

    def failed(self, reason: str) -> Figure:
        self.status, self.note, self.value = ERROR, reason, None
        return self

    def to_dict(self) -> dict[str, Any]:
        def rnd(x: float | None) -> float | None:
            return None if x is None else round(x, 4)

        return {
            "key": self.key,
            "label": self.label,
            "status": self.status,
            "unit": self.unit,
            "value": rnd(self.value),
            "baseline": rnd(self.baseline),
            "baseline_label": self.baseline_label,
            "ratio": rnd(self.ratio),
            "target": self.target,
            "limit": self.limit,
            "max_ratio": self.max_ratio,
            "ok": self.ok,
            "stats": None if self.stats is None else self.stats.to_dict(),
            "baseline_stats": None if self.baseline_stats is None else self.baseline_stats.to_dict(),
            "note": self.note,
            "details": self.details,
        }
