"""Interest stage: poll each person's interest (0-3) in every rock and see who should own it.

The matrix has keyboard focus: arrows move, 0-3 set the level for the focused cell
(and move on to the next person), O makes the focused person the rock's owner; a
click sets the level by height.  The wall shows the same matrix large.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from workshop_app.model import Participant, Rock
from workshop_app.ui.context import UiContext
from workshop_app.ui.stage import StageWidget, follow_look, shows_revision
from workshop_app.ui.stages._rock_common import apply_stage_style, run_ok, set_role
from workshop_app.ui.stages._rock_interest import InterestGrid


class InterestStage(StageWidget):
    refreshes_itself = True  # __init__ fills it: the window need not refresh it again
    title = "Interest"
    hint = "Keys 0-3 set the focused person's interest and move down · arrows move · O makes them the owner"

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.grid = InterestGrid(ctx)
        self.status = QLabel()
        self.status.setWordWrap(True)
        set_role(self.status, "muted")
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.grid)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.status)
        self.grid.level_chosen.connect(self._on_grid_level_chosen)
        self.grid.owner_chosen.connect(self._on_grid_owner_chosen)
        self.grid.current_moved.connect(
            lambda rect: scroll.ensureVisible(
                rect.center().x(), rect.center().y(), rect.width(), rect.height()
            )
        )
        follow_look(self, ctx, self._apply_style)
        apply_stage_style(self, ctx)
        self.refresh()

    @shows_revision
    def refresh(self) -> None:
        self.grid.reload()
        marks = len(self.grid.levels)
        cells = len(self.grid.rows) * len(self.grid.columns)
        owned = sum(1 for c in self.grid.columns if c.owner)
        self.status.setText(
            f"{marks} of {cells} answers recorded (an empty cell counts as 0, not involved); "
            f"{owned} of {len(self.grid.columns)} rocks have an owner."
        )

    def focus_primary(self) -> None:
        self.grid.setFocus()

    def wall_view(self) -> QWidget:
        return InterestGrid(self.ctx, wall=True)

    def _apply_style(self, *_args: object) -> None:
        apply_stage_style(self, self.ctx)
        self.grid.reload()

    def _on_grid_level_chosen(self, participant_id: int, rock_id: int, level: int) -> None:
        if run_ok(self.ctx, self.ow.rocks.set_interest, participant_id, rock_id, level):
            self.refresh()

    def _on_grid_owner_chosen(self, participant_id: int, rock_id: int) -> None:
        person = self.ow.rocks.get(Participant, participant_id)
        rock = self.ow.rocks.get(Rock, rock_id)
        if run_ok(self.ctx, self.ow.rocks.update, rock_id, owner_id=participant_id):
            self.ctx.info(f"{person.name} owns '{rock.title}' now.")
            self.refresh()
