"""Hostile text typed into the workshop is shown exactly as typed on every stage and wall.

Qt labels guess "rich text" from a leading tag, so `<b>bold` would print bold and
`<img src=...>` would try to load a file.  Every label that shows user text must be plain
text (or escape it).  This walks every label of every stage and its wall view.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QLabel

from workshop_app.rules.voting import ItemRef
from workshop_app.services.workshop_service import OpenWorkshop

HOSTILE = ["<b>bold", "</i>", "0.1 <A <0.9", "R&D", '<img src="/etc/passwd"/>']


def _fill(ow: OpenWorkshop) -> None:
    ow.setup.set_detail("supplier_name", "<b>bold")
    people = [ow.setup.add_participant(name, "supplier") for name in ("<b>bold", "R&D lead")]
    ow.setup.add_participant('<img src="/etc/passwd"/>', "customer")
    topic = ow.board.topics()[0]
    ideas = [ow.board.add_idea(topic.id, text, people[0].id) for text in HOSTILE]
    cluster = ow.board.group(ideas[1].id, ideas[0].id, title="0.1 <A <0.9")
    rnd = ow.voting.create_round(topic.id, votes_per_person=4)
    ow.voting.cast(rnd.id, people[0].id, ItemRef("cluster", cluster.id))
    ow.voting.cast(rnd.id, people[1].id, ItemRef("idea", ideas[4].id))
    ow.voting.reveal(rnd.id)
    rock = ow.rocks.promote(ItemRef("cluster", cluster.id))
    ow.rocks.set_metric(rock.id, name="<b>bold", unit="</i>", baseline="1", target="2")
    ow.rocks.set_interest(people[0].id, rock.id, 3)
    ow.minutes.add('<img src="/etc/passwd"/>', "decision")
    ow.actions.add("</i> R&D", owner_id=people[1].id)
    ow.feedback.add(4, "<b>bold", "0.1 <A <0.9")


def _labels(widget: Any) -> list[QLabel]:
    found = widget.findChildren(QLabel)
    return [*([widget] if isinstance(widget, QLabel) else []), *found]


@pytest.mark.gui
def test_every_stage_and_wall_shows_hostile_text_literally(
    qtbot: Any, main_window: Any, ow: OpenWorkshop
) -> None:
    _fill(ow)
    main_window.flush_refresh()
    offenders: list[str] = []
    shown: set[str] = set()
    for index in range(9):
        main_window.show_stage(index)
        main_window.flush_refresh()
        stage = main_window.stage_at(index)
        views = [stage]
        wall = stage.wall_view()
        if wall is not None:
            qtbot.addWidget(wall)
            wall.resize(1280, 720)
            views.append(wall)
        for view in views:
            for label in _labels(view):
                text = label.text()
                for hostile in HOSTILE:
                    if hostile in text:
                        shown.add(hostile)
                        rich = label.textFormat() == Qt.TextFormat.RichText or (
                            label.textFormat() == Qt.TextFormat.AutoText
                            and QtGuiNamespace.mightBeRichText(text)
                        )
                        if rich:
                            offenders.append(f"{type(stage).__name__}: {type(label).__name__} {text[:60]!r}")
    assert offenders == []
    assert {"<b>bold", "0.1 <A <0.9", '<img src="/etc/passwd"/>'} <= shown
