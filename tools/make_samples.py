#!/usr/bin/env python3
"""Build the sample workshops in ``sample_sessions/`` through the services, deterministically.

    python tools/make_samples.py [--out DIR]

Each sample is made the way a facilitator makes a workshop: a file from the two-day JBP
template, people and the account-plan frame typed in, then each day played from a run sheet
against a fake clock (overruns, a pause, extensions): notes captured, clustered and dot-voted,
rocks promoted from the winners and made SMART, interest polled, minutes, actions and
feedback recorded. Each result is dumped with the interchange dumper and gets a one-line
top-level "description" (the importer ignores unknown top-level keys).

Nothing depends on the real clock, the machine or random state, so running the script again
reproduces the committed files byte for byte (tests/unit/test_samples.py checks it).

The content is written as small text tables so that it reads like a facilitator's notes:
``a | b | c`` rows, where an indented line continues the row (``| x`` starts a new field,
other text carries on the last field), and ``key: value`` records separated by blank lines.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from pathlib import Path

from workshop_app.rules.voting import ItemRef
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.interchange import dump_workshop, write_json_atomic

ROOT = Path(__file__).resolve().parent.parent
Person = tuple[str, str, str, str, bool, int]  # key, name, side, job title, leader, experience rank


def _rows(table: str) -> list[list[str]]:
    """Rows of ``a | b | c``; an indented line continues the row above."""
    rows: list[list[str]] = []
    for line in table.strip("\n").splitlines():
        if not line.strip():
            continue
        if line[0].isspace():
            more = line.strip()
            if more.startswith("|"):
                rows[-1].extend(part.strip() for part in more[1:].split("|"))
            else:
                rows[-1][-1] = f"{rows[-1][-1]} {more}"
        else:
            rows.append([part.strip() for part in line.split("|")])
    return rows


def _records(text: str) -> list[dict[str, list[str]]]:
    """Blank-line separated records of ``key: value`` lines (keys may repeat); indented lines continue."""
    records = []
    for block in text.strip().split("\n\n"):
        record: dict[str, list[str]] = {}
        key = ""
        for line in block.splitlines():
            if line[0].isspace():
                record[key][-1] = f"{record[key][-1]} {line.strip()}"
            else:
                key, _, value = (part.strip() for part in line.partition(":"))
                record.setdefault(key, []).append(value)
        records.append(record)
    return records


def _fraction(*parts: object) -> float:
    """A repeatable number in [0, 1) from its inputs (no random module: the same on every Python)."""
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass
class TopicPlan:
    """What happens to one topic: its notes, how they are clustered, how the room votes."""

    notes: str  # rows: tag | author key or - | text
    clusters: str  # rows: how (create/group/titled/keep) | weight | heading (- for keep) | note tags
    seed: str
    loose: dict[str, int] = field(default_factory=dict)  # vote weight of loose notes, by tag (default 1)
    budget: int | None = None
    cap: int | None = None
    top: tuple[str, ...] = ()  # the head of the ranking, which the minutes quote


@dataclass
class Sample:
    title: str
    created: datetime
    first_day: date
    details: dict[str, str]
    frame: dict[str, list[str]]
    people: list[Person]
    topics: dict[str, TopicPlan]  # short name -> plan, in the template's topic order
    days: list[str]  # run sheets: time (HH:MM, +minutes or -) | command | text
    describe: Callable[[dict[str, int]], str]
    rocks: str = ""  # records, see MV_ROCKS
    actions: str = ""  # rows: owner | due | side or - | rock key or - | status | text
    feedback: str = ""  # rows: person key or - | rating | what worked | what to change


class Facilitator:
    """Plays a sample's run sheets through the services, keeping the fake clock moving forwards."""

    def __init__(self, sample: Sample, path: Path) -> None:
        self.sample = sample
        self.clock = FakeClock(sample.created)
        self.ow = OpenWorkshop.create_from_template(
            "two-day-jbp",
            path,
            self.clock,
            title=sample.title,
            first_day=sample.first_day,
            time_zone="Europe/London",  # both samples are in England (run sheets are GMT, = UTC)
        )
        self.day = sample.first_day
        self.people: dict[str, int] = {}
        self.objectives: list[int] = []
        self.topic_ids = dict(zip(sample.topics, (t.id for t in self.ow.board.topics()), strict=False))
        self.notes: dict[str, int] = {}  # note tag -> idea id
        self.clusters: dict[str, int] = {}  # heading (or first note's tag for "keep") -> cluster id
        self.rounds: dict[str, int] = {}  # topic -> round id
        self.rocks: dict[str, int] = {}  # rock key -> rock id
        self.actions: dict[str, int] = {}  # action text -> id

    def play(self) -> OpenWorkshop:
        self.setup()
        for sheet in self.sample.days:
            for when, command, *text in _rows(sheet):
                if when.startswith("+"):
                    self.clock.advance(minutes=float(when[1:]))
                elif when != "-":
                    self.at(when)
                getattr(self, f"do_{command}")(" | ".join(text))
        return self.ow

    def at(self, hhmm: str) -> None:
        hh, mm = (int(x) for x in hhmm.split(":"))
        when = datetime.combine(self.day, time(hh, mm), tzinfo=UTC)
        if when < self.clock.now():
            raise AssertionError(f"the run sheet ran past {hhmm} on {self.day} ({self.clock.now():%H:%M:%S})")
        self.clock.set(when)

    def tick(self, seconds: float) -> None:
        self.clock.advance(seconds)

    def person(self, key: str) -> int | None:
        return None if key == "-" else self.people[key]

    # --- setup ----------------------------------------------------------------

    def setup(self) -> None:
        for name, value in self.sample.details.items():
            self.ow.setup.set_detail(name, value)
            self.tick(40)
        for kind, texts in self.sample.frame.items():
            for text in texts:
                item = self.ow.setup.add_frame_item(kind, text)
                if kind == "objective":
                    self.objectives.append(item.id)
                self.tick(50)
        for key, name, side, job, leader, rank in self.sample.people:
            p = self.ow.setup.add_participant(name, side, job, is_leader=leader, experience_rank=rank)
            self.people[key] = p.id
            self.tick(25)

    # --- the agenda timer -----------------------------------------------------

    def do_day(self, text: str) -> None:
        self.day = date.fromisoformat(text)

    def do_next(self, title: str) -> None:
        """Press Next (F7): the running item ends and the next one starts; at the start of a day,
        with nothing running, Start (F6) begins it."""
        agenda = self.ow.agenda
        started = agenda.advance() if agenda.running_item() is not None else agenda.start()
        if started is None or not started.title.startswith(title):
            raise AssertionError(f"expected agenda item '{title}', got {started and started.title!r}")

    def do_end(self, _: str) -> None:
        self.ow.agenda.end_current()

    def do_extend(self, minutes: str) -> None:
        self.ow.agenda.extend(int(minutes))

    def do_pause(self, _: str) -> None:
        self.ow.agenda.pause()

    def do_resume(self, _: str) -> None:
        self.ow.agenda.resume()

    # --- minutes ----------------------------------------------------------------

    def do_note(self, text: str) -> None:
        self.ow.minutes.add(text, "note")

    def do_decision(self, text: str) -> None:
        self.ow.minutes.add(text, "decision")

    def do_risk(self, text: str) -> None:
        self.ow.minutes.add(text, "risk")

    def do_parking_lot(self, text: str) -> None:
        self.ow.minutes.add(text, "parking_lot")

    # --- the wall -----------------------------------------------------------------

    def do_capture(self, topic: str) -> None:
        for i, (tag, author, text) in enumerate(_rows(self.sample.topics[topic].notes)):
            self.tick(32 + (i * 13) % 25)
            self.notes[tag] = self.ow.board.add_idea(self.topic_ids[topic], text, self.person(author)).id

    def do_cluster(self, topic: str) -> None:
        for how, _, heading, tags in _rows(self.sample.topics[topic].clusters):
            ids = [self.notes[t] for t in tags.split()]
            if how == "create":
                c = self.ow.board.create_cluster(self.topic_ids[topic], heading, ids)
            else:
                c = self.ow.board.group(ids[1], ids[0], heading if how == "titled" else None)
                for idea_id in ids[2:]:
                    self.tick(10)
                    self.ow.board.join(idea_id, c.id)
                if how == "group":
                    self.tick(15)
                    self.ow.board.rename_cluster(c.id, heading)
            self.clusters[heading if how != "keep" else tags.split()[0]] = c.id
            self.tick(35 + 12 * len(ids))

    def ref(self, key: str) -> ItemRef:
        return (
            ItemRef("cluster", self.clusters[key])
            if key in self.clusters
            else ItemRef("idea", self.notes[key])
        )

    def do_vote(self, topic: str) -> None:
        """Open a round, let every voter spend every dot (weighted, repeatable), close and reveal it."""
        plan = self.sample.topics[topic]
        rnd = self.ow.voting.create_round(
            self.topic_ids[topic], votes_per_person=plan.budget, per_item_cap=plan.cap
        )
        self.rounds[topic] = rnd.id
        items = self.ow.board.eligible_items(self.topic_ids[topic])
        weight = {item: 1 for item in items}
        for _, w, heading, tags in _rows(plan.clusters):
            weight[self.ref(heading if heading != "-" else tags.split()[0])] = int(w)
        for tag, loose_weight in plan.loose.items():
            weight[self.ref(tag)] = loose_weight
        limit = min(plan.cap or 3, 3)  # nobody in these rooms puts more than 3 dots on one item
        for person in self.ow.voting.voters():
            mine: dict[ItemRef, int] = {}
            for dot in range(rnd.votes_per_person):
                open_items = [i for i in items if mine.get(i, 0) < limit]
                target = _fraction(plan.seed, person.name, dot) * sum(weight[i] for i in open_items)
                for choice in open_items:
                    target -= weight[choice]
                    if target < 0:
                        break
                self.ow.voting.cast(rnd.id, person.id, choice)
                mine[choice] = mine.get(choice, 0) + 1
                self.tick(5)
        self.tick(30)
        self.ow.voting.set_open(rnd.id, False)
        self.tick(20)
        self.ow.voting.reveal(rnd.id)
        top = [row.label for row in self.ow.voting.results(rnd.id).items[: len(plan.top)]]
        if top != list(plan.top):
            raise AssertionError(f"the ranking of '{topic}' changed, so the minutes are wrong: {top}")

    # --- rocks and interest -------------------------------------------------------

    def do_rocks(self, text: str) -> None:
        """Promote the next N winners of a topic's vote and make each one SMART: ``TOPIC N``."""
        topic, count = text.split()
        specs = {self.ref(r["item"][0]): r for r in _records(self.sample.rocks)}
        ranking = [row.item for row in self.ow.voting.results(self.rounds[topic]).items]
        if set(ranking[: len(specs)]) != set(specs):
            raise AssertionError(f"the top {len(specs)} of '{topic}' are no longer the planned rocks")
        for item in ranking[len(self.rocks) : len(self.rocks) + int(count)]:
            spec = specs[item]
            self.tick(200)
            rock = self.ow.rocks.promote(item)
            self.rocks[spec["key"][0]] = rock.id
            self.ow.rocks.set_text(rock.id, "title", spec["title"][0])
            self.tick(120)
            self.ow.rocks.set_text(rock.id, "scope", spec["scope"][0])
            self.tick(240)
            name, unit, baseline, target, direction, due = (x.strip() for x in spec["metric"][0].split("|"))
            self.ow.rocks.set_metric(
                rock.id,
                name=name,
                unit=unit,
                baseline=baseline,
                target=target,
                direction=direction,
                due_date=date.fromisoformat(due),
            )
            self.tick(90)
            agreed = spec["status"][0] == "agreed"
            self.ow.rocks.update(
                rock.id,
                owner_id=self.person(spec["owner"][0]),
                status=spec["status"][0],
                objective_id=self.objectives[int(spec["objective"][0])],
                achievable_confirmed=agreed,
                relevant_confirmed=agreed,
            )
            for risk in spec["risk"]:
                self.tick(90)
                self.ow.rocks.add_risk(rock.id, *(x.strip() for x in risk.split("|")))

    def do_interest(self, _: str) -> None:
        """Round the room: everyone says how much they want to work on each rock (default 1, a small part)."""
        levels = {}
        for spec in _records(self.sample.rocks):
            marks = (mark.split() for mark in spec["interest"][0].split(","))
            levels[spec["key"][0]] = {who: int(level) for who, level in marks}
        for person in self.ow.rocks.pollees():
            key = next(k for k, pid in self.people.items() if pid == person.id)
            for rock_key, rock_id in self.rocks.items():
                self.tick(7)
                self.ow.rocks.set_interest(person.id, rock_id, levels[rock_key].get(key, 1))

    # --- records ------------------------------------------------------------------

    def do_actions(self, _: str) -> None:
        for owner, due, side, rock, status, text in _rows(self.sample.actions):
            self.tick(95)
            action = self.ow.actions.add(
                text,
                owner_id=self.person(owner),
                side=None if side == "-" else side,
                due_date=date.fromisoformat(due),
                rock_id=None if rock == "-" else self.rocks[rock],
                status=status,
            )
            self.actions[text] = action.id

    def do_cancel(self, text: str) -> None:
        self.ow.actions.update(self.actions[text], status="cancelled")

    def do_feedback(self, _: str) -> None:
        for who, rating, worked, change in _rows(self.sample.feedback):
            self.tick(80)
            self.ow.feedback.add(int(rating), worked, change, self.person(who))


def build(sample: Sample, path: Path, out: Path) -> None:
    ow = Facilitator(sample, path).play()
    try:
        doc = dump_workshop(ow.store)
        head = {
            "format": doc.pop("format"),
            "version": doc.pop("version"),
            "description": sample.describe(ow.counts()),
        }
        write_json_atomic({**head, **doc}, out)
    finally:
        ow.close()


# =============================================================================
# Sample 1: Meadowvale Foods x Castlegate Supermarkets, both days complete
# =============================================================================

MV_PEOPLE: list[Person] = [
    ("daniel", "Daniel Okafor", "supplier", "Managing Director", True, 10),
    ("hannah", "Hannah Brooks", "supplier", "Supply Chain Director", False, 8),
    ("tom", "Tom Whitfield", "supplier", "Head of Category Insight", False, 7),
    ("chloe", "Chloé Dubois", "supplier", "Head of R&D and Innovation", False, 7),
    ("priya", "Priya Raman", "supplier", "National Account Manager – Castlegate", False, 6),
    ("marcus", "Marcus Feld", "supplier", "Trade Marketing Manager", False, 4),
    ("aisha", "Aisha Karimi", "supplier", "Sustainability & Packaging Lead", False, 3),
    ("liam", "Liam O'Connor", "supplier", "Customer Supply Analyst", False, 1),
    ("rebecca", "Rebecca Thornton", "customer", "Trading Director, Fresh & Chilled", True, 10),
    ("oliver", "Oliver Grant", "customer", "Head of Supply Chain, Fresh", False, 8),
    ("jose", "José Martín", "customer", "Senior Buyer, Dairy & Juice", False, 6),
    ("fiona", "Fiona McAllister", "customer", "Category Manager, Chilled Breakfast", False, 5),
    ("grace", "Grace Liu", "customer", "Regional Operations Manager, North", False, 5),
    ("sanjay", "Sanjay Mehta", "customer", "Retail Media & Loyalty Manager, Castlegate Media+", False, 4),
    ("kwame", "Kwame Asante", "customer", "Online Trading Manager, Castlegate.com", False, 3),
    ("emma", "Emma Sørensen", "customer", "Space & Range Planner", False, 2),
    ("zoe", "Zoë Lindqvist", "facilitation", "Lead facilitator, Northbridge Partners", False, 0),
    ("ruth", "Ruth Adeyemi", "facilitation", "Co-facilitator and scribe, Northbridge Partners", False, 0),
]

MV_DETAILS = {
    "supplier_name": "Meadowvale Foods Ltd",
    "customer_name": "Castlegate Supermarkets plc",
    "location": "Castlegate Support Centre, Leeds – Aire Room, 3rd floor",
    "facilitator": "Zoë Lindqvist (Northbridge Partners)",
    "vision": "By 2028 Meadowvale and Castlegate are the first choice in the UK for a fresh, healthy chilled "
    "breakfast: growing the category by £40m retail sales value together, with the best availability "
    "and the lowest waste in the market.",
}

MV_FRAME = {
    "objective": [
        "Grow chilled dairy & juice retail sales at Castlegate by 8% a year (£312m to £370m by FY2028)",
        "Raise on-shelf availability of the Meadowvale range to 97.5% in every store, every day",
        "Halve chilled breakfast waste by 2028 (from 3.2% to 1.6% of sales)",
        "Double Meadowvale's share of chilled sales on Castlegate.com and in Castlegate Local stores",
        "Make every promotion pay: no promotion below break-even for either company",
    ],
    "principle": [
        "One version of the truth: we plan on shared EPOS, stock and loyalty data.",
        "Shopper first: decisions start from what the shared shopper needs, not from who funds it.",
        "No surprises: changes to price, range or promotions are raised at least 12 weeks ahead.",
        "Test, measure, then scale.",
    ],
    "behaviour": [
        "Challenge the idea, not the person.",
        "Bring data, not anecdotes.",
        "A decision made in the room stays made; escalate within 48 hours if it is blocked.",
        "Laptops closed during sessions; breaks are for e-mail.",
    ],
}

MV_DRIVERS = TopicPlan(
    seed="mv-drivers",
    notes="""
squeeze  | fiona   | Cost-of-living squeeze: shoppers trading down from branded to own-label yoghurt,
                     about 3 points of share a year
gut      | chloe   | Health & wellness: protein, gut health (kefir, live cultures) and lower sugar are
                     where the growth is
hfss     | tom     | HFSS rules limit where sugary juices and flavoured yoghurts can sit: no end-caps, no
                     front of store
promo42  | priya   | 42% of our volume at Castlegate is sold on promotion, and about half of those
                     promotions lose money for one of us
topup    | grace   | Little and often: top-up missions in Castlegate Local up 9% while the big weekly shop
                     shrinks
online   | kwame   | Online is flat at ~12% of sales, but chilled breakfast is in 3 out of 4 online
                     baskets
media    | sanjay  | Retail media is now a real lever: Castlegate Rewards lets us reach 6.5m members one
                     by one
plant    | jose    | Plant-based drinks have cooled after the boom: oat still growing, almond and soya in
                     decline
green    | aisha   | Recyclable packs and lower-carbon milk are becoming hygiene factors, not
                     differentiators
epr      | hannah  | EPR packaging fees add roughly 1.5p per bottle from 2026; someone has to absorb it
waste    | oliver  | Short-life chilled lines written off at 3.2% of sales: waste is a margin problem as
                     much as a green one
monday   | grace   | Empty shelves on Monday mornings after the weekend peak send shoppers to the
                     discounter next door
disc     | rebecca | Discounters are winning the weekly shop with a simple, cheaper chilled range
commute  | marcus  | Breakfast on the go is back: office workers are in 3 days a week and buy on the way
                     in
labour   | oliver  | Fewer labour hours in stores: chilled replenishment is the first thing that slips
milk     | daniel  | Farmgate milk price swung 20% in 18 months: cost prices will keep moving
value    | emma    | Shoppers want clear value signals: price per 100 g, loyalty prices, fewer confusing
                     multibuys
tiktok   | -       | Younger shoppers discover food on TikTok and Instagram, not in the aisle
fx       | -       | Packaging film bought in € and fruit concentrate in US$: exchange rates hit our cost
                     base every quarter
spike    | liam    | Promotional spikes of 4x normal volume leave waste and empty shelves the week after
seasonal | tom     | Juice seasonality is shifting (Q3 <-> Q4): the January health reset is now bigger
                     than summer
premium  | daniel  | Category value growth will come from premium and functional lines, not from volume
ownlabel | rebecca | Shoppers trust Castlegate own label as much as brands in milk, much less in yoghurt
                     and kefir
""",
    clusters="""
create | 6 | Value squeeze & the discounters     | squeeze disc value ownlabel
group  | 8 | Health, functional & premium growth | gut plant premium
titled | 9 | Promotions that lose money          | promo42 spike
group  | 1 | Cost & regulation pressures         | milk hfss epr fx
create | 4 | Changing shopping missions          | topup online commute
group  | 9 | Availability & waste                | monday waste labour seasonal
titled | 3 | Digital discovery & retail media    | media tiktok
""",
    top=("Promotions that lose money", "Availability & waste", "Value squeeze & the discounters"),
)

MV_STACK = TopicPlan(
    seed="mv-stack",
    notes="""
bay          | marcus  | Breakfast-on-the-go bay in Castlegate Local: Meadowvale drinks and yoghurts next
                         to Castlegate bakery, one meal-deal price
epos         | hannah  | Share daily store-level EPOS and stock so Meadowvale can forecast by store and day
promofc      | oliver  | One joint promotional forecast, locked 10 weeks before the promotion starts
rewards      | sanjay  | Targeted Castlegate Rewards offers for lapsed kefir buyers, measured by
                         closed-loop sales uplift
twotier      | jose    | Two-tier range: Meadowvale brand for premium and functional, Meadowvale-made
                         Castlegate own label for value
yellow       | aisha   | Show reduced-to-clear chilled stock in the Castlegate app the day before its use-by
                         date
rpet         | aisha   | Juice bottles in 50% recycled PET, with bottle-return points in 60 large stores
recs         | kwame   | 'Complete your breakfast' recommendations on Castlegate.com using basket data
exclusive    | chloe   | Castlegate exclusives co-developed with Meadowvale R&D: 6 months' exclusivity
                         before wider launch
calendar     | priya   | A full-year promotional calendar agreed in one go and tested against a shared ROI
                         model
srp          | grace   | Shelf-ready packaging for chilled, so a colleague fills a bay in half the time
captain      | tom     | Category advisor role for chilled breakfast: Meadowvale insight supports
                         Castlegate's planograms
sugar        | chloe   | Reformulate the kids' range below the HFSS threshold so it keeps its
                         front-of-store space
markdown     | emma    | Dynamic markdown: the price drops automatically as the use-by date gets closer
sampling     | -       | Joint sampling days for kefir and protein yoghurt in the 60 busiest stores
vmi          | liam    | Vendor-managed inventory in Castlegate's depots for the top 40 lines
loyaltyprice | fiona   | Jointly funded Rewards price on the protein range instead of deep 3-for-2
                         multibuys
scorecard    | rebecca | One joint scorecard, reviewed every month by both leadership teams
""",
    clusters="""
create | 9 | Data sharing & joint forecasting   | epos promofc vmi
titled | 8 | Promotions that pay                | calendar loyaltyprice
group  | 5 | Personalised offers & retail media | rewards recs sampling
group  | 5 | Less waste, better packaging       | markdown yellow rpet
create | 6 | Range, own label & innovation      | twotier exclusive sugar captain
titled | 1 | Faster in-store execution          | srp bay
""",
)

MV_DIFF = TopicPlan(
    seed="mv-diff",
    cap=2,
    notes="""
fresh      | hannah  | Freshest juice in the market: on shelf within 24 hours of pressing
lowwaste   | aisha   | The lowest-waste chilled category in UK grocery, with the figure published every
                       year
farms      | daniel  | British milk from named farms on pack: real provenance the discounters can't copy
functional | chloe   | A functional range nobody else has: gut health, high protein, no added sugar
always     | grace   | Always there on a Monday morning: the best availability in the market
personal   | sanjay  | Personalised offers instead of the same blanket promotion for everyone
price      | jose    | Everyday price leadership on the basics through own label made by Meadowvale
flavours   | fiona   | Seasonal flavours launched at Castlegate first, every quarter
carbon     | -       | A carbon label on every pack, calculated the same way for brand and own label
speed      | tom     | 16 weeks from idea to shelf for innovation, against an industry norm of 9 months
oneteam    | rebecca | One joint team with shared KPIs, not a buyer-and-seller negotiation every quarter
subs       | kwame   | The best online chilled experience: substitutions that 95% of shoppers accept
story      | liam    | One sustainability story, told jointly in store, on pack and online
onthego    | marcus  | Breakfast on the go in Local stores that beats the coffee chains on price and
                       health
""",
    clusters="""
keep   | 8 | -                                     | fresh farms
create | 8 | Health & innovation leadership        | functional flavours speed
group  | 5 | Sustainability leadership             | lowwaste carbon story
titled | 7 | Always available, in store and online | always subs
titled | 1 | Value & personalised offers           | price personal
""",
)

MV_EXEC = TopicPlan(
    seed="mv-exec",
    budget=6,
    notes="""
datalive     | hannah   | Go live with daily store-level data sharing (EPOS + stock) by the end of Q2
promoreset   | priya    | Rebuild the promotional plan: stop below-break-even promotions and reinvest in
                          loyalty prices
osa          | oliver   | Joint availability taskforce for the 80 stores with the worst Monday-morning gaps
jan          | chloe    | Launch 3 Castlegate-exclusive functional products for the January 2027 health
                          season
mediatests   | sanjay   | Four Castlegate Media+ test campaigns with closed-loop measurement before we scale
                          spend
tender       | jose     | Meadowvale to bid for the value yoghurt own-label tender for 2027
wasteprog    | aisha    | Waste programme: dynamic markdown plus smaller pack sizes for Local stores
rpet50       | -        | Move 1-litre juice bottles to 50% rPET
reset        | emma     | Chilled breakfast planogram reset in all 410 stores after the HFSS review
content      | kwame    | Fix product content, images and substitutions for the top 100 lines on
                          Castlegate.com
governance   | rebecca  | Monthly joint scorecard plus a quarterly top-to-top between Rebecca and Daniel
lock         | liam     | Promotional forecasts agreed jointly and locked 10 weeks out
baytrial     | marcus   | Trial the breakfast-on-the-go bay in 25 Local stores
srp30        | grace    | Shelf-ready packaging for the top 30 lines
research     | tom      | Two joint shopper research projects a year, shared in full
milkindex    | daniel   | Agree a cost-price mechanism linked to the farmgate milk index
fifo         | -        | Train store colleagues on chilled stock rotation in a North-region pilot
tail         | fiona    | Range review: delist the bottom 15% of lines to make space for growth lines
rewardsprice | fiona    | Rewards prices on the protein range, jointly funded and targeted
pipeline     | -        | Open Meadowvale's innovation pipeline to Castlegate under NDA twice a year
""",
    clusters="""
create | 20 | Shared data & joint forecasting      | datalive lock
group  | 18 | On-shelf availability in every store | osa srp30 fifo
titled | 13 | Halve chilled waste                  | wasteprog rpet50
group  | 12 | Retail media & loyalty               | mediatests rewardsprice
titled | 13 | Exclusive functional innovation      | jan pipeline
create | 4  | Range, space & own label             | tender reset tail
""",
    loose={"promoreset": 16, "content": 3, "governance": 3},
)

# One record per rock: the voted item it is promoted from (cluster heading or note tag), then how the
# room refined it. metric: name | unit | baseline | target | direction | due date.
# objective: index into MV_FRAME["objective"]. risk: risk | mitigation. interest: levels other than 1.
MV_ROCKS = """
item:      Shared data & joint forecasting
key:       data
title:     Daily store-level data sharing and one joint forecast
scope:     Castlegate shares store/day EPOS and stock for all 410 stores with Meadowvale every morning;
           one joint base and promotional forecast for the top 100 Meadowvale lines, locked 10 weeks
           before each promotion.
metric:    Forecast accuracy (1 – WMAPE), store/day, top 100 lines | % | 71 | 85 | up | 2027-01-29
owner:     hannah
objective: 1
status:    agreed
risk:      Castlegate IT release slots are full until July. | Start with the existing supplier-portal
           file feed for the top 100 lines; Oliver asks the CIO for a June slot.
risk:      The data-sharing agreement needs legal sign-off in both companies. | Use Castlegate's
           standard agreement; both legal teams have review time booked w/c 23 March.
interest:  hannah 3, liam 2, oliver 2, tom 2, kwame 2

item:      On-shelf availability in every store
key:       osa
title:     Fix Monday-morning availability, starting with the 80 worst stores
scope:     Joint taskforce for the 80 stores with the lowest Monday availability: Sunday-evening
           deliveries, shelf-ready packaging for the top 30 lines and stock-rotation training; roll
           out to all 410 stores by December.
metric:    On-shelf availability, Meadowvale range, Monday 10:00 store audit | % | 92.4 | 97.5 | up
           | 2026-12-31
owner:     oliver
objective: 1
status:    agreed
risk:      Store labour hours are being cut in April. | Shelf-ready packaging halves fill time; Grace
           protects chilled hours in the pilot stores.
risk:      Sunday-evening deliveries cost more in transport. | Meadowvale funds the extra drops for
           the 80 pilot stores for 12 weeks (up to £45k), then we review.
interest:  oliver 3, grace 2, hannah 2, liam 2, emma 2

item:      promoreset
key:       promo
title:     Promotions that pay for both companies
scope:     Every Meadowvale promotion at Castlegate is modelled in one shared ROI tool before it is
           booked; promotions below break-even for either side are stopped and the money moves into
           Rewards prices.
metric:    Promotions at or above break-even ROI for both companies | % of promotions | 48 | 80 | up
           | 2027-02-26
owner:     priya
objective: 4
status:    agreed
risk:      Competitors keep deep multibuys and we lose volume in the short term. | Reinvest at least
           half of the savings in Rewards prices; track weekly volume for the first 8 weeks at the
           monthly scorecard.
risk:      The two companies' ROI models give different answers. | Agree one shared model and its
           inputs (base volume, funding, margin) by the end of April.
interest:  priya 3, fiona 2, jose 2, tom 2, marcus 2, sanjay 2, daniel 2

item:      Halve chilled waste
key:       waste
title:     Cut chilled breakfast waste by a quarter this year
scope:     Dynamic markdown on chilled breakfast, smaller packs for Local stores and a reduced-to-clear
           listing in the Castlegate app; first year of the plan to halve waste by 2028.
metric:    Chilled breakfast waste | % of sales | 3.2 | 2.4 | down | 2027-03-31
owner:     aisha
objective: 2
status:    agreed
risk:      Dynamic markdown needs a change to the till system. | Pilot with manual reduced-to-clear
           rules in 12 North-region stores while IT scopes the change.
risk:      Smaller packs use more packaging per litre. | Only for Local stores and only in 50% rPET;
           Aisha checks the carbon balance before launch.
interest:  aisha 3, grace 2, oliver 2, emma 2

item:      Retail media & loyalty
key:       media
title:     Retail media test-and-learn on Castlegate Media+
scope:     Four jointly funded Castlegate Media+ campaigns (kefir, protein, juice, on the go), targeted
           with Rewards data and measured by closed-loop incremental sales before any spend is scaled.
metric:    Incremental retail sales from Castlegate Media+ campaigns | incremental sales | £0 | £1.2m
           | up | 2027-03-31
owner:     -
objective: 0
status:    proposed
risk:      Incremental sales are hard to prove with small test groups. | Castlegate Media+ holds out
           10% of every target audience as a control group.
risk:      No owner yet: Sanjay and Marcus both want to own it. | Rebecca and Daniel name one owner by
           20 March.
interest:  sanjay 3, marcus 3, kwame 2, fiona 2, priya 2

item:      Exclusive functional innovation
key:       innovation
title:     Three Castlegate-exclusive functional launches for January 2027
scope:     Co-develop three gut-health and high-protein products with Meadowvale R&D and launch them
           exclusively at Castlegate for the January 2027 health season, with 6 months' exclusivity
           and a joint launch plan.
metric:    Retail sales value of the exclusive functional range | retail sales value | £0 | £2.5m | up
           | 2027-06-30
owner:     chloe
objective: 0
status:    agreed
risk:      Factory trial slots at the Wrexham site are tight in Q3. | Book two trial slots now; Chloé
           holds a back-up slot at the Carlisle plant.
risk:      The launch may clash with the HFSS review and the planogram reset. | Emma and Chloé plan
           the launch space into the reset; no launch line above the HFSS threshold.
interest:  chloe 3, jose 2, fiona 2, tom 2, marcus 2, daniel 2
"""

MV_ACTIONS = """
oliver  | 2026-03-20 | -            | data       | in_progress | Send Castlegate's standard data-sharing
          agreement to Meadowvale legal
hannah  | 2026-04-30 | -            | data       | open  | Set up the interim supplier-portal file feed for
          the top 100 lines
liam    | 2026-03-27 | -            | data       | open  | Baseline forecast accuracy (1 – WMAPE) for
          January and February 2026
grace   | 2026-03-24 | -            | osa        | open  | List the 80 stores with the worst Monday-morning
          availability
oliver  | 2026-04-15 | joint        | osa        | open  | Agree a Sunday-evening delivery trial for the
          first 20 stores
emma    | 2026-04-24 | -            | osa        | open  | Send the shelf-ready packaging specification for
          the top 30 lines
priya   | 2026-04-10 | -            | promo      | open  | Run every 2025 promotion through the shared ROI
          model and flag those below break-even
fiona   | 2026-04-17 | -            | promo      | open  | Propose Rewards-price mechanics for the protein
          range to replace the 3-for-2
grace   | 2026-05-29 | -            | waste      | open  | Pilot reduced-to-clear rules on chilled breakfast
          in 12 North-region stores
aisha   | 2026-05-15 | -            | waste      | open  | Cost the move of 1-litre juice bottles to 50%
          rPET, in £ and €, including EPR fee savings
sanjay  | 2026-04-03 | -            | media      | open  | Draft the retail media test plan: 4 campaigns,
          audiences, control groups, KPIs
rebecca | 2026-03-20 | joint        | media      | open  | Name one owner for the retail media rock with
          Daniel
chloe   | 2026-03-31 | -            | innovation | open  | Share the functional innovation pipeline (6
          concepts) under NDA
jose    | 2026-04-30 | -            | innovation | open  | Confirm January 2027 launch space and the 6-month
          exclusivity terms
tom     | 2026-04-07 | joint        | -          | open  | Build the joint scorecard: availability, forecast
          accuracy, promotion ROI, waste, media sales, innovation sales
priya   | 2026-03-13 | joint        | -          | done  | Book the monthly scorecard reviews and the
          quarterly top-to-top
kwame   | 2026-04-21 | -            | -          | open  | Arrange a half-day online trading workshop in
          April
kwame   | 2026-05-31 | -            | -          | open  | Fix product content and images for the top 100
          Meadowvale lines on Castlegate.com
jose    | 2026-03-27 | -            | -          | open  | Confirm whether value yoghurt is in the 2027
          own-label tender
daniel  | 2026-04-08 | -            | -          | open  | Put the milk-index cost-price mechanism on the
          April commercial meeting agenda
zoe     | 2026-03-13 | facilitation | -          | open  | Circulate the minutes, the rock register and
          photos of the wall
"""

MV_FEEDBACK = """
rebecca | 5 | We leave with six rocks that have real numbers behind them. The data discussion was the
              most honest we have had.
            | Send the pre-read a week earlier so both teams bring their data.
daniel  | 5 | Both teams in one room and no sales pitch. The promotion ROI conversation was overdue.
            | Give day 2 another half day: action planning felt rushed.
priya   | 4 | Dot voting made the priorities obvious very quickly.
            | Fewer notes per person on the first topic; there was a lot of repetition.
jose    | 4 | Seeing Meadowvale's R&D pipeline this early.
            | The own-label tender belonged on the agenda, not in the parking lot.
hannah  | 5 | A clear owner and metric for the data rock. | Invite Castlegate IT next time.
oliver  | 4 | The Monday-morning availability numbers got everyone's attention.
            | The room was too warm in the afternoon.
chloe   | 4 | Hearing the store view from Grace.
            | More time to present ideas on day 1; we rushed the solution stack.
sanjay  | 3 | Retail media is finally part of the joint plan.
            | Decide owners in the room: we left the media rock without one.
grace   | 5 | The first time store operations were asked, not told.
            | Run a follow-up session for the store managers in the North region.
liam    | 4 | Presenting first as the newest person was less scary than I expected.
            | Share the slides before the session.
emma    | 4 | Good pace, and the timer on the screen kept us honest. | Print the rock register for the wall.
kwame   | 4 | Online finally had a voice in the category plan. | Half an hour on Castlegate.com on its own.
-       | 3 | Good structure. | Too long in a room without daylight: more, shorter breaks please.
"""

MV_DAY1 = """
-      | day         | 2026-03-10
09:04  | next        | Welcome
+7     | note        | Rebecca opened: Castlegate wants fewer, bigger joint bets with its top 10 fresh
                       suppliers; Meadowvale is the first to do a full JBP.
+4     | note        | Daniel: Meadowvale will put its R&D, insight and supply-chain leads on the plan,
                       not just the sales team.
09:38  | next        | Partnership context
+10    | note        | Castlegate chilled breakfast +4.1% value year on year vs market +5.6%: losing
                       share to the discounters in yoghurt, holding in juice.
+13    | note        | Meadowvale is 18% of Castlegate chilled breakfast sales (£56m RSV); on-shelf
                       availability at 92.4% is the biggest gap against plan.
10:15  | extend      | 5
+5     | note        | Promotions: 42% of Meadowvale volume sold on deal; average promotion ROI 0.8 for
                       Castlegate and 0.9 for Meadowvale.
10:29  | next        | Market drivers: collect
-      | capture     | drivers
10:50  | next        | Market drivers: present
+20    | note        | 'Promotions that lose money' means below break-even in either company's own
                       model, not both.
11:33  | next        | Break
11:50  | next        | Market drivers: cluster
-      | cluster     | drivers
12:12  | next        | Market drivers: dot vote
-      | vote        | drivers
+0.75  | decision    | Drivers to carry into day 2: promotions that lose money and availability & waste
                       (tied first), then the value squeeze & the discounters.
12:27  | next        | Lunch
+1     | extend      | -10
13:17  | next        | Joint solution stack: collect
-      | capture     | stack
13:38  | next        | Joint solution stack: present
14:02  | pause       | building fire-alarm test
14:09  | resume      |
+0.25  | note        | Paused 7 minutes for the building's fire-alarm test.
14:16  | next        | Joint solution stack: cluster
-      | cluster     | stack
14:33  | next        | Joint solution stack: dot vote
-      | vote        | stack
14:44  | next        | Break
14:58  | next        | Differentiation: collect
-      | capture     | diff
15:31  | next        | Differentiation: cluster
-      | cluster     | diff
15:43  | extend      | 5
-      | vote        | diff
15:55  | next        | Day 1 wrap-up
+2     | parking_lot | Cost-price mechanism linked to the milk index: for the April commercial meeting,
                       not this workshop.
+1.5   | parking_lot | Is value yoghurt in Castlegate's 2027 own-label tender? José to confirm.
+2     | risk        | The HFSS review may take 2 metres of flavoured yoghurt off promotional end-caps
                       from Q3 <-> Q4.
+4     | note        | Day 1 ran 27 minutes late; lunch was cut by 10 minutes.
16:17  | end         |
"""

MV_DAY2 = """
-      | day         | 2026-03-11
09:02  | next        | Check-in
+5     | note        | Recap of day 1 by Liam and Emma, the two newest people in the room.
09:24  | next        | Execution priorities: collect
-      | capture     | execution
09:45  | next        | Execution priorities: present
10:30  | next        | Break
10:45  | next        | Execution priorities: cluster
-      | cluster     | execution
11:08  | next        | Execution priorities: dot vote
-      | vote        | execution
+0.3   | decision    | Six dots each for this vote, because the top six items become the rocks.
11:22  | next        | Define rocks
-      | rocks       | execution 3
+1     | extend      | 15
-      | rocks       | execution 3
+1     | decision    | Six rocks agreed for 2026/27; the seventh slot stays empty on purpose.
+1     | decision    | Forecast accuracy is measured as 1 – WMAPE at store/day for the top 100 lines,
                       reported weekly from Castlegate's data.
13:05  | next        | Lunch
+1     | extend      | -15
13:50  | next        | Interest poll
-      | interest    |
+0.5   | decision    | Retail media rock: Sanjay and Marcus both want to own it; Rebecca and Daniel will
                       name one owner by 20 March.
14:12  | next        | Governance
+10    | decision    | Monthly joint scorecard review on the first Tuesday of the month (60 min, video
                       call); quarterly top-to-top between Rebecca and Daniel.
+7     | decision    | From the Q3 <-> Q4 plan on, a promotion below break-even in either company's model
                       runs only if both the Trading Director and the MD sign it off.
+5     | note        | Joint test budget for retail media: £180k (Meadowvale £120k cash, Castlegate £60k
                       in media value). Packaging film is quoted in € so the rPET costing will show £
                       and €.
+4     | risk        | Legal sign-off of the data-sharing agreement could take three months and delay
                       rock 1.
+3     | risk        | April's cut in store labour hours could undo the availability gains.
+3.3   | parking_lot | Carbon label per pack: come back to it when the industry method is final.
14:55  | next        | Action planning
-      | actions     |
+2     | cancel      | Arrange a half-day online trading workshop in April
+0.3   | decision    | No separate online workshop: online actions go into the monthly scorecard review
                       instead.
15:45  | next        | Break
15:58  | next        | Closing feedback
-      | feedback    |
+1     | note        | Closing round: everyone named one commitment for the next 30 days.
16:20  | end         |
"""

MEADOWVALE = Sample(
    title="Meadowvale & Castlegate Joint Business Plan 2026/27",
    created=datetime(2026, 3, 2, 14, 5, tzinfo=UTC),
    first_day=date(2026, 3, 10),
    details=MV_DETAILS,
    frame=MV_FRAME,
    people=MV_PEOPLE,
    topics={"drivers": MV_DRIVERS, "stack": MV_STACK, "diff": MV_DIFF, "execution": MV_EXEC},
    days=[MV_DAY1, MV_DAY2],
    rocks=MV_ROCKS,
    actions=MV_ACTIONS,
    feedback=MV_FEEDBACK,
    describe=lambda c: (
        "Complete two-day JBP between Meadowvale Foods (chilled dairy & juice) and Castlegate Supermarkets: "
        f"{c['participants']} people, {c['ideas']} notes in {c['clusters']} clusters on {c['topics']} "
        f"topics, revealed votes, {c['rocks']} rocks with SMART metrics, interest poll, minutes, "
        f"{c['actions']} actions and {c['feedback']} feedback entries."
    ),
)

# =============================================================================
# Sample 2: Northdown Springs x Alder & Finch, stopped in the middle of day 1
# =============================================================================

ND_DRIVERS = TopicPlan(
    seed="nd-drivers",
    clusters="",
    notes="""
swap       | sophie    | Shoppers swapping full-sugar drinks for sparkling water and low/no-sugar options
levy       | ngozi     | The sugar levy review could widen to milk-based and juice drinks
drs        | isla      | Deposit Return Scheme from October 2027: every can and bottle carries a deposit
mixers     | amir      | Premium mixers growing 11%: people drink less alcohol at home, but better
cans       | wojciech  | Glass and aluminium costs up 18%; our cans are priced in € by the German
                         supplier
heat       | tomas     | Heatwaves make summer peaks bigger and harder to forecast
functional | leah      | Functional drinks (electrolytes, adaptogens, 'focus') pull in younger shoppers;
                         our R&D pipeline has two
qcom       | dpark     | Quick commerce: 30-minute delivery apps are now 6% of Alder & Finch convenience
                         sales
labels     | -         | Shoppers read labels: natural ingredients, no sweeteners
drinknow   | matteo    | Multipacks losing to single chilled bottles in convenience: 'drink now' missions
moderation | charlotte | Alcohol moderation: 0% spirits and adult soft drinks are the new celebration
                         drinks
refill     | -         | Refill and reuse trials in city-centre stores
price      | hugo      | £1.50 is the price point that matters for single-serve
influencer | ngozi     | Influencer-led brands launch fast and take shelf space from established ones
provenance | siobhan   | British spring water with a real place behind it resonates with Alder & Finch
                         shoppers
""",
)

ND_DAY1 = """
-      | day         | 2026-02-03
09:05  | next        | Welcome
+8     | note        | Charlotte: Alder & Finch wants two premium soft-drinks partners, not five.
09:37  | next        | Partnership context
+12    | note        | Alder & Finch soft drinks £48m, +6% value; Northdown is 14% of it and 31% of
                       sparkling water.
+15    | note        | Northdown: a new can line goes live in Q3 <-> Q4, adding 20% capacity.
10:14  | extend      | 5
+5     | risk        | The Deposit Return Scheme labels must be on pack 6 months before go-live.
10:26  | next        | Market drivers: collect
-      | capture     | drivers
"""

NORTHDOWN = Sample(
    title="Northdown Springs × Alder & Finch: Joint Business Plan 2026",
    created=datetime(2026, 1, 27, 16, 10, tzinfo=UTC),
    first_day=date(2026, 2, 3),
    details={
        "supplier_name": "Northdown Springs Ltd",
        "customer_name": "Alder & Finch",
        "location": "Northdown Springs, Malvern – The Spring Room",
        "facilitator": "Ravi Chandrasekar",
        "vision": "Make Alder & Finch the best place in Britain to buy premium soft drinks, growing the "
        "category together by £12m while taking single-use plastic out of it.",
    },
    frame={
        "objective": [
            "Grow premium soft drinks sales at Alder & Finch from £48m to £60m by 2028",
            "Take 200 tonnes of single-use plastic out of the category by 2027",
            "Keep the top 50 lines at 98% availability, including in heatwaves",
        ],
        "principle": [
            "Shopper first, then category, then brand.",
            "Share the numbers behind every proposal.",
        ],
        "behaviour": ["One conversation at a time.", "Say it in the room, not in the corridor."],
    },
    people=[
        ("siobhan", "Siobhán Kelly", "supplier", "Managing Director", True, 9),
        ("leah", "Leah Goldberg", "supplier", "Head of Innovation & R&D", False, 6),
        ("ngozi", "Ngozi Eze", "supplier", "Head of Marketing", False, 6),
        ("matteo", "Matteo Rossi", "supplier", "Key Account Manager – Alder & Finch", False, 5),
        ("wojciech", "Wojciech Nowak", "supplier", "Supply Planning Manager", False, 4),
        ("hugo", "Hugo Fairbairn", "supplier", "Shopper Insight Analyst", False, 1),
        ("charlotte", "Charlotte Ainsworth", "customer", "Commercial Director", True, 10),
        ("amir", "Amir Haddad", "customer", "Buying Manager, Soft Drinks & Mixers", False, 6),
        ("tomas", "Tomás Ferreira", "customer", "Supply Chain Manager, Ambient", False, 5),
        ("sophie", "Sophie Brennan", "customer", "Category Manager, Soft Drinks", False, 4),
        ("isla", "Isla Mackenzie", "customer", "Sustainability Manager", False, 3),
        ("dpark", "Daniel Park", "customer", "E-commerce & Quick Commerce Manager", False, 2),
        ("ravi", "Ravi Chandrasekar", "facilitation", "Facilitator", False, 0),
    ],
    topics={"drivers": ND_DRIVERS},
    days=[ND_DAY1],
    describe=lambda c: (
        "Two-day JBP between Northdown Springs and Alder & Finch, stopped in the middle of day 1: check-in "
        f"and presentations done, market-drivers idea collection running with {c['ideas']} notes."
    ),
)

SAMPLES = {"complete-jbp": MEADOWVALE, "day1-in-progress": NORTHDOWN}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the sample workshops through Planwall's services.")
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "sample_sessions",
        help="folder for the JSON files (default: sample_sessions/)",
    )
    args = parser.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="planwall-samples-") as tmp:
        # Keep whatever the store writes beside a workshop (backups, logs) out of the user's folders.
        os.environ["PLANWALL_DATA_DIR"] = str(Path(tmp) / "userdata")
        for name, sample in SAMPLES.items():
            build(sample, Path(tmp) / f"{name}.planwall", out / f"{name}.json")
            print(f"wrote {out / f'{name}.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
