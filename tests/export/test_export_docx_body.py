"""The Word body is spliced into the saved package as text: where it goes, and that Word's order holds."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest

from workshop_app.export.docx_xml import Para, save_with_body, splice_body

BODY = b"<w:p><w:r><w:t>hello</w:t></w:r></w:p>"


def test_splice_puts_the_body_before_the_final_section_properties() -> None:
    xml = b'<w:document x="1"><w:body><w:sectPr><w:pgSz w:w="1"/></w:sectPr></w:body></w:document>'
    assert splice_body(xml, BODY) == (
        b'<w:document x="1"><w:body>' + BODY + b'<w:sectPr><w:pgSz w:w="1"/></w:sectPr></w:body></w:document>'
    )


def test_splice_into_a_body_without_section_properties_or_empty() -> None:
    assert splice_body(b"<w:document><w:body></w:body></w:document>", BODY) == (
        b"<w:document><w:body>" + BODY + b"</w:body></w:document>"
    )
    assert splice_body(b"<w:document><w:body/></w:document>", BODY) == (
        b"<w:document><w:body>" + BODY + b"</w:body></w:document>"
    )


def test_splice_refuses_a_document_without_a_body() -> None:
    with pytest.raises(ValueError, match="no <w:body>"):
        splice_body(b"<w:document/>", BODY)


def test_saved_document_reopens_with_the_paragraphs_in_order_and_its_page_setup(tmp_path: Path) -> None:
    from docx.shared import Mm

    doc = docx.Document()
    doc.sections[0].page_width = Mm(210)
    parts = [Para([f"paragraph {n} <&> \t tab"]).xml() for n in range(300)]
    out = tmp_path / "body.docx"
    save_with_body(doc, parts, out)
    back = docx.Document(str(out))
    texts = [p.text for p in back.paragraphs]
    assert texts == [f"paragraph {n} <&> \t tab" for n in range(300)]
    assert back.sections[0].page_width == doc.sections[0].page_width
    body = back.element.body
    assert body[-1].tag.endswith("}sectPr")
    with zipfile.ZipFile(out) as z:
        assert z.testzip() is None
        assert all(info.compress_type == zipfile.ZIP_DEFLATED for info in z.infolist())
