"""What the wall shows during Minutes & Actions: the decisions taken and the actions agreed, large."""

from __future__ import annotations

from workshop_app.model import ActionStatus, MinutesKind
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._rock_common import FitHtmlView, esc, muted, nice
from workshop_app.ui.theme import Palette, palette

MAX_LINES = 10  # per column; older decisions and closed actions are counted, not listed
OPEN = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value)


def decisions_html(ow: OpenWorkshop, pal: Palette, size: int, limit: int = MAX_LINES) -> str:
    decisions = ow.minutes.entries(MinutesKind.DECISION.value)
    head = (
        f'<div style="font-size:{round(size * 1.4)}px; font-weight:bold">Decisions ({len(decisions)})</div>'
    )
    if not decisions:
        return head + f"<p>{muted('No decisions recorded yet.', pal)}</p>"
    shown = decisions[-limit:]
    items = "".join(f'<li style="margin-bottom:{size // 3}px">{esc(d.text)}</li>' for d in shown)
    start = len(decisions) - len(shown) + 1
    earlier = len(decisions) - len(shown)
    note = f"<p>{muted(f'{earlier} earlier decision(s) in the minutes', pal)}</p>" if earlier else ""
    return f'{head}{note}<ol start="{start}">{items}</ol>'


def actions_html(ow: OpenWorkshop, pal: Palette, size: int, limit: int = MAX_LINES) -> str:
    actions = ow.actions.actions()
    open_actions = [a for a in actions if a.status in OPEN]
    head = (
        f'<div style="font-size:{round(size * 1.4)}px; font-weight:bold">Actions '
        f'<span style="font-size:{size}px; font-weight:normal; color:{pal.muted}">'
        f"{len(open_actions)} open of {len(actions)}</span></div>"
    )
    if not actions:
        return head + f"<p>{muted('No actions agreed yet.', pal)}</p>"
    ordered = sorted(open_actions, key=lambda a: (a.due_date is None, a.due_date, a.position, a.id))
    rows = []
    for a in ordered[:limit]:
        owner = esc(a.owner.name) if a.owner is not None else f'<span style="color:{pal.red}">no owner</span>'
        due = a.due_date.isoformat() if a.due_date else f'<span style="color:{pal.red}">no date</span>'
        state = "" if a.status == ActionStatus.OPEN.value else f" {muted('(' + nice(a.status) + ')', pal)}"
        rows.append(
            f'<tr><td valign="top" style="border-bottom: 1px solid {pal.border}">'
            f"<b>{esc(a.text)}</b>{state}<br>"
            f'<span style="color:{pal.muted}">{owner} \u00b7 {due}</span></td></tr>'
        )
    more = len(ordered) - min(len(ordered), limit)
    note = f"<p>{muted(f'and {more} more open action(s)', pal)}</p>" if more else ""
    pad = max(3, size // 4)
    return f'{head}<table width="100%" cellspacing="0" cellpadding="{pad}">{"".join(rows)}</table>{note}'


def minutes_wall_html(ow: OpenWorkshop, pal: Palette, size: int, limit: int = MAX_LINES) -> str:
    return (
        f'<table width="100%" cellspacing="0" cellpadding="{size // 2}"><tr>'
        f'<td width="50%" valign="top">{decisions_html(ow, pal, size, limit)}</td>'
        f'<td width="50%" valign="top">{actions_html(ow, pal, size, limit)}</td></tr></table>'
    )


class MinutesWallView(FitHtmlView):
    """Decisions and actions, as large as fits."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(
            lambda size, limit: minutes_wall_html(self.reads, palette(ctx.theme), size, limit),
            ctx,
            max_lines=14,
            limits=(10, 8, 6, 4, 3),
        )
        ctx.workshop_changed.connect(self.rebuild)
