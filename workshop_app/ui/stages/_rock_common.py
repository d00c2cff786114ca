"""Shared by the Rocks, Interest, Minutes and Close stages: sizes, style, dates, fitted wall text.

Stage text is ``BASE_PX`` scaled by ``ctx.text_scale``; wall text is fitted to the
wall's height and never smaller than 1/40 of it.  Stage style sheets name the application
palette's colours (``theme.SHEETS``); painted text reads ``palette(ctx.theme)``.
"""

from __future__ import annotations

import html
from collections import OrderedDict
from collections.abc import Callable
from datetime import date
from typing import Any, cast

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPainter,
    QPalette,
    QTextDocument,
    QTextOption,
)
from PySide6.QtWidgets import QLabel, QSizePolicy, QTextEdit, QWidget

from workshop_app.rules.rocks import SmartCheck
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.context import UiContext
from workshop_app.ui.theme import SHEETS, Palette, palette, set_style_sheet

BASE_PX = 16  # stage text at text scale 1.0: the window's 12 pt application font at 96 dpi
WALL_MIN_FRACTION = 40  # nothing essential smaller than 1/40 of the wall's height


def wall_min_px(widget: QWidget) -> int:
    """The smallest text allowed on the wall: 1/40 of the wall window's height (not just this widget's)."""
    return max(10, round(max(widget.height(), widget.window().height()) / WALL_MIN_FRACTION))


def px(ctx: UiContext, base: float = BASE_PX) -> int:
    return max(8, round(base * ctx.text_scale))


def esc(text: str) -> str:
    """User text for rich text, exactly as typed (line breaks kept)."""
    return html.escape(text).replace("\n", "<br>")


def stage_stylesheet(pal: Palette, size: int) -> str:
    """What these stages add to the application's style sheet (``theme.style_sheet``, set by the window).

    Bigger headings, the ``ok`` / ``warning`` / ``error`` label roles, a large tick box,
    the chosen kind button and a thicker focus outline on lists and tables.
    """
    return f"""
QLabel[role="heading"] {{ font-size: {round(size * 1.25)}px; font-weight: bold; }}
QLabel[role="muted"] {{ color: {pal.muted}; }}
QLabel[role="error"] {{ color: {pal.red}; font-weight: bold; }}
QLabel[role="warning"] {{ color: {pal.amber}; font-weight: bold; }}
QLabel[role="ok"] {{ color: {pal.green}; font-weight: bold; }}
QLineEdit[invalid="true"] {{ border: 2px solid {pal.red}; }}
QCheckBox::indicator {{ width: {round(size * 0.9)}px; height: {round(size * 0.9)}px;
    border: 2px solid {pal.fg}; border-radius: 3px; background: {pal.input_bg}; }}
QCheckBox::indicator:checked {{ background: {pal.accent}; }}
QPushButton:checked {{ background-color: {pal.accent}; color: {pal.accent_fg}; border: 2px solid {pal.fg}; }}
QPushButton[preview="true"] {{ border: 3px dashed {pal.accent}; }}
QPushButton:disabled {{ background-color: {pal.bg}; color: {pal.muted}; border: 1px dashed {pal.border}; }}
QListWidget:focus, QTableWidget:focus {{ border: 3px solid {pal.accent}; }}
QListWidget::item {{ padding: 2px 0px; }}
QListWidget::item:selected, QTableWidget::item:selected {{ background: {pal.accent};
    color: {pal.accent_fg}; }}
"""


def apply_stage_style(widget: QWidget, ctx: UiContext) -> None:
    set_style_sheet(widget, stage_stylesheet(SHEETS, px(ctx)))


def set_role(label: QLabel, role: str) -> None:
    """Switch a label's look (heading, muted, error, warn, ok) and re-polish it."""
    label.setProperty("role", role)
    label.style().unpolish(label)
    label.style().polish(label)


def set_invalid(widget: QWidget, invalid: bool) -> None:
    if bool(widget.property("invalid")) == invalid:
        return
    widget.setProperty("invalid", invalid)
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def heading(text: str) -> QLabel:
    label = QLabel(text)
    label.setProperty("role", "heading")
    return label


# --- dates --------------------------------------------------------------------


def format_date(value: date | None) -> str:
    return value.isoformat() if value is not None else ""


def date_html(value: date) -> str:
    """An ISO date that never breaks across lines (non-breaking hyphens)."""
    return value.isoformat().replace("-", "\u2011")


# --- SMART letters ------------------------------------------------------------


def smart_letters_html(check: SmartCheck, pal: Palette, size: int) -> str:
    """S M A R T as coloured letters: met = green, missing = red and struck through."""
    spans = []
    for letter in check.letters:
        if letter.ok:
            spans.append(f'<span style="color:{pal.green}; font-weight:bold">{letter.letter}</span>')
        else:
            spans.append(
                f'<span style="color:{pal.red}; font-weight:bold; text-decoration: line-through">'
                f"{letter.letter}</span>"
            )
    return f'<span style="font-size:{size}px">{"&nbsp;".join(spans)}</span>'


def show_html(view: QTextEdit, text: str) -> None:
    """Show rich ``text``, keeping the scroll position; nothing happens when the view shows
    exactly that already (parsing and laying out rich text is most of a refresh's cost, and
    many changes leave a summary as it was)."""
    if view.property("shownHtml") == text:
        return
    bar = view.verticalScrollBar().value()
    view.setHtml(text)
    view.setProperty("shownHtml", text)
    view.verticalScrollBar().setValue(bar)


# --- fitted rich text for the wall --------------------------------------------


class ReadOnce:
    """Stands in for the OpenWorkshop while one text is laid out at many sizes: each read
    (``ow.counts()``, ``ow.voting.results(3)``, ...) is made once, until ``forget()`` or a
    change of the workshop.

    Only calls go through (``ow.rocks.rocks()``, not ``ow.path``); a list comes back as a copy,
    so a caller may sort it.
    """

    def __init__(self, ow: OpenWorkshop) -> None:
        self._ow = ow
        self._revision = -1
        self._values: dict[object, object] = {}

    def __getattr__(self, name: str) -> _Read:
        return _Read(self, (name,))

    def forget(self) -> None:
        self._values.clear()

    def call(self, path: tuple[str, ...], args: tuple[object, ...], kwargs: dict[str, object]) -> object:
        revision = self._ow.store.revision
        if revision != self._revision or self._ow.store.in_change:
            self._values.clear()
            self._revision = revision
        key = (path, args, tuple(sorted(kwargs.items())))
        if key not in self._values:
            target: Any = self._ow
            for name in path:
                target = getattr(target, name)
            self._values[key] = target(*args, **kwargs)
        value = self._values[key]
        return list(value) if isinstance(value, list) else value


class _Read:
    def __init__(self, reads: ReadOnce, path: tuple[str, ...]) -> None:
        self._reads = reads
        self._path = path

    def __getattr__(self, name: str) -> _Read:
        return _Read(self._reads, (*self._path, name))

    def __call__(self, *args: object, **kwargs: object) -> object:
        return self._reads.call(self._path, args, kwargs)


# (view class, width, height, largest size) -> (size, limit) of the last fit: a wall view is made
# afresh after every change, and usually fits as the one before it did.
_LAST_FITS: dict[tuple[str, int, int, int], tuple[int, int]] = {}
# (width, base size, font, HTML) -> the laid-out height: trying a size whose text and width are
# as before (the fresh view of an unchanged stage, the sizes tried around the last fit) costs a
# look-up instead of a layout (2-8 ms each on the wall).  The HTML holds everything else.
_HEIGHTS: OrderedDict[tuple[int, int, str, str], float] = OrderedDict()
_HEIGHTS_KEPT = 128


class FitHtmlView(QWidget):
    """Rich text as large as fits: ``build(px, limit)`` returns the HTML for a base size in pixels.

    The base size is the largest that fits the widget (at most ``height / max_lines``),
    never below 1/40 of the height.  ``limits`` are the list lengths to try, most
    detail first: when the text does not fit even at 1/40, the next (shorter) limit is
    tried; what still does not fit is cut at the bottom.
    """

    def __init__(
        self,
        build: Callable[[int, int], str],
        ctx: UiContext,
        parent: QWidget | None = None,
        *,
        max_lines: int = 12,
        limits: tuple[int, ...] = (0,),
    ) -> None:
        super().__init__(parent)
        self._build = build
        self._ctx = ctx
        self._max_lines = max_lines
        self._limits = limits
        self._doc = QTextDocument(self)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)  # never break inside a word or a date
        self._doc.setDefaultTextOption(option)
        self._fitted: tuple[QSize, int] | None = None
        self._laid_out: tuple[int, int] | None = None  # (size, limit) the document holds now
        # for ``build``: the workshop, read once per fit however many sizes are tried
        self._reads = ReadOnce(ctx.ow)
        self.reads = cast(OpenWorkshop, self._reads)
        self._same_reads = False  # the next fit may show what was read for the last one
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(200, 120)
        ctx.theme_changed.connect(self.relook)
        ctx.text_scale_changed.connect(self.relook)

    def sizeHint(self) -> QSize:
        return QSize(1280, 720)

    def rebuild(self, *_args: object) -> None:
        self._fitted = self._laid_out = None
        self.update()

    def relook(self, *_args: object) -> None:
        """A new theme or text size: the same reads, laid out and painted again."""
        self.rebuild()
        self._same_reads = True

    def base_px(self) -> int:
        """The base text size last used (for tests)."""
        self._fit()
        return self._fitted[1] if self._fitted else 0

    def _height(self, size_px: int, limit: int) -> float:
        """The text's height at ``size_px`` and ``limit``: remembered, or laid out (see ``_HEIGHTS``)."""
        text = self._build(size_px, limit)
        key = (self.width(), size_px, self.font().key(), text)
        height = _HEIGHTS.get(key)
        if height is None:
            height = self._layout(size_px, limit, text)
            _HEIGHTS[key] = height
            if len(_HEIGHTS) > _HEIGHTS_KEPT:
                _HEIGHTS.popitem(last=False)
        else:
            _HEIGHTS.move_to_end(key)
        return height

    def _layout(self, size_px: int, limit: int, text: str | None = None) -> float:
        self._doc.clear()  # margin, font and width first, on an empty document: one layout, not four
        self._doc.setDocumentMargin(size_px * 0.6)
        font = QFont(self.font())
        font.setPixelSize(size_px)
        self._doc.setDefaultFont(font)
        self._doc.setTextWidth(self.width())
        self._doc.setHtml(self._build(size_px, limit) if text is None else text)
        self._laid_out = (size_px, limit)
        return float(self._doc.size().height())

    def _fits(self, size_px: int, limit: int) -> bool:
        return self._height(size_px, limit) <= max(1, self.height())

    def _fit(self) -> None:
        if self._fitted is not None and self._fitted[0] == self.size():
            return
        if not self._same_reads:
            self._reads.forget()  # read afresh for each fit (a view may show the clock's time)
        self._same_reads = False
        smallest = wall_min_px(self)
        largest = max(smallest, round(self.height() / self._max_lines * self._ctx.text_scale))
        key = (type(self).__name__, self.width(), self.height(), largest)
        found = self._refit(key, smallest, largest)
        if found is None:
            limit = self._limits[-1]
            for limit in self._limits:
                # The smallest size first: when even that does not fit, on to the next (shorter) limit.
                if limit == self._limits[-1] or self._fits(smallest, limit):
                    break
            best, low, high = smallest, smallest + 1, largest
            while low <= high:
                mid = (low + high) // 2
                if self._fits(mid, limit):
                    best, low = mid, mid + 1
                else:
                    high = mid - 1
            found = (best, limit)
        if self._laid_out != found:
            self._layout(*found)
        _LAST_FITS[key] = found
        self._fitted = (self.size(), found[0])

    def _refit(self, key: tuple[str, int, int, int], smallest: int, largest: int) -> tuple[int, int] | None:
        """The size and limit this kind of view last fitted at this size, if they are still the
        answer: the next size up does not fit, they do, and no earlier limit fits at all.  After
        a change the text usually fits as before: two or three layouts instead of up to a dozen.
        """
        last = _LAST_FITS.get(key)
        if last is None or last[1] not in self._limits or not smallest <= last[0] <= largest:
            return None
        size, limit = last
        earlier = self._limits[: self._limits.index(limit)]
        if any(self._fits(smallest, other) for other in earlier):
            return None
        if size < largest and self._fits(size + 1, limit):
            return None
        if self._fits(size, limit) or (size == smallest and limit == self._limits[-1]):
            return last  # (the last limit at the smallest size is shown even when it is cut)
        return None

    def paintEvent(self, _event: object) -> None:
        self._fit()
        pal = palette(self._ctx.theme)
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(pal.bg))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paint_ctx = QAbstractTextDocumentLayout.PaintContext()
        colours = QPalette(self.palette())
        colours.setColor(QPalette.ColorRole.Text, QColor(pal.fg))
        paint_ctx.palette = colours
        self._doc.documentLayout().draw(painter, paint_ctx)
        painter.end()

    def resizeEvent(self, event: object) -> None:
        self._fitted = self._laid_out = None
        super().resizeEvent(event)  # type: ignore[arg-type]

    def plain_text(self) -> str:
        self._fit()
        return self._doc.toPlainText()


def wall_title_html(title: str, pal: Palette, size: int, extra: str = "") -> str:
    right = f' <span style="color:{pal.muted}; font-size:{size}px">{extra}</span>' if extra else ""
    return f'<div style="font-size:{round(size * 1.5)}px; font-weight:bold">{esc(title)}{right}</div>'


def muted(text: str, pal: Palette) -> str:
    return f'<span style="color:{pal.muted}">{text}</span>'


ALIGN_TOP_LEFT = Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft


def run_ok(ctx: UiContext, fn: Callable[..., object], *args: object, **kwargs: object) -> bool:
    """Call a service through ``ctx.run``; True when it succeeded (the error was shown otherwise)."""

    def call() -> bool:
        fn(*args, **kwargs)
        return True

    return ctx.run(call) is True


def nice(value: str) -> str:
    """A stored choice as words: 'in_progress' -> 'In progress'."""
    return value.replace("_", " ").capitalize()
