"""The pack's content: plain dataclasses that both renderers read, and date/time formatting.

A ``Report`` holds only strings, numbers and lists, already in the order the pack shows
them. User text is kept exactly as typed; the renderers escape it for their format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from workshop_app.model import ActionStatus, RockStatus
from workshop_app.rules.rocks import MAX_ROCKS

ANONYMOUS = "Anonymous"
NOT_SET = "not set"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ACTION_STATUS_LABELS = {
    ActionStatus.OPEN: "Open",
    ActionStatus.IN_PROGRESS: "In progress",
    ActionStatus.DONE: "Done",
    ActionStatus.CANCELLED: "Cancelled",
}
ROCK_STATUS_LABELS = {
    RockStatus.PROPOSED: "Proposed",
    RockStatus.AGREED: "Agreed",
    RockStatus.IN_PROGRESS: "In progress",
    RockStatus.DONE: "Done",
    RockStatus.DROPPED: "Dropped",
}
#: ``AgendaRow.status`` of an item started but not ended at export.
RUNNING = "Running"
PAUSED = "Paused"
#: ... of an item never started that the day moved on past (``rules.agenda_timing.skipped_items``).
SKIPPED = "Skipped"
#: The tag of a rock whose position is beyond the limit (``RockService.over_limit``), as the app says it.
OVER_LIMIT = f"over the limit of {MAX_ROCKS}"
#: How many open actions the one-page synopsis lists before pointing at the register.
SYNOPSIS_ACTIONS = 5
#: ... decisions (the minutes list them all) and rocks (the Rocks section shows them all): with these
#: budgets the worst realistic synopsis (7 rocks with long titles, many actions and decisions) fits
#: one A4 page.  The vision, objectives, principles and behaviours are shown only here: never cut.
SYNOPSIS_DECISIONS = 5
SYNOPSIS_ROCKS = MAX_ROCKS
#: How many vote results the bar chart shows (the table shows them all).
CHART_ITEMS = 10
#: How many more items tied with the last bar the chart shows rather than leave one out unsaid.
CHART_TIES = 5

# Section titles, shared by both formats (headings, contents, bookmarks).
SYNOPSIS = "Executive synopsis"
AGENDA = "Agenda: planned and actual"
IDEAS = "Ideas by topic"
VOTES = "Vote results"
ROCKS = "Rocks"
INTEREST = "Interest and owners"
MINUTES = "Minutes"
ACTIONS = "Action register"
FEEDBACK = "Feedback"
SECTIONS = (SYNOPSIS, AGENDA, IDEAS, VOTES, ROCKS, INTEREST, MINUTES, ACTIONS, FEEDBACK)


# --- the report --------------------------------------------------------------------


@dataclass(frozen=True)
class Person:
    name: str
    job_title: str
    is_leader: bool


@dataclass(frozen=True)
class Company:
    label: str  # "Northwind Foods (supplier)"
    people: list[Person]


@dataclass(frozen=True)
class Cover:
    title: str
    supplier: str
    customer: str
    dates: str  # "10-11 March 2026" or "" when no day is dated
    location: str
    facilitator: str
    companies: list[Company]


@dataclass(frozen=True)
class BarChart:
    """Data for a horizontal bar chart: one bar per label, longest first."""

    title: str
    labels: list[str]
    values: list[int]
    caption: str = "dots, highest first"


@dataclass(frozen=True)
class SynopsisRock:
    number: int
    title: str
    metric: str  # "Share of shelf: 12% -> 18% (%)" or "no target metric yet"
    due: str
    owner: str  # a name, "suggested: A, B" or "to be agreed"


@dataclass(frozen=True)
class ActionRow:
    text: str
    owner: str
    side: str
    due: str
    status: str
    rock: str


@dataclass(frozen=True)
class Synopsis:
    vision: str
    objectives: list[str]
    rocks: list[SynopsisRock]
    actions: list[ActionRow]  # the first open actions by due date
    more_actions: int  # open actions not listed
    decisions: list[str]  # the first decisions, in the order they were minuted
    principles: list[str] = field(default_factory=list)  # the account-plan frame, as on Setup
    behaviours: list[str] = field(default_factory=list)
    decision_count: int = 0  # all decisions, listed or not
    more_rocks: int = 0  # rocks not listed (beyond the limit)

    @property
    def more_decisions(self) -> int:
        return max(self.decision_count - len(self.decisions), 0)

    def more_rocks_note(self) -> str:
        return (
            f"… and {self.more_rocks} more rock(s) in the Rocks section of the pack."
            if self.more_rocks
            else ""
        )

    def more_decisions_note(self) -> str:
        n = self.more_decisions
        return f"… and {n} more decision(s) in the minutes of the pack." if n else ""

    def ways_of_working(self) -> list[tuple[str, list[str]]]:
        """The frame's principles and behaviours, those with entries (shown side by side)."""
        lists = [("Principles", self.principles), ("Behaviours", self.behaviours)]
        return [(title, items) for title, items in lists if items]


@dataclass(frozen=True)
class AgendaRow:
    planned_start: str  # "09:30"
    actual_start: str  # "09:34", or "" when not run
    title: str
    kind: str
    planned: int  # minutes
    actual: int | None  # minutes run, pauses excluded; None when not run or not ended
    extended: int  # minutes added with +1/+5 during the run (negative: taken off)
    overrun: int  # actual - planned when positive, else 0
    status: str  # "Done", "Running", "Paused" (both: started, not ended at export), "Skipped", "Not run"

    @property
    def unfinished(self) -> bool:
        """Started but not ended when the pack was made: it has no actual length yet."""
        return self.status in (RUNNING, PAUSED)

    def started_text(self) -> str:
        """The table's "Started" cell: the time it started, "skipped", or "—" (still to run)."""
        if self.actual_start:
            return self.actual_start
        return "skipped" if self.status == SKIPPED else "—"

    def extension_note(self) -> str:
        """ "extended by 5 min", "shortened by 10 min" (the timer's +1/+5 and minus), or "" for none."""
        if not self.extended:
            return ""
        return f"{'extended' if self.extended > 0 else 'shortened'} by {abs(self.extended)} min"

    def unfinished_note(self) -> str:
        """ "running at export (started 10:26); not counted", for an unfinished item."""
        return f"{self.status.lower()} at export (started {self.actual_start}); not counted"


@dataclass(frozen=True)
class AgendaDayBlock:
    number: int
    title: str
    date: str
    start_time: str
    rows: list[AgendaRow]
    planned_total: int
    actual_total: int  # of the items that were run and ended
    overrun_total: int
    planned_end: str  # "17:00"
    actual_end: str  # "17:25", or "" when the day has not finished
    running: int = 0  # items started but not ended at export (not in the totals)

    def running_note(self) -> str:
        """ "1 item still running at export, not in the totals", or ""."""
        if not self.running:
            return ""
        items = "1 item" if self.running == 1 else f"{self.running} items"
        return f"{items} still running at export, not in the totals"


@dataclass(frozen=True)
class IdeaLine:
    text: str
    author: str


@dataclass(frozen=True)
class ClusterBlock:
    title: str
    ideas: list[IdeaLine]


@dataclass(frozen=True)
class TopicBlock:
    title: str
    question: str
    clusters: list[ClusterBlock]
    loose: list[IdeaLine]
    idea_count: int


@dataclass(frozen=True)
class VoteRow:
    rank: int
    label: str
    kind: str  # "Cluster" or "Note"
    total: int
    tied: bool
    voters: str  # "Anna Berg 2, Ben Cole 1"


@dataclass(frozen=True)
class VoteBlock:
    topic: str
    round_title: str
    revealed: bool
    rules: str  # "5 dots per person, up to 2 on one item"
    total_dots: int
    voters_done: int  # people who placed all their dots
    voters_total: int
    voters_started: int  # people who placed at least one dot
    rows: list[VoteRow]  # items with dots, ranked
    unvoted: int  # eligible items without a dot
    notes: list[str]
    chart: BarChart

    @property
    def dots_from(self) -> str:
        """'15 dots from 4 of 5 people (3 placed all theirs)'."""
        text = f"{self.total_dots} dots from {self.voters_started} of {self.voters_total} people"
        if self.voters_done != self.voters_started:
            text += f" ({self.voters_done} placed all theirs)"
        return text


@dataclass(frozen=True)
class SmartLine:
    letter: str
    word: str
    ok: bool
    reason: str


@dataclass(frozen=True)
class RiskLine:
    risk: str
    mitigation: str


@dataclass(frozen=True)
class RockBlock:
    number: int
    title: str
    status: str
    scope: str
    metric_name: str
    baseline: str
    target: str
    unit: str
    direction: str  # "up" / "down"
    metric: str  # one line, as in the synopsis
    due: str
    owner: str  # the owner's name, or ""
    suggested: list[str]  # suggested owners from the interest poll
    smart: list[SmartLine]
    smart_missing: str  # "" when all five letters are met
    warnings: list[str]
    risks: list[RiskLine]
    objective: str
    source: str
    actions: list[str]
    over_limit: bool  # its position is beyond the limit, as the Rocks stage shows it


@dataclass(frozen=True)
class InterestRow:
    person: str
    company: str
    levels: list[int | None]  # one per rock; None = not asked / no mark


@dataclass(frozen=True)
class OwnerLine:
    code: str  # "R1"
    rock: str
    owner: str
    suggested: list[str]
    level: str  # label of the highest level given, "" when nobody marked interest


@dataclass(frozen=True)
class InterestBlock:
    codes: list[str]  # "R1".."Rn", the matrix's column heads
    rocks: list[str]
    rows: list[InterestRow]
    owners: list[OwnerLine]
    legend: dict[int, str]
    chart: list[tuple[str, list[int]]]  # per rock code: people at level 1, 2, 3


@dataclass(frozen=True)
class MinutesLine:
    time: str  # "Day 1 10:32"
    kind: str  # MinutesKind value
    label: str  # "Decision"
    text: str


@dataclass(frozen=True)
class MinutesGroup:
    heading: str  # the agenda item, or "Not linked to an agenda item"
    day: str
    lines: list[MinutesLine]


@dataclass(frozen=True)
class FeedbackLine:
    text: str
    who: str


@dataclass(frozen=True)
class FeedbackSummary:
    count: int
    average: float | None
    distribution: list[tuple[int, int]]  # (rating 5..1, how many)
    worked: list[FeedbackLine]
    change: list[FeedbackLine]


@dataclass(frozen=True)
class Report:
    """Everything the pack shows, in the order it shows it."""

    cover: Cover
    generated: str  # "Generated on 12 March 2026 at 17:40 with Planwall"
    synopsis: Synopsis
    agenda: list[AgendaDayBlock]
    topics: list[TopicBlock]
    votes: list[VoteBlock]
    rocks: list[RockBlock]
    interest: InterestBlock
    minutes: list[MinutesGroup]
    parking_lot: list[MinutesLine]
    actions: list[ActionRow]
    feedback: FeedbackSummary
    counts: dict[str, int] = field(default_factory=dict)
    time_zone: str = ""  # "Europe/London (GMT)": the zone every time in the pack is in

    @property
    def title(self) -> str:
        return self.cover.title

    @property
    def agenda_note(self) -> str:
        """The line under the Agenda heading: what the figures mean and which zone times are in."""
        note = (
            "Actual minutes exclude pauses. Overruns are the minutes beyond the plan, including time "
            "added with the extend buttons."
        )
        return f"{note} Times are {self.time_zone}." if self.time_zone else note

    @property
    def companies(self) -> str:
        return " & ".join(x for x in (self.cover.supplier, self.cover.customer) if x)


def rating_chart(fb: FeedbackSummary) -> BarChart:
    """The feedback ratings, 5 to 1, as a bar chart."""
    labels = [f"{n} / 5" for n, _ in fb.distribution]
    return BarChart("Ratings", labels, [k for _, k in fb.distribution], "responses per rating")


# --- formatting ----------------------------------------------------------------------


def fmt_date(d: date | None) -> str:
    return "" if d is None else f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def fmt_date_short(d: date | None) -> str:
    return "" if d is None else f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}"


def date_range(days: list[date]) -> str:
    """ "10 March 2026", "10-11 March 2026", "31 March - 1 April 2026", or dates listed."""
    if not days:
        return ""
    first, last = min(days), max(days)
    if first == last:
        return fmt_date(first)
    if (last - first).days != len(set(days)) - 1:
        return ", ".join(fmt_date(d) for d in sorted(set(days)))
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}-{last.day} {MONTHS[last.month - 1]} {last.year}"
    if first.year == last.year:
        return f"{first.day} {MONTHS[first.month - 1]} - {fmt_date(last)}"
    return f"{fmt_date(first)} - {fmt_date(last)}"


def minutes_of(seconds: float) -> int:
    return int(seconds / 60 + 0.5)


def more_actions_text(n: int) -> str:
    """The synopsis's line under its top actions: how many more are still to do. "Open or in
    progress", as the register counts them apart (it said "more open", counting both)."""
    return f"… and {n} more action(s) still to do (open or in progress) in the action register."
