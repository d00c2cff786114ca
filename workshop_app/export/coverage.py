"""Before writing: which items hold characters the PDF font cannot draw (CJK, some emoji...).

``check_text(report)`` names every affected item so the facilitator can decide before the
pack is written (the CLI prints the warning and writes; the GUI asks).  Word documents
use the reader's fonts, so only the PDF would show empty boxes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from workshop_app.export.content import Report
from workshop_app.export.fonts import missing_characters
from workshop_app.export.text import excerpt

#: How many affected items a message lists before saying "and N more".
LISTED = 8


@dataclass(frozen=True)
class TextWarning:
    """One item with text the PDF font cannot draw."""

    where: str  # "Note in 'Market drivers'"
    text: str  # a one-line excerpt of the item
    missing: str  # the characters, each once

    def describe(self) -> str:
        return f"{self.where}: '{self.text}'"


def labelled_texts(report: Report) -> Iterator[tuple[str, str]]:
    """Every piece of user text in the report with a name a facilitator recognises."""
    c = report.cover
    for where, text in (
        ("Workshop title", c.title),
        ("Supplier", c.supplier),
        ("Customer", c.customer),
        ("Location", c.location),
        ("Facilitator", c.facilitator),
        ("Vision", report.synopsis.vision),
    ):
        yield where, text
    for company in c.companies:
        for p in company.people:
            yield f"Participant ({company.label})", p.name
            yield f"Job title of {p.name}", p.job_title
    for label, items in (
        ("Objective", report.synopsis.objectives),
        ("Principle", report.synopsis.principles),
        ("Behaviour", report.synopsis.behaviours),
    ):
        for n, text in enumerate(items, 1):
            yield f"{label} {n}", text
    for day in report.agenda:
        yield f"Day {day.number} title", day.title
        for row in day.rows:
            yield f"Agenda item (day {day.number})", row.title
    for topic in report.topics:
        yield "Topic", topic.title
        yield f"Question of topic '{excerpt(topic.title, 30)}'", topic.question
        for cluster in topic.clusters:
            yield f"Cluster in '{excerpt(topic.title, 30)}'", cluster.title
            for idea in cluster.ideas:
                yield f"Note in '{excerpt(topic.title, 30)}'", idea.text
        for idea in topic.loose:
            yield f"Note in '{excerpt(topic.title, 30)}'", idea.text
    for vote in report.votes:
        yield f"Vote round on '{excerpt(vote.topic, 30)}'", vote.round_title
    for rock in report.rocks:
        name = f"Rock {rock.number}"
        yield name, rock.title
        for label, text in (
            ("scope", rock.scope),
            ("metric", rock.metric_name),
            ("baseline", rock.baseline),
            ("target", rock.target),
            ("unit", rock.unit),
        ):
            yield f"{name} {label}", text
        for risk in rock.risks:
            yield f"{name} risk", risk.risk
            yield f"{name} mitigation", risk.mitigation
    for group in report.minutes:
        for line in group.lines:
            yield f"Minutes {line.label.lower()} ({line.time})".replace(" ()", ""), line.text
    for line in report.parking_lot:
        yield "Parking lot", line.text
    for action in report.actions:
        yield "Action", action.text
    for fb in report.feedback.worked:
        yield "Feedback (what worked)", fb.text
    for fb in report.feedback.change:
        yield "Feedback (what to change)", fb.text


def check_text(report: Report) -> list[TextWarning]:
    """The items whose text the PDF font cannot draw, each once, in pack order."""
    warnings: list[TextWarning] = []
    seen: set[tuple[str, str]] = set()
    for where, text in labelled_texts(report):
        if not text:
            continue
        missing = missing_characters(text)
        if not missing:
            continue
        key = (where, text)
        if key in seen:
            continue
        seen.add(key)
        warnings.append(TextWarning(where, excerpt(text), missing))
    return warnings


def describe_warnings(warnings: list[TextWarning]) -> str:
    """One message for the facilitator: which characters, which items, what happens."""
    if not warnings:
        return ""
    chars = "".join(dict.fromkeys("".join(w.missing for w in warnings)))
    shown = " ".join(chars[:12]) + (" …" if len(chars) > 12 else "")
    items = "; ".join(w.describe() for w in warnings[:LISTED])
    more = f"; and {len(warnings) - LISTED} more" if len(warnings) > LISTED else ""
    n = len(warnings)
    return (
        f"The PDF font cannot draw {len(chars)} character(s) ({shown}) used in {n} item(s): {items}{more}. "
        "They print as empty boxes in the PDF; the Word file shows them where the reader has a suitable "
        "font. Retype those items in Latin, Greek or Cyrillic script to avoid this, or accept the boxes."
    )
