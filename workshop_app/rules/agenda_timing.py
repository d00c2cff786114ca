"""Agenda timing: how long an item has run, its timer colour, and the day's projection.

Everything is derived from stored timestamps and ``now`` from the injected clock;
nothing ticks down.  All datetimes are expected to be timezone-aware (UTC from the
clock); mixing naive and aware datetimes raises ``TypeError`` from ``datetime``.
"""

from __future__ import annotations

import enum
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from workshop_app.errors import InvalidInputError

AMBER_FRACTION = 0.20
_HHMM = re.compile(r"^\s*([01]?\d|2[0-3])[:.h]?([0-5]\d)\s*$")
RED_FRACTION = 0.05


@dataclass(frozen=True)
class Pause:
    """A pause of a running item; ``ended_at is None`` while still paused."""

    started_at: datetime
    ended_at: datetime | None


@dataclass(frozen=True)
class ItemTiming:
    """The timing facts of one agenda item.

    ``extra_minutes`` is the sum of the +1/+5 extensions.
    """

    planned_minutes: int
    extra_minutes: int = 0
    started_at: datetime | None = None
    ended_at: datetime | None = None
    pauses: tuple[Pause, ...] = ()


class TimerState(enum.Enum):
    """What the timer of an item shows."""

    NOT_STARTED = "not_started"
    RUNNING = "running"
    PAUSED = "paused"
    AMBER = "amber"
    RED = "red"
    OVER = "over"
    DONE = "done"


def allowed_seconds(t: ItemTiming) -> float:
    """Time allowed for the item: ``(planned_minutes + extra_minutes) * 60``."""
    return float((t.planned_minutes + t.extra_minutes) * 60)


def _paused_seconds(t: ItemTiming, start: datetime, end: datetime) -> float:
    """Seconds of [start, end] covered by pauses (overlapping pauses counted once).

    An open pause runs to ``end``; pauses are clipped to [start, end].
    """
    spans = sorted(
        (max(p.started_at, start), min(p.ended_at if p.ended_at is not None else end, end)) for p in t.pauses
    )
    total = 0.0
    cur_start: datetime | None = None
    cur_end: datetime | None = None
    for s, e in spans:
        if e <= s:
            continue
        if cur_start is None or cur_end is None or s > cur_end:
            if cur_start is not None and cur_end is not None:
                total += (cur_end - cur_start).total_seconds()
            cur_start, cur_end = s, e
        else:
            cur_end = max(cur_end, e)
    if cur_start is not None and cur_end is not None:
        total += (cur_end - cur_start).total_seconds()
    return total


def elapsed_seconds(t: ItemTiming, now: datetime) -> float:
    """Running time of the item, pauses excluded.

    ``elapsed = (end - started_at) - paused``, where ``end = ended_at`` if the
    item has ended, else ``now``, and ``paused`` is the time within
    [started_at, end] covered by pauses (an open pause counts up to ``end``).
    0 when not started; never negative (e.g. ``now`` before ``started_at``).
    """
    if t.started_at is None:
        return 0.0
    end = t.ended_at if t.ended_at is not None else now
    if end <= t.started_at:
        return 0.0
    span = (end - t.started_at).total_seconds()
    return max(span - _paused_seconds(t, t.started_at, end), 0.0)


def remaining_seconds(t: ItemTiming, now: datetime) -> float:
    """``allowed_seconds - elapsed_seconds``; negative when the item is over time."""
    return allowed_seconds(t) - elapsed_seconds(t, now)


def is_paused(t: ItemTiming) -> bool:
    """True when the item is started, not ended, and has an open pause."""
    return t.started_at is not None and t.ended_at is None and any(p.ended_at is None for p in t.pauses)


def timer_colour(t: ItemTiming, now: datetime) -> TimerState:
    """The timer's colour, ignoring pauses.

    With ``remaining = remaining_seconds`` and ``allowed = allowed_seconds``:

    - ``NOT_STARTED`` if never started; ``DONE`` if ended;
    - ``OVER`` if ``remaining < 0``;
    - ``RED`` if ``remaining <= RED_FRACTION * allowed`` (5 %);
    - ``AMBER`` if ``remaining <= AMBER_FRACTION * allowed`` (20 %);
    - ``RUNNING`` otherwise.
    """
    if t.started_at is None:
        return TimerState.NOT_STARTED
    if t.ended_at is not None:
        return TimerState.DONE
    allowed = allowed_seconds(t)
    remaining = remaining_seconds(t, now)
    if remaining < 0:
        return TimerState.OVER
    if remaining <= RED_FRACTION * allowed:
        return TimerState.RED
    if remaining <= AMBER_FRACTION * allowed:
        return TimerState.AMBER
    return TimerState.RUNNING


def timer_state(t: ItemTiming, now: datetime) -> TimerState:
    """Like :func:`timer_colour`, but ``PAUSED`` when the running item has an open pause.

    Precedence: NOT_STARTED, DONE, PAUSED, then the colour.
    """
    if t.started_at is not None and t.ended_at is None and is_paused(t):
        return TimerState.PAUSED
    return timer_colour(t, now)


def format_clock(seconds: float) -> str:
    """Format a remaining time for the timer.

    ``m:ss`` below an hour (``"12:05"``), ``h:mm:ss`` from an hour
    (``"1:02:03"``).  Negative values (over time, counting up) get a ``+``:
    ``-190`` -> ``"+3:10"``.

    The magnitude is rounded *up* to a whole second (after rounding to the
    millisecond, to absorb float noise), so the clock shows ``0:00`` only when the
    time is exactly up: 0.2 s left shows ``"0:01"``, 0.2 s over shows ``"+0:01"``.

    Raises:
        ValueError: ``seconds`` is NaN or infinite.
    """
    if not math.isfinite(seconds):
        raise ValueError(f"Cannot show {seconds} as a clock.")
    whole = math.ceil(round(abs(seconds), 3))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    sign = "+" if seconds < 0 and whole > 0 else ""
    if hours:
        return f"{sign}{hours}:{minutes:02d}:{secs:02d}"
    return f"{sign}{minutes}:{secs:02d}"


@dataclass(frozen=True)
class ProjectedItem:
    """Where an item sits in the day: projected and planned.

    ``actual`` is true when the item has ended (``start`` and ``end`` are real); ``skipped``
    when it was never started and the day has moved on past it (see :func:`skipped_items`): it
    takes no time, ``start == end``.
    """

    index: int
    start: datetime
    end: datetime
    planned_start: datetime
    planned_end: datetime
    actual: bool
    skipped: bool = False


@dataclass(frozen=True)
class DayProjection:
    """The day as planned and as it now looks.

    ``late_minutes`` = projected_end - planned_end in whole minutes, negative when early.
    """

    items: list[ProjectedItem]
    planned_end: datetime
    projected_end: datetime
    late_minutes: int


def _round_minutes(delta: timedelta) -> int:
    """Whole minutes, half away from zero (90 s -> 2, -90 s -> -2)."""
    minutes = delta.total_seconds() / 60
    return int(math.copysign(math.floor(abs(minutes) + 0.5), minutes))


def _began_at(t: ItemTiming) -> datetime | None:
    """When the item began: ``started_at``, or ``ended_at`` for an item ended without a start."""
    return t.started_at if t.started_at is not None else t.ended_at


def skipped_items(items: Sequence[ItemTiming], *, day_over: bool = False) -> list[bool]:
    """Which of a day's items were skipped (derived, never stored).

    An item never started is skipped when it sits before the item that began last on the day
    (the day moved on past it: a later item was started, or the running item was moved below
    it).  With ``day_over`` (the day is behind us: a later day has begun, or its date is past)
    every item never started is skipped.  Starting a skipped item, or moving it below the item
    that began last, puts it back in the plan.
    """
    if day_over:
        return [_began_at(t) is None for t in items]
    began = [(when, index) for index, t in enumerate(items) if (when := _began_at(t)) is not None]
    if not began:
        return [False] * len(items)
    _, last = max(began)
    return [index < last and _began_at(t) is None for index, t in enumerate(items)]


def project_day(
    day_start: datetime,
    items: Sequence[ItemTiming],
    now: datetime,
    *,
    end_current_now: bool = False,
    day_over: bool = False,
) -> DayProjection:
    """Project the rest of the day from what has happened so far.

    Planned schedule: items back to back from ``day_start`` using
    ``planned_minutes`` only (extensions make the day late)::

        planned_start[i] = day_start + sum(planned_minutes[:i])
        planned_end[i]   = planned_start[i] + planned_minutes[i]

    Projection walks the items in order, keeping ``cursor`` = the latest
    projected end so far (starting at ``day_start``):

    1. Ended item: its real ``started_at`` and ``ended_at`` (``actual=True``).
       A missing ``started_at`` is taken as ``ended_at``.
    2. Started, not ended (running or paused): starts at ``started_at`` and ends
       at ``max(now + max(remaining, 0), started_at)``, which equals
       ``max(started_at + pauses so far + allowed, now)``: an item that is over
       time pushes everything after it, and a paused item's end moves with
       ``now``.  With ``end_current_now=True`` it ends at ``max(now, started_at)``
       ("the rest of the day if the current item ends now").
    3. Skipped (:func:`skipped_items`, with ``day_over``): no time, at ``cursor``.
    4. Not started: starts at ``max(cursor, now)`` (it cannot start in the past)
       and lasts ``planned_minutes + extra_minutes``.

    After each item, ``cursor = max(cursor, end)``: items run out of order keep
    their real times, and the items after them start after the latest end.

    ``projected_end`` = final cursor (``day_start`` with no items);
    ``planned_end`` = ``day_start + sum(planned_minutes)``;
    ``late_minutes`` = (projected_end - planned_end) in minutes, rounded half
    away from zero.
    """
    projected: list[ProjectedItem] = []
    planned_cursor = day_start
    cursor = day_start
    skipped = skipped_items(items, day_over=day_over)
    for index, t in enumerate(items):
        planned_start = planned_cursor
        planned_cursor = planned_start + timedelta(minutes=t.planned_minutes)
        actual = t.ended_at is not None
        if t.ended_at is not None:
            end = t.ended_at
            start = t.started_at if t.started_at is not None else end
        elif t.started_at is not None:
            start = t.started_at
            if end_current_now:
                end = max(now, start)
            else:
                left = max(remaining_seconds(t, now), 0.0)
                end = max(now + timedelta(seconds=left), start)
        elif skipped[index]:
            start = end = cursor
        else:
            start = max(cursor, now)
            end = start + timedelta(seconds=allowed_seconds(t))
        cursor = max(cursor, end)
        projected.append(
            ProjectedItem(
                index=index,
                start=start,
                end=end,
                planned_start=planned_start,
                planned_end=planned_cursor,
                actual=actual,
                skipped=skipped[index],
            )
        )
    return DayProjection(
        items=projected,
        planned_end=planned_cursor,
        projected_end=cursor,
        late_minutes=_round_minutes(cursor - planned_cursor),
    )


def late_text(late_minutes: int) -> str:
    """``"on time"`` for 0, ``"running 5 min late"`` for 5, ``"running 3 min early"`` for -3."""
    if late_minutes == 0:
        return "on time"
    if late_minutes > 0:
        return f"running {late_minutes} min late"
    return f"running {-late_minutes} min early"


def parse_start_time(text: str) -> str:
    """A day's start time as typed -> 'HH:MM': '9:00', '0900', '9.00', '9h00' -> '09:00'.

    Raises:
        InvalidInputError: anything else, with an example of what to type.
    """
    m = _HHMM.match(text or "")
    if not m:
        raise InvalidInputError(f"'{text}' is not a time of day. Type it like 09:00 or 13:30.")
    return f"{int(m.group(1)):02d}:{m.group(2)}"
