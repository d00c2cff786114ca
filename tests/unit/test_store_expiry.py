"""After a change only the objects that show changed tables are expired (the rest stay loaded
and cost no query). Whatever was loaded must still say what the file says: columns, lists and
references, through cascades, undo and redo."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import inspect, select
from sqlalchemy.orm import MANYTOONE, Session

from workshop_app.model import Base
from workshop_app.paths import samples_dir
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.engine import make_engine
from workshop_app.store.interchange import import_file

MAPPERS = list(Base.registry.mappers)


def load_everything(ow: OpenWorkshop, kept: dict[Any, Any]) -> dict[Any, Any]:
    """Every row of every mapped class, with every relationship loaded, added to ``kept``
    (which holds them: the session itself holds loaded objects weakly)."""
    for mapper in MAPPERS:
        for obj in ow.store.session.scalars(select(mapper.class_)):
            for rel in mapper.relationships:
                getattr(obj, rel.key)
            kept[(mapper.class_, inspect(obj).identity)] = obj
    return kept


def ident(obj: Any) -> Any:
    return None if obj is None else inspect(obj).identity


def picture(obj: Any) -> dict[str, Any]:
    """What a loaded object says: its columns, its references and its lists (by identity)."""
    mapper = inspect(obj).mapper
    seen: dict[str, Any] = {c.key: getattr(obj, c.key) for c in mapper.column_attrs}
    for rel in mapper.relationships:
        value = getattr(obj, rel.key)
        seen[rel.key] = ident(value) if rel.direction is MANYTOONE else [ident(v) for v in value]
    return seen


def assert_all_true(ow: OpenWorkshop, kept: dict[Any, Any], step: str) -> None:
    engine = make_engine(ow.store.path, read_only=True)  # its own connection and identity map
    fresh = Session(engine)
    try:
        now = {(m.class_, inspect(o).identity): o for m in MAPPERS for o in fresh.scalars(select(m.class_))}
        checked = 0
        for key, obj in kept.items():
            if key not in now:
                continue  # deleted (reading it raises ObjectDeletedError, as before)
            assert picture(obj) == picture(now[key]), f"{step}: {key[0].__name__} {key[1]}"
            checked += 1
        assert checked > 300
    finally:
        fresh.close()
        engine.dispose()


@pytest.fixture
def sample(tmp_path: Path) -> OpenWorkshop:
    path = tmp_path / "sample.planwall"
    import_file(samples_dir() / "complete-jbp.json", path)
    ow = OpenWorkshop.open(path)
    yield ow  # type: ignore[misc]
    ow.close()


def steps(ow: OpenWorkshop) -> list[tuple[str, Callable[[], object]]]:
    topic = ow.board.topics()[0]
    t = topic.id
    ideas = ow.board.ideas(t)
    clustered = next(i for i in ideas if i.cluster_id is not None)
    loose = next(i for i in ideas if i.cluster_id is None)
    cluster_id = clustered.cluster_id
    assert cluster_id is not None
    people = ow.setup.participants()
    voter = ow.voting.voters()[0].id
    rnd = ow.voting.rounds(t)[0].id
    rock = ow.rocks.rocks()[0].id
    item = ow.agenda.all_items()[1].id
    return [
        ("add a note", lambda: ow.board.add_idea(t, "A new note", people[0].id)),
        ("edit a note", lambda: ow.board.edit_idea(loose.id, "Reworded")),
        ("a note joins a cluster", lambda: ow.board.join(loose.id, cluster_id)),
        ("a note leaves", lambda: ow.board.leave(clustered.id)),
        ("rename a cluster", lambda: ow.board.rename_cluster(cluster_id, "Renamed")),
        ("reopen the vote", lambda: ow.voting.set_open(rnd, True)),
        (
            "a dot removed",
            lambda: ow.voting.remove(rnd, voter, next(iter(ow.voting.person_votes(rnd, voter)))),
        ),
        ("a dot", lambda: ow.voting.cast(rnd, voter, ow.board.eligible_items(t)[0])),
        ("reveal", lambda: ow.voting.reveal(rnd, False)),
        ("promote", lambda: ow.rocks.promote(ow.board.eligible_items(t)[0], override=True)),
        ("interest", lambda: ow.rocks.set_interest(voter, rock, 1)),
        ("a risk", lambda: ow.rocks.add_risk(rock, "Late data", "Weekly call")),
        ("start an item", lambda: ow.agenda.start(item)),
        ("pause", ow.agenda.pause),
        ("+5", lambda: ow.agenda.extend(5)),
        ("a minutes entry", lambda: ow.minutes.add("We agree", "decision")),
        ("an action", lambda: ow.actions.add("Send data", owner_id=voter, rock_id=rock)),
        ("feedback", lambda: ow.feedback.add(4, "good", "more time")),
        ("a detail", lambda: ow.setup.set_detail("title", "Renamed workshop")),
        ("a person renamed", lambda: ow.setup.update_participant(voter, name="Someone Else")),
        ("delete a rock (cascades)", lambda: ow.rocks.delete(rock)),
        ("delete a person (cascades, SET NULL)", lambda: ow.setup.delete_participant(voter)),
        ("delete a cluster's note", lambda: ow.board.delete_idea(clustered.id, force=True)),
        ("delete a topic (cascades)", lambda: ow.board.delete_topic(t)),
        *[(f"undo {n}", lambda: ow.store.history.undo_label and ow.undo()) for n in range(30)],
        *[(f"redo {n}", lambda: ow.store.history.redo_label and ow.redo()) for n in range(30)],
    ]


# Deleting a topic whose rounds' dots are all loaded: the ORM deletes each loaded dot after the
# database's cascades (from the topic's notes) already removed some; the outcome is exact (compared
# below), SQLAlchemy only warns that fewer rows matched than it expected.
@pytest.mark.filterwarnings("ignore:DELETE statement on table 'vote' expected")
def test_what_stays_loaded_after_each_change_is_what_the_file_says(sample: OpenWorkshop) -> None:
    ow = sample
    plan = steps(ow)
    kept = load_everything(ow, {})
    assert len(kept) > 500
    for name, step in plan:
        step()
        assert_all_true(ow, kept, name)
        load_everything(ow, kept)  # and what the step brought in, with every list loaded again


def test_a_change_leaves_objects_of_other_tables_loaded(sample: OpenWorkshop) -> None:
    """The point of it: a minutes entry does not make the agenda, the board or the votes load
    again (the timer reads the agenda after every change)."""
    ow = sample
    kept = load_everything(ow, {})
    ow.minutes.add("We agree", "decision")
    expired = {type(o).__name__ for o in kept.values() if inspect(o).expired_attributes}
    # the entries (their table changed), the workshop's list of them and its "last saved", and
    # the open marker (app_state, stamped with every change)
    assert expired == {"MinutesEntry", "Workshop", "AppState"}
    assert not any(inspect(o).expired_attributes for o in ow.agenda.all_items())


def test_kept_objects_are_kept_with_every_table_they_show() -> None:
    from workshop_app.model import (
        AgendaDay,
        AgendaItem,
        AgendaPause,
        Feedback,
        FrameItem,
        Participant,
        Rock,
        RockRisk,
    )
    from workshop_app.services.agenda_service import AGENDA_TABLES
    from workshop_app.store.revisions import shown_by_table

    def shown(*classes: type) -> set[str]:
        return {t for cls in classes for t in shown_by_table(cls)}  # type: ignore[arg-type]

    assert shown(AgendaDay, AgendaItem, AgendaPause) == set(AGENDA_TABLES)
    assert shown(Rock, RockRisk) == {"rock", "rock_risk"}  # RockService.rocks()
    assert shown(Feedback) == {"feedback"}  # FeedbackService.entries()
    assert shown(Participant) == {"participant"}  # ServiceBase._people()
    assert shown(FrameItem) == {"frame_item"}  # SetupService.frame_items()


def test_the_timer_reads_nothing_after_a_change_elsewhere(sample: OpenWorkshop) -> None:
    from sqlalchemy import event

    ow = sample
    ow.agenda.start(ow.agenda.all_items()[0].id)
    ow.agenda.status()
    seen: list[str] = []
    event.listen(ow.store.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    ow.minutes.add("We agree", "decision")
    seen.clear()
    status = ow.agenda.status()
    assert seen == []
    assert status.item_id == ow.agenda.all_items()[0].id
    ow.agenda.extend(5)
    assert ow.agenda.status().allowed_seconds == status.allowed_seconds + 300


def test_what_services_keep_between_changes_follows_every_change(sample: OpenWorkshop) -> None:
    """Counts, feedback, the agenda, vote results and suggested owners are kept until a table
    they are read from changes: after each change, undo and redo they equal a fresh read."""
    ow = sample

    def read(o: OpenWorkshop) -> object:
        return (
            o.counts(),
            [(f.id, f.rating, f.worked) for f in o.feedback.entries()],
            o.feedback.average(),
            [
                (i.id, i.title, i.started_at, i.planned_minutes + i.extra_minutes)
                for i in o.agenda.all_items()
            ],
            [(r.id, res) for r, res in o.voting.results_by_round()],
            o.rocks.suggested_owners(),
            [(r.id, r.title, r.owner_id, [k.risk for k in r.risks]) for r in o.rocks.rocks()],
            [(p.id, p.name, p.side) for p in o.setup.participants()],
            [p.id for p in o.voting.voters()],
            [(f.id, f.text) for kind in ("objective", "principle") for f in o.setup.frame_items(kind)],
        )

    objective = ow.setup.frame_items("objective")[0].id
    plan = [
        *steps(ow),
        ("an objective", lambda: ow.setup.add_frame_item("objective", "Grow together")),
        ("an objective edited", lambda: ow.setup.edit_frame_item(objective, "Grow faster")),
        (
            "a person's side",
            lambda: ow.setup.update_participant(ow.voting.voters()[0].id, side="facilitation"),
        ),
        ("a feedback edit", lambda: ow.feedback.update(ow.feedback.entries()[0].id, rating=1)),
    ]
    for name, step in plan:
        read(ow)
        step()
        assert read(ow) == read(OpenWorkshop(ow.store, ow.clock)), name  # new services: nothing kept
