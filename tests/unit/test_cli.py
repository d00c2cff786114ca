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
        (
            ("new", "x.planwall", "--date", "31/02/2026"),
            "'31/02/2026' is not a date Planwall understands. Type it as YYYY-MM-DD, DD/MM/YYYY or 30 Jun",
        ),
        (
            ("new", "x.planwall", "--date", " "),
            "is empty. Give the date of day 1, like 2026-03-10, or leave --date out.",
        ),
        (("new", "x.planwall", "--title", " "), "--title is empty"),
        (("backups", "nope.planwall"), "There is no workshop file at nope.planwall and no backups"),
    ],
)
def test_user_mistakes_exit_2_with_one_line(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    if args[1] == "README.md":
        (tmp_path / "README.md").write_text("hello")
    result = run(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    if args[0] != "new" or args[2] != "--date":  # argparse adds its usage lines above its one error line
        assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "x.planwall").exists()


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


def test_dump_never_overwrites_a_workshop_and_replaces_json_only_with_force(tmp_path: Path) -> None:
    source = tmp_path / "day2.planwall"
    other = tmp_path / "day1.planwall"
    assert run("new", str(source), "--title", "Day 2").returncode == 0
    assert run("new", str(other), "--title", "Day 1").returncode == 0
    day1 = other.read_bytes()
    disguised = tmp_path / "day1-copy.json"  # a workshop saved under a .json name
    disguised.write_bytes(day1)
    refusals = {
        str(other): "needs a file name ending in .json",
        str(disguised): "is a database file, not JSON; Planwall never overwrites a workshop",
        str(tmp_path): "needs a file name ending in .json",
    }
    for target, message in refusals.items():
        for force in ((), ("--force",)):
            result = run("dump", str(source), "-o", target, *force)
            assert result.returncode == 2 and message in result.stderr, (target, force, result.stderr)
    assert other.read_bytes() == day1 and disguised.read_bytes() == day1
    assert "Day 1" in run("summary", str(other)).stdout

    out = tmp_path / "day2.json"
    out.write_text("an older dump")
    result = run("dump", str(source), "-o", str(out))
    assert result.returncode == 2 and "already exists. Add --force" in result.stderr
    assert out.read_text() == "an older dump"
    assert run("dump", str(source), "-o", str(out), "--force").returncode == 0
    assert '"Day 2"' in out.read_text(encoding="utf-8")
    folder = tmp_path / "dumps.json"
    folder.mkdir()
    result = run("dump", str(source), "-o", str(folder), "--force")
    assert result.returncode == 2 and "is a folder" in result.stderr


def test_import_takes_a_byte_order_mark_and_says_when_given_a_workshop(tmp_path: Path) -> None:
    sample = ROOT / "sample_sessions" / "complete-jbp.json"
    with_bom = tmp_path / "saved-by-notepad.json"
    with_bom.write_bytes(b"\xef\xbb\xbf" + sample.read_bytes())
    first, second = tmp_path / "a.planwall", tmp_path / "b.planwall"
    assert run("import", str(sample), "-o", str(first)).returncode == 0
    result = run("import", str(with_bom), "-o", str(second))
    assert result.returncode == 0, result.stderr
    assert run("dump", str(second)).stdout == run("dump", str(first)).stdout

    result = run("import", str(first), "-o", str(tmp_path / "c.planwall"))
    assert result.returncode == 2 and "is a workshop file, not JSON" in result.stderr
    assert "workshop-app dump a.planwall -o COPY.json" in result.stderr


def test_export_to_a_folder_says_so_even_with_force(tmp_path: Path) -> None:
    source = tmp_path / "w.planwall"
    assert run("new", str(source)).returncode == 0
    folder = tmp_path / "pack.pdf"
    folder.mkdir()
    result = run("export", str(source), "--pdf", str(folder), "--force")
    assert result.returncode == 2
    assert f"{folder} is a folder. Give a file name ending in .pdf." in result.stderr
    assert folder.is_dir() and list(folder.iterdir()) == []


def test_new_takes_a_date_in_the_forms_the_date_boxes_take(tmp_path: Path) -> None:
    """The same parser as Setup's day dates and the due dates (workshop_app/rules/dates.py)."""
    for typed, iso in (
        ("30 Jun 2026", "2026-06-30"),
        ("31/12/2026", "2026-12-31"),
        ("2026-3-9", "2026-03-09"),
    ):
        f = tmp_path / f"{iso}.planwall"
        assert run("new", str(f), "--date", typed).returncode == 0
        assert f"{iso}, " in run("summary", str(f)).stdout
