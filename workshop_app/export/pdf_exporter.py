"""Render a Report as an A4 PDF: cover, synopsis and the nine sections, with bookmarks.

The later sections (rocks, interest, minutes, actions, feedback) live in ``pdf_sections``.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from reportlab.lib.units import mm  # type: ignore[import-untyped, unused-ignore]
from reportlab.platypus import (  # type: ignore[import-untyped, unused-ignore]
    Flowable,
    KeepInFrame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Spacer,
)

from workshop_app.export import content as c
from workshop_app.export import palette
from workshop_app.export.content import Report, more_actions_text
from workshop_app.export.pdf_charts import bar_chart
from workshop_app.export.pdf_flow import Para
from workshop_app.export.pdf_layout import (
    CONTENT_W,
    Heading,
    PackDocument,
    Styled,
    Styles,
    TableBuilder,
    colour,
    key_values,
)
from workshop_app.export.text import markup, without_isolates

Step = Callable[[float, str], None]


#: Room for the synopsis under its heading on a body page, and what a synopsis-only title block takes.
SYNOPSIS_HEIGHT = 680.0
TITLE_BLOCK_HEIGHT = 75.0
#: The synopsis is shrunk to fit one page down to this scale; longer ones flow onto a second page.
MIN_SCALE = 0.66


def needed_height(flowables: list[Flowable], width: float) -> float:
    total = 0.0
    for f in flowables:
        _, h = f.wrap(width, 100_000)
        total += h + f.getSpaceBefore() + f.getSpaceAfter()
    return total


class PdfExporter:
    """``PdfExporter(report).write(path, step)``; ``step(fraction, text)`` may raise to cancel."""

    def __init__(self, report: Report, *, synopsis_only: bool = False) -> None:
        self.r = report
        self.synopsis_only = synopsis_only
        self.s = Styles()
        self._keys = 0

    # --- helpers --------------------------------------------------------------------

    def key(self) -> str:
        self._keys += 1
        return f"s{self._keys}"

    def h1(self, text: str) -> Heading:
        return Heading(text, self.s.h1, 0, self.key())

    def h2(self, text: str, outline: bool = True) -> Flowable:
        if outline:
            return Heading(text, self.s.h2, 1, self.key())
        return self.s.p(text, self.s.h2)

    def h3(self, text: str) -> Flowable:
        return self.s.p(text, self.s.h3)

    def muted(self, text: str) -> Flowable:
        return self.s.p(text, self.s.small)

    def after_table(self, text: str) -> Flowable:
        """A muted remark right under a table."""
        return self.s.p(text, self.s.after_table)

    def lead(self, text: str) -> Flowable:
        """A muted line right under a heading, kept on the same page as what follows."""
        return self.s.p(text, self.s.lead)

    def bullets(self, items: list[str], extra: list[str] | None = None) -> list[Flowable]:
        """A bulleted list of user text; ``extra`` adds a muted suffix to each item (e.g. who said it)."""
        return [self.bullet(text, extra[n] if extra else "") for n, text in enumerate(items)]

    def bullet(self, text: str, extra: str = "", small: bool = False) -> Flowable:
        """One bulleted item of user text; ``small``: in a table cell's size."""
        own = markup(text)
        if extra:
            own += f" <font color='#{palette.MUTED}' size='8'>— {markup(extra)}</font>"
        base = self.s.cell if small else self.s.body
        style = base.clone(
            "bullet",
            leftIndent=10 if small else 12,
            bulletIndent=0 if small else 2,
            bulletFontName=base.fontName,
        )
        if not small:
            style.spaceAfter = 3
        return Para(own, style, bulletText="•")

    # --- the whole document ---------------------------------------------------------

    def story(self) -> list[Flowable]:
        if self.synopsis_only:
            return [*self.title_block(), *self.synopsis(heading=False)]
        from workshop_app.export.pdf_sections import later_sections

        story: list[Flowable] = [NextPageTemplate("body"), *self.cover()]
        for part in (self.synopsis(), self.agenda(), self.ideas(), self.votes(), *later_sections(self)):
            story.append(PageBreak())
            story.extend(part)
        return story

    def write(self, path: str | os.PathLike[str], step: Step | None = None) -> None:
        def progress(fraction: float, text: str) -> None:
            if step is not None:
                step(fraction, text)

        progress(0.0, "Laying out the PDF…")
        story = self.story()
        total = max(len(story), 1)
        done = [0]

        def on_flowable() -> None:
            done[0] += 1
            if done[0] % 10 == 0:
                progress(0.2 + 0.8 * min(done[0] / total, 1.0), "Laying out the PDF…")

        doc = PackDocument(
            os.fspath(path),
            title=self.r.title,
            header_right=self.r.companies,
            footer_left=self.r.generated,
            author=self.r.cover.facilitator or "Planwall",
            on_flowable=on_flowable,
            cover=not self.synopsis_only,
        )
        progress(0.2, "Laying out the PDF…")
        doc.build_story(story)
        progress(1.0, "PDF written")

    # --- 1 cover ------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        cv = self.r.cover
        s = self.s
        out: list[Flowable] = [Spacer(1, 28 * mm), s.m("WORKSHOP PACK", s.label), s.p(cv.title, s.title)]
        if self.r.companies:
            out.append(s.p(self.r.companies, s.subtitle))
        out.append(Spacer(1, 10 * mm))
        details = [
            (label, value)
            for label, value in (
                ("Dates", cv.dates),
                ("Location", cv.location),
                ("Facilitator", cv.facilitator),
            )
            if value
        ]
        if details:
            out.append(key_values(s, details, 28 * mm))
        if cv.companies:
            out += [Spacer(1, 10 * mm), s.m("PARTICIPANTS", s.label), Spacer(1, 2 * mm)]
            firms = [co for co in cv.companies if co.people]
            width = CONTENT_W / max(len(firms), 1)
            tb = TableBuilder(s, [co.label for co in firms], [width] * len(firms), zebra=False, rules=False)
            job = s.cell_muted.clone("job", spaceAfter=3)
            for n in range(max(len(co.people) for co in firms)):
                row: list[list[Flowable] | None] = []
                for co in firms:
                    if n >= len(co.people):
                        row.append(None)
                        continue
                    p = co.people[n]
                    lead = f" <font color='#{palette.MUTED}'>(lead)</font>" if p.is_leader else ""
                    person: list[Flowable] = [s.m(f"<b>{markup(p.name)}</b>{lead}", s.cell)]
                    if p.job_title:
                        person.append(s.p(p.job_title, job))
                    row.append(person)
                tb.row(row)
            out.append(tb.build())
        out += [Spacer(1, 12 * mm), self.muted(self.r.generated)]
        return out

    def title_block(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [s.p(self.r.title, s.title.clone("t2", fontSize=20, leading=25))]
        line = " · ".join(x for x in (self.r.companies, self.r.cover.dates, self.r.cover.location) if x)
        if line:
            out.append(s.p(line, s.subtitle.clone("s2", fontSize=11, leading=15)))
        out.append(Spacer(1, 4 * mm))
        return out

    # --- 2 synopsis ------------------------------------------------------------------------

    def synopsis(self, heading: bool = True) -> list[Flowable]:
        """The one-page synopsis: shrunk onto the page when that keeps it readable (down to MIN_SCALE).

        When it must shrink, it is laid out on a proportionally wider page first, so that once
        scaled it still fills the width.
        """
        head: Flowable = self.h1(c.SYNOPSIS) if heading else Heading(c.SYNOPSIS, self.s.h2, 0, self.key())
        room = SYNOPSIS_HEIGHT - (0 if heading else TITLE_BLOCK_HEIGHT)
        body = self.synopsis_body(CONTENT_W)
        needed = needed_height(body, CONTENT_W)
        if needed <= room:
            return [head, *body]
        # Whether it fits at the smallest scale, laid out as wide as that scale allows.
        if needed_height(self.synopsis_body(CONTENT_W / MIN_SCALE), CONTENT_W / MIN_SCALE) * MIN_SCALE > room:
            return [head, *self.synopsis_body(CONTENT_W)]
        scale = room / needed
        for _ in range(3):  # wider layout -> fewer wrapped lines -> a larger scale: settle it
            body = self.synopsis_body(CONTENT_W / scale)
            scale = max(min(room / needed_height(body, CONTENT_W / scale), 1.0), MIN_SCALE)
        return [head, KeepInFrame(0, 0, self.synopsis_body(CONTENT_W / scale), mode="shrink")]

    def synopsis_body(self, width: float) -> list[Flowable]:
        sy = self.r.synopsis
        s = self.s
        out: list[Flowable] = [self.h3("Shared vision")]
        out += s.paras(sy.vision) if sy.vision else [self.muted("No shared vision was recorded.")]
        if sy.objectives:
            out.append(self.h3("Joint objectives"))
            out += self.bullets(sy.objectives)
        lists = [] if self.synopsis_only else sy.ways_of_working()
        if lists:
            # Side by side and small, so the pack's synopsis still fits one page; the one-page
            # synopsis alone leaves them to the pack (the complete sample would need two pages).
            tb = TableBuilder(
                s, [t for t, _ in lists], [width / len(lists)] * len(lists), zebra=False, rules=False
            )
            for n in range(max(len(items) for _, items in lists)):
                tb.row([self.bullet(items[n], small=True) if n < len(items) else None for _, items in lists])
            out.append(tb.build())
        out.append(self.h3(f"Rocks ({len(sy.rocks) + sy.more_rocks})"))
        if sy.rocks:
            # The metric under the title in one wide column: long titles wrap to two lines, not five.
            tb = TableBuilder(
                s,
                ["#", "Rock and target metric", "Due", "Owner"],
                [w * width / CONTENT_W for w in (7 * mm, CONTENT_W - 69 * mm, 22 * mm, 40 * mm)],
            )
            for rock in sy.rocks:
                owner = s.p(
                    rock.owner, s.cell_muted if rock.owner.startswith(("suggested", "to be")) else s.cell
                )
                tb.row(
                    [
                        str(rock.number),
                        [
                            s.m(f"<b>{markup(rock.title)}</b>", s.cell),
                            s.p(without_isolates(rock.metric), s.cell_muted),
                        ],
                        rock.due,
                        owner,
                    ]
                )
            out.append(tb.build())
            if sy.more_rocks:
                out.append(self.after_table(sy.more_rocks_note()))
        else:
            out.append(self.muted("No rocks were set."))
        out.append(self.h3("Top actions"))
        if sy.actions:
            out.append(self.action_table(sy.actions, compact=True, width=width))
            if sy.more_actions:
                out.append(self.after_table(more_actions_text(sy.more_actions)))
        else:
            out.append(self.muted("No actions still to do."))
        out.append(self.h3(f"Decisions ({sy.decision_count})"))
        out += self.bullets(sy.decisions) if sy.decisions else [self.muted("No decisions were recorded.")]
        if sy.more_decisions:
            out.append(self.muted(sy.more_decisions_note()))
        return out

    def action_table(
        self, rows: list[c.ActionRow], compact: bool = False, width: float = CONTENT_W
    ) -> Flowable:
        s = self.s
        if compact:
            tb = TableBuilder(
                s,
                ["Due", "Action", "Owner", "Status"],
                [w * width / CONTENT_W for w in (22 * mm, CONTENT_W - 84 * mm, 40 * mm, 22 * mm)],
            )
            for a in rows:
                tb.row([a.due, a.text, a.owner, a.status])
            return tb.build()
        tb = TableBuilder(
            s,
            ["Due", "Action", "Owner (side)", "Status", "Rock"],
            [23 * mm, CONTENT_W - 117 * mm, 38 * mm, 20 * mm, 36 * mm],
        )
        for a in rows:
            faded = a.status in ("Done", "Cancelled")
            style = s.cell_muted if faded else s.cell
            owner = [s.p(a.owner, style), s.p(a.side, s.cell_muted.clone("side", fontSize=7.5))]
            tb.row([a.due, a.text, owner, a.status, a.rock], style=style)
        return tb.build()

    # --- 3 agenda -----------------------------------------------------------------------------

    def agenda(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [self.h1(c.AGENDA)]
        out.append(self.muted(self.r.agenda_note))
        if not self.r.agenda:
            out.append(self.muted("The agenda is empty."))
        for day in self.r.agenda:
            title = day.title if day.title.lower().startswith("day") else f"Day {day.number}: {day.title}"
            out.append(self.h2(title))
            facts = [day.date, f"planned {day.start_time}-{day.planned_end}"]
            if day.actual_end:
                facts.append(f"actual end {day.actual_end}")
            facts.append(day.running_note())
            out.append(self.lead(" · ".join(x for x in facts if x)))
            tb = TableBuilder(
                s,
                ["Start", "Started", "Item", "Kind", "Planned", "Actual", "Overrun"],
                [14 * mm, 16 * mm, CONTENT_W - 123 * mm, 29 * mm, 20 * mm, 20 * mm, 24 * mm],
                right=(4, 5, 6),
            )
            over_style = s.cell_right.clone(
                "over", textColor=colour(palette.OVER), fontName=s.cell_bold.fontName
            )
            for row in day.rows:
                item: list[Flowable] = [s.p(row.title, s.cell)]
                if row.extended:
                    item.append(s.p(row.extension_note(), s.cell_muted.clone("ext", fontSize=7.5)))
                if row.unfinished:
                    item.append(s.p(row.unfinished_note(), s.cell_muted.clone("run", fontSize=7.5)))
                actual = "—" if row.actual is None else f"{row.actual} min"
                over: str | Flowable = s.p(f"+{row.overrun} min", over_style) if row.overrun else ""
                tb.row(
                    [
                        row.planned_start,
                        row.started_text(),
                        item,
                        row.kind,
                        f"{row.planned} min",
                        actual,
                        over,
                    ]
                )
            total_over = s.p(f"+{day.overrun_total} min", over_style) if day.overrun_total else ""
            tb.row(
                ["", "", "Day total", "", f"{day.planned_total} min", f"{day.actual_total} min", total_over],
                bold=True,
                fill=palette.ACCENT_LIGHT,
            )
            out.append(tb.build())
        return out

    # --- 4 ideas --------------------------------------------------------------------------------

    def ideas(self) -> list[Flowable]:
        s = self.s
        total = sum(t.idea_count for t in self.r.topics)
        clusters = sum(len(t.clusters) for t in self.r.topics)
        out: list[Flowable] = [
            self.h1(c.IDEAS),
            self.lead(
                f"{total} notes on {len(self.r.topics)} topic(s), grouped in {clusters} cluster(s). "
                "Notes written anonymously stay anonymous."
            ),
        ]
        cluster_style = s.cell_bold.clone("cluster", textColor=colour(palette.ACCENT))
        for topic in self.r.topics:
            out.append(self.h2(topic.title))
            if topic.question:
                out.append(s.p(topic.question, s.note.clone("q", keepWithNext=True)))
            if not topic.idea_count:
                out.append(self.muted("No notes were captured for this topic."))
                continue
            tb = TableBuilder(s, ["Note", "Author"], [CONTENT_W - 42 * mm, 42 * mm], zebra=False)
            groups = [(cl.title, cl.ideas) for cl in topic.clusters]
            if topic.loose:
                groups.append(("", topic.loose))
            for title, ideas in groups:
                count = f"{len(ideas)} note" + ("" if len(ideas) == 1 else "s")
                head = (
                    f"{markup(title)} <font color='#{palette.MUTED}' size='7.5'>· {count}</font>"
                    if title
                    else f"Not in a cluster <font color='#{palette.MUTED}' size='7.5'>· {count}</font>"
                )
                tb.row([s.m(head, cluster_style), None], span=True, fill=palette.ZEBRA)
                tb.keep_with_next()
                for idea in ideas:
                    author = Styled(idea.author, s.cell_muted if idea.author == c.ANONYMOUS else s.cell)
                    tb.row([idea.text, author])
            out.append(tb.build())
        return out

    # --- 5 votes ----------------------------------------------------------------------------------

    def votes(self) -> list[Flowable]:
        s = self.s
        out: list[Flowable] = [self.h1(c.VOTES)]
        if not self.r.votes:
            out.append(self.muted("No dot vote was held."))
        for v in self.r.votes:
            out.append(self.h2(f"{v.topic}: {v.round_title}"))
            facts = [v.rules, v.dots_from]
            if not v.revealed:
                facts.append("not revealed in the room")
            out.append(self.lead(" · ".join(facts)))
            if v.chart.values:
                out.append(
                    KeepTogether([Spacer(1, 2 * mm), bar_chart(v.chart, CONTENT_W), Spacer(1, 3 * mm)])
                )
            if v.rows:
                tb = TableBuilder(
                    s,
                    ["Rank", "Item", "Type", "Dots", "Voters (dots)"],
                    [12 * mm, 62 * mm, 16 * mm, 12 * mm, CONTENT_W - 102 * mm],
                    right=(3,),
                )
                for row in v.rows:
                    rank = f"={row.rank}" if row.tied else str(row.rank)
                    tb.row(
                        [
                            rank,
                            s.m(f"<b>{markup(row.label)}</b>", s.cell)
                            if row.kind == "Cluster"
                            else row.label,
                            row.kind,
                            str(row.total),
                            row.voters,
                        ]
                    )
                out.append(tb.build())
            else:
                out.append(self.muted("No dots were placed."))
            if v.unvoted:
                out.append(self.after_table(f"{v.unvoted} other item(s) received no dots."))
            for note in v.notes:
                out.append(s.p(note, s.note))
        return out
