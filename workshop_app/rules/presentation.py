"""The order in which people present back to the room.

Rule: the least experienced speak first so they are not overshadowed, and the
leaders of either side speak last.  Facilitators do not present.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

FACILITATION_SIDE = "facilitation"


@dataclass(frozen=True)
class Presenter:
    """A person who may present.

    ``experience_rank``: higher = more experienced.
    ``side``: ``"supplier"``, ``"customer"`` or ``"facilitation"``.
    """

    id: int
    name: str
    experience_rank: int
    is_leader: bool
    side: str


def _sort_key(p: Presenter) -> tuple[bool, int, str, int]:
    return (p.is_leader, p.experience_rank, p.name.casefold(), p.id)


def presentation_order(people: Iterable[Presenter]) -> list[int]:
    """Return presenter ids in speaking order.

    Sort key, in order of precedence:

    1. non-leaders before leaders;
    2. lower ``experience_rank`` first (within non-leaders and within leaders);
    3. ``name.casefold()``;
    4. ``id``.

    People whose side is ``"facilitation"`` (compared case-insensitively, ignoring
    surrounding spaces) are left out.
    """
    presenters = [p for p in people if p.side.strip().casefold() != FACILITATION_SIDE]
    return [p.id for p in sorted(presenters, key=_sort_key)]
