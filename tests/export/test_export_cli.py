"""`workshop-app export` as a user runs it: real processes, exit codes, one-line errors, warnings."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workshop_app", "export", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=180,
    )


def one_line_error(result: subprocess.CompletedProcess[str], needle: str) -> None:
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("workshop-app: ") and needle in lines[0], result.stderr
    assert "Traceback" not in result.stderr


def test_export_writes_both_formats(realistic_path: Path, tmp_path: Path) -> None:
    docx, pdf = tmp_path / "pack.docx", tmp_path / "pack.pdf"
    result = run(realistic_path, "--docx", docx, "--pdf", pdf)
    assert result.returncode == 0, result.stderr
    assert "Wrote the pack" in result.stdout and result.stderr == ""
    assert docx.read_bytes()[:2] == b"PK" and pdf.read_bytes()[:5] == b"%PDF-"


def test_export_synopsis_only_and_one_format(realistic_path: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "syn.pdf"
    result = run(realistic_path, "--pdf", pdf, "--synopsis-only")
    assert result.returncode == 0, result.stderr
    assert "synopsis" in result.stdout and pdf.exists() and not (tmp_path / "syn.docx").exists()


def test_existing_files_need_force(realistic_path: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "old.pdf"
    pdf.write_bytes(b"keep me")
    one_line_error(run(realistic_path, "--pdf", pdf), "--force")
    assert pdf.read_bytes() == b"keep me"
    result = run(realistic_path, "--pdf", pdf, "--force")
    assert result.returncode == 0, result.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"


def test_mistakes_exit_2_with_one_line(realistic_path: Path, tmp_path: Path) -> None:
    one_line_error(run(realistic_path), "--docx")
    one_line_error(run(realistic_path, "--docx", tmp_path / "x.pdf"), "ending in .docx")
    one_line_error(run(realistic_path, "--pdf", tmp_path / "x.txt"), "ending in .pdf")
    one_line_error(run(tmp_path / "missing.planwall", "--pdf", tmp_path / "x.pdf"), "does not exist")
    one_line_error(run(realistic_path, "--pdf", tmp_path / "no" / "x.pdf"), "does not exist")
    not_a_workshop = tmp_path / "notes.planwall"
    not_a_workshop.write_text("hello", encoding="utf-8")
    result = run(not_a_workshop, "--pdf", tmp_path / "x.pdf")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_unprintable_characters_warn_on_stderr_and_still_write(hostile_path: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "h.pdf"
    result = run(hostile_path, "--pdf", pdf)
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith("workshop-app: warning: The PDF font cannot draw")
    assert "中文的想法" in result.stderr and "🚀" in result.stderr
    assert pdf.exists()
