"""The project's own errors.

Every error a user can cause or meet is a ``PlanwallError``: its message says what
happened and what to do, and it is safe to show as it is.  Anything else that
escapes is a bug of ours and is logged with its traceback.
"""

from __future__ import annotations


class PlanwallError(Exception):
    """A known problem: the message names it and the way out."""


# --- input -----------------------------------------------------------------


class InvalidInputError(PlanwallError):
    """A value the user typed cannot be used (empty text, out-of-range number...)."""


class EmptyTextError(InvalidInputError):
    """Text that must not be empty was empty after trimming."""


class NotFoundError(PlanwallError):
    """Something the caller referred to no longer exists (deleted, undone)."""


# --- facilitation rules ----------------------------------------------------


class VoteRefusedError(PlanwallError):
    """A dot cannot be placed or removed (budget spent, cap reached, round closed...)."""


class RockLimitError(PlanwallError):
    """An 8th rock was asked for without the explicit override."""


class AgendaError(PlanwallError):
    """An agenda action does not fit the current state (nothing running, already paused...)."""


class NothingToUndoError(PlanwallError):
    """Undo or redo was asked for with an empty history."""


class ClusterHasVotesError(PlanwallError):
    """Ungrouping or deleting would remove dots already cast; ask the user, then force."""


class NoteHasVotesError(PlanwallError):
    """Deleting a note would remove the dots on it; ask the user, then force."""


# --- files -----------------------------------------------------------------


class WorkshopFileError(PlanwallError):
    """A workshop file cannot be opened or written."""


class NotAWorkshopFileError(WorkshopFileError):
    """The file exists but is not a Planwall workshop."""


class NewerSchemaError(WorkshopFileError):
    """The file was written by a newer Planwall than this one."""


class CorruptWorkshopError(WorkshopFileError):
    """SQLite reports damage; the file was not changed."""


class WorkshopLockedError(WorkshopFileError):
    """Another running copy of Planwall has the file open."""


class SaveFailedError(WorkshopFileError):
    """A change could not be written (disk full, read-only folder, stick pulled)."""


class InterchangeError(PlanwallError):
    """A JSON workshop document is malformed; the message names the field and line."""


class ExportError(PlanwallError):
    """A Word or PDF pack could not be written."""
