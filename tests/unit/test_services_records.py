from __future__ import annotations

from datetime import date

import pytest

from workshop_app.errors import EmptyTextError, InvalidInputError
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop


def test_minutes_are_stamped_with_time_and_running_item(ow: OpenWorkshop, clock: FakeClock) -> None:
    item = ow.agenda.start()
    clock.advance(minutes=7)
    entry = ow.minutes.add("We will share EPOS data weekly", "decision")
    assert entry.agenda_item_id == item.id and entry.created_at == clock.now()
    ow.agenda.end_current()
    note = ow.minutes.add("Coffee machine broken", "parking_lot")
    assert note.agenda_item_id is None
    assert [e.kind for e in ow.minutes.entries()] == ["decision", "parking_lot"]
    assert [e.text for e in ow.minutes.entries("decision")] == ["We will share EPOS data weekly"]
    with pytest.raises(InvalidInputError, match="minutes kind"):
        ow.minutes.add("x", "gossip")
    with pytest.raises(EmptyTextError):
        ow.minutes.add("  ")


def test_a_50000_word_minutes_entry_is_stored_whole(ow: OpenWorkshop) -> None:
    text = " ".join(["word"] * 50_000)
    entry = ow.minutes.add(text)
    assert len(ow.minutes.entries()[0].text) == len(text) == len(entry.text)


def test_action_register(ow: OpenWorkshop) -> None:
    ana = ow.setup.add_participant("Ana", "supplier")
    rock = ow.rocks.add("Grow")
    a1 = ow.actions.add("Send promo plan", owner_id=ana.id, due_date=date(2026, 4, 1), rock_id=rock.id)
    assert a1.side == "supplier"  # defaults to the owner's side
    a2 = ow.actions.add("Book review meeting", side="joint")
    ow.actions.update(a2.id, status="done", due_date=date(2020, 1, 1))  # a past date is allowed
    assert [a.text for a in ow.actions.actions(status="open")] == ["Send promo plan"]
    assert [a.text for a in ow.actions.actions(rock_id=rock.id)] == ["Send promo plan"]
    assert [a.text for a in ow.actions.actions(side="joint")] == ["Book review meeting"]
    with pytest.raises(InvalidInputError, match="company side"):
        ow.actions.update(a2.id, side="both")
    ow.rocks.delete(rock.id)
    assert ow.actions.actions()[0].rock_id is None
    ow.undo()
    assert ow.actions.actions()[0].rock_id == rock.id


def test_feedback(ow: OpenWorkshop) -> None:
    assert ow.feedback.average() is None
    ow.feedback.add(5, "Clear agenda", "More breaks")
    ow.feedback.add(4)
    assert ow.feedback.average() == 4.5
    with pytest.raises(InvalidInputError, match="rating must be a whole number from 1 to 5"):
        ow.feedback.add(6)


def test_actions_filter_by_several_statuses(ow: OpenWorkshop) -> None:
    ow.actions.add("a")
    b = ow.actions.add("b")
    c = ow.actions.add("c")
    ow.actions.update(b.id, status="in_progress")
    ow.actions.update(c.id, status="done")
    assert [a.text for a in ow.actions.actions(status=("open", "in_progress"))] == ["a", "b"]


def test_action_side_taken_from_the_owner_follows_a_new_owner(ow: OpenWorkshop) -> None:
    hannah = ow.setup.add_participant("Hannah", "supplier")
    oliver = ow.setup.add_participant("Oliver", "customer")
    zoe = ow.setup.add_participant("Zoe", "facilitation")
    a = ow.actions.add("Send the store list", owner_id=hannah.id)
    assert a.side == "supplier"
    ow.actions.update(a.id, owner_id=oliver.id)
    assert (a.owner_id, a.side) == (oliver.id, "customer")
    ow.actions.update(a.id, owner_id=zoe.id)
    assert a.side == "facilitation"
    ow.actions.update(a.id, owner_id=None)
    assert a.side == "joint"  # nobody owns it: joint, as when it was added without an owner
    ow.actions.update(a.id, owner_id=hannah.id)
    assert a.side == "supplier"
    ow.undo()  # owner and side come back together, in one step
    assert (a.owner_id, a.side) == (None, "joint")
    ow.undo()
    assert (a.owner_id, a.side) == (zoe.id, "facilitation")


def test_action_side_chosen_apart_from_the_owner_stays_when_the_owner_changes(ow: OpenWorkshop) -> None:
    hannah = ow.setup.add_participant("Hannah", "supplier")
    oliver = ow.setup.add_participant("Oliver", "customer")
    a = ow.actions.add("Agree the calendar", owner_id=hannah.id, side="joint")
    ow.actions.update(a.id, owner_id=oliver.id)
    assert a.side == "joint"
    b = ow.actions.add("Book the room", owner_id=hannah.id)
    ow.actions.update(b.id, owner_id=oliver.id, side="supplier")  # both at once: the side given wins
    assert (b.owner_id, b.side) == (oliver.id, "supplier")


def test_action_owned_by_the_facilitation_team_is_on_the_facilitation_side(ow: OpenWorkshop) -> None:
    zoe = ow.setup.add_participant("Zoe", "facilitation")
    assert ow.actions.add("Circulate the photos", owner_id=zoe.id).side == "facilitation"
    assert ow.actions.add("Book the review").side == "joint"


def test_action_due_date_warning(ow: OpenWorkshop, clock: FakeClock) -> None:
    # the workshop's first day is 2026-03-10; a slip is warned about, never refused
    assert ow.actions.due_date_warning(None) is None
    assert "before the workshop's first day (2026-03-10)" in str(
        ow.actions.due_date_warning(date(2025, 4, 1))
    )
    assert ow.actions.due_date_warning(date(2026, 3, 10)) is None
    clock.advance(minutes=30 * 24 * 60)  # a month later, the first day is in the past
    assert "in the past" in str(ow.actions.due_date_warning(date(2026, 3, 20)))
    assert ow.actions.due_date_warning(date(2026, 4, 30)) is None
    a = ow.actions.add("Send the plan", due_date=date(2025, 4, 1))
    assert a.due_date == date(2025, 4, 1)
