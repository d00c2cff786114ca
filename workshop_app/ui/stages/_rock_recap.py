"""The rock recap: every rock with its metric (baseline -> target), due date, owner and SMART letters.

The same rich text serves the stage's Recap tab and the projector wall (fitted large).
"""

from __future__ import annotations

from workshop_app.model import Rock
from workshop_app.rules import rocks as rock_rules
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._rock_common import FitHtmlView, esc, muted, smart_letters_html
from workshop_app.ui.theme import Palette, palette

ARROWS = {"up": "\u2191", "down": "\u2193"}


def metric_text(rock: Rock) -> str:
    """'On-shelf availability: 94.5 -> 97 % (up)' as plain text; '' without a metric."""
    if not (rock.metric_name or rock.metric_baseline or rock.metric_target):
        return ""
    unit = f" {rock.metric_unit}" if rock.metric_unit else ""
    name = f"{rock.metric_name}: " if rock.metric_name else ""
    return (
        f"{name}{rock.metric_baseline or '?'} \u2192 {rock.metric_target or '?'}{unit} "
        f"{ARROWS.get(rock.metric_direction, '')}"
    ).strip()


def owner_html(ow: OpenWorkshop, rock: Rock, pal: Palette) -> str:
    if rock.owner is not None:
        return esc(rock.owner.name)
    s = ow.rocks.suggested_owner(rock.id)
    if s.names:
        return muted("not set (interest: " + esc(", ".join(s.names)) + ")", pal)
    return f'<span style="color:{pal.red}">not set</span>'


def recap_html(ow: OpenWorkshop, pal: Palette, size: int, *, wall: bool = False) -> str:
    rocks = ow.rocks.rocks()
    limit = ow.rocks.limit_text()
    over = len(rocks) > rock_rules.MAX_ROCKS
    limit_colour = pal.red if over else pal.muted
    parts = [
        f'<div style="font-size:{round(size * 1.45)}px; font-weight:bold">Rocks '
        f'<span style="font-size:{size}px; color:{limit_colour}; font-weight:normal">'
        f"{esc(limit)}</span></div>"
    ]
    if not rocks:
        parts.append(
            f"<p>{muted('No rocks yet. Promote the top of the vote ranking on the Rocks stage.', pal)}</p>"
        )
        return "".join(parts)
    head_style = f"color:{pal.muted}; font-weight:bold; border-bottom: 2px solid {pal.border}"
    cell = f"border-bottom: 1px solid {pal.border}"
    header = "".join(
        f'<th align="left" width="{width}%" style="{head_style}">{name}</th>'
        for name, width in (
            ("#", 3),
            ("Rock", 27),
            ("Target metric", 32),
            ("Due", 11),
            ("Owner", 16),
            ("SMART", 11),
        )
    )
    rows = [f"<tr>{header}</tr>"]
    for i, rock in enumerate(rocks, 1):
        check = ow.rocks.smart(rock.id)
        metric = metric_text(rock)
        metric_cell = (
            esc(metric)
            if check.has_metric
            else (
                f'<span style="color:{pal.red}; font-weight:bold">no target metric</span>'
                + (f"<br>{muted(esc(metric), pal)}" if metric else "")
            )
        )
        due = rock.due_date.isoformat() if rock.due_date else f'<span style="color:{pal.red}">no date</span>'
        title = f"<b>{esc(rock.title)}</b>"
        if rock.scope and not wall:
            title += f"<br>{muted(esc(_first_line(rock.scope)), pal)}"
        rows.append(
            f'<tr><td style="{cell}" valign="top">{i}</td><td style="{cell}" valign="top">{title}</td>'
            f'<td style="{cell}" valign="top">{metric_cell}</td><td style="{cell}" valign="top">{due}</td>'
            f'<td style="{cell}" valign="top">{owner_html(ow, rock, pal)}</td>'
            f'<td style="{cell}" valign="top">{smart_letters_html(check, pal, size)}</td></tr>'
        )
    pad = max(4, size // 3)
    parts.append(
        f'<table width="100%" cellspacing="0" cellpadding="{pad}" style="border-collapse: collapse">'
        + "".join(rows)
        + "</table>"
    )
    return "".join(parts)


def _first_line(text: str, limit: int = 90) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "\u2026"


class RockRecapView(FitHtmlView):
    """The recap fitted to its size (the wall view of the Rocks stage)."""

    def __init__(self, ctx: UiContext, *, wall: bool = True) -> None:
        self._ow = ctx.ow
        self._wall = wall
        super().__init__(self._html, ctx, max_lines=10)
        ctx.workshop_changed.connect(self.rebuild)

    def _html(self, size: int, _limit: int) -> str:
        return recap_html(self._ow, palette(self._ctx.theme), size, wall=self._wall)
