"""Dates as typed in every date box and ``new --date``: one parser (rules/dates.py)."""

from __future__ import annotations

from datetime import date

import pytest

from workshop_app.errors import InvalidInputError
from workshop_app.rules.dates import DATE_HINT, parse_date


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("2026-06-30", date(2026, 6, 30)),
        ("2026-6-3", date(2026, 6, 3)),
        ("30/06/2026", date(2026, 6, 30)),
        ("30.6.26", date(2026, 6, 30)),
        ("30 Jun 2026", date(2026, 6, 30)),
        ("30 june 2026", date(2026, 6, 30)),
        ("  1 Sept. 2026 ", date(2026, 9, 1)),
        ("", None),
        ("   ", None),
    ],
)
def test_the_forms_a_facilitator_types(typed: str, meant: date | None) -> None:
    assert parse_date(typed) == meant


@pytest.mark.parametrize("typed", ["31/02/2026", "next tuesday", "2026-13-01", "30 Foo 2026", "06/30"])
def test_anything_else_says_which_forms_work(typed: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        parse_date(typed)
    assert str(caught.value) == (
        f"'{typed.strip()}' is not a date Planwall understands. Type it as {DATE_HINT}, or leave it empty."
    )


def test_month_in_words_first() -> None:
    assert parse_date("March 31, 2027") == date(2027, 3, 31)
    assert parse_date("Mar 31 2027") == date(2027, 3, 31)
    assert parse_date("sept. 1, 2026") == date(2026, 9, 1)
    for bad in ("February 30, 2027", "Smarch 3, 2027", "March 31", "31, 2027"):
        with pytest.raises(InvalidInputError):
            parse_date(bad)
