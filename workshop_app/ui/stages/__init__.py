"""One module per stage of the stage rail, in the order the workshop runs.

``STAGES`` lists (key, rail label, module, class name); ``load_stage_classes()`` imports
them.  The key is what the workshop file remembers as its current stage.
"""

from __future__ import annotations

import importlib

from workshop_app.ui.stage import StageWidget

STAGES: tuple[tuple[str, str, str, str], ...] = (
    ("setup", "Setup", "setup_stage", "SetupStage"),
    ("agenda", "Agenda", "agenda_stage", "AgendaStage"),
    ("ideas", "Ideas", "ideas_stage", "IdeasStage"),
    ("clusters", "Clusters", "clusters_stage", "ClustersStage"),
    ("vote", "Vote", "vote_stage", "VoteStage"),
    ("rocks", "Rocks", "rocks_stage", "RocksStage"),
    ("interest", "Interest", "interest_stage", "InterestStage"),
    ("minutes", "Minutes & Actions", "minutes_stage", "MinutesStage"),
    ("close", "Close", "close_stage", "CloseStage"),
)
STAGE_KEYS = tuple(key for key, *_ in STAGES)


def load_stage_classes() -> list[tuple[str, str, type[StageWidget]]]:
    """(key, label, class) for every stage, imported now."""
    result = []
    for key, label, module, name in STAGES:
        try:  # DEV ONLY: replaced by direct imports once every stage exists
            mod = importlib.import_module(f"{__name__}.{module}")
            cls = getattr(mod, name)
        except (ModuleNotFoundError, AttributeError):
            cls = _missing(label)
        result.append((key, label, cls))
    return result


def _missing(label: str) -> type[StageWidget]:  # DEV ONLY
    from PySide6.QtWidgets import QLabel, QVBoxLayout

    class _Missing(StageWidget):
        title = label

        def __init__(self, ctx, parent=None):  # type: ignore[no-untyped-def]
            super().__init__(ctx, parent)
            QVBoxLayout(self).addWidget(QLabel(f"{label}: being built"))

        def refresh(self) -> None:
            pass

    return _Missing
