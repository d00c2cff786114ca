from __future__ import annotations

import pytest

from workshop_app.errors import EmptyTextError, InvalidInputError, NotFoundError
from workshop_app.rules.voting import ItemRef
from workshop_app.services.workshop_service import OpenWorkshop


def test_details_are_stored_as_typed_and_undoable(ow: OpenWorkshop) -> None:
    ow.setup.set_detail("supplier_name", "  Brookfield Foods <R&D>  ")
    ow.setup.set_detail("customer_name", "FreshMart")
    assert ow.workshop().supplier_name == "Brookfield Foods <R&D>"
    assert ow.undo_text == "Undo change customer's name"
    ow.undo()
    assert ow.workshop().customer_name == ""
    ow.redo()
    assert ow.workshop().customer_name == "FreshMart"


def test_title_cannot_be_emptied(ow: OpenWorkshop) -> None:
    with pytest.raises(EmptyTextError, match="workshop title is empty"):
        ow.setup.set_detail("title", "   ")
    assert ow.workshop().title == "Test JBP"


def test_unknown_field_is_refused(ow: OpenWorkshop) -> None:
    with pytest.raises(InvalidInputError, match="not a valid workshop field"):
        ow.setup.set_detail("id", "3")


def test_participants_add_update_move(ow: OpenWorkshop) -> None:
    a = ow.setup.add_participant(
        "Zoë Martin", "supplier", "Key Account Director", is_leader=True, experience_rank=9
    )
    b = ow.setup.add_participant("José Ruiz", "customer", "Category Manager", experience_rank=2)
    with pytest.raises(InvalidInputError, match="company side"):
        ow.setup.add_participant("X", "vendor")
    with pytest.raises(InvalidInputError, match="experience rank"):
        ow.setup.add_participant("X", "supplier", experience_rank=-1)
    ow.setup.update_participant(b.id, job_title="Head of Category", is_leader=True)
    ow.setup.move_participant(b.id, 0)
    names = [p.name for p in ow.setup.participants()]
    assert names == ["José Ruiz", "Zoë Martin"]
    assert ow.setup.participants()[0].job_title == "Head of Category"
    assert a.is_leader


def test_duplicate_names_are_found_case_insensitively(ow: OpenWorkshop) -> None:
    a = ow.setup.add_participant("Sam Lee", "supplier")
    assert ow.setup.duplicate_name("sam lee") is not None
    assert ow.setup.duplicate_name("sam lee", exclude_id=a.id) is None
    ow.setup.add_participant("Sam Lee", "customer")  # allowed: two real people may share a name
    assert len(ow.setup.participants()) == 2


def test_deleting_a_participant_explains_and_undo_restores_everything(ow: OpenWorkshop) -> None:
    ana = ow.setup.add_participant("Ana", "supplier")
    bo = ow.setup.add_participant("Bo", "customer")
    topic = ow.board.topics()[0]
    ideas = [ow.board.add_idea(topic.id, f"idea {i}", ana.id) for i in range(3)]
    rnd = ow.voting.create_round(topic.id, votes_per_person=4)
    ow.voting.cast(rnd.id, ana.id, ItemRef("idea", ideas[0].id))
    ow.voting.cast(rnd.id, ana.id, ItemRef("idea", ideas[0].id))
    ow.voting.cast(rnd.id, bo.id, ItemRef("idea", ideas[1].id))
    rock = ow.rocks.add("Grow the category")
    ow.rocks.update(rock.id, owner_id=ana.id)
    ow.rocks.set_interest(ana.id, rock.id, 3)
    action = ow.actions.add("Share EPOS data", owner_id=ana.id)
    ow.feedback.add(5, "clear", "", participant_id=ana.id)

    impact = ow.setup.participant_impact(ana.id)
    assert (
        impact.ideas,
        impact.votes,
        impact.interests,
        impact.actions,
        impact.rocks_owned,
        impact.feedback,
    ) == (
        3,
        2,
        1,
        1,
        1,
        1,
    )
    text = impact.describe()
    assert "3 note(s) stay on the wall as anonymous" in text and "undo" in text.lower()

    before = ow.counts()
    ow.setup.delete_participant(ana.id)
    after = ow.counts()
    assert after["participants"] == before["participants"] - 1
    assert after["ideas"] == before["ideas"]  # notes are kept
    assert after["dots"] == before["dots"] - 2
    assert after["interest"] == before["interest"] - 1
    assert all(i.author_id is None for i in ow.board.ideas(topic.id))
    assert ow.actions.actions()[0].owner_id is None
    assert ow.rocks.rocks()[0].owner_id is None

    ow.undo()
    assert ow.counts() == before
    assert [i.author_id for i in ow.board.ideas(topic.id)] == [ana.id] * 3
    assert ow.actions.actions()[0].owner_id == ana.id == action.owner_id
    assert ow.rocks.rocks()[0].owner_id == ana.id
    assert ow.voting.person_votes(rnd.id, ana.id) == {ItemRef("idea", ideas[0].id): 2}


def test_frame_lists(ow: OpenWorkshop) -> None:
    obj = ow.setup.add_frame_item("objective", "Grow joint category value by 8%")
    ow.setup.add_frame_item("principle", "Shopper first")
    ow.setup.add_frame_item("behaviour", "Share data openly")
    ow.setup.edit_frame_item(obj.id, "Grow joint category value by 10%")
    assert [f.text for f in ow.setup.frame_items("objective")] == ["Grow joint category value by 10%"]
    ow.setup.delete_frame_item(obj.id)
    assert ow.setup.frame_items("objective") == []
    with pytest.raises(NotFoundError, match="no longer exists"):
        ow.setup.edit_frame_item(obj.id, "x")
    with pytest.raises(InvalidInputError):
        ow.setup.frame_items("wish")


def test_an_undo_step_holds_only_its_own_rows(ow: OpenWorkshop) -> None:
    """The 'last saved' stamp never rides along in the next change's undo entry."""
    ow.setup.set_detail("location", "Leeds")
    topic = ow.board.topics()[0]
    idea = ow.board.add_idea(topic.id, "x")
    entry = ow.store.history.peek_undo()
    assert entry is not None and entry.statements == (f'DELETE FROM "idea" WHERE id={idea.id}',)


def test_a_day_cannot_be_dated_before_an_earlier_day_or_on_its_date(ow: OpenWorkshop) -> None:
    from datetime import date

    assert [d.date for d in ow.agenda.days()] == [date(2026, 3, 10), date(2026, 3, 11)]
    label = ow.undo_text
    with pytest.raises(InvalidInputError, match="Day 2 on Mon 9 March 2026 would come before day 1"):
        ow.setup.set_day_date(2, date(2026, 3, 9))
    with pytest.raises(InvalidInputError, match="change day 2 first"):
        ow.setup.set_day_date(1, date(2026, 3, 18))  # the whole workshop a week later: day 2 first
    with pytest.raises(InvalidInputError, match="Day 1 is already on Tue 10 March 2026"):
        ow.setup.set_day_date(2, date(2026, 3, 10))
    assert [d.date for d in ow.agenda.days()] == [date(2026, 3, 10), date(2026, 3, 11)]
    assert ow.undo_text == label  # nothing stored
    ow.setup.set_day_date(2, date(2026, 3, 19))
    ow.setup.set_day_date(1, date(2026, 3, 18))
    ow.setup.set_day_date(1, None)  # a day without a date is compared with nothing
    ow.setup.set_day_date(2, date(2026, 3, 1))
    assert [d.date for d in ow.agenda.days()] == [None, date(2026, 3, 1)]
