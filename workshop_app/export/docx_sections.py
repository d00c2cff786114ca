"""Word sections 6-10: rocks, interest and owners, minutes, action register, feedback."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from workshop_app.export import content as c
from workshop_app.export import palette
from workshop_app.export.docx_charts import bar_chart_png, interest_chart_png
from workshop_app.export.docx_xml import Cell, DocxTable, Para, Run
from workshop_app.export.text import isolated, ltr_range

if TYPE_CHECKING:
    from workshop_app.export.docx_exporter import DocxExporter

CONTENT_MM = 170.0
MUTED = palette.MUTED
PT_PER_MM = 72 / 25.4


def later_sections(x: DocxExporter) -> list[Callable[[], None]]:
    return [
        lambda: rocks(x),
        lambda: interest(x),
        lambda: minutes(x),
        lambda: actions(x),
        lambda: feedback(x),
    ]


def _muted(text: str) -> Run:
    return Run(text, colour=MUTED)


# --- 6 rocks ------------------------------------------------------------------------------


def rocks(x: DocxExporter) -> None:
    x.h1(c.ROCKS)
    if not x.r.rocks:
        x.muted("No rocks were set.")
        return
    x.muted(f"{len(x.r.rocks)} rock(s). SMART: Specific, Measurable, Achievable, Relevant, Time-bound.")
    for rock in x.r.rocks:
        x.h2(f"Rock {rock.number}: {rock.title}")
        tags = [rock.status]
        if rock.over_limit:
            tags.append(c.OVER_LIMIT)
        x.muted(" · ".join(tags), keep_next=True)
        smart = [
            Para([Run(f"✓ {s.letter} ", bold=True, colour=palette.OK), Run(s.word, colour=palette.OK)])
            if s.ok
            else Para(
                [Run(f"✗ {s.letter} ", bold=True, colour=palette.OVER), Run(s.reason, colour=palette.OVER)]
            )
            for s in rock.smart
        ]
        owner: Cell
        if rock.owner:
            owner = rock.owner
        elif rock.suggested:
            owner = Para(
                [
                    _muted("not set · "),
                    Run("suggested by interest: ", italic=True),
                    Run(", ".join(rock.suggested)),
                ]
            )
        else:
            owner = _muted("not set")
        direction = "should go up" if rock.direction == "up" else "should go down"
        values = ltr_range(rock.baseline or c.NOT_SET, rock.target or c.NOT_SET)  # see text.ltr_range
        if rock.unit:
            values += f"  (unit: {isolated(rock.unit)})"
        pairs: list[tuple[str, Cell]] = [
            ("Scope", rock.scope or _muted("not described")),
            ("Metric", f"{rock.metric_name} ({direction})" if rock.metric_name else _muted("none yet")),
            ("Baseline → target", values),
            ("Due", rock.due),
            ("Owner", owner),
            ("Joint objective", rock.objective or _muted("not linked")),
            ("Source", rock.source),
            ("SMART check", smart),
        ]
        if rock.warnings:
            pairs.append(("Check", [Para([Run(w, colour=palette.OVER)]) for w in rock.warnings]))
        tb = DocxTable((), (32, CONTENT_MM - 32), banded=False)
        for label, value in pairs:
            tb.row([_muted(label), value])
        x.add(tb.xml())
        if rock.risks:
            x.h3("Risks and mitigations")
            risks = DocxTable(["Risk", "Mitigation"], (CONTENT_MM / 2, CONTENT_MM / 2))
            for risk in rock.risks:
                risks.row([risk.risk, risk.mitigation or _muted("none agreed yet")])
            x.add(risks.xml())
        if rock.actions:
            x.h3("Linked actions")
            x.bullets(rock.actions)


# --- 7 interest ---------------------------------------------------------------------------


def interest(x: DocxExporter) -> None:
    ib = x.r.interest
    x.h1(c.INTEREST)
    if not ib.codes:
        x.muted("No rocks were set, so nobody was polled.")
        return
    legend = " · ".join(f"{n} {label}" for n, label in ib.legend.items())
    x.muted(f"How much each person wants to work on each rock: {legend}. Empty: not polled.", keep_next=True)
    n = len(ib.codes)
    col = max(min((CONTENT_MM - 70) / n, 12), 8)
    tb = DocxTable(["Person", *ib.codes], [CONTENT_MM - col * n] + [col] * n, banded=False)
    company = None
    for row in ib.rows:
        if row.company != company:
            company = row.company
            tb.row(
                [Para([Run(company, bold=True, colour=palette.ACCENT)], keep_next=True)],
                span=True,
                fill=palette.ZEBRA,
            )
        cells: list[Cell] = [row.person]
        fills: dict[int, str] = {}
        for i, level in enumerate(row.levels):
            if level is None:
                cells.append("")
                continue
            cells.append(
                Para([Run(str(level), bold=True, colour=palette.INTEREST_TEXT[level])], align="center")
            )
            if level:
                fills[1 + i] = palette.INTEREST[level]
        tb.row(cells, fills=fills)
    if not ib.rows:
        tb.row(["Nobody has been polled yet."], span=True)
    x.add(tb.xml())
    x.h3("Rocks")
    keys = DocxTable((), (12, CONTENT_MM - 12), banded=False)
    for code, title in zip(ib.codes, ib.rocks, strict=True):
        keys.row([Run(code, bold=True), title])
    x.add(keys.xml())
    x.h3("Interest per rock")
    x.picture(interest_chart_png(ib.chart, ib.rocks, ib.legend, CONTENT_MM * PT_PER_MM), CONTENT_MM)
    x.h3("Owners")
    owners = DocxTable(
        ["Rock", "Owner", "Suggested by interest", "Highest level"], (CONTENT_MM - 110, 35, 45, 30)
    )
    for o in ib.owners:
        owners.row(
            [
                Para([Run(o.code + " ", bold=True), Run(o.rock)]),
                o.owner or _muted("not set"),
                ", ".join(o.suggested) or _muted("nobody yet"),
                o.level,
            ]
        )
    x.add(owners.xml())


# --- 8 minutes --------------------------------------------------------------------------------


def minutes(x: DocxExporter) -> None:
    x.h1(c.MINUTES)
    decisions = sum(1 for g in x.r.minutes for line in g.lines if line.kind == "decision")
    count = sum(len(g.lines) for g in x.r.minutes)
    x.muted(f"{count} entries by agenda item; the {decisions} decision(s) are highlighted.", keep_next=True)
    if x.r.minutes:
        tb = DocxTable(["Time", "Kind", "Entry"], (24, 20, CONTENT_MM - 44), banded=False)
        for group in x.r.minutes:
            runs: list[Run | str] = [Run(group.heading, bold=True, colour=palette.ACCENT)]
            if group.day:
                runs.append(Run(f"  · {group.day}", colour=MUTED, size=7.5))
            tb.row([Para(runs, keep_next=True)], span=True, fill=palette.ZEBRA)
            for line in group.lines:
                if line.kind == "decision":
                    tb.row(
                        [
                            line.time,
                            Run(line.label, bold=True, colour=palette.DECISION_MARK),
                            Run(line.text, bold=True),
                        ],
                        fill=palette.DECISION,
                    )
                else:
                    tb.row([line.time, _muted(line.label), line.text])
        x.add(tb.xml())
    else:
        x.muted("No minutes were recorded.")
    x.h2("Parking lot")
    if x.r.parking_lot:
        tb = DocxTable(["Time", "Item"], (24, CONTENT_MM - 24))
        for line in x.r.parking_lot:
            tb.row([line.time, line.text])
        x.add(tb.xml())
    else:
        x.muted("Nothing was parked.")


# --- 9 actions ----------------------------------------------------------------------------------


def actions(x: DocxExporter) -> None:
    x.h1(c.ACTIONS)
    if not x.r.actions:
        x.muted("No actions were recorded.")
        return
    counts: dict[str, int] = {}
    for a in x.r.actions:
        counts[a.status] = counts.get(a.status, 0) + 1
    summary = ", ".join(f"{n} {status.lower()}" for status, n in counts.items())
    x.muted(f"{len(x.r.actions)} action(s): {summary}. Sorted by due date.", keep_next=True)
    x.action_table(x.r.actions)


# --- 10 feedback ----------------------------------------------------------------------------------


def feedback(x: DocxExporter) -> None:
    fb = x.r.feedback
    x.h1(c.FEEDBACK)
    if not fb.count:
        x.muted("No closing feedback was recorded.")
        return
    avg = f"{fb.average:.1f}".rstrip("0").rstrip(".") if fb.average is not None else "-"
    x.add(
        Para(
            [Run(avg, bold=True, colour=palette.ACCENT, size=22), Run(" / 5", colour=MUTED, size=11)],
            space_after=0,
        ).xml()
    )
    x.muted(f"Average rating from {fb.count} response(s).")
    x.picture(bar_chart_png(c.rating_chart(fb), CONTENT_MM * 0.7 * PT_PER_MM), CONTENT_MM * 0.7)
    x.h3("What worked")
    if fb.worked:
        x.bullets([f.text for f in fb.worked], [f.who for f in fb.worked])
    else:
        x.muted("Nothing recorded.")
    x.h3("What to change")
    if fb.change:
        x.bullets([f.text for f in fb.change], [f.who for f in fb.change])
    else:
        x.muted("Nothing recorded.")
