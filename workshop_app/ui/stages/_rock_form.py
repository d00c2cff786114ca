"""The form for one rock: text and metric fields, owner, objective, status, checks and risks.

The SMART check is recomputed from the widgets on every keystroke; a field is saved
when editing finishes (Tab, Enter, focus elsewhere).  A field the facilitator has
typed in but not saved is never overwritten by a refresh, and an error leaves the
typed text in place.
"""

from __future__ import annotations

import itertools

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workshop_app.errors import PlanwallError
from workshop_app.model import Rock, RockStatus, Side
from workshop_app.rules import interest as interest_rules
from workshop_app.rules import rocks as rock_rules
from workshop_app.rules.dates import DATE_HINT, parse_date
from workshop_app.ui.context import UiContext
from workshop_app.ui.stages._rock_common import (
    esc,
    format_date,
    nice,
    px,
    run_ok,
    set_invalid,
    set_role,
    smart_letters_html,
)
from workshop_app.ui.stages._rock_risks import RiskTable
from workshop_app.ui.theme import palette
from workshop_app.ui.widgets.commit_edit import AppUndoLineEdit

TEXT_FIELDS = ("title", "metric_name", "metric_unit", "metric_baseline", "metric_target")


class ScopeEdit(QPlainTextEdit):
    """A few lines of scope; Tab moves on and leaving the field counts as 'editing finished'."""

    editing_finished = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.editing_finished.emit()

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and (
                (event.matches(QKeySequence.StandardKey.Undo) and not self.document().isUndoAvailable())
                or (event.matches(QKeySequence.StandardKey.Redo) and not self.document().isRedoAvailable())
            )
        ):
            event.ignore()  # nothing to undo in the field: the window's Undo takes Ctrl+Z
            return True
        return super().event(event)

    def is_dirty(self) -> bool:
        return self.document().isModified()

    def set_clean(self) -> None:
        self.document().setModified(False)


class RockFormWidget(QWidget):
    """Edit the selected rock; shows the live SMART check."""

    check_changed = Signal()  # the live SMART check was recomputed

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.ow = ctx.ow
        self.rock_id: int | None = None
        self._suggested: int | None = None
        self._loading = False
        self.live_check: rock_rules.SmartCheck | None = None

        self.letters = QLabel()
        self.letters.setTextFormat(Qt.TextFormat.RichText)
        self.letters.setObjectName("smartLetters")
        self.reasons = QLabel()
        self.reasons.setWordWrap(True)
        self.reasons.setTextFormat(Qt.TextFormat.RichText)
        self.no_metric = QLabel("No target metric")
        set_role(self.no_metric, "error")
        self.warnings = QLabel()
        self.warnings.setTextFormat(Qt.TextFormat.PlainText)  # may quote typed metric values
        self.warnings.setWordWrap(True)
        set_role(self.warnings, "warning")

        self.title = AppUndoLineEdit()
        self.scope = ScopeEdit()
        self.scope.setPlaceholderText("What exactly, for whom, where (at least 3 words)")
        self.metric_name = AppUndoLineEdit()
        self.metric_name.setPlaceholderText("e.g. On-shelf availability")
        self.metric_unit = AppUndoLineEdit()
        self.metric_unit.setPlaceholderText("%, £, stores...")
        self.metric_baseline = AppUndoLineEdit()
        self.metric_baseline.setPlaceholderText("today, e.g. 94.5")
        self.metric_target = AppUndoLineEdit()
        self.metric_target.setPlaceholderText("goal, e.g. 97")
        self.direction = QComboBox()
        self.direction.addItem("up (higher is better)", "up")
        self.direction.addItem("down (lower is better)", "down")
        self.due = AppUndoLineEdit()
        self.due.setPlaceholderText(DATE_HINT)
        self.status = QComboBox()
        for s in RockStatus:
            self.status.addItem(nice(s.value), s.value)
        self.owner = QComboBox()
        self.suggestion = QLabel()
        self.suggestion.setTextFormat(Qt.TextFormat.PlainText)  # shows people's names as typed
        self.suggestion.setWordWrap(True)
        set_role(self.suggestion, "muted")
        self.use_suggestion = QPushButton("Use suggestion")
        self.objective = QComboBox()
        self.achievable = QCheckBox("&Achievable: the room agrees")
        self.relevant = QCheckBox("Re&levant: the room agrees")
        self.risk_text = AppUndoLineEdit()
        self.risk_text.setPlaceholderText("New risk, then Tab")
        self.risk_mitigation = AppUndoLineEdit()
        self.risk_mitigation.setPlaceholderText("How we mitigate it, then Enter")
        self.risks = RiskTable(ctx)

        self.apply_scale()
        self._build_layout()
        self._connect()
        self.set_rock(None)

    # --- layout -----------------------------------------------------------------

    def _build_layout(self) -> None:
        smart = QHBoxLayout()
        smart.addWidget(self.letters)
        checks = QVBoxLayout()
        checks.addWidget(self.no_metric)
        checks.addWidget(self.reasons)
        checks.addWidget(self.warnings)
        smart.addLayout(checks, 1)

        g = QGridLayout()
        g.setHorizontalSpacing(10)
        g.setVerticalSpacing(6)

        def label(text: str, buddy: QWidget) -> QLabel:
            lab = QLabel(text)
            lab.setBuddy(buddy)
            return lab

        g.addWidget(label("T&itle", self.title), 0, 0)
        g.addWidget(self.title, 0, 1, 1, 3)
        g.addWidget(label("Sco&pe", self.scope), 1, 0, Qt.AlignmentFlag.AlignTop)
        g.addWidget(self.scope, 1, 1, 1, 3)
        g.addWidget(label("&Metric", self.metric_name), 2, 0)
        g.addWidget(self.metric_name, 2, 1)
        g.addWidget(label("U&nit", self.metric_unit), 2, 2)
        g.addWidget(self.metric_unit, 2, 3)
        g.addWidget(label("&Baseline", self.metric_baseline), 3, 0)
        g.addWidget(self.metric_baseline, 3, 1)
        g.addWidget(label("Tar&get", self.metric_target), 3, 2)
        g.addWidget(self.metric_target, 3, 3)
        g.addWidget(label("Dire&ction", self.direction), 4, 0)
        g.addWidget(self.direction, 4, 1)
        g.addWidget(label("&Due", self.due), 4, 2)
        g.addWidget(self.due, 4, 3)
        g.addWidget(label("&Owner", self.owner), 5, 0)
        g.addWidget(self.owner, 5, 1)
        g.addWidget(label("Stat&us", self.status), 5, 2)
        g.addWidget(self.status, 5, 3)
        g.addWidget(self.suggestion, 6, 1, 1, 2)
        g.addWidget(self.use_suggestion, 6, 3)
        g.addWidget(label("Ob&jective", self.objective), 7, 0)
        g.addWidget(self.objective, 7, 1, 1, 3)
        boxes = QHBoxLayout()
        boxes.addWidget(self.achievable)
        boxes.addSpacing(20)
        boxes.addWidget(self.relevant)
        boxes.addStretch(1)
        g.addLayout(boxes, 8, 1, 1, 3)
        g.addWidget(label("Ris&k", self.risk_text), 9, 0)
        g.addWidget(self.risk_text, 9, 1)
        g.addWidget(label("Mitigation", self.risk_mitigation), 9, 2)
        g.addWidget(self.risk_mitigation, 9, 3)
        g.addWidget(self.risks, 10, 0, 1, 4)
        g.setColumnStretch(1, 1)
        g.setColumnStretch(3, 1)
        for combo in (self.direction, self.status, self.owner, self.objective):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(8)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(smart)
        outer.addLayout(g, 1)
        g.setRowStretch(10, 1)  # the risks table takes the room that is left

        order = self._editors()
        for a, b in itertools.pairwise(order):
            QWidget.setTabOrder(a, b)

    def _connect(self) -> None:
        for name in TEXT_FIELDS:
            edit: QLineEdit = getattr(self, name)
            edit.textEdited.connect(self._update_check)
            edit.editingFinished.connect(lambda n=name: self._save_text(n))
        self.scope.textChanged.connect(self._update_check)
        self.scope.editing_finished.connect(self._save_scope)
        self.due.textEdited.connect(self._update_check)
        self.due.editingFinished.connect(self._save_due)
        self.direction.activated.connect(self._save_direction)
        self.status.activated.connect(lambda _i: self._update(status=self.status.currentData()))
        self.owner.activated.connect(lambda _i: self._update(owner_id=self.owner.currentData()))
        self.objective.activated.connect(lambda _i: self._update(objective_id=self.objective.currentData()))
        self.achievable.clicked.connect(lambda on: self._update(achievable_confirmed=bool(on)))
        self.relevant.clicked.connect(lambda on: self._update(relevant_confirmed=bool(on)))
        self.use_suggestion.clicked.connect(self._use_suggestion)
        self.risk_text.returnPressed.connect(self._add_risk)
        self.risk_mitigation.returnPressed.connect(self._add_risk)

    # --- loading ----------------------------------------------------------------

    def _rock(self) -> Rock | None:
        if self.rock_id is None:
            return None
        try:
            return self.ow.rocks.get(Rock, self.rock_id)
        except PlanwallError:
            return None

    def set_rock(self, rock_id: int | None, *, force: bool = False) -> bool:
        """Show another rock; unsaved typing in the current one is saved first.

        Returns False (and stays on the current rock) when that typing cannot be saved, so
        it is not lost; ``force`` switches anyway (the current rock was deleted).
        """
        if rock_id != self.rock_id:
            if not self.commit_pending() and not force:
                self.reload()
                return False
            self._drop_risk_typing()  # a risk typed for one rock never lands on another
            self.rock_id = rock_id
            for name in TEXT_FIELDS:
                getattr(self, name).setModified(False)
            self.scope.set_clean()
            self.due.setModified(False)
        self.reload()
        return True

    def apply_scale(self) -> None:
        """Field heights that follow the text size (called when the text scale changes)."""
        line = px(self.ctx) * 1.35
        self.scope.setFixedHeight(round(line * 3 + 12))
        self.risks.setMinimumHeight(round(line * 5))

    def reload(self) -> None:
        """Re-read the rock; fields with unsaved typing keep what was typed."""
        rock = self._rock()
        if rock is None:
            self.rock_id = None
        for w in self._editors():
            w.setEnabled(rock is not None)
        self._loading = True
        try:
            self._fill_choices(rock)
            for name in TEXT_FIELDS:
                self._put(getattr(self, name), getattr(rock, name) if rock else "")
            if not self.scope.is_dirty() and rock is not None and self.scope.toPlainText() != rock.scope:
                self.scope.setPlainText(rock.scope)
                self.scope.set_clean()
            elif rock is None:
                self.scope.setPlainText("")
                self.scope.set_clean()
            self._put(self.due, format_date(rock.due_date) if rock else "")
            self._select(self.direction, rock.metric_direction if rock else "up")
            self._select(self.status, rock.status if rock else RockStatus.PROPOSED.value)
            self._select(self.owner, rock.owner_id if rock else None)
            self._select(self.objective, rock.objective_id if rock else None)
            self.achievable.setChecked(bool(rock and rock.achievable_confirmed))
            self.relevant.setChecked(bool(rock and rock.relevant_confirmed))
            self.risks.fill(rock)
            self._show_suggestion(rock)
        finally:
            self._loading = False
        self._update_check()

    def _editors(self) -> list[QWidget]:
        return [
            self.title,
            self.scope,
            self.metric_name,
            self.metric_unit,
            self.metric_baseline,
            self.metric_target,
            self.direction,
            self.due,
            self.owner,
            self.status,
            self.use_suggestion,
            self.objective,
            self.achievable,
            self.relevant,
            self.risk_text,
            self.risk_mitigation,
            self.risks,
        ]

    @staticmethod
    def _put(edit: QLineEdit, value: str) -> None:
        if edit.isModified() or edit.text() == value:
            return
        edit.setText(value)
        edit.setCursorPosition(0)  # show the beginning of a long value
        edit.setModified(False)

    @staticmethod
    def _select(combo: QComboBox, data: object) -> None:
        index = combo.findData(data)
        combo.setCurrentIndex(max(0, index))

    def _fill_choices(self, rock: Rock | None) -> None:
        people = [
            p
            for p in self.ow.setup.participants()
            if p.side != Side.FACILITATION or (rock is not None and p.id == rock.owner_id)
        ]
        wanted = [("not set", None)] + [(f"{p.name} ({nice(p.side)})", p.id) for p in people]
        self._fill_combo(self.owner, wanted)
        objectives = self.ow.setup.frame_items("objective")
        wanted = [("no objective linked", None)] + [(o.text, o.id) for o in objectives]
        self._fill_combo(self.objective, wanted)

    @staticmethod
    def _fill_combo(combo: QComboBox, wanted: list[tuple[str, int | None]]) -> None:
        current = [(combo.itemText(i), combo.itemData(i)) for i in range(combo.count())]
        if current == wanted:
            return
        combo.clear()
        for text, data in wanted:
            combo.addItem(text, data)

    def _show_suggestion(self, rock: Rock | None) -> None:
        if rock is None:
            self.suggestion.setText("")
            self.use_suggestion.setEnabled(False)
            return
        s = self.ow.rocks.suggested_owner(rock.id)
        if not s.names:
            self.suggestion.setText("Interest: nobody yet (poll on the Interest stage)")
        else:
            tie = "tie: " if len(s.names) > 1 else ""
            self.suggestion.setText(
                f"Interest suggests {tie}{', '.join(s.names)} ({interest_rules.LEVELS[s.level]})"
            )
        self._suggested = s.participant_ids[0] if len(s.participant_ids) == 1 else None
        self.use_suggestion.setEnabled(self._suggested is not None and self._suggested != rock.owner_id)

    # --- live SMART check ---------------------------------------------------------

    def facts(self) -> rock_rules.RockFacts:
        """What the widgets say now (typed, maybe not saved yet)."""
        try:
            due = parse_date(self.due.text())
        except PlanwallError:
            due = None
        return rock_rules.RockFacts(
            title=self.title.text(),
            scope=self.scope.toPlainText(),
            metric_name=self.metric_name.text(),
            metric_unit=self.metric_unit.text(),
            baseline=self.metric_baseline.text(),
            target=self.metric_target.text(),
            direction=str(self.direction.currentData()),
            due_date=due,
            objective_linked=self.objective.currentData() is not None,
            achievable_confirmed=self.achievable.isChecked(),
            relevant_confirmed=self.relevant.isChecked(),
            today=self.ow.workshop_time().today(self.ow.clock.now()),
        )

    def _update_check(self, *_args: object) -> None:
        pal = palette(self.ctx.theme)
        if self.rock_id is None:
            self.live_check = None
            self.letters.setText("")
            self.reasons.setText("Select a rock, or promote one from the vote ranking.")
            self.no_metric.setVisible(False)
            self.warnings.setVisible(False)
            self.check_changed.emit()
            return
        check = rock_rules.smart_check(self.facts())
        self.live_check = check
        self.letters.setText(smart_letters_html(check, pal, px(self.ctx, 40)))
        self.letters.setToolTip(
            "\n".join(
                f"{x.letter} {x.word}: " + ("met" if x.ok else x.reason.split(": ", 1)[-1])
                for x in check.letters
            )
        )
        missing = [x.reason for x in check.letters if not x.ok]
        due_bad = bool(self.due.text().strip()) and self.facts().due_date is None
        set_invalid(self.due, due_bad)
        if due_bad:
            rock = self._rock()
            kept = format_date(rock.due_date) if rock is not None else ""
            missing.append(
                f"Due date not understood, not saved: type {DATE_HINT}. "
                + (f"The rock keeps {kept}." if kept else "The rock has no due date yet.")
            )
        if missing:
            self.reasons.setText(
                "<br>".join(f'<span style="color:{pal.red}">&#10007;</span> {esc(r)}' for r in missing)
            )
        else:
            self.reasons.setText(
                f'<span style="color:{pal.green}; font-weight:bold">&#10003; SMART: '
                "all five letters are met.</span>"
            )
        self.no_metric.setVisible(not check.has_metric)
        self.warnings.setText("\n".join(f"\u26a0 {w}" for w in check.warnings))
        self.warnings.setVisible(bool(check.warnings))
        self.check_changed.emit()

    # --- saving -------------------------------------------------------------------

    def commit_pending(self) -> bool:
        """Save every field with unsaved typing (before switching rocks or leaving the stage).

        Returns False when something typed could not be saved (the message is shown).
        """
        if self._rock() is None:
            return True
        for name in TEXT_FIELDS:
            if getattr(self, name).isModified():
                self._save_text(name)
        if self.scope.is_dirty():
            self._save_scope()
        if self.due.isModified():
            self._save_due()
        risk_kept = self._commit_risk()
        dirty = [getattr(self, name).isModified() for name in TEXT_FIELDS]
        return risk_kept and not (any(dirty) or self.scope.is_dirty() or self.due.isModified())

    def _commit_risk(self) -> bool:
        """Add the risk typed but not yet added (Enter not pressed) to this rock.

        False when it could not be added, or when only a mitigation is typed: a mitigation
        needs its risk, so it stays in its field on this rock and the facilitator is told.
        """
        risk, mitigation = self.risk_text.text(), self.risk_mitigation.text()
        if not risk.strip():
            if mitigation.strip():
                self.ctx.error(
                    f"The mitigation '{mitigation.strip()}' has no risk yet: type the risk beside it and "
                    "press Enter, or clear the mitigation. It is not saved."
                )
                return False
            return True
        # cleared first: adding refreshes the stage, which may ask for this again (no second copy)
        self.risk_text.setText("")
        self.risk_mitigation.setText("")
        if self.risks.add(risk, mitigation):
            self.ctx.info(f"Risk '{risk.strip()}' added to this rock (you had not pressed Enter).")
            return True
        self.risk_text.setText(risk)  # refused: the message is shown, the typing stays
        self.risk_mitigation.setText(mitigation)
        return False

    def _drop_risk_typing(self) -> None:
        """Empty the risk fields before another rock (or none) is shown; say so if that drops typing."""
        fields = (self.risk_text.text().strip(), self.risk_mitigation.text().strip())
        typed = " / ".join(t for t in fields if t)
        self.risk_text.setText("")
        self.risk_mitigation.setText("")
        if typed:
            self.ctx.error(f"Not saved: '{typed}' was typed for a rock that is no longer shown.")

    def leave(self) -> None:
        """The stage is being left: save what can be saved; a due date that is not a date is put
        back to the stored one (said once, quoting what was typed), so the form shows what the
        rock and the pack hold when the facilitator comes back."""
        rock = self._rock()
        if (
            rock is not None
            and self.due.isModified()
            and self.facts().due_date is None
            and self.due.text().strip()
        ):
            self._put_back_due(rock)
        self.commit_pending()

    def _put_back_due(self, rock: Rock) -> None:
        typed = self.due.text().strip()
        self.due.setModified(False)
        self._put(self.due, format_date(rock.due_date))
        kept = format_date(rock.due_date) or "no due date"
        self.ctx.error(f"Due date '{typed}' was not a date and is not saved: '{rock.title}' keeps {kept}.")
        self._update_check()

    def _save_text(self, name: str) -> None:
        edit: QLineEdit = getattr(self, name)
        if self._loading or self.rock_id is None or not edit.isModified():
            return
        if run_ok(self.ctx, self.ow.rocks.set_text, self.rock_id, name, edit.text()):
            edit.setModified(False)
            rock = self._rock()
            if rock is not None and not edit.hasFocus():
                self._put(edit, getattr(rock, name))

    def _save_scope(self) -> None:
        if self._loading or self.rock_id is None or not self.scope.is_dirty():
            return
        if run_ok(self.ctx, self.ow.rocks.set_text, self.rock_id, "scope", self.scope.toPlainText()):
            self.scope.set_clean()

    def _save_due(self) -> None:
        if self._loading or self.rock_id is None or not self.due.isModified():
            return
        try:
            when = parse_date(self.due.text())
        except PlanwallError as exc:
            self.ctx.report(exc)
            return
        if run_ok(self.ctx, self.ow.rocks.update, self.rock_id, due_date=when):
            self.due.setModified(False)
            if not self.due.hasFocus():
                self._put(self.due, format_date(when))

    def _save_direction(self, _index: int) -> None:
        self._update(direction=self.direction.currentData())

    def _update(self, **changes: object) -> None:
        if self._loading or self.rock_id is None:
            return
        if not run_ok(self.ctx, self.ow.rocks.update, self.rock_id, **changes):
            self.reload()
        self._update_check()

    def _use_suggestion(self) -> None:
        if self._suggested is not None:
            self._update(owner_id=self._suggested)

    # --- risks ----------------------------------------------------------------------

    def _add_risk(self) -> None:
        if self.rock_id is None:
            return
        if not self.risk_text.text().strip():
            if self.risk_mitigation.text().strip():
                self.ctx.error("Type the risk first, then its mitigation; the mitigation you typed is kept.")
            self.risk_text.setFocus()
            return
        if self.risks.add(self.risk_text.text(), self.risk_mitigation.text()):
            self.risk_text.setText("")  # not undoable here: Ctrl+Z goes to the window
            self.risk_mitigation.setText("")  # not undoable here: Ctrl+Z goes to the window
            self.reload()
            self.risk_text.setFocus()
