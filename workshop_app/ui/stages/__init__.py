"""One module per stage of the stage rail, in the order the workshop runs.

``STAGES`` lists (key, rail label, module, class name); ``load_stage_classes()`` gives
the classes.  The key is what the workshop file remembers as its current stage.
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


def load_stage_class(key: str) -> type[StageWidget]:
    """The class of one stage, importing only its module (the window builds a stage on its first visit)."""
    for stage_key, _label, module, name in STAGES:
        if stage_key == key:
            cls: type[StageWidget] = getattr(importlib.import_module(f"{__name__}.{module}"), name)
            return cls
    raise KeyError(key)


def load_stage_classes() -> list[tuple[str, str, type[StageWidget]]]:
    """(key, label, class) for every stage, in rail order."""
    from workshop_app.ui.stages.agenda_stage import AgendaStage
    from workshop_app.ui.stages.close_stage import CloseStage
    from workshop_app.ui.stages.clusters_stage import ClustersStage
    from workshop_app.ui.stages.ideas_stage import IdeasStage
    from workshop_app.ui.stages.interest_stage import InterestStage
    from workshop_app.ui.stages.minutes_stage import MinutesStage
    from workshop_app.ui.stages.rocks_stage import RocksStage
    from workshop_app.ui.stages.setup_stage import SetupStage
    from workshop_app.ui.stages.vote_stage import VoteStage

    classes: dict[str, type[StageWidget]] = {
        "SetupStage": SetupStage,
        "AgendaStage": AgendaStage,
        "IdeasStage": IdeasStage,
        "ClustersStage": ClustersStage,
        "VoteStage": VoteStage,
        "RocksStage": RocksStage,
        "InterestStage": InterestStage,
        "MinutesStage": MinutesStage,
        "CloseStage": CloseStage,
    }
    return [(key, label, classes[name]) for key, label, _module, name in STAGES]
