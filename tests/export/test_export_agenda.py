"""The agenda section of the pack: planned against actual, read back from both formats."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
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
