"""The core figures: single changes (add a note, dots, undo, redo), opening, JSON round trip.

Each baseline runs in the same process, on a copy of the same workshop file, right after
its figure, so that both see the same machine load.
"""

from __future__ import annotations

import json
import sqlite3
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
    from workshop_app.store.database import set_pragmas

    con = sqlite3.connect(path, isolation_level=None)
    set_pragmas(con)
    return con


def raw_insert_ms(path: Path, repeats: int, topic_id: int) -> list[float]:
    """INSERT one note and COMMIT, with plain sqlite3 (WAL, synchronous=FULL): the floor for a change."""
    con = raw_connection(path)
    try:
        samples = []
        for i in range(repeats):

            def insert(i: int = i) -> None:
                con.execute("BEGIN IMMEDIATE")
                con.execute(
                    "INSERT INTO idea(topic_id, text, author_id, created_at, position, cluster_id, "
                    "is_heading) VALUES (?, ?, NULL, ?, ?, NULL, 0)",
                    (topic_id, f"Raw baseline note {i}", "2026-03-10 09:00:00.000000", 10_000 + i),
                )
                con.execute("COMMIT")

            samples.append(time_ms(insert))
        return samples
    finally:
        con.close()


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
    try:
        topics = [t.id for t in ow.board.topics()]
        people = [p.id for p in ow.setup.participants()]
        n = ctx.reps.add_idea
        ctx.log(f"  add a note x{n}")

        def add(i: int) -> None:
            clock.advance(3)
            ow.board.add_idea(topics[i % len(topics)], f"Benchmark note number {i}", people[i % len(people)])

        for i in range(5):  # warm-up: first statements compile and cache
            add(-1 - i)
        samples = [time_ms(lambda i=i: add(i)) for i in range(n)]  # type: ignore[misc]
        stats = Stats.of(samples)

        rnd = ow.voting.rounds()[0]
        ow.voting.set_open(rnd.id, True)
        dots = [(pid, item) for pid, mine in sorted(ow.voting.all_votes(rnd.id).items()) for item in mine]
        cycles = ctx.reps.vote_cycles
        ctx.log(f"  remove / cast / undo / redo x{cycles}")
        times: dict[str, list[float]] = {"remove": [], "cast": [], "undo": [], "redo": []}
        for i in range(cycles + 3):
            pid, item = dots[i % len(dots)]
            r = time_ms(lambda pid=pid, item=item: ow.voting.remove(rnd.id, pid, item))  # type: ignore[misc]
            c = time_ms(lambda pid=pid, item=item: ow.voting.cast(rnd.id, pid, item))  # type: ignore[misc]
            u = time_ms(ow.undo)  # takes the dot off again
            d = time_ms(ow.redo)  # and puts it back: the state is as before the cycle
            if i >= 3:  # the first cycles warm up
                for key, value in (("remove", r), ("cast", c), ("undo", u), ("redo", d)):
                    times[key].append(value)
    finally:
        ow.close()

    base_path = ctx.cache.fresh_copy("reference")
    raw = raw_insert_ms(base_path, n + 5, topics[0])[5:]
    base = Stats.of(raw)
    label = "sqlite3 INSERT+COMMIT, same PRAGMAs"
    for fig, value, bvalue in ((add50, stats.p50, base.p50), (add95, stats.p95, base.p95)):
        fig.value, fig.stats, fig.baseline, fig.baseline_stats = value, stats, bvalue, base
        fig.baseline_label = f"{label} ({'p50' if fig is add50 else 'p95'})"
    for fig, key in ((cast, "cast"), (remove, "remove"), (undo, "undo"), (redo, "redo")):
        s = Stats.of(times[key])
        fig.value, fig.stats, fig.baseline, fig.baseline_stats = s.p50, s, base.p50, base
        fig.baseline_label = f"{label} (p50)"
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
