"""The room's time zone: names as a facilitator types them, and times read in the room's zone."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, time

import pytest

from workshop_app.errors import InvalidInputError
from workshop_app.rules.time_zone import (
    WorkshopTime,
    check_zone_name,
    hours_apart,
    offset_text,
    zone_names,
    zone_problem,
)
from workshop_app.services.clock import laptop_zone_name

SUMMER = datetime(2026, 6, 10, 8, 0, tzinfo=UTC)
WINTER = datetime(2026, 1, 10, 8, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("Europe/London", "Europe/London"),
        ("europe/london", "Europe/London"),
        ("  London ", "Europe/London"),
        ("new york", "America/New_York"),
        ("America/New York", "America/New_York"),
        ("Singapore", "Asia/Singapore"),  # the city, not the old top-level alias "Singapore"
        ("utc", "UTC"),
        ("US/Eastern", "US/Eastern"),  # older names still work when typed
        ("Kiev", "Europe/Kiev"),  # a city under its older name
        ("Buenos Aires", "America/Argentina/Buenos_Aires"),
        ("Zulu", "UTC"),  # other names of UTC
        ("etc/utc", "UTC"),
        ("Japan", "Japan"),  # a place, with no summer time: fine
    ],
)
def test_zone_names_are_read_as_a_facilitator_types_them(typed: str, stored: str) -> None:
    assert check_zone_name(typed) == stored


@pytest.mark.parametrize("typed", ["EST", "GMT", "gmt0", "Greenwich", "Etc/GMT+5", "HST"])
def test_an_offset_named_like_a_zone_is_refused(typed: str) -> None:
    """'EST' is UTC-5 all year while New York keeps EDT in summer: an hour out half the year."""
    with pytest.raises(InvalidInputError) as caught:
        check_zone_name(typed)
    assert str(caught.value) == (
        f"'{typed}' is a fixed offset from UTC, not the time of a place: it never changes for summer time. "
        "Type the city whose clocks the room keeps, for example Europe/London, America/New_York or "
        "Asia/Singapore, or UTC."
    )


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Type the time zone of the room, for example Europe/London"),
        ("Portland", "'Portland' is not a time zone this computer knows. Type a region and city"),
        ("Mars/Base", "for Munich type Berlin"),
    ],
)
def test_an_unknown_zone_says_what_to_type(typed: str, says: str) -> None:
    with pytest.raises(InvalidInputError, match=says):
        check_zone_name(typed)


def test_a_city_named_twice_for_one_zone_is_that_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    from workshop_app.rules import time_zone

    monkeypatch.setattr(time_zone, "zone_names", lambda: ("Asia/Istanbul", "Europe/Istanbul", "UTC"))
    assert check_zone_name("istanbul") == "Asia/Istanbul"  # the same clock under two names: either is right


def test_a_city_with_several_different_zones_names_them(monkeypatch: pytest.MonkeyPatch) -> None:
    from workshop_app.rules import time_zone

    monkeypatch.setattr(time_zone, "zone_names", lambda: ("America/Halifax", "Europe/Halifax", "UTC"))
    with pytest.raises(InvalidInputError) as caught:
        check_zone_name("Halifax")
    assert str(caught.value) == (
        "'Halifax' is the name of 2 time zones: America/Halifax, Europe/Halifax. Type one of them in full."
    )


def test_the_list_offered_is_region_and_city_names() -> None:
    names = zone_names()
    assert "Europe/London" in names and "UTC" in names and "Europe/Amsterdam" in names
    assert not any(n.startswith(("Etc/", "US/", "posix/")) for n in names)
    assert "Asia/Kolkata" in names and "Asia/Calcutta" not in names  # the current name of each place
    assert "Europe/Kyiv" in names and "Europe/Kiev" not in names
    assert list(names[:-1]) == sorted(names[:-1])


def test_times_are_read_in_the_rooms_zone_whatever_the_laptop() -> None:
    london, new_york = WorkshopTime("Europe/London"), WorkshopTime("America/New_York")
    started = datetime(2026, 3, 10, 9, 5, tzinfo=UTC)
    assert london.clock_text(started) == "09:05"
    assert new_york.clock_text(started) == "05:05"
    assert london.clock_text(None) == "" and london.clock_text(None, "--:--") == "--:--"
    # 09:00 on a summer day in London is 08:00 UTC; on a winter day 09:00 UTC.
    assert london.at(date(2026, 6, 10), time(9, 0)).astimezone(UTC) == SUMMER
    assert london.at(date(2026, 1, 10), time(9, 0)).astimezone(UTC) == WINTER.replace(hour=9)
    assert new_york.today(datetime(2026, 3, 11, 3, 0, tzinfo=UTC)) == date(2026, 3, 10)


def test_labels_name_the_zone_as_it_was_on_the_day() -> None:
    assert WorkshopTime("Europe/London").label(SUMMER) == "Europe/London (BST)"
    assert WorkshopTime("Europe/London").label(WINTER) == "Europe/London (GMT)"
    assert WorkshopTime("Asia/Dubai").label(SUMMER) == "Asia/Dubai (UTC+4)"  # no letters: the offset
    assert WorkshopTime("UTC").label(SUMMER) == "UTC"
    assert WorkshopTime(None).label(SUMMER) == "UTC"  # the laptop's (the tests run in UTC)
    assert offset_text(datetime(2026, 1, 1, tzinfo=UTC).astimezone(WorkshopTime("Asia/Kolkata").zone)) == (
        "UTC+5:30"
    )
    assert hours_apart(
        SUMMER.astimezone(WorkshopTime("Asia/Kolkata").zone), SUMMER.astimezone(WorkshopTime("UTC").zone)
    ) == ("5 h 30 min ahead of")


def test_the_notice_speaks_only_when_the_laptop_keeps_other_time(laptop_zone: Callable[[str], None]) -> None:
    london = WorkshopTime("Europe/London")
    laptop_zone("Europe/London")
    assert london.notice(SUMMER) is None
    laptop_zone("America/New_York")
    assert london.notice(SUMMER) == (
        "Times are Europe/London (BST), 5 h ahead of this laptop's clock. "
        "If the room is somewhere else, change the time zone on the Setup stage."
    )
    assert WorkshopTime(None).notice(SUMMER) is None  # older files follow the laptop, as before
    laptop_zone("Europe/Lisbon")  # another name, the same clock: nothing to say
    assert london.notice(SUMMER) is None


def test_a_zone_this_computer_does_not_know_falls_back_to_the_laptop_and_says_so() -> None:
    unknown = WorkshopTime("Mars/Olympus_Mons")
    assert unknown.zone is None
    assert unknown.clock_text(SUMMER) == "08:00"  # the laptop's (UTC in the tests)
    assert unknown.notice(SUMMER) == zone_problem("Mars/Olympus_Mons")
    assert "not known to this computer" in (unknown.notice(SUMMER) or "")
    assert zone_problem("Europe/London") is None and zone_problem(None) is None


def test_the_laptops_zone_is_read_from_the_system(
    laptop_zone: Callable[[str], None], monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop_zone("Asia/Tokyo")
    assert laptop_zone_name() == "Asia/Tokyo"
    import tzlocal

    def broken() -> str:
        raise LookupError("conflicting time zone settings")

    monkeypatch.setattr(tzlocal, "get_localzone_name", broken)
    assert laptop_zone_name() is None  # a new workshop then follows the laptop


def test_the_names_come_from_tzdata_and_match_what_zoneinfo_knows(monkeypatch: pytest.MonkeyPatch) -> None:
    from zoneinfo import available_timezones

    from workshop_app.rules import time_zone

    quick = time_zone._all_names()
    assert "Europe/London" in quick and len(quick) > 500
    assert quick <= frozenset(available_timezones())  # zoneinfo reads tzdata's files too
    time_zone._all_names.cache_clear()
    monkeypatch.setitem(sys.modules, "tzdata", None)  # no tzdata package: zoneinfo's own list
    try:
        assert time_zone._all_names() >= quick
    finally:
        time_zone._all_names.cache_clear()
