"""Random sequences of changes, undos and redos keep every invariant (hypothesis state machine).

After every step: no orphan rows, nobody over budget, stored dot counts positive,
at most one running agenda item.  Undo must restore exactly the state before the
change (compared as a full JSON dump) and redo exactly the state after it.  At the
end the file is reopened and round-tripped through JSON.
"""

from __future__ import annotations

import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import text

from workshop_app.errors import PlanwallError
from workshop_app.rules.voting import ItemRef
from workshop_app.services.clock import FakeClock
from workshop_app.services.workshop_service import OpenWorkshop
from workshop_app.store.interchange import dump_workshop, dumps, import_file

TEXTS = st.sampled_from(["Promo ROI", "<b>bold", "R&D", "日本 🎉", "a\nb\tc", "x" * 300, "0.1 <A <0.9"])


class WorkshopMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.dir = Path(tempfile.mkdtemp(prefix="pw-sm-"))
        self.clock = FakeClock(datetime(2026, 3, 10, 9, 0, tzinfo=UTC))
        self.ow = OpenWorkshop.create_from_template("quarterly-rocks", self.dir / "w.planwall", self.clock)
        self.topic = self.ow.board.topics()[0].id
        self.history: list[str] = [self.snapshot()]  # states reachable by undo, oldest first
        self.future: list[str] = []  # states reachable by redo, next first

    def snapshot(self) -> str:
        return dumps(dump_workshop(self.ow.store))

    def changed(self, fn: Any, *args: Any, **kwargs: Any) -> Any:
        """Run a service call; on success record the new state for undo/redo checks."""
        before = len(self.ow.store.history)
        label_before = self.ow.undo_text
        try:
            result = fn(*args, **kwargs)
        except PlanwallError:
            assert self.snapshot() == self.history[-1], "a refused change altered the workshop"
            return None
        if len(self.ow.store.history) != before or self.ow.undo_text != label_before:
            self.history.append(self.snapshot())
            self.future.clear()
        return result

    # --- helpers to pick existing things -------------------------------------

    def people(self) -> list[int]:
        return [p.id for p in self.ow.setup.participants() if p.side != "facilitation"]

    def ideas(self) -> list[int]:
        return [i.id for i in self.ow.board.ideas(self.topic)]

    def clusters(self) -> list[int]:
        return [c.id for c in self.ow.board.clusters(self.topic)]

    def items(self) -> list[ItemRef]:
        return self.ow.board.eligible_items(self.topic)

    # --- rules ------------------------------------------------------------------

    @rule(name=st.sampled_from(["Ana", "Bo", "Cy", "Zoë"]), side=st.sampled_from(["supplier", "customer"]))
    def add_person(self, name: str, side: str) -> None:
        self.changed(self.ow.setup.add_participant, name, side)

    @precondition(lambda self: bool(self.people()))
    @rule(data=st.data())
    def delete_person(self, data: st.DataObject) -> None:
        self.changed(self.ow.setup.delete_participant, data.draw(st.sampled_from(self.people())))

    @rule(body=TEXTS, anonymous=st.booleans(), data=st.data())
    def add_idea(self, body: str, anonymous: bool, data: st.DataObject) -> None:
        people = self.people()
        author = None if anonymous or not people else data.draw(st.sampled_from(people))
        self.changed(self.ow.board.add_idea, self.topic, body, author)

    @precondition(lambda self: bool(self.ideas()))
    @rule(data=st.data(), body=TEXTS)
    def edit_idea(self, data: st.DataObject, body: str) -> None:
        self.changed(self.ow.board.edit_idea, data.draw(st.sampled_from(self.ideas())), body)

    @precondition(lambda self: bool(self.ideas()))
    @rule(data=st.data())
    def delete_idea(self, data: st.DataObject) -> None:
        self.changed(self.ow.board.delete_idea, data.draw(st.sampled_from(self.ideas())))

    @precondition(lambda self: len(self.ideas()) >= 2)
    @rule(data=st.data())
    def group(self, data: st.DataObject) -> None:
        a, b = data.draw(st.lists(st.sampled_from(self.ideas()), min_size=2, max_size=2, unique=True))
        self.changed(self.ow.board.group, a, b)

    @precondition(lambda self: bool(self.ideas()))
    @rule(data=st.data())
    def leave(self, data: st.DataObject) -> None:
        self.changed(self.ow.board.leave, data.draw(st.sampled_from(self.ideas())))

    @precondition(lambda self: bool(self.clusters()))
    @rule(data=st.data(), force=st.booleans())
    def ungroup(self, data: st.DataObject, force: bool) -> None:
        self.changed(self.ow.board.ungroup, data.draw(st.sampled_from(self.clusters())), force=force)

    @precondition(lambda self: bool(self.items()))
    @rule(budget=st.integers(1, 7), multiple=st.booleans(), cap=st.one_of(st.none(), st.integers(1, 3)))
    def new_round(self, budget: int, multiple: bool, cap: int | None) -> None:
        if cap is not None and cap > budget:
            cap = budget
        self.changed(
            self.ow.voting.create_round,
            self.topic,
            votes_per_person=budget,
            allow_multiple=multiple,
            per_item_cap=cap,
        )

    @precondition(lambda self: bool(self.ow.voting.rounds()) and bool(self.people()) and bool(self.items()))
    @rule(data=st.data(), remove=st.booleans())
    def dot(self, data: st.DataObject, remove: bool) -> None:
        rnd = data.draw(st.sampled_from(self.ow.voting.rounds())).id
        person = data.draw(st.sampled_from(self.people()))
        item = data.draw(st.sampled_from(self.items()))
        fn = self.ow.voting.remove if remove else self.ow.voting.cast
        self.changed(fn, rnd, person, item)

    @precondition(lambda self: bool(self.ow.voting.rounds()))
    @rule(data=st.data(), show=st.booleans())
    def reveal(self, data: st.DataObject, show: bool) -> None:
        self.changed(self.ow.voting.reveal, data.draw(st.sampled_from(self.ow.voting.rounds())).id, show)

    @precondition(lambda self: bool(self.items()))
    @rule(data=st.data(), override=st.booleans())
    def promote(self, data: st.DataObject, override: bool) -> None:
        self.changed(self.ow.rocks.promote, data.draw(st.sampled_from(self.items())), override=override)

    @precondition(lambda self: bool(self.ow.rocks.rocks()) and bool(self.people()))
    @rule(data=st.data(), level=st.integers(0, 3))
    def interest(self, data: st.DataObject, level: int) -> None:
        rock = data.draw(st.sampled_from(self.ow.rocks.rocks())).id
        self.changed(self.ow.rocks.set_interest, data.draw(st.sampled_from(self.people())), rock, level)

    @rule(
        action=st.sampled_from(["start", "advance", "pause", "resume", "extend"]), minutes=st.integers(0, 20)
    )
    def agenda(self, action: str, minutes: int) -> None:
        self.clock.advance(minutes=minutes)
        fn = {
            "start": self.ow.agenda.start,
            "advance": self.ow.agenda.advance,
            "pause": self.ow.agenda.pause,
            "resume": self.ow.agenda.resume,
            "extend": lambda: self.ow.agenda.extend(5),
        }[action]
        self.changed(fn)

    @rule(data=st.data(), delta=st.sampled_from([-1, 1]))
    def move_agenda_item(self, data: st.DataObject, delta: int) -> None:
        item = data.draw(st.sampled_from(self.ow.agenda.all_items()))
        self.changed(self.ow.agenda.move_item_by, item.id, delta)

    @precondition(lambda self: len(self.history) > 1)
    @rule()
    def undo(self) -> None:
        self.ow.undo()
        self.future.insert(0, self.history.pop())
        assert self.snapshot() == self.history[-1], "undo did not restore the previous state exactly"

    @precondition(lambda self: bool(self.future))
    @rule()
    def redo(self) -> None:
        self.ow.redo()
        self.history.append(self.future.pop(0))
        assert self.snapshot() == self.history[-1], "redo did not restore the undone state exactly"

    # --- invariants ---------------------------------------------------------------

    @invariant()
    def consistent(self) -> None:
        s = self.ow.store.session
        assert s.execute(text("PRAGMA foreign_key_check")).fetchall() == []
        assert s.execute(text("SELECT count(*) FROM vote WHERE count <= 0")).scalar() == 0
        over = s.execute(
            text(
                "SELECT v.round_id, v.participant_id FROM vote v JOIN voting_round r ON r.id = v.round_id "
                "GROUP BY v.round_id, v.participant_id HAVING sum(v.count) > max(r.votes_per_person)"
            )
        ).fetchall()
        assert over == []
        running = s.execute(
            text("SELECT count(*) FROM agenda_item WHERE started_at IS NOT NULL AND ended_at IS NULL")
        ).scalar()
        assert running is not None and running <= 1
        s.commit()

    def teardown(self) -> None:
        try:
            final = self.snapshot()
            path = self.ow.path
            self.ow.close()
            reopened = OpenWorkshop.open(path, self.clock)
            try:
                assert dumps(dump_workshop(reopened.store)) == final
            finally:
                reopened.close()
            (self.dir / "w.json").write_text(final, encoding="utf-8")
            import_file(self.dir / "w.json", self.dir / "copy.planwall")
            copy = OpenWorkshop.open(self.dir / "copy.planwall", self.clock)
            try:
                assert dumps(dump_workshop(copy.store)) == final
            finally:
                copy.close()
        finally:
            shutil.rmtree(self.dir, ignore_errors=True)


WorkshopMachine.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
test_random_changes_undos_and_redos_keep_invariants = WorkshopMachine.TestCase
