"""The rock recap: every rock with its metric (baseline -> target), due date, owner and SMART letters.

The same rich text serves the stage's Recap tab and the projector wall (fitted large).
"""

from __future__ import annotations

from workshop_app.model import Rock
from workshop_app.rules import rocks as rock_rules
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._rock_common import FitHtmlView, date_html, esc, muted, smart_letters_html
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


def recap_html(ow: OpenWorkshop, pal: Palette, size: int, *, compact: bool = False, at_most: int = 0) -> str:
    """All rocks as a table; ``compact`` (a narrow pane) puts the letters under the title and the
    due date under the metric, in four columns instead of six.  ``at_most`` (0: all) shows the first
    rocks only and says how many more there are."""
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
    cell = f'style="border-bottom: 1px solid {pal.border}" valign="top"'
    columns = (
        (("#", ""), ("Rock", 'width="40%"'), ("Target metric, due", 'width="38%"'), ("Owner", ""))
        if compact
        else (
            ("#", ""),
            ("Rock", 'width="30%"'),
            ("Target metric", 'width="32%"'),
            ("Due", ""),
            ("Owner", 'width="16%"'),
            ("SMART", ""),
        )
    )
    header = "".join(f'<th align="left" {width} style="{head_style}">{name}</th>' for name, width in columns)
    rows = [f"<tr>{header}</tr>"]
    shown = rocks[:at_most] if at_most else rocks
    for i, rock in enumerate(shown, 1):
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
        due = (
            date_html(rock.due_date)
            if rock.due_date
            else f'<span style="color:{pal.red}">no\u00a0date</span>'
        )
        title = f"<b>{esc(rock.title)}</b>"
        letters = smart_letters_html(check, pal, size)
        owner = owner_html(ow, rock, pal)
        if compact:
            cells = (str(i), f"{title}<br>{letters}", f"{metric_cell}<br>{due}", owner)
        else:
            cells = (str(i), title, metric_cell, due, owner, letters)
        rows.append("<tr>" + "".join(f"<td {cell}>{c}</td>" for c in cells) + "</tr>")
    pad = max(4, size // 3)
    parts.append(
        f'<table width="100%" cellspacing="0" cellpadding="{pad}" style="border-collapse: collapse">'
        + "".join(rows)
        + "</table>"
    )
    more = len(rocks) - len(shown)
    if more:
        parts.append(f"<p>{muted(f'and {more} more rock(s): see the Recap on the Rocks stage', pal)}</p>")
    return "".join(parts)


class RockRecapView(FitHtmlView):
    """The recap fitted to its size: the Recap tab of the Rocks stage and its wall view."""

    def __init__(self, ctx: UiContext) -> None:
        # every rock if they fit at the smallest wall text, else fewer with "and N more" under them
        super().__init__(self._html, ctx, max_lines=10, limits=(0, 7, 6, 5, 4, 3))
        ctx.workshop_changed.connect(self.rebuild)

    def _html(self, size: int, limit: int) -> str:
        return recap_html(self.reads, palette(self._ctx.theme), size, at_most=limit)
