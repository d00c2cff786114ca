"""Interest levels: how much each participant wants to take part in a rock.

Levels run from 0 (not involved) to 3 (want to own).  The people at the highest
level above 0 are suggested as owners; the facilitator decides.
"""

from __future__ import annotations

from collections.abc import Mapping

from workshop_app.errors import InvalidInputError

LEVELS: dict[int, str] = {0: "not involved", 1: "small part", 2: "contribute", 3: "want to own"}

MIN_LEVEL = min(LEVELS)
MAX_LEVEL = max(LEVELS)


def validate_level(level: int) -> None:
    """Refuse a level outside 0..3.

    Raises:
        InvalidInputError: ``level`` is not one of :data:`LEVELS` (a ``bool`` is refused too).
    """
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise InvalidInputError("Interest level must be 0 (not involved) to 3 (want to own).")


def suggested_owners(levels: Mapping[int, int]) -> list[int]:
    """Participant ids at the highest level given, in ascending id order.

    ``levels`` maps participant id -> level.  Returns ``[]`` when nobody is above 0.

    Raises:
        InvalidInputError: a level is outside 0..3.
    """
    for level in levels.values():
        validate_level(level)
    top = max(levels.values(), default=0)
    if top <= MIN_LEVEL:
        return []
    return sorted(pid for pid, level in levels.items() if level == top)


def interest_summary(levels: Mapping[int, int]) -> dict[int, int]:
    """Count the people at each level: ``{0: n0, 1: n1, 2: n2, 3: n3}``.

    All four keys are present, even with a count of 0.

    Raises:
        InvalidInputError: a level is outside 0..3.
    """
    summary = dict.fromkeys(LEVELS, 0)
    for level in levels.values():
        validate_level(level)
        summary[level] += 1
    return summary
