"""A change that cannot be saved: the title says NOT SAVED, the message bar says what to do,
and the text typed in the entry field stays there until the same Enter saves it.

Two failures, both real for the store: the workshop's folder is renamed away while it is
open (a USB stick pulled: the store refuses to write into a file that vanished), and
an ``OSError(ENOSPC)`` injected where the store starts its write (a full disk; the
reliability tests fill a real one).
"""

from __future__ import annotations

import errno
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@dataclass
class Field:
    """One entry field that matters: which stage, how to reach it, how to read what was saved."""

    stage: str
    widget: Callable[[Any], Any]
    text_of: Callable[[Any], str]
    saved: Callable[[OpenWorkshop], list[str]]


FIELDS = {
    "ideas capture": Field(
        "ideas",
        lambda stage: stage.capture,
        lambda w: str(w.toPlainText()),
        lambda ow: [i.text for i in ow.board.ideas(ow.board.topics()[0].id)],
    ),
    "minutes line": Field(
        "minutes",
        lambda stage: stage.entry,
        lambda w: str(w.text()),
        lambda ow: [m.text for m in ow.minutes.entries()],
    ),
    "setup participant name": Field(
        "setup",
        lambda stage: stage.name_edit,
        lambda w: str(w.text()),
        lambda ow: [p.name for p in ow.setup.participants()],
    ),
}


@pytest.fixture
def stick(tmp_path: Path, clock: FakeClock, qtbot: Any) -> Iterator[tuple[MainWindow, Path]]:
    """The main window on a workshop kept in a folder that can be 'pulled out'."""
    folder = tmp_path / "STICK"
    folder.mkdir()
    ow = OpenWorkshop.create_from_template("two-day-jbp", folder / "JBP.planwall", clock, title="JBP")
    window = MainWindow(ow, ticking=False)
    qtbot.addWidget(window)
    window.resize(1280, 720)
    window.show()
    qtbot.waitExposed(window)
    yield window, folder
    if not folder.exists():
        (tmp_path / "STICK-pulled").rename(folder)


def pull_out(folder: Path) -> Callable[[], None]:
    pulled = folder.with_name(folder.name + "-pulled")
    folder.rename(pulled)
    return lambda: pulled.rename(folder)


def fill_disk(monkeypatch: pytest.MonkeyPatch, ow: OpenWorkshop) -> Callable[[], None]:
    def full(*_args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(ow.store, "_begin_write", full)
    return lambda: monkeypatch.undo()


FAILURES: dict[str, tuple[Callable[..., Callable[[], None]], list[str]]] = {
    "folder removed": (
        lambda folder, monkeypatch, ow: pull_out(folder),
        ["is no longer in", "was not saved", "the text you typed is still in the window", "Save a copy as"],
    ),
    "disk full": (
        lambda folder, monkeypatch, ow: fill_disk(monkeypatch, ow),
        ["is full", "was not saved", "Free some space, then try again"],
    ),
}


@pytest.mark.parametrize(
    "field_name",
    list(FIELDS),
)
@pytest.mark.parametrize("failure", list(FAILURES))
def test_a_failed_save_says_not_saved_and_keeps_the_typed_text(
    qtbot: Any,
    stick: tuple[MainWindow, Path],
    monkeypatch: pytest.MonkeyPatch,
    field_name: str,
    failure: str,
) -> None:
    window, folder = stick
    ow = window.ow
    spec = FIELDS[field_name]
    window.show_stage(spec.stage)
    stage = window.current_stage
    widget = spec.widget(stage)
    typed = "Anna Berg" if spec.stage == "setup" else "Joint promo calendar shared every Monday"
    before = spec.saved(ow)
    cause, expected = FAILURES[failure]
    put_back = cause(folder, monkeypatch, ow)

    qtbot.keyClicks(widget, typed)
    qtbot.keyClick(widget, Qt.Key.Key_Return)

    title_after_failure = window.windowTitle()
    bar = window.message_bar
    assert bar.isVisible() and bar.level == "error"
    for words in expected:
        assert words in bar.label.text()
    assert spec.text_of(widget) == typed  # nothing typed is lost
    assert widget.hasFocus()  # and the facilitator can simply press Enter again
    put_back()
    assert spec.saved(ow) == before

    qtbot.keyClick(widget, Qt.Key.Key_Return)  # the stick is back / space was freed: the same Enter
    assert spec.saved(ow) == [*before, typed]
    assert spec.text_of(widget) == ""
    assert window.windowTitle() == "JBP.planwall — Planwall — Saved"
    ow.close()
    reopened = OpenWorkshop.open(folder / "JBP.planwall")
    try:
        assert spec.saved(reopened) == [*before, typed]
    finally:
        reopened.close()
    assert title_after_failure == "JBP.planwall — Planwall — NOT SAVED"


def test_the_backup_timer_folds_a_deleted_wal_back_into_the_file(
    main_window: MainWindow, ow: OpenWorkshop
) -> None:
    """A -wal deleted while the window waits (nobody typing): the next backup tick puts what
    it held into the file itself, so a crash after it loses nothing."""
    import sqlite3

    from workshop_app.store.backup import ro_uri

    ow.board.add_idea(ow.board.topics()[0].id, "typed before the -wal was deleted")
    Path(f"{ow.path}-wal").unlink()

    def in_the_file_alone() -> list[str]:
        con = sqlite3.connect(ro_uri(ow.path, immutable=True), uri=True)  # the main file, no -wal
        try:
            return [row[0] for row in con.execute("SELECT text FROM idea")]
        finally:
            con.close()

    assert in_the_file_alone() == []
    main_window.backup_tick()
    assert in_the_file_alone() == ["typed before the -wal was deleted"]
