"""What the workshop produced, as rich text: counts, vote winners, rocks, decisions, open actions, rating.

Shown on the Close stage and, fitted large, on the wall.
"""

from __future__ import annotations

from workshop_app.model import ActionStatus, MinutesKind
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._rock_common import FitHtmlView, esc, muted
from workshop_app.ui.stages._rock_recap import metric_text
from workshop_app.ui.theme import Palette, palette

OPEN = (ActionStatus.OPEN.value, ActionStatus.IN_PROGRESS.value)
COUNTED = (  # (key in ow.counts(), singular, plural)
    ("participants", "person", "people"),
    ("ideas", "idea", "ideas"),
    ("clusters", "cluster", "clusters"),
    ("dots", "dot", "dots"),
    ("rocks", "rock", "rocks"),
    ("minutes", "minutes entry", "minutes entries"),
    ("actions", "action", "actions"),
    ("feedback", "feedback", "feedback"),
)


def _section(title: str, size: int, extra: str = "") -> str:
    return (
        f'<div style="font-size:{round(size * 1.25)}px; font-weight:bold; margin-top:{size // 2}px">'
        f"{title}{extra}</div>"
    )


def _limited(items: list[str], limit: int, pal: Palette, what: str) -> str:
    shown = "".join(f"<li>{x}</li>" for x in items[:limit])
    more = len(items) - limit
    tail = f"<li>{muted(f'and {more} more {what}', pal)}</li>" if more > 0 else ""
    return f'<ul style="margin-top:0px">{shown}{tail}</ul>'


def counts_html(ow: OpenWorkshop, pal: Palette, size: int) -> str:
    c = ow.counts()
    decisions = len(ow.minutes.entries(MinutesKind.DECISION.value))
    parts = []
    for key, one, many in COUNTED:
        n = c.get(key, 0)
        parts.append(
            f'<span style="font-size:{round(size * 1.3)}px; font-weight:bold">{n}</span> '
            f"{one if n == 1 else many}"
        )
        if key == "minutes":
            parts.append(
                f'<span style="font-size:{round(size * 1.3)}px; font-weight:bold">{decisions}</span> '
                f"{'decision' if decisions == 1 else 'decisions'}"
            )
    return " &nbsp;\u00b7&nbsp; ".join(parts)


def winners_html(ow: OpenWorkshop, pal: Palette, size: int, top: int = 3) -> str:
    blocks = []
    for _rnd, res in ow.voting.results_by_round():
        if not res.revealed:
            continue
        rows = [
            f"<li>{esc(r.label)} {muted(f'({r.total} dots' + (', tie)' if r.tied else ')'), pal)}</li>"
            for r in res.items
            if r.total > 0 and r.rank <= top
        ]
        if rows:
            blocks.append(
                f"<p style='margin-bottom:0px'><b>{esc(res.topic_title)}</b></p><ol>{''.join(rows)}</ol>"
            )
    if not blocks:
        return f"<p>{muted('No vote revealed yet.', pal)}</p>"
    return "".join(blocks)


def rating_html(ow: OpenWorkshop, pal: Palette, size: int, *, inline: bool = False) -> str:
    avg = ow.feedback.average()
    n = len(ow.feedback.entries())
    if avg is None:
        return f"<p>{muted('No feedback yet.', pal)}</p>"
    stars = "\u2605" * round(avg) + "\u2606" * (5 - round(avg))
    big = round(size * (1.3 if inline else 1.8))
    label = "Feedback " if inline else ""
    return (
        f'<p style="margin-top:0px">{label}'
        f'<span style="font-size:{big}px; font-weight:bold">{avg:.1f}</span> / 5 '
        f'<span style="color:{pal.amber}; font-size:{round(size * 1.3)}px">{stars}</span> '
        f"{muted(f'from {n} ' + ('person' if n == 1 else 'people'), pal)}</p>"
    )


def winners_inline_html(ow: OpenWorkshop, pal: Palette) -> str:
    """One line per revealed vote: its topic and the item(s) ranked first."""
    lines = []
    for _rnd, res in ow.voting.results_by_round():
        top = [r for r in res.items if res.revealed and r.total > 0 and r.rank == 1]
        if top:
            names = " / ".join(esc(r.label) for r in top)
            dots = muted(f"({top[0].total} dots" + (", tie)" if len(top) > 1 else ")"), pal)
            lines.append(f"<p style='margin-top:0px'><b>{esc(res.topic_title)}:</b> {names} {dots}</p>")
    return "".join(lines) or f"<p>{muted('No vote revealed yet.', pal)}</p>"


def rocks_html(
    ow: OpenWorkshop, pal: Palette, size: int, *, compact: bool = False, one_line: bool = False
) -> str:
    rocks = ow.rocks.rocks()
    if not rocks:
        return f"<p>{muted('No rocks yet.', pal)}</p>"
    items = []
    for rock in rocks:
        owner = (
            esc(rock.owner.name)
            if rock.owner is not None
            else f'<span style="color:{pal.red}">no owner</span>'
        )
        due = f" by {rock.due_date.isoformat()}" if rock.due_date else ""
        if compact:  # the wall: the numbers, not the metric's long name
            unit = f" {rock.metric_unit}" if rock.metric_unit else ""
            numbers = f"{rock.metric_baseline or '?'} \u2192 {rock.metric_target or '?'}{unit}"
            metric = numbers if (rock.metric_baseline or rock.metric_target) else ""
        else:
            metric = metric_text(rock)
        detail = (esc(metric) + due) if metric else f'<span style="color:{pal.red}">no target metric</span>'
        if one_line:
            items.append(f"<b>{esc(rock.title)}</b> \u00b7 {owner}")
        else:
            items.append(f"<b>{esc(rock.title)}</b><br>{detail} \u00b7 {owner}")
    return "<ol>" + "".join(f"<li>{x}</li>" for x in items) + "</ol>"


def decisions_list_html(ow: OpenWorkshop, pal: Palette, limit: int, *, latest: bool = False) -> str:
    decisions = ow.minutes.entries(MinutesKind.DECISION.value)
    if not decisions:
        return f"<p>{muted('No decisions recorded.', pal)}</p>"
    texts = [esc(d.text) for d in decisions]
    if latest and len(texts) > limit:  # the newest ones, and how many came before
        earlier = len(texts) - limit
        return f"<p style='margin:0px'>{muted(f'{earlier} earlier decision(s), then:', pal)}</p>" + _limited(
            texts[-limit:], limit, pal, "decisions"
        )
    return _limited(texts, limit, pal, "decisions")


def open_actions_html(ow: OpenWorkshop, pal: Palette, limit: int) -> str:
    actions = [a for a in ow.actions.actions() if a.status in OPEN]
    if not actions:
        return f"<p>{muted('No open actions.', pal)}</p>"
    actions.sort(key=lambda a: (a.due_date is None, a.due_date, a.position, a.id))
    items = []
    for a in actions:
        owner = esc(a.owner.name) if a.owner is not None else f'<span style="color:{pal.red}">no owner</span>'
        due = a.due_date.isoformat() if a.due_date else f'<span style="color:{pal.red}">no date</span>'
        tail = f"\u2014 {owner}, {due}"
        items.append(f"{esc(a.text)} {muted(tail, pal)}")
    return _limited(items, limit, pal, "open actions")


def summary_html(ow: OpenWorkshop, pal: Palette, size: int, *, wall: bool = False, limit: int = 4) -> str:
    w = ow.workshop()
    companies = " \u00d7 ".join(x for x in (w.supplier_name, w.customer_name) if x)
    head = (
        f'<div style="font-size:{round(size * 1.6)}px; font-weight:bold">{esc(w.title)}</div>'
        + (f'<div style="color:{pal.muted}">{esc(companies)}</div>' if companies else "")
        + f'<p style="margin-top:{size // 2}px">{counts_html(ow, pal, size)}</p>'
    )
    if not wall:
        n_open = sum(1 for a in ow.actions.actions() if a.status in OPEN)
        return (
            head
            + _section("Vote winners", size)
            + winners_html(ow, pal, size)
            + _section("Feedback", size)
            + rating_html(ow, pal, size)
            + _section("Rocks", size, f" {muted(f'({ow.rocks.limit_text()})', pal)}")
            + rocks_html(ow, pal, size)
            + _section("Decisions", size)
            + decisions_list_html(ow, pal, 100)
            + _section("Open actions", size, f" {muted(f'({n_open})', pal)}")
            + open_actions_html(ow, pal, 100)
        )
    # the wall: the rating under the counts, then three columns: the winner(s) of each vote, the
    # rocks, the latest decisions and the most urgent open actions; ``level`` 0-3 trades detail for room
    level = max(0, min(3, limit))
    shown = (4, 3, 2, 1)[level]
    n_open = sum(1 for a in ow.actions.actions() if a.status in OPEN)
    head += rating_html(ow, pal, size, inline=True)
    first = _section("Vote winners", size) + winners_inline_html(ow, pal)
    second = _section("Rocks", size, f" {muted(f'({ow.rocks.limit_text()})', pal)}") + rocks_html(
        ow, pal, size, compact=True, one_line=level >= 1
    )
    third = (
        _section("Decisions", size)
        + decisions_list_html(ow, pal, shown, latest=True)
        + _section("Open actions", size, f" {muted(f'({n_open})', pal)}")
        + open_actions_html(ow, pal, shown)
    )
    return (
        head + f'<table width="100%" cellspacing="0" cellpadding="{size // 3}"><tr>'
        f'<td width="27%" valign="top">{first}</td><td width="36%" valign="top">{second}</td>'
        f'<td width="37%" valign="top">{third}</td></tr></table>'
    )


class SummaryWallView(FitHtmlView):
    """The summary as large as fits the wall."""

    def __init__(self, ctx: UiContext) -> None:
        super().__init__(
            lambda size, limit: summary_html(self.reads, palette(ctx.theme), size, wall=True, limit=limit),
            ctx,
            max_lines=18,
            limits=(0, 1, 2, 3),  # detail levels, see summary_html
        )
        ctx.workshop_changed.connect(self.rebuild)
