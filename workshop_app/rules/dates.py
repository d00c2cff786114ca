"""Dates as a facilitator types them: due dates, day dates, ``new --date``.

One parser, so that every date box (and the command line) takes the same forms.
"""

from __future__ import annotations

import re
from datetime import date

from workshop_app.errors import InvalidInputError

_MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1
    )
}
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$")
_WORDS = re.compile(r"^(\d{1,2})\s+([a-z]{3})[a-z]*\.?\s+(\d{4})$")
_MDY_WORDS = re.compile(r"^([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4})$")  # March 31, 2027

DATE_HINT = "YYYY-MM-DD, DD/MM/YYYY or 30 Jun 2026"


def parse_date(text: str) -> date | None:
    """A date as typed: empty = no date; ISO, day/month/year, '30 Jun 2026' or 'June 30, 2026'.

    Raises:
        InvalidInputError: the text is not a date, with the formats that work.
    """
    t = text.strip().lower()
    if not t:
        return None
    parts: tuple[int, int, int] | None = None
    if m := _ISO.match(t):
        parts = (int(m[1]), int(m[2]), int(m[3]))
    elif m := _DMY.match(t):
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        parts = (year, int(m[2]), int(m[1]))
    elif (m := _WORDS.match(t)) and m[2] in _MONTHS:
        parts = (int(m[3]), _MONTHS[m[2]], int(m[1]))
    elif (m := _MDY_WORDS.match(t)) and m[1] in _MONTHS:  # the month in words: never ambiguous
        parts = (int(m[3]), _MONTHS[m[1]], int(m[2]))
    if parts is not None:
        try:
            return date(*parts)
        except ValueError:
            pass
    raise InvalidInputError(
        f"'{text.strip()}' is not a date Planwall understands. Type it as {DATE_HINT}, or leave it empty."
    )
