"""Rocks: the few joint priorities a workshop commits to.

Two jobs: keep the number of rocks small (at most :data:`MAX_ROCKS` unless the
facilitator overrides), and check each rock against SMART (Specific, Measurable,
Achievable, Relevant, Time-bound), saying what to add when a letter is missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from workshop_app.errors import RockLimitError

MAX_ROCKS = 7

#: Minimum number of words for the scope to count as specific.
MIN_SCOPE_WORDS = 3


def check_can_add_rock(existing: int, override: bool = False) -> None:
    """Refuse a rock beyond :data:`MAX_ROCKS` unless ``override`` is set.

    ``existing`` is the number of rocks already in the workshop.  Adding is
    allowed when ``existing < MAX_ROCKS`` or ``override`` is true.

    Raises:
        RockLimitError: ``existing >= MAX_ROCKS`` and no override.
    """
    if existing >= MAX_ROCKS and not override:
        raise RockLimitError(
            f"There are already {existing} rocks. Focus means at most {MAX_ROCKS}: "
            "drop or merge one, or add this one with the override."
        )


# --- metric values -----------------------------------------------------------

_MULTIPLIERS: dict[str, Decimal] = {
    "": Decimal(1),
    "k": Decimal(1_000),
    "m": Decimal(1_000_000),
    "bn": Decimal(1_000_000_000),
}

_METRIC = re.compile(
    r"""
    ^(?P<sign1>[+-]?)\s*
    (?P<currency>[£$€¥])?\s*
    (?P<sign2>[+-]?)\s*
    (?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d*)?|\.\d+)\s*
    (?P<suffix>k|m|bn)?\s*
    (?P<percent>%)?$
    """,
    re.IGNORECASE | re.VERBOSE,
)


def parse_metric_value(text: str | None) -> Decimal | None:
    """Read a baseline or target typed the way people write numbers in a workshop.

    Accepted: ``"12"``, ``"-3.5"``, ``"1,250"`` (commas only as thousands
    separators in groups of three), ``"12.5%"`` (-> 12.5, the percent sign is
    dropped, not divided by 100), ``"£2.3m"``, ``"$4k"``, ``"€ 1.2 bn"``,
    ``" 40 "``, a sign before or after the currency symbol (``"-£2m"``,
    ``"£-2m"``), and the Unicode minus sign.

    Value = number x multiplier, multiplier k = 10^3, m = 10^6, bn = 10^9
    (suffixes case-insensitive).

    Returns ``None`` for ``None``, empty or non-numeric text (``"n/a"``,
    ``"tbd"``), NaN or Infinity, a decimal comma (``"1,5"``: ambiguous), two
    signs, and a suffix together with a percent sign.
    """
    if text is None:
        return None
    cleaned = text.strip().replace("\u2212", "-")
    match = _METRIC.match(cleaned)
    if match is None:
        return None
    if match["sign1"] and match["sign2"]:
        return None
    suffix = (match["suffix"] or "").lower()
    if suffix and match["percent"]:
        return None
    try:
        value = Decimal(match["number"].replace(",", "").rstrip("."))
    except InvalidOperation:  # pragma: no cover - the pattern only lets digits through
        return None
    value *= _MULTIPLIERS[suffix]
    if "-" in (match["sign1"], match["sign2"]):
        value = -value
    return value if value.is_finite() else None


# --- SMART -------------------------------------------------------------------


@dataclass(frozen=True)
class RockFacts:
    """What the SMART check needs to know about one rock.

    ``direction`` is ``"up"`` or ``"down"``: which way the metric should move.
    ``achievable_confirmed``: the facilitator ticked "the room agrees this is achievable".
    ``relevant_confirmed``: ticked relevant (the alternative to a linked objective).
    ``today``: from the clock, to flag a due date in the past.
    """

    title: str
    scope: str
    metric_name: str
    metric_unit: str
    baseline: str
    target: str
    direction: str
    due_date: date | None
    objective_linked: bool
    achievable_confirmed: bool
    relevant_confirmed: bool
    today: date


@dataclass(frozen=True)
class SmartLetter:
    """One letter of SMART; ``reason`` says what to add when ``ok`` is false ("" when ok)."""

    letter: str
    word: str
    ok: bool
    reason: str


@dataclass(frozen=True)
class SmartCheck:
    """The five letters in order S, M, A, R, T, plus flags and warnings.

    ``has_metric`` is false when the rock has no target metric (no metric name or
    no numeric target): the "no target metric" flag.
    ``warnings`` never make a letter fail; they point at numbers that look wrong.
    """

    letters: tuple[SmartLetter, ...]
    has_metric: bool
    warnings: tuple[str, ...]

    @property
    def missing(self) -> str:
        """The letters that are not met, e.g. ``"MT"``; ``""`` when all are met."""
        return "".join(letter.letter for letter in self.letters if not letter.ok)

    @property
    def ok(self) -> bool:
        """True when every letter is met (warnings do not count)."""
        return all(letter.ok for letter in self.letters)


def _letter(letter: str, word: str, problems: list[str]) -> SmartLetter:
    if not problems:
        return SmartLetter(letter, word, True, "")
    return SmartLetter(letter, word, False, f"{word}: {' '.join(problems)}")


def _specific(f: RockFacts) -> SmartLetter:
    problems: list[str] = []
    if not f.title.strip():
        problems.append("give the rock a title.")
    if len(f.scope.split()) < MIN_SCOPE_WORDS:
        problems.append(f"describe the scope in at least {MIN_SCOPE_WORDS} words (what, for whom, where).")
    return _letter("S", "Specific", problems)


def _measurable(f: RockFacts, baseline: Decimal | None, target: Decimal | None) -> SmartLetter:
    gaps: list[str] = []
    if not f.metric_name.strip():
        gaps.append("a metric name")
    if baseline is None:
        gaps.append("a numeric baseline")
    if target is None:
        gaps.append("a numeric target")
    if not gaps:
        return _letter("M", "Measurable", [])
    listed = gaps[0] if len(gaps) == 1 else ", ".join(gaps[:-1]) + " and " + gaps[-1]
    return _letter("M", "Measurable", [f"give the metric {listed}."])


def _achievable(f: RockFacts) -> SmartLetter:
    problems = (
        []
        if f.achievable_confirmed
        else ["ask the room whether this is achievable, and tick the box when it agrees."]
    )
    return _letter("A", "Achievable", problems)


def _relevant(f: RockFacts) -> SmartLetter:
    problems = (
        []
        if (f.objective_linked or f.relevant_confirmed)
        else ["link the rock to a joint objective, or tick that the room agrees it is relevant."]
    )
    return _letter("R", "Relevant", problems)


def _time_bound(f: RockFacts) -> SmartLetter:
    problems = [] if f.due_date is not None else ["set a due date."]
    return _letter("T", "Time-bound", problems)


def _warnings(f: RockFacts, baseline: Decimal | None, target: Decimal | None) -> tuple[str, ...]:
    warnings: list[str] = []
    direction = f.direction.strip().casefold()
    if baseline is not None and target is not None:
        if target == baseline:
            warnings.append(
                f"The target equals the baseline ({f.baseline.strip()}): set a target that moves the metric."
            )
        elif direction == "up" and target < baseline:
            warnings.append(
                f"The metric should go up, but the target ({f.target.strip()}) is below "
                f"the baseline ({f.baseline.strip()}): check the direction or the numbers."
            )
        elif direction == "down" and target > baseline:
            warnings.append(
                f"The metric should go down, but the target ({f.target.strip()}) is above "
                f"the baseline ({f.baseline.strip()}): check the direction or the numbers."
            )
    if direction not in ("up", "down"):
        warnings.append("Say whether the metric should go up or down.")
    if f.due_date is not None and f.due_date < f.today:
        warnings.append(f"The due date ({f.due_date.isoformat()}) is in the past: pick a later date.")
    return tuple(warnings)


def smart_check(f: RockFacts) -> SmartCheck:
    """Check a rock against SMART.

    - **S** Specific: the title is not blank and the scope has at least
      :data:`MIN_SCOPE_WORDS` words (split on whitespace).
    - **M** Measurable: the metric name is not blank and both baseline and target
      parse with :func:`parse_metric_value`.
    - **A** Achievable: ``achievable_confirmed``.
    - **R** Relevant: ``objective_linked`` or ``relevant_confirmed``.
    - **T** Time-bound: ``due_date`` is set.  A due date before ``today`` is a
      warning, not a failure.

    ``has_metric`` = metric name not blank and target numeric.

    Warnings (when baseline and target are both numeric): target equals baseline;
    direction ``"up"`` with target < baseline; direction ``"down"`` with
    target > baseline.  Also: direction neither up nor down; due date in the past.
    """
    baseline = parse_metric_value(f.baseline)
    target = parse_metric_value(f.target)
    letters = (
        _specific(f),
        _measurable(f, baseline, target),
        _achievable(f),
        _relevant(f),
        _time_bound(f),
    )
    return SmartCheck(
        letters=letters,
        has_metric=bool(f.metric_name.strip()) and target is not None,
        warnings=_warnings(f, baseline, target),
    )
