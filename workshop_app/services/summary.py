"""A plain-text summary of a workshop for the CLI: counts, votes, rocks, open actions."""

from __future__ import annotations

from workshop_app.model import ActionStatus
from workshop_app.rules.time_zone import zone_problem
from workshop_app.services.workshop_service import OpenWorkshop


def summary_text(ow: OpenWorkshop) -> str:
    w = ow.workshop()
    lines: list[str] = []
    companies = " x ".join(x for x in (w.supplier_name, w.customer_name) if x)
    lines.append(w.title + (f" ({companies})" if companies else ""))
    days = ow.agenda.days()
    dates = ", ".join(d.date.isoformat() for d in days if d.date is not None)
    zone = f"times in {ow.zone_label()}"
    details = [
        x for x in (dates, w.location, f"facilitated by {w.facilitator}" if w.facilitator else "", zone) if x
    ]
    if details:
        lines.append("; ".join(details))
    problem = zone_problem(w.time_zone)
    if problem:
        lines.append(problem)
    c = ow.counts()
    lines.append("")
    lines.append(
        f"{c['participants']} participants, {c['topics']} topics, "
        f"{c['ideas']} ideas in {c['clusters']} clusters, "
        f"{c['dots']} dots, {c['rocks']} rocks, {c['minutes']} minutes entries, {c['actions']} actions, "
        f"{c['feedback']} feedback"
    )
    for rnd, res in ow.voting.results_by_round():
        state = "revealed" if res.revealed else "not revealed yet"
        lines.append("")
        lines.append(
            f"Vote: {res.topic_title} - {rnd.title} ({state}; {res.total_dots} dots, "
            f"{res.voters_done}/{res.voters_total} people done)"
        )
        for item in res.items:
            if item.total == 0:
                continue
            tie = " (tie)" if item.tied else ""
            kind = "cluster" if item.item.kind == "cluster" else "note"
            lines.append(f"  {item.rank:>2}. {item.total:>3}  {item.label} [{kind}]{tie}")
        lines.extend(f"  note: {n}" for n in res.notes)
    rocks = ow.rocks.rocks()
    if rocks:
        lines.append("")
        lines.append(f"Rocks ({ow.rocks.limit_text()}):")
    for i, rock in enumerate(rocks, 1):
        lines.append(f"  {i}. {rock.title}")
        if rock.metric_name:
            values = (rock.metric_baseline, rock.metric_target)
            has_unit = rock.metric_unit and not any(rock.metric_unit in v for v in values)
            unit = f" {rock.metric_unit}" if has_unit else ""
            due = f" by {rock.due_date.isoformat()}" if rock.due_date else ""
            arrow = "up" if rock.metric_direction == "up" else "down"
            lines.append(
                f"     metric: {rock.metric_name}: {rock.metric_baseline or '?'} -> "
                f"{rock.metric_target or '?'}{unit} ({arrow}){due}"
            )
        else:
            lines.append("     metric: none yet (a rock needs a target metric)")
        check = ow.rocks.smart(rock.id)
        lines.append(f"     SMART: {'all five' if check.ok else 'missing ' + check.missing}")
        owner = rock.owner.name if rock.owner is not None else None
        suggestion = ow.rocks.suggested_owner(rock.id)
        if owner:
            lines.append(f"     owner: {owner}")
        elif suggestion.names:
            lines.append(f"     owner: not set; suggested: {', '.join(suggestion.names)}")
        else:
            lines.append("     owner: not set")
    open_actions = [
        a for a in ow.actions.actions() if a.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
    ]
    if open_actions:
        lines.append("")
        lines.append(f"Open actions ({len(open_actions)}):")
        for a in sorted(open_actions, key=lambda a: (a.due_date is None, a.due_date, a.id)):
            due = a.due_date.isoformat() if a.due_date else "no date"
            owner = a.owner.name if a.owner is not None else "no owner"
            lines.append(f"  - {due}  {a.text} ({owner}, {a.side})")
    return "\n".join(lines) + "\n"
