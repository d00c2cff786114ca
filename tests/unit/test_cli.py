"""The command line as a user runs it: real processes, exit codes, one-line errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "workshop_app", *args], capture_output=True, text=True, cwd=cwd, timeout=120
    )


def test_version() -> None:
    result = run("--version")
    assert result.returncode == 0 and result.stdout.startswith("Planwall ")


def test_new_summary_dump_import(tmp_path: Path) -> None:
    f = tmp_path / "jbp.planwall"
    result = run(
        "new",
        "--template",
        "two-day-jbp",
        str(f),
        "--date",
        "2026-03-10",
        "--title",
        "FreshMart x Brookfield",
    )
    assert result.returncode == 0, result.stderr
    assert "2 day(s)" in result.stdout
    result = run("summary", str(f))
    assert (
        result.returncode == 0 and "FreshMart x Brookfield" in result.stdout and "2026-03-10" in result.stdout
    )
    j = tmp_path / "jbp.json"
    assert run("dump", str(f), "-o", str(j)).returncode == 0
    g = tmp_path / "copy.planwall"
    assert run("import", str(j), "-o", str(g)).returncode == 0
    assert run("dump", str(g)).stdout == j.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("summary", "missing.planwall"), "There is no workshop file"),
        (("summary", "README.md"), "not a Planwall workshop file"),
        (("new", "--template", "three-day", "x.planwall"), "no template called 'three-day'"),
        (("import", "missing.json", "-o", "x.planwall"), "There is no file"),
    ],
)
def test_user_mistakes_exit_2_with_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    if args[1] == "README.md":
        (tmp_path / "README.md").write_text("hello")
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    f = tmp_path / "a.planwall"
    f.write_bytes(b"keep me")
    result = run("new", str(f))
    assert result.returncode == 2 and "already exists" in result.stderr
    assert f.read_bytes() == b"keep me"


def test_bad_json_import(tmp_path: Path) -> None:
    j = tmp_path / "w.json"
    j.write_text("{not json", encoding="utf-8")
    result = run("import", str(j), "-o", str(tmp_path / "w.planwall"))
    assert result.returncode == 2 and "w.json line 1" in result.stderr


def test_every_command_has_help() -> None:
    from workshop_app.cli import COMMANDS

    for name in COMMANDS:
        result = run(name, "--help")
        assert result.returncode == 0 and "usage: workshop-app" in result.stdout


def test_backups_and_restore(tmp_path: Path) -> None:
    import os

    env_dir = tmp_path / "data"
    env = {**os.environ, "PLANWALL_DATA_DIR": str(env_dir)}
    f = tmp_path / "w.planwall"

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "workshop_app", *args],
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=120,
            env=env,
        )

    assert cli("new", str(f), "--title", "Before").returncode == 0
    result = cli("backups", str(f))
    assert result.returncode == 0 and "no backups" in result.stdout
    assert cli("restore", str(f)).returncode == 2
    code = (
        "import sys; from pathlib import Path; from workshop_app.store.backup import make_backup; "
        "from workshop_app.services.workshop_service import OpenWorkshop; "
        "p = Path(sys.argv[1]); make_backup(p, 'manual'); ow = OpenWorkshop.open(p); "
        "ow.setup.set_detail('title', 'After'); ow.close()"
    )
    subprocess.run([sys.executable, "-c", code, str(f)], check=True, env=env, cwd=ROOT, timeout=120)
    listing = cli("backups", str(f))
    assert listing.returncode == 0 and " 1. " in listing.stdout
    assert cli("restore", str(f), "--index", "99").returncode == 2
    restored = cli("restore", str(f), "--index", str(len(listing.stdout.strip().splitlines()) - 1))
    assert restored.returncode == 0, restored.stderr
    assert "previous file was kept" in restored.stdout
    assert "Before" in cli("summary", str(f)).stdout
    assert any(p.name.startswith("w.planwall.before-restore-") for p in tmp_path.iterdir())
