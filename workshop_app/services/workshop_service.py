"""Open, create and close workshops; the one object the GUI and CLI hold per open file."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from workshop_app.errors import InvalidInputError, WorkshopFileError
from workshop_app.model import Workshop
from workshop_app.paths import resource_path, samples_dir
from workshop_app.rules.text import clean_required
from workshop_app.rules.time_zone import WorkshopTime, check_zone_name
from workshop_app.services.agenda_service import AgendaService
from workshop_app.services.board_service import BoardService
from workshop_app.services.clock import Clock, SystemClock, laptop_zone_name
from workshop_app.services.records_service import ActionService, FeedbackService, MinutesService
from workshop_app.services.rock_service import RockService
from workshop_app.services.setup_service import SetupService
from workshop_app.services.voting_service import VotingService
from workshop_app.store.backup import COUNT_QUERIES
from workshop_app.store.database import WorkshopStore
from workshop_app.store.interchange import Rows, import_file


@dataclass(frozen=True)
class TemplateInfo:
    name: str  # e.g. "two-day-jbp"
    title: str
    description: str
    path: Path


def list_templates() -> list[TemplateInfo]:
    import json

    result = []
    for path in sorted(resource_path("templates").glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        result.append(TemplateInfo(path.stem, doc["workshop"]["title"], doc.get("description", ""), path))
    return result


def list_samples() -> list[TemplateInfo]:
    import json

    result = []
    for path in sorted(samples_dir().glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        result.append(TemplateInfo(path.stem, doc["workshop"]["title"], doc.get("description", ""), path))
    return result


def find_template(name: str) -> TemplateInfo:
    templates = list_templates()
    for t in templates:
        if t.name == name:
            return t
    names = ", ".join(t.name for t in templates)
    raise InvalidInputError(f"There is no template called '{name}'. Choose one of: {names}.")


class OpenWorkshop:
    """One open workshop file with all its services.

    ``ow.ideas.add_idea(...)``, ``ow.agenda.start()``, ``ow.undo()``...
    """

    def __init__(self, store: WorkshopStore, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        store.now = clock.now  # "last saved" comes from the same clock as everything else
        w = store.session.scalars(select(Workshop).order_by(Workshop.id)).first()
        if w is None:
            raise WorkshopFileError(
                f"{store.path} is a Planwall file without a workshop in it. Create a new workshop instead."
            )
        self.workshop_id = w.id
        args = (store, clock, w.id)
        self.setup = SetupService(*args)
        self.agenda = AgendaService(*args)
        self.board = BoardService(*args)
        self.voting = VotingService(*args)
        self.rocks = RockService(*args)
        self.minutes = MinutesService(*args)
        self.actions = ActionService(*args)
        self.feedback = FeedbackService(*args)

    # --- lifecycle ----------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: str | os.PathLike[str],
        clock: Clock | None = None,
        *,
        read_only: bool = False,
        lock: bool = False,
    ) -> OpenWorkshop:
        """Open a workshop file; ``lock=True`` keeps a second Planwall from writing it too."""
        store = WorkshopStore.open(path, read_only=read_only, lock=lock and not read_only)
        try:
            return cls(store, clock or SystemClock())
        except Exception:
            store.close()
            raise

    @classmethod
    def create_from_template(
        cls,
        template: str | Path,
        path: str | os.PathLike[str],
        clock: Clock | None = None,
        *,
        title: str | None = None,
        first_day: date | None = None,
        time_zone: str | None = None,
    ) -> OpenWorkshop:
        """A new workshop file from a template (or any interchange JSON), dated from ``first_day``,
        its times in ``time_zone`` (default: the source's zone, as a sample has, else this laptop's)."""
        clock = clock or SystemClock()
        source = Path(template) if isinstance(template, Path) else find_template(template).path
        out = Path(path).expanduser().absolute()
        new_title = clean_required(title, "workshop title") if title is not None else None
        zone = check_zone_name(time_zone) if time_zone is not None else None

        def adjust(rows: Rows) -> None:
            workshop = rows[Workshop][0]
            workshop["created_at"] = clock.now()
            workshop["time_zone"] = zone or workshop.get("time_zone") or laptop_zone_name()
            if new_title is not None:
                workshop["title"] = new_title
            if first_day is not None:
                from workshop_app.model import AgendaDay

                for i, day in enumerate(rows[AgendaDay]):
                    day["date"] = first_day + timedelta(days=i)

        if out.exists():
            raise WorkshopFileError(
                f"{out} already exists. Choose another name; Planwall never overwrites a workshop."
            )
        import_file(source, out, adjust)
        return cls.open(out, clock)

    def close(self) -> None:
        self.store.close()

    @property
    def path(self) -> Path:
        return self.store.path

    # --- undo -----------------------------------------------------------------

    def undo(self) -> str:
        return self.store.undo()

    def redo(self) -> str:
        return self.store.redo()

    @property
    def undo_text(self) -> str | None:
        label = self.store.history.undo_label
        return None if label is None else f"Undo {label}"

    @property
    def redo_text(self) -> str | None:
        label = self.store.history.redo_label
        return None if label is None else f"Redo {label}"

    # --- reading --------------------------------------------------------------

    def workshop(self) -> Workshop:
        return self.setup.workshop()

    def workshop_time(self) -> WorkshopTime:
        """Reads times in the room's zone: every time shown or exported goes through it."""
        return self.setup.workshop_time()

    def zone_label(self) -> str:
        """The room's zone as it is on the first day (or now, undated): "Europe/London (BST)"."""
        days = self.agenda.days()
        return self.workshop_time().label(self.agenda.day_start(days[0]) if days else self.clock.now())

    def counts(self) -> dict[str, int]:
        """How many of each thing the workshop holds (for summaries, backups and tests): one
        query, and none while the tables counted stay as they are."""
        tables = tuple(dict.fromkeys(table for table, _sql in COUNT_QUERIES.values()))
        return dict(self.setup.standing("counts", tables, self._read_counts))

    def _read_counts(self) -> dict[str, int]:
        row = self.store.session.execute(
            text("SELECT " + ", ".join(f"({sql})" for _table, sql in COUNT_QUERIES.values()))
        ).one()
        return {key: int(value or 0) for key, value in zip(COUNT_QUERIES, row, strict=True)}

    def remember(self, key: str, value: Any) -> None:
        """Store UI state (current stage, topic) in the file; not undoable."""
        self.store.set_state(key, str(value))

    def recall(self, key: str, default: str = "") -> str:
        return self.store.get_state(key, default)
