"""The timed agenda: days and items, and running the clock (start, pause, extend, next).

Remaining time is always derived from stored timestamps (``rules.agenda_timing``);
a UI timer only asks ``status()`` again.  Every timer action is an undoable change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from workshop_app.errors import AgendaError, InvalidInputError
from workshop_app.model import AGENDA_KIND_LABELS, AgendaDay, AgendaItem, AgendaKind, AgendaPause, Topic
from workshop_app.rules import agenda_timing as timing
from workshop_app.rules.agenda_timing import parse_start_time
from workshop_app.rules.text import clean_optional, clean_required
from workshop_app.services.base import ServiceBase, check_choice, check_int, short

MAX_MINUTES = 24 * 60


def item_timing(item: AgendaItem) -> timing.ItemTiming:
    """The item's timing facts; a cut that would leave less than a minute (a file written before
    the services checked) is read as leaving one."""
    return timing.ItemTiming(
        planned_minutes=item.planned_minutes,
        extra_minutes=max(item.extra_minutes, 1 - item.planned_minutes),
        started_at=item.started_at,
        ended_at=item.ended_at,
        pauses=tuple(timing.Pause(p.started_at, p.ended_at) for p in item.pauses),
    )


@dataclass(frozen=True)
class TimerStatus:
    """Everything the timer display needs, computed for one moment."""

    item_id: int | None
    title: str
    kind: str
    day_number: int | None
    state: timing.TimerState  # NOT_STARTED/RUNNING/PAUSED/AMBER/RED/OVER/DONE
    colour: timing.TimerState  # same, ignoring pause
    remaining_seconds: float
    elapsed_seconds: float
    allowed_seconds: float
    clock_text: str  # "12:05", or "+3:10" when over
    next_title: str
    projected_end: datetime | None  # aware UTC
    planned_end: datetime | None
    late_minutes: int
    late_text: str


AGENDA_TABLES = ("agenda_day", "agenda_item", "agenda_pause")


NO_ITEMS_TITLE = "No agenda yet"
ALL_RUN_TITLE = "Every agenda item has been run or skipped"
# Shown under either title: the way on.
NO_ITEM_HINT = "Add items on the Agenda stage (Ctrl+2) to time the day."
ALL_RUN_MESSAGE = (
    "Every agenda item has been run or skipped. To run one again, select it on the Agenda stage "
    "and press Ctrl+Enter, or add an item there."
)


def _began(item: AgendaItem) -> datetime | None:
    """When the item began (its end, for one ended without a start); None if it has not."""
    return item.started_at or item.ended_at


def _unrun(item: AgendaItem) -> bool:
    return _began(item) is None


def _running(item: AgendaItem) -> bool:
    return item.started_at is not None and item.ended_at is None


class AgendaService(ServiceBase):
    """Edit the agenda and run its timer."""

    # --- reading --------------------------------------------------------

    def days(self) -> list[AgendaDay]:
        # Days, items and pauses in three queries, read again only after one of their tables
        # changed (they stay loaded meanwhile): the timer asks for this four times a second and
        # after every change, and every stage asks on refresh.
        return list(self.standing("days", AGENDA_TABLES, self._read_days))

    def _read_days(self) -> list[AgendaDay]:
        return list(
            self.session.scalars(
                select(AgendaDay)
                .where(AgendaDay.workshop_id == self.workshop_id)
                .order_by(AgendaDay.day_number, AgendaDay.id)
                .options(selectinload(AgendaDay.items).selectinload(AgendaItem.pauses))
            )
        )

    def all_items(self) -> list[AgendaItem]:
        """Every item in running order: day by day, then by position."""
        return [item for day in self.days() for item in day.items]

    def running_item(self, items: list[AgendaItem] | None = None) -> AgendaItem | None:
        """The item started and not ended (the latest started, should there be several)."""
        items = self.all_items() if items is None else items
        running = [i for i in items if i.started_at is not None and i.ended_at is None]
        if not running:
            return None
        return max(running, key=lambda i: i.started_at or datetime.min.replace(tzinfo=UTC))

    def next_item(self, items: list[AgendaItem] | None = None) -> AgendaItem | None:
        """The first item still to run (not started, not skipped) after the running one if any,
        else from the start of the agenda; never one before it."""
        items = self.all_items() if items is None else items
        current = self.running_item(items)
        start = items.index(current) + 1 if current is not None else 0
        skipped = self.skipped_ids()
        return next((i for i in items[start:] if _unrun(i) and i.id not in skipped), None)

    def current_or_next(self, items: list[AgendaItem] | None = None) -> AgendaItem | None:
        items = self.all_items() if items is None else items
        return self.running_item(items) or self.next_item(items)

    def began_on(self, day: AgendaDay) -> date | None:
        """The room's date on which the day's first item began; None before it has begun."""
        began = [when for i in day.items if (when := _began(i)) is not None]
        return self.workshop_time().today(min(began)) if began else None

    def day_over(self, day: AgendaDay, days: list[AgendaDay] | None = None) -> bool:
        """The day is behind us: none of its items is running, and a later day has begun or the
        day began on a date before today (in the room's zone).  Its items never run are skipped."""
        if any(_running(i) for i in day.items):
            return False
        days = self.days() if days is None else days
        if any(not _unrun(i) for d in days if d.day_number > day.day_number for i in d.items):
            return True
        began = self.began_on(day)
        return began is not None and began < self.workshop_time().today(self.clock.now())

    def skipped_ids(self) -> set[int]:
        """The items skipped (``rules.agenda_timing.skipped_items``): shown as skipped, given no
        time, never offered by Start or Next; Ctrl+Enter still starts one on purpose."""
        days = self.days()
        found: set[int] = set()
        for day in days:
            timings = [item_timing(i) for i in day.items]
            flags = timing.skipped_items(timings, day_over=self.day_over(day, days))
            found.update(i.id for i, skipped in zip(day.items, flags, strict=True) if skipped)
        return found

    def date_notice(self) -> str | None:
        """What the facilitator should know when a dated day began today but carries another
        date (a workshop prepared days before, its Day 1 left on the day it was made): its times
        are read from today, and the pack would print the other date.  None when all agree."""
        today = self.workshop_time().today(self.clock.now())
        for day in self.days():
            if day.date is not None and day.date != today and self.began_on(day) == today:
                named = f"'{day.title}'"
                if not day.title.startswith(f"Day {day.day_number}"):
                    named = f"Day {day.day_number} ({named})"
                return (
                    f"{named} is dated {day.date:%a %d %b %Y} but is running "
                    f"today, {today:%a %d %b %Y}: its times are read from today. Change its date on the "
                    "Setup stage (Ctrl+1) so the pack shows the day it ran."
                )
        return None

    def day_start(self, day: AgendaDay) -> datetime:
        """The planned start of a day as aware UTC, from its start time in the room's zone on the
        date it began (so lateness is about the clock, whatever date it was given), else on its
        date, else today."""
        hh, mm = (int(x) for x in day.start_time.split(":"))
        room = self.workshop_time()
        the_date = self.began_on(day) or day.date or room.today(self.clock.now())
        return room.at(the_date, time(hh, mm)).astimezone(UTC)

    def projection(self, day: AgendaDay, *, end_current_now: bool = False) -> timing.DayProjection:
        """The day as planned and as it now looks.  A day not begun is late only on its own date
        (an undated one never): otherwise it is projected as planned."""
        start = self.day_start(day)
        now = self.clock.now()
        if self.began_on(day) is None and day.date != self.workshop_time().today(now):
            now = min(now, start)
        return timing.project_day(
            start,
            [item_timing(i) for i in day.items],
            now,
            end_current_now=end_current_now,
            day_over=self.day_over(day),
        )

    def status(self) -> TimerStatus:
        now = self.clock.now()
        items = self.all_items()
        item = self.current_or_next(items)
        if item is None:
            return TimerStatus(
                None,
                NO_ITEMS_TITLE if not items else ALL_RUN_TITLE,
                "",
                None,
                timing.TimerState.NOT_STARTED,
                timing.TimerState.NOT_STARTED,
                0.0,
                0.0,
                0.0,
                "--:--",
                "",
                None,
                None,
                0,
                "on time",
            )
        t = item_timing(item)
        remaining = timing.remaining_seconds(t, now)
        nxt = self._after(item)
        proj = self.projection(item.day)
        return TimerStatus(
            item_id=item.id,
            title=item.title,
            kind=item.kind,
            day_number=item.day.day_number,
            state=timing.timer_state(t, now),
            colour=timing.timer_colour(t, now),
            remaining_seconds=remaining,
            elapsed_seconds=timing.elapsed_seconds(t, now),
            allowed_seconds=timing.allowed_seconds(t),
            clock_text=timing.format_clock(remaining),
            next_title=nxt.title if nxt is not None else "",
            projected_end=proj.projected_end,
            planned_end=proj.planned_end,
            late_minutes=proj.late_minutes,
            late_text=timing.late_text(proj.late_minutes),
        )

    def coming_up(self, limit: int = 3) -> list[tuple[datetime, str]]:
        """The projected start and title of the next ``limit`` items still to run on the day of
        the running (or next) item, after it: what the wall lists under the timer."""
        current = self.current_or_next()
        if current is None:
            return []
        day = current.day
        proj = self.projection(day)
        after = list(zip(day.items, proj.items, strict=True))[list(day.items).index(current) + 1 :]
        coming = [(p.start, i.title) for i, p in after if _unrun(i) and not p.skipped]
        return coming[:limit]

    def _after(self, item: AgendaItem) -> AgendaItem | None:
        """The item still to run after ``item`` on its day; None after the day's last one."""
        day_items = list(item.day.items)
        skipped = self.skipped_ids()
        later = day_items[day_items.index(item) + 1 :]
        return next((i for i in later if _unrun(i) and i.id not in skipped), None)

    # --- editing days ------------------------------------------------------

    def add_day(self, title: str = "", when: date | None = None, start_time: str = "09:00") -> AgendaDay:
        number = len(self.days()) + 1
        start = parse_start_time(start_time)
        with self.store.change(f"add day {number}") as s:
            day = AgendaDay(
                workshop_id=self.workshop_id,
                day_number=number,
                title=clean_optional(title) or f"Day {number}",
                date=when,
                start_time=start,
            )
            s.add(day)
        return day

    def update_day(
        self,
        day_id: int,
        *,
        title: str | None = None,
        when: date | bool | None = False,
        start_time: str | None = None,
    ) -> None:
        day = self.get(AgendaDay, day_id)
        changes: dict[str, object] = {}
        if title is not None:
            changes["title"] = clean_required(title, "day title")
        if when is not False:
            changes["date"] = when
        if start_time is not None:
            changes["start_time"] = parse_start_time(start_time)
        changes = {k: v for k, v in changes.items() if getattr(day, k) != v}
        if not changes:
            return
        with self.store.change(f"edit day {day.day_number}"):
            for k, v in changes.items():
                setattr(day, k, v)

    def delete_day(self, day_id: int) -> None:
        day = self.get(AgendaDay, day_id)
        later = [d for d in self.days() if d.day_number > day.day_number]
        with self.store.change(f"delete day {day.day_number} '{short(day.title)}'") as s:
            s.delete(day)
            s.flush()
            for d in later:
                d.day_number -= 1

    # --- editing items -----------------------------------------------------

    def add_item(
        self,
        day_id: int,
        title: str,
        kind: str,
        planned_minutes: int,
        *,
        topic_id: int | None = None,
        notes: str = "",
        index: int | None = None,
    ) -> AgendaItem:
        day = self.get(AgendaDay, day_id)
        cleaned = clean_required(title, "agenda item title")
        check_choice(kind, [k.value for k in AgendaKind], "agenda item kind")
        minutes = check_int(planned_minutes, "planned minutes", 1, MAX_MINUTES)
        if topic_id is not None:
            self.get(Topic, topic_id)
        items = list(day.items)
        index = len(items) if index is None else max(0, min(index, len(items)))
        with self.store.change(f"add agenda item '{short(cleaned)}'") as s:
            item = AgendaItem(
                day_id=day.id,
                title=cleaned,
                kind=kind,
                planned_minutes=minutes,
                topic_id=topic_id,
                notes=clean_optional(notes),
                position=index,
            )
            for other in items[index:]:
                other.position += 1
            s.add(item)
        return item

    def update_item(
        self,
        item_id: int,
        *,
        title: str | None = None,
        kind: str | None = None,
        planned_minutes: int | None = None,
        topic_id: int | bool | None = False,
        notes: str | None = None,
    ) -> None:
        item = self.get(AgendaItem, item_id)
        changes: dict[str, object] = {}
        if title is not None:
            changes["title"] = clean_required(title, "agenda item title")
        if kind is not None:
            changes["kind"] = check_choice(kind, [k.value for k in AgendaKind], "agenda item kind")
        if planned_minutes is not None:
            planned = check_int(planned_minutes, "planned minutes", 1, MAX_MINUTES)
            if planned + item.extra_minutes < 1:
                raise InvalidInputError(
                    f"'{short(item.title)}' has {-item.extra_minutes} min taken off, so {planned} planned "
                    f"would leave it no time. Plan at least {1 - item.extra_minutes} minutes, or end it "
                    "with End this item (Shift+F7)."
                )
            changes["planned_minutes"] = planned
        if topic_id is not False:
            if topic_id is not None:
                self.get(Topic, int(topic_id))
            changes["topic_id"] = topic_id
        if notes is not None:
            changes["notes"] = clean_optional(notes)
        changes = {k: v for k, v in changes.items() if getattr(item, k) != v}
        if not changes:
            return
        with self.store.change(f"edit agenda item '{short(item.title)}'"):
            for k, v in changes.items():
                setattr(item, k, v)

    def delete_item(self, item_id: int) -> None:
        item = self.get(AgendaItem, item_id)
        with self.store.change(f"delete agenda item '{short(item.title)}'") as s:
            day = item.day
            s.delete(item)
            s.flush()
            for i, other in enumerate(x for x in day.items if x.id != item_id):
                other.position = i

    def move_item(self, item_id: int, day_id: int, index: int) -> None:
        """Move an item to position ``index`` of a day (the same day or another)."""
        item = self.get(AgendaItem, item_id)
        target = self.get(AgendaDay, day_id)
        source = item.day
        dest = [x for x in target.items if x.id != item.id]
        index = max(0, min(index, len(dest)))
        new_order = [*dest[:index], item, *dest[index:]]
        if source.id == target.id and [x.id for x in new_order] == [x.id for x in source.items]:
            return
        with self.store.change(f"move agenda item '{short(item.title)}'"):
            item.day_id = target.id
            for i, x in enumerate(new_order):
                x.position = i
            if source.id != target.id:
                for i, x in enumerate(y for y in source.items if y.id != item.id):
                    x.position = i

    def move_item_by(self, item_id: int, delta: int) -> None:
        """Keyboard reorder: up (-1) or down (+1) within the day, across day boundaries at the ends."""
        item = self.get(AgendaItem, item_id)
        days = self.days()
        day_idx = next(i for i, d in enumerate(days) if d.id == item.day_id)
        pos = [x.id for x in item.day.items].index(item.id)
        new_pos = pos + delta
        if 0 <= new_pos < len(item.day.items):
            self.move_item(item.id, item.day_id, new_pos)
        elif new_pos < 0 and day_idx > 0:
            prev = days[day_idx - 1]
            self.move_item(item.id, prev.id, len(prev.items))
        elif new_pos >= len(item.day.items) and day_idx + 1 < len(days):
            self.move_item(item.id, days[day_idx + 1].id, 0)

    # --- running the clock -------------------------------------------------

    def start(self, item_id: int | None = None) -> AgendaItem:
        """Start an item (default: the next one); a running item is ended first."""
        item = self.get(AgendaItem, item_id) if item_id is not None else self.next_item()
        if item is None:
            raise AgendaError(ALL_RUN_MESSAGE)
        if item.started_at is not None and item.ended_at is None:
            raise AgendaError(f"'{item.title}' is already running.")
        current = self.running_item()
        now = self.clock.now()
        with self.store.change(f"start '{short(item.title)}'") as s:
            if current is not None:
                self._end(current, now)
            if item.ended_at is not None:  # run it again: keep history simple, start afresh
                for p in list(item.pauses):
                    s.delete(p)
                item.ended_at = None
                item.extra_minutes = 0
            item.started_at = now
        return item

    def _end(self, item: AgendaItem, now: datetime) -> None:
        for p in item.pauses:
            if p.ended_at is None:
                p.ended_at = now
        item.ended_at = now

    def _require_running(self) -> AgendaItem:
        item = self.running_item()
        if item is None:
            raise AgendaError("No agenda item is running. Press Start to begin the next item.")
        return item

    def pause(self) -> None:
        item = self._require_running()
        if any(p.ended_at is None for p in item.pauses):
            raise AgendaError(f"'{item.title}' is already paused. Press Resume to go on.")
        with self.store.change(f"pause '{short(item.title)}'") as s:
            s.add(AgendaPause(item_id=item.id, started_at=self.clock.now()))

    def resume(self) -> None:
        item = self._require_running()
        open_pauses = [p for p in item.pauses if p.ended_at is None]
        if not open_pauses:
            raise AgendaError(f"'{item.title}' is not paused.")
        with self.store.change(f"resume '{short(item.title)}'"):
            for p in open_pauses:
                p.ended_at = self.clock.now()

    def toggle_pause(self) -> None:
        item = self._require_running()
        if any(p.ended_at is None for p in item.pauses):
            self.resume()
        else:
            self.pause()

    def extend(self, minutes: int) -> None:
        item = self._require_running()
        minutes = check_int(minutes, "extension", -MAX_MINUTES, MAX_MINUTES)
        # Planned plus extra never goes below a minute; more time is always given.
        if minutes < 0 and item.planned_minutes + item.extra_minutes + minutes < 1:
            raise AgendaError(
                f"'{short(item.title)}' needs at least one minute. To stop it now, end it with Next "
                "(F7) or End this item (Shift+F7) instead."
            )
        sign = "+" if minutes >= 0 else "-"
        with self.store.change(f"{sign}{abs(minutes)} min on '{short(item.title)}'"):
            item.extra_minutes += minutes

    def end_current(self) -> AgendaItem:
        """End the running (or paused) item and start nothing."""
        item = self._require_running()
        with self.store.change(f"end '{short(item.title)}'"):
            self._end(item, self.clock.now())
        return item

    def advance(self) -> AgendaItem | None:
        """Next: end the running item and start the next one of its day, as one undoable step.
        On the day's last item it only ends it (the next day starts with Start); with nothing
        running it starts the next item of the same day (not the next day's first: that is
        Start's, so a second F7 at the end of a day does not start tomorrow tonight).  Returns
        the item started, if any."""
        current = self.running_item()
        if current is None:
            nxt = self.next_item()
            if nxt is None:
                raise AgendaError(ALL_RUN_MESSAGE)
            ended = self._last_run()
            if ended is not None and nxt.day.day_number > ended.day.day_number:
                # F7 pressed again after ending a day would start tomorrow's first item tonight
                raise AgendaError(
                    f"Day {ended.day.day_number} has ended. Press F6 (Start) to begin Day "
                    f"{nxt.day.day_number} with '{short(nxt.title)}' when the room is ready."
                )
            self.start(nxt.id)
            return nxt
        nxt = self._after(current)
        if nxt is None:
            self.end_current()
            return None
        now = self.clock.now()
        with self.store.change(f"next item '{short(nxt.title)}'"):
            self._end(current, now)
            nxt.started_at = now
        return nxt

    def _last_run(self) -> AgendaItem | None:
        """The item that began last (None before anything has run)."""
        run = [(when, i.id, i) for i in self.all_items() if (when := _began(i)) is not None]
        return max(run, key=lambda r: (r[0], r[1]))[2] if run else None

    def reset_item(self, item_id: int) -> None:
        """Forget an item's recorded times (started by mistake)."""
        item = self.get(AgendaItem, item_id)
        if item.started_at is None:
            return
        with self.store.change(f"reset timer of '{short(item.title)}'") as s:
            for p in list(item.pauses):
                s.delete(p)
            item.started_at = None
            item.ended_at = None
            item.extra_minutes = 0

    @staticmethod
    def kind_label(kind: str) -> str:
        try:
            return AGENDA_KIND_LABELS[AgendaKind(kind)]
        except ValueError:
            return kind
