"""Starting the app: --demo, a file argument, the start window's new/open/recent/sample."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QDate, Qt

from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.app import PlanwallApp, parse_args
from workshop_app.ui.settings import AppSettings
from workshop_app.ui.start_window import StartWindow

pytestmark = pytest.mark.gui


def close_all(state: PlanwallApp) -> None:
    if state.main is not None:
        state.main.close()
    if state.start is not None:
        state.start.close()


def test_arguments() -> None:
    assert parse_args([]).file is None
    assert parse_args(["x.planwall"]).file == Path("x.planwall")
    assert parse_args(["--demo"]).demo


def test_demo_opens_a_fresh_copy_of_the_complete_sample(qtbot: Any, _user_data_dir: Path) -> None:
    state = PlanwallApp(AppSettings())
    try:
        state.open_demo()
        assert state.main is not None
        path = state.main.ow.path
        assert path.is_relative_to(_user_data_dir)
        assert state.main.ow.workshop().title.startswith("Meadowvale & Castlegate")
        assert state.main.ow.counts()["ideas"] > 10
        assert path in AppSettings().recent_files()
    finally:
        close_all(state)


def test_a_missing_file_argument_shows_the_start_window_with_the_reason(qtbot: Any, tmp_path: Path) -> None:
    state = PlanwallApp(AppSettings())
    try:
        state.open_path(tmp_path / "gone.planwall")
        assert state.main is None and state.start is not None
        assert "There is no workshop file" in state.start.message_bar.label.text()
    finally:
        close_all(state)


def test_a_file_argument_opens_it(qtbot: Any, ow: OpenWorkshop) -> None:
    path = ow.path
    ow.close()
    state = PlanwallApp(AppSettings())
    try:
        state.open_path(path)
        assert state.main is not None
        assert state.main.windowTitle() == "workshop.planwall — Planwall — Saved"
    finally:
        close_all(state)


def test_start_window_creates_a_workshop_from_the_form(qtbot: Any, tmp_path: Path) -> None:
    settings = AppSettings()
    settings.last_dir = tmp_path
    start = StartWindow(settings, FakeClock())
    qtbot.addWidget(start)
    opened: list[OpenWorkshop] = []
    start.opened.connect(opened.append)
    assert start.form.template_combo.currentData() == "two-day-jbp"
    start.form.date_edit.setDate(QDate(2026, 5, 4))
    qtbot.keyClicks(start.form.title_edit, "Acme x FreshMart JBP")
    assert start.form.path_edit.text() == str(tmp_path / "Acme-x-FreshMart-JBP.planwall")
    qtbot.keyClick(start.form.title_edit, Qt.Key.Key_Return)
    assert len(opened) == 1
    ow = opened[0]
    try:
        assert ow.workshop().title == "Acme x FreshMart JBP"
        assert [d.date for d in ow.agenda.days()] == [date(2026, 5, 4), date(2026, 5, 5)]
        assert ow.path in AppSettings().recent_files()
    finally:
        ow.close()
    start.create_new()  # the same file again: refused in the message bar, nothing overwritten
    assert "already exists" in start.message_bar.label.text()


def test_start_window_lists_recent_files_and_samples(qtbot: Any, ow: OpenWorkshop) -> None:
    settings = AppSettings()
    settings.add_recent(ow.path)
    ow.close()
    start = StartWindow(settings, FakeClock())
    qtbot.addWidget(start)
    opened: list[OpenWorkshop] = []
    start.opened.connect(opened.append)
    assert start.recent_list.item(0).text().startswith("workshop.planwall")
    start.recent_list.itemActivated.emit(start.recent_list.item(0))
    assert len(opened) == 1
    opened[0].close()
    titles = [start.sample_list.item(i).text() for i in range(start.sample_list.count())]
    assert any(t.startswith("Meadowvale & Castlegate") for t in titles)
    start.sample_list.itemActivated.emit(
        start.sample_list.item(titles.index(next(t for t in titles if t.startswith("Meadowvale"))))
    )
    assert len(opened) == 2
    try:
        assert opened[1].counts()["participants"] == 18
    finally:
        opened[1].close()


def test_file_new_dialog_creates_and_the_window_switches_to_it(
    qtbot: Any, main_window: Any, tmp_path: Path, clock: FakeClock
) -> None:
    from workshop_app.ui.start_window import NewWorkshopDialog

    dialog = NewWorkshopDialog(AppSettings(), main_window, clock)
    qtbot.addWidget(dialog)
    dialog.form.title_edit.setText("Second JBP")
    dialog.form.path_edit.setText(str(tmp_path / "second"))
    dialog.try_create()
    assert dialog.created is not None
    main_window.switch_to(dialog.created)
    assert main_window.windowTitle() == "second.planwall — Planwall — Saved"
    assert main_window.ow.workshop().title == "Second JBP"
    assert main_window.current_key == "setup"
    assert main_window.stages[0].detail_edits["title"].text() == "Second JBP"
    again = NewWorkshopDialog(AppSettings(), main_window, clock)
    qtbot.addWidget(again)
    again.form.path_edit.setText(str(tmp_path / "second.planwall"))
    again.try_create()  # exists: the reason shows in the dialog, which stays open
    assert again.created is None
    assert "already exists" in again.error_label.text()


def test_first_run_explains_each_template_and_sample(qtbot: Any) -> None:
    """Issue 7: the start screen says in one line what each template and sample is."""
    start = StartWindow(AppSettings(), FakeClock())
    qtbot.addWidget(start)
    combo = start.form.template_combo
    seen = set()
    for i in range(combo.count()):
        combo.setCurrentIndex(i)
        about = start.form.template_about.text()
        assert about and about not in seen
        seen.add(about)
    assert any("2.5-hour" in text for text in seen) and any("Two-day" in text for text in seen)
    lines = [start.sample_list.item(i).text().split("\n") for i in range(start.sample_list.count())]
    assert lines and all(len(parts) == 2 and parts[1] for parts in lines)
