"""Charts for the PDF, drawn with reportlab's own graphics (vector, same font as the text)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.shapes import Drawing, Line, Rect, String  # type: ignore[import-untyped, unused-ignore]
from reportlab.pdfbase.pdfmetrics import stringWidth  # type: ignore[import-untyped, unused-ignore]

from workshop_app.export import palette
from workshop_app.export.content import BarChart
from workshop_app.export.fonts import BOLD, REGULAR
from workshop_app.export.pdf_layout import ACCENT, MUTED, RULE, TEXT, colour
from workshop_app.export.text import xml_safe

BAR_H = 11.0
GAP = 5.0
FONT_SIZE = 7.5


def _clip(text: str, width: float, font: str = REGULAR, size: float = FONT_SIZE) -> str:
    """``text`` on one line, cut with an ellipsis to fit ``width`` points."""
    line = " ".join(xml_safe(text).split())
    if stringWidth(line, font, size) <= width:
        return line
    lo, hi = 0, len(line)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if stringWidth(line[:mid] + "…", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return line[:lo].rstrip() + "…"


def bar_chart(chart: BarChart, width: float) -> Drawing:
    """Horizontal bars, one per label, with the value at the end of each bar."""
    n = len(chart.labels)
    label_w = width * 0.42
    bars_w = width - label_w - 30
    height = n * (BAR_H + GAP) + GAP + 12
    d = Drawing(width, height)
    top = max(chart.values, default=0) or 1
    d.add(Line(label_w, 10, label_w, height - 2, strokeColor=RULE, strokeWidth=0.6))
    for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        y = height - (i + 1) * (BAR_H + GAP)
        d.add(
            String(
                label_w - 5,
                y + 3,
                _clip(label, label_w - 8),
                fontName=REGULAR,
                fontSize=FONT_SIZE,
                fillColor=TEXT,
                textAnchor="end",
            )
        )
        w = bars_w * value / top if value > 0 else 0.0
        if w:
            d.add(Rect(label_w, y, max(w, 1.5), BAR_H, fillColor=ACCENT, strokeColor=None))
        d.add(String(label_w + w + 4, y + 3, str(value), fontName=BOLD, fontSize=FONT_SIZE, fillColor=TEXT))
    d.add(String(label_w, 0, chart.caption, fontName=REGULAR, fontSize=6.5, fillColor=MUTED))
    return d


def interest_chart(
    rows: Sequence[tuple[str, list[int]]], titles: Sequence[str], legend: dict[int, str], width: float
) -> Drawing:
    """One stacked bar per rock: how many people gave level 3, 2 and 1 (the interest cue)."""
    label_w = width * 0.42
    bars_w = width - label_w - 30
    n = len(rows)
    height = n * (BAR_H + GAP) + GAP + 22
    d = Drawing(width, height)
    top = max((sum(levels) for _, levels in rows), default=0) or 1
    for i, ((code, levels), title) in enumerate(zip(rows, titles, strict=True)):
        y = height - (i + 1) * (BAR_H + GAP)
        d.add(
            String(
                label_w - 5,
                y + 3,
                _clip(f"{code}  {title}", label_w - 8),
                fontName=REGULAR,
                fontSize=FONT_SIZE,
                fillColor=TEXT,
                textAnchor="end",
            )
        )
        x = label_w
        for level in (3, 2, 1):
            count = levels[level - 1]
            if not count:
                continue
            w = bars_w * count / top
            d.add(Rect(x, y, w, BAR_H, fillColor=colour(palette.INTEREST[level]), strokeColor=None))
            if w > 9:
                d.add(
                    String(
                        x + w / 2,
                        y + 3,
                        str(count),
                        fontName=BOLD,
                        fontSize=6.5,
                        fillColor=colour(palette.INTEREST_TEXT[level]),
                        textAnchor="middle",
                    )
                )
            x += w
        d.add(String(x + 4, y + 3, str(sum(levels)), fontName=REGULAR, fontSize=FONT_SIZE, fillColor=MUTED))
    x = label_w
    for level in (3, 2, 1):
        d.add(Rect(x, 2, 8, 8, fillColor=colour(palette.INTEREST[level]), strokeColor=None))
        text = f"{level} {legend[level]}"
        d.add(String(x + 11, 3.5, text, fontName=REGULAR, fontSize=6.5, fillColor=MUTED))
        x += 11 + stringWidth(text, REGULAR, 6.5) + 12
    return d
