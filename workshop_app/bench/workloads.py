"""Deterministic benchmark workshops, generated the way a facilitator would fill them.

The **reference** workshop is built only through the services, with a ``FakeClock``, while
the two-day JBP agenda is run item by item (so minutes are stamped with the running item and
the agenda has real start/end times): 16 people, 6 topics, 300 notes, 40 clusters, two dot
votes where every person places 6 dots, 7 rocks with metrics, owners and risks, interest from
everyone on every rock, 150 minutes entries, 60 actions and 16 feedback entries.

The **stress** workshop is ten times the reference's notes, clusters, minutes and actions.
Generating it through the services would take minutes (each change is one fsynced commit),
so it is made from the reference's interchange JSON: every topic's notes and clusters, the
minutes and the actions are copied nine more times with fresh ids, and the document goes
through the normal validating import.  People (16), topics (6), votes, rocks (7, the rule's
limit), interest and feedback stay as in the reference: a room does not grow tenfold, and the
vote budget bounds the dots.

``WorkloadCache`` builds each workload once per benchmark run in a temporary folder and hands
out fresh copies for figures that change the file.
"""

from __future__ import annotations

import copy
import json
import random
import shutil
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from workshop_app.services.clock import FakeClock

TEMPLATE = "two-day-jbp"
FIRST_DAY = date(2026, 3, 10)
START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
SEED = "planwall-bench-1"
STRESS_FACTOR = 10


@dataclass(frozen=True)
class WorkloadSpec:
    """How much a generated workshop holds."""

    participants: int = 16
    topics: int = 6  # the template brings 4; the rest are added
    ideas: int = 300
    clusters: int = 40
    ideas_per_cluster: int = 4
    rounds: int = 2
    dots_per_person: int = 6
    rocks: int = 7
    risks_per_rock: int = 2
    minutes: int = 150
    actions: int = 60
    feedback: int = 16


REFERENCE = WorkloadSpec()


def expected_counts(spec: WorkloadSpec = REFERENCE, factor: int = 1) -> dict[str, int]:
    """What ``OpenWorkshop.counts()`` reports for a generated workshop (``factor`` = stress scale).

    ``agenda_items`` is left out: it comes from the template.
    """
    return {
        "participants": spec.participants,
        "topics": spec.topics,
        "ideas": spec.ideas * factor,
        "clusters": spec.clusters * factor,
        "rocks": spec.rocks,
        "interest": spec.participants * spec.rocks,
        "minutes": spec.minutes * factor,
        "actions": spec.actions * factor,
        "feedback": spec.feedback,
        "dots": spec.participants * spec.dots_per_person * spec.rounds,
    }


# --- text ------------------------------------------------------------------------

FIRST_NAMES = (
    "Amelia", "Rahul", "Chloé", "Tom", "Grace", "Owen", "Nadia", "Jonas",
    "Priya", "Marek", "Sofia", "Daniel", "Eleni", "Ivan", "Hannah", "Kwame",
    "Lucía", "Mateo", "Aisha", "Björn",
)  # fmt: skip
LAST_NAMES = (
    "Hart", "Mehta", "Durand", "Becker", "Liu", "Price", "Karimi", "Lindqvist",
    "Nair", "Nowak", "Rossi", "O'Brien", "Papadopoulou", "Petrov", "Schmidt", "Mensah",
    "García", "Silva", "Khan", "Olsen",
)  # fmt: skip
JOBS = (
    "Commercial Director", "National Account Manager", "Category Insight Lead", "Supply Chain Manager",
    "Trade Marketing Manager", "Finance Business Partner", "Shopper Marketing Executive",
    "Category Manager", "Replenishment Lead", "Space & Range Planner", "E-commerce Manager",
)  # fmt: skip
VERBS = (
    "Launch", "Fix", "Share", "Agree", "Pilot", "Measure", "Reduce", "Grow", "Simplify",
    "Co-fund", "Review", "Extend", "Protect", "Test",
)  # fmt: skip
OBJECTS = (
    "the promo forecast", "high-protein range", "on-shelf availability", "the chilled tail",
    "retail media spend", "recyclable packaging", "weekly EDI feed", "store-cluster ranging",
    "loyalty offers", "the launch calendar", "food waste", "meal-deal inclusion",
    "the joint dashboard", "secondary space", "price-per-kg messaging", "shopper research",
)  # fmt: skip
QUALIFIERS = (
    "for the top 100 stores", "before the summer reset", "in the North region", "with weekly reviews",
    "for single households", "by end of Q3", "on the app", "across both chains",
    "with one shared number", "at the till points", "for online orders", "for the Easter event",
)  # fmt: skip
MINUTES_OPENERS = (
    "The group agreed that", "Discussion showed that", "Concern raised that",
    "Parked for later:", "Both sides noted that", "The retailer pointed out that",
    "The supplier offered that",
)  # fmt: skip


class _Text:
    """Deterministic, realistic-length workshop text."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def idea(self) -> str:
        r = self.rng
        return f"{r.choice(VERBS)} {r.choice(OBJECTS)} {r.choice(QUALIFIERS)}"

    def heading(self) -> str:
        r = self.rng
        return f"{r.choice(OBJECTS).capitalize()} {r.choice(QUALIFIERS)}"

    def sentence(self, parts: int = 2) -> str:
        r = self.rng
        body = "; ".join(
            f"{r.choice(VERBS).lower()} {r.choice(OBJECTS)} {r.choice(QUALIFIERS)}" for _ in range(parts)
        )
        return f"{r.choice(MINUTES_OPENERS)} we should {body}."


# --- the reference workshop ---------------------------------------------------------


Task = Callable[[], object]


def _spread(base: list[Task], extra: list[Task]) -> list[Task]:
    """Interleave ``extra`` evenly into ``base`` (order within each list kept)."""
    if not base:
        return list(extra)
    result: list[Task] = []
    n, m = len(base), len(extra)
    j = 0
    for i, task in enumerate(base):
        result.append(task)
        while j < m and (j + 1) * n <= (i + 1) * m:
            result.append(extra[j])
            j += 1
    result.extend(extra[j:])
    return result


def _chunks(tasks: list[Task], parts: int) -> Iterator[list[Task]]:
    for i in range(parts):
        yield tasks[len(tasks) * i // parts : len(tasks) * (i + 1) // parts]


def build_reference(path: Path, spec: WorkloadSpec = REFERENCE) -> dict[str, int]:
    """Create the reference workshop at ``path`` through the services; returns its counts."""
    from workshop_app.model import ActionStatus, MinutesKind, Side
    from workshop_app.rules.voting import ItemRef
    from workshop_app.services.workshop_service import OpenWorkshop

    rng = random.Random(SEED)
    text = _Text(rng)
    clock = FakeClock(START - timedelta(hours=1))
    ow = OpenWorkshop.create_from_template(TEMPLATE, path, clock, title="Benchmark JBP", first_day=FIRST_DAY)
    try:
        # Set-up before the room fills: details, people, the two extra topics.
        for field, value in (
            ("supplier_name", "Northfield Dairy"),
            ("customer_name", "FreshWay Stores"),
            ("location", "Leeds, Meeting room 4"),
            ("facilitator", "Sam Okafor"),
            ("vision", "Grow chilled protein together by making it easy to find, fresh and fairly priced."),
        ):
            ow.setup.set_detail(field, value)
        people: list[int] = []
        for i in range(spec.participants):
            side = Side.SUPPLIER if i % 2 == 0 else Side.CUSTOMER
            person = ow.setup.add_participant(
                f"{FIRST_NAMES[i % len(FIRST_NAMES)]} {LAST_NAMES[i % len(LAST_NAMES)]}",
                side,
                JOBS[i % len(JOBS)],
                is_leader=i < 2,
                experience_rank=9 if i < 2 else 1 + (i * 7) % 8,
            )
            people.append(person.id)
        template_topics = len(ow.board.topics())
        for i in range(spec.topics - template_topics):
            ow.board.add_topic(
                f"Extra topic {i + 1}: {text.heading()}", "What would make the biggest difference?"
            )
        topics = [t.id for t in ow.board.topics()][: spec.topics]

        ideas: dict[int, list[int]] = {t: [] for t in topics}
        rock_ids: list[int] = []
        round_ids: list[int] = []

        def add_idea(n: int) -> Task:
            topic = topics[n % len(topics)]
            author = None if n % 10 == 9 else people[n % len(people)]
            return lambda: ideas[topic].append(ow.board.add_idea(topic, text.idea(), author).id)

        def add_cluster(n: int) -> Task:
            topic = topics[n % len(topics)]
            k = n // len(topics)  # the topic's k-th cluster
            size = spec.ideas_per_cluster

            def run() -> None:
                members = ideas[topic][k * size : (k + 1) * size]
                ow.board.create_cluster(topic, text.heading(), members)

            return run

        def vote_round(n: int) -> Task:
            def run() -> None:
                topic = topics[n % len(topics)]
                rnd = ow.voting.create_round(topic, votes_per_person=spec.dots_per_person)
                round_ids.append(rnd.id)
                items = ow.board.eligible_items(topic)
                for i, person in enumerate(people):
                    favourites = items[: min(len(items), 14)]
                    picks = random.Random(f"{SEED}-{n}-{i}").sample(favourites, min(len(favourites), 4))
                    for d in range(spec.dots_per_person):  # several dots on favourites: allowed
                        ow.voting.cast(rnd.id, person, picks[d % len(picks)])
                ow.voting.set_open(rnd.id, False)
                ow.voting.reveal(rnd.id)

            return run

        def rocks() -> None:
            chosen: list[ItemRef] = []
            for i, rid in enumerate(round_ids):
                share = spec.rocks // len(round_ids) + (1 if i < spec.rocks % len(round_ids) else 0)
                chosen += [row.item for row in ow.voting.results(rid).items[:share]]
            for i, item in enumerate(chosen[: spec.rocks]):
                rock = ow.rocks.promote(item)
                rock_ids.append(rock.id)
                ow.rocks.set_metric(
                    rock.id,
                    name=f"Metric {i + 1}: {rng.choice(OBJECTS)}",
                    unit=rng.choice(("%", "£k", "stores", "days", "pts")),
                    baseline=str(10 + i * 3),
                    target=str(20 + i * 5),
                    direction="up" if i % 3 else "down",
                    due_date=FIRST_DAY + timedelta(days=90 + 7 * i),
                )
                ow.rocks.update(rock.id, owner_id=people[i % len(people)])
                for _ in range(spec.risks_per_rock):
                    ow.rocks.add_risk(rock.id, text.sentence(1), text.sentence(1))

        def interest(pi: int) -> Task:
            def run() -> None:
                for ri, rid in enumerate(rock_ids):
                    ow.rocks.set_interest(people[pi], rid, 1 + (pi + ri) % 3)

            return run

        kinds = [
            MinutesKind.NOTE,
            MinutesKind.NOTE,
            MinutesKind.DECISION,
            MinutesKind.RISK,
            MinutesKind.PARKING_LOT,
        ]

        def minutes(n: int) -> Task:
            return lambda: ow.minutes.add(text.sentence(1 + n % 3), kinds[n % len(kinds)])

        statuses = [ActionStatus.OPEN, ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.DONE]

        def action(n: int) -> Task:
            return lambda: ow.actions.add(
                text.idea(),
                owner_id=people[(n * 5) % len(people)] if n % 7 else None,
                due_date=FIRST_DAY + timedelta(days=14 + n % 60),
                rock_id=rock_ids[n % len(rock_ids)] if rock_ids and n % 2 == 0 else None,
                status=statuses[n % len(statuses)],
            )

        def feedback(n: int) -> Task:
            return lambda: ow.feedback.add(
                3 + n % 3,
                f"Worked: {text.idea().lower()}",
                f"Change: {text.idea().lower()}",
                people[n % len(people)] if n < len(people) else None,
            )

        board: list[Task] = [add_idea(n) for n in range(spec.ideas)]
        board += [add_cluster(n) for n in range(spec.clusters)]
        board += [vote_round(n) for n in range(spec.rounds)]
        board.append(rocks)
        later: list[Task] = [interest(i) for i in range(len(people))]
        later = _spread(later, [action(n) for n in range(spec.actions)])
        later += [feedback(n) for n in range(spec.feedback)]
        tasks = _spread(board + later, [minutes(n) for n in range(spec.minutes)])

        # Run the agenda: each item gets its share of the work, the clock moves through the day.
        items = ow.agenda.all_items()
        day_of = {i.id: i.day_id for i in items}
        current_day = None
        for item, chunk in zip(items, _chunks(tasks, len(items)), strict=True):
            if day_of[item.id] != current_day:
                if current_day is not None:
                    ow.agenda.end_current()
                    clock.set(START + timedelta(days=1))
                current_day = day_of[item.id]
                if clock.now() < START:
                    clock.set(START)
            planned = (item.planned_minutes + item.id % 3) * 60
            ow.agenda.start(item.id)
            for task in chunk:
                task()
                clock.advance(planned / max(1, len(chunk)))
            if not chunk:
                clock.advance(planned)
        ow.agenda.end_current()
        return ow.counts()
    finally:
        ow.close()


# --- the stress workshop -------------------------------------------------------------


def scale_document(doc: dict[str, Any], factor: int) -> dict[str, Any]:
    """A copy of an interchange document with notes, clusters, minutes and actions ``factor`` times.

    Copies get fresh ids; copied notes point at the copied clusters, copied texts end in
    `` [k]`` so that every copy is told apart.  Votes, rocks and interest keep pointing at the
    originals (copy 0).
    """
    out = copy.deepcopy(doc)
    topics = out["topics"]
    next_cluster = 1 + max((c["id"] for t in topics for c in t["clusters"]), default=0)
    next_idea = 1 + max((i["id"] for t in topics for i in t["ideas"]), default=0)
    for topic in topics:
        clusters, ideas = list(topic["clusters"]), list(topic["ideas"])
        for k in range(1, factor):
            new_id: dict[int, int] = {}
            for c in clusters:
                new_id[c["id"]] = next_cluster
                topic["clusters"].append({**c, "id": next_cluster, "title": f"{c['title']} [{k}]"})
                next_cluster += 1
            for i in ideas:
                cluster = i["cluster"]
                topic["ideas"].append(
                    {
                        **i,
                        "id": next_idea,
                        "text": f"{i['text']} [{k}]",
                        "cluster": None if cluster is None else new_id[cluster],
                    }
                )
                next_idea += 1
    for key, field in (("minutes", "text"), ("actions", "text")):
        rows = list(out[key])
        next_id = 1 + max((r["id"] for r in rows), default=0)
        for k in range(1, factor):
            for r in rows:
                out[key].append({**r, "id": next_id, field: f"{r[field]} [{k}]"})
                next_id += 1
    return out


def build_stress(reference: Path, out: Path, factor: int = STRESS_FACTOR) -> dict[str, int]:
    """Create the stress workshop at ``out`` from the reference file; returns its counts."""
    from workshop_app.services.workshop_service import OpenWorkshop
    from workshop_app.store.interchange import dump_workshop, import_file, write_json_atomic

    ow = OpenWorkshop.open(reference, FakeClock(START), read_only=True)
    try:
        doc = dump_workshop(ow.store)
    finally:
        ow.close()
    json_path = out.with_suffix(".json")
    write_json_atomic(scale_document(doc, factor), json_path)
    import_file(json_path, out)
    json_path.unlink()
    stress = OpenWorkshop.open(out, FakeClock(START), read_only=True)
    try:
        return stress.counts()
    finally:
        stress.close()


# --- one set of workloads per run ---------------------------------------------------------


@dataclass
class Workload:
    name: str
    path: Path
    counts: dict[str, int]
    seconds: float  # how long generating it took
    method: str


class WorkloadCache:
    """Generates each workload once per run under ``root`` and hands out fresh copies."""

    def __init__(
        self, root: Path, spec: WorkloadSpec = REFERENCE, stress_factor: int = STRESS_FACTOR
    ) -> None:
        self.root = root
        self.spec = spec
        self.stress_factor = stress_factor
        self._built: dict[str, Workload] = {}
        self._copies = 0

    def reference(self) -> Workload:
        if "reference" not in self._built:
            path = self.root / "reference.planwall"
            start = time.perf_counter()
            counts = build_reference(path, self.spec)
            self._built["reference"] = Workload(
                "reference", path, counts, time.perf_counter() - start, "services (FakeClock, agenda run)"
            )
        return self._built["reference"]

    def stress(self) -> Workload:
        if "stress" not in self._built:
            ref = self.reference()
            path = self.root / "stress.planwall"
            start = time.perf_counter()
            counts = build_stress(ref.path, path, self.stress_factor)
            self._built["stress"] = Workload(
                "stress",
                path,
                counts,
                time.perf_counter() - start,
                f"reference JSON scaled x{self.stress_factor}, imported",
            )
        return self._built["stress"]

    def get(self, name: str) -> Workload:
        return self.stress() if name == "stress" else self.reference()

    def fresh_copy(self, name: str) -> Path:
        """A new copy of a workload's file that a figure may change or lock."""
        source = self.get(name).path
        self._copies += 1
        folder = self.root / f"copy-{self._copies}"
        folder.mkdir()
        target = folder / source.name
        shutil.copy2(source, target)
        for suffix in ("-wal", "-shm"):
            side = Path(f"{source}{suffix}")
            if side.exists():
                shutil.copy2(side, Path(f"{target}{suffix}"))
        return target

    def describe(self) -> dict[str, Any]:
        return {
            name: {
                "counts": w.counts,
                "generation_s": round(w.seconds, 2),
                "method": w.method,
                "file_bytes": w.path.stat().st_size,
            }
            for name, w in self._built.items()
        }


def dump_json(path: Path) -> str:
    """The interchange JSON of a workshop file (for tests and baselines)."""
    from workshop_app.services.workshop_service import OpenWorkshop
    from workshop_app.store.interchange import dump_workshop

    ow = OpenWorkshop.open(path, FakeClock(START), read_only=True)
    try:
        return json.dumps(dump_workshop(ow.store), ensure_ascii=False)
    finally:
        ow.close()
