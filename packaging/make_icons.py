"""Render the app icon's PNG set (and a Windows .ico) from resources/icons/planwall.svg.

    QT_QPA_PLATFORM=offscreen python packaging/make_icons.py

Writes ``resources/icons/planwall-<N>.png`` for N in SIZES and ``planwall.ico``.  At 32 px
and below the written lines on the notes are left out (they would only be grey noise);
the notes and the voting dots stay.  Run it again after changing the SVG and commit the
results: the build does not need Qt's SVG module at build time.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SVG = ICONS / "planwall.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
SMALL = 32


def svg_for(size: int) -> bytes:
    text = SVG.read_text(encoding="utf-8")
    if size <= SMALL:
        text = re.sub(r'\s*<g id="lines".*?</g>', "", text, flags=re.DOTALL)
    return text.encode("utf-8")


def render(size: int) -> object:
    from PySide6.QtCore import QByteArray, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(QByteArray(svg_for(size)))
    if not renderer.isValid():
        raise SystemExit(f"{SVG} is not a valid SVG")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    for size in SIZES:
        image = render(size)
        out = ICONS / f"planwall-{size}.png"
        if not image.save(str(out), "PNG"):  # type: ignore[attr-defined]
            raise SystemExit(f"could not write {out}")
        print(out.relative_to(ROOT))
    try:
        from PIL import Image
    except ImportError:
        print("Pillow is not installed: planwall.ico not written", file=sys.stderr)
        return 0
    big = Image.open(ICONS / "planwall-256.png")
    big.save(ICONS / "planwall.ico", sizes=[(s, s) for s in ICO_SIZES])
    print((ICONS / "planwall.ico").relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
