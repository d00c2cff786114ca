"""Where time comes from: the system clock in the app, a fake one in tests and benchmarks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 3, 10, 8, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self._now

    def advance(self, seconds: float = 0, *, minutes: float = 0) -> None:
        self._now += timedelta(seconds=seconds, minutes=minutes)

    def set(self, when: datetime) -> None:
        self._now = when


def local_today(clock: Clock) -> date:
    """Today's date on the facilitator's laptop."""
    return clock.now().astimezone().date()
