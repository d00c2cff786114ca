"""Shared fixtures: a fake clock, a fresh workshop file per test, the sample sessions."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_sessions"


@pytest.fixture(autouse=True)
def _user_data_dir(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep logs, backups and settings of every test out of the real user folders."""
    path = tmp_path_factory.mktemp("userdata")
    monkeypatch.setenv("PLANWALL_DATA_DIR", str(path))
    return path


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 10, 8, 30, tzinfo=UTC))


@pytest.fixture
def workshop_path(tmp_path: Path) -> Path:
    return tmp_path / "workshop.planwall"


@pytest.fixture
def ow(workshop_path: Path, clock: FakeClock) -> Iterator[OpenWorkshop]:
    """A fresh two-day JBP workshop from the template, dated 2026-03-10."""
    from datetime import date

    opened = OpenWorkshop.create_from_template(
        "two-day-jbp", workshop_path, clock, title="Test JBP", first_day=date(2026, 3, 10)
    )
    yield opened
    opened.close()


@pytest.fixture
def rocks_ow(tmp_path: Path, clock: FakeClock) -> Iterator[OpenWorkshop]:
    """A fresh quarterly Rocks workshop (one day, one topic)."""
    opened = OpenWorkshop.create_from_template("quarterly-rocks", tmp_path / "rocks.planwall", clock)
    yield opened
    opened.close()


def sample_path(name: str) -> Path:
    return SAMPLES / f"{name}.json"


os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Day start times are local wall-clock times: pin the zone so timing tests mean the same everywhere.
os.environ["TZ"] = "UTC"
if hasattr(time, "tzset"):
    time.tzset()


@pytest.fixture
def laptop_zone() -> Iterator[Callable[[str], None]]:
    """``laptop_zone("America/New_York")`` moves this process's clock zone (TZ), as a laptop
    flown to another country does; put back to UTC afterwards."""
    before = os.environ.get("TZ")

    def move(name: str) -> None:
        os.environ["TZ"] = name
        time.tzset()

    yield move
    if before is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = before
    time.tzset()


@pytest.fixture
def run_day_one(clock: FakeClock) -> Callable[[OpenWorkshop], None]:
    """``run_day_one(ow)``: the template's Day 1 run exactly to plan from 09:00 on 10 March 2026,
    up to its last item, 'Day 1 wrap-up', running from 15:30."""

    def run(ow: OpenWorkshop) -> None:
        clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
        ow.agenda.start()
        for _ in ow.agenda.days()[0].items[1:]:
            clock.advance(minutes=ow.agenda.running_item().planned_minutes)  # type: ignore[union-attr]
            ow.agenda.advance()

    return run
