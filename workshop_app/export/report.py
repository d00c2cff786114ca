"""Build the pack's content (a ``Report``, see ``content.py``) from an open workshop.

``build_report(ow)`` reads everything the pack shows (sections 1-10 of the pack)
into a ``Report`` that holds only strings, numbers and lists: the Word and PDF
exporters render the same ``Report``, so both formats always say the same thing,
and the GUI can build it in a worker from a read-only snapshot of the file.
User text is kept exactly as typed; only the renderers escape it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from workshop_app.export.content import (
    ACTION_STATUS_LABELS,
    ANONYMOUS,
    CHART_ITEMS,
    CHART_TIES,
    NOT_SET,
    PAUSED,
    ROCK_STATUS_LABELS,
    RUNNING,
    SKIPPED,
    SYNOPSIS_ACTIONS,
    SYNOPSIS_DECISIONS,
    SYNOPSIS_ROCKS,
    ActionRow,
    AgendaDayBlock,
    AgendaRow,
    BarChart,
    ClusterBlock,
    Company,
    Cover,
    FeedbackLine,
    FeedbackSummary,
    IdeaLine,
    InterestBlock,
    InterestRow,
    MinutesGroup,
    MinutesLine,
    OwnerLine,
    Person,
    Report,
    RiskLine,
    RockBlock,
    SmartLine,
    Synopsis,
    SynopsisRock,
    TopicBlock,
    VoteBlock,
    VoteRow,
    date_range,
    fmt_date,
    fmt_date_short,
    minutes_of,
)
from workshop_app.export.text import isolated, ltr_range
from workshop_app.model import (
    AGENDA_KIND_LABELS,
    MINUTES_KIND_LABELS,
    ActionItem,
    ActionStatus,
    FrameKind,
    Idea,
    MinutesKind,
    Side,
)
from workshop_app.rules import agenda_timing as timing
from workshop_app.rules import interest as interest_rules
from workshop_app.services.agenda_service import item_timing
from workshop_app.services.workshop_service import OpenWorkshop

# --- building --------------------------------------------------------------------------


class _Builder:
    """Reads one open workshop into a Report; one method per section."""

    def __init__(self, ow: OpenWorkshop) -> None:
        self.ow = ow
        self.w = ow.workshop()
        self.room = ow.workshop_time()  # every time in the pack is the room's
        self.people = ow.setup.participants()
        self.names = {p.id: p.name for p in self.people}
        self.side_labels = {
            Side.SUPPLIER.value: self.w.supplier_name or "Supplier",
            Side.CUSTOMER.value: self.w.customer_name or "Customer",
            Side.JOINT.value: "Joint",
            Side.FACILITATION.value: "Facilitation",
        }
        self.rock_list = ow.rocks.rocks()
        self.rock_titles = {r.id: r.title for r in self.rock_list}
        self.days = ow.agenda.days()
        self.day_of_item = {i.id: d.day_number for d in self.days for i in d.items}
        self.suggestions = {r.id: ow.rocks.suggested_owner(r.id) for r in self.rock_list}
        self.agreed_on = self.workshop_day()

    def workshop_day(self) -> date:
        """The day the pack judges the rocks' due dates against: the workshop's last day.

        The pack records what the workshop agreed, so a due date is "in the past" only if it
        was already past when the room agreed it, never because the pack was exported later.
        The last day (the date it ran, else its planned date) rather than the day each rock was
        last changed: a rock keeps no time of its last change, and a rock agreed on day 1 may
        be refined until the end.  Exported before that day (a pre-read, or during the
        workshop) the room's today is used, as the live check does; an undated workshop that
        never ran is judged against the day it was created.
        """
        today = self.room.today(self.ow.clock.now())
        dates = [d for day in self.days if (d := self.ow.agenda.began_on(day) or day.date) is not None]
        last = max(dates) if dates else self.room.today(self.w.created_at)
        return min(last, today)

    def name(self, participant_id: int | None) -> str:
        if participant_id is None:
            return ANONYMOUS
        return self.names.get(participant_id, ANONYMOUS)

    # --- 1 cover ----------------------------------------------------------------

    def cover(self) -> Cover:
        w = self.w
        companies: list[Company] = []
        for side, suffix in (
            (Side.SUPPLIER, "supplier"),
            (Side.CUSTOMER, "customer"),
            (Side.FACILITATION, ""),
        ):
            people = [Person(p.name, p.job_title, p.is_leader) for p in self.people if p.side == side]
            if not people:
                continue
            label = self.side_labels[side.value]
            if suffix and label.casefold() != suffix:
                label = f"{label} ({suffix})"
            companies.append(Company(label, people))
        dates = [d.date for d in self.days if d.date is not None]
        return Cover(
            title=w.title,
            supplier=w.supplier_name,
            customer=w.customer_name,
            dates=date_range(dates),
            location=w.location,
            facilitator=w.facilitator,
            companies=companies,
        )

    # --- 2 synopsis -------------------------------------------------------------

    def metric_line(self, name: str, baseline: str, target: str, unit: str) -> str:
        """ "Promotional ROI (£ per £1): 0.8 → 1.3"; the unit is left out when the values carry it."""
        if not (name or baseline or target):
            return "no target metric yet"
        # Isolated, so that an Arabic or Hebrew name does not turn "10 → 20" round in Word
        # (the marks are invisible; the PDF drops them, see ``text.without_isolates``).
        values = ltr_range(baseline or NOT_SET, target or NOT_SET)
        label = isolated(name) if name else "Metric"
        if unit and unit not in baseline and unit not in target:
            label += f" ({isolated(unit)})"
        return f"{label}: {values}"

    def owner_text(self, rock_id: int, owner_id: int | None) -> str:
        if owner_id is not None:
            return self.name(owner_id)
        names = self.suggestions[rock_id].names
        return f"suggested: {', '.join(names)}" if names else "to be agreed"

    def synopsis(self, actions: list[ActionRow], open_count: int) -> Synopsis:
        rocks = [
            SynopsisRock(
                number=i,
                title=r.title,
                metric=self.metric_line(r.metric_name, r.metric_baseline, r.metric_target, r.metric_unit),
                due=fmt_date_short(r.due_date) or NOT_SET,
                owner=self.owner_text(r.id, r.owner_id),
            )
            for i, r in enumerate(self.rock_list[:SYNOPSIS_ROCKS], 1)
        ]
        decisions = [m.text for m in self.ow.minutes.entries(MinutesKind.DECISION)]
        return Synopsis(
            vision=self.w.vision,
            objectives=[f.text for f in self.ow.setup.frame_items(FrameKind.OBJECTIVE)],
            rocks=rocks,
            actions=actions[:SYNOPSIS_ACTIONS],
            more_actions=max(open_count - SYNOPSIS_ACTIONS, 0),
            decisions=decisions[:SYNOPSIS_DECISIONS],
            principles=[f.text for f in self.ow.setup.frame_items(FrameKind.PRINCIPLE)],
            behaviours=[f.text for f in self.ow.setup.frame_items(FrameKind.BEHAVIOUR)],
            decision_count=len(decisions),
            more_rocks=max(len(self.rock_list) - SYNOPSIS_ROCKS, 0),
        )

    # --- 3 agenda -----------------------------------------------------------------

    def agenda(self) -> list[AgendaDayBlock]:
        now = self.ow.clock.now()
        blocks = []
        for day in self.days:
            proj = self.ow.agenda.projection(day)
            rows = []
            actual_total = overrun_total = 0
            running = 0
            for item, p in zip(day.items, proj.items, strict=True):
                t = item_timing(item)
                # Only an ended item has an actual length: one still running (or paused) at export
                # would count up to the export time, days or months after the workshop.
                has_ended = item.started_at is not None and item.ended_at is not None
                actual = minutes_of(timing.elapsed_seconds(t, now)) if has_ended else None
                overrun = max(actual - item.planned_minutes, 0) if actual is not None else 0
                actual_total += actual or 0
                overrun_total += overrun
                if item.started_at is None and p.skipped:
                    status = SKIPPED
                elif item.started_at is None:
                    status = "Not run"
                elif item.ended_at is not None:
                    status = "Done"
                else:
                    running += 1
                    status = PAUSED if timing.is_paused(t) else RUNNING
                rows.append(
                    AgendaRow(
                        planned_start=self.room.clock_text(p.planned_start),
                        actual_start=self.room.clock_text(item.started_at),
                        title=item.title,
                        kind=_label(AGENDA_KIND_LABELS, item.kind),
                        planned=item.planned_minutes,
                        actual=actual,
                        extended=item.extra_minutes,
                        overrun=overrun,
                        status=status,
                    )
                )
            finished = bool(day.items) and all(i.ended_at is not None for i in day.items)
            ended = [i.ended_at for i in day.items if i.ended_at is not None]
            blocks.append(
                AgendaDayBlock(
                    number=day.day_number,
                    title=day.title,
                    date=fmt_date(day.date),
                    start_time=day.start_time,
                    rows=rows,
                    planned_total=sum(i.planned_minutes for i in day.items),
                    actual_total=actual_total,
                    overrun_total=overrun_total,
                    planned_end=self.room.clock_text(proj.planned_end),
                    actual_end=self.room.clock_text(max(ended)) if finished and ended else "",
                    running=running,
                )
            )
        return blocks

    # --- 4 ideas ------------------------------------------------------------------

    def topics(self) -> list[TopicBlock]:
        blocks = []
        for topic in self.ow.board.topics():
            ideas = self.ow.board.ideas(topic.id)
            by_cluster: dict[int | None, list[Idea]] = {}
            for i in ideas:
                by_cluster.setdefault(i.cluster_id, []).append(i)
            clusters = []
            for c in self.ow.board.clusters(topic.id):
                members = by_cluster.get(c.id, [])
                members.sort(key=lambda i: (not i.is_heading, i.position, i.id))
                clusters.append(
                    ClusterBlock(c.title, [IdeaLine(i.text, self.name(i.author_id)) for i in members])
                )
            loose = [IdeaLine(i.text, self.name(i.author_id)) for i in ideas if i.cluster_id is None]
            blocks.append(TopicBlock(topic.title, topic.question, clusters, loose, len(ideas)))
        return blocks

    # --- 5 votes --------------------------------------------------------------------

    def votes(self) -> list[VoteBlock]:
        blocks = []
        for rnd, res in self.ow.voting.results_by_round():
            rows = [
                VoteRow(
                    rank=it.rank,
                    label=it.label,
                    kind="Cluster" if it.item.kind == "cluster" else "Note",
                    total=it.total,
                    tied=it.tied,
                    voters=", ".join(
                        f"{n} {c}" for n, c in sorted(it.voters.items(), key=lambda x: (-x[1], x[0]))
                    ),
                )
                for it in res.items
                if it.total > 0
            ]
            dots = "dot" if rnd.votes_per_person == 1 else "dots"
            if not rnd.allow_multiple:
                rule = f"{rnd.votes_per_person} {dots} per person, one per item"
            elif rnd.per_item_cap:
                rule = f"{rnd.votes_per_person} {dots} per person, up to {rnd.per_item_cap} on one item"
            else:
                rule = f"{rnd.votes_per_person} {dots} per person, several allowed on one item"
            chart = vote_chart(f"{res.topic_title}: {rnd.title}", rows)
            blocks.append(
                VoteBlock(
                    topic=res.topic_title,
                    round_title=rnd.title,
                    revealed=res.revealed,
                    rules=rule,
                    total_dots=res.total_dots,
                    voters_done=res.voters_done,
                    voters_total=res.voters_total,
                    voters_started=res.voters_started,
                    rows=rows,
                    unvoted=len(res.items) - len(rows),
                    notes=list(res.notes),
                    chart=chart,
                )
            )
        return blocks

    # --- 6 rocks --------------------------------------------------------------------

    def rock_source(self, rock_id: int) -> str:
        rock = next(r for r in self.rock_list if r.id == rock_id)
        from workshop_app.model import Cluster, Idea

        if rock.source_cluster_id is not None:
            cluster = self.ow.store.session.get(Cluster, rock.source_cluster_id)
            if cluster is not None:
                return f"Cluster '{cluster.title}' ({cluster.topic.title})"
        if rock.source_idea_id is not None:
            idea = self.ow.store.session.get(Idea, rock.source_idea_id)
            if idea is not None:
                return f"Note '{idea.text}' ({idea.topic.title})"
        if rock.source_text:
            return f"'{rock.source_text}' (no longer on the board)"
        return "Added directly"

    def rocks(self, actions: list[ActionItem]) -> list[RockBlock]:
        blocks = []
        for i, r in enumerate(self.rock_list, 1):
            check = self.ow.rocks.smart(r.id, as_of=self.agreed_on)
            blocks.append(
                RockBlock(
                    number=i,
                    title=r.title,
                    status=_label(ROCK_STATUS_LABELS, r.status),
                    scope=r.scope,
                    metric_name=r.metric_name,
                    baseline=r.metric_baseline,
                    target=r.metric_target,
                    unit=r.metric_unit,
                    direction=r.metric_direction,
                    metric=self.metric_line(r.metric_name, r.metric_baseline, r.metric_target, r.metric_unit),
                    due=fmt_date(r.due_date) or NOT_SET,
                    owner=self.name(r.owner_id) if r.owner_id is not None else "",
                    suggested=list(self.suggestions[r.id].names),
                    smart=[SmartLine(x.letter, x.word, x.ok, x.reason) for x in check.letters],
                    smart_missing=check.missing,
                    warnings=list(check.warnings),
                    risks=[RiskLine(k.risk, k.mitigation) for k in r.risks],
                    objective=r.objective.text if r.objective is not None else "",
                    source=self.rock_source(r.id),
                    actions=[a.text for a in actions if a.rock_id == r.id],
                    over_limit=self.ow.rocks.over_limit(i),
                )
            )
        return blocks

    # --- 7 interest -------------------------------------------------------------------

    def interest(self) -> InterestBlock:
        matrix = self.ow.rocks.interest_matrix()
        codes = [f"R{i}" for i in range(1, len(self.rock_list) + 1)]
        # Grouped by company (supplier, customer, then anyone else), in the service's order within one.
        order = {Side.SUPPLIER.value: 0, Side.CUSTOMER.value: 1}
        pollees = sorted(self.ow.rocks.pollees(), key=lambda p: order.get(p.side, 2))
        rows = [
            InterestRow(
                p.name,
                self.side_labels.get(p.side, p.side),
                [matrix.get((p.id, r.id)) for r in self.rock_list],
            )
            for p in pollees
        ]
        owners = []
        chart = []
        for code, r in zip(codes, self.rock_list, strict=True):
            s = self.suggestions[r.id]
            owners.append(
                OwnerLine(
                    code=code,
                    rock=r.title,
                    owner=self.name(r.owner_id) if r.owner_id is not None else "",
                    suggested=list(s.names),
                    level=interest_rules.LEVELS[s.level] if s.level > 0 else "",
                )
            )
            levels = [lvl for (_, rid), lvl in matrix.items() if rid == r.id]
            chart.append((code, [sum(1 for lvl in levels if lvl == n) for n in (1, 2, 3)]))
        return InterestBlock(
            codes=codes,
            rocks=[r.title for r in self.rock_list],
            rows=rows,
            owners=owners,
            legend=dict(interest_rules.LEVELS),
            chart=chart,
        )

    def zone_label(self) -> str:
        """The room's zone on the workshop's days: "Europe/London (GMT)"; "Europe/London (GMT,
        then BST)" for a workshop across the change to summer time."""
        starts = [self.ow.agenda.day_start(day) for day in self.days] or [self.ow.clock.now()]
        label = self.room.label(starts[0])
        shorts = list(dict.fromkeys(self.room.short_name(when) for when in starts))
        if len(shorts) > 1 and self.room.zone is not None:
            label = f"{self.room.name} ({', then '.join(shorts)})"
        if self.room.name and self.room.zone is None:
            label += (
                f", because the workshop's time zone '{self.room.name}' is not known to the computer "
                "that made this pack"
            )
        return label

    # --- 8 minutes ----------------------------------------------------------------------

    def minutes(self) -> tuple[list[MinutesGroup], list[MinutesLine]]:
        entries = self.ow.minutes.entries()
        by_item: dict[int | None, list[MinutesLine]] = {}
        parking: list[MinutesLine] = []
        for m in entries:
            day = self.day_of_item.get(m.agenda_item_id) if m.agenda_item_id is not None else None
            stamp = self.room.clock_text(m.created_at)
            line = MinutesLine(
                time=f"Day {day} {stamp}" if day is not None else stamp,
                kind=m.kind,
                label=_label(MINUTES_KIND_LABELS, m.kind),
                text=m.text,
            )
            if m.kind == MinutesKind.PARKING_LOT:
                parking.append(line)
            else:
                by_item.setdefault(m.agenda_item_id, []).append(line)
        groups = []
        for d in self.days:
            for item in d.items:
                if item.id in by_item:
                    day_label = f"Day {d.day_number}" + (f", {fmt_date_short(d.date)}" if d.date else "")
                    groups.append(MinutesGroup(item.title, day_label, by_item[item.id]))
        if None in by_item:
            groups.append(MinutesGroup("Not linked to an agenda item", "", by_item[None]))
        return groups, parking

    # --- 9 actions ------------------------------------------------------------------------

    def action_row(self, a: ActionItem) -> ActionRow:
        status = _label(ACTION_STATUS_LABELS, a.status)
        return ActionRow(
            text=a.text,
            owner=self.name(a.owner_id) if a.owner_id is not None else "not assigned",
            side=self.side_labels.get(a.side, a.side),
            due=fmt_date_short(a.due_date) or "no date",
            status=status,
            rock=self.rock_titles.get(a.rock_id, "") if a.rock_id is not None else "",
        )

    # --- 10 feedback ------------------------------------------------------------------------

    def feedback(self) -> FeedbackSummary:
        entries = self.ow.feedback.entries()
        ratings = [f.rating for f in entries]
        return FeedbackSummary(
            count=len(entries),
            average=sum(ratings) / len(ratings) if ratings else None,
            distribution=[(n, ratings.count(n)) for n in (5, 4, 3, 2, 1)],
            worked=[FeedbackLine(f.worked, self.name(f.participant_id)) for f in entries if f.worked],
            change=[FeedbackLine(f.change, self.name(f.participant_id)) for f in entries if f.change],
        )


def vote_chart(title: str, rows: list[VoteRow]) -> BarChart:
    """The top ``CHART_ITEMS`` results, with every item tied with the last bar (up to ``CHART_TIES``
    more; a larger tie is left to the table, never cut arbitrarily); the caption says how many
    results only the table shows."""
    top = rows[:CHART_ITEMS]
    caption = "dots, highest first"
    if top:
        last = top[-1].total
        tied = [r for r in rows[CHART_ITEMS:] if r.total == last]
        if len(tied) <= CHART_TIES:
            top += tied
        elif any(r.total != last for r in top):
            top = [r for r in top if r.total != last]  # not an arbitrary few of a large tie
        else:
            caption += f"; {len(top) + len(tied)} items tie at {last} dot(s)"
    if len(rows) > len(top):
        caption += f"; the top {len(top)} of {len(rows)}, the table below lists all"
    return BarChart(title, [r.label for r in top], [r.total for r in top], caption)


def _label(labels: Mapping[Any, str], value: str) -> str:
    """The label of a stored enum value (StrEnum keys match their plain strings)."""
    return labels.get(value, value)


def sort_actions(actions: list[ActionItem]) -> list[ActionItem]:
    """By due date (undated last), then in the register's own order."""
    return sorted(actions, key=lambda a: (a.due_date is None, a.due_date or date.min, a.position, a.id))


def build_report(ow: OpenWorkshop) -> Report:
    """Read the whole workshop into a Report (read-only: nothing is changed)."""
    b = _Builder(ow)
    actions = sort_actions(ow.actions.actions())
    rows = [b.action_row(a) for a in actions]
    open_rows = [
        r
        for a, r in zip(actions, rows, strict=True)
        if a.status in (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)
    ]
    minutes, parking = b.minutes()
    now = b.room.local(ow.clock.now())
    return Report(
        cover=b.cover(),
        generated=f"Generated on {fmt_date(now.date())} at {now.strftime('%H:%M')} with Planwall",
        synopsis=b.synopsis(open_rows, len(open_rows)),
        agenda=b.agenda(),
        topics=b.topics(),
        votes=b.votes(),
        rocks=b.rocks(actions),
        interest=b.interest(),
        minutes=minutes,
        parking_lot=parking,
        actions=rows,
        feedback=b.feedback(),
        counts=ow.counts(),
        time_zone=b.zone_label(),
    )
