"""Render every stage and its wall view with the complete sample open, for the README and for review.

    python tools/screenshots.py [--out docs/screenshots] [--sizes 1280x720,1920x1080] [--themes light,dark]

Exits with 1 (after writing everything) when a stage needs more room than the window of the
requested size gives it (it then scrolls), or the window grew past that size.

Writes ``<size>-<theme>-<n>-<stage>.png`` (the facilitator's window) and
``<size>-<theme>-<n>-<stage>-wall.png`` (what the room sees), plus the start window.
The sample is imported into a temporary copy; the last agenda item is re-run on a fake
clock so the timer shows a running item.  Nothing in the user's folders is touched.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def parse_sizes(text: str) -> list[tuple[int, int]]:
    sizes = []
    for part in text.split(","):
        w, h = part.lower().split("x")
        sizes.append((int(w), int(h)))
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--sizes", default="1280x720,1920x1080")
    parser.add_argument("--themes", default="light,dark")
    parser.add_argument("--sample", type=Path, default=ROOT / "sample_sessions" / "complete-jbp.json")
    parser.add_argument("--stages", default="", help="only these stage keys (comma-separated)")
    parser.add_argument("--no-wall", action="store_true", help="skip the wall views")
    args = parser.parse_args(argv)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["TZ"] = "UTC"
    time.tzset()
    scratch = Path(tempfile.mkdtemp(prefix="planwall-shots-"))
    os.environ["PLANWALL_DATA_DIR"] = str(scratch / "userdata")
    sys.path.insert(0, str(ROOT))

    from PySide6.QtWidgets import QApplication

    from workshop_app.services.clock import FakeClock
    from workshop_app.services.workshop_service import OpenWorkshop
    from workshop_app.ui.main_window import MainWindow
    from workshop_app.ui.settings import AppSettings
    from workshop_app.ui.start_window import StartWindow
    from workshop_app.ui.wall_window import WallWindow

    app = QApplication.instance() or QApplication(["screenshots"])
    app.setApplicationName("Planwall")
    clock = FakeClock(datetime(2026, 3, 11, 15, 0, tzinfo=UTC))
    ow = OpenWorkshop.create_from_template(args.sample, scratch / "complete-jbp.planwall", clock)
    last = ow.agenda.all_items()[-1]
    if last.started_at is not None:
        clock.set(last.started_at)
        ow.agenda.reset_item(last.id)
        ow.agenda.start(last.id)
        clock.advance(timedelta(minutes=last.planned_minutes * 0.85).total_seconds())
    ow.store.history.clear()
    args.out.mkdir(parents=True, exist_ok=True)
    settings = AppSettings()
    settings.text_scale = 1.0
    window = MainWindow(ow, settings, ticking=False)
    wanted = [k for k in args.stages.split(",") if k] or list(window.stage_keys)
    written = 0
    oversized = 0

    def settle() -> None:
        for _ in range(3):
            app.processEvents()
        window.flush_refresh()
        app.processEvents()

    for theme in args.themes.split(","):
        window.set_theme(theme)
        for width, height in parse_sizes(args.sizes):
            prefix = f"{width}x{height}-{theme}"
            start = StartWindow(settings, clock)
            start.resize(width, height)
            start.show()
            settle()
            start.grab().save(str(args.out / f"{prefix}-0-start.png"))
            start.close()
            written += 1
            window.resize(width, height)
            window.show()
            wall = None if args.no_wall else WallWindow(window.ctx, window.current_stage)
            if wall is not None:
                wall.resize(width, height)
                wall.show()
            for number, key in enumerate(window.stage_keys, start=1):
                if key not in wanted:
                    continue
                window.show_stage(key)
                window.message_bar.dismiss()
                window.ctx.poll_status()
                settle()
                window.grab().save(str(args.out / f"{prefix}-{number}-{key}.png"))
                written += 1
                page = window.stack.currentWidget()
                bars = (("across", page.horizontalScrollBar()), ("down", page.verticalScrollBar()))
                scrolls = [name for name, bar in bars if bar.isVisible()]
                if (window.width(), window.height()) != (width, height) or scrolls:
                    needed = window.current_stage.minimumSizeHint()
                    size = f"{window.width()}x{window.height()}"
                    print(
                        f"warning: {prefix} {key}: the window is {size}, the stage scrolls "
                        f"{' and '.join(scrolls) or 'not'}: it needs {needed.width()}x{needed.height()}",
                        file=sys.stderr,
                    )
                    oversized += 1
                if wall is not None:
                    wall.set_stage(window.current_stage)
                    wall.settle()  # (the wall rebuilds on the next turn of the event loop)
                    settle()
                    wall.grab().save(str(args.out / f"{prefix}-{number}-{key}-wall.png"))
                    written += 1
            if wall is not None:
                wall.close()
    window.close()
    print(f"wrote {written} screenshots to {args.out}")
    return 1 if oversized else 0


if __name__ == "__main__":
    sys.exit(main())
