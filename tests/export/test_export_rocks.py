"""The rocks in the pack say what the workshop agreed, and what the app shows."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import docx_text, pdf_pages, squash

from workshop_app.export.pack import load_report, write_pack
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop

SAMPLE = Path(__file__).parents[2] / "sample_sessions" / "complete-jbp.json"
#: The sample's workshop ran on 10-11 March 2026.
AT_THE_WORKSHOP = datetime(2026, 3, 11, 16, 30, tzinfo=UTC)
MONTHS_LATER = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
PAST = "is in the past"


def _sample(path: Path) -> OpenWorkshop:
    return OpenWorkshop.create_from_template(SAMPLE, path, FakeClock(AT_THE_WORKSHOP))


def test_a_due_date_is_judged_against_the_workshop_not_the_export_day(tmp_path: Path) -> None:
    path = tmp_path / "w.planwall"
    ow = _sample(path)
    agreed, late = ow.rocks.rocks()[4], ow.rocks.rocks()[5]
    ow.rocks.update(agreed.id, due_date=date(2026, 9, 30))  # after the workshop, before the export
    ow.rocks.update(late.id, due_date=date(2026, 3, 1))  # already past when it was agreed
    assert PAST not in " ".join(ow.rocks.smart(agreed.id).warnings)
    ow.close()

    report = load_report(path, FakeClock(MONTHS_LATER))
    assert not [w for w in report.rocks[4].warnings if PAST in w]
    assert [w for w in report.rocks[5].warnings if PAST in w]  # the check itself still works
    docx, pdf = tmp_path / "p.docx", tmp_path / "p.pdf"
    write_pack(report, docx=docx, pdf=pdf)
    for text in (docx_text(docx), "\n".join(pdf_pages(pdf))):
        assert "2026-09-30" not in text
        assert squash("The due date (2026-03-01) is in the past") in squash(text)


def test_the_live_check_still_judges_against_today(tmp_path: Path) -> None:
    ow = OpenWorkshop.create_from_template(SAMPLE, tmp_path / "w.planwall", FakeClock(MONTHS_LATER))
    rock = ow.rocks.rocks()[4]
    ow.rocks.update(rock.id, due_date=date(2026, 9, 30))
    assert [w for w in ow.rocks.smart(rock.id).warnings if PAST in w]
    ow.close()


@pytest.mark.parametrize(
    ("exported", "flagged"),
    [(datetime(2026, 3, 10, 12, 0, tzinfo=UTC), False), (MONTHS_LATER, True)],
)
def test_a_pack_made_before_the_last_day_judges_against_that_day(
    tmp_path: Path, exported: datetime, flagged: bool
) -> None:
    """A rock due on day 1 is not past on day 1; in the pack made after day 2, it is."""
    path = tmp_path / "w.planwall"
    ow = _sample(path)
    ow.rocks.update(ow.rocks.rocks()[0].id, due_date=date(2026, 3, 10))
    ow.close()
    report = load_report(path, FakeClock(exported))
    assert bool([w for w in report.rocks[0].warnings if PAST in w]) is flagged
