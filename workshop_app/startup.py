"""Before the desktop app starts: no garbage collection until it is up.

Start-up allocates ~125,000 objects that stay as long as the app (modules, classes, the
window): every collection during start-up walks them for nothing, ~60 ms of a cold start.
``pause_for_startup`` (called before Qt and SQLAlchemy are imported) stops collections until
the idle collector's first check (``ui/idle_gc.py``), which calls ``resume_after_startup``:
the objects made so far are frozen (``gc.freeze``: never walked again, which also shortens
every later full collection) and collections resume.  The few hundred objects start-up
leaves as cyclic garbage are frozen with them.

Qt-free, so that the pause can come before Qt is imported.
"""

from __future__ import annotations

import gc

_paused_for_startup = False


def pause_for_startup() -> None:
    """No garbage collection until the app is up (see the module); ``resume_after_startup`` ends it."""
    global _paused_for_startup
    if gc.isenabled():
        gc.disable()
        _paused_for_startup = True


def resume_after_startup() -> bool:
    """Freeze what start-up made and collect again; False when there was no pause to end."""
    global _paused_for_startup
    if not _paused_for_startup:
        return False
    _paused_for_startup = False
    gc.freeze()
    gc.enable()
    return True
