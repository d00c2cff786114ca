"""Writes are all or nothing: a failure or a cancel never leaves a half file or replaces a good one."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from workshop_app.errors import ExportError
from workshop_app.export import pack
from workshop_app.export.content import Report
from workshop_app.export.docx_exporter import DocxExporter
from workshop_app.export.pack import ExportCancelledError, write_pack
from workshop_app.export.pdf_exporter import PdfExporter

OLD_DOCX = b"old good word file"
OLD_PDF = b"old good pdf file"


@pytest.fixture
def old_files(tmp_path: Path) -> tuple[Path, Path]:
    docx, pdf = tmp_path / "pack.docx", tmp_path / "pack.pdf"
    docx.write_bytes(OLD_DOCX)
    pdf.write_bytes(OLD_PDF)
    return docx, pdf


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name not in ("pack.docx", "pack.pdf"))


def test_a_failure_mid_write_keeps_both_old_files(
    realistic_report: Report, old_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    docx, pdf = old_files

    def half_written(self: PdfExporter, path: str, step: object = None) -> None:
        Path(path).write_bytes(b"%PDF-1.4 half a file")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(PdfExporter, "write", half_written)
    with pytest.raises(ExportError, match=r"the disk is full\. Free some space"):
        write_pack(realistic_report, docx=docx, pdf=pdf)
    assert docx.read_bytes() == OLD_DOCX, "the Word file is not replaced when the PDF fails"
    assert pdf.read_bytes() == OLD_PDF
    assert _leftovers(docx.parent) == []


def test_a_bug_mid_write_keeps_the_old_file_too(
    realistic_report: Report, old_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    docx, pdf = old_files

    def broken(self: DocxExporter, path: str, step: object = None) -> None:
        Path(path).write_bytes(b"PK half")
        raise RuntimeError("renderer bug")

    monkeypatch.setattr(DocxExporter, "write", broken)
    with pytest.raises(RuntimeError):
        write_pack(realistic_report, docx=docx, pdf=pdf)
    assert (docx.read_bytes(), pdf.read_bytes()) == (OLD_DOCX, OLD_PDF)
    assert _leftovers(docx.parent) == []


def test_failing_to_move_into_place_says_what_to_do(
    realistic_report: Report, old_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    docx, pdf = old_files

    def locked(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(pack.os, "replace", locked)
    with pytest.raises(ExportError, match="close it and export again"):
        write_pack(realistic_report, docx=docx, pdf=pdf)
    assert (docx.read_bytes(), pdf.read_bytes()) == (OLD_DOCX, OLD_PDF)
    assert _leftovers(docx.parent) == []


@pytest.mark.parametrize("when", [0.0, 0.25, 0.5, 0.75, 0.99])
def test_cancel_at_any_point_changes_nothing(
    realistic_report: Report, old_files: tuple[Path, Path], tmp_path: Path, when: float
) -> None:
    docx, pdf = old_files
    checks = [0]

    def count() -> bool:
        checks[0] += 1
        return False

    write_pack(realistic_report, docx=tmp_path / "dry.docx", pdf=tmp_path / "dry.pdf", cancelled=count)
    (tmp_path / "dry.docx").unlink()
    (tmp_path / "dry.pdf").unlink()
    assert checks[0] > 20, "the export looks at the cancel button often"
    cancel_at = max(int(checks[0] * when), 1)
    asked = [0]

    def cancelled() -> bool:
        asked[0] += 1
        return asked[0] >= cancel_at

    with pytest.raises(ExportCancelledError, match="no file was written"):
        write_pack(realistic_report, docx=docx, pdf=pdf, cancelled=cancelled)
    assert (docx.read_bytes(), pdf.read_bytes()) == (OLD_DOCX, OLD_PDF)
    assert _leftovers(docx.parent) == []


def test_a_successful_export_replaces_the_old_files(
    realistic_report: Report, old_files: tuple[Path, Path]
) -> None:
    docx, pdf = old_files
    written = write_pack(realistic_report, docx=docx, pdf=pdf, cancelled=lambda: False)
    assert written == [docx, pdf]
    assert docx.read_bytes()[:2] == b"PK" and pdf.read_bytes()[:5] == b"%PDF-"
    assert _leftovers(docx.parent) == []


def test_bad_targets_are_refused_before_anything_is_written(
    realistic_report: Report, realistic_path: Path, tmp_path: Path
) -> None:
    with pytest.raises(ExportError, match="at least one format"):
        write_pack(realistic_report)
    with pytest.raises(ExportError, match="does not exist"):
        write_pack(realistic_report, pdf=tmp_path / "missing" / "x.pdf")
    with pytest.raises(ExportError, match="is a folder"):
        write_pack(realistic_report, pdf=tmp_path)
    with pytest.raises(ExportError, match="different names"):
        write_pack(realistic_report, docx=tmp_path / "same", pdf=tmp_path / "same")
    with pytest.raises(ExportError, match="workshop file itself"):
        write_pack(realistic_report, pdf=realistic_path, workshop_path=realistic_path)
    assert list(tmp_path.iterdir()) == []


def test_a_locked_target_is_found_before_anything_is_replaced(
    realistic_report: Report, old_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """On Windows a PDF open in a viewer cannot be replaced: the Word file must not be replaced either."""
    docx, pdf = old_files
    real_open = Path.open

    def open_locked(self: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
        if self == pdf and mode == "r+b":
            raise PermissionError(13, "The process cannot access the file because it is being used")
        return real_open(self, mode, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", open_locked)
    with pytest.raises(ExportError, match="close it and export again"):
        write_pack(realistic_report, docx=docx, pdf=pdf)
    assert (docx.read_bytes(), pdf.read_bytes()) == (OLD_DOCX, OLD_PDF)
    assert _leftovers(docx.parent) == []


@pytest.mark.parametrize(
    ("error", "says", "not_said"),
    [
        (errno.EROFS, "the drive is read-only. Choose another folder", "Free some space"),
        (errno.ENOSPC, "the disk is full. Free some space", "read-only"),
    ],
)
def test_a_read_only_drive_or_a_full_disk_is_named_as_such(
    realistic_report: Report,
    old_files: tuple[Path, Path],
    monkeypatch: pytest.MonkeyPatch,
    error: int,
    says: str,
    not_said: str,
) -> None:
    """A read-only stick was told to free some space (found in review)."""
    docx, pdf = old_files

    def refuse(src: object, dst: object) -> None:
        raise OSError(error, os.strerror(error))

    monkeypatch.setattr(pack.os, "replace", refuse)
    with pytest.raises(ExportError) as caught:
        write_pack(realistic_report, docx=docx, pdf=pdf)
    assert says in str(caught.value) and not_said not in str(caught.value)
    assert (docx.read_bytes(), pdf.read_bytes()) == (OLD_DOCX, OLD_PDF)
