"""The contract every stage of the stage rail follows."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TypeVar

from PySide6.QtCore import QEvent, QObject, Signal
from PySide6.QtWidgets import QWidget

from workshop_app.ui.context import UiContext
from workshop_app.ui.theme import applied_look, repolish

S = TypeVar("S", bound="StageWidget")


class StageWidget(QWidget):
    """One stage of the rail (Setup, Agenda, Ideas, ...).

    Subclasses set ``title`` and ``hint`` (one line: what to do now), build their
    widgets in ``__init__`` and implement ``refresh()``, which re-reads everything they
    show from the services; it is called when the stage is shown and after every
    change while it is visible.  ``wall_view()`` returns a fresh widget the room
    sees on the projector for this stage (large text), or None to show the timer only.

    The wall window asks for a fresh ``wall_view()`` after every change of the workshop;
    a stage whose wall depends on something that is not stored (the person being
    presented, the topic chosen) emits ``wall_changed`` when that changes.  A stage
    whose wall view already shows the agenda timer sets ``wall_shows_timer = True`` so
    the wall does not show it twice.
    """

    title = "Stage"
    hint = ""
    wall_shows_timer = False
    refreshes_itself = False  # True: __init__ already calls refresh() (the window skips its first one)

    wall_changed = Signal()  # the wall view should be rebuilt (state that is not in the file changed)

    look_stale = False  # theme or text size changed since its last polish: re-polish it before it shows
    # The look (theme.applied_look) the whole stage was last polished in: a stage shown again in
    # that look (a theme toggled back, a text size undone) needs no re-polish (see catch_up_look).
    polished_look = ""
    # Its text sizes are fonts it sets itself (the board stages), not the application font's: a
    # new text size needs no re-polish of it (for the application font to reach its widgets).
    own_fonts = False
    fresh_revision: int | None = None  # the store revision the last refresh showed (see shows_revision)
    # The tables whose rows the stage shows, when it is not all of them: a change to any other
    # table leaves what it shows as it is, so the window does not refresh it (see shown_revision).
    shown_tables: tuple[str, ...] = ()

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ow = ctx.ow
        self.polished_look = applied_look()  # (its widgets are polished when first shown)

    def setStyleSheet(self, sheet: str) -> None:
        super().setStyleSheet(sheet)
        self.polished_look = applied_look()  # Qt has re-polished the stage and everything in it

    def refresh(self) -> None:
        raise NotImplementedError

    def shown_revision(self) -> int:
        """The store revision what the stage shows depends on: the last change to one of its
        ``shown_tables`` (a rollback counts as a change to every table), else any change."""
        store = self.ow.store
        return store.revision_of(*self.shown_tables) if self.shown_tables else store.revision

    def focus_primary(self) -> None:
        """Put keyboard focus where the facilitator types first on this stage."""
        self.setFocus()

    def wall_view(self) -> QWidget | None:
        return None

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show:
            catch_up_look(self)
        return super().event(event)


def shows_revision(refresh: Callable[[S], None]) -> Callable[[S], None]:
    """For a stage's ``refresh``: remember the store revision it showed.

    A stage refreshes itself right after its own change (the new note shows before the next
    key); the window's refresh after the same change would read and rebuild it all again, so
    the window skips a stage whose ``fresh_revision`` is its ``shown_revision()`` (also after a
    change to tables it does not show).  A refresh that is put off (``_refresh_pending``: a
    card is being edited) shows nothing new and is not counted.
    """

    @wraps(refresh)
    def wrapper(self: S) -> None:
        revision = self.shown_revision()
        refresh(self)
        if not getattr(self, "_refresh_pending", False):
            self.fresh_revision = revision

    return wrapper


def defer_hidden_stage(widget: QWidget) -> bool:
    """For ``theme.repolish``: a stage that is not on screen is re-polished on its next Show."""
    if isinstance(widget, StageWidget):
        if not widget.isVisible():
            widget.look_stale = True
            return True
        widget.polished_look = applied_look()  # (re-polished now, with the window)
    return False


def defer_every_stage(widget: QWidget) -> bool:
    """For ``theme.repolish`` on a text-size change: every stage restyles itself for the new size
    (and is re-polished for the new application font, unless it sets its own fonts)."""
    if isinstance(widget, StageWidget):
        widget.look_stale = widget.look_stale or not widget.own_fonts
        return True
    return False


def catch_up_look(widget: QWidget) -> None:
    """Re-polish the stage ``widget`` is in if the theme or text size changed since it was last polished.

    Qt shows a stage's children before the stage itself, so every Show handler that restyles
    calls this first: the restyle then works on a stage that already has the new palette.
    """
    stage: QWidget | None = widget
    while stage is not None and not isinstance(stage, StageWidget):
        stage = stage.parentWidget()
    if isinstance(stage, StageWidget) and stage.look_stale:
        stage.look_stale = False
        look = applied_look()
        if stage.polished_look != look:  # (back in the look it was polished in: nothing to do)
            repolish(stage)
            stage.polished_look = look


class _LookFollower(QObject):
    """Runs a widget's restyle after a theme or text-size change, deferred while it is hidden."""

    def __init__(self, widget: QWidget, ctx: UiContext, restyle: Callable[[], object]) -> None:
        super().__init__(widget)
        self.widget = widget
        self.restyle = restyle
        self.pending = False
        ctx.theme_changed.connect(self._on_look_changed)
        ctx.text_scale_changed.connect(self._on_look_changed)
        widget.installEventFilter(self)

    def _on_look_changed(self, *_args: object) -> None:
        if self.widget.isVisible():
            self.restyle()
        else:
            self.pending = True

    def catch_up(self) -> None:
        if self.pending:
            self.pending = False
            self.restyle()

    def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
        if "pending" not in self.__dict__:
            # A bare wrapper PySide made again for this follower while its window was torn down
            # (its Python side was already gone): nothing to catch up.  Seen once in a full test
            # run, at a window's close; it raised AttributeError inside closeEvent.
            return False
        if event.type() == QEvent.Type.Show:
            catch_up_look(self.widget)
        if self.pending and event.type() == QEvent.Type.Show:
            self.pending = False
            self.restyle()
        return False


def look_behind(stage: QWidget) -> bool:
    """A new theme or text size that ``stage`` (not on screen) has not taken yet."""
    return bool(getattr(stage, "look_stale", False)) or any(
        f.pending for f in stage.findChildren(_LookFollower)
    )


def catch_up_look_while_hidden(stage: QWidget) -> None:
    """In idle time, for a stage not on screen: what its next Show would do for a new theme or
    text size (the re-polish, then the restyles put off), so that the visit itself does not."""
    catch_up_look(stage)
    for follower in stage.findChildren(_LookFollower):
        follower.catch_up()


def follow_look(widget: QWidget, ctx: UiContext, restyle: Callable[[], object]) -> None:
    """Call ``restyle()`` when the theme or the text size changes: at once if ``widget`` is on
    screen, otherwise just before it is next shown.

    With every stage built, restyling them all at once made Ctrl+= take about a second; now
    only what the room sees is restyled at once, each other stage on its next visit.
    """
    _LookFollower(widget, ctx, restyle)
