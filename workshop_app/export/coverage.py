"""Before writing: which items the PDF cannot show as typed.

- characters the PDF font cannot draw (CJK, some emoji): empty boxes;
- right-to-left text (Arabic, Hebrew): reportlab draws it left to right, Arabic letters
  unjoined.  Its own support needs ``rlbidi``, which is not on PyPI, and its shaping
  (uharfbuzz) is experimental, so the pack warns instead.

``check_text(report)`` names every affected item so the facilitator can decide before the
pack is written (the CLI prints the warning and writes; the GUI asks).  Word documents
use the reader's fonts and layout, so they show both correctly (lines the pack composes
around user text, like "name (unit): baseline → target", isolate it: ``text.ltr_range``).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from workshop_app.export.content import Report
from workshop_app.export.fonts import missing_characters
from workshop_app.export.text import excerpt

#: How many affected items a message lists before saying "and N more".
LISTED = 8


@dataclass(frozen=True)
class TextWarning:
    """One item with text the PDF font cannot draw, or that runs right to left."""

    where: str  # "Note in 'Market drivers'"
    text: str  # a one-line excerpt of the item
    missing: str  # the characters the font lacks, each once ("" when none)
    rtl: bool = False  # holds right-to-left script

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


def right_to_left(text: str) -> bool:
    """True when ``text`` holds a letter of a right-to-left script (Hebrew, Arabic, Syriac...)."""
    return any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text if ord(ch) >= 0x590)


def check_text(report: Report) -> list[TextWarning]:
    """The items whose text the PDF cannot show as typed, each once, in pack order."""
    warnings: list[TextWarning] = []
    seen: set[tuple[str, str]] = set()
    for where, text in labelled_texts(report):
        if not text:
            continue
        missing = missing_characters(text)
        rtl = right_to_left(text)
        if not (missing or rtl):
            continue
        key = (where, text)
        if key in seen:
            continue
        seen.add(key)
        warnings.append(TextWarning(where, excerpt(text), missing, rtl))
    return warnings


def _items(warnings: list[TextWarning]) -> str:
    items = "; ".join(w.describe() for w in warnings[:LISTED])
    more = f"; and {len(warnings) - LISTED} more" if len(warnings) > LISTED else ""
    return f"{len(warnings)} item(s): {items}{more}"


def describe_warnings(warnings: list[TextWarning]) -> str:
    """One message for the facilitator: which characters, which items, what happens."""
    parts: list[str] = []
    boxes = [w for w in warnings if w.missing]
    if boxes:
        chars = "".join(dict.fromkeys("".join(w.missing for w in boxes)))
        shown = " ".join(chars[:12]) + (" …" if len(chars) > 12 else "")
        parts.append(
            f"The PDF font cannot draw {len(chars)} character(s) ({shown}) used in {_items(boxes)}. "
            "They print as empty boxes in the PDF; the Word file shows them where the reader has a "
            "suitable font. Retype those items in Latin, Greek or Cyrillic script to avoid this, or "
            "accept the boxes."
        )
    rtl = [w for w in warnings if w.rtl]
    if rtl:
        parts.append(
            f"Right-to-left text (Arabic, Hebrew) is used in {_items(rtl)}. The PDF may show it in "
            "the wrong order, with Arabic letters unjoined; the Word file shows it correctly."
        )
    return " ".join(parts)
