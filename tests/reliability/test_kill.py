"""SIGKILL a real Planwall process at random moments; every acknowledged change survives.

``kill_worker.py`` performs a seeded stream of changes through the services and
prints each step once its call has returned.  The same script replayed here on a
copy of the same start file gives the exact state after every step, so after each
kill the reopened file must be the state after the last acknowledged step, or after
the one that was committed but not yet printed: nothing acknowledged lost, nothing
half-done.  54 kills over six workloads (ideas, votes, undo/redo, agenda, rocks, and
backups running in a thread), some of them while the worker is still opening the file.
"""

from __future__ import annotations

import hashlib
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from kill_worker import START, WORKLOADS, clock, open_workshop, run_script
from reliability_helpers import ROOT

from workshop_app.model import USER_TABLES
from workshop_app.services.clock import FakeClock
from workshop_app.store import backup
from workshop_app.store.database import WorkshopStore

STEPS = 120
KILLS_PER_WORKLOAD = 9
WORKER = Path(__file__).with_name("kill_worker.py")
PEOPLE = [
    ("Ana Silva", "supplier"),
    ("Ben Okoro", "customer"),
    ("Chloé Martin", "supplier"),
    ("Dev Patel", "customer"),
    ("Eva Novak", "supplier"),
    ("Femi Adeyemi", "customer"),
]


def fingerprint(con: sqlite3.Connection) -> str:
    h = hashlib.sha256()
    for table in USER_TABLES:
        rows = con.execute(f'SELECT * FROM "{table}" ORDER BY id').fetchall()
        h.update(repr((table, rows)).encode())
    return h.hexdigest()


def make_start_file(path: Path) -> None:
    clk = FakeClock(START)
    from workshop_app.services.workshop_service import OpenWorkshop

    OpenWorkshop.create_from_template("two-day-jbp", path, clk).close()
    ow = open_workshop(path, clk, lock=False)
    for rank, (name, side) in enumerate(PEOPLE):
        ow.setup.add_participant(name, side, experience_rank=rank)
    for topic in ow.board.topics()[:2]:
        for n in range(4):
            ow.board.add_idea(topic.id, f"Starting idea {n} on {topic.title}")
    ow.close()


def reference_states(start: Path, workdir: Path, seed: int, workload: str) -> list[str]:
    """The fingerprint before the first step and after each step of the script."""
    ref = workdir / "reference.planwall"
    shutil.copyfile(start, ref)
    clk = clock()
    ow = open_workshop(ref, clk, lock=False)
    reader = sqlite3.connect(backup.ro_uri(ref), uri=True, isolation_level=None)
    states = [fingerprint(reader)]
    run_script(ow, clk, seed, workload, STEPS, lambda i, d: states.append(fingerprint(reader)))
    reader.close()
    ow.close()
    assert len(states) == STEPS + 1
    return states


def run_and_kill(path: Path, seed: int, workload: str, rng: random.Random) -> tuple[int, list[str]]:
    """Start the worker, SIGKILL it at a random moment; returns (last acknowledged step, output)."""
    proc = subprocess.Popen(
        [sys.executable, str(WORKER), str(path), str(seed), workload, str(STEPS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    lines: list[str] = []
    try:
        assert proc.stdout is not None
        if rng.random() < 0.12:  # while it is still starting or opening the file
            time.sleep(rng.uniform(0.2, 0.7))
        else:
            target = rng.randint(0, STEPS - 10)
            while True:
                line = proc.stdout.readline()
                if not line:
                    break
                lines.append(line.strip())
                head = line.split(" ", 1)[0]
                if (
                    head == "DONE"
                    or (head.isdigit() and int(head) >= target)
                    or (head == "READY" and target == 0)
                ):
                    break
            time.sleep(rng.uniform(0, 0.004))  # land anywhere inside the next change
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        lines += [x.strip() for x in proc.stdout.read().splitlines()]  # acks already written
        if "DONE" not in lines:  # it must have died by our hand, not by a bug of its own
            assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()
    acked = max((int(x.split(" ", 1)[0]) for x in lines if x.split(" ", 1)[0].isdigit()), default=0)
    return acked, lines


def check_invariants(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []
        over_budget = con.execute(
            "SELECT v.round_id, v.participant_id FROM vote v JOIN voting_round r ON r.id = v.round_id "
            "GROUP BY v.round_id, v.participant_id HAVING sum(v.count) > max(r.votes_per_person)"
        ).fetchall()
        assert over_budget == []
        assert con.execute("SELECT count(*) FROM vote WHERE count <= 0").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM interest WHERE level NOT BETWEEN 0 AND 3").fetchone()[0] == 0
        return fingerprint(con)
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.parametrize("workload", sorted(WORKLOADS))
def test_sigkill_at_random_moments_loses_no_acknowledged_change(workload: str, tmp_path: Path) -> None:
    seed = 1
    start = tmp_path / "start.planwall"
    make_start_file(start)
    states = reference_states(start, tmp_path, seed, workload)
    assert len(set(states)) > STEPS // 3, "the script must really change the workshop"
    rng = random.Random(f"kills-{workload}")
    acked_counts = []
    for k in range(KILLS_PER_WORKLOAD):
        path = tmp_path / f"kill-{k}.planwall"
        shutil.copyfile(start, path)
        acked, lines = run_and_kill(path, seed, workload, rng)
        acked_counts.append(acked)

        store = WorkshopStore.open(path, lock=True)  # not damaged, and the dead worker's lock is taken over
        store.close()
        state = check_invariants(path)
        allowed = states[acked : acked + 2]
        assert state in allowed, (
            f"kill {k}: file is not the state after step {acked} (acknowledged) or {acked + 1}; "
            f"last lines: {lines[-3:]}"
        )
        for entry in backup.list_backups(path):  # a backup cut short by the kill is never listed
            assert backup.verify(entry.path) is None, entry.path
    assert max(acked_counts) > 0
