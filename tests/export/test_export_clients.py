"""Open the pack in real clients (LibreOffice, poppler) and export the shipped complete sample."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import EXPORT_NOW, docx_text, pdf_pages, squash

from workshop_app.export import content as c
from workshop_app.export.pack import export_pack
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_sessions" / "complete-jbp.json"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")


@pytest.mark.slow
@pytest.mark.skipif(
    SOFFICE is None,
    reason="LibreOffice (soffice) is not installed: apt-get install "
    "libreoffice-writer-nogui (.ci/run does) to open the Word pack in a real client",
)
@pytest.mark.skipif(
    PDFTOPPM is None,
    reason="poppler's pdftoppm is not installed: apt-get install poppler-utils "
    "(.ci/run does) to render the PDF pages",
)
def test_libreoffice_opens_the_word_pack_and_poppler_renders_both(
    realistic_path: Path, tmp_path: Path
) -> None:
    docx, pdf = tmp_path / "pack.docx", tmp_path / "pack.pdf"
    export_pack(realistic_path, docx=docx, pdf=pdf, clock=FakeClock(EXPORT_NOW))
    converted = tmp_path / "lo"
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(converted),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    lo_pdf = converted / "pack.pdf"
    assert result.returncode == 0 and lo_pdf.exists(), result.stderr
    lo_text = squash("\n".join(pdf_pages(lo_pdf)))
    for title in c.SECTIONS:
        assert squash(title) in lo_text
    assert squash("Joint Business Plan 2026/27") in lo_text
    for name, source in (("ours", pdf), ("libreoffice", lo_pdf)):
        out = tmp_path / name
        subprocess.run(
            [str(PDFTOPPM), "-r", "30", "-png", "-f", "1", "-l", "3", str(source), str(out)],
            check=True,
            timeout=120,
        )
        pngs = sorted(tmp_path.glob(f"{name}-*.png"))
        assert len(pngs) == 3 and all(p.stat().st_size > 1000 for p in pngs)


@pytest.mark.skipif(
    not SAMPLE.exists(), reason="sample_sessions/complete-jbp.json is not in this checkout yet"
)
def test_the_complete_sample_exports_with_everything_in_it(tmp_path: Path) -> None:
    from workshop_app.store.interchange import import_file

    path = tmp_path / "sample.planwall"
    import_file(SAMPLE, path)
    ow = OpenWorkshop.open(path, read_only=True)
    try:
        needles = [i.text for t in ow.board.topics() for i in ow.board.ideas(t.id)]
        for r in ow.rocks.rocks():
            needles += [r.title, *(x for x in (r.metric_name, r.metric_baseline, r.metric_target) if x)]
        needles += [a.text for a in ow.actions.actions()]
        needles += [m.text for m in ow.minutes.entries("decision")]
    finally:
        ow.close()
    assert needles
    result = export_pack(path, docx=tmp_path / "s.docx", pdf=tmp_path / "s.pdf", clock=FakeClock(EXPORT_NOW))
    assert len(result.written) == 2
    word = squash(docx_text(tmp_path / "s.docx"))
    pages = squash("\n".join(pdf_pages(tmp_path / "s.pdf")))
    assert [n for n in needles if squash(n) not in word] == []
    assert [n for n in needles if squash(n) not in pages] == []


@pytest.mark.skipif(
    not (ROOT / "sample_sessions" / "day1-in-progress.json").exists(),
    reason="sample_sessions/day1-in-progress.json is not in this checkout yet",
)
def test_a_workshop_still_running_exports(tmp_path: Path) -> None:
    from workshop_app.store.interchange import import_file

    path = tmp_path / "running.planwall"
    import_file(ROOT / "sample_sessions" / "day1-in-progress.json", path)
    result = export_pack(path, docx=tmp_path / "r.docx", pdf=tmp_path / "r.pdf", clock=FakeClock(EXPORT_NOW))
    assert len(result.written) == 2
    pages = squash("\n".join(pdf_pages(tmp_path / "r.pdf")))
    word = squash(docx_text(tmp_path / "r.docx"))
    assert squash("still running at export") in pages and squash("still running at export") in word


@pytest.mark.skipif(
    not SAMPLE.exists(), reason="sample_sessions/complete-jbp.json is not in this checkout yet"
)
def test_the_complete_samples_synopsis_is_one_pdf_page(tmp_path: Path) -> None:
    from workshop_app.store.interchange import import_file

    path = tmp_path / "sample.planwall"
    import_file(SAMPLE, path)
    export_pack(path, pdf=tmp_path / "s.pdf", synopsis_only=True, clock=FakeClock(EXPORT_NOW))
    pages = pdf_pages(tmp_path / "s.pdf")
    assert len(pages) == 1
    assert squash(c.SYNOPSIS) in squash(pages[0])


@pytest.mark.skipif(
    not SAMPLE.exists(), reason="sample_sessions/complete-jbp.json is not in this checkout yet"
)
def test_no_pdf_page_of_the_complete_sample_holds_a_heading_cut_from_its_content(tmp_path: Path) -> None:
    """No page that is a section heading and its one-line introduction, none ending on a group's row."""
    from workshop_app.store.interchange import import_file

    path = tmp_path / "sample.planwall"
    import_file(SAMPLE, path)
    export_pack(path, pdf=tmp_path / "p.pdf", clock=FakeClock(EXPORT_NOW))
    for number, page in enumerate(pdf_pages(tmp_path / "p.pdf")[1:], 2):
        lines = [x for x in page.splitlines() if x.strip() and "Generated on" not in x]
        lines = [x for x in lines[2:] if not x.startswith("Page ")]  # below the running header
        assert len(lines) > 3, f"page {number} is nearly empty: {lines}"
        assert not lines[-1].startswith("Not in a cluster"), f"page {number} ends on a group's heading"
