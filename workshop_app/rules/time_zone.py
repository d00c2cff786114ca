"""The workshop's time zone: where the room is, so that its times read the same everywhere.

Times are stored as UTC.  A workshop names the zone of its room ("Europe/London"); every
time shown or exported (a planned 09:00, the 09:05 an item really started, a minutes
entry's time) is read in that zone, wherever the laptop that shows it happens to be.
A workshop without a zone (files made before the zone was stored) uses the laptop's zone,
as before.  Zones are IANA names, read with :mod:`zoneinfo`.
"""

from __future__ import annotations

import functools
import re
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from workshop_app.errors import InvalidInputError

# Names not offered in the list when tzdata's zone.tab cannot be read (they still work when
# typed): aliases kept for old systems and the sign-inverted Etc/GMT+N zones.
_HIDDEN_PREFIXES = ("Etc/", "SystemV/", "US/", "posix/", "right/", "Canada/", "Brazil/", "Chile/", "Mexico/")
EXAMPLE = "Europe/London, America/New_York or Asia/Singapore"
# Other names of UTC, taken as UTC; and offsets named like zones ("EST" is UTC-5 all year, while
# New York keeps EDT in summer), refused.
_UTC_NAMES = frozenset({"UCT", "Universal", "Zulu", "Etc/UTC", "Etc/UCT", "Etc/Universal", "Etc/Zulu"})
_OFFSET_NAMES = frozenset({"GMT", "GMT0", "GMT+0", "GMT-0", "Greenwich", "EST", "MST", "HST"})


def _tzdata_file(name: str) -> str | None:
    try:
        import tzdata  # type: ignore[import-untyped]

        return (Path(tzdata.__file__).parent / name).read_text(encoding="utf-8")
    except (ImportError, OSError):  # no tzdata package: the system's zone files
        return None


@functools.cache
def _all_names() -> frozenset[str]:
    """Every zone name this computer knows.  tzdata's list is read in ~1 ms; asking zoneinfo
    (``available_timezones``) opens every zone file, ~90 ms on a Setup stage's first build."""
    listed = (_tzdata_file("zones") or "").split()
    return frozenset(listed) if listed else frozenset(available_timezones())


def is_zone_name(name: str) -> bool:
    """True for a zone name exactly as this computer knows it (case and all)."""
    return name in _all_names()


@functools.cache
def zone_names() -> tuple[str, ...]:
    """The zones to offer in a list, sorted, and UTC: the current name of each place (zone.tab:
    Asia/Kolkata and Europe/Kyiv, not also Asia/Calcutta and Europe/Kiev)."""
    table = _tzdata_file("zoneinfo/zone.tab") or ""
    current = [cols[2] for line in table.splitlines() if len(cols := line.split("\t")) > 2 and line[0] != "#"]
    known = _all_names()
    shown = [n for n in current if n in known]
    if not shown:
        shown = [n for n in known if "/" in n and not n.startswith(_HIDDEN_PREFIXES)]
    return (*sorted(set(shown)), "UTC")


def _key(text: str) -> str:
    return re.sub(r"[\s_]+", "_", text.strip()).casefold()


def _city(name: str) -> str:
    return _key(name.rsplit("/", 1)[-1])


def check_zone_name(value: str) -> str:
    """The IANA name ``value`` stands for, or :class:`InvalidInputError` saying what to type.

    Forgiving of case, and of spaces for underscores ("america/new york"); a city alone is
    enough when only one zone has it ("Singapore", "New York", "Kiev").  An offset named like a
    zone ("EST", "GMT", "Etc/GMT+5") is refused: it never changes for summer time, so a room on
    New York's or London's clocks would be an hour out half the year.
    """
    typed = value.strip()
    if not typed:
        raise InvalidInputError(f"Type the time zone of the room, for example {EXAMPLE}.")
    shown = zone_names()
    key = _key(typed)
    by_key = {_key(n): n for n in shown}
    if key in by_key:
        return by_key[key]
    for names in (shown, [n for n in _all_names() if "/" in n and not n.startswith(_HIDDEN_PREFIXES)]):
        cities = sorted(n for n in names if _city(n) == key)
        if len(cities) == 1 or (cities and _same_clock(cities)):  # "Buenos Aires": two names, one zone
            return cities[0]
        if len(cities) > 1:
            raise InvalidInputError(
                f"'{typed}' is the name of {len(cities)} time zones: {', '.join(cities)}. "
                "Type one of them in full."
            )
    aliases = {_key(n): n for n in _all_names()}  # older names, kept working: "GB", "US/Eastern"
    if key in aliases:
        name = aliases[key]
        if name in _UTC_NAMES:
            return "UTC"
        if name in _OFFSET_NAMES or name.startswith("Etc/"):
            raise InvalidInputError(
                f"'{typed}' is a fixed offset from UTC, not the time of a place: it never changes for "
                f"summer time. Type the city whose clocks the room keeps, for example {EXAMPLE}, or UTC."
            )
        return name
    raise InvalidInputError(
        f"'{typed}' is not a time zone this computer knows. Type a region and city, for example "
        f"{EXAMPLE}. Each zone is named after one large city: for Munich type Berlin, for Dallas "
        "type Chicago."
    )


def _same_clock(names: list[str]) -> bool:
    """True when the zones called ``names`` keep the same time (one zone under several names)."""
    zones = [zone_info(n) for n in names]
    if any(z is None for z in zones):
        return False
    moments = [datetime(year, month, 15, 12, tzinfo=UTC) for year in range(1990, 2040, 5) for month in (1, 7)]
    return all(len({m.astimezone(z).utcoffset() for z in zones}) == 1 for m in moments)


@functools.cache
def zone_info(name: str) -> ZoneInfo | None:
    """The zone called ``name``, or None when this computer does not know it (the laptop's
    zone is then used; :func:`zone_problem` says so)."""
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def zone_problem(name: str | None) -> str | None:
    """What is wrong with a stored zone name, in words for the facilitator, or None."""
    if name is None or zone_info(name) is not None:
        return None
    return (
        f"This workshop's time zone '{name}' is not known to this computer, so times are shown in "
        "the laptop's zone. Choose the room's zone on the Setup stage."
    )


class WorkshopTime:
    """Reads UTC times in a workshop's zone (``None``: the laptop's zone)."""

    def __init__(self, name: str | None) -> None:
        self.name = name
        self.zone: tzinfo | None = zone_info(name) if name else None

    def local(self, when: datetime) -> datetime:
        """``when`` (aware) as the room's wall-clock time."""
        return when.astimezone(self.zone)

    def clock_text(self, when: datetime | None, empty: str = "") -> str:
        """ "09:05" in the room's zone; ``empty`` for no time."""
        return empty if when is None else self.local(when).strftime("%H:%M")

    def today(self, now: datetime) -> date:
        """The room's date at ``now``."""
        return self.local(now).date()

    def at(self, day: date, clock: time) -> datetime:
        """The aware moment the room's clocks show ``clock`` on ``day``."""
        if self.zone is None:
            return datetime.combine(day, clock).astimezone()
        return datetime.combine(day, clock, tzinfo=self.zone)

    def short_name(self, now: datetime) -> str:
        """The zone's abbreviation at ``now`` ("GMT", "BST", "CET"), or its offset ("UTC+4")
        where it has none in letters."""
        local = self.local(now)
        abbreviation = local.tzname() or ""
        if not abbreviation or abbreviation.startswith(("+", "-")) or abbreviation == self.name:
            return offset_text(local)
        return abbreviation

    def label(self, now: datetime) -> str:
        """The zone as a reader of the pack needs it at ``now``: "Europe/London (GMT)",
        "Asia/Dubai (UTC+4)"; without a named zone, the laptop's: "CET (UTC+1)"."""
        short = self.short_name(now)
        if self.zone is None:
            offset = offset_text(self.local(now))
            return short if short == offset else f"{short} ({offset})"
        return self.name if short == self.name else f"{self.name} ({short})"

    def differs_from_laptop(self, now: datetime) -> bool:
        """True when the room's clocks and this laptop's show different times at ``now``."""
        return self.zone is not None and now.astimezone(self.zone).utcoffset() != now.astimezone().utcoffset()

    def apart_from_laptop(self, now: datetime) -> str:
        """ "4 h ahead of", "5 h 30 min behind": the room's clocks against this laptop's at ``now``."""
        return hours_apart(self.local(now), now.astimezone())

    def notice(self, now: datetime) -> str | None:
        """What the facilitator should know before planning or running by the clock: the zone
        is unknown here, or the room's clocks are not this laptop's.  None when all agree."""
        if self.name and self.zone is None:
            return zone_problem(self.name)
        if not self.differs_from_laptop(now):
            return None
        return (
            f"Times are {self.label(now)}, {self.apart_from_laptop(now)} this laptop's clock. "
            "If the room is somewhere else, change the time zone on the Setup stage."
        )


def offset_text(when: datetime) -> str:
    """ "UTC+5:30", "UTC-4", "UTC" for an aware datetime's offset."""
    offset = when.utcoffset()
    minutes = 0 if offset is None else int(offset.total_seconds() // 60)
    if minutes == 0:
        return "UTC"
    sign = "+" if minutes > 0 else "-"
    hours, rest = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours}" + (f":{rest:02d}" if rest else "")


def hours_apart(room: datetime, laptop: datetime) -> str:
    """ "5 h ahead of", "1 h 30 min behind": the room's clocks against the laptop's."""
    a, b = room.utcoffset(), laptop.utcoffset()
    minutes = int(((a.total_seconds() if a else 0) - (b.total_seconds() if b else 0)) // 60)
    hours, rest = divmod(abs(minutes), 60)
    amount = " ".join(part for part in (f"{hours} h" if hours else "", f"{rest} min" if rest else "") if part)
    return f"{amount} {'ahead of' if minutes > 0 else 'behind'}"
