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


def _tag_lines(docx: Path, pdf: Path, titles: list[str]) -> list[tuple[str, str]]:
    """Each rock's line under its heading (status and tags), from the Word and the PDF file."""
    lines = docx_text(docx).split("\n")
    pdf_text = squash("\n".join(pdf_pages(pdf)))
    out = []
    for n, title in enumerate(titles, 1):
        heading = f"Rock {n}: {title}"
        in_word = lines[lines.index(heading) + 1]
        start = pdf_text.index(squash(heading)) + len(squash(heading))
        out.append((in_word, pdf_text[start : start + 40]))
    return out


def test_the_over_limit_flag_follows_the_position_as_in_the_app(tmp_path: Path) -> None:
    path = tmp_path / "w.planwall"
    ow = _sample(path)
    ow.rocks.add("Seventh rock", "a b c")
    eighth = ow.rocks.add("Eighth rock (override)", "a b c", override=True)
    ow.rocks.delete(ow.rocks.rocks()[0].id)  # 7 remain: the app shows "7 of 7", none over
    assert ow.rocks.limit_text() == "7 of 7 rocks"
    ow.close()
    docx, pdf = tmp_path / "p.docx", tmp_path / "p.pdf"
    write_pack(load_report(path, FakeClock(AT_THE_WORKSHOP)), docx=docx, pdf=pdf)
    assert "limit of 7" not in docx_text(docx)
    assert squash("limit of 7") not in squash("\n".join(pdf_pages(pdf)))

    ow = OpenWorkshop.open(path, FakeClock(AT_THE_WORKSHOP))
    ow.rocks.add("Another eighth", "a b c", override=True)
    ow.rocks.move(eighth.id, 0)  # Alt+Up to the top: the app marks the rock now at position 8
    titles = [r.title for r in ow.rocks.rocks()]
    assert [ow.rocks.over_limit(n) for n in range(1, 9)] == [False] * 7 + [True]
    ow.close()
    write_pack(load_report(path, FakeClock(AT_THE_WORKSHOP)), docx=docx, pdf=pdf)
    tags = _tag_lines(docx, pdf, titles)
    assert all("limit" not in word and "limit" not in in_pdf for word, in_pdf in tags[:7])
    assert "over the limit of 7" in tags[7][0]
    assert squash("over the limit of 7") in tags[7][1]


def test_an_arabic_metric_reads_baseline_then_target_in_word(tmp_path: Path) -> None:
    """Bidi isolates keep "10 → 20" in order after an Arabic name; the text is kept as typed."""
    from workshop_app.export.text import FSI, LRI, PDI, without_isolates

    path = tmp_path / "w.planwall"
    ow = _sample(path)
    rock = ow.rocks.rocks()[0]
    ow.rocks.set_metric(rock.id, name="مقياس", unit="٪", baseline="10", target="20")
    ow.close()
    report = load_report(path, FakeClock(AT_THE_WORKSHOP))
    docx, pdf = tmp_path / "p.docx", tmp_path / "p.pdf"
    write_pack(report, docx=docx, pdf=pdf)
    word = docx_text(docx)
    line = f"{FSI}مقياس{PDI} ({FSI}٪{PDI}): {LRI}{FSI}10{PDI} → {FSI}20{PDI}{PDI}"
    assert line in word.split("\n")  # the synopsis' line: each part isolated from the others
    assert f"{LRI}{FSI}10{PDI} → {FSI}20{PDI}{PDI}  (unit: {FSI}٪{PDI})" in word  # the Rocks section
    assert without_isolates(line) == "مقياس (٪): 10 → 20"  # exactly as typed, once the marks go
    pdf_text = "\n".join(pdf_pages(pdf))
    assert not any(mark in pdf_text for mark in (FSI, LRI, PDI))  # reportlab draws no bidi
