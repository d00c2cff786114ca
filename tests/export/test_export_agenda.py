"""The agenda section of the pack: planned against actual, read back from both formats."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from conftest import docx_text, pdf_pages, squash

from workshop_app.export.pack import write_pack
from workshop_app.export.report import build_report
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop

MONTHS_LATER = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _export(ow: OpenWorkshop, folder: Path) -> tuple[str, str]:
    """The Word and PDF text of ``ow``'s pack."""
    docx, pdf = folder / "pack.docx", folder / "pack.pdf"
    write_pack(build_report(ow), docx=docx, pdf=pdf)
    return docx_text(docx), "\n".join(pdf_pages(pdf))


@pytest.fixture
def left_running(ow: OpenWorkshop, clock: FakeClock) -> tuple[OpenWorkshop, datetime]:
    """Day 1: the first item run for 32 minutes, the second started and never ended; exported months later."""
    first, second = ow.agenda.days()[0].items[:2]
    ow.agenda.start(first.id)
    clock.advance(minutes=32)
    ow.agenda.start(second.id)
    started = clock.now()
    clock.advance(minutes=7)
    clock.set(MONTHS_LATER)
    return ow, started


def test_an_item_running_at_export_shows_when_it_started_not_minutes_up_to_the_export(
    left_running: tuple[OpenWorkshop, datetime], tmp_path: Path
) -> None:
    ow, started = left_running
    day = build_report(ow).agenda[0]
    done, running = day.rows[:2]
    assert done.actual == 32 and running.actual is None and running.overrun == 0
    assert day.actual_total == 32
    first_planned = ow.agenda.days()[0].items[0].planned_minutes
    assert day.overrun_total == max(32 - first_planned, 0)
    hhmm = started.astimezone().strftime("%H:%M")
    for text in _export(ow, tmp_path):
        flat = squash(text)
        assert squash(f"running at export (started {hhmm}); not counted") in flat
        assert squash("1 item still running at export, not in the totals") in flat
        # Nothing counted up to November: no figure of thousands of minutes anywhere.
        assert not any(len(n) >= 4 for n in _minute_figures(text)), _minute_figures(text)


def _minute_figures(text: str) -> list[str]:
    import re

    return re.findall(r"(\d+)\s*min\b", text)


def test_a_paused_item_at_export_says_paused(ow: OpenWorkshop, clock: FakeClock) -> None:
    ow.agenda.start(ow.agenda.days()[0].items[0].id)
    clock.advance(minutes=5)
    ow.agenda.pause()
    clock.advance(timedelta(days=30).total_seconds())
    row = build_report(ow).agenda[0].rows[0]
    assert row.status == "Paused" and row.actual is None
    assert row.unfinished_note().startswith("paused at export (started ")


def test_a_negative_extension_reads_shortened(ow: OpenWorkshop, clock: FakeClock, tmp_path: Path) -> None:
    first, second = ow.agenda.days()[0].items[:2]
    ow.agenda.start(first.id)
    ow.agenda.extend(-10)
    clock.advance(minutes=15)
    ow.agenda.start(second.id)
    ow.agenda.extend(5)
    clock.advance(minutes=20)
    ow.agenda.end_current()
    for text in _export(ow, tmp_path):
        flat = squash(text)
        assert squash("shortened by 10 min") in flat and squash("extended by 5 min") in flat
        assert "-10" not in text


def london_workshop(tmp_path: Path, clock: FakeClock, first_day: date) -> OpenWorkshop:
    """A two-day JBP in a London room, dated from ``first_day``."""
    return OpenWorkshop.create_from_template(
        "two-day-jbp", tmp_path / "london.planwall", clock, first_day=first_day, time_zone="Europe/London"
    )


def test_a_pack_exported_on_a_laptop_in_another_zone_shows_the_rooms_times(
    tmp_path: Path, clock: FakeClock, laptop_zone: Callable[[str], None]
) -> None:
    """A London workshop run 09:05-09:37, its pack exported back home in New York: London's times."""
    ow = london_workshop(tmp_path, clock, date(2026, 3, 10))
    clock.set(datetime(2026, 3, 10, 9, 5, tzinfo=UTC))
    first, second = ow.agenda.days()[0].items[:2]
    ow.agenda.start(first.id)
    clock.advance(minutes=32)
    ow.agenda.start(second.id)
    ow.minutes.add("Agreed the scope", "decision")
    laptop_zone("America/New_York")
    clock.set(datetime(2026, 3, 12, 21, 0, tzinfo=UTC))  # 17:00 in New York, 21:00 in London
    report = build_report(ow)
    day = report.agenda[0]
    assert (day.rows[0].planned_start, day.rows[0].actual_start) == ("09:00", "09:05")
    assert day.rows[1].actual_start == "09:37"
    assert report.minutes[0].lines[0].time.endswith("09:37")
    assert report.time_zone == "Europe/London (GMT)"
    assert report.generated == "Generated on 12 March 2026 at 21:00 with Planwall"
    for text in _export(ow, tmp_path):
        flat = squash(text)
        assert squash("Times are Europe/London (GMT).") in flat
        assert "05:05" not in text and "04:00" not in text  # New York's reading of those times
    ow.close()


def test_a_workshop_across_the_change_to_summer_time_names_both(tmp_path: Path, clock: FakeClock) -> None:
    """Day 1 on Friday 27 March 2026 (GMT), day 2 on Monday 30 March (BST, from the 29th)."""
    ow = london_workshop(tmp_path, clock, date(2026, 3, 27))
    ow.setup.set_day_date(2, date(2026, 3, 30))
    report = build_report(ow)
    assert report.time_zone == "Europe/London (GMT, then BST)"
    assert report.agenda[1].rows[0].planned_start == "09:00"  # 08:00 UTC in summer time
    ow.setup.set_day_date(2, date(2026, 3, 28))
    assert build_report(ow).time_zone == "Europe/London (GMT)"
    ow.close()


def test_items_passed_over_read_skipped_in_both_formats(
    ow: OpenWorkshop, clock: FakeClock, tmp_path: Path
) -> None:
    """Item 2 passed over (item 3 started), the day ended with its last items unrun: the pack
    showed them as still to run ("—"), like the items of a day not yet begun."""
    items = ow.agenda.days()[0].items
    clock.set(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
    ow.agenda.start(items[0].id)
    clock.advance(minutes=30)
    ow.agenda.start(items[2].id)
    clock.advance(minutes=20)
    ow.agenda.end_current()
    clock.set(datetime(2026, 3, 12, 10, 0, tzinfo=UTC))  # exported after the workshop
    day1, day2 = build_report(ow).agenda
    assert [r.status for r in day1.rows[:4]] == ["Done", "Skipped", "Done", "Skipped"]
    assert {r.status for r in day2.rows} == {"Not run"}  # a day never begun: not run, not skipped
    assert [r.started_text() for r in day1.rows[:3]] == ["09:00", "skipped", "09:30"]
    for text in _export(ow, tmp_path):
        flat = squash(text)
        assert flat.count(squash("skipped")) >= len(day1.rows) - 2
