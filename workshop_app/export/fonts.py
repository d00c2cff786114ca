"""The shipped DejaVu Sans fonts: registration for reportlab and which characters they can draw."""

from __future__ import annotations

import threading
import unicodedata
from functools import cache
from pathlib import Path

from workshop_app.errors import ExportError
from workshop_app.paths import resource_path

FAMILY = "PlanwallSans"
REGULAR = "PlanwallSans"
BOLD = "PlanwallSans-Bold"
ITALIC = "PlanwallSans-Oblique"
BOLD_ITALIC = "PlanwallSans-BoldOblique"
FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
#: Characters nobody sees, so a font need not draw them (line breaks, joiners, direction marks...).
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}
_lock = threading.Lock()
_registered = False


def font_file(name: str) -> Path:
    try:
        return resource_path("fonts", FILES[name])
    except FileNotFoundError as exc:
        raise ExportError(
            f"The PDF font {FILES[name]} is missing from Planwall's resources: reinstall Planwall."
        ) from exc


def register_pdf_fonts() -> None:
    """Register DejaVu Sans (four styles, one family) with reportlab; safe to call from any thread."""
    global _registered
    with _lock:
        if _registered:
            return
        from reportlab.lib.fonts import addMapping  # type: ignore[import-untyped, unused-ignore]
        from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped, unused-ignore]
        from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped, unused-ignore]

        for name in FILES:
            pdfmetrics.registerFont(TTFont(name, str(font_file(name))))
        addMapping(FAMILY, 0, 0, REGULAR)
        addMapping(FAMILY, 1, 0, BOLD)
        addMapping(FAMILY, 0, 1, ITALIC)
        addMapping(FAMILY, 1, 1, BOLD_ITALIC)
        pdfmetrics.registerFontFamily(
            FAMILY, normal=REGULAR, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
        )
        _registered = True


@cache
def _covered() -> frozenset[int]:
    """Code points that both the regular and the bold face can draw (read from the registered fonts)."""
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped, unused-ignore]

    register_pdf_fonts()
    regular = pdfmetrics.getFont(REGULAR).face.charToGlyph
    bold = pdfmetrics.getFont(BOLD).face.charToGlyph
    return frozenset(regular) & frozenset(bold)


def missing_characters(text: str) -> str:
    """The distinct visible characters of ``text`` the PDF font cannot draw, in order of appearance."""
    if text.isascii():
        return ""
    covered = _covered()
    seen: dict[str, None] = {}
    for ch in text:
        if ord(ch) in covered or ch in seen or ch.isspace():
            continue
        if unicodedata.category(ch) in _INVISIBLE_CATEGORIES or 0xFE00 <= ord(ch) <= 0xFE0F:
            continue
        seen[ch] = None
    return "".join(seen)
