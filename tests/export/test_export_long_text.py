"""Long user text comes out exactly as typed, as one paragraph, in both formats."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import pdf_pages, squash

from workshop_app.export.pack import write_pack
from workshop_app.export.pdf_exporter import PdfExporter
from workshop_app.export.report import build_report
from workshop_app.export.text import markup
from workshop_app.services.workshop_service import OpenWorkshop

VISION = ("Vision sentence, on and on. " * 80)[:2000].strip()
ACTION = ("Long action text " * 120)[:2000].strip()
IDEA = "\n".join(
    f"idea line {n} " + " ".join(["word"] * 40) for n in range(12)
)  # ~2,800 characters, 12 lines


@pytest.fixture
def long_texts(ow: OpenWorkshop) -> OpenWorkshop:
    ow.setup.set_detail("vision", VISION)
    topic = ow.board.topics()[0]
    ow.board.add_idea(topic.id, IDEA, None)
    rock = ow.rocks.add("A rock with a long action")
    ow.actions.add(ACTION, rock_id=rock.id)
    return ow


def _flowables(items: list[Any]) -> Iterator[Any]:
    """Every flowable of a story, inside tables, table runs and keep-togethers too."""
    from reportlab.platypus import Table

    from workshop_app.export.pdf_flow import TableRun

    for f in items:
        yield f
        if isinstance(f, Table):
            cells = [c for row in f._cellvalues for c in row]
        elif isinstance(f, TableRun):
            cells = [c for row in f.spec.head + f.spec.rows for c in row]
        else:
            cells = [getattr(f, "_content", None)]
        for cell in cells:
            if isinstance(cell, list | tuple):
                yield from _flowables(list(cell))
            elif cell is not None and not isinstance(cell, str):
                yield from _flowables([cell])


def _paragraphs_with(story: list[Any], marker: str) -> list[str]:
    from reportlab.platypus import Paragraph

    return [
        f.getPlainText() for f in _flowables(story) if isinstance(f, Paragraph) and marker in f.getPlainText()
    ]


def test_long_text_is_one_paragraph_exactly_as_typed(long_texts: OpenWorkshop, tmp_path: Path) -> None:
    import docx

    report = build_report(long_texts)
    word_path, pdf_path = tmp_path / "pack.docx", tmp_path / "pack.pdf"
    write_pack(report, docx=word_path, pdf=pdf_path)

    document = docx.Document(str(word_path))
    paragraphs = [p.text for p in document.paragraphs]
    paragraphs += [p.text for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs]
    assert VISION in paragraphs  # the synopsis
    assert ACTION in paragraphs  # the rock's linked actions and the register
    assert IDEA in paragraphs  # a note in the ideas table
    assert not [p for p in paragraphs if p and p != VISION and p in VISION]
    assert not [p for p in paragraphs if p and p != ACTION and p in ACTION]

    story = PdfExporter(report).story()
    assert _paragraphs_with(story, "Vision sentence") == [VISION]
    assert set(_paragraphs_with(story, "Long action text")) == {ACTION}
    assert _paragraphs_with(story, "idea line 0") == [IDEA.replace("\n", "")]  # <br/> has no plain text
    pages = squash("".join(pdf_pages(pdf_path)))
    assert squash(VISION) in pages and squash(ACTION) in pages and squash(IDEA) in pages


@pytest.mark.parametrize("joiner", [" ", "\n"], ids=["one line", "many lines"])
def test_a_paragraph_split_over_pages_is_laid_out_once_and_keeps_every_word(
    joiner: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A split paragraph hands its remaining lines on (not broken again per page: that was quadratic)."""
    import io

    from pypdf import PdfReader
    from reportlab.platypus import SimpleDocTemplate

    from workshop_app.export.pdf_flow import Para
    from workshop_app.export.pdf_layout import Styles

    breaks: list[int] = []
    real = Para.breakLines
    monkeypatch.setattr(Para, "breakLines", lambda self, w: breaks.append(1) or real(self, w))
    words = [f"w{n}" for n in range(6000)]
    out = io.BytesIO()
    SimpleDocTemplate(out).build([Para(markup(joiner.join(words)), Styles().body)])
    pages = PdfReader(io.BytesIO(out.getvalue())).pages
    assert len(pages) > 5
    assert " ".join(p.extract_text() for p in pages).split() == words
    assert len(breaks) == 1


def test_a_long_entry_first_in_its_group_does_not_stop_the_pdf(ow: OpenWorkshop, tmp_path: Path) -> None:
    """A group's heading is kept with its first row; reportlab cannot split inside a kept range, so a
    first row taller than a page made the export fail (LayoutError; found in review)."""
    long_text = " ".join(f"word{n}" for n in range(800))  # ~5,000 characters: taller than a page
    topic = ow.board.topics()[0]
    first = ow.board.add_idea(topic.id, long_text, None)
    second = ow.board.add_idea(topic.id, "short", None)
    ow.board.create_cluster(topic.id, "Cluster one", [first.id, second.id])
    ow.minutes.add(long_text, "note", agenda_item_id=None)
    ow.minutes.add("x", "note", agenda_item_id=None)
    pdf = tmp_path / "pack.pdf"
    write_pack(build_report(ow), pdf=pdf)
    words = Counter(re.findall(r"word\d+", " ".join(pdf_pages(pdf))))
    assert all(words[f"word{n}"] == 2 for n in range(800))  # the note and the minutes entry, whole
