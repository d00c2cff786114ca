"""The core figures: single changes (add a note, dots, undo, redo), opening, JSON round trip.

Each baseline runs in the same process, on a copy of the same workshop file, right after
its figure, so that both see the same machine load.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workshop_app.bench.context import BenchContext
from workshop_app.bench.measure import Figure, Stats, repeat_ms, time_ms
from workshop_app.bench.workloads import START
from workshop_app.services.clock import FakeClock

ADD_IDEA_P50_MS = 3.0
ADD_IDEA_MAX_RATIO = 10.0
VOTE_OPS_MS = 3.0
OPEN_MS = 150.0
JSON_MS = 300.0


# --- baselines ---------------------------------------------------------------------------


def raw_connection(path: Path) -> sqlite3.Connection:
    """A plain sqlite3 connection with the PRAGMAs every Planwall connection uses."""
    from workshop_app.store.engine import set_pragmas

    con = sqlite3.connect(path, isolation_level=None)
    set_pragmas(con)
    return con


class RawInserter:
    """INSERT one note and COMMIT with plain sqlite3 and the same PRAGMAs: the floor for one change."""

    def __init__(self, path: Path, topic_id: int) -> None:
        self.con = raw_connection(path)
        self.topic_id = topic_id
        self.n = 0

    def __call__(self) -> None:
        self.n += 1
        self.con.execute("BEGIN IMMEDIATE")
        self.con.execute(
            "INSERT INTO idea(topic_id, text, author_id, created_at, position, cluster_id, "
            "is_heading) VALUES (?, ?, NULL, ?, ?, NULL, 0)",
            (self.topic_id, f"Raw baseline note {self.n}", "2026-03-10 09:00:00.000000", 10_000 + self.n),
        )
        self.con.execute("COMMIT")

    def close(self) -> None:
        self.con.close()


def timed(fn: Callable[[], object], wall: list[float], cpu: list[float]) -> None:
    """Run ``fn`` once, appending its wall-clock and CPU (this process) time in ms."""
    c0, w0 = time.process_time(), time.perf_counter()
    fn()
    wall.append((time.perf_counter() - w0) * 1000.0)
    cpu.append((time.process_time() - c0) * 1000.0)


def user_tables() -> list[str]:
    from workshop_app.model import USER_TABLES

    return list(USER_TABLES)


def raw_read_all(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Connect with plain sqlite3 and read every row of every workshop table."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {t: con.execute(f'SELECT * FROM "{t}"').fetchall() for t in user_tables()}
    finally:
        con.close()


def raw_rows_as_dicts(path: Path) -> dict[str, list[dict[str, Any]]]:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    con.row_factory = sqlite3.Row
    try:
        return {t: [dict(r) for r in con.execute(f'SELECT * FROM "{t}"')] for t in user_tables()}
    finally:
        con.close()


# --- single changes ---------------------------------------------------------------------------


def change_figures(ctx: BenchContext) -> list[Figure]:
    """Add a note (p50/p95), cast and remove a dot, undo, redo; baseline: raw INSERT+COMMIT."""
    from workshop_app.services.workshop_service import OpenWorkshop

    add50 = Figure(
        "add_idea_p50", "add a note (services, commit), p50", "ms", ADD_IDEA_P50_MS, ADD_IDEA_MAX_RATIO
    )
    add95 = Figure("add_idea_p95", "add a note (services, commit), p95", "ms", None, ADD_IDEA_MAX_RATIO)
    cast = Figure("vote_cast_p50", "cast a dot, p50", "ms", VOTE_OPS_MS)
    remove = Figure("vote_remove_p50", "remove a dot, p50", "ms", VOTE_OPS_MS)
    undo = Figure("undo_p50", "undo (a dot), p50", "ms", VOTE_OPS_MS)
    redo = Figure("redo_p50", "redo (a dot), p50", "ms", VOTE_OPS_MS)
    figures = [add50, add95, cast, remove, undo, redo]

    path = ctx.cache.fresh_copy("reference")
    clock = FakeClock(START)
    ow = OpenWorkshop.open(path, clock)
    topics = [t.id for t in ow.board.topics()]
    people = [p.id for p in ow.setup.participants()]
    raw = RawInserter(ctx.cache.fresh_copy("reference"), topics[0])
    keys = ("add", "remove", "cast", "undo", "redo", "raw")
    wall: dict[str, list[float]] = {k: [] for k in keys}
    cpu: dict[str, list[float]] = {k: [] for k in keys}
    try:
        n = ctx.reps.add_idea
        ctx.log(f"  add a note x{n}, each followed by a raw INSERT+COMMIT (same load for both)")

        def add(i: int) -> Callable[[], object]:
            topic, person = topics[i % len(topics)], people[i % len(people)]
            return lambda: ow.board.add_idea(topic, f"Benchmark note number {i}", person)

        for i in range(-5, n):  # five warm-up rounds: statements compile, caches fill
            clock.advance(3)
            w, c = (wall, cpu) if i >= 0 else ({k: [] for k in keys}, {k: [] for k in keys})
            timed(add(i), w["add"], c["add"])
            timed(raw, w["raw"], c["raw"])

        rnd = ow.voting.rounds()[0]
        ow.voting.set_open(rnd.id, True)
        dots = [(pid, item) for pid, mine in sorted(ow.voting.all_votes(rnd.id).items()) for item in mine]
        cycles = ctx.reps.vote_cycles
        ctx.log(f"  remove / cast / undo / redo x{cycles}")
        for i in range(-3, cycles):
            pid, item = dots[i % len(dots)]
            w, c = (wall, cpu) if i >= 0 else ({k: [] for k in keys}, {k: [] for k in keys})
            timed(lambda pid=pid, item=item: ow.voting.remove(rnd.id, pid, item), w["remove"], c["remove"])  # type: ignore[misc]
            timed(lambda pid=pid, item=item: ow.voting.cast(rnd.id, pid, item), w["cast"], c["cast"])  # type: ignore[misc]
            timed(ow.undo, w["undo"], c["undo"])  # takes the dot off again
            timed(ow.redo, w["redo"], c["redo"])  # and puts it back: the state is as before the cycle
            timed(raw, w["raw"], c["raw"])
    finally:
        ow.close()
        raw.close()

    base = Stats.of(wall["raw"])
    label = "sqlite3 INSERT+COMMIT, same PRAGMAs, interleaved"
    base_cpu = Stats.of(cpu["raw"]).to_dict()
    for fig, key, which in (
        (add50, "add", "p50"),
        (add95, "add", "p95"),
        (cast, "cast", "p50"),
        (remove, "remove", "p50"),
        (undo, "undo", "p50"),
        (redo, "redo", "p50"),
    ):
        st = Stats.of(wall[key])
        fig.stats, fig.baseline_stats = st, base
        fig.value = st.p95 if which == "p95" else st.p50
        fig.baseline = base.p95 if which == "p95" else base.p50
        fig.baseline_label = f"{label} ({which})"
        fig.details = {"cpu_ms": Stats.of(cpu[key]).to_dict(), "baseline_cpu_ms": base_cpu}
    return figures


# --- opening ------------------------------------------------------------------------------------


def read_for_screens(ow: Any) -> int:
    """Read what the window needs to show the Agenda and Ideas stages; returns how many things it read."""
    n = 0
    ow.workshop()
    ow.recall("stage", "setup")
    days = ow.agenda.days()
    for day in days:
        n += len(day.items)
        ow.agenda.projection(day)
    ow.agenda.status()
    people = ow.setup.participants()
    n += len(people)
    topics = ow.board.topics()
    remembered = int(ow.recall("ui.topic", "0") or 0)
    topic = next((t for t in topics if t.id == remembered), topics[0] if topics else None)
    if topic is not None:
        for ideas in ow.board.ideas_by_author(topic.id).values():
            n += len(ideas)
        n += len(ow.board.clusters(topic.id))
    n += len(ow.board.presentation_order())
    return n


def open_figure(ctx: BenchContext) -> list[Figure]:
    from workshop_app.services.workshop_service import OpenWorkshop

    fig = Figure("open_reference", "open the reference workshop, ready to show", "ms", OPEN_MS)
    path = ctx.cache.fresh_copy("reference")
    opened: list[Any] = []

    def open_and_read() -> None:
        ow = OpenWorkshop.open(path, FakeClock(START))
        opened.append(ow)
        read_for_screens(ow)

    def close() -> None:
        while opened:
            opened.pop().close()

    reps = ctx.reps.open
    ctx.log(f"  open x{reps}")
    stats = Stats.of(repeat_ms(open_and_read, reps, teardown=close, warmup=1, collect=True))
    base = Stats.of(repeat_ms(lambda: raw_read_all(path), reps, warmup=1, collect=True))
    fig.value, fig.stats, fig.baseline, fig.baseline_stats = stats.p50, stats, base.p50, base
    fig.baseline_label = "sqlite3 connect + read every row (p50)"
    fig.note = "OpenWorkshop.open (header, schema and quick checks) + Agenda/Ideas reads; close not timed"
    return [fig]


# --- JSON round trip ------------------------------------------------------------------------------


def json_figure(ctx: BenchContext) -> list[Figure]:
    from workshop_app.services.workshop_service import OpenWorkshop
    from workshop_app.store.interchange import dump_workshop, import_file, write_json_atomic

    fig = Figure("json_roundtrip_reference", "JSON dump + import of the reference", "ms", JSON_MS)
    path = ctx.cache.fresh_copy("reference")
    folder = path.parent
    state: dict[str, Any] = {}
    parts: dict[str, list[float]] = {"dump": [], "import": []}

    def setup() -> None:
        state["ow"] = OpenWorkshop.open(path, FakeClock(START), read_only=True)

    def roundtrip() -> None:
        json_path, out = folder / "roundtrip.json", folder / "roundtrip.planwall"
        parts["dump"].append(time_ms(lambda: write_json_atomic(dump_workshop(state["ow"].store), json_path)))
        parts["import"].append(time_ms(lambda: import_file(json_path, out)))

    def teardown() -> None:
        state.pop("ow").close()
        for name in ("roundtrip.json", "roundtrip.planwall"):
            (folder / name).unlink(missing_ok=True)

    reps = ctx.reps.json
    ctx.log(f"  JSON dump + import x{reps}")
    stats = Stats.of(repeat_ms(roundtrip, reps, setup=setup, teardown=teardown, warmup=1, collect=True))

    rows = raw_rows_as_dicts(path)
    plain = folder / "plain.json"

    def baseline() -> None:
        plain.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        json.loads(plain.read_text(encoding="utf-8"))

    base = Stats.of(repeat_ms(baseline, reps, warmup=1, collect=True))
    fig.value, fig.stats, fig.baseline, fig.baseline_stats = stats.p50, stats, base.p50, base
    fig.baseline_label = "json.dumps + write + read + json.loads of every row (p50)"
    fig.details = {k: Stats.of(v[1:]).to_dict() for k, v in parts.items() if len(v) > 1}
    fig.note = "dump_workshop + atomic write, then import_file (validate + new file)"
    return [fig]
