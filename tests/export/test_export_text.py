"""Text helpers of the exporters: literal markup, XML safety and glyph coverage warnings."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import EXPORT_NOW, squash
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from workshop_app.export.content import Report
from workshop_app.export.coverage import check_text, describe_warnings
from workshop_app.export.fonts import REGULAR, missing_characters, register_pdf_fonts
from workshop_app.export.text import excerpt, markup, xml_safe
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop

HOSTILE = ["<b>bold", "</i>", "0.1 <A <0.9", "R&D", '<img src="/etc/passwd"/>', "&amp; &#x41; &lt;"]


@pytest.mark.parametrize("text", HOSTILE)
def test_markup_prints_the_text_literally(text: str) -> None:
    from pypdf import PdfReader
    from reportlab.platypus import SimpleDocTemplate

    register_pdf_fonts()
    out = io.BytesIO()
    SimpleDocTemplate(out).build([Paragraph(markup(text), ParagraphStyle("t", fontName=REGULAR))])
    shown = PdfReader(io.BytesIO(out.getvalue())).pages[0].extract_text()
    assert squash(shown) == squash(text)


def test_markup_keeps_newlines_tabs_and_runs_of_spaces() -> None:
    assert markup("a\nb") == "a<br/>b"
    assert markup("a\tb") == "a" + "\u00a0" * 4 + "b"
    assert markup("a   b") == "a \u00a0\u00a0b"
    assert markup(" lead") == "\u00a0lead"


def test_xml_safe_replaces_only_invalid_characters() -> None:
    assert xml_safe("a\x00b\x07c\x1bd") == "a\ufffdb\ufffdc\ufffdd"
    assert xml_safe("tab\tnew\nline\r\nend\rx") == "tab\tnew\nline\nend\nx"
    assert xml_safe("中文 🚀 é") == "中文 🚀 é"


def test_excerpt_is_one_short_line() -> None:
    assert excerpt("a\nb   c") == "a b c"
    assert excerpt("x" * 100, 10) == "x" * 9 + "…"


def test_missing_characters_finds_cjk_and_uncovered_emoji_only() -> None:
    assert missing_characters("Ünïcödé Ελληνικά Русский £€ → ✓") == ""
    assert missing_characters("中文 and 中") == "中文"
    assert missing_characters("rocket 🚀") == "🚀"
    assert missing_characters("joiner\u200d and variation \ufe0f") == ""


def test_check_text_names_every_affected_item(hostile_report: Report) -> None:
    warnings = check_text(hostile_report)
    described = [w.describe() for w in warnings]
    assert any(d.startswith("Note in 'Quarter priorities'") and "中文的想法" in d for d in described)
    assert any(d.startswith("Note in 'Quarter priorities'") and "🚀" in d for d in described)
    assert any(d.startswith("Rock 2") and "🚀" in d for d in described)
    assert any(d.startswith("Action") and "中文的想法" in d for d in described)
    assert any(d.startswith("Feedback (what to change)") for d in described)
    assert any(d.startswith("Participant") and "李明" in d for d in described)
    assert all(w.missing or w.rtl for w in warnings)
    assert not any("Ελληνικά" in d and "中" not in d for d in described)
    message = describe_warnings(warnings)
    assert "中" in message and "🚀" in message and "empty boxes" in message


def test_a_latin_workshop_has_no_warnings(realistic_report: Report) -> None:
    assert check_text(realistic_report) == []
    assert describe_warnings([]) == ""


def test_fonts_ship_with_their_licence() -> None:
    from workshop_app.paths import resource_path

    folder = resource_path("fonts")
    names = {p.name for p in Path(folder).iterdir()}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVu-LICENSE.txt"} <= names
    assert "Bitstream" in (Path(folder) / "DejaVu-LICENSE.txt").read_text(encoding="utf-8")


def test_right_to_left_text_warns_that_the_pdf_may_misorder_it(ow: OpenWorkshop, tmp_path: Path) -> None:
    from workshop_app.export.pack import export_pack

    ow.setup.set_detail("customer_name", "مرحبا بالعالم")
    ow.board.add_idea(ow.board.topics()[0].id, "שלום עולם, זה רעיון חשוב")
    ow.board.add_idea(ow.board.topics()[0].id, "Plain Latin, Ελληνικά and Русский")
    ow.close()
    result = export_pack(ow.path, pdf=tmp_path / "p.pdf", clock=FakeClock(EXPORT_NOW))
    flagged = {w.where: w for w in result.warnings}
    assert flagged["Customer"].rtl and not flagged["Customer"].missing
    assert [w.text for w in result.warnings if w.where.startswith("Note")] == ["שלום עולם, זה רעיון חשוב"]
    message = describe_warnings(result.warnings)
    assert message.startswith("Right-to-left text (Arabic, Hebrew) is used in 2 item(s)")
    assert "wrong order" in message and "the Word file shows it correctly" in message
    assert "cannot draw" not in message
