"""Charts for the Word document as PNG images (Pillow, with the shipped DejaVu font).

Word cannot take reportlab drawings, so the same bar charts as in the PDF are drawn at
print resolution here; python-docx embeds the bytes.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from PIL import Image, ImageDraw, ImageFont

from workshop_app.export import palette
from workshop_app.export.content import BarChart
from workshop_app.export.fonts import BOLD, REGULAR, font_file
from workshop_app.export.text import xml_safe

DPI = 200
SCALE = DPI / 72  # pixels per point
BAR_H = 11.0
GAP = 5.0
FONT_PT = 7.5


def _font(name: str, size_pt: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(font_file(name)), round(size_pt * SCALE))


def _clip(draw: ImageDraw.ImageDraw, text: str, width: float, font: ImageFont.FreeTypeFont) -> str:
    line = " ".join(xml_safe(text).split())
    if draw.textlength(line, font=font) <= width:
        return line
    lo, hi = 0, len(line)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if draw.textlength(line[:mid] + "…", font=font) <= width:
            lo = mid
        else:
            hi = mid - 1
    return line[:lo].rstrip() + "…"


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", dpi=(DPI, DPI), compress_level=1)
    return out.getvalue()


def _canvas(width_pt: float, height_pt: float) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (round(width_pt * SCALE), round(height_pt * SCALE)), "white")
    return image, ImageDraw.Draw(image)


def bar_chart_png(chart: BarChart, width_pt: float) -> bytes:
    """Horizontal bars like the PDF's, as PNG bytes; the image is ``width_pt`` points wide at 200 dpi."""
    n = len(chart.labels)
    height = n * (BAR_H + GAP) + GAP + 12
    image, draw = _canvas(width_pt, height)
    regular, bold, small = _font(REGULAR, FONT_PT), _font(BOLD, FONT_PT), _font(REGULAR, 6.5)
    label_w = width_pt * 0.42
    bars_w = width_pt - label_w - 30
    top = max(chart.values, default=0) or 1
    s = SCALE
    draw.line(
        [(label_w * s, 2 * s), (label_w * s, (height - 10) * s)],
        fill=palette.rgb(palette.RULE),
        width=max(round(0.6 * s), 1),
    )
    for i, (label, value) in enumerate(zip(chart.labels, chart.values, strict=True)):
        y = GAP + i * (BAR_H + GAP)
        text = _clip(draw, label, (label_w - 8) * s, regular)
        draw.text(
            ((label_w - 5) * s, (y + BAR_H / 2) * s),
            text,
            font=regular,
            fill=palette.rgb(palette.TEXT),
            anchor="rm",
        )
        w = bars_w * value / top if value > 0 else 0.0
        if w:
            draw.rectangle(
                [label_w * s, y * s, (label_w + max(w, 1.5)) * s, (y + BAR_H) * s],
                fill=palette.rgb(palette.ACCENT),
            )
        draw.text(
            ((label_w + w + 4) * s, (y + BAR_H / 2) * s),
            str(value),
            font=bold,
            fill=palette.rgb(palette.TEXT),
            anchor="lm",
        )
    draw.text(
        (label_w * s, (height - 1) * s),
        chart.caption,
        font=small,
        fill=palette.rgb(palette.MUTED),
        anchor="ld",
    )
    return _png(image)


def interest_chart_png(
    rows: Sequence[tuple[str, list[int]]], titles: Sequence[str], legend: dict[int, str], width_pt: float
) -> bytes:
    """Stacked bars per rock (people at level 3, 2, 1), like the PDF's interest cue."""
    n = len(rows)
    height = n * (BAR_H + GAP) + GAP + 22
    image, draw = _canvas(width_pt, height)
    regular, bold, small = _font(REGULAR, FONT_PT), _font(BOLD, 6.5), _font(REGULAR, 6.5)
    label_w = width_pt * 0.42
    bars_w = width_pt - label_w - 30
    top = max((sum(levels) for _, levels in rows), default=0) or 1
    s = SCALE
    for i, ((code, levels), title) in enumerate(zip(rows, titles, strict=True)):
        y = GAP + i * (BAR_H + GAP)
        text = _clip(draw, f"{code}  {title}", (label_w - 8) * s, regular)
        draw.text(
            ((label_w - 5) * s, (y + BAR_H / 2) * s),
            text,
            font=regular,
            fill=palette.rgb(palette.TEXT),
            anchor="rm",
        )
        x = label_w
        for level in (3, 2, 1):
            count = levels[level - 1]
            if not count:
                continue
            w = bars_w * count / top
            draw.rectangle(
                [x * s, y * s, (x + w) * s, (y + BAR_H) * s], fill=palette.rgb(palette.INTEREST[level])
            )
            if w > 9:
                draw.text(
                    ((x + w / 2) * s, (y + BAR_H / 2) * s),
                    str(count),
                    font=bold,
                    fill=palette.rgb(palette.INTEREST_TEXT[level]),
                    anchor="mm",
                )
            x += w
        draw.text(
            ((x + 4) * s, (y + BAR_H / 2) * s),
            str(sum(levels)),
            font=regular,
            fill=palette.rgb(palette.MUTED),
            anchor="lm",
        )
    x = label_w
    y = height - 12
    for level in (3, 2, 1):
        draw.rectangle([x * s, y * s, (x + 8) * s, (y + 8) * s], fill=palette.rgb(palette.INTEREST[level]))
        text = f"{level} {legend[level]}"
        draw.text(((x + 11) * s, (y + 4) * s), text, font=small, fill=palette.rgb(palette.MUTED), anchor="lm")
        x += 11 + draw.textlength(text, font=small) / s + 12
    return _png(image)
