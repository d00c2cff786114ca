"""Fixtures for the export tests: realistic and hostile workshops (built once), readers for both formats."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from pack_factory import build_hostile, build_realistic

from workshop_app.export.content import Report
from workshop_app.export.pack import load_report
from workshop_app.services.clock import FakeClock

EXPORT_NOW = datetime(2026, 3, 11, 17, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def realistic_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished two-day JBP with 300 notes, built once per test run through the services."""
    path = tmp_path_factory.mktemp("realistic") / "jbp.planwall"
    build_realistic(path).close()
    return path


@pytest.fixture(scope="session")
def hostile_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Markup, control characters, CJK and emoji everywhere; a 3,000-word minutes entry."""
    path = tmp_path_factory.mktemp("hostile") / "hostile.planwall"
    build_hostile(path, long_words=3000).close()
    return path


@pytest.fixture(scope="session")
def realistic_report(realistic_path: Path) -> Report:
    return load_report(realistic_path, FakeClock(EXPORT_NOW))


@pytest.fixture(scope="session")
def hostile_report(hostile_path: Path) -> Report:
    return load_report(hostile_path, FakeClock(EXPORT_NOW))


def squash(text: str) -> str:
    """Text with all whitespace removed: wrapping in a PDF or a table cell moves line breaks."""
    return "".join(text.split())


def docx_text(path: Path) -> str:
    """Every paragraph of the body, table cells (nested too), headers and footers, in order."""
    import docx

    document = docx.Document(str(path))
    out: list[str] = []

    def walk_tables(tables: list) -> None:  # type: ignore[type-arg]
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    out.extend(p.text for p in cell.paragraphs)
                    walk_tables(cell.tables)

    out.extend(p.text for p in document.paragraphs)
    walk_tables(document.tables)
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            out.extend(p.text for p in part.paragraphs)
    return "\n".join(out)


def pdf_pages(path: Path) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(str(path)).pages]


@pytest.fixture
def no_file_reads_of(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Records every path reportlab's file helper is asked to open."""
    from reportlab.lib import utils

    opened: list[str] = []
    real = utils.open_for_read

    def spy(name: object, mode: str = "b") -> object:
        opened.append(str(name))
        return real(name, mode)

    monkeypatch.setattr(utils, "open_for_read", spy)
    yield opened
