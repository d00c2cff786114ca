"""Export a realistic and a hostile workshop to Word and PDF and read both files back."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
from conftest import EXPORT_NOW, docx_text, pdf_pages, squash

from workshop_app.export import content as c
from workshop_app.export.content import Report
from workshop_app.export.pack import export_pack, write_pack
from workshop_app.export.report import build_report
from workshop_app.export.text import without_isolates
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop


def _expected_texts(path: Path) -> dict[str, list[str]]:
    """What the room produced, read straight from the services (not from the Report)."""
    ow = OpenWorkshop.open(path, read_only=True)
    try:
        ideas = [i.text for t in ow.board.topics() for i in ow.board.ideas(t.id)]
        rocks = [r.title for r in ow.rocks.rocks()]
        metrics = [
            x for r in ow.rocks.rocks() for x in (r.metric_name, r.metric_baseline, r.metric_target) if x
        ]
        actions = [a.text for a in ow.actions.actions()]
        decisions = [m.text for m in ow.minutes.entries("decision")]
        people = [p.name for p in ow.setup.participants()]
        risks = [k.risk for r in ow.rocks.rocks() for k in r.risks]
    finally:
        ow.close()
    return {
        "ideas": ideas,
        "rocks": rocks,
        "metrics": metrics,
        "actions": actions,
        "decisions": decisions,
        "people": people,
        "risks": risks,
    }


def _missing(haystack: str, needles: list[str]) -> list[str]:
    squashed = squash(haystack)
    return [n for n in needles if squash(n) not in squashed]


@pytest.fixture(scope="module")
def realistic_pack(realistic_report: Report, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("pack")
    docx, pdf = folder / "pack.docx", folder / "pack.pdf"
    write_pack(realistic_report, docx=docx, pdf=pdf)
    return docx, pdf


def test_both_formats_hold_everything_the_room_produced(
    realistic_path: Path, realistic_pack: tuple[Path, Path]
) -> None:
    docx, pdf = realistic_pack
    expected = _expected_texts(realistic_path)
    assert (
        len(expected["ideas"]) == 300 and len(expected["decisions"]) == 4 and len(expected["actions"]) == 24
    )
    word = docx_text(docx)
    pages = "\n".join(pdf_pages(pdf))
    for kind, needles in expected.items():
        assert _missing(word, needles) == [], f"Word pack lacks {kind}"
        assert _missing(pages, needles) == [], f"PDF pack lacks {kind}"
    for title in c.SECTIONS:
        assert title in word and squash(title) in squash(pages)


def test_every_idea_keeps_its_author_and_anonymous_stays_anonymous(realistic_report: Report) -> None:
    ideas = [i for t in realistic_report.topics for cl in t.clusters for i in cl.ideas]
    ideas += [i for t in realistic_report.topics for i in t.loose]
    assert len(ideas) == 300
    anonymous = [i for i in ideas if i.author == c.ANONYMOUS]
    assert 0 < len(anonymous) < 300
    assert {i.author for i in ideas} - {c.ANONYMOUS} <= {
        p.name for co in realistic_report.cover.companies for p in co.people
    }


def test_word_uses_real_styles_page_fields_and_a_contents_field(realistic_pack: tuple[Path, Path]) -> None:
    import docx as python_docx

    path = realistic_pack[0]
    document = python_docx.Document(str(path))
    used = {p.style.name for p in document.paragraphs}
    assert {"Title", "Subtitle", "Heading 1", "Heading 2", "Heading 3", "List Bullet"} <= used
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == list(c.SECTIONS)
    assert document.styles["Heading 1"].paragraph_format.page_break_before
    assert {t.style.name for t in document.tables} == {"Pack Table"}
    with zipfile.ZipFile(path) as z:
        body = z.read("word/document.xml").decode()
        footers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/footer"))
        headers = "".join(z.read(n).decode() for n in z.namelist() if n.startswith("word/header"))
    assert 'w:instr=" PAGE "' in footers and 'w:instr=" NUMPAGES "' in footers
    assert "TOC \\o" in body and 'w:fldCharType="begin" w:dirty="true"' in body
    assert "<w:tblHeader/>" in body
    assert "Joint Business Plan 2026/27" in headers
    assert document.sections[0].different_first_page_header_footer
    assert round(document.sections[0].page_width.mm) == 210


def test_pdf_has_bookmarks_running_header_page_numbers_and_charts(realistic_pack: tuple[Path, Path]) -> None:
    from pypdf import PdfReader

    reader = PdfReader(str(realistic_pack[1]))
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top == list(c.SECTIONS)
    nested = [o for o in reader.outline if isinstance(o, list)]
    assert any("Rock 1: Grow protein range" in [x.title for x in group] for group in nested)
    pages = [p.extract_text() for p in reader.pages]
    total = len(pages)
    assert "Page" not in pages[0] and "Joint Business Plan 2026/27" in pages[0]
    for n, text in enumerate(pages[1:], 2):
        assert f"Page {n} of {total}" in text
        head = text.splitlines()[:3]  # the running header, drawn before the page's content
        assert "Joint Business Plan 2026/27" in head and "Northwind Foods & Harbour Retail Group" in head
    fonts = {
        str(f.get_object()["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
    }
    assert {"/AAAAAA+DejaVuSans", "/AAAAAA+DejaVuSans-Bold"} <= fonts  # the shipped font, embedded
    votes_page = next(t for t in pages if "Market drivers: Vote" in t)
    assert "dots, highest first" in votes_page  # the chart's caption, drawn with reportlab graphics


def test_agenda_shows_overruns_and_day_totals(
    realistic_report: Report, realistic_pack: tuple[Path, Path]
) -> None:
    day1 = realistic_report.agenda[0]
    assert day1.planned_total == sum(r.planned for r in day1.rows)
    assert day1.overrun_total == sum(r.overrun for r in day1.rows) > 0
    overrun = next(r for r in day1.rows if r.overrun)
    assert overrun.actual == overrun.planned + overrun.overrun
    day2 = realistic_report.agenda[1]
    assert day2.rows[-1].status == "Not run" and day2.actual_end == ""
    word, pages = docx_text(realistic_pack[0]), "\n".join(pdf_pages(realistic_pack[1]))
    for text in (word, pages):
        assert f"+{day1.overrun_total} min" in text and f"{day1.planned_total} min" in text


def test_votes_rocks_interest_actions_and_feedback_content(realistic_report: Report) -> None:
    r = realistic_report
    first = r.votes[0]
    assert [row.total for row in first.rows] == sorted((row.total for row in first.rows), reverse=True)
    assert sum(row.total for row in first.rows) == first.total_dots == 70
    assert first.chart.values == [row.total for row in first.rows][: c.CHART_ITEMS]
    rock = r.rocks[0]
    assert [s.letter for s in rock.smart] == list("SMART")
    assert without_isolates(rock.metric) == "Protein range sales: £2.1m → £3.4m"
    assert r.rocks[3].owner == "" and r.rocks[3].suggested
    assert r.synopsis.rocks[3].owner.startswith("suggested: ")
    assert r.interest.codes == ["R1", "R2", "R3", "R4", "R5"] and len(r.interest.rows) == 14
    dues = [a.due for a in r.actions]
    assert dues[-1] == "no date" and dues.index("no date") == len(dues) - dues.count("no date")
    assert r.feedback.count == 10 and r.feedback.average == pytest.approx(4.2)
    assert [d for d in r.synopsis.decisions] == [
        line.text for g in r.minutes for line in g.lines if line.kind == "decision"
    ] or sorted(r.synopsis.decisions) == sorted(
        line.text for g in r.minutes for line in g.lines if line.kind == "decision"
    )
    assert len(r.parking_lot) == 2 and all(line.kind == "parking_lot" for line in r.parking_lot)


def test_exporting_reads_the_workshop_without_changing_it(realistic_path: Path, tmp_path: Path) -> None:
    before = hashlib.sha256(realistic_path.read_bytes()).hexdigest()
    result = export_pack(
        realistic_path, docx=tmp_path / "a.docx", pdf=tmp_path / "a.pdf", clock=FakeClock(EXPORT_NOW)
    )
    assert result.written == [tmp_path / "a.docx", tmp_path / "a.pdf"] and result.warnings == []
    assert hashlib.sha256(realistic_path.read_bytes()).hexdigest() == before


def test_synopsis_alone_is_one_page(realistic_report: Report, tmp_path: Path) -> None:
    docx, pdf = tmp_path / "s.docx", tmp_path / "s.pdf"
    write_pack(realistic_report, docx=docx, pdf=pdf, synopsis_only=True)
    pages = pdf_pages(pdf)
    assert len(pages) == 1
    for text in (docx_text(docx), pages[0]):
        squashed = squash(text)
        assert all(squash(rock.title) in squashed for rock in realistic_report.rocks)
        assert all(squash(d) in squashed for d in realistic_report.synopsis.decisions)
        assert squash("Ideas by topic") not in squashed


def test_the_whole_frame_is_in_both_formats(realistic_pack: tuple[Path, Path]) -> None:
    """Vision, objectives, principles and behaviours: the account-plan frame as set on Setup.

    The one-page synopsis alone keeps to the vision and objectives (it must stay one page).
    """
    frame = {
        "Joint objectives": ["Grow chilled category sales 8% a year", "Halve food waste in chilled by 2028"],
        "Principles": ["One forecast, one number"],
        "Behaviours": ["Challenge the idea, not the person"],
    }
    docx, pdf = realistic_pack
    for text in (docx_text(docx), "\n".join(pdf_pages(pdf))):
        squashed = squash(text)
        for heading, items in frame.items():
            assert squash(heading) in squashed
            assert all(squash(item) in squashed for item in items), heading


def test_progress_reports_fractions_in_order(realistic_path: Path, tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    export_pack(
        realistic_path,
        docx=tmp_path / "p.docx",
        pdf=tmp_path / "p.pdf",
        progress=lambda f, t: seen.append((f, t)),
        clock=FakeClock(EXPORT_NOW),
    )
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions) and all(0.0 <= f <= 1.0 for f in fractions)
    assert len(seen) > 5


def test_interest_rows_are_grouped_by_company(realistic_report: Report) -> None:
    companies = [row.company for row in realistic_report.interest.rows]
    groups = [name for n, name in enumerate(companies) if n == 0 or companies[n - 1] != name]
    assert len(groups) == len(set(companies)) >= 2, companies


def test_interest_rows_of_people_added_in_mixed_order_are_grouped(ow: OpenWorkshop) -> None:
    people = [
        ow.setup.add_participant(name, side, "").id
        for name, side in (("Ann", "customer"), ("Bob", "supplier"), ("Cy", "customer"), ("Di", "supplier"))
    ]
    rock = ow.rocks.add("One rock")
    for person in people:
        ow.rocks.set_interest(person, rock.id, 2)
    rows = build_report(ow).interest.rows
    sides = [row.company for row in rows]
    assert sides == sorted(sides, key=sides.index) and len(rows) == 4
    assert [row.person for row in rows][:2] == ["Bob", "Di"], "supplier first, in the service's order"


def _vote_rows(totals: list[int]) -> list[c.VoteRow]:
    ranks = [1 + sum(1 for t in totals if t > total) for total in totals]
    return [
        c.VoteRow(rank, f"item {n}", "Note", total, totals.count(total) > 1, "")
        for n, (rank, total) in enumerate(zip(ranks, totals, strict=True))
    ]


def test_the_vote_chart_shows_items_tied_at_the_cut_off_or_says_what_it_leaves_out(
    realistic_report: Report, tmp_path: Path
) -> None:
    from dataclasses import replace

    from workshop_app.export.report import vote_chart

    tie_at_ten = vote_chart("T", _vote_rows([9, 8, 7, 6, 5, 5, 4, 4, 3, 2, 2, 1]))
    assert tie_at_ten.labels[-2:] == ["item 9", "item 10"] and len(tie_at_ten.values) == 11
    assert "top 11 of 12" in tie_at_ten.caption
    many_ties = vote_chart("T", _vote_rows([5, 4, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1]))
    assert len(many_ties.values) == 9 and "top 9 of 17" in many_ties.caption  # not 1 of the 8 tied at 1
    all_tied = vote_chart("T", _vote_rows([2] * 20))
    assert len(all_tied.values) == 10 and "20 items tie at 2 dot(s); the top 10 of 20" in all_tied.caption
    assert vote_chart("T", _vote_rows([3, 2, 1])).caption == "dots, highest first"

    rows = _vote_rows([5, 4, 3, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, 1, 1, 1, 1])
    vote = replace(realistic_report.votes[0], rows=rows, chart=vote_chart("T", rows))
    pdf = tmp_path / "v.pdf"
    write_pack(replace(realistic_report, votes=[vote]), pdf=pdf)
    assert squash("the top 9 of 17, the table below lists all") in squash("".join(pdf_pages(pdf)))


def test_the_vote_facts_count_people_who_kept_dots_back(ow: OpenWorkshop, tmp_path: Path) -> None:
    """'dots from N of M people' counted only those who placed all their dots (found in review)."""
    people = [ow.setup.add_participant(name, "customer", "").id for name in ("Ann", "Bob", "Cy")]
    topic = ow.board.topics()[0]
    ow.board.add_idea(topic.id, "One idea", people[0])
    rnd = ow.voting.create_round(topic.id, votes_per_person=2)
    item = ow.board.eligible_items(topic.id)[0]
    for person, dots in zip(people, (2, 1, 0), strict=True):
        for _ in range(dots):
            ow.voting.cast(rnd.id, person, item)
    ow.voting.reveal(rnd.id)
    (block,) = build_report(ow).votes
    assert block.dots_from == "3 dots from 2 of 3 people (1 placed all theirs)"
    docx, pdf = tmp_path / "p.docx", tmp_path / "p.pdf"
    export_pack(ow.path, docx=docx, pdf=pdf)
    assert "3 dots from 2 of 3 people (1 placed all theirs)" in docx_text(docx)
    assert squash("3 dots from 2 of 3 people (1 placed all theirs)") in squash(" ".join(pdf_pages(pdf)))
