"""Help menu: the built-in facilitator guide (F1) and About Planwall.

``install_help_menu(window)`` adds both to any ``QMainWindow``'s Help menu (it reuses
a Help menu that is already there).  The guide is ``resources/guide.md`` (the same text
as ``docs/facilitator-guide.md``), shown in ``FacilitatorGuideWindow``: a table of
contents, a search box, and text that follows the application font, so the text size
the facilitator chose for the projector applies here too.
"""

from __future__ import annotations

import logging
import platform
import re
from dataclasses import dataclass

import PySide6
from PySide6.QtCore import QEvent, QObject, Qt, qVersion
from PySide6.QtGui import (
    QAction,
    QColor,
    QFont,
    QIcon,
    QKeySequence,
    QPalette,
    QShortcut,
    QTextBlock,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from workshop_app import APP_NAME, __version__
from workshop_app.paths import resource_path, user_data_dir

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


# --- the guide window ------------------------------------------------------------------------


class FacilitatorGuideWindow(QWidget):
    """The facilitator guide: contents on the left, the text on the right, a search box on top.

    Keys: Ctrl+F find, Enter / F3 next match, Shift+F3 previous, Ctrl+= / Ctrl+- text size,
    Esc closes.  The window is not modal: it can stay open beside the workshop.  Closing
    only hides it, so it opens again where the facilitator was reading.
    """

    def __init__(self, parent: QWidget | None = None, markdown: str | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setWindowTitle(f"{APP_NAME} facilitator guide")
        icon = app_icon()
        if not icon.isNull():
            self.setWindowIcon(icon)
        self.markdown = guide_markdown() if markdown is None else markdown
        self.sections = sections(self.markdown)
        self.zoom = 1.0
        self._matches: list[QTextCursor] = []

        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        find_label = QLabel("&Find:")
        self.search = QLineEdit()
        self.search.setObjectName("guideSearch")
        self.search.setPlaceholderText("a word, e.g. vote or F6; Enter finds the next")
        self.search.setClearButtonEnabled(True)
        find_label.setBuddy(self.search)
        self.status = QLabel()
        self.status.setObjectName("guideSearchStatus")
        self.status.setProperty("role", "muted")
        top.addWidget(find_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.status)
        layout.addLayout(top)

        self.contents = QListWidget()
        self.contents.setObjectName("guideContents")
        self.contents.setAccessibleName("Contents")
        for section in self.sections:
            item = QListWidgetItem(("    " if section.level == 3 else "") + section.title)
            item.setData(Qt.ItemDataRole.UserRole, section.title)
            if section.level == 2:
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.contents.addItem(item)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideText")
        self.browser.setOpenLinks(False)
        self.browser.document().setDocumentMargin(16)
        self.browser.setMarkdown(self.markdown)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.contents)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self.splitter = splitter
        layout.addWidget(splitter, 1)

        bottom = QHBoxLayout()
        keys = QLabel("Ctrl+F find · F3 next · Ctrl+= / Ctrl+- text size · Esc closes")
        keys.setProperty("role", "muted")
        bottom.addWidget(keys, 1)
        self.close_button = QPushButton("Close (Esc)")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.close)
        bottom.addWidget(self.close_button)
        layout.addLayout(bottom)

        self.search.returnPressed.connect(self.find_next)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.contents.currentItemChanged.connect(self._on_contents_current_item_changed)
        self.browser.verticalScrollBar().valueChanged.connect(self._on_browser_scrolled)
        for keys_text, slot in (
            ("Ctrl+F", self.focus_search),
            ("F3", self.find_next),
            ("Shift+F3", self.find_previous),
            ("Ctrl+=", lambda: self.set_zoom(self.zoom + ZOOM_STEP)),
            ("Ctrl++", lambda: self.set_zoom(self.zoom + ZOOM_STEP)),
            ("Ctrl+-", lambda: self.set_zoom(self.zoom - ZOOM_STEP)),
            ("Ctrl+0", lambda: self.set_zoom(1.0)),
            ("Esc", self.close),
        ):
            QShortcut(QKeySequence(keys_text), self, slot)
        self._apply_font()
        self._fit_to_screen()

    # --- look -------------------------------------------------------------------------

    def _apply_font(self) -> None:
        """Text in the application's font (the facilitator's text size) times this window's zoom."""
        base = QFont(self.font())
        size = base.pointSizeF() if base.pointSizeF() > 0 else 12.0
        text_font = QFont(base)
        text_font.setPointSizeF(round(size * 1.1 * self.zoom, 1))
        self.browser.document().setDefaultFont(text_font)
        self.browser.setFont(text_font)
        contents_width = max(self.contents.sizeHintForColumn(0), 160) + 32
        self.contents.setMinimumWidth(min(contents_width, 420))
        self.splitter.setSizes([contents_width, max(self.width() - contents_width, 400)])

    def _fit_to_screen(self) -> None:
        screen = self.screen()
        if screen is None:
            self.resize(1000, 700)
            return
        area = screen.availableGeometry()
        self.resize(max(640, int(area.width() * 0.7)), max(480, int(area.height() * 0.85)))

    def set_zoom(self, zoom: float) -> None:
        self.zoom = round(min(2.5, max(0.7, zoom)), 2)
        self._apply_font()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_font()  # the facilitator changed the text size (Ctrl+= in the main window)

    # --- contents -----------------------------------------------------------------------

    def section_titles(self) -> list[str]:
        return [s.title for s in self.sections]

    def plain_text(self) -> str:
        return self.browser.toPlainText()

    def _heading_blocks(self) -> list[QTextBlock]:
        blocks = []
        block = self.browser.document().begin()
        while block.isValid():
            if block.blockFormat().headingLevel() in (2, 3):
                blocks.append(block)
            block = block.next()
        return blocks

    def show_section(self, title: str) -> bool:
        """Scroll so the heading ``title`` is at the top; False when there is no such heading."""
        for block in self._heading_blocks():
            if block.text().strip() == title:
                cursor = QTextCursor(block)
                self.browser.setTextCursor(cursor)
                top = self.browser.document().documentLayout().blockBoundingRect(block).top()
                self.browser.verticalScrollBar().setValue(int(top))
                self._select_contents(title)
                return True
        return False

    def _select_contents(self, title: str) -> None:
        for row in range(self.contents.count()):
            item = self.contents.item(row)
            if item.data(Qt.ItemDataRole.UserRole) == title:
                self.contents.blockSignals(True)
                self.contents.setCurrentRow(row)
                self.contents.blockSignals(False)
                return

    def _on_contents_current_item_changed(self, item: QListWidgetItem | None, _old: object) -> None:
        if item is not None:
            self.show_section(str(item.data(Qt.ItemDataRole.UserRole)))

    def _on_browser_scrolled(self, value: int) -> None:
        """Keep the contents list on the section being read."""
        layout = self.browser.document().documentLayout()
        current = None
        for block in self._heading_blocks():
            if layout.blockBoundingRect(block).top() <= value + 4:
                current = block.text().strip()
            else:
                break
        if current is not None:
            self._select_contents(current)
        else:  # above the first heading: the introduction
            self.contents.blockSignals(True)
            self.contents.setCurrentRow(-1)
            self.contents.blockSignals(False)

    # --- search -------------------------------------------------------------------------

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _on_search_text_changed(self, text: str) -> None:
        self._highlight_all(text)
        if text.strip():
            cursor = self.browser.textCursor()
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            self.browser.setTextCursor(cursor)
            self.find_next()

    def _highlight_all(self, text: str) -> None:
        self._matches = []
        selections: list[QTextEdit.ExtraSelection] = []
        needle = text.strip()
        if needle:
            doc = self.browser.document()
            fmt = QTextCharFormat()
            highlight = self.palette().color(QPalette.ColorRole.Highlight)
            fmt.setBackground(QColor(highlight.red(), highlight.green(), highlight.blue(), 90))
            cursor = doc.find(needle, 0)
            while not cursor.isNull():
                self._matches.append(cursor)
                sel = QTextEdit.ExtraSelection()
                sel.cursor = cursor
                sel.format = fmt
                selections.append(sel)
                cursor = doc.find(needle, cursor)
        self.browser.setExtraSelections(selections)
        self._update_status()

    def _update_status(self, position: int | None = None) -> None:
        needle = self.search.text().strip()
        if not needle:
            self.status.setText("")
            self.search.setProperty("invalid", "false")
        elif not self._matches:
            self.status.setText(f'No "{needle}" in the guide')
            self.search.setProperty("invalid", "true")
        else:
            count = len(self._matches)
            where = f"{position} of {count}" if position else f"{count} found"
            self.status.setText(where)
            self.search.setProperty("invalid", "false")
        self.search.style().unpolish(self.search)
        self.search.style().polish(self.search)

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, backward: bool) -> bool:
        needle = self.search.text().strip()
        if not needle:
            self.focus_search()
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        found = self.browser.find(needle, flags)
        if not found:  # wrap around
            cursor = self.browser.textCursor()
            cursor.movePosition(
                QTextCursor.MoveOperation.End if backward else QTextCursor.MoveOperation.Start
            )
            self.browser.setTextCursor(cursor)
            found = self.browser.find(needle, flags)
        position = None
        if found:
            at = self.browser.textCursor().selectionStart()
            position = next((i for i, c in enumerate(self._matches, 1) if c.selectionStart() == at), None)
            self._scroll_to_cursor()
        self._update_status(position)
        return found

    def _scroll_to_cursor(self) -> None:
        """Put the found text a third of the way down the page, with what leads up to it above."""
        bar = self.browser.verticalScrollBar()
        rect = self.browser.cursorRect()
        viewport = self.browser.viewport().height()
        if rect.top() < viewport // 6 or rect.bottom() > viewport * 5 // 6:
            bar.setValue(bar.value() + rect.top() - viewport // 3)


# --- About ---------------------------------------------------------------------------------------


def font_licence_text() -> str:
    try:
        return resource_path(*FONT_LICENCE_RESOURCE).read_text(encoding="utf-8")
    except (FileNotFoundError, OSError, UnicodeDecodeError):
        return "The DejaVu fonts' licence file is missing from this installation; reinstall Planwall."


class AboutDialog(QDialog):
    """Version, what Planwall is, where its data lives, and the licence of the fonts it ships."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"About {APP_NAME}")
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        icon = app_icon()
        if not icon.isNull():
            picture = QLabel()
            picture.setPixmap(icon.pixmap(96, 96))
            head.addWidget(picture, 0, Qt.AlignmentFlag.AlignTop)
        try:
            data_dir = str(user_data_dir())
        except OSError as exc:
            data_dir = f"not available ({exc})"
        self.text = QLabel(
            f"<h2>{APP_NAME} {__version__}</h2>"
            "<p>Run live, facilitated Joint Business Planning workshops from a projected laptop: "
            "timed agenda, ideas, clusters, dot voting, Rocks, interest, minutes and actions, and a "
            "Word and PDF pack for both companies.</p>"
            f"<p>Python {platform.python_version()} · Qt {qVersion()} · PySide6 {PySide6.__version__}</p>"
            f"<p>Settings, logs, backups and sample copies: <br><code>{_html(data_dir)}</code></p>"
            "<p>Fonts: DejaVu Sans 2.37, shipped in resources/fonts and embedded in the PDF pack. "
            "Bitstream Vera licence (DejaVu changes are in the public domain): free to use and "
            "redistribute with the notice below.</p>"
        )
        self.text.setObjectName("aboutText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        head.addWidget(self.text, 1)
        layout.addLayout(head)
        self.licence = QPlainTextEdit(font_licence_text())
        self.licence.setObjectName("fontLicence")
        self.licence.setReadOnly(True)
        layout.addWidget(self.licence, 1)
        close = QPushButton("Close (Esc)")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignRight)
        self.resize(760, 560)


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


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
