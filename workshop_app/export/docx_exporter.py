"""Render a Report as a Word document with real styles, a contents field and page numbers.

Sections 6-10 (rocks, interest, minutes, actions, feedback) live in ``docx_sections``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable

import docx
from docx.document import Document
from docx.enum.section import WD_ORIENT
from docx.shared import Mm
from lxml import etree  # type: ignore[import-untyped, unused-ignore]

from workshop_app.export import content as c
from workshop_app.export import palette
from workshop_app.export.content import Report, more_actions_text
from workshop_app.export.docx_charts import bar_chart_png
from workshop_app.export.docx_xml import (
    Cell,
    DocxTable,
    Para,
    Run,
    install_styles,
    save_with_body,
    simple_field,
    t,
    toc,
    twips,
)
from workshop_app.export.text import xml_safe

Step = Callable[[float, str], None]
CONTENT_MM = 170.0  # A4 minus 20 mm margins
MUTED = palette.MUTED


class DocxExporter:
    """``DocxExporter(report).write(path, step)``; ``step(fraction, text)`` may raise to cancel."""

    def __init__(self, report: Report, *, synopsis_only: bool = False) -> None:
        self.r = report
        self.synopsis_only = synopsis_only
        self.doc: Document = docx.Document()
        self.parts: list[str] = []

    # --- helpers ----------------------------------------------------------------------

    def add(self, *xml: str) -> None:
        self.parts.extend(xml)

    def h1(self, text: str) -> None:
        self.add(Para([text], style="Heading1").xml())

    def h2(self, text: str) -> None:
        self.add(Para([text], style="Heading2").xml())

    def h3(self, text: str) -> None:
        self.add(Para([text], style="Heading3").xml())

    def text(self, text: str, *, muted: bool = False, italic: bool = False, keep_next: bool = False) -> None:
        """User text as one paragraph, literally."""
        run = Run(text, italic=italic, colour=MUTED if muted else None, size=8.5 if muted else None)
        self.add(Para([run], keep_next=keep_next).xml())

    def muted(self, text: str, keep_next: bool = False) -> None:
        self.add(Para([Run(text, colour=MUTED, size=8.5)], keep_next=keep_next).xml())

    def bullets(self, items: list[str], who: list[str] | None = None) -> None:
        for n, item in enumerate(items):
            runs: list[Run | str] = [item]
            if who is not None and who[n]:
                runs.append(Run(f" — {who[n]}", colour=MUTED, size=8.5))
            self.add(Para(runs, style="ListBullet").xml())

    def picture(self, png: bytes, width_mm: float) -> None:
        inline = self.doc.part.new_pic_inline(io.BytesIO(png), width=Mm(width_mm))
        drawing = etree.tostring(inline, encoding="unicode")
        self.add(Para(extra=f"<w:r><w:drawing>{drawing}</w:drawing></w:r>", space_after=4).xml())

    # --- the whole document ---------------------------------------------------------------

    def _page_setup(self) -> None:
        section = self.doc.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
        section.left_margin = section.right_margin = Mm(20)
        section.top_margin = Mm(20 if self.synopsis_only else 24)
        section.bottom_margin = Mm(18 if self.synopsis_only else 20)
        section.header_distance, section.footer_distance = Mm(10), Mm(10)
        section.different_first_page_header_footer = not self.synopsis_only
        tabs = (
            f'<w:tabs><w:tab w:val="clear" w:pos="4680"/><w:tab w:val="clear" w:pos="9360"/>'
            f'<w:tab w:val="right" w:pos="{twips(CONTENT_MM)}"/></w:tabs>'
        )
        rule = f'<w:pBdr><w:bottom w:val="single" w:sz="4" w:space="4" w:color="{palette.RULE}"/></w:pBdr>'
        header = (
            f'<w:p><w:pPr><w:pStyle w:val="Header"/>{rule}{tabs}</w:pPr>'
            f"{Run(self.r.title, bold=True).xml()}<w:r><w:tab/></w:r>{Run(self.r.companies).xml()}</w:p>"
        )
        footer = (
            f'<w:p><w:pPr><w:pStyle w:val="Footer"/>{tabs}</w:pPr>{Run(self.r.generated).xml()}'
            f"<w:r><w:tab/></w:r><w:r>{t('Page ')}</w:r>{simple_field('PAGE')}<w:r>{t(' of ')}</w:r>"
            f"{simple_field('NUMPAGES')}</w:p>"
        )
        for part, xml in ((section.header, header), (section.footer, footer)):
            element = part._element
            for p in list(element):
                element.remove(p)
            element.append(etree.fromstring(f"<w:root {_ns()}>{xml}</w:root>")[0])
        props = self.doc.core_properties
        props.title = xml_safe(self.r.title)[:255]
        props.author = xml_safe(self.r.cover.facilitator or "Planwall")[:255]
        props.subject = "Workshop synopsis" if self.synopsis_only else "Workshop pack"
        props.comments = xml_safe(self.r.generated)

    def build(self, step: Step | None = None) -> None:
        def progress(fraction: float, text: str) -> None:
            if step is not None:
                step(fraction, text)

        install_styles(self.doc, sections_on_new_page=not self.synopsis_only, compact=self.synopsis_only)
        self._page_setup()
        if self.synopsis_only:
            self.title_block()
            self.synopsis(heading_style="Heading2")
        else:
            from workshop_app.export import docx_sections

            self.cover()
            sections = (
                self.synopsis,
                self.agenda,
                self.ideas,
                self.votes,
                *docx_sections.later_sections(self),
            )
            for n, section in enumerate(sections):
                progress(0.1 + 0.7 * n / len(sections), "Writing the Word document…")
                section()

    def write(self, path: str | os.PathLike[str], step: Step | None = None) -> None:
        self.build(step)
        if step is not None:
            step(0.85, "Saving the Word document…")
        save_with_body(self.doc, self.parts, path)
        if step is not None:
            step(1.0, "Word document written")

    # --- 1 cover ----------------------------------------------------------------------------

    def cover(self) -> None:
        cv = self.r.cover
        self.add(Para(space_after=60).xml())
        self.add(Para([Run("WORKSHOP PACK", bold=True, colour=MUTED, size=8)], space_after=2).xml())
        self.add(Para([cv.title], style="Title").xml())
        if self.r.companies:
            self.add(Para([self.r.companies], style="Subtitle").xml())
        self.add(Para(space_after=12).xml())
        details = [
            (k, v)
            for k, v in (("Dates", cv.dates), ("Location", cv.location), ("Facilitator", cv.facilitator))
            if v
        ]
        if details:
            tb = DocxTable((), (28, CONTENT_MM - 28), banded=False)
            for label, value in details:
                tb.row([Run(label, colour=MUTED), value])
            self.add(tb.xml())
        firms = [co for co in cv.companies if co.people]
        if firms:
            self.add(Para(space_after=12).xml())
            self.add(Para([Run("PARTICIPANTS", bold=True, colour=MUTED, size=8)], space_after=2).xml())
            width = CONTENT_MM / len(firms)
            tb = DocxTable([co.label for co in firms], [width] * len(firms), banded=False, rules=False)
            for n in range(max(len(co.people) for co in firms)):
                row: list[Cell] = []
                for co in firms:
                    if n >= len(co.people):
                        row.append(None)
                        continue
                    p = co.people[n]
                    runs: list[Run | str] = [Run(p.name, bold=True)]
                    if p.is_leader:
                        runs.append(Run(" (lead)", colour=MUTED))
                    person = [Para(runs)]
                    if p.job_title:
                        person.append(Para([Run(p.job_title, colour=MUTED)], space_after=3))
                    row.append(person)
                tb.row(row)
            self.add(tb.xml())
        self.add(Para(space_after=24).xml())
        self.muted(self.r.generated)
        contents = Run("Contents", bold=True, colour=palette.ACCENT, size=18)
        self.add(Para([contents], style="TOCHeading", page_break_before=True, space_after=8).xml())
        entries: list[tuple[int, str]] = [(0, title) for title in c.SECTIONS]
        self.add(toc(entries))
        self.muted(
            "Page numbers appear when Word updates the contents (it offers to on opening; "
            "or right-click the list and choose Update Field)."
        )

    def title_block(self) -> None:
        self.add(Para([Run(self.r.title, bold=True, colour=palette.ACCENT, size=18)], space_after=2).xml())
        line = " · ".join(x for x in (self.r.companies, self.r.cover.dates, self.r.cover.location) if x)
        if line:
            self.add(Para([Run(line, colour=MUTED, size=10)], space_after=4).xml())

    # --- 2 synopsis ----------------------------------------------------------------------------

    def synopsis(self, heading_style: str = "Heading1") -> None:
        sy = self.r.synopsis
        self.add(Para([c.SYNOPSIS], style=heading_style).xml())
        self.h3("Shared vision")
        if sy.vision:
            self.text(sy.vision)
        else:
            self.muted("No shared vision was recorded.")
        if sy.objectives:
            self.h3("Joint objectives")
            self.bullets(sy.objectives)
        lists = [] if self.synopsis_only else sy.ways_of_working()  # side by side, as in the PDF
        if lists:
            tb = DocxTable(
                [t for t, _ in lists], [CONTENT_MM / len(lists)] * len(lists), banded=False, rules=False
            )
            for n in range(max(len(items) for _, items in lists)):
                tb.row(
                    [Para([items[n]], style="ListBullet") if n < len(items) else None for _, items in lists]
                )
            self.add(tb.xml())
        self.h3(f"Rocks ({len(sy.rocks) + sy.more_rocks})")
        if sy.rocks:
            # The metric under the title in one wide column, as in the PDF: fewer wrapped lines.
            tb = DocxTable(["#", "Rock and target metric", "Due", "Owner"], (7, CONTENT_MM - 69, 22, 40))
            for rock in sy.rocks:
                suggested = rock.owner.startswith(("suggested", "to be"))
                tb.row(
                    [
                        str(rock.number),
                        [Para([Run(rock.title, bold=True)]), Para([Run(rock.metric, colour=MUTED)])],
                        rock.due,
                        Run(rock.owner, colour=MUTED if suggested else None),
                    ]
                )
            self.add(tb.xml())
            if sy.more_rocks:
                self.muted(sy.more_rocks_note())
        else:
            self.muted("No rocks were set.")
        self.h3("Top actions")
        if sy.actions:
            self.action_table(sy.actions, compact=True)
            if sy.more_actions:
                self.muted(more_actions_text(sy.more_actions))
        else:
            self.muted("No actions still to do.")
        self.h3(f"Decisions ({sy.decision_count})")
        if sy.decisions:
            self.bullets(sy.decisions)
            if sy.more_decisions:
                self.muted(sy.more_decisions_note())
        else:
            self.muted("No decisions were recorded.")

    def action_table(self, rows: list[c.ActionRow], compact: bool = False) -> None:
        if compact:
            tb = DocxTable(["Due", "Action", "Owner", "Status"], (22, CONTENT_MM - 84, 40, 22))
            for a in rows:
                tb.row([a.due, a.text, a.owner, a.status])
        else:
            tb = DocxTable(
                ["Due", "Action", "Owner (side)", "Status", "Rock"], (23, CONTENT_MM - 117, 38, 20, 36)
            )
            for a in rows:
                faded = MUTED if a.status in ("Done", "Cancelled") else None
                owner = [Para([Run(a.owner, colour=faded)]), Para([Run(a.side, colour=MUTED, size=7.5)])]
                tb.row([a.due, a.text, owner, a.status, a.rock], colour=faded)
        self.add(tb.xml())

    # --- 3 agenda -----------------------------------------------------------------------------------

    def agenda(self) -> None:
        self.h1(c.AGENDA)
        self.muted(self.r.agenda_note)
        if not self.r.agenda:
            self.muted("The agenda is empty.")
        for day in self.r.agenda:
            self.h2(day.title if day.title.lower().startswith("day") else f"Day {day.number}: {day.title}")
            facts = [day.date, f"planned {day.start_time}-{day.planned_end}"]
            if day.actual_end:
                facts.append(f"actual end {day.actual_end}")
            facts.append(day.running_note())
            self.muted(" · ".join(x for x in facts if x), keep_next=True)
            tb = DocxTable(
                ["Start", "Started", "Item", "Kind", "Planned", "Actual", "Overrun"],
                (14, 16, CONTENT_MM - 123, 29, 20, 20, 24),
                right=(4, 5, 6),
            )
            for row in day.rows:
                item = [Para([row.title])]
                if row.extended:
                    item.append(Para([Run(row.extension_note(), colour=MUTED, size=7.5)]))
                if row.unfinished:
                    item.append(Para([Run(row.unfinished_note(), colour=MUTED, size=7.5)]))
                actual = "—" if row.actual is None else f"{row.actual} min"
                over = (
                    Para([Run(f"+{row.overrun} min", bold=True, colour=palette.OVER)], align="right")
                    if row.overrun
                    else ""
                )
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
            total_over = (
                Para([Run(f"+{day.overrun_total} min", bold=True, colour=palette.OVER)], align="right")
                if day.overrun_total
                else ""
            )
            tb.row(
                ["", "", "Day total", "", f"{day.planned_total} min", f"{day.actual_total} min", total_over],
                bold=True,
                fill=palette.ACCENT_LIGHT,
            )
            self.add(tb.xml())

    # --- 4 ideas ---------------------------------------------------------------------------------------

    def ideas(self) -> None:
        self.h1(c.IDEAS)
        total = sum(tp.idea_count for tp in self.r.topics)
        clusters = sum(len(tp.clusters) for tp in self.r.topics)
        self.muted(
            f"{total} notes on {len(self.r.topics)} topic(s), grouped in {clusters} cluster(s). "
            "Notes written anonymously stay anonymous."
        )
        for topic in self.r.topics:
            self.h2(topic.title)
            if topic.question:
                self.text(topic.question, muted=True, italic=True, keep_next=True)
            if not topic.idea_count:
                self.muted("No notes were captured for this topic.")
                continue
            tb = DocxTable(["Note", "Author"], (CONTENT_MM - 42, 42), banded=False)
            groups = [(cl.title, cl.ideas) for cl in topic.clusters]
            if topic.loose:
                groups.append(("", topic.loose))
            for title, ideas in groups:
                count = f"{len(ideas)} note" + ("" if len(ideas) == 1 else "s")
                tb.row(
                    [
                        Para(
                            [
                                Run(title or "Not in a cluster", bold=True, colour=palette.ACCENT),
                                Run(f"  · {count}", colour=MUTED, size=7.5),
                            ],
                            keep_next=True,
                        )
                    ],
                    span=True,
                    fill=palette.ZEBRA,
                )
                for idea in ideas:
                    tb.row(
                        [idea.text, Run(idea.author, colour=MUTED if idea.author == c.ANONYMOUS else None)]
                    )
            self.add(tb.xml())

    # --- 5 votes ------------------------------------------------------------------------------------------

    def votes(self) -> None:
        self.h1(c.VOTES)
        if not self.r.votes:
            self.muted("No dot vote was held.")
        for v in self.r.votes:
            self.h2(f"{v.topic}: {v.round_title}")
            facts = [v.rules, v.dots_from]
            if not v.revealed:
                facts.append("not revealed in the room")
            self.muted(" · ".join(facts), keep_next=True)
            if v.chart.values:
                self.picture(bar_chart_png(v.chart, CONTENT_MM / 25.4 * 72), CONTENT_MM)
            if v.rows:
                tb = DocxTable(
                    ["Rank", "Item", "Type", "Dots", "Voters (dots)"],
                    (12, 62, 16, 12, CONTENT_MM - 102),
                    right=(3,),
                )
                for row in v.rows:
                    label = Run(row.label, bold=True) if row.kind == "Cluster" else row.label
                    tb.row(
                        [
                            f"={row.rank}" if row.tied else str(row.rank),
                            label,
                            row.kind,
                            str(row.total),
                            row.voters,
                        ]
                    )
                self.add(tb.xml())
            else:
                self.muted("No dots were placed.")
            if v.unvoted:
                self.muted(f"{v.unvoted} other item(s) received no dots.")
            for note in v.notes:
                self.text(note, muted=True, italic=True)


def _ns() -> str:
    from docx.oxml.ns import nsdecls

    return nsdecls("w", "r")
