"""The process the kill tests SIGKILL: a scripted, seeded stream of changes through the services.

    python kill_worker.py FILE SEED WORKLOAD STEPS

opens FILE with the lock, prints ``READY``, then performs STEPS changes chosen by a
seeded random generator from the WORKLOAD's mix (ideas, votes, undo, agenda, rocks,
backup) and prints ``<step> <description>`` (flushed) once each call has returned.
The script is deterministic: ``run_script`` replayed in the test on a copy of the
same start file gives the state after every step, which the killed file must match.
"""

from __future__ import annotations

import random
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from workshop_app.errors import PlanwallError
from workshop_app.rules.voting import ItemRef
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.backup import BackupFailedError, make_backup
from workshop_app.store.database import WorkshopStore

START = datetime(2026, 3, 10, 8, 30, tzinfo=UTC)
WORKLOADS: dict[str, dict[str, int]] = {
    "ideas": {"idea": 6, "edit": 2, "delete": 1, "group": 2, "leave": 1},
    "votes": {"idea": 2, "round": 1, "cast": 8, "uncast": 2, "reveal": 1},
    "undo": {"idea": 3, "cast": 2, "group": 1, "undo": 4, "redo": 2, "person": 1},
    "agenda": {"start": 1, "advance": 3, "pause": 2, "extend": 1, "move": 2, "minutes": 2, "undo": 1},
    "rocks": {"rock": 2, "risk": 2, "interest": 4, "action": 2, "minutes": 1, "undo": 1},
    "backup": {"idea": 3, "cast": 2, "minutes": 1, "undo": 1, "backup": 1},
}


def clock() -> FakeClock:
    return FakeClock(START)


def open_workshop(path: Path, clk: FakeClock, *, lock: bool) -> OpenWorkshop:
    store = WorkshopStore.open(path, lock=lock)
    store.now = clk.now  # "last saved" from the same fake clock in the worker and the replay
    return OpenWorkshop(store, clk)


def _step(ow: OpenWorkshop, rng: random.Random, kind: str, i: int) -> str:
    topic = ow.board.topics()[i % 2]
    ideas = ow.board.ideas(topic.id)
    people = ow.voting.voters()
    if kind == "idea":
        author = rng.choice([None, *[p.id for p in people]])
        ow.board.add_idea(topic.id, f"Idea {i}: {rng.choice(['shelf', 'promo', 'data', 'range'])} ✓", author)
        return f"add idea {i}"
    if kind == "edit" and ideas:
        idea = rng.choice(ideas)
        ow.board.edit_idea(idea.id, f"{idea.text} (edited {i})")
        return f"edit idea {idea.id}"
    if kind == "delete" and ideas:
        idea = rng.choice(ideas)
        ow.board.delete_idea(idea.id, force=True)
        return f"delete idea {idea.id}"
    if kind == "group" and len(ideas) >= 2:
        a, b = rng.sample(ideas, 2)
        ow.board.group(a.id, b.id, f"Group {i}")
        return f"group {a.id} onto {b.id}"
    if kind == "leave":
        grouped = [x for x in ideas if x.cluster_id is not None]
        if grouped:
            ow.board.leave(rng.choice(grouped).id)
            return "leave cluster"
    if kind == "round" and ow.board.eligible_items(topic.id):
        ow.voting.create_round(topic.id)
        return f"start vote on topic {topic.id}"
    if kind in ("cast", "uncast", "reveal"):
        rounds = [r for r in ow.voting.rounds() if r.is_open and ow.board.eligible_items(r.topic_id)]
        if not rounds:
            if ow.board.eligible_items(topic.id):
                ow.voting.create_round(topic.id)
                return f"start vote on topic {topic.id}"
            ow.board.add_idea(topic.id, f"Idea {i} to vote on")
            return f"add idea {i}"
        rnd = rng.choice(rounds)
        if kind == "reveal":
            ow.voting.reveal(rnd.id)
            return f"reveal round {rnd.id}"
        person = rng.choice(people)
        if kind == "uncast":
            mine = ow.voting.person_votes(rnd.id, person.id)
            if mine:
                ow.voting.remove(rnd.id, person.id, rng.choice(sorted(mine)))
                return f"remove a dot of {person.id}"
        item: ItemRef = rng.choice(ow.board.eligible_items(rnd.topic_id))
        ow.voting.cast(rnd.id, person.id, item)
        return f"dot by {person.id} on {item.kind} {item.id}"
    if kind == "undo":
        return f"undo {ow.undo()}"
    if kind == "redo":
        return f"redo {ow.redo()}"
    if kind == "person":
        p = ow.setup.add_participant(
            f"Guest {i}", rng.choice(["supplier", "customer"]), experience_rank=i % 5
        )
        return f"add person {p.id}"
    if kind == "start":
        item = ow.agenda.start()
        return f"start agenda item {item.id}"
    if kind == "advance":
        nxt = ow.agenda.advance()
        return f"advance to {nxt.id if nxt else 'end'}"
    if kind == "pause":
        ow.agenda.toggle_pause()
        return "pause/resume"
    if kind == "extend":
        ow.agenda.extend(rng.choice([5, 10]))
        return "extend"
    if kind == "move":
        items = ow.agenda.all_items()
        ow.agenda.move_item_by(rng.choice(items).id, rng.choice([-1, 1]))
        return "move agenda item"
    if kind == "minutes":
        m = ow.minutes.add(f"Decision {i}: agreed", rng.choice(["note", "decision", "risk", "parking_lot"]))
        return f"minutes {m.id}"
    if kind == "rock":
        r = ow.rocks.add(f"Rock {i}", "scope", override=True)
        return f"add rock {r.id}"
    rocks = ow.rocks.rocks()
    if kind == "risk" and rocks:
        ow.rocks.add_risk(rng.choice(rocks).id, f"Risk {i}", "mitigate")
        return "add risk"
    if kind == "interest" and rocks:
        ow.rocks.set_interest(rng.choice(people).id, rng.choice(rocks).id, rng.randint(0, 3))
        return "set interest"
    if kind == "action":
        owner = rng.choice(people).id
        ow.actions.add(f"Action {i}", owner_id=owner, rock_id=rng.choice(rocks).id if rocks else None)
        return "add action"
    ow.board.add_idea(topic.id, f"Filler idea {i}")
    return f"add idea {i}"


def run_script(
    ow: OpenWorkshop,
    clk: FakeClock,
    seed: int,
    workload: str,
    steps: int,
    on_step: Callable[[int, str], None],
    on_backup: Callable[[], None] | None = None,
) -> None:
    """Perform the seeded changes; ``on_step(i, description)`` after each call returns."""
    rng = random.Random(f"{workload}-{seed}")
    kinds, weights = zip(*WORKLOADS[workload].items(), strict=True)
    for i in range(1, steps + 1):
        kind = rng.choices(kinds, weights)[0]
        clk.advance(7)
        if kind == "backup":
            if on_backup is not None:
                on_backup()
            on_step(i, "backup")
            continue
        try:
            desc = _step(ow, rng, kind, i)
        except PlanwallError as exc:  # refused by the rules (budget spent...): nothing changed
            desc = f"refused {kind}: {type(exc).__name__}"
        on_step(i, desc)


def main(argv: list[str]) -> None:
    path, seed, workload, steps = Path(argv[0]), int(argv[1]), argv[2], int(argv[3])
    clk = clock()
    ow = open_workshop(path, clk, lock=True)

    def backup_now() -> None:
        try:
            make_backup(path, "auto")
        except BackupFailedError as exc:
            print(f"backup failed: {exc}", file=sys.stderr, flush=True)

    if workload == "backup":  # and backups keep running in a thread, as the GUI's worker does

        def loop() -> None:
            while True:
                backup_now()

        threading.Thread(target=loop, daemon=True).start()
    print("READY", flush=True)
    run_script(ow, clk, seed, workload, steps, lambda i, d: print(f"{i} {d}", flush=True), backup_now)
    ow.close()
    print("DONE", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
