from __future__ import annotations

import pytest

from workshop_app.errors import InvalidInputError, VoteRefusedError
from workshop_app.model import Vote
from workshop_app.rules.voting import ItemRef
from workshop_app.services.voting_service import VotingService
from workshop_app.services.workshop_service import OpenWorkshop


@pytest.fixture
def board(ow: OpenWorkshop) -> tuple[OpenWorkshop, int, list[int], list[ItemRef]]:
    people = [
        ow.setup.add_participant(n, s).id
        for n, s in (("Ana", "supplier"), ("Bo", "customer"), ("Cy", "customer"))
    ]
    ow.setup.add_participant("Fay", "facilitation")
    topic = ow.board.topics()[0]
    ideas = [ow.board.add_idea(topic.id, f"idea {i}") for i in range(12)]
    cl = ow.board.group(ideas[1].id, ideas[0].id)
    items = [ItemRef("cluster", cl.id)] + [ItemRef("idea", i.id) for i in ideas[2:]]
    return ow, topic.id, people, items


def test_budget_defaults_from_rules(board) -> None:  # type: ignore[no-untyped-def]
    ow, topic, _, items = board
    assert len(items) == 11
    assert ow.voting.suggested_budget(topic) == 4
    rnd = ow.voting.create_round(topic)
    assert rnd.votes_per_person == 4 and rnd.allow_multiple


def test_budget_is_enforced_and_explained(board) -> None:  # type: ignore[no-untyped-def]
    ow, topic, (ana, bo, _), items = board
    rnd = ow.voting.create_round(topic, votes_per_person=4, allow_multiple=True, per_item_cap=2)
    ow.voting.cast(rnd.id, ana, items[0])
    ow.voting.cast(rnd.id, ana, items[0])
    with pytest.raises(VoteRefusedError, match="most one person"):
        ow.voting.cast(rnd.id, ana, items[0])
    ow.voting.cast(rnd.id, ana, items[1])
    ow.voting.cast(rnd.id, ana, items[2])
    assert ow.voting.remaining(rnd.id, ana) == 0
    with pytest.raises(VoteRefusedError, match="Ana has used all 4 dots"):
        ow.voting.cast(rnd.id, ana, items[3])
    ow.voting.remove(rnd.id, ana, items[0])
    ow.voting.cast(rnd.id, ana, items[3])
    assert sum(ow.voting.person_votes(rnd.id, ana).values()) == 4
    with pytest.raises(VoteRefusedError, match="no dot"):
        ow.voting.remove(rnd.id, bo, items[0])


def test_one_dot_per_item_when_several_not_allowed(board) -> None:  # type: ignore[no-untyped-def]
    ow, topic, (ana, _, _), items = board
    rnd = ow.voting.create_round(topic, allow_multiple=False)
    ow.voting.cast(rnd.id, ana, items[0])
    with pytest.raises(VoteRefusedError, match="one dot per item"):
        ow.voting.cast(rnd.id, ana, items[0])


def test_facilitators_and_closed_rounds(board) -> None:  # type: ignore[no-untyped-def]
    ow, topic, (ana, _, _), items = board
    fay = next(p for p in ow.setup.participants() if p.name == "Fay")
    rnd = ow.voting.create_round(topic)
    with pytest.raises(VoteRefusedError, match="facilitation team"):
        ow.voting.cast(rnd.id, fay.id, items[0])
    ow.voting.set_open(rnd.id, False)
    with pytest.raises(VoteRefusedError, match="closed"):
        ow.voting.cast(rnd.id, ana, items[0])
    assert [p.name for p in ow.voting.voters()] == ["Ana", "Bo", "Cy"]


def test_vote_on_an_idea_that_was_clustered(board) -> None:  # type: ignore[no-untyped-def]
    ow, topic, (ana, bo, _), items = board
    rnd = ow.voting.create_round(topic)
    loose = items[5]
    ow.voting.cast(rnd.id, ana, loose)
    ow.board.join(loose.id, items[0].id)  # the note moves into the cluster after Ana's dot
    with pytest.raises(VoteRefusedError, match="put the dot on the cluster instead"):
        ow.voting.cast(rnd.id, bo, loose)
    res = ow.voting.results(rnd.id)
    assert res.items[0].item == items[0] and res.items[0].total == 1
    assert res.items[0].voters == {"Ana": 1}
    assert "count for cluster" in res.notes[0]


def test_a_dot_on_a_note_grouped_since_shows_and_is_removed_on_its_cluster(board) -> None:  # type: ignore[no-untyped-def]
    """The grid showed no dot for Ana on any row while her budget said 2 were used, and removing
    from the cluster said she had no dot there: the two dots could not be moved."""
    ow, topic, (ana, _, _), items = board
    rnd = ow.voting.create_round(topic)
    loose, cluster = items[5], items[0]
    ow.voting.cast(rnd.id, ana, loose)
    ow.voting.cast(rnd.id, ana, loose)
    ow.board.join(loose.id, cluster.id)
    assert ow.voting.all_votes(rnd.id) == {ana: {cluster: 2}}
    assert ow.voting.person_votes(rnd.id, ana) == {cluster: 2}
    ow.voting.remove(rnd.id, ana, cluster)
    assert ow.voting.all_votes(rnd.id) == {ana: {cluster: 1}}
    assert ow.voting.results(rnd.id).items[0].total == 1
    ow.store.undo()
    assert ow.voting.all_votes(rnd.id) == {ana: {cluster: 2}}


def test_a_one_dot_round_counts_a_carried_dot_on_the_cluster(board) -> None:  # type: ignore[no-untyped-def]
    ow, topic, (ana, bo, _), items = board
    rnd = ow.voting.create_round(topic, allow_multiple=False)
    ow.voting.cast(rnd.id, ana, items[5])
    ow.board.join(items[5].id, items[0].id)
    with pytest.raises(VoteRefusedError, match="one dot per item"):
        ow.voting.cast(rnd.id, ana, items[0])  # she would have two on the cluster
    ow.voting.cast(rnd.id, bo, items[0])
    assert ow.voting.all_votes(rnd.id) == {ana: {items[0]: 1}, bo: {items[0]: 1}}


def test_hidden_until_revealed_and_ties(board) -> None:  # type: ignore[no-untyped-def]
    ow, topic, (ana, bo, cy), items = board
    rnd = ow.voting.create_round(topic, votes_per_person=4)
    for person in (ana, bo, cy):
        for item in items[:4]:
            ow.voting.cast(rnd.id, person, item)
    res = ow.voting.results(rnd.id)
    assert not res.revealed
    assert res.voters_done == 3 and res.voters_total == 3 and res.total_dots == 12
    assert [r.rank for r in res.items[:4]] == [1, 1, 1, 1] and all(r.tied for r in res.items[:4])
    ow.voting.reveal(rnd.id)
    assert ow.voting.results(rnd.id).revealed
    ow.undo()
    assert not ow.voting.results(rnd.id).revealed


def test_changing_rules_after_votes(board) -> None:  # type: ignore[no-untyped-def]
    ow, topic, (ana, _, _), items = board
    rnd = ow.voting.create_round(topic, votes_per_person=5)
    for item in items[:5]:
        ow.voting.cast(rnd.id, ana, item)
    with pytest.raises(VoteRefusedError, match="Ana has already placed 5 dots"):
        ow.voting.update_round(rnd.id, votes_per_person=4)
    ow.voting.update_round(rnd.id, votes_per_person=6)
    assert ow.voting.remaining(rnd.id, ana) == 1
    with pytest.raises(InvalidInputError):
        ow.voting.update_round(rnd.id, votes_per_person=0)


def test_round_needs_something_to_vote_on(ow: OpenWorkshop) -> None:
    topic = ow.board.topics()[1]
    with pytest.raises(InvalidInputError, match="no notes to vote on"):
        ow.voting.create_round(topic.id)


def test_deleting_a_voted_idea_returns_the_dots_and_undo_brings_them_back(board) -> None:  # type: ignore[no-untyped-def]
    ow, topic, (ana, _, _), items = board
    rnd = ow.voting.create_round(topic)
    ow.voting.cast(rnd.id, ana, items[3])
    ow.board.delete_idea(items[3].id, force=True)
    assert ow.voting.remaining(rnd.id, ana) == rnd.votes_per_person
    ow.undo()
    assert ow.voting.person_votes(rnd.id, ana) == {items[3]: 1}


def test_results_by_round_matches_results_and_reads_a_fixed_number_of_times(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The complete sample (four revealed rounds, dots carried into clusters): every round's
    results read together equal each round read alone, in a handful of queries, not per round."""
    from sqlalchemy import event

    from workshop_app.paths import samples_dir
    from workshop_app.store.interchange import import_file

    path = tmp_path / "sample.planwall"
    import_file(samples_dir() / "complete-jbp.json", path)
    ow = OpenWorkshop.open(path)
    try:
        rounds = ow.voting.rounds()
        assert len(rounds) >= 3
        alone = [ow.voting.results(r.id) for r in rounds]
        assert any(res.items for res in alone)
        statements: list[str] = []
        event.listen(ow.store.engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        ow.board.add_idea(ow.board.topics()[0].id, "a change: every loaded object is expired")
        statements.clear()
        together = ow.voting.results_by_round()
        reads = len([s for s in statements if s.lstrip().upper().startswith("SELECT")])
        assert [r.id for r, _ in together] == [r.id for r in rounds]
        assert [res for _, res in together] == [fresh(ow).results(r.id) for r in rounds]
        assert reads <= 7  # rounds, topics, votes, notes, clusters, people (+ nothing per round)
    finally:
        ow.close()


def fresh(ow: OpenWorkshop) -> VotingService:
    """A voting service that has read nothing yet: what the file says now."""
    return VotingService(ow.store, ow.clock, ow.workshop_id)


def selects(ow: OpenWorkshop) -> list[str]:
    """The SELECTs the workshop's connection runs from now on (a list that grows)."""
    from sqlalchemy import event

    seen: list[str] = []
    event.listen(
        ow.store.engine,
        "before_cursor_execute",
        lambda *a: seen.append(a[2]) if a[2].lstrip().upper().startswith("SELECT") else None,
    )
    return seen


def test_results_are_read_again_after_every_change_that_can_alter_them(board) -> None:  # type: ignore[no-untyped-def]
    """Results stand until a dot, a round, a note, a cluster, a topic or a person changes;
    each of those (and its undo) shows at once, exactly as a service that read nothing would."""
    ow, topic, (ana, bo, _), items = board
    rnd = ow.voting.create_round(topic)
    ow.voting.cast(rnd.id, ana, items[0])
    ow.voting.reveal(rnd.id)
    cluster_id, idea_id = items[0].id, items[1].id
    changes = [
        ("a dot", lambda: ow.voting.cast(rnd.id, bo, items[1])),
        ("a dot removed", lambda: ow.voting.remove(rnd.id, bo, items[1])),
        ("the round hidden", lambda: ow.voting.reveal(rnd.id, False)),
        ("a note's text", lambda: ow.board.edit_idea(idea_id, "idea one, reworded")),
        ("a cluster's name", lambda: ow.board.rename_cluster(cluster_id, "Pricing")),
        ("a topic's title", lambda: ow.board.update_topic(topic, title="Market drivers, again")),
        ("a person's name", lambda: ow.setup.update_participant(ana, name="Ana Lima")),
        ("a note joining the cluster", lambda: ow.board.join(idea_id, cluster_id)),
        ("a new note", lambda: ow.board.add_idea(topic, "one more")),
        ("undo", ow.undo),
        ("redo", ow.redo),
    ]
    for what, change in changes:
        before = ow.voting.results(rnd.id)
        change()
        after = ow.voting.results(rnd.id)
        assert after == fresh(ow).results(rnd.id), what
        assert after != before, what
        [(_, every)] = ow.voting.results_by_round()
        assert every == after, what


def test_results_stand_through_changes_elsewhere(board) -> None:  # type: ignore[no-untyped-def]
    """A rock, a minutes entry or feedback does not touch a vote: the stages that show results
    after such a change (Rocks, Close, their wall views) read only the rounds again."""
    ow, topic, (ana, _, _), items = board
    rnd_id = ow.voting.create_round(topic).id
    ow.voting.cast(rnd_id, ana, items[0])
    ow.voting.reveal(rnd_id)
    first = ow.voting.results_by_round()
    seen = selects(ow)
    ow.rocks.promote(items[0])
    ow.minutes.add("a decision", "decision")
    seen.clear()
    assert ow.voting.results(rnd_id) is first[0][1]
    assert [res for _, res in ow.voting.results_by_round()] == [first[0][1]]
    assert len(seen) == 1, "\n\n".join(seen)  # the rounds themselves (fresh objects for the caller)
    assert ow.voting.results(rnd_id) == fresh(ow).results(rnd_id)


def test_results_read_inside_a_change_are_not_kept(board) -> None:  # type: ignore[no-untyped-def]
    """Inside a change what is read may still be rolled back: it is not kept for later."""
    ow, topic, (ana, _, _), items = board
    rnd = ow.voting.create_round(topic)
    ow.voting.results(rnd.id)
    with pytest.raises(RuntimeError, match="rolled back"), ow.store.change("a dot that never was") as s:
        s.add(Vote(round_id=rnd.id, participant_id=ana, idea_id=items[3].id, count=1))
        s.flush()
        assert ow.voting.results(rnd.id).total_dots == 1
        raise RuntimeError("rolled back")
    assert ow.voting.results(rnd.id).total_dots == 0


def test_progress_counts_people_part_way_as_well_as_those_done() -> None:
    """Someone keeping a dot back has voted part-way, not "not voted" (found in review)."""
    from workshop_app.services.voting_service import RoundResults

    def progress(done: int, total: int, started: int) -> str:
        return RoundResults(1, "T", False, [], 0, [], done, total, started).progress

    assert progress(0, 4, 4) == "0 of 4 people have placed all their dots · 4 part-way"
    assert progress(4, 4, 4) == "4 of 4 people have placed all their dots"
    assert progress(0, 1, 0) == "0 of 1 person has placed all their dots"
