"""The sample workshops: what they hold, that they round-trip exactly, that the generator reproduces them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from workshop_app.model import Side
from workshop_app.rules.rocks import parse_metric_value
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop, list_samples
from workshop_app.store.interchange import dump_workshop, dumps, import_file

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "sample_sessions"
GENERATOR = ROOT / "tools" / "make_samples.py"
NAMES = ("complete-jbp", "day1-in-progress")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each sample imported once into its own workshop file."""
    folder = tmp_path_factory.mktemp("samples")
    result = {}
    for name in NAMES:
        result[name] = folder / f"{name}.planwall"
        import_file(SAMPLES / f"{name}.json", result[name])
    return result


@pytest.fixture
def complete(imported: dict[str, Path]) -> Iterator[OpenWorkshop]:
    ow = OpenWorkshop.open(imported["complete-jbp"], FakeClock(datetime(2026, 3, 11, 16, 30, tzinfo=UTC)))
    yield ow
    ow.close()


@pytest.fixture
def in_progress(imported: dict[str, Path]) -> Iterator[OpenWorkshop]:
    ow = OpenWorkshop.open(imported["day1-in-progress"], FakeClock(datetime(2026, 2, 3, 10, 40, tzinfo=UTC)))
    yield ow
    ow.close()


# --- the complete two-day JBP ------------------------------------------------------


def test_complete_has_both_companies_and_a_facilitator(complete: OpenWorkshop) -> None:
    w = complete.workshop()
    assert w.supplier_name and w.customer_name and w.location and w.facilitator and w.vision
    assert [d.date is not None for d in complete.agenda.days()] == [True, True]
    assert 3 <= len(complete.setup.frame_items("objective")) <= 5
    assert complete.setup.frame_items("principle") and complete.setup.frame_items("behaviour")
    people = complete.setup.participants()
    sides = Counter(p.side for p in people)
    assert sides[Side.SUPPLIER] + sides[Side.CUSTOMER] >= 14
    assert sides[Side.SUPPLIER] >= 5 and sides[Side.CUSTOMER] >= 5 and sides[Side.FACILITATION] >= 1
    for side in (Side.SUPPLIER, Side.CUSTOMER):
        assert sum(1 for p in people if p.side == side and p.is_leader) == 1
    assert all(p.job_title for p in people)
    assert len({p.experience_rank for p in people if p.side != Side.FACILITATION}) >= 5


def test_complete_has_60_plus_notes_clustered_on_every_topic(complete: OpenWorkshop) -> None:
    topics = complete.board.topics()
    assert len(topics) == 4
    ideas = [i for t in topics for i in complete.board.ideas(t.id)]
    assert len(ideas) >= 60
    assert any(i.author_id is None for i in ideas), "some notes should be anonymous"
    authors = {i.author_id for i in ideas if i.author_id is not None}
    assert len(authors) >= 14
    for t in topics:
        assert len(complete.board.ideas(t.id)) >= 10, t.title
        clusters = complete.board.clusters(t.id)
        assert len(clusters) >= 4, t.title
        assert all(c.title.strip() and c.ideas for c in clusters), t.title


def test_complete_every_topic_voted_by_everyone_and_revealed(complete: OpenWorkshop) -> None:
    voters = complete.voting.voters()
    for t in complete.board.topics():
        rounds = complete.voting.rounds(t.id)
        assert len(rounds) == 1, t.title
        rnd = rounds[0]
        assert rnd.revealed and not rnd.is_open
        results = complete.voting.results(rnd.id)
        assert results.voters_done == results.voters_total == len(voters)
        assert results.total_dots == len(voters) * rnd.votes_per_person
        assert not results.notes  # no dot on a note that moved or vanished
        spent = complete.voting.all_votes(rnd.id)
        assert all(sum(spent[p.id].values()) == rnd.votes_per_person for p in voters)


def test_complete_rocks_are_smart_promoted_winners(complete: OpenWorkshop) -> None:
    rocks = complete.rocks.rocks()
    assert 5 <= len(rocks) <= 7
    execution = complete.board.topics()[-1]
    (rnd,) = complete.voting.rounds(execution.id)
    winners = {row.item for row in complete.voting.results(rnd.id).items[: len(rocks)]}
    sources = {(r.source_cluster_id, r.source_idea_id) for r in rocks}
    assert sources == {(i.id, None) if i.kind == "cluster" else (None, i.id) for i in winners}
    objectives = {f.id for f in complete.setup.frame_items("objective")}
    for r in rocks:
        assert r.metric_name and r.metric_unit and r.due_date is not None
        baseline, target = parse_metric_value(r.metric_baseline), parse_metric_value(r.metric_target)
        assert baseline is not None and target is not None and baseline != target
        assert (target > baseline) == (r.metric_direction == "up")
        assert r.objective_id in objectives
        assert len(r.risks) >= 1 and all(k.risk and k.mitigation for k in r.risks)
        check = complete.rocks.smart(r.id)
        assert check.has_metric and "M" not in check.missing and "T" not in check.missing
    owned = [r for r in rocks if r.owner_id is not None]
    assert len(owned) >= len(rocks) - 1
    assert sum(1 for r in rocks if complete.rocks.smart(r.id).ok) >= len(rocks) - 1


def test_complete_interest_from_everyone_on_every_rock(complete: OpenWorkshop) -> None:
    matrix = complete.rocks.interest_matrix()
    pollees = complete.rocks.pollees()
    rocks = complete.rocks.rocks()
    assert {(p.id, r.id) for p in pollees for r in rocks} <= set(matrix)
    for r in rocks:
        suggestion = complete.rocks.suggested_owner(r.id)
        assert suggestion.level == 3
        if r.owner_id is not None:
            assert r.owner_id in suggestion.participant_ids


def test_complete_minutes_actions_and_feedback(complete: OpenWorkshop) -> None:
    kinds = Counter(e.kind for e in complete.minutes.entries())
    assert kinds["note"] >= 5 and kinds["decision"] >= 4 and kinds["risk"] >= 2 and kinds["parking_lot"] >= 2
    assert all(e.agenda_item_id is not None for e in complete.minutes.entries())
    actions = complete.actions.actions()
    assert len(actions) >= 18
    assert all(a.owner_id is not None and a.due_date is not None for a in actions)
    assert {"supplier", "customer", "joint"} <= {a.side for a in actions}
    assert len({a.status for a in actions}) >= 3
    assert sum(1 for a in actions if a.rock_id is not None) >= 10
    feedback = complete.feedback.entries()
    assert len(feedback) >= 12
    assert all(1 <= f.rating <= 5 and f.worked for f in feedback)
    assert 3.5 <= (complete.feedback.average() or 0) <= 5


def test_complete_agenda_was_run_to_the_end(complete: OpenWorkshop) -> None:
    items = complete.agenda.all_items()
    assert all(i.started_at is not None and i.ended_at is not None for i in items)
    assert complete.agenda.running_item() is None
    starts = [i.started_at for i in items if i.started_at is not None]
    assert len(starts) == len(items) and starts == sorted(starts)
    assert any(i.pauses for i in items)
    assert any(i.extra_minutes > 0 for i in items) and any(i.extra_minutes < 0 for i in items)
    overran = [
        i
        for i in items
        if i.started_at
        and i.ended_at
        and (i.ended_at - i.started_at).total_seconds() > 60 * (i.planned_minutes + i.extra_minutes)
    ]
    assert len(overran) >= 3
    for day in complete.agenda.days():
        assert {i.started_at.date() for i in day.items if i.started_at} == {day.date}


def test_complete_keeps_literal_characters(complete: OpenWorkshop) -> None:
    text = (SAMPLES / "complete-jbp.json").read_text(encoding="utf-8")
    for literal in ("R&D", "Q3 <-> Q4", "£", "€", "Zoë", "José", "O'Connor"):
        assert literal in text, literal
    names = {p.name for p in complete.setup.participants()}
    assert {"Zoë Lindqvist", "José Martín", "Chloé Dubois", "Emma Sørensen"} <= names
    assert any("Q3 <-> Q4" in e.text for e in complete.minutes.entries())


# --- the workshop stopped in the middle of day 1 ----------------------------------


def test_in_progress_stops_during_the_first_idea_collection(in_progress: OpenWorkshop) -> None:
    items = in_progress.agenda.all_items()
    running = [i for i in items if i.started_at is not None and i.ended_at is None]
    assert len(running) == 1
    current = running[0]
    assert current.kind == "idea_collection" and current.day.day_number == 1
    first_topic = in_progress.board.topics()[0]
    assert current.topic_id == first_topic.id
    index = items.index(current)
    assert index >= 2
    assert all(i.ended_at is not None for i in items[:index])
    assert all(i.started_at is None for i in items[index + 1 :])
    assert in_progress.agenda.status().item_id == current.id


def test_in_progress_has_ideas_for_topic_one_only(in_progress: OpenWorkshop) -> None:
    topics = in_progress.board.topics()
    assert len(in_progress.board.ideas(topics[0].id)) >= 10
    assert all(not in_progress.board.ideas(t.id) for t in topics[1:])
    assert all(not in_progress.board.clusters(t.id) for t in topics)
    counts = in_progress.counts()
    assert (
        counts["dots"]
        == counts["rocks"]
        == counts["interest"]
        == counts["actions"]
        == counts["feedback"]
        == 0
    )
    assert not in_progress.voting.rounds()
    people = in_progress.setup.participants()
    sides = Counter(p.side for p in people)
    assert sides[Side.SUPPLIER] + sides[Side.CUSTOMER] >= 12 and sides[Side.FACILITATION] == 1
    created = [i.created_at for i in in_progress.board.ideas(topics[0].id)]
    running = in_progress.agenda.running_item()
    assert running is not None and running.started_at is not None
    assert all(c >= running.started_at for c in created)


# --- format: description, round trip, generator ------------------------------------


@pytest.mark.parametrize("name", NAMES)
def test_sample_round_trip_is_byte_identical(name: str, imported: dict[str, Path], tmp_path: Path) -> None:
    sample = json.loads((SAMPLES / f"{name}.json").read_text(encoding="utf-8"))
    description = sample.pop("description")
    assert description.strip() and "\n" not in description
    ow = OpenWorkshop.open(imported[name], FakeClock())
    try:
        first = dumps(dump_workshop(ow.store))
    finally:
        ow.close()
    # The importer ignored the extra top-level key and lost nothing else.
    assert first == dumps(sample)
    (tmp_path / "first.json").write_text(first, encoding="utf-8")
    import_file(tmp_path / "first.json", tmp_path / "again.planwall")
    again = OpenWorkshop.open(tmp_path / "again.planwall", FakeClock())
    try:
        second = dumps(dump_workshop(again.store))
    finally:
        again.close()
    assert second == first


def test_samples_are_listed_with_their_description() -> None:
    listed = {s.name: s for s in list_samples()}
    assert set(NAMES) <= set(listed)
    assert "in the middle of day 1" in listed["day1-in-progress"].description
    assert listed["complete-jbp"].description.startswith("Complete two-day JBP")


@pytest.mark.slow
def test_generator_reproduces_the_committed_samples(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(GENERATOR), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    for name in NAMES:
        made = (tmp_path / f"{name}.json").read_bytes()
        committed = (SAMPLES / f"{name}.json").read_bytes()
        assert made == committed, f"{name}.json differs from tools/make_samples.py output: run the script"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(f"{n}.json" for n in NAMES)
