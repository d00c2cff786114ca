"""The export in a child process: progress, result, errors, cancel and kill, from source and frozen."""

from __future__ import annotations

import gc
import os
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import docx as python_docx
import pytest
from conftest import pdf_pages, squash

from workshop_app.errors import ExportError, WorkshopFileError
from workshop_app.export import subprocess_export as sx
from workshop_app.export.coverage import check_text
from workshop_app.export.pack import ExportCancelledError, export_pack, full_gc_deferred, load_report
from workshop_app.export.subprocess_export import ExportProcessError, export_in_subprocess


def fake_child(tmp_path: Path, body: str) -> list[str]:
    """A command running ``body`` as the child (a Python script)."""
    script = tmp_path / "fake_child.py"
    script.write_text(textwrap.dedent(body), encoding="utf-8")
    return [sys.executable, str(script)]


def test_writes_both_files_with_progress_and_the_same_result_as_in_process(
    realistic_path: Path, tmp_path: Path
) -> None:
    seen: list[tuple[float, str]] = []
    out_docx, out_pdf = tmp_path / "pack.docx", tmp_path / "pack.pdf"
    result = export_in_subprocess(
        realistic_path, docx=out_docx, pdf=out_pdf, progress=lambda f, t: seen.append((f, t))
    )
    assert result.written == [out_docx, out_pdf]
    assert result.warnings == []
    assert result.seconds > 0
    fractions = [f for f, _ in seen]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert fractions == sorted(fractions)
    assert any("PDF" in text for _, text in seen)
    document = python_docx.Document(str(out_docx))
    assert len(document.tables) > 5
    report = load_report(realistic_path)
    text = squash("\n".join(pdf_pages(out_pdf)))
    for topic in report.topics:
        for cluster in topic.clusters:
            for idea in cluster.ideas:
                assert squash(idea.text) in text
    assert not list(tmp_path.glob(".*.part"))


def test_warnings_come_back_as_in_process(hostile_path: Path, tmp_path: Path) -> None:
    result = export_in_subprocess(hostile_path, pdf=tmp_path / "h.pdf", synopsis_only=True)
    expected = check_text(load_report(hostile_path))
    assert expected, "the hostile workshop has text the PDF font cannot draw"
    assert result.warnings == expected


def test_a_user_error_comes_back_as_the_same_error_with_its_message(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.planwall"
    with pytest.raises(WorkshopFileError) as child_error:
        export_in_subprocess(missing, pdf=tmp_path / "x.pdf")
    with pytest.raises(WorkshopFileError) as own_error:
        export_pack(missing, pdf=tmp_path / "x.pdf")
    assert str(child_error.value) == str(own_error.value)
    with pytest.raises(ExportError, match="at least one format"):
        export_in_subprocess(missing)


def test_a_folder_that_does_not_exist_is_an_export_error(realistic_path: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="does not exist"):
        export_in_subprocess(realistic_path, pdf=tmp_path / "no" / "x.pdf")


def test_cancel_stops_the_child_and_changes_nothing(realistic_path: Path, tmp_path: Path) -> None:
    out_docx, out_pdf = tmp_path / "pack.docx", tmp_path / "pack.pdf"
    out_docx.write_bytes(b"older good docx")
    out_pdf.write_bytes(b"older good pdf")
    seen: list[float] = []
    started = time.monotonic()
    with pytest.raises(ExportCancelledError):
        export_in_subprocess(
            realistic_path,
            docx=out_docx,
            pdf=out_pdf,
            progress=lambda f, t: seen.append(f),
            cancelled=lambda: any(f >= 0.25 for f in seen),
        )
    assert time.monotonic() - started < 30
    assert out_docx.read_bytes() == b"older good docx"
    assert out_pdf.read_bytes() == b"older good pdf"
    assert not list(tmp_path.glob(".*.part"))
    assert max(seen) < 1.0


def test_a_child_that_ignores_the_cancel_is_killed_and_its_temporary_file_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "pack.pdf"
    target.write_bytes(b"older good pdf")
    body = f"""
        import json, sys, time
        from pathlib import Path
        Path({str(tmp_path)!r}, ".pack.pdf.4242-deadbeef.part").write_bytes(b"half")
        print(json.dumps({{"progress": 0.3, "text": "Laying out the PDF"}}), flush=True)
        time.sleep(60)  # never looks at stdin
    """
    monkeypatch.setattr(sx, "child_command", lambda *a: fake_child(tmp_path, body))
    seen: list[float] = []
    started = time.monotonic()
    with pytest.raises(ExportCancelledError):
        export_in_subprocess(
            tmp_path / "w.planwall",
            pdf=target,
            progress=lambda f, t: seen.append(f),
            cancelled=lambda: bool(seen),
            grace=0.3,
        )
    assert time.monotonic() - started < 20
    assert seen == [0.3]
    assert target.read_bytes() == b"older good pdf"
    assert not list(tmp_path.glob(".*.part"))


def test_a_bug_in_the_child_and_a_dead_child_are_reported_with_their_stderr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bug = """
        import json, sys
        print("noise that is not the protocol", flush=True)
        print("Traceback: KeyError 'rock'", file=sys.stderr, flush=True)
        print(json.dumps({"error": "bug", "message": "KeyError: 'rock'"}), flush=True)
        sys.exit(1)
    """
    monkeypatch.setattr(sx, "child_command", lambda *a: fake_child(tmp_path, bug))
    with pytest.raises(ExportProcessError, match="KeyError: 'rock'") as info:
        export_in_subprocess(tmp_path / "w.planwall", pdf=tmp_path / "x.pdf")
    assert "Traceback" in str(info.value)
    dead = """
        import os, sys
        print("Fatal Python error: Segmentation fault", file=sys.stderr, flush=True)
        os._exit(139)
    """
    monkeypatch.setattr(sx, "child_command", lambda *a: fake_child(tmp_path, dead))
    with pytest.raises(ExportProcessError, match="exit status 139") as info:
        export_in_subprocess(tmp_path / "w.planwall", pdf=tmp_path / "x.pdf")
    assert "Segmentation fault" in str(info.value)


def test_the_command_from_source_runs_the_child_module(tmp_path: Path) -> None:
    cmd = sx.child_command(tmp_path / "w.planwall", tmp_path / "a.docx", None, True)
    assert cmd == [
        sys.executable,
        "-m",
        "workshop_app.export.child",
        str(tmp_path / "w.planwall"),
        "--docx",
        str(tmp_path / "a.docx"),
        "--synopsis-only",
    ]


def test_frozen_the_bundle_runs_itself_as_workshop_app_export_progress_json(
    realistic_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A stand-in for the bundled executable: 'workshop-app' whose CLI has --progress-json.
    bundle = tmp_path / "workshop-app"
    bundle.write_text(
        f"#!{sys.executable}\n"
        + textwrap.dedent(
            """
            import argparse, sys
            from pathlib import Path
            from workshop_app.export.child import cli_progress_json
            p = argparse.ArgumentParser()
            p.add_argument("command", choices=["export"])
            p.add_argument("file", type=Path)
            p.add_argument("--docx", type=Path)
            p.add_argument("--pdf", type=Path)
            p.add_argument("--synopsis-only", action="store_true")
            p.add_argument("--force", action="store_true")
            p.add_argument("--progress-json", action="store_true")
            args = p.parse_args()
            assert args.progress_json and args.force
            sys.exit(cli_progress_json(args))
            """
        ),
        encoding="utf-8",
    )
    bundle.chmod(bundle.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(bundle))
    monkeypatch.setattr(sx, "frozen_cli_supports_child", lambda: True)
    cmd = sx.child_command(realistic_path, None, tmp_path / "s.pdf", True)
    assert cmd[:3] == [str(bundle), "export", str(realistic_path)]
    assert "--progress-json" in cmd and "--force" in cmd
    assert sx._child_env().get("PYTHONPATH") == os.environ.get("PYTHONPATH"), "frozen: no source path"
    result = export_in_subprocess(realistic_path, pdf=tmp_path / "s.pdf", synopsis_only=True)
    assert result.written == [tmp_path / "s.pdf"]
    assert len(pdf_pages(tmp_path / "s.pdf")) >= 1


def test_frozen_without_the_cli_flag_the_export_runs_in_this_process(
    realistic_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sx, "frozen_cli_supports_child", lambda: False)

    def no_process(*args: object, **kwargs: object) -> None:
        raise AssertionError("no child process when the CLI cannot run one")

    monkeypatch.setattr(subprocess, "Popen", no_process)
    result = export_in_subprocess(realistic_path, pdf=tmp_path / "s.pdf", synopsis_only=True)
    assert result.written == [tmp_path / "s.pdf"]


def test_the_cli_flag_is_detected_from_the_parser() -> None:
    """This build's 'workshop-app export' takes the hidden --progress-json flag the bundle uses."""
    from workshop_app import cli

    args = cli.build_parser().parse_args(["export", "w.planwall", "--pdf", "o.pdf", "--progress-json"])
    assert args.progress_json is True
    assert sx.frozen_cli_supports_child() is True


def test_full_collections_wait_while_an_export_runs(realistic_path: Path, tmp_path: Path) -> None:
    before = gc.get_threshold()
    during: list[tuple[int, ...]] = []
    export_pack(
        realistic_path,
        pdf=tmp_path / "p.pdf",
        synopsis_only=True,
        progress=lambda f, t: during.append(gc.get_threshold()),
    )
    assert gc.get_threshold() == before
    assert during and all(t[:2] == before[:2] and t[2] > 100_000 for t in during)
    with pytest.raises(RuntimeError), full_gc_deferred():
        with full_gc_deferred():
            assert gc.get_threshold()[2] > 100_000
        assert gc.get_threshold()[2] > 100_000, "still inside the outer export"
        raise RuntimeError
    assert gc.get_threshold() == before
