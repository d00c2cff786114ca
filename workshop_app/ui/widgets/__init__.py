"""Small widgets and helpers every part of the window may use.

- ``MessageBar``: the non-blocking message strip (errors stay until dismissed).
- ``CommitLineEdit`` / ``CommitTextEdit``: fields that save on Enter or on leaving the
  field through a callback, and keep the typed text (marked red) when the save is refused.
- ``AppUndoLineEdit``: a line edit that leaves Ctrl+Z / Ctrl+Shift+Z to the window's
  Undo/Redo when it has nothing of its own to undo.
- ``WallLabel`` / ``apply_wall_unit``: text sized in wall units (1/40 of the wall height).
- ``confirm``: a yes/no question (QMessageBox.question, patched in tests).
- ``FunctionWorker``: run a function in the QThreadPool and get progress/result by signal.
"""

from workshop_app.ui.widgets.commit_edit import AppUndoLineEdit, CommitLineEdit, CommitTextEdit
from workshop_app.ui.widgets.dialogs import confirm
from workshop_app.ui.widgets.message_bar import MessageBar
from workshop_app.ui.widgets.wall_text import WALL_LINES, WallLabel, apply_wall_unit, wall_unit
from workshop_app.ui.widgets.worker import FunctionWorker

__all__ = [
    "WALL_LINES",
    "AppUndoLineEdit",
    "CommitLineEdit",
    "CommitTextEdit",
    "FunctionWorker",
    "MessageBar",
    "WallLabel",
    "apply_wall_unit",
    "confirm",
    "wall_unit",
]
