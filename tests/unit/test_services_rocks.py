from __future__ import annotations

from datetime import date

import pytest

from workshop_app.errors import InvalidInputError, RockLimitError
from workshop_app.rules.voting import ItemRef
from workshop_app.services.workshop_service import OpenWorkshop


def test_promote_cluster_and_fill_a_smart_metric(ow: OpenWorkshop) -> None:
    topic = ow.board.topics()[0]
    a = ow.board.add_idea(topic.id, "Joint promo calendar")
    b = ow.board.add_idea(topic.id, "Post-event promo ROI review")
    cl = ow.board.group(b.id, a.id)
    rock = ow.rocks.promote(ItemRef("cluster", cl.id))
    assert rock.title == "Joint promo calendar" and rock.source_cluster_id == cl.id
    assert rock.scope == "Post-event promo ROI review"
    check = ow.rocks.smart(rock.id)
    assert not check.has_metric and "M" in check.missing and "T" in check.missing
    ow.rocks.set_text(rock.id, "scope", "Plan all 2026 promotions jointly and review each one")
    ow.rocks.set_metric(
        rock.id,
        name="Promo ROI",
        unit="%",
        baseline="85",
        target="110",
        direction="up",
        due_date=date(2026, 12, 31),
    )
    obj = ow.setup.add_frame_item("objective", "Profitable growth")
    ow.rocks.update(rock.id, objective_id=obj.id, achievable_confirmed=True)
    assert ow.rocks.smart(rock.id).ok
    assert ow.undo_text == f"Undo edit rock '{rock.title}'"


def test_metric_values_are_kept_as_typed(ow: OpenWorkshop) -> None:
    rock = ow.rocks.add("Availability")
    ow.rocks.set_metric(rock.id, name="OSA", unit="", baseline="n/a", target="-5", direction="down")
    r = ow.rocks.rocks()[0]
    assert (r.metric_baseline, r.metric_target) == ("n/a", "-5")
    check = ow.rocks.smart(rock.id)
    assert "M" in check.missing
    with pytest.raises(InvalidInputError, match="direction"):
        ow.rocks.set_metric(rock.id, name="OSA", unit="", baseline="1", target="2", direction="sideways")


def test_seven_rock_limit_needs_override(ow: OpenWorkshop) -> None:
    for i in range(7):
        ow.rocks.add(f"Rock {i}")
    assert ow.rocks.limit_text() == "7 of 7 rocks"
    with pytest.raises(RockLimitError, match="at most 7"):
        ow.rocks.add("Rock 8")
    eighth = ow.rocks.add("Rock 8", override=True)
    assert eighth.over_limit
    assert "over the limit" in ow.rocks.limit_text()


def test_risks_and_reordering(ow: OpenWorkshop) -> None:
    r1 = ow.rocks.add("A")
    r2 = ow.rocks.add("B")
    risk = ow.rocks.add_risk(r1.id, "Data not shared in time", "Agree a data-sharing date in week 1")
    ow.rocks.update_risk(risk.id, mitigation="Sign the data agreement by 31 March")
    assert ow.rocks.rocks()[0].risks[0].mitigation == "Sign the data agreement by 31 March"
    ow.rocks.move(r2.id, 0)
    assert [r.title for r in ow.rocks.rocks()] == ["B", "A"]
    ow.rocks.delete(r1.id)
    ow.undo()
    assert ow.rocks.rocks()[1].risks[0].risk == "Data not shared in time"


def test_interest_and_suggested_owner(ow: OpenWorkshop) -> None:
    ana = ow.setup.add_participant("Ana", "supplier")
    bo = ow.setup.add_participant("Bo", "customer")
    rock = ow.rocks.add("Grow")
    assert ow.rocks.suggested_owner(rock.id).participant_ids == []
    ow.rocks.set_interest(ana.id, rock.id, 2)
    ow.rocks.set_interest(bo.id, rock.id, 3)
    assert ow.rocks.suggested_owner(rock.id).names == ["Bo"]
    ow.rocks.set_interest(ana.id, rock.id, 3)
    assert ow.rocks.suggested_owner(rock.id).names == ["Ana", "Bo"]
    with pytest.raises(InvalidInputError, match="0 \\(not involved\\) to 3"):
        ow.rocks.set_interest(ana.id, rock.id, 4)
    assert ow.rocks.interest_matrix() == {(ana.id, rock.id): 3, (bo.id, rock.id): 3}


def test_suggested_owners_follow_every_change_that_can_alter_them(ow: OpenWorkshop) -> None:
    """Kept between changes (the recap, the form and the wall show them after every rock
    edit), but a mark, a person's name, a rock's delete and their undo show at once, exactly
    as a service that has read nothing would say."""
    from sqlalchemy import event

    from workshop_app.services.rock_service import RockService

    ana = ow.setup.add_participant("Ana", "supplier").id
    bo = ow.setup.add_participant("Bo", "customer").id
    grow = ow.rocks.add("Grow").id
    keep = ow.rocks.add("Keep").id
    ow.rocks.set_interest(ana, grow, 2)

    def fresh() -> dict[int, object]:
        return dict(RockService(ow.store, ow.clock, ow.workshop_id).suggested_owners())

    changes = [
        ("a mark", lambda: ow.rocks.set_interest(bo, grow, 3)),
        ("a tie", lambda: ow.rocks.set_interest(ana, grow, 3)),
        ("a name", lambda: ow.setup.update_participant(ana, name="Ana Lima")),
        ("a mark on another rock", lambda: ow.rocks.set_interest(bo, keep, 1)),
        ("a rock deleted", lambda: ow.rocks.delete(keep)),
        ("undo", ow.undo),
        ("a person deleted", lambda: ow.setup.delete_participant(bo)),
        ("undo", ow.undo),
        ("redo", ow.redo),
    ]
    for what, change in changes:
        before = dict(ow.rocks.suggested_owners())
        change()
        assert ow.rocks.suggested_owners() == fresh() != before, what
    assert ow.rocks.suggested_owner(grow).names == ["Ana Lima"]
    assert ow.rocks.suggested_owner(9999).names == []

    seen: list[str] = []
    event.listen(ow.store.engine, "before_cursor_execute", lambda *a: seen.append(a[2]))
    kept = ow.rocks.suggested_owners()
    ow.rocks.set_text(grow, "title", "Grow share")
    ow.rocks.add("A third rock")
    seen.clear()
    assert ow.rocks.suggested_owners() is kept
    assert seen == []
