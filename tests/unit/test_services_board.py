from __future__ import annotations

import pytest

from workshop_app.errors import (
    ClusterHasVotesError,
    EmptyTextError,
    InvalidInputError,
    NoteHasVotesError,
    NotFoundError,
)
from workshop_app.rules.voting import ItemRef
from workshop_app.services.workshop_service import OpenWorkshop

HOSTILE = [
    "<b>bold",
    "</i>",
    "0.1 <A <0.9",
    "R&D",
    '<img src="/etc/passwd"/>',
    "مرحبا \u202eevil",
    "日本語 🎉",
]


def _people(ow: OpenWorkshop) -> list[int]:
    return [
        ow.setup.add_participant("Ana", "supplier", experience_rank=2).id,
        ow.setup.add_participant("Bo", "customer", experience_rank=5, is_leader=True).id,
        ow.setup.add_participant("Cy", "customer", experience_rank=1).id,
        ow.setup.add_participant("Fay", "facilitation").id,
    ]


def test_ideas_are_stored_exactly_as_typed(ow: OpenWorkshop) -> None:
    topic = ow.board.topics()[0]
    for text in HOSTILE:
        ow.board.add_idea(topic.id, text)
    ow.board.add_idea(topic.id, "line one\n\tline two\r\nline three\x00!")
    texts = [i.text for i in ow.board.ideas(topic.id)]
    assert texts[: len(HOSTILE)] == HOSTILE
    assert texts[-1] == "line one\n\tline two\nline three\ufffd!"


def test_empty_idea_is_refused_with_a_way_out(ow: OpenWorkshop) -> None:
    topic = ow.board.topics()[0]
    with pytest.raises(EmptyTextError, match="note is empty"):
        ow.board.add_idea(topic.id, " \n\t ")
    assert ow.board.ideas(topic.id) == []


def test_idea_for_unknown_author_or_topic(ow: OpenWorkshop) -> None:
    topic = ow.board.topics()[0]
    last_change = ow.store.history.undo_label
    with pytest.raises(NotFoundError, match=r"That person no longer exists .* Refresh the view"):
        ow.board.add_idea(topic.id, "x", author_id=999)
    with pytest.raises(NotFoundError, match="That topic no longer exists"):
        ow.board.add_idea(999, "x")
    assert ow.board.ideas(topic.id) == [] and ow.store.history.undo_label == last_change  # nothing stored


def test_notes_take_the_next_position_in_their_topic(ow: OpenWorkshop) -> None:
    first, second = ow.board.topics()[:2]
    person = ow.setup.add_participant("Anna", "supplier").id
    a = ow.board.add_idea(first.id, "a", person)
    b = ow.board.add_idea(first.id, "b")
    c = ow.board.add_idea(second.id, "c", person)
    assert (a.position, b.position, c.position) == (0, 1, 0)
    ow.undo()
    assert ow.board.add_idea(second.id, "c again").position == 0


def test_edit_delete_and_undo_labels(ow: OpenWorkshop) -> None:
    topic = ow.board.topics()[0]
    idea = ow.board.add_idea(topic.id, "Shoppers want fewer, bigger trips")
    assert ow.undo_text == "Undo add note 'Shoppers want fewer, bigger trips'"
    ow.board.edit_idea(idea.id, "Shoppers make fewer, bigger trips")
    ow.board.delete_idea(idea.id)
    assert ow.board.ideas(topic.id) == []
    ow.undo()
    assert [i.text for i in ow.board.ideas(topic.id)] == ["Shoppers make fewer, bigger trips"]
    ow.undo()
    assert ow.board.ideas(topic.id)[0].text == "Shoppers want fewer, bigger trips"
    assert ow.redo_text == "Redo edit note 'Shoppers make fewer, bigger trips'"


def test_presentation_order(ow: OpenWorkshop) -> None:
    _people(ow)
    assert [p.name for p in ow.board.presentation_order()] == ["Cy", "Ana", "Bo"]


def test_clustering_flow_and_eligibility(ow: OpenWorkshop) -> None:
    topic = ow.board.topics()[0]
    a, b, c, d, e = (
        ow.board.add_idea(topic.id, t) for t in ("Promo ROI", "Promo depth", "OSA", "Gaps", "Loose")
    )
    cl = ow.board.group(b.id, a.id)  # drop b onto a: a's text is the heading
    assert cl.title == "Promo ROI"
    assert ow.board.group(c.id, a.id).id == cl.id  # onto a clustered note joins that cluster
    cl2 = ow.board.create_cluster(topic.id, "Availability", [d.id])
    ow.board.join(c.id, cl2.id)
    eligible = ow.board.eligible_items(topic.id)
    assert eligible == [ItemRef("cluster", cl.id), ItemRef("cluster", cl2.id), ItemRef("idea", e.id)]
    ow.board.rename_cluster(cl2.id, "On-shelf availability")
    ow.board.recolour_cluster(cl2.id, "#81D4FA")
    with pytest.raises(InvalidInputError, match="#rrggbb"):
        ow.board.recolour_cluster(cl2.id, "blue")
    ow.board.set_heading(cl2.id, d.id)
    assert ow.board.clusters(topic.id)[1].title == "Gaps"
    with pytest.raises(InvalidInputError, match="own notes"):
        ow.board.set_heading(cl2.id, e.id)
    ow.board.leave(a.id)  # the heading note leaves: the next note becomes the heading
    assert ow.board.clusters(topic.id)[0].title == "Promo depth"
    ow.board.ungroup(cl.id)
    assert all(i.cluster_id is None for i in ow.board.ideas(topic.id) if i.id in (a.id, b.id))
    ow.undo()
    assert {i.id for i in ow.board.clusters(topic.id)[0].ideas} == {b.id}


def test_ungrouping_a_cluster_with_dots_needs_confirmation(ow: OpenWorkshop) -> None:
    ana = ow.setup.add_participant("Ana", "supplier")
    topic = ow.board.topics()[0]
    a, b = (ow.board.add_idea(topic.id, t) for t in ("x", "y"))
    cl = ow.board.group(b.id, a.id)
    rnd = ow.voting.create_round(topic.id)
    ow.voting.cast(rnd.id, ana.id, ItemRef("cluster", cl.id))
    with pytest.raises(ClusterHasVotesError, match="1 dot"):
        ow.board.ungroup(cl.id)
    ow.board.ungroup(cl.id, force=True)
    assert ow.counts()["dots"] == 0
    ow.undo()
    assert ow.counts()["dots"] == 1 and ow.board.clusters(topic.id)[0].id == cl.id


def test_grouping_across_topics_is_refused(ow: OpenWorkshop) -> None:
    t1, t2 = ow.board.topics()[:2]
    a = ow.board.add_idea(t1.id, "a")
    b = ow.board.add_idea(t2.id, "b")
    with pytest.raises(InvalidInputError, match="same topic"):
        ow.board.group(a.id, b.id)
    with pytest.raises(InvalidInputError, match="different note"):
        ow.board.group(a.id, a.id)


def test_topics_crud(ow: OpenWorkshop) -> None:
    t = ow.board.add_topic("Barriers", "What could stop us?")
    ow.board.update_topic(t.id, question="What could stop us, and how do we remove it?")
    ow.board.add_idea(t.id, "Data silos")
    ow.board.delete_topic(t.id)
    assert "Barriers" not in [x.title for x in ow.board.topics()]
    ow.undo()
    restored = next(x for x in ow.board.topics() if x.title == "Barriers")
    assert [i.text for i in ow.board.ideas(restored.id)] == ["Data silos"]


def test_a_cluster_goes_with_its_last_note_unless_it_has_dots(ow: OpenWorkshop) -> None:
    """Emptied with U it stayed on the ballot, usually as a twin of a loose note ("Note 0"
    twice), with no card to select it by to delete it."""
    topic = ow.board.topics()[0].id
    a, b, c, d = (ow.board.add_idea(topic, t) for t in ("A", "B", "C", "D"))
    first = ow.board.group(b.id, a.id)
    ow.board.leave(b.id)
    ow.board.leave(a.id)
    assert ow.board.clusters(topic) == []
    assert ow.board.eligible_items(topic) == [ItemRef("idea", i.id) for i in (a, b, c, d)]
    ow.store.undo()
    assert [cl.title for cl in ow.board.clusters(topic)] == ["A"]  # one step back: the cluster too
    other = ow.board.group(d.id, c.id)
    ow.board.join(a.id, other.id)  # the last note of "A" moves to another cluster
    assert [cl.title for cl in ow.board.clusters(topic)] == ["C"]
    assert first.id not in {cl.id for cl in ow.board.clusters(topic)}
    people = _people(ow)
    rnd = ow.voting.create_round(topic)
    ow.voting.cast(rnd.id, people[0], ItemRef("cluster", other.id))
    for note in (a, c, d):
        ow.board.leave(note.id)
    assert [cl.id for cl in ow.board.clusters(topic)] == [other.id]  # its dot stays, so it does
    assert ow.voting.all_votes(rnd.id) == {people[0]: {ItemRef("cluster", other.id): 1}}


def test_editing_a_heading_note_renames_its_cluster(ow: OpenWorkshop) -> None:
    topic = ow.board.topics()[0].id
    heading = ow.board.add_idea(topic, "Prices rise")
    member = ow.board.add_idea(topic, "Own label grows")
    cluster = ow.board.group(member.id, heading.id)
    ow.board.edit_idea(heading.id, "Prices rise faster than wages")
    assert ow.board.clusters(topic)[0].title == "Prices rise faster than wages"
    ow.board.edit_idea(member.id, "Own label grows fast")  # not the heading: the title stays
    assert ow.board.clusters(topic)[0].title == "Prices rise faster than wages"
    ow.board.rename_cluster(cluster.id, "Inflation")
    ow.board.edit_idea(heading.id, "Prices rise, again")  # renamed by hand: no longer its heading
    assert ow.board.clusters(topic)[0].title == "Inflation"


def test_deleting_a_note_with_dots_asks_first(ow: OpenWorkshop) -> None:
    topic = ow.board.topics()[0].id
    note = ow.board.add_idea(topic, "Voted")
    people = _people(ow)
    rnd = ow.voting.create_round(topic)
    ow.voting.cast(rnd.id, people[0], ItemRef("idea", note.id))
    ow.voting.cast(rnd.id, people[1], ItemRef("idea", note.id))
    with pytest.raises(NoteHasVotesError, match="'Voted' has 2 dot"):
        ow.board.delete_idea(note.id)
    assert [i.text for i in ow.board.ideas(topic)] == ["Voted"]
    ow.board.delete_idea(note.id, force=True)
    assert ow.board.ideas(topic) == []
    ow.store.undo()
    assert ow.voting.tally(rnd.id).total_dots == 2


def test_vote_items_are_the_eligible_items_with_labels_and_colours_read_again_after_a_change(
    ow: OpenWorkshop,
) -> None:
    topic = ow.board.topics()[0]
    a, b, c = (ow.board.add_idea(topic.id, text).id for text in ("Promo depth", "Gaps", "Loose"))
    cl = ow.board.create_cluster(topic.id, "Promotions", [a, b])
    items = ow.board.vote_items(topic.id)
    assert [i.ref for i in items] == ow.board.eligible_items(topic.id)
    assert [(i.label, i.colour) for i in items] == [("Promotions", cl.colour), ("Loose", None)]
    assert ow.board.vote_items(topic.id) is items  # kept while notes and clusters stay as they are
    ow.board.rename_cluster(cl.id, "Promo depth and cadence")
    ow.board.join(c, cl.id)
    assert [(i.ref, i.label) for i in ow.board.vote_items(topic.id)] == [
        (ItemRef("cluster", cl.id), "Promo depth and cadence")
    ]
    ow.undo()
    assert [i.label for i in ow.board.vote_items(topic.id)] == ["Promo depth and cadence", "Loose"]


def _topic_with_everything(ow: OpenWorkshop) -> tuple[int, int]:
    """A topic with three notes (two clustered), a round with three dots, a rock promoted from
    its cluster and an agenda item naming it; returns (topic id, agenda item id)."""
    from workshop_app.model import AgendaItem

    ana, bo, *_ = _people(ow)
    t = ow.board.add_topic("Barriers", "What could stop us?")
    a, b, _c = (ow.board.add_idea(t.id, x, ana) for x in ("Data silos", "No shared KPIs", "Slow sign-off"))
    cluster = ow.board.group(a.id, b.id)
    rnd = ow.voting.create_round(t.id, votes_per_person=5)
    for who in (ana, bo, bo):
        ow.voting.cast(rnd.id, who, ItemRef("cluster", cluster.id))
    ow.rocks.promote(ItemRef("cluster", cluster.id))
    item = ow.agenda.days()[0].items[1]
    ow.agenda.update_item(item.id, topic_id=t.id)
    assert ow.store.session.get(AgendaItem, item.id).topic_id == t.id  # type: ignore[union-attr]
    return t.id, item.id


def test_deleting_a_topic_says_what_goes_with_it_and_undo_brings_it_all_back(ow: OpenWorkshop) -> None:
    from workshop_app.model import AgendaItem

    tid, item_id = _topic_with_everything(ow)
    impact = ow.board.topic_impact(tid)
    assert (impact.ideas, impact.clusters, impact.rounds, impact.dots) == (3, 1, 1, 3)
    assert (impact.agenda_items, impact.rocks) == (1, 1)
    words = impact.describe()
    assert "3 note(s)" in words and "1 cluster(s)" in words and "1 vote round(s) with 3 dot(s)" in words
    assert "1 agenda item(s)" in words and "1 rock(s)" in words and "undo" in words
    ow.board.delete_topic(tid)
    assert ow.undo_text == "Undo delete topic 'Barriers'"
    assert "Barriers" not in [t.title for t in ow.board.topics()]
    assert ow.store.session.get(AgendaItem, item_id).topic_id is None  # type: ignore[union-attr]
    assert ow.rocks.rocks()[0].source_cluster_id is None
    ow.undo()
    assert ow.board.topic_impact(tid) == impact
    assert ow.store.session.get(AgendaItem, item_id).topic_id == tid  # type: ignore[union-attr]
    assert ow.rocks.rocks()[0].source_cluster_id is not None
    assert ow.voting.tally(ow.voting.rounds(tid)[0].id)  # the dots are counted again


def test_an_empty_topic_takes_nothing_with_it(ow: OpenWorkshop) -> None:
    t = ow.board.add_topic("Spare", "")
    impact = ow.board.topic_impact(t.id)
    assert not impact.takes_anything
    assert "Nothing else refers to it" in impact.describe()


def test_move_topic_reorders_and_is_undoable(ow: OpenWorkshop) -> None:
    before = [t.title for t in ow.board.topics()]
    last = ow.board.topics()[-1]
    ow.board.move_topic(last.id, 0)
    assert [t.title for t in ow.board.topics()] == [before[-1], *before[:-1]]
    assert f"move topic '{last.title}'" in str(ow.undo_text)
    ow.undo()
    assert [t.title for t in ow.board.topics()] == before
    label = ow.undo_text
    ow.board.move_topic(ow.board.topics()[0].id, -5)  # already first: nothing to undo added
    assert ow.undo_text == label


@pytest.mark.parametrize("text", HOSTILE)
def test_topic_text_is_stored_as_typed(ow: OpenWorkshop, text: str) -> None:
    t = ow.board.add_topic(text, text)
    ow.board.update_topic(t.id, title=f"{text}!", question=f"{text}?")
    stored = next(x for x in ow.board.topics() if x.id == t.id)
    assert (stored.title, stored.question) == (f"{text}!", f"{text}?")


def test_a_cluster_a_rock_was_promoted_from_stays_when_its_last_note_leaves(ow: OpenWorkshop) -> None:
    topic = ow.board.topics()[0].id
    note = ow.board.add_idea(topic, "Shared forecast")
    cluster = ow.board.create_cluster(topic, "Supply chain", [note.id])
    rock = ow.rocks.promote(ItemRef("cluster", cluster.id))
    ow.board.leave(note.id)
    assert [c.title for c in ow.board.clusters(topic)] == ["Supply chain"]
    assert next(r for r in ow.rocks.rocks() if r.id == rock.id).source_cluster_id == cluster.id
