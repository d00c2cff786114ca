"""Rocks stage: promote from a revealed vote, fill the form by typing, live SMART check, 7-rock limit."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from workshop_app.model import Rock
from workshop_app.rules.voting import ItemRef
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages.rocks_stage import RocksStage

pytestmark = pytest.mark.gui


class Dialogs:
    """QMessageBox.question patched: records what was asked, answers with ``answer``."""

    def __init__(self) -> None:
        self.asked: list[str] = []
        self.answer = QMessageBox.StandardButton.No

    def question(self, _parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        self.asked.append(text)
        return self.answer


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> Dialogs:
    d = Dialogs()
    monkeypatch.setattr(QMessageBox, "question", d.question)
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.Ok)
    return d


def voted(ow: OpenWorkshop) -> list[ItemRef]:
    """Three people vote on one topic and the result is revealed; returns the ranked items."""
    people = [
        ow.setup.add_participant(n, s).id
        for n, s in (("Anna", "supplier"), ("Ben", "customer"), ("Cara", "customer"))
    ]
    topic = ow.board.topics()[0]
    ideas = [
        ow.board.add_idea(topic.id, t, people[0]).id
        for t in (
            "Shared forecast",
            "Forecast by store",
            "Joint promo calendar",
            "Fewer promotions",
            "Loyalty app",
        )
    ]
    c1 = ow.board.group(ideas[1], ideas[0], "Collaborative forecasting")
    c2 = ow.board.group(ideas[3], ideas[2], "One promo calendar")
    rnd = ow.voting.create_round(topic.id, votes_per_person=3)
    for p in people:
        ow.voting.cast(rnd.id, p, ItemRef("cluster", c1.id))
        ow.voting.cast(rnd.id, p, ItemRef("cluster", c2.id))
    ow.voting.cast(rnd.id, people[0], ItemRef("cluster", c1.id))
    ow.voting.cast(rnd.id, people[1], ItemRef("idea", ideas[4]))
    ow.voting.reveal(rnd.id)
    return [r.item for r in ow.voting.results(rnd.id).items if r.total]


def make_stage(ctx: UiContext, qtbot: object) -> RocksStage:
    stage = RocksStage(ctx)
    qtbot.addWidget(stage)  # type: ignore[attr-defined]
    ctx.workshop_changed.connect(lambda _label: stage.refresh())  # what the main window does
    stage.resize(1280, 720)
    with qtbot.waitActive(stage):  # type: ignore[attr-defined]
        stage.show()
        stage.activateWindow()
    stage.refresh()
    return stage


def type_into(qtbot: object, widget: object, text: str) -> None:
    widget.setFocus()  # type: ignore[attr-defined]
    qtbot.keyClicks(widget, text)  # type: ignore[attr-defined]


def letters(stage: RocksStage) -> str:
    check = stage.form.live_check
    assert check is not None
    return "".join(x.letter if x.ok else "-" for x in check.letters)


def test_promote_two_rocks_and_fill_metrics_by_typing(
    ctx: UiContext, ow: OpenWorkshop, qtbot, dialogs
) -> None:
    ranked = voted(ow)
    stage = make_stage(ctx, qtbot)
    stage.focus_primary()
    assert stage.ranked.hasFocus()
    assert stage.ranked.currentItem().data(Qt.ItemDataRole.UserRole) == ranked[0]
    qtbot.keyClick(stage.ranked, Qt.Key.Key_Return)
    assert stage.ranked.currentItem().data(Qt.ItemDataRole.UserRole) == ranked[1]  # moved on to the next
    qtbot.keyClick(stage.ranked, Qt.Key.Key_Return)
    rocks = ow.rocks.rocks()
    assert [r.title for r in rocks] == ["Collaborative forecasting", "One promo calendar"]
    assert rocks[0].source_cluster_id == ranked[0].id
    assert "\u2713 rock 1" in stage.ranked.item(1).text()
    assert stage.limit.text() == "2 of 7 rocks"

    stage.rock_list.setCurrentRow(0)
    form = stage.form
    assert form.rock_id == rocks[0].id
    assert form.title.text() == "Collaborative forecasting"
    assert letters(stage) == "S----"  # the cluster's notes became the scope
    assert form.no_metric.isVisibleTo(stage)

    type_into(qtbot, form.metric_name, "On-shelf availability")
    qtbot.keyClick(form.metric_name, Qt.Key.Key_Tab)
    type_into(qtbot, form.metric_unit, "%")
    type_into(qtbot, form.metric_baseline, "94.5")
    assert letters(stage) == "S----"
    type_into(qtbot, form.metric_target, "97")
    assert letters(stage) == "SM---"  # measurable as soon as the target is typed...
    assert not form.no_metric.isVisibleTo(stage)
    assert ow.rocks.get(Rock, rocks[0].id).metric_target == ""  # ...before it is saved
    qtbot.keyClick(form.metric_target, Qt.Key.Key_Tab)
    type_into(qtbot, form.due, "30/09/2026")
    qtbot.keyClick(form.due, Qt.Key.Key_Return)
    assert letters(stage) == "SM--T"
    form.achievable.setFocus()
    qtbot.keyClick(form.achievable, Qt.Key.Key_Space)
    assert letters(stage) == "SMA-T"

    rock = ow.rocks.get(Rock, rocks[0].id)
    assert (rock.metric_name, rock.metric_unit, rock.metric_baseline, rock.metric_target) == (
        "On-shelf availability",
        "%",
        "94.5",
        "97",
    )
    assert rock.due_date == date(2026, 9, 30)
    assert rock.achievable_confirmed
    assert ow.rocks.smart(rock.id).missing == "R"
    assert "missing R" in stage.rock_list.item(0).text()

    # the second rock keeps its own values; switching back shows the first one's
    stage.rock_list.setCurrentRow(1)
    assert form.metric_name.text() == ""
    type_into(qtbot, form.metric_name, "Promo ROI")
    stage.rock_list.setCurrentRow(0)  # unsaved typing is saved before switching
    assert ow.rocks.get(Rock, rocks[1].id).metric_name == "Promo ROI"
    assert form.metric_target.text() == "97"


def test_smart_letters_change_as_you_type(ctx: UiContext, ow: OpenWorkshop, qtbot, dialogs) -> None:
    rock = ow.rocks.add("Fix Monday out-of-stocks")
    stage = make_stage(ctx, qtbot)
    form = stage.form
    assert form.rock_id == rock.id
    assert letters(stage) == "-----"
    assert "scope" in form.reasons.text()
    type_into(qtbot, form.scope, "All stores")
    assert letters(stage) == "-----"
    qtbot.keyClicks(form.scope, " weekly")
    assert letters(stage) == "S----"  # three words: specific
    assert "#" in form.letters.text()  # coloured rich text
    assert "missing M A R T" in stage.rock_list.item(0).text()  # the list follows the typing too
    form.objective.setFocus()
    assert ow.rocks.get(Rock, rock.id).scope == "All stores weekly"  # saved when leaving the field
    # a target below the baseline for a metric that should go up is a warning
    type_into(qtbot, form.metric_name, "Availability")
    type_into(qtbot, form.metric_baseline, "95")
    type_into(qtbot, form.metric_target, "90")
    assert "below" in form.warnings.text()
    assert form.warnings.isVisibleTo(stage)
    type_into(qtbot, form.metric_target, "0")
    assert not form.warnings.isVisibleTo(stage)


def test_eighth_rock_needs_the_explicit_override(ctx: UiContext, ow: OpenWorkshop, qtbot, dialogs) -> None:
    for i in range(7):
        ow.rocks.add(f"Rock {i + 1}")
    stage = make_stage(ctx, qtbot)
    assert "7 of 7 rocks" in stage.limit.text()
    type_into(qtbot, stage.new_rock, "An eighth priority")
    assert stage.new_rock_note.isVisibleTo(stage)
    assert "rock 8" in stage.new_rock_note.text()
    qtbot.keyClick(stage.new_rock, Qt.Key.Key_Return)
    assert ow.rocks.count() == 7
    assert "at most 7" in dialogs.asked[-1]
    assert stage.new_rock.text() == "An eighth priority"  # the typed title is kept
    dialogs.answer = QMessageBox.StandardButton.Yes
    qtbot.keyClick(stage.new_rock, Qt.Key.Key_Return)
    rocks = ow.rocks.rocks()
    assert len(rocks) == 8
    assert rocks[-1].title == "An eighth priority" and rocks[-1].over_limit
    assert stage.limit.text() == "8 rocks: 1 over the limit of 7"
    assert "over the limit" in stage.rock_list.item(7).text()
    assert stage.new_rock.text() == ""


def test_promote_beyond_seven_asks_too(ctx: UiContext, ow: OpenWorkshop, qtbot, dialogs) -> None:
    voted(ow)
    for i in range(7):
        ow.rocks.add(f"Rock {i + 1}")
    stage = make_stage(ctx, qtbot)
    stage.ranked.setFocus()
    qtbot.keyClick(stage.ranked, Qt.Key.Key_Return)
    assert ow.rocks.count() == 7 and len(dialogs.asked) == 1
    assert any("still 7 rocks" in text for _level, text in ctx.messages)


def test_bad_due_date_is_kept_with_a_message(ctx: UiContext, ow: OpenWorkshop, qtbot, dialogs) -> None:
    rock = ow.rocks.add("Loyalty offer")
    stage = make_stage(ctx, qtbot)
    form = stage.form
    type_into(qtbot, form.due, "next summer")
    assert form.due.property("invalid") is True
    qtbot.keyClick(form.due, Qt.Key.Key_Return)
    assert form.due.text() == "next summer"
    assert ctx.messages[-1][0] == "error" and "YYYY-MM-DD" in ctx.messages[-1][1]
    assert ow.rocks.get(Rock, rock.id).due_date is None
    form.due.selectAll()
    qtbot.keyClicks(form.due, "2026-06-30")
    qtbot.keyClick(form.due, Qt.Key.Key_Return)
    assert ow.rocks.get(Rock, rock.id).due_date == date(2026, 6, 30)
    # a date that cannot be saved keeps the rock on screen when another rock is chosen
    other = ow.rocks.add("Second rock")
    stage.refresh()
    form.due.selectAll()
    qtbot.keyClicks(form.due, "31/31/2026")
    stage.rock_list.setCurrentRow(1)
    qtbot.wait(20)
    assert form.rock_id == rock.id and form.due.text() == "31/31/2026"
    assert stage.selected_rock_id() == rock.id
    assert form.rock_id != other.id
    form.due.selectAll()
    qtbot.keyClicks(form.due, "2026-06-30")
    qtbot.keyClick(form.due, Qt.Key.Key_Return)
    # an empty title is refused and what is in the field stays
    form.title.selectAll()
    qtbot.keyClick(form.title, Qt.Key.Key_Delete)
    qtbot.keyClick(form.title, Qt.Key.Key_Return)
    assert ow.rocks.get(Rock, rock.id).title == "Loyalty offer"
    assert "empty" in ctx.messages[-1][1]


def test_owner_objective_risks_and_order(ctx: UiContext, ow: OpenWorkshop, qtbot, dialogs) -> None:
    anna = ow.setup.add_participant("Anna", "supplier")
    ben = ow.setup.add_participant("Ben", "customer")
    objective = ow.setup.add_frame_item("objective", "Grow the category by 8%")
    first = ow.rocks.add("First")
    second = ow.rocks.add("Second")
    ow.rocks.set_interest(ben.id, first.id, 3)
    ow.rocks.set_interest(anna.id, first.id, 2)
    stage = make_stage(ctx, qtbot)
    form = stage.form
    assert "Ben" in form.suggestion.text() and "want to own" in form.suggestion.text()
    assert form.owner.currentText() == "not set"
    qtbot.mouseClick(form.use_suggestion, Qt.MouseButton.LeftButton)
    assert ow.rocks.get(Rock, first.id).owner_id == ben.id
    assert not form.use_suggestion.isEnabled()
    form.objective.setFocus()
    qtbot.keyClick(form.objective, Qt.Key.Key_Down)
    assert ow.rocks.get(Rock, first.id).objective_id == objective.id
    assert "R" in letters(stage)

    type_into(qtbot, form.risk_text, "Data arrives late")
    qtbot.keyClick(form.risk_text, Qt.Key.Key_Tab)
    type_into(qtbot, form.risk_mitigation, "Daily feed")
    qtbot.keyClick(form.risk_mitigation, Qt.Key.Key_Return)
    risks = ow.rocks.get(Rock, first.id).risks
    assert [(r.risk, r.mitigation) for r in risks] == [("Data arrives late", "Daily feed")]
    assert form.risk_text.hasFocus() and form.risk_text.text() == ""
    form.risks.item(0, 1).setText("Daily feed by 10:00")  # edited in place
    assert ow.rocks.get(Rock, first.id).risks[0].mitigation == "Daily feed by 10:00"
    form.risks.setCurrentCell(0, 0)
    form.risks.setFocus()
    qtbot.keyClick(form.risks, Qt.Key.Key_Delete)
    assert ow.rocks.get(Rock, first.id).risks == []

    stage.rock_list.setFocus()
    stage.rock_list.setCurrentRow(0)
    qtbot.keyClick(stage.rock_list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert [r.id for r in ow.rocks.rocks()] == [second.id, first.id]
    assert stage.selected_rock_id() == first.id
    dialogs.answer = QMessageBox.StandardButton.Yes
    qtbot.keyClick(stage.rock_list, Qt.Key.Key_Delete)
    assert [r.id for r in ow.rocks.rocks()] == [second.id]


def test_recap_and_wall_show_metrics_owners_and_letters(
    ctx: UiContext, ow: OpenWorkshop, qtbot, dialogs
) -> None:
    anna = ow.setup.add_participant("Anna Schmidt", "supplier")
    rock = ow.rocks.add("Availability <first>", "All stores, every week")
    ow.rocks.set_metric(
        rock.id,
        name="On-shelf availability",
        unit="%",
        baseline="94.5",
        target="97",
        due_date=date(2026, 9, 30),
    )
    ow.rocks.update(rock.id, owner_id=anna.id)
    ow.rocks.add("No metric yet")
    stage = make_stage(ctx, qtbot)
    qtbot.keyClick(stage, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert stage.tabs.currentIndex() == 1
    wall = stage.wall_view()
    qtbot.addWidget(wall)
    wall.resize(1920, 1080)
    text = wall.plain_text().replace("\u2011", "-")  # dates use non-breaking hyphens
    assert "Availability <first>" in text  # user text exactly as typed
    assert "94.5 \u2192 97 %" in text and "2026-09-30" in text and "Anna Schmidt" in text
    assert "no target metric" in text and "2 of 7 rocks" in text
    assert wall.base_px() >= 1080 // 40
    ow.rocks.set_text(rock.id, "title", "Availability renamed")
    assert "Availability renamed" in wall.plain_text()  # the wall follows changes


def test_promoting_selects_the_new_rock_and_fills_the_form_once(
    ow: OpenWorkshop, main_window, qtbot, dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """In the window (which skips its own refresh of a stage that showed the change already)."""
    voted(ow)
    main_window.show_stage("rocks")
    stage = main_window.current_stage
    stage.focus_primary()
    qtbot.keyClick(stage.ranked, Qt.Key.Key_Return)
    main_window.flush_refresh()
    first = stage.form.rock_id
    reloads: list[int | None] = []
    reload = stage.form.reload
    monkeypatch.setattr(stage.form, "reload", lambda: (reloads.append(stage.form.rock_id), reload())[1])
    qtbot.keyClick(stage.ranked, Qt.Key.Key_Return)
    main_window.flush_refresh()
    second = ow.rocks.rocks()[1]
    assert stage.form.rock_id == second.id != first and stage.selected_rock_id() == second.id
    assert stage.form.title.text() == second.title
    assert reloads == [second.id]  # filled once, with the new rock (it was: the old one, then the new)


def test_the_window_leaves_the_rocks_stage_alone_for_changes_it_does_not_show(
    ow: OpenWorkshop, main_window, qtbot, dialogs, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    """A timer, minutes or feedback change does not refresh it; after every change, undo and redo
    it shows exactly what a Rocks stage built afresh shows."""
    refs = voted(ow)
    anna = ow.setup.participants()[0]
    goal = ow.setup.add_frame_item("objective", "Grow the category")
    rock = ow.rocks.promote(refs[0])
    ow.rocks.update(rock.id, owner_id=anna.id, objective_id=goal.id)
    ow.rocks.add_risk(rock.id, "Late data")
    ow.rocks.set_interest(anna.id, rock.id, 3)
    window = main_window
    window.show_stage("rocks")
    stage = window.current_stage
    refreshes: list[int] = []
    refresh = stage.refresh
    monkeypatch.setattr(stage, "refresh", lambda: (refreshes.append(1), refresh())[1])

    def shown(s: RocksStage) -> tuple[object, ...]:
        ranked = [s.ranked.item(i).text() for i in range(s.ranked.count())]
        rocks = [s.rock_list.item(i).text() for i in range(s.rock_list.count())]
        form = (s.form.title.text(), s.form.owner.currentText(), s.form.objective.currentText())
        return ranked, rocks, s.recap.toPlainText(), form, letters(s)

    def fresh() -> tuple[object, ...]:
        return shown(make_stage(window.ctx, qtbot))

    item = ow.agenda.all_items()[0]
    cara = ow.setup.participants()[2]
    unshown = {"timer", "minutes", "feedback"}
    changes = [
        ("timer", lambda: ow.agenda.start(item.id)),
        ("minutes", lambda: ow.minutes.add("Agreed the joint calendar", "decision")),
        ("feedback", lambda: ow.feedback.add(4)),
        ("owner renamed", lambda: ow.setup.update_participant(anna.id, name="Anna Berg")),
        ("objective edited", lambda: ow.setup.edit_frame_item(goal.id, "Grow the whole category")),
        ("interest", lambda: ow.rocks.set_interest(cara.id, rock.id, 3)),
        ("a dot", lambda: ow.voting.cast(ow.voting.rounds()[0].id, cara.id, refs[1])),
        ("rock title", lambda: ow.rocks.set_text(rock.id, "title", "Forecast together")),
        ("risk", lambda: ow.rocks.add_risk(rock.id, "No budget")),
        ("undo", ow.undo),
        ("redo", ow.redo),
    ]
    for name, change in changes:
        before = len(refreshes)
        window.show_stage("minutes")
        change()
        window.show_stage("rocks")
        assert shown(stage) == fresh(), name
        assert (len(refreshes) == before) == (name in unshown), name


def test_the_details_form_is_never_cut_off_at_the_right(
    main_window: object, ow: OpenWorkshop, qtbot, dialogs
) -> None:  # type: ignore[no-untyped-def]
    """Found in review: with an 8th rock the limit note widened the left column and the form was
    58 px wider than its area, with the horizontal scroll bar switched off (Unit, Target, Due cut)."""
    for i in range(1, 9):
        ow.rocks.add(f"Rock {i}", override=i > 7)
    main_window.show_stage("rocks")  # type: ignore[attr-defined]
    stage = main_window.current_stage  # type: ignore[attr-defined]
    stage.rock_list.setCurrentRow(7)
    qtbot.wait(50)
    scroll = stage.tabs.widget(0)
    assert "over the limit" in stage.limit.text()
    assert stage.form.width() <= scroll.viewport().width()
    assert scroll.horizontalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff  # at worst, it scrolls


def test_the_recap_wall_says_how_many_rocks_it_could_not_show(
    ctx: UiContext, ow: OpenWorkshop, qtbot
) -> None:  # type: ignore[no-untyped-def]
    """Found in review: 8 long rocks cut off at the bottom of the wall, with nothing to say so."""
    from workshop_app.ui.stages._rock_recap import RockRecapView

    long_name = ow.setup.add_participant("Maximilian Alexander von Hohenzollern-Sigmaringen", "supplier")
    for i in range(1, 9):
        rock = ow.rocks.add(
            f"Rock {i}: daily store-level data sharing and one joint forecast for the top 100 lines",
            override=i > 7,
        )
        ow.rocks.update(rock.id, owner_id=long_name.id)
        name = "Forecast accuracy (1 - WMAPE) at store/day level"
        ow.rocks.set_metric(rock.id, name=name, unit="%", baseline="71", target="85")
    from PySide6.QtWidgets import QWidget

    wall = QWidget()  # the wall window at 1280x720: the recap below its timer strip
    qtbot.addWidget(wall)
    wall.resize(1280, 720)
    view = RockRecapView(ctx)
    view.setParent(wall)
    view.setGeometry(0, 107, 1280, 613)
    wall.show()
    view.base_px()
    text = view._doc.toPlainText()
    shown = [i for i in range(1, 9) if f"Rock {i}:" in text]
    assert len(shown) < 8 and f"and {8 - len(shown)} more rock(s)" in text
    assert view._doc.size().height() <= view.height()

    for rock in ow.rocks.rocks()[3:]:  # three rocks fit: no such line
        ow.rocks.delete(rock.id)
    view.rebuild()
    view.base_px()
    assert "Rock 3:" in view._doc.toPlainText() and "more rock(s)" not in view._doc.toPlainText()
