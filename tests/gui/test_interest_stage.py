"""Interest stage: levels set with keys 0-3 and by clicking at a height; the suggested owner follows."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFontMetrics

from workshop_app.model import Rock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages.interest_stage import InterestStage

pytestmark = pytest.mark.gui


@pytest.fixture
def people(ow: OpenWorkshop) -> list[int]:
    ids = [
        ow.setup.add_participant(n, s).id
        for n, s in (("Anna", "supplier"), ("Ben", "customer"), ("Cara", "customer"))
    ]
    ow.setup.add_participant("Fiona Facilitator", "facilitation")  # not polled
    return ids


@pytest.fixture
def rocks(ow: OpenWorkshop) -> list[int]:
    return [ow.rocks.add(t).id for t in ("Shared forecast", "Promo calendar")]


def make_stage(ctx: UiContext, qtbot: object) -> InterestStage:
    stage = InterestStage(ctx)
    qtbot.addWidget(stage)  # type: ignore[attr-defined]
    ctx.workshop_changed.connect(lambda _label: stage.refresh())  # what the main window does
    stage.resize(1280, 720)
    with qtbot.waitActive(stage):  # type: ignore[attr-defined]
        stage.show()
        stage.activateWindow()
    stage.refresh()
    stage.focus_primary()
    return stage


def test_keys_set_levels_and_the_suggested_owner_follows(ctx, ow, people, rocks, qtbot) -> None:
    stage = make_stage(ctx, qtbot)
    grid = stage.grid
    assert grid.hasFocus()
    assert [r.name for r in grid.rows] == ["Anna", "Ben", "Cara"]  # the facilitator is not polled
    assert grid.columns[0].suggested == []
    assert grid._footer(grid.columns[0]) == ("No owner yet", "none")

    qtbot.keyClick(grid, Qt.Key.Key_2)  # Anna: contribute, then on to Ben
    assert ow.rocks.interest_matrix() == {(people[0], rocks[0]): 2}
    assert grid.current == (1, 0)
    assert grid.columns[0].suggested == ["Anna"]
    qtbot.keyClick(grid, Qt.Key.Key_3)  # Ben wants to own it
    assert grid.columns[0].suggested == ["Ben"]
    assert grid._footer(grid.columns[0]) == ("Suggested: Ben", "suggested")
    qtbot.keyClick(grid, Qt.Key.Key_3)  # Cara too: a tie, both listed
    assert grid.columns[0].suggested == ["Ben", "Cara"]
    assert grid._footer(grid.columns[0])[0] == "Tie: Ben, Cara"
    assert grid.current == (2, 0)  # stays on the last person
    qtbot.keyClick(grid, Qt.Key.Key_0)  # Cara changes her mind
    assert ow.rocks.interest_matrix()[(people[2], rocks[0])] == 0
    assert ow.rocks.suggested_owner(rocks[0]).names == ["Ben"]
    assert grid.columns[0].suggested == ["Ben"]

    qtbot.keyClick(grid, Qt.Key.Key_Up)
    qtbot.keyClick(grid, Qt.Key.Key_Right)
    assert grid.current == (1, 1)
    qtbot.keyClick(grid, Qt.Key.Key_1)
    assert ow.rocks.interest_matrix()[(people[1], rocks[1])] == 1
    qtbot.keyClick(grid, Qt.Key.Key_Right)  # already the last rock: stays
    assert grid.current == (2, 1)
    assert "4 of 6 answers" in stage.status.text()

    # O: the focused person owns the rock
    grid.current = (1, 0)
    qtbot.keyClick(grid, Qt.Key.Key_O)
    assert ow.rocks.get(Rock, rocks[0]).owner_id == people[1]
    assert grid._footer(grid.columns[0]) == ("Owner: Ben", "owner")
    assert "1 of 2 rocks have an owner" in stage.status.text()

    # the wall shows the same matrix
    wall = stage.wall_view()
    qtbot.addWidget(wall)
    wall.resize(1920, 1080)
    assert wall.levels == ow.rocks.interest_matrix()
    assert wall.focusPolicy() == Qt.FocusPolicy.NoFocus
    g = wall._geometry()
    assert g.fits and g.font_px >= 1080 // 40
    assert grid._geometry().font_px == 16
    ctx.set_text_scale(1.5)  # Ctrl+= in the window: the matrix follows
    assert grid._geometry().font_px == 24


def test_click_sets_the_level_by_height(ctx, ow, people, rocks, qtbot) -> None:
    stage = make_stage(ctx, qtbot)
    grid = stage.grid
    cell = grid.cell_rect(0, 1)
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=QPoint(cell.center().x(), cell.top() + 3))
    assert ow.rocks.interest_matrix()[(people[0], rocks[1])] == 3
    assert grid.current == (0, 1)
    qtbot.mouseClick(grid, Qt.MouseButton.LeftButton, pos=QPoint(cell.center().x(), cell.bottom() - 3))
    assert ow.rocks.interest_matrix()[(people[0], rocks[1])] == 0
    # a dot for more interest is drawn higher: check the painted pixels of two cells
    ow.rocks.set_interest(people[1], rocks[0], 3)
    ow.rocks.set_interest(people[2], rocks[0], 1)
    image = grid.grab().toImage()
    accent_rows = []
    for row in (1, 2):
        rect = grid.cell_rect(row, 0)
        x = rect.center().x()
        ys = [y for y in range(rect.top(), rect.bottom()) if image.pixelColor(x, y).saturation() > 120]
        assert ys, f"no dot drawn in row {row}"
        accent_rows.append((min(ys) - rect.top()) / rect.height())
    assert accent_rows[0] < accent_rows[1] - 0.2  # level 3 sits clearly higher than level 1


def test_empty_states_say_what_to_do(ctx, ow, qtbot) -> None:
    stage = make_stage(ctx, qtbot)
    assert stage.grid.current_ids() is None
    qtbot.keyClick(stage.grid, Qt.Key.Key_3)  # nothing to set: no error, nothing stored
    assert ow.rocks.interest_matrix() == {}
    assert "0 of 0 answers" in stage.status.text()


@pytest.mark.parametrize(("width", "height"), [(1280, 720), (1920, 1080)])
def test_the_wall_shows_the_owners_row_with_twenty_people(ctx, ow, qtbot, width, height) -> None:  # type: ignore[no-untyped-def]
    """The result of the poll (owner / suggested / tie under each rock) stays on the wall with 20
    people: the rows close up instead of pushing it off the bottom (found in review)."""
    from PySide6.QtWidgets import QWidget

    from workshop_app.ui.stages._rock_interest import InterestGrid

    names = [f"Participant with a long name {i:02d}" for i in range(1, 21)]
    people = [ow.setup.add_participant(n, "supplier").id for n in names]
    for title in (
        "Daily data sharing and one forecast",
        "Promotions that pay for both",
        "Joint range review",
    ):
        rock = ow.rocks.add(title)
        ow.rocks.set_interest(people[0], rock.id, 3)
    room = QWidget()  # the wall window: its timer strip takes the top ~15%
    qtbot.addWidget(room)
    room.resize(width, height)
    grid = InterestGrid(ctx, wall=True, parent=room)
    grid.setGeometry(0, round(height * 0.15), width, height - round(height * 0.15))
    room.show()
    g = grid._geometry()
    assert g.font_px >= round(height / 40)  # never smaller than the wall's smallest text
    bottom = g.top + g.head_h + g.row_h * len(grid.rows) + g.foot_h
    assert len(grid.rows) == 20 and bottom <= grid.height()
    assert g.row_h >= QFontMetrics(grid._font(g.font_px, bold=True)).lineSpacing()  # a name fits its row


def test_the_walls_owner_line_and_names_stay_inside_their_columns(ctx, ow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """With 19 people and 8 rocks at 1280x720, "Suggested: Dan" was cut at both edges of its
    column, and a long name ran under the first rock's column."""
    from PySide6.QtWidgets import QWidget

    from workshop_app.ui.stages._rock_interest import InterestGrid

    people = [ow.setup.add_participant(f"Person {i:02d}", "supplier").id for i in range(18)]
    people.append(ow.setup.add_participant("A" * 40, "customer").id)
    for n in range(8):
        rock = ow.rocks.add(f"Rock number {n + 1}", override=n == 7)
        ow.rocks.set_interest(people[n], rock.id, 2)  # one suggested owner under each
    room = QWidget()
    qtbot.addWidget(room)
    room.resize(1280, 720)
    grid = InterestGrid(ctx, wall=True, parent=room)
    grid.setGeometry(0, 108, 1280, 612)
    room.show()
    g = grid._geometry()
    small = QFontMetrics(grid._font(g.font_px))
    inner = round(g.col_w) - 12
    for col in grid.columns:
        text, kind = grid._footer(col)
        assert kind == "suggested"
        assert all(small.horizontalAdvance(word) <= inner for word in text.split())
    grid.grab()  # paints the elided long name without error
    assert g.name_w <= round(1280 * 0.25)


def test_a_wall_with_more_people_than_fit_says_how_many_more_and_keeps_the_owners(ctx, ow, qtbot) -> None:  # type: ignore[no-untyped-def]
    """25 people at 1280x720 with larger text: the rows ran off the bottom, the last person cut
    in half and the owners' line gone, with nothing telling the room that people were missing."""
    from PySide6.QtWidgets import QWidget

    from workshop_app.ui.stages._rock_interest import InterestGrid

    people = [ow.setup.add_participant(f"Person {i:02d}", "supplier").id for i in range(25)]
    rock = ow.rocks.add("Shared forecast")
    ow.rocks.set_interest(people[24], rock.id, 3)
    ctx.set_text_scale(1.6)
    room = QWidget()
    qtbot.addWidget(room)
    room.resize(1280, 720)
    grid = InterestGrid(ctx, wall=True, parent=room)
    grid.setGeometry(0, 200, 1280, 520)  # below a wall strip made taller by the larger text
    room.show()
    g = grid._geometry()
    assert g.shown is not None and g.shown < 25
    lines = g.shown + 1  # the people shown, and "+ N more people"
    assert g.top + g.head_h + lines * g.row_h + g.foot_h <= grid.height()  # the owners' line too
    assert g.row_h >= QFontMetrics(grid._font(g.font_px, bold=True)).lineSpacing()
    assert grid._footer(grid.columns[0]) == ("Suggested: Person 24", "suggested")
    grid.grab()
