"""Where time comes from: the system clock in the app, a fake one in tests and benchmarks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
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


def laptop_zone_name() -> str | None:
    """The IANA name of this computer's time zone ("Europe/London"), or None when the system
    does not say (a new workshop then uses the laptop's zone, whatever it is)."""
    from workshop_app.rules.time_zone import zone_info

    try:
        import tzlocal  # reads the name on Windows, macOS and Linux alike

        tzlocal.reload_localzone()  # tzlocal keeps the first answer; the laptop may have moved since
        name = tzlocal.get_localzone_name()
    except Exception:  # an odd or conflicting system setting: not worth stopping for
        return None
    return name if name and zone_info(name) is not None else None
