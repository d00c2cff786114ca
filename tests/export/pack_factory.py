"""Workshops for the export tests, built only through the services (as the GUI would).

``build_realistic`` fills a two-day JBP the way a real one ends: 16 people, 300 notes in
clusters, a dot vote per topic, 5 rocks with metrics, risks and interest, the agenda run with
overruns, minutes with decisions, 24 actions and closing feedback.
``build_hostile`` holds the strings that break naive exporters.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop

PEOPLE = (
    ("Amelia Hart", "supplier", "Commercial Director", True, 9),
    ("Rahul Mehta", "supplier", "National Account Manager", False, 6),
    ("Chloé Durand", "supplier", "Category Insight Lead", False, 4),
    ("Tom Becker", "supplier", "Supply Chain Manager", False, 5),
    ("Grace Liu", "supplier", "Trade Marketing Manager", False, 3),
    ("Owen Price", "supplier", "Finance Business Partner", False, 2),
    ("Nadia Karimi", "supplier", "Shopper Marketing Executive", False, 1),
    ("Jonas Lindqvist", "customer", "Trading Director", True, 9),
    ("Priya Nair", "customer", "Category Manager, Chilled", False, 6),
    ("Marek Nowak", "customer", "Replenishment Lead", False, 5),
    ("Sofia Rossi", "customer", "Space & Range Planner", False, 3),
    ("Daniel O'Brien", "customer", "E-commerce Manager", False, 4),
    ("Ελένη Παπαδοπούλου", "customer", "Store Operations Analyst", False, 2),
    ("Иван Петров", "customer", "Buyer Assistant", False, 1),
    ("Sam Okafor", "facilitation", "Facilitator", False, 0),
    ("Lena Vogel", "facilitation", "Scribe", False, 0),
)

THEMES = {
    0: (  # market drivers
        (
            "Shoppers trading down",
            (
                "own label growth in chilled",
                "promo depth expected every week",
                "value packs outsell premium",
                "basket size shrinking on weekdays",
                "loyalty prices drive switching",
            ),
        ),
        (
            "Health and wellbeing",
            (
                "high-protein demand up 20% YoY",
                "sugar reduction pressure from HFSS rules",
                "plant-based plateau but flexitarian steady",
                "clean labels matter to under-35s",
                "portion control for snacking",
            ),
        ),
        (
            "Convenience missions",
            (
                "food-to-go at lunchtime growing",
                "top-up shops replace the big weekly shop",
                "quick commerce in cities",
                "ready meals for one",
                "evening meal decided at 5pm",
            ),
        ),
        (
            "Sustainability",
            (
                "recyclable packaging by 2027",
                "scope 3 reporting asks from the retailer",
                "food waste in store above target",
                "local sourcing story",
                "refill trials",
            ),
        ),
        (
            "Digital and data",
            (
                "retail media network launching",
                "loyalty data shared at SKU level",
                "online availability lags store",
                "search terms show unmet needs",
                "personalised offers in app",
            ),
        ),
    ),
    1: (  # solution stack
        (
            "Range and innovation",
            (
                "rationalise the tail of 40 SKUs",
                "launch high-protein yoghurt line",
                "regional recipes for the North",
                "smaller pack for single households",
                "seasonal limited editions",
            ),
        ),
        (
            "Availability",
            (
                "shared forecast for promotions",
                "vendor-managed inventory pilot",
                "daily EDI for the top 100 stores",
                "fix the Friday gap in chilled",
                "pallet-ready displays",
            ),
        ),
        (
            "Promotions",
            (
                "fewer, deeper events",
                "move from BOGOF to price-per-kg value",
                "joint post-event evaluation",
                "promo calendar frozen 12 weeks ahead",
                "loyalty-only offers",
            ),
        ),
        (
            "Shopper marketing",
            (
                "in-app recipe content",
                "retail media test on protein range",
                "sampling in 50 stores",
                "category signage refresh",
                "meal-deal inclusion",
            ),
        ),
        (
            "Space",
            (
                "planogram for the healthy snacking bay",
                "secondary space at till points",
                "range by store cluster",
                "chiller door stickers",
                "end-of-aisle for launches",
            ),
        ),
    ),
    2: (  # differentiation
        (
            "Data partnership",
            (
                "joint dashboard refreshed weekly",
                "shared definitions of availability",
                "one forecast, one number",
                "insight exchange every quarter",
                "test-and-learn log",
            ),
        ),
        (
            "Speed to shelf",
            (
                "12-week launch track",
                "joint artwork approval",
                "fast-track listing for trials",
                "pre-agreed supply for launches",
                "one contact per workstream",
            ),
        ),
        (
            "Sustainability leadership",
            (
                "first fully recyclable tray",
                "waste reduction targets shared",
                "carbon label on pack",
                "reusable crates for chilled",
                "surplus to charity",
            ),
        ),
        (
            "Shopper understanding",
            (
                "co-funded shopper research",
                "store visits together every quarter",
                "missions-based category plan",
                "voice of the shopper in reviews",
                "segment by household size",
            ),
        ),
        (
            "Ways of working",
            (
                "monthly top-to-top",
                "joint business plan reviewed quarterly",
                "escalation route agreed",
                "shared action log",
                "celebrate wins together",
            ),
        ),
    ),
    3: (  # execution priorities
        (
            "Grow protein range",
            (
                "three new lines by September",
                "secure secondary space",
                "retail media campaign",
                "sampling in top stores",
                "price architecture review",
            ),
        ),
        (
            "Fix chilled availability",
            (
                "forecast accuracy to 85%",
                "daily data feed",
                "Friday delivery slot",
                "safety stock for top 20 SKUs",
                "OOS alerts to store",
            ),
        ),
        (
            "Better promotions",
            (
                "ROI-positive events only",
                "post-event analysis within 2 weeks",
                "12-week frozen calendar",
                "loyalty mechanics",
                "fewer multibuys",
            ),
        ),
        (
            "Packaging",
            (
                "recyclable tray launch",
                "remove plastic lids",
                "on-pack recycling message",
                "lightweight film",
                "transit packaging audit",
            ),
        ),
        (
            "Joint data",
            (
                "weekly dashboard",
                "shared KPI definitions",
                "data sharing agreement",
                "insight day each quarter",
                "category scorecard",
            ),
        ),
    ),
}


def _d(days: int) -> date:
    return date(2026, 3, 10) + timedelta(days=days)


def _run_agenda(ow: OpenWorkshop, clock: FakeClock) -> dict[str, int]:
    """Run day 1 fully and day 2 up to its last two items, with overruns, a pause and extensions.

    Returns agenda item titles -> ids for attaching minutes.
    """
    days = ow.agenda.days()
    ids: dict[str, int] = {}
    for day in days:
        hh, mm = (int(x) for x in day.start_time.split(":"))
        local_start = datetime.combine(day.date or _d(0), datetime.min.time()).replace(hour=hh, minute=mm)
        clock.set(local_start.astimezone().astimezone(UTC) + timedelta(minutes=3))
        items = list(day.items)
        stop = len(items) if day.day_number == 1 else len(items) - 2
        for n, item in enumerate(items[:stop]):
            ids[item.title] = item.id
            ow.agenda.start(item.id)
            over = (7, 0, -5, 12, 0, 3)[n % 6]
            if n == 3:
                ow.agenda.extend(5)
            if n == 4:
                clock.advance(minutes=5)
                ow.agenda.pause()
                clock.advance(minutes=10)
                ow.agenda.resume()
            clock.advance(minutes=max(item.planned_minutes + over, 1))
        ow.agenda.end_current()
        for item in items[stop:]:
            ids[item.title] = item.id
    return ids


def build_realistic(path: Path, clock: FakeClock | None = None, ideas_per_topic: int = 75) -> OpenWorkshop:
    clock = clock or FakeClock(datetime(2026, 3, 10, 7, 0, tzinfo=UTC))
    ow = OpenWorkshop.create_from_template(
        "two-day-jbp", path, clock, title="Joint Business Plan 2026/27", first_day=_d(0)
    )
    s = ow.setup
    s.set_detail("supplier_name", "Northwind Foods")
    s.set_detail("customer_name", "Harbour Retail Group")
    s.set_detail("location", "Harbour House, Leeds")
    s.set_detail("facilitator", "Sam Okafor")
    s.set_detail(
        "vision",
        "Together we make Harbour the first choice for healthy, affordable chilled food in the North,\n"
        "growing the category 8% a year while halving waste by 2028.",
    )
    objectives = [
        s.add_frame_item("objective", t).id
        for t in (
            "Grow chilled category sales 8% a year",
            "Best availability in the market (98.5%)",
            "Halve food waste in chilled by 2028",
        )
    ]
    s.add_frame_item("principle", "One forecast, one number")
    s.add_frame_item("behaviour", "Challenge the idea, not the person")
    people = [
        s.add_participant(n, side, title, is_leader=lead, experience_rank=rank).id
        for n, side, title, lead, rank in PEOPLE
    ]
    voters = people[:14]

    topics = ow.board.topics()
    for t_index, topic in enumerate(topics):
        themes = THEMES[t_index % 4]
        made: list[list[int]] = [[] for _ in themes]
        for i in range(ideas_per_topic):
            theme_no = i % len(themes)
            heading, phrases = themes[theme_no]
            base = phrases[(i // len(themes)) % len(phrases)]
            round_no = i // (len(themes) * len(phrases))
            text = base if round_no == 0 else f"{base} (view {round_no + 1})"
            author = None if i % 9 == 4 else voters[i % len(voters)]
            made[theme_no].append(ow.board.add_idea(topic.id, text, author).id)
        for theme_no, (heading, _) in enumerate(themes):
            members = made[theme_no]
            keep_loose = members[-2:] if theme_no == 4 else []
            ow.board.create_cluster(topic.id, heading, [m for m in members if m not in keep_loose])
        rnd = ow.voting.create_round(topic.id, votes_per_person=5, per_item_cap=3)
        items = ow.board.eligible_items(topic.id)
        weights = [9, 7, 4, 3, 2, 1, 1, 1][: len(items)]
        for v_no, voter in enumerate(voters):
            rng = random.Random(t_index * 100 + v_no)
            placed = 0
            while placed < 5:
                pick = rng.choices(items[: len(weights)], weights=weights)[0]
                if ow.voting.person_votes(rnd.id, voter).get(pick, 0) < 3:
                    ow.voting.cast(rnd.id, voter, pick)
                    placed += 1
        ow.voting.set_open(rnd.id, False)
        ow.voting.reveal(rnd.id)

    # Rocks from the execution topic's top clusters.
    last = topics[-1]
    results = ow.voting.results(ow.voting.rounds(last.id)[0].id)
    rocks = [ow.rocks.promote(it.item) for it in results.items if it.item.kind == "cluster"][:5]
    metrics = (
        ("Protein range sales", "£", "£2.1m", "£3.4m", "up"),
        ("On-shelf availability, chilled", "%", "94.2%", "98.5%", "up"),
        ("Promotional ROI", "£ per £1", "0.8", "1.3", "up"),
        ("Recyclable packaging share", "%", "35%", "90%", "up"),
        ("Weekly dashboard adoption", "people", "0", "25", "up"),
    )
    for n, rock in enumerate(rocks):
        name, unit, base, target, direction = metrics[n]
        ow.rocks.set_metric(
            rock.id,
            name=name,
            unit=unit,
            baseline=base,
            target=target,
            direction=direction,
            due_date=_d(90 + 30 * n),
        )
        ow.rocks.update(
            rock.id,
            objective_id=objectives[n % 3] if n != 4 else None,
            achievable_confirmed=n != 2,
            relevant_confirmed=n == 4,
            owner_id=people[n] if n < 3 else None,
            status="agreed",
        )
        ow.rocks.add_risk(
            rock.id,
            f"Capacity in {('Northwind', 'Harbour')[n % 2]} team is stretched in Q2",
            "Agree a named deputy and review capacity at the monthly top-to-top",
        )
        if n % 2 == 0:
            ow.rocks.add_risk(
                rock.id,
                "Data arrives late or in different definitions",
                "Use the shared KPI definitions agreed on day 2",
            )
    for p_no, person in enumerate(voters):
        for r_no, rock in enumerate(rocks):
            ow.rocks.set_interest(person, rock.id, (p_no + 2 * r_no) % 4)

    ids = _run_agenda(ow, clock)
    titles = list(ids)
    minutes = (
        ("note", "Both teams agree chilled is the category with the biggest joint upside."),
        ("decision", "Protein range is the first joint growth priority for 2026/27."),
        ("risk", "Harbour's new replenishment system goes live in June and may disrupt data feeds."),
        ("note", "Shopper data shows weekday baskets down 6%; weekend stable."),
        ("decision", "Promotions are evaluated jointly within two weeks of every event."),
        ("parking_lot", "Explore a joint approach to the Scottish stores next year."),
        ("decision", "A single weekly availability dashboard replaces the three current reports."),
        ("note", "Finance to confirm the funding split for retail media before April."),
        ("parking_lot", "Revisit private-label overlap with the protein range in Q3."),
        ("decision", "Recyclable tray launch brought forward to September."),
    )
    for n, (kind, text) in enumerate(minutes):
        ow.minutes.add(text, kind, agenda_item_id=ids[titles[(n * 3) % len(titles)]])
    ow.minutes.add("Facilitator note: room temperature too high after lunch.", "note", agenda_item_id=None)

    statuses = ("open", "open", "in_progress", "done", "open", "cancelled")
    for n in range(24):
        owner = people[n % 14]
        ow.actions.add(
            f"Action {n + 1}: "
            + (
                "share the weekly availability data",
                "draft the promo calendar",
                "book sampling stores",
                "confirm packaging supplier",
                "agree KPI definitions",
                "prepare Q2 review pack",
            )[n % 6],
            owner_id=owner if n % 7 != 3 else None,
            due_date=_d(5 + (n * 11) % 80) if n % 5 != 4 else None,
            rock_id=rocks[n % len(rocks)].id if n % 3 != 2 else None,
            status=statuses[n % len(statuses)],
        )
    feedback = (
        (5, "Clear agenda and real decisions.", "More time for the rocks."),
        (4, "Voting made priorities visible fast.", "Shorter presentations on day 1."),
        (4, "Good mix of both teams.", ""),
        (3, "", "The room was too warm."),
        (5, "Best JBP we have had.", "Send the pack within a week."),
    )
    for n, (rating, worked, change) in enumerate(feedback * 2):
        ow.feedback.add(rating, worked, change, participant_id=people[n] if n % 3 else None)
    return ow


HOSTILE = (
    "<b>bold",
    "</i>",
    "0.1 <A <0.9",
    "R&D",
    '<img src="/etc/passwd"/>',
    "tab\there and\tthere",
    "line one\nline two\n\nline four",
    "NUL\x00 and bell\x07 and escape\x1b",
    "<para>&amp; &lt;not an entity&gt; &#x41;</para>",
    "中文的想法",
    "rocket 🚀 and unicorn 🦄",
    "Ελληνικά και Русский and Ünïcödé",
)
CJK_TEXT = "中文的想法"
EMOJI_TEXT = "rocket 🚀 and unicorn 🦄"


def build_hostile(path: Path, clock: FakeClock | None = None, long_words: int = 50_000) -> OpenWorkshop:
    """Every text field gets a hostile string; one minutes entry is 50,000 words long."""
    clock = clock or FakeClock(datetime(2026, 3, 10, 7, 0, tzinfo=UTC))
    ow = OpenWorkshop.create_from_template("quarterly-rocks", path, clock, title="<b>bold R&D</i> workshop")
    s = ow.setup
    s.set_detail("supplier_name", "R&D <Supplier>")
    s.set_detail("customer_name", '<img src="/etc/passwd"/>')
    s.set_detail("location", "0.1 <A <0.9")
    s.set_detail("vision", "line one\nline two\twith tab")
    people = [
        s.add_participant("</i>Ana", "supplier", "<b>Chief").id,
        s.add_participant("Bo & Co", "customer", "R&D").id,
        s.add_participant("李明", "customer", "经理").id,
    ]
    topic = ow.board.topics()[0]
    ideas = [
        ow.board.add_idea(topic.id, text, people[n % 3] if n % 4 else None) for n, text in enumerate(HOSTILE)
    ]
    ow.board.create_cluster(topic.id, "<cluster> & co", [ideas[0].id, ideas[1].id])
    rnd = ow.voting.create_round(topic.id, votes_per_person=4)
    for person in people:
        for item in ow.board.eligible_items(topic.id)[:4]:
            ow.voting.cast(rnd.id, person, item)
    ow.voting.reveal(rnd.id)
    rock = ow.rocks.add("<b>Rock</b> R&D", "scope with <tags> & ampersands\nand a second line")
    ow.rocks.set_metric(
        rock.id, name="<metric>", unit="&", baseline="0.1 <A", target="<0.9", due_date=date(2026, 6, 30)
    )
    ow.rocks.add_risk(rock.id, '<img src="/etc/passwd"/>', "tab\tmitigation")
    emoji_rock = ow.rocks.add(EMOJI_TEXT, "")
    ow.rocks.set_interest(people[0], rock.id, 3)
    ow.rocks.set_interest(people[1], emoji_rock.id, 2)
    long_text = " ".join(f"word{n}" + ("\n" if n % 997 == 996 else "") for n in range(long_words))
    for text in HOSTILE:
        ow.minutes.add(text, "decision", agenda_item_id=None)
    ow.minutes.add(long_text, "note", agenda_item_id=None)
    ow.minutes.add("Parking <lot> & more", "parking_lot", agenda_item_id=None)
    long_cell = " ".join(f"cell{n}" for n in range(6000))
    for n, text in enumerate((*HOSTILE, long_cell)):
        ow.actions.add(text, owner_id=people[n % 3], due_date=date(2026, 4, 1 + n), rock_id=rock.id)
    ow.feedback.add(4, "<b>worked</b>", CJK_TEXT)
    return ow
