"""PDF sections 6-10: rocks, interest and owners, minutes, action register, feedback."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportlab.lib.units import mm  # type: ignore[import-untyped, unused-ignore]
from reportlab.platypus import Flowable, KeepTogether, Spacer  # type: ignore[import-untyped, unused-ignore]

from workshop_app.export import content as c
from workshop_app.export import palette
from workshop_app.export.pdf_charts import bar_chart, interest_chart
from workshop_app.export.pdf_layout import CONTENT_W, Styled, TableBuilder, colour, key_values
from workshop_app.export.text import markup

if TYPE_CHECKING:
    from workshop_app.export.pdf_exporter import PdfExporter


def later_sections(x: PdfExporter) -> list[list[Flowable]]:
    return [rocks(x), interest(x), minutes(x), actions(x), feedback(x)]


# --- 6 rocks ---------------------------------------------------------------------------


def rocks(x: PdfExporter) -> list[Flowable]:
    s = x.s
    out: list[Flowable] = [x.h1(c.ROCKS)]
    if not x.r.rocks:
        return [*out, x.muted("No rocks were set.")]
    out.append(
        x.lead(f"{len(x.r.rocks)} rock(s). SMART: Specific, Measurable, Achievable, Relevant, Time-bound.")
    )
    ok_style = s.cell.clone("smart_ok", textColor=colour(palette.OK))
    miss_style = s.cell.clone("smart_miss", textColor=colour(palette.OVER))
    for rock in x.r.rocks:
        head: list[Flowable] = [x.h2(f"Rock {rock.number}: {rock.title}")]
        tags = [rock.status]
        if rock.over_limit:
            tags.append(c.OVER_LIMIT)
        head.append(x.muted(" · ".join(tags)))
        smart: list[Flowable] = []
        for letter in rock.smart:
            if letter.ok:
                smart.append(s.m(f"✓ <b>{letter.letter}</b> {letter.word}", ok_style))
            else:
                smart.append(s.m(f"✗ <b>{letter.letter}</b> {markup(letter.reason)}", miss_style))
        if rock.owner:
            owner: str | Flowable = rock.owner
        elif rock.suggested:
            owner = s.m(
                f"not set · <i>suggested by interest:</i> {markup(', '.join(rock.suggested))}", s.cell
            )
        else:
            owner = s.p("not set", s.cell_muted)
        direction = "should go up" if rock.direction == "up" else "should go down"
        values = f"{rock.baseline or c.NOT_SET} → {rock.target or c.NOT_SET}"
        if rock.unit:
            values += f"  (unit: {rock.unit})"
        pairs: list[tuple[str, str | Flowable | None]] = [
            ("Scope", rock.scope or s.p("not described", s.cell_muted)),
            (
                "Metric",
                (rock.metric_name + f" ({direction})") if rock.metric_name else s.p("none yet", s.cell_muted),
            ),
            ("Baseline → target", values),
            ("Due", rock.due),
            ("Owner", owner),
            ("Joint objective", rock.objective or s.p("not linked", s.cell_muted)),
            ("Source", rock.source),
            ("SMART check", smart),
        ]
        if rock.warnings:
            pairs.append(("Check", [s.p(w, miss_style) for w in rock.warnings]))
        out.append(KeepTogether([*head, key_values(s, pairs)]))
        if rock.risks:
            out.append(x.h3("Risks and mitigations"))
            tb = TableBuilder(s, ["Risk", "Mitigation"], [CONTENT_W / 2, CONTENT_W / 2])
            for risk in rock.risks:
                tb.row([risk.risk, risk.mitigation or s.p("none agreed yet", s.cell_muted)])
            out.append(tb.build())
        if rock.actions:
            out.append(x.h3("Linked actions"))
            out += x.bullets(rock.actions)
        out.append(Spacer(1, 4 * mm))
    return out


# --- 7 interest --------------------------------------------------------------------------


def interest(x: PdfExporter) -> list[Flowable]:
    s = x.s
    ib = x.r.interest
    out: list[Flowable] = [x.h1(c.INTEREST)]
    if not ib.codes:
        return [*out, x.muted("No rocks were set, so nobody was polled.")]
    legend = " · ".join(f"{n} {label}" for n, label in ib.legend.items())
    out.append(x.muted(f"How much each person wants to work on each rock: {legend}. Empty: not polled."))
    n = len(ib.codes)
    col = max(min((CONTENT_W - 70 * mm) / n, 12 * mm), 8 * mm)
    tb = TableBuilder(s, ["Person", *ib.codes], [CONTENT_W - col * n] + [col] * n, zebra=False)
    group_style = s.cell_bold.clone("company", textColor=colour(palette.ACCENT))
    level_styles = [
        s.cell_center.clone(
            f"lvl{lvl}", textColor=colour(palette.INTEREST_TEXT[lvl]), fontName=s.cell_bold.fontName
        )
        for lvl in range(4)
    ]
    company = None
    for row in ib.rows:
        if row.company != company:
            company = row.company
            tb.row([s.p(company, group_style), *([None] * n)], span=True, fill=palette.ZEBRA)
            tb.keep_with_next()
        cells: list[str | Styled | Flowable | None] = [row.person]
        cells += ["" if level is None else Styled(str(level), level_styles[level]) for level in row.levels]
        tb.row(cells)
        for i, level in enumerate(row.levels):
            if level:
                tb.cell_style("BACKGROUND", 1 + i, colour(palette.INTEREST[level]))
            tb.cell_style("VALIGN", 1 + i, "MIDDLE")
    if not ib.rows:
        tb.row(["Nobody has been polled yet.", *([None] * n)], span=True)
    out.append(tb.build())
    out.append(Spacer(1, 4 * mm))
    out.append(x.h3("Rocks"))
    keys = TableBuilder(s, (), [12 * mm, CONTENT_W - 12 * mm], zebra=False)
    for code, title in zip(ib.codes, ib.rocks, strict=True):
        keys.row([s.m(f"<b>{code}</b>", s.cell), title])
    out.append(keys.build())
    out.append(x.h3("Interest per rock"))
    out.append(interest_chart(ib.chart, ib.rocks, ib.legend, CONTENT_W))
    out.append(x.h3("Owners"))
    tb = TableBuilder(
        s,
        ["Rock", "Owner", "Suggested by interest", "Highest level"],
        [CONTENT_W - 110 * mm, 35 * mm, 45 * mm, 30 * mm],
    )
    for o in ib.owners:
        owner = o.owner or s.p("not set", s.cell_muted)
        suggested = ", ".join(o.suggested) or s.p("nobody yet", s.cell_muted)
        tb.row([s.m(f"<b>{o.code}</b> {markup(o.rock)}", s.cell), owner, suggested, o.level])
    out.append(tb.build())
    return out


# --- 8 minutes ----------------------------------------------------------------------------


def minutes(x: PdfExporter) -> list[Flowable]:
    s = x.s
    out: list[Flowable] = [x.h1(c.MINUTES)]
    decisions = sum(1 for g in x.r.minutes for line in g.lines if line.kind == "decision")
    count = sum(len(g.lines) for g in x.r.minutes)
    out.append(x.lead(f"{count} entries by agenda item; the {decisions} decision(s) are highlighted."))
    if x.r.minutes:
        mark = s.cell_bold.clone("decision", textColor=colour(palette.DECISION_MARK))
        group_style = s.cell_bold.clone("group", textColor=colour(palette.ACCENT))
        tb = TableBuilder(s, ["Time", "Kind", "Entry"], [24 * mm, 20 * mm, CONTENT_W - 44 * mm], zebra=False)
        for group in x.r.minutes:
            day = (
                f" <font color='#{palette.MUTED}' size='7.5'>· {markup(group.day)}</font>"
                if group.day
                else ""
            )
            tb.row([s.m(markup(group.heading) + day, group_style), None, None], span=True, fill=palette.ZEBRA)
            tb.keep_with_next()
            for line in group.lines:
                if line.kind == "decision":
                    tb.row(
                        [line.time, Styled(line.label, mark), line.text],
                        fill=palette.DECISION,
                        style=s.cell_bold,
                    )
                else:
                    tb.row([line.time, Styled(line.label, s.cell_muted), line.text])
        out.append(tb.build())
    else:
        out.append(x.muted("No minutes were recorded."))
    out.append(x.h2("Parking lot"))
    if x.r.parking_lot:
        tb = TableBuilder(s, ["Time", "Item"], [24 * mm, CONTENT_W - 24 * mm])
        for line in x.r.parking_lot:
            tb.row([line.time, line.text])
        out.append(tb.build())
    else:
        out.append(x.muted("Nothing was parked."))
    return out


# --- 9 actions ----------------------------------------------------------------------------


def actions(x: PdfExporter) -> list[Flowable]:
    out: list[Flowable] = [x.h1(c.ACTIONS)]
    if not x.r.actions:
        return [*out, x.muted("No actions were recorded.")]
    counts: dict[str, int] = {}
    for a in x.r.actions:
        counts[a.status] = counts.get(a.status, 0) + 1
    summary = ", ".join(f"{n} {status.lower()}" for status, n in counts.items())
    out.append(x.lead(f"{len(x.r.actions)} action(s): {summary}. Sorted by due date."))
    out.append(x.action_table(x.r.actions))
    return out


# --- 10 feedback ---------------------------------------------------------------------------


def feedback(x: PdfExporter) -> list[Flowable]:
    s = x.s
    fb = x.r.feedback
    out: list[Flowable] = [x.h1(c.FEEDBACK)]
    if not fb.count:
        return [*out, x.muted("No closing feedback was recorded.")]
    avg = f"{fb.average:.1f}".rstrip("0").rstrip(".") if fb.average is not None else "-"
    out.append(s.m(f"{avg} <font size='11' color='#{palette.MUTED}'>/ 5</font>", s.big))
    out.append(x.muted(f"Average rating from {fb.count} response(s)."))
    out.append(KeepTogether([Spacer(1, 2 * mm), bar_chart(c.rating_chart(fb), CONTENT_W * 0.7)]))
    out.append(x.h3("What worked"))
    if fb.worked:
        out += x.bullets([f.text for f in fb.worked], [f.who for f in fb.worked])
    else:
        out.append(x.muted("Nothing recorded."))
    out.append(x.h3("What to change"))
    if fb.change:
        out += x.bullets([f.text for f in fb.change], [f.who for f in fb.change])
    else:
        out.append(x.muted("Nothing recorded."))
    return out
