"""The executive synopsis fits one page, in the synopsis-only PDF and in the pack."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from conftest import docx_text, pdf_pages, squash

from workshop_app.export import content as c
from workshop_app.export.pack import load_report, write_pack
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop

SAMPLE = Path(__file__).parents[2] / "sample_sessions" / "complete-jbp.json"
NOW = datetime(2026, 3, 11, 16, 30, tzinfo=UTC)
DECISIONS = 22
LONG_TITLE = "Joint range review for Local convenience stores including chilled breakfast, juice and yoghurt"


@pytest.fixture(scope="module")
def worst_case(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The worst realistic synopsis: 7 rocks (the limit) with long titles and metrics, many long
    open actions and decisions, on top of the complete sample's vision, objectives and frame."""
    path = tmp_path_factory.mktemp("synopsis") / "w.planwall"
    ow = OpenWorkshop.create_from_template(SAMPLE, path, FakeClock(NOW))
    ow.rocks.add(LONG_TITLE, "a b c d")
    for n, rock in enumerate(ow.rocks.rocks(), 1):
        ow.rocks.set_text(rock.id, "title", f"{n}. {LONG_TITLE}")
        ow.rocks.set_metric(
            rock.id,
            name="Weighted promotional return on investment across all joint events",
            unit="£ per £1",
            baseline="0.8",
            target="1.3",
            due_date=date(2026, 12, 31),
        )
    for n in range(12):
        ow.actions.add(
            f"Action {n}: build the joint promotional calendar for the next quarter and share it with "
            "both category teams before the monthly review",
            due_date=date(2026, 4, 1 + n),
        )
    for n in range(DECISIONS):
        ow.minutes.add(
            f"Decision {n}: we agree that the joint team will review the promotional calendar every "
            "month and escalate any below-break-even event",
            "decision",
        )
    ow.close()
    return path


def test_the_synopsis_alone_is_one_page_and_says_what_is_left_to_the_pack(
    worst_case: Path, tmp_path: Path
) -> None:
    from pypdf import PdfReader

    report = load_report(worst_case, FakeClock(NOW))
    assert len(report.synopsis.rocks) == 7
    docx, pdf = tmp_path / "s.docx", tmp_path / "s.pdf"
    write_pack(report, docx=docx, pdf=pdf, synopsis_only=True)
    assert len(PdfReader(str(pdf)).pages) == 1
    total = report.synopsis.decision_count
    assert total > DECISIONS  # and the sample's own
    more = total - c.SYNOPSIS_DECISIONS
    for text in (pdf_pages(pdf)[0], docx_text(docx)):
        assert squash(f"Decisions ({total})") in squash(text)
        assert squash(f"… and {more} more decision(s) in the minutes") in squash(text)
        assert squash("still to do (open or in progress) in the action register") in squash(text)
        assert squash(report.synopsis.decisions[-1]) in squash(text)
        assert squash(f"Decision {DECISIONS - 1}: we agree") not in squash(text)
        assert squash(f"7. {LONG_TITLE}") in squash(text)


def test_the_synopsis_in_the_pack_is_one_page(worst_case: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "p.pdf"
    write_pack(load_report(worst_case, FakeClock(NOW)), pdf=pdf)
    pages = pdf_pages(pdf)
    first = next(i for i, p in enumerate(pages) if squash(c.SYNOPSIS + "Sharedvision") in squash(p))
    assert squash(c.AGENDA) in squash(pages[first + 1])  # the next page starts the agenda


def test_rocks_beyond_the_limit_are_left_to_the_rocks_section(worst_case: Path, tmp_path: Path) -> None:
    path = tmp_path / "w.planwall"
    path.write_bytes(worst_case.read_bytes())
    ow = OpenWorkshop.open(path, FakeClock(NOW))
    ow.rocks.add("Eighth rock", "a b c", override=True)
    ow.close()
    report = load_report(path, FakeClock(NOW))
    assert len(report.synopsis.rocks) == 7 and report.synopsis.more_rocks == 1
    pdf = tmp_path / "s.pdf"
    write_pack(report, pdf=pdf, synopsis_only=True)
    text = squash(pdf_pages(pdf)[0])
    assert squash("Rocks (8)") in text and squash("… and 1 more rock(s) in the Rocks section") in text
    assert len(pdf_pages(pdf)) == 1
