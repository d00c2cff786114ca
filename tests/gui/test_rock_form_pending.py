"""Rocks form: a risk typed but not added (no Enter) is saved to its own rock, never to the next one."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from workshop_app.model import Rock
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui

SAMPLE = Path(__file__).resolve().parents[2] / "sample_sessions" / "complete-jbp.json"


@pytest.fixture
def sample_window(tmp_path: Path, show_window: Callable[[Any], Any], qtbot: Any) -> Any:
    clock = FakeClock(datetime(2026, 3, 11, 10, 0, tzinfo=UTC))
    ow = OpenWorkshop.create_from_template(SAMPLE, tmp_path / "s.planwall", clock)
    window = show_window(MainWindow(ow, ticking=False))
    window.messages = []
    window.ctx.message_shown.connect(lambda level, text: window.messages.append((level, text)))
    window.show_stage(5)
    window.flush_refresh()
    return window


def risks(ow: OpenWorkshop, rock_id: int) -> list[tuple[str, str]]:
    return [(r.risk, r.mitigation) for r in ow.rocks.get(Rock, rock_id).risks]


def type_risk(qtbot: Any, form: Any, risk: str, mitigation: str) -> None:
    if risk:
        form.risk_text.setFocus()
        qtbot.keyClicks(form.risk_text, risk)
        qtbot.keyClick(form.risk_text, Qt.Key.Key_Tab)
    form.risk_mitigation.setFocus()
    qtbot.keyClicks(form.risk_mitigation, mitigation)


def test_typed_risk_goes_to_its_rock_when_another_rock_is_clicked(sample_window: Any, qtbot: Any) -> None:
    w = sample_window
    stage, ow = w.current_stage, w.ow
    form = stage.form
    stage.rock_list.setCurrentRow(0)
    w.flush_refresh()
    first = form.rock_id
    before_first = risks(ow, first)
    type_risk(qtbot, form, "Legal blocks data feed", "Escalate to GC")
    stage.rock_list.setFocus()
    stage.rock_list.setCurrentRow(1)
    w.flush_refresh()
    second = form.rock_id
    assert second != first
    assert risks(ow, first) == [*before_first, ("Legal blocks data feed", "Escalate to GC")]
    assert (form.risk_text.text(), form.risk_mitigation.text()) == ("", "")  # nothing carried over
    before_second = risks(ow, second)
    form.risk_mitigation.setFocus()
    qtbot.keyClick(form.risk_mitigation, Qt.Key.Key_Return)
    w.flush_refresh()
    assert risks(ow, second) == before_second
    w.undo()  # one undo takes the risk back off its rock
    w.flush_refresh()
    assert risks(ow, first) == before_first


def test_typed_risk_is_saved_when_the_stage_is_left(sample_window: Any, qtbot: Any) -> None:
    w = sample_window
    stage, ow = w.current_stage, w.ow
    form = stage.form
    rock_id = form.rock_id
    before = risks(ow, rock_id)
    type_risk(qtbot, form, "Unsaved risk", "")
    w.show_stage(7)
    w.flush_refresh()
    assert risks(ow, rock_id) == [*before, ("Unsaved risk", "")]
    w.show_stage(5)
    w.flush_refresh()
    assert form.rock_id == rock_id and form.risk_text.text() == ""


def test_typed_risk_is_saved_when_the_window_closes(sample_window: Any, qtbot: Any) -> None:
    w = sample_window
    stage, ow = w.current_stage, w.ow
    form = stage.form
    rock_id, path, clock = form.rock_id, ow.path, ow.clock
    before = risks(ow, rock_id)
    type_risk(qtbot, form, "Risk typed at the end", "Owner follows up")
    w.close()
    again = OpenWorkshop.open(path, clock)
    try:
        assert risks(again, rock_id) == [*before, ("Risk typed at the end", "Owner follows up")]
    finally:
        again.close()


def test_mitigation_without_risk_stays_on_its_rock_and_is_reported(sample_window: Any, qtbot: Any) -> None:
    w = sample_window
    stage, ow = w.current_stage, w.ow
    form = stage.form
    stage.rock_list.setCurrentRow(0)
    w.flush_refresh()
    first = form.rock_id
    second = stage.rock_list.item(1).data(Qt.ItemDataRole.UserRole + 1)
    before = (risks(ow, first), risks(ow, second))
    type_risk(qtbot, form, "", "Escalate to GC")
    stage.rock_list.setFocus()
    stage.rock_list.setCurrentRow(1)
    qtbot.wait(20)
    w.flush_refresh()
    assert form.rock_id == first  # stays: the mitigation is not lost and not moved
    assert stage.selected_rock_id() == first
    assert form.risk_mitigation.text() == "Escalate to GC"
    assert (risks(ow, first), risks(ow, second)) == before
    assert w.messages[-1][0] == "error" and "has no risk yet" in w.messages[-1][1]


def test_a_due_date_that_is_not_a_date_is_put_back_when_the_stage_is_left(
    sample_window: Any, qtbot: Any
) -> None:
    w = sample_window
    stage, ow = w.current_stage, w.ow
    form = stage.form
    stage.rock_list.setCurrentRow(2)
    w.flush_refresh()
    rock = ow.rocks.get(Rock, form.rock_id)
    stored = rock.due_date.isoformat()
    form.due.setFocus()
    form.due.selectAll()
    qtbot.keyClicks(form.due, "31/02/2027")
    qtbot.keyClick(form.due, Qt.Key.Key_Tab)
    w.flush_refresh()
    assert form.due.text() == "31/02/2027"  # still there to correct, marked as not saved
    assert w.messages[-1][0] == "error" and "31/02/2027" in w.messages[-1][1]
    assert "not saved" in form.reasons.text() and f"keeps {stored}" in form.reasons.text()
    n = len(w.messages)
    w.show_stage(7)
    w.flush_refresh()
    assert len(w.messages) == n + 1
    assert w.messages[-1] == (
        "error",
        f"Due date '31/02/2027' was not a date and is not saved: '{rock.title}' keeps {stored}.",
    )
    w.show_stage(5)
    w.flush_refresh()
    assert form.rock_id == rock.id and form.due.text() == stored  # what the rock and the pack hold
    assert ow.rocks.get(Rock, rock.id).due_date.isoformat() == stored
    assert form.due.property("invalid") is not True
    w.show_stage(7)
    w.flush_refresh()
    w.show_stage(5)
    w.flush_refresh()
    assert len(w.messages) == n + 1  # said once, not at every stage change
    form.due.setFocus()
    form.due.selectAll()
    qtbot.keyClicks(form.due, "March 31, 2027")
    qtbot.keyClick(form.due, Qt.Key.Key_Tab)
    assert ow.rocks.get(Rock, rock.id).due_date.isoformat() == "2027-03-31"
