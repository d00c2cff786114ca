"""Help menu: the built-in facilitator guide (F1) and About Planwall.

``install_help_menu(window)`` adds both to any ``QMainWindow``'s Help menu (it reuses
a Help menu that is already there).  The guide is ``resources/guide.md`` (the same text
as ``docs/facilitator-guide.md``), shown in ``guide_window.FacilitatorGuideWindow`` (imported
when the guide is first opened).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QAction,
    QIcon,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QMainWindow,
    QMenu,
    QWidget,
)

from workshop_app import APP_NAME
from workshop_app.paths import resource_path

if TYPE_CHECKING:
    from workshop_app.ui.guide_window import AboutDialog, FacilitatorGuideWindow

log = logging.getLogger(__name__)

GUIDE_RESOURCE = "guide.md"
FONT_LICENCE_RESOURCE = ("fonts", "DejaVu-LICENSE.txt")
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
GUIDE_KEY = "F1"
SHIFTED_KEY = "Shift+F1"  # where an action that already had F1 moves to
ZOOM_STEP = 0.1
GUIDE_MISSING = (
    "# Planwall facilitator guide\n\nThe guide is missing from this installation "
    "(resources/guide.md). Reinstall Planwall to get it back; your workshops are not affected."
)


@dataclass(frozen=True)
class Section:
    """A heading of the guide: level 2 (a part) or 3 (a stage)."""

    level: int
    title: str


def guide_markdown() -> str:
    """The guide's Markdown text (a short note that it is missing if the file is not there)."""
    try:
        return resource_path(GUIDE_RESOURCE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError, UnicodeDecodeError) as exc:
        log.warning("facilitator guide not readable: %s", exc)
        return GUIDE_MISSING


def sections(markdown: str) -> list[Section]:
    """The level-2 and level-3 headings of ``markdown``, in order (code blocks skipped)."""
    found: list[Section] = []
    fenced = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fenced = not fenced
            continue
        m = re.match(r"^(#{2,3})\s+(.+?)\s*#*\s*$", line)
        if m and not fenced:
            found.append(Section(len(m[1]), m[2]))
    return found


def app_icon() -> QIcon:
    """Planwall's icon from resources/icons (empty when the files are missing)."""
    icon = QIcon()
    for size in ICON_SIZES:
        try:
            icon.addFile(str(resource_path("icons", f"planwall-{size}.png")))
        except FileNotFoundError:
            continue
    return icon


# --- the Help menu -------------------------------------------------------------------------------


class HelpMenu(QObject):
    """Owns the Help actions and windows of one main window (find it with ``help_menu_of``)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("planwallHelpMenu")
        self.owner = window
        self.guide_window: FacilitatorGuideWindow | None = None
        self.about_dialog: AboutDialog | None = None
        self.guide_action: QAction | None = None
        self.about_action: QAction | None = None

    def show_guide(self, section: str | None = None) -> FacilitatorGuideWindow:
        if self.guide_window is None:
            from workshop_app.ui.guide_window import FacilitatorGuideWindow

            self.guide_window = FacilitatorGuideWindow(self.owner)
        guide = self.guide_window
        guide.show()
        guide.raise_()
        guide.activateWindow()
        if section is not None:
            guide.show_section(section)
        guide.browser.setFocus()
        return guide

    def show_about(self) -> AboutDialog:
        if self.about_dialog is None:
            from workshop_app.ui.guide_window import AboutDialog

            self.about_dialog = AboutDialog(self.owner)
        self.about_dialog.show()
        self.about_dialog.raise_()
        self.about_dialog.activateWindow()
        return self.about_dialog


def help_menu_of(window: QWidget) -> HelpMenu | None:
    """The ``HelpMenu`` installed on ``window``, if any."""
    return window.findChild(HelpMenu, "planwallHelpMenu")


def _find_help_menu(window: QMainWindow) -> QMenu:
    bar = window.menuBar()
    for action in bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu) and action.text().replace("&", "").strip().casefold() == "help":
            return menu
    return bar.addMenu("&Help")


def _free_key(window: QWidget, key: str, moved_to: str) -> None:
    """Take ``key`` away from any other action of ``window`` (two owners make Qt ignore the key).

    An action left without a shortcut gets ``moved_to`` instead, when that is free.
    """
    wanted = QKeySequence(key)
    actions = window.findChildren(QAction)
    taken = {s.toString() for a in actions for s in a.shortcuts()}
    for action in actions:
        shortcuts = action.shortcuts()
        if wanted not in shortcuts:
            continue
        kept = [s for s in shortcuts if s != wanted]
        if not kept and QKeySequence(moved_to).toString() not in taken:
            kept = [QKeySequence(moved_to)]
            taken.add(QKeySequence(moved_to).toString())
        action.setShortcuts(kept)
        log.info(
            "%s moved from %s to %s for the facilitator guide",
            action.text(),
            key,
            ", ".join(s.toString() for s in kept) or "no key",
        )


def install_help_menu(window: QMainWindow) -> None:
    """Add "Facilitator guide" (F1) and "About Planwall" to ``window``'s Help menu.

    Reuses a Help menu that is already there (the guide goes first, About last) and
    creates one otherwise.  F1 belongs to the guide: an action of the window that had F1
    keeps working on Shift+F1.  Calling it again changes nothing.
    """
    if help_menu_of(window) is not None:
        return
    helper = HelpMenu(window)
    menu = _find_help_menu(window)
    _free_key(window, GUIDE_KEY, SHIFTED_KEY)

    guide = QAction("&Facilitator guide", window)
    guide.setObjectName("facilitatorGuideAction")
    guide.setShortcut(QKeySequence(GUIDE_KEY))
    guide.setStatusTip("A walk through a two-day JBP workshop, stage by stage, with the keys")
    guide.triggered.connect(lambda *_: helper.show_guide())
    existing = menu.actions()
    if existing:
        menu.insertAction(existing[0], guide)
    else:
        menu.addAction(guide)

    about = QAction(f"&About {APP_NAME}", window)
    about.setObjectName("aboutPlanwallAction")
    about.setMenuRole(QAction.MenuRole.AboutRole)
    about.triggered.connect(lambda *_: helper.show_about())
    menu.addSeparator()
    menu.addAction(about)
    helper.guide_action = guide
    helper.about_action = about


def install_help_shortcut(widget: QWidget) -> HelpMenu:
    """F1 opens the guide from a window without a menu bar (the start window)."""
    helper = help_menu_of(widget) or HelpMenu(widget)
    shortcut = QShortcut(QKeySequence(GUIDE_KEY), widget)
    shortcut.activated.connect(lambda: helper.show_guide())
    return helper
