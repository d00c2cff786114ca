"""The facilitator guide's window and the About dialog (imported when first opened: their
Qt classes cost start-up ~15 ms of enum set-up, and the guide is not needed before F1).

``FacilitatorGuideWindow`` shows ``resources/guide.md``: a table of contents, a search box,
and text that follows the application font, so the text size the facilitator chose for the
projector applies here too.
"""

from __future__ import annotations

import platform

import PySide6
from PySide6.QtCore import QEvent, Qt, qVersion
from PySide6.QtGui import (
    QColor,
    QFont,
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
from workshop_app.ui.guide import (
    FONT_LICENCE_RESOURCE,
    ZOOM_STEP,
    app_icon,
    guide_markdown,
    sections,
)

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
