"""The interest matrix: people x rocks, each level 0-3 drawn as a dot placed higher for more interest.

One painted widget serves the stage (keyboard and mouse) and the wall (read-only,
sized to fill the screen).  Under each rock column: the suggested owner (ties listed)
and the owner once chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPen, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from workshop_app.rules import interest as interest_rules
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._rock_common import px, wall_min_px
from workshop_app.ui.theme import Palette, palette
from workshop_app.ui.widgets.label_text import breakable

LEVEL_KEYS = {Qt.Key.Key_0: 0, Qt.Key.Key_1: 1, Qt.Key.Key_2: 2, Qt.Key.Key_3: 3}
MOVES = {Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0), Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1)}
WRAP = Qt.TextFlag.TextWordWrap
MAX_TITLE_LINES = 3  # a long rock title is shortened with "…" in its column heading
NAME_SHARE = 0.25  # of the width at most for the names (a longer one elides): the rocks get the rest
ROW_LINES = 1.25  # the smallest row, in lines of text: 20 people fit on one screen


def _fit_lines(text: str, fm: QFontMetrics, width: int, max_lines: int) -> str:
    """``text`` word-wrapped to ``width``, cut with an ellipsis after ``max_lines`` lines."""
    limit = fm.lineSpacing() * max_lines + fm.lineSpacing() // 2
    if fm.boundingRect(QRect(0, 0, width, 10_000), WRAP, text).height() <= limit:
        return text
    words = text.split()
    while len(words) > 1:
        words.pop()
        candidate = " ".join(words) + "\u2026"
        if fm.boundingRect(QRect(0, 0, width, 10_000), WRAP, candidate).height() <= limit:
            return candidate
    return words[0] + "\u2026" if words else text


@dataclass(frozen=True)
class Column:
    rock_id: int
    title: str
    suggested: list[str]
    suggested_level: int
    owner: str | None


@dataclass(frozen=True)
class Row:
    participant_id: int
    name: str
    side: str


@dataclass(frozen=True)
class Geometry:
    font_px: int
    name_w: int
    head_h: int
    row_h: int
    foot_h: int
    col_w: float
    top: int  # where the grid starts (below the legend)
    fits: bool = True
    titles: tuple[str, ...] = ()  # column headings, shortened to MAX_TITLE_LINES lines
    shown: int | None = None  # the wall: people drawn when not all fit (then a "+ N more" line)


class InterestGrid(QWidget):
    """People x rocks; arrows move, 0-3 set the level, O makes the person the rock's owner."""

    level_chosen = Signal(int, int, int)  # participant_id, rock_id, level
    owner_chosen = Signal(int, int)  # participant_id, rock_id
    current_moved = Signal(QRect)  # the focused cell, to scroll it into view

    def __init__(self, ctx: UiContext, *, wall: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.wall = wall
        self.rows: list[Row] = []
        self.columns: list[Column] = []
        self.levels: dict[tuple[int, int], int] = {}
        self.current = (0, 0)
        self._cached: tuple[tuple[int, int, float], Geometry] | None = None
        self._minimum_for_width = -1  # the width the minimum size was worked out for
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus if wall else Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Interest matrix")
        ctx.theme_changed.connect(self.update)
        ctx.text_scale_changed.connect(self._rescale)
        self._reload_due = False
        if wall:  # (the wall window makes a fresh view after a change: read when painted, if ever)
            ctx.workshop_changed.connect(self._reload_later)
        self.reload()

    def _reload_later(self, *_args: object) -> None:
        self._reload_due = True
        self.update()

    # --- data -------------------------------------------------------------------------

    def reload(self, *_args: object) -> None:
        ow = self.ctx.ow
        self.rows = [Row(p.id, p.name, p.side) for p in ow.rocks.pollees()]
        self.columns = []
        for rock in ow.rocks.rocks():
            s = ow.rocks.suggested_owner(rock.id)
            owner = rock.owner.name if rock.owner is not None else None
            self.columns.append(Column(rock.id, rock.title, s.names, s.level, owner))
        self.levels = ow.rocks.interest_matrix()
        r, c = self.current
        self.current = (min(r, max(0, len(self.rows) - 1)), min(c, max(0, len(self.columns) - 1)))
        self._rescale()

    def level(self, row: int, col: int) -> int:
        return self.levels.get((self.rows[row].participant_id, self.columns[col].rock_id), 0)

    def current_ids(self) -> tuple[int, int] | None:
        if not self.rows or not self.columns:
            return None
        r, c = self.current
        return self.rows[r].participant_id, self.columns[c].rock_id

    # --- geometry -----------------------------------------------------------------------

    def _font(self, size_px: int, bold: bool = False) -> QFont:
        f = QFont(self.font())
        f.setPixelSize(size_px)
        f.setBold(bold)
        return f

    def _geometry(self) -> Geometry:
        key = (self.width(), self.height(), self.ctx.text_scale)
        if self._cached is not None and self._cached[0] == key:
            return self._cached[1]
        h = max(1, self.height())
        if self.wall:
            low = wall_min_px(self)
            high = max(low + 1, round(h / 14 * self.ctx.text_scale))
            best = self._layout_for(low)
            while low <= high:
                mid = (low + high) // 2
                g = self._layout_for(mid)
                if g.fits:
                    best, low = g, mid + 1
                else:
                    high = mid - 1
        else:
            best = self._layout_for(px(self.ctx))
        self._cached = (key, best)
        return best

    def _layout_for(self, size: int) -> Geometry:
        """Where everything goes at text size ``size``; ``fits`` says whether it all fits the height."""
        w, h = max(1, self.width()), max(1, self.height())
        n_rows = max(1, len(self.rows))
        n_cols = max(1, len(self.columns))
        bold = QFontMetrics(self._font(size, bold=True))
        small = QFontMetrics(self._font(size))
        line = bold.lineSpacing()
        top = round(line * 1.5)
        name_w = min(
            round(w * NAME_SHARE), max((bold.horizontalAdvance(r.name) for r in self.rows), default=0) + line
        )
        col_w = (w - name_w) / n_cols
        inner = max(10, round(col_w) - 12)
        words_fit = True
        head_h = line * 2
        foot_h = small.lineSpacing() * 2
        titles = []
        for c, col in enumerate(self.columns):
            title = _fit_lines(f"{c + 1}. {col.title}", bold, inner, MAX_TITLE_LINES)
            titles.append(title)
            words_fit = words_fit and all(bold.horizontalAdvance(word) <= inner for word in title.split())
            head_h = max(head_h, bold.boundingRect(QRect(0, 0, inner, 10_000), WRAP, title).height())
            footer = self._footer(col)[0]
            foot_h = max(foot_h, small.boundingRect(QRect(0, 0, inner, 10_000), WRAP, footer).height())
            # "Suggested:" wider than its column was cut at both edges; long runs break anyway
            words_fit = words_fit and all(
                small.horizontalAdvance(word) <= inner for word in footer.split() if len(word) < 25
            )
        head_h += line // 2
        foot_h += line // 2
        min_row = round(line * ROW_LINES)
        fits = words_fit and top + head_h + foot_h + n_rows * min_row <= h
        room = (h - top - head_h - foot_h) // n_rows
        row_h = max(min_row, room)
        shown = None
        if self.wall:
            # The smallest wall text may still not fit (18 or more people at 1280x720): the rows
            # close up to one line each rather than push the owners off the bottom of the wall,
            # and past that (25 people, larger text) the last line says how many more there are.
            row_h = min(max(line, room), line * 4)
            if room < line and len(self.rows) > 1:
                row_h = line
                shown = max(1, min(len(self.rows), (h - top - head_h - foot_h) // line) - 1)
        return Geometry(size, name_w, head_h, row_h, foot_h, col_w, top, fits, tuple(titles), shown)

    @staticmethod
    def _footer(col: Column) -> tuple[str, str]:
        """The text under a rock column and its kind: owner, tie, suggested or none (a long
        unbroken name gets break chances: it wraps inside its column)."""
        if col.owner:
            return breakable(f"Owner: {col.owner}"), "owner"
        if len(col.suggested) > 1:
            return breakable("Tie: " + ", ".join(col.suggested)), "tie"
        if col.suggested:
            return breakable("Suggested: " + col.suggested[0]), "suggested"
        return "No owner yet", "none"

    def _rescale(self, *_args: object) -> None:
        self._cached = None
        self._fit_minimum()
        self.updateGeometry()
        self.update()

    def _fit_minimum(self) -> None:
        """The least size that shows every row, headings and owners (the stage scrolls below it).

        Headings and owners wrap with the column width, so this follows the width: worked out
        before the grid had its real width, it kept the grid too tall and cut the owners off.
        """
        if self.wall:
            return
        g = self._geometry()
        line = QFontMetrics(self._font(g.font_px)).lineSpacing()
        n = max(1, len(self.rows))
        self._minimum_for_width = self.width()
        self.setMinimumHeight(g.top + g.head_h + g.foot_h + n * round(line * ROW_LINES))
        self.setMinimumWidth(g.name_w + max(1, len(self.columns)) * line * 5)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.width() != self._minimum_for_width:
            self._fit_minimum()

    def sizeHint(self) -> QSize:
        return QSize(1280, 720) if self.wall else QSize(900, 500)

    def cell_rect(self, row: int, col: int) -> QRect:
        g = self._geometry()
        x = g.name_w + col * g.col_w
        y = g.top + g.head_h + row * g.row_h
        return QRect(round(x), y, round(g.col_w), g.row_h)

    # --- input --------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        ids = self.current_ids()
        if key in MOVES and ids is not None:
            dr, dc = MOVES[key]
            r, c = self.current
            self.current = (
                max(0, min(len(self.rows) - 1, r + dr)),
                max(0, min(len(self.columns) - 1, c + dc)),
            )
            self.current_moved.emit(self.cell_rect(*self.current))
            self.update()
            return
        if key in LEVEL_KEYS and ids is not None:
            self.level_chosen.emit(ids[0], ids[1], LEVEL_KEYS[key])
            r, c = self.current
            self.current = (min(len(self.rows) - 1, r + 1), c)  # on to the next person for this rock
            self.current_moved.emit(self.cell_rect(*self.current))
            self.update()
            return
        if key == Qt.Key.Key_O and ids is not None:
            self.owner_chosen.emit(*ids)
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self.wall or not self.rows or not self.columns:
            return
        self.setFocus()
        pos = event.position().toPoint()
        for r in range(len(self.rows)):
            for c in range(len(self.columns)):
                rect = self.cell_rect(r, c)
                if rect.contains(pos):
                    self.current = (r, c)
                    track = self._track(rect)
                    frac = (track.bottom() - pos.y()) / max(1.0, track.height())
                    level = max(0, min(3, round(frac * 3)))
                    self.level_chosen.emit(self.rows[r].participant_id, self.columns[c].rock_id, level)
                    self.update()
                    return

    # --- painting -----------------------------------------------------------------------

    @staticmethod
    def _track(cell: QRect) -> QRectF:
        pad = max(3.0, cell.height() * 0.08)
        return QRectF(cell.left(), cell.top() + pad, cell.width(), cell.height() - 2 * pad)

    def paintEvent(self, _event: object) -> None:
        if self._reload_due:
            self._reload_due = False
            self.reload()
        pal = palette(self.ctx.theme)
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.fillRect(self.rect(), QColor(pal.bg))
        g = self._geometry()
        p.setFont(self._font(g.font_px))
        fg = QColor(pal.fg)
        if not self.rows or not self.columns:
            p.setPen(fg)
            text = (
                "No rocks yet: promote them on the Rocks stage first."
                if not self.columns
                else "Nobody to poll yet: add the participants on the Setup stage."
            )
            p.drawText(self.rect().adjusted(20, 20, -20, -20), Qt.AlignmentFlag.AlignCenter | WRAP, text)
            p.end()
            return
        self._paint_legend(p, g, pal.fg, pal.muted)
        line = QFontMetrics(self._font(g.font_px)).lineSpacing()
        rows = self.rows if g.shown is None else self.rows[: g.shown]
        more = len(self.rows) - len(rows)
        rows_bottom = g.top + g.head_h + len(rows) * g.row_h
        grid_bottom = rows_bottom + (g.row_h if more else 0)
        # column headers and owner footers
        for c, col in enumerate(self.columns):
            x = round(g.name_w + c * g.col_w)
            head = QRect(x + 6, g.top, round(g.col_w) - 12, g.head_h - 6)
            p.setPen(fg)
            p.setFont(self._font(g.font_px, bold=True))
            p.drawText(
                head,
                Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter | WRAP,
                g.titles[c],
            )
            p.setFont(self._font(g.font_px))
            foot = QRect(x + 6, grid_bottom + 4, round(g.col_w) - 12, g.foot_h - 4)
            text, kind = self._footer(col)
            colours = {"owner": pal.green, "tie": pal.amber, "suggested": pal.fg, "none": pal.muted}
            p.setPen(QColor(colours[kind]))
            p.drawText(foot, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter | WRAP, text)
        # rows
        for r, row in enumerate(rows):
            y = g.top + g.head_h + r * g.row_h
            if r % 2 == 1:
                p.fillRect(QRect(0, y, self.width(), g.row_h), QColor(pal.card))
            p.setPen(QColor(pal.card_fg) if r % 2 == 1 else fg)
            p.setFont(self._font(g.font_px, bold=True))
            name = p.fontMetrics().elidedText(row.name, Qt.TextElideMode.ElideRight, g.name_w - 12)
            p.drawText(QRect(8, y, g.name_w - 12, g.row_h), Qt.AlignmentFlag.AlignVCenter, name)
            for c in range(len(self.columns)):
                self._paint_cell(p, self.cell_rect(r, c), self.level(r, c), pal, g.font_px)
        if more:
            p.setPen(QColor(pal.muted))
            p.setFont(self._font(g.font_px))
            y = g.top + g.head_h + len(rows) * g.row_h
            p.drawText(
                QRect(8, y, self.width() - 16, g.row_h),
                Qt.AlignmentFlag.AlignVCenter,
                f"+ {more} more {'person' if more == 1 else 'people'}: all of them are on the Interest stage",
            )
        # grid lines
        p.setPen(QPen(QColor(pal.border), 1))
        for c in range(len(self.columns) + 1):
            x = round(g.name_w + c * g.col_w)
            p.drawLine(x, g.top + g.head_h, x, rows_bottom)
        p.drawLine(0, g.top + g.head_h, self.width(), g.top + g.head_h)
        p.drawLine(0, grid_bottom, self.width(), grid_bottom)
        if not self.wall and self.hasFocus():
            rect = self.cell_rect(*self.current).adjusted(2, 2, -2, -2)
            p.setPen(QPen(QColor(pal.accent), max(3, line // 6)))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawRect(rect)
        p.end()

    def _paint_legend(self, p: QPainter, g: Geometry, fg: str, muted: str) -> None:
        p.setFont(self._font(g.font_px))
        p.setPen(QColor(muted))
        legend = "   ".join(f"{k} {v}" for k, v in interest_rules.LEVELS.items())
        prefix = "Higher dot = more interest:   " if self.wall else "Keys 0-3 set the level, arrows move:   "
        p.drawText(QRect(8, 0, self.width() - 16, g.top), Qt.AlignmentFlag.AlignVCenter, prefix + legend)

    def _paint_cell(self, p: QPainter, cell: QRect, level: int, pal: Palette, font_px: int) -> None:
        track = self._track(cell)
        cx = track.center().x()
        radius = max(4.0, min(track.height() / 4.5, cell.width() / 7))
        inner = track.adjusted(0, radius, 0, -radius)
        p.setPen(QPen(QColor(pal.border), 1))
        for step in range(4):  # the four heights a dot can take
            y = inner.bottom() - inner.height() * step / 3
            p.drawLine(QPointF(cx - radius * 1.2, y), QPointF(cx + radius * 1.2, y))
        y = inner.bottom() - inner.height() * level / 3
        if level == 0:
            p.setPen(QPen(QColor(pal.muted), 2))
            p.setBrush(QColor(pal.bg))
            p.drawEllipse(QPointF(cx, y), radius * 0.6, radius * 0.6)
            return
        colour = QColor(pal.green if level == 3 else pal.accent)
        # a stem from the bottom makes the height readable even in a short row
        p.setPen(QPen(colour, max(2.0, radius * 0.6), Qt.PenStyle.SolidLine, Qt.PenCapStyle.FlatCap))
        p.drawLine(QPointF(cx, inner.bottom() + radius * 0.6), QPointF(cx, y))
        p.setPen(QPen(QColor(pal.fg), 1))
        p.setBrush(colour)
        p.drawEllipse(QPointF(cx, y), radius, radius)
        p.setPen(QColor(pal.fg))
        number_px = max(9, min(round(font_px * 0.9), round(cell.height() * 0.6)))
        p.setFont(self._font(number_px, bold=True))
        label_rect = QRectF(cx + radius * 1.5, y - number_px, number_px * 2, number_px * 2)
        p.drawText(label_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, str(level))
