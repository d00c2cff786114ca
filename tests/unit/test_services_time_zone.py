"""The room's time zone through the services, the JSON document and the command line.

A London workshop read on a laptop in New York shows London's times: the planned 09:00,
the 09:05 it really started, "day ends ~", minutes stamps, and the pack (tests/export)."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from workshop_app.errors import InterchangeError, InvalidInputError
from workshop_app.services.clock import FakeClock
from workshop_app.services.summary import summary_text
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.interchange import dump_workshop, dumps, import_file

ROOT = Path(__file__).resolve().parents[2]
LaptopZone = Callable[[str], None]


def london(tmp_path: Path, clock: FakeClock, name: str = "london.planwall") -> OpenWorkshop:
    return OpenWorkshop.create_from_template(
        "two-day-jbp", tmp_path / name, clock, first_day=date(2026, 3, 10), time_zone="London"
    )


def test_a_new_workshop_takes_the_laptops_zone(
    tmp_path: Path, clock: FakeClock, laptop_zone: LaptopZone
) -> None:
    laptop_zone("Asia/Tokyo")
    ow = OpenWorkshop.create_from_template("quarterly-rocks", tmp_path / "a.planwall", clock)
    assert ow.workshop().time_zone == "Asia/Tokyo"
    ow.close()
    # A sample (or any workshop document) keeps the zone of its room: the Leeds JBP stays London's.
    sample = OpenWorkshop.create_from_template(
        ROOT / "sample_sessions" / "complete-jbp.json", tmp_path / "s.planwall"
    )
    assert sample.workshop().time_zone == "Europe/London"
    sample.close()
    named = london(tmp_path, clock)
    assert named.workshop().time_zone == "Europe/London"  # as typed, made canonical
    named.close()
    with pytest.raises(InvalidInputError, match="'Atlantis' is not a time zone"):
        OpenWorkshop.create_from_template(
            "quarterly-rocks", tmp_path / "b.planwall", clock, time_zone="Atlantis"
        )
    assert not (tmp_path / "b.planwall").exists()


def test_the_agenda_runs_on_the_rooms_clock_wherever_the_laptop_is(
    tmp_path: Path, clock: FakeClock, laptop_zone: LaptopZone
) -> None:
    laptop_zone("America/New_York")  # the facilitator flew in from New York
    ow = london(tmp_path, clock)
    day = ow.agenda.days()[0]
    # 09:00 in London on 10 March is 09:00 UTC (GMT); New York's 09:00 would be 13:00 UTC.
    assert ow.agenda.day_start(day) == datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    clock.set(datetime(2026, 3, 10, 9, 5, tzinfo=UTC))
    ow.agenda.start()
    status = ow.agenda.status()
    room = ow.workshop_time()
    assert room.clock_text(ow.agenda.running_item().started_at) == "09:05"  # type: ignore[union-attr]
    planned = sum(i.planned_minutes for i in day.items)
    assert room.clock_text(status.planned_end) == "15:50" and planned == 410  # 09:00 + 410 min, London time
    # Undated days take the room's date: 01:30 UTC on 11 March is still 10 March in New York.
    ny = OpenWorkshop.create_from_template(
        "quarterly-rocks",
        tmp_path / "ny.planwall",
        FakeClock(datetime(2026, 3, 11, 1, 30, tzinfo=UTC)),
        time_zone="America/New_York",
    )
    undated = ny.agenda.days()[0]
    assert undated.date is None
    assert ny.agenda.day_start(undated).astimezone(ny.workshop_time().zone).date() == date(2026, 3, 10)
    ny.close()
    ow.close()


def test_changing_the_zone_is_one_undoable_change(tmp_path: Path, clock: FakeClock) -> None:
    ow = london(tmp_path, clock)
    before = ow.agenda.day_start(ow.agenda.days()[0])
    assert ow.setup.set_time_zone("new york") == "America/New_York"
    assert ow.workshop().time_zone == "America/New_York"
    assert ow.agenda.day_start(ow.agenda.days()[0]) == datetime(2026, 3, 10, 13, 0, tzinfo=UTC)  # 09:00 EDT
    assert ow.undo_text == "Undo change time zone"
    ow.undo()
    assert ow.workshop().time_zone == "Europe/London"
    assert ow.agenda.day_start(ow.agenda.days()[0]) == before
    with pytest.raises(InvalidInputError, match="Type the time zone of the room"):
        ow.setup.set_time_zone("   ")
    assert ow.workshop().time_zone == "Europe/London"
    ow.setup.set_time_zone("Europe/London")  # the same zone: no change to undo
    assert ow.redo_text == "Redo change time zone"
    ow.close()


def test_the_summary_says_which_zone_times_are_in(tmp_path: Path, clock: FakeClock) -> None:
    ow = london(tmp_path, clock)
    assert "2026-03-10, 2026-03-11; times in Europe/London (GMT)" in summary_text(ow)
    ow.setup.set_day_date(2, date(2026, 6, 11))  # (day 2 first: days keep their order)
    ow.setup.set_day_date(1, date(2026, 6, 10))  # the zone as it will be on the day: summer time
    assert ow.zone_label() == "Europe/London (BST)"
    ow.close()


# --- the JSON document --------------------------------------------------------------------


def _import(tmp_path: Path, doc: dict, name: str = "in") -> OpenWorkshop:  # type: ignore[type-arg]
    src = tmp_path / f"{name}.json"
    src.write_text(dumps(doc), encoding="utf-8")
    import_file(src, tmp_path / f"{name}.planwall")
    return OpenWorkshop.open(tmp_path / f"{name}.planwall")


def test_the_zone_goes_through_json_and_may_be_left_out(tmp_path: Path, clock: FakeClock) -> None:
    ow = london(tmp_path, clock)
    doc = dump_workshop(ow.store)
    ow.close()
    assert doc["workshop"]["time_zone"] == "Europe/London"
    again = _import(tmp_path, doc, "again")
    assert again.workshop().time_zone == "Europe/London"
    again.close()
    del doc["workshop"]["time_zone"]  # a document written before the zone was stored
    older = _import(tmp_path, doc, "older")
    assert older.workshop().time_zone is None and older.workshop_time().notice(clock.now()) is None
    older.close()
    doc["workshop"]["time_zone"] = "new york"  # typed by hand
    typed = _import(tmp_path, doc, "typed")
    assert typed.workshop().time_zone == "America/New_York"
    typed.close()


def test_a_zone_from_a_computer_with_newer_zone_data_is_kept(tmp_path: Path, clock: FakeClock) -> None:
    ow = london(tmp_path, clock)
    doc = dump_workshop(ow.store)
    ow.close()
    doc["workshop"]["time_zone"] = "America/Ciudad_Nueva"
    kept = _import(tmp_path, doc)
    assert kept.workshop().time_zone == "America/Ciudad_Nueva"  # nothing lost on the way through
    assert "'America/Ciudad_Nueva' is not known to this computer" in (
        kept.workshop_time().notice(clock.now()) or ""
    )
    assert json.loads(dumps(dump_workshop(kept.store)))["workshop"]["time_zone"] == "America/Ciudad_Nueva"
    kept.close()


def test_a_zone_this_computer_does_not_know_is_named_by_import_summary_and_export(
    tmp_path: Path, clock: FakeClock
) -> None:
    ow = london(tmp_path, clock)
    doc = dump_workshop(ow.store)
    ow.close()
    doc["workshop"]["time_zone"] = "Europe/Londn"  # a typo in a hand-edited document
    src = tmp_path / "typo.json"
    src.write_text(dumps(doc), encoding="utf-8")
    warning = (
        "workshop-app: warning: This workshop's time zone 'Europe/Londn' is not known to this computer, "
        "so times are shown in the laptop's zone. Choose the room's zone on the Setup stage."
    )
    imported = run("import", str(src), "-o", str(tmp_path / "typo.planwall"))
    assert imported.returncode == 0 and warning in imported.stderr
    assert (
        warning.removeprefix("workshop-app: warning: ")
        in run("summary", str(tmp_path / "typo.planwall")).stdout
    )
    exported = run("export", str(tmp_path / "typo.planwall"), "--pdf", str(tmp_path / "typo.pdf"))
    assert exported.returncode == 0 and warning in exported.stderr
    from workshop_app.export.report import build_report

    opened = OpenWorkshop.open(tmp_path / "typo.planwall", clock)
    assert build_report(opened).agenda_note.endswith(
        "Times are UTC, because the workshop's time zone 'Europe/Londn' is not known to the computer "
        "that made this pack."
    )
    opened.close()


def test_a_name_stored_exactly_is_kept_exactly(tmp_path: Path, clock: FakeClock) -> None:
    ow = london(tmp_path, clock)
    doc = dump_workshop(ow.store)
    ow.close()
    doc["workshop"]["time_zone"] = "US/Eastern"  # an older name, as another Planwall may have stored it
    kept = _import(tmp_path, doc)
    assert kept.workshop().time_zone == "US/Eastern"
    kept.close()


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("nine o'clock", "not a time zone"),
        (5, "expected text"),
        ("  ", "is empty; give the room's zone, like \"Europe/London\", or null for the laptop's."),
    ],
)
def test_a_zone_that_is_no_zone_is_refused_with_its_place(
    tmp_path: Path, clock: FakeClock, value: object, says: str
) -> None:
    ow = london(tmp_path, clock)
    doc = dump_workshop(ow.store)
    ow.close()
    doc["workshop"]["time_zone"] = value
    with pytest.raises(InterchangeError) as caught:
        _import(tmp_path, doc)
    assert "field 'workshop.time_zone'" in str(caught.value) and says in str(caught.value)
    if isinstance(value, str) and value.strip():
        assert "Or leave time_zone out to use the laptop's zone." in str(caught.value)


# --- the command line -----------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workshop_app", *args], capture_output=True, text=True, cwd=ROOT, timeout=120
    )


def test_new_takes_a_zone_on_the_command_line(tmp_path: Path) -> None:
    made = run("new", str(tmp_path / "a.planwall"), "--date", "2026-06-10", "--time-zone", "singapore")
    assert made.returncode == 0, made.stderr
    assert "times in Asia/Singapore (UTC+8)." in made.stdout
    assert "times in Asia/Singapore" in run("summary", str(tmp_path / "a.planwall")).stdout
    empty = run("new", str(tmp_path / "b.planwall"), "--time-zone", "")
    assert empty.returncode == 2 and empty.stderr.strip() == (
        "workshop-app: --time-zone is empty. Give the room's zone, like Europe/London, or leave --time-zone "
        "out to use this computer's zone."
    )
    refused = run("new", str(tmp_path / "b.planwall"), "--time-zone", "Portland")
    assert refused.returncode == 2
    assert "'Portland' is not a time zone this computer knows" in refused.stderr
    assert "Traceback" not in refused.stderr and not (tmp_path / "b.planwall").exists()
