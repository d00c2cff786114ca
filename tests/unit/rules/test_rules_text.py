"""Unit tests for workshop_app.rules.text."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshop_app.errors import EmptyTextError, InvalidInputError
from workshop_app.rules.text import clean_optional, clean_required, clean_text, short_company

FFFD = "\ufffd"


def is_xml_char(ch: str) -> bool:
    """XML 1.0 Char production."""
    cp = ord(ch)
    return (
        cp in (0x9, 0xA, 0xD) or 0x20 <= cp <= 0xD7FF or 0xE000 <= cp <= 0xFFFD or 0x10000 <= cp <= 0x10FFFF
    )


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("hello", "hello"),
        ("  padded \t\n", "padded"),
        ("a\r\nb", "a\nb"),
        ("a\rb", "a\nb"),
        ("a\r\rb", "a\n\nb"),
        ("a\n\r\nb", "a\n\nb"),
        ("tab\there", "tab\there"),
        ("line1\nline2", "line1\nline2"),
        ("<b>bold</b> & co", "<b>bold</b> & co"),
        ("emoji 🚀👩‍👩‍👧", "emoji 🚀👩‍👩‍👧"),
        ("rtl \u202eabc", "rtl \u202eabc"),
        ("中文 テキスト", "中文 テキスト"),
        ("nul\x00byte", f"nul{FFFD}byte"),
        ("bell\x07", f"bell{FFFD}"),
        ("\x0b\x0cvt ff", f"{FFFD}{FFFD}vt ff"),
        ("esc\x1b[0m", f"esc{FFFD}[0m"),
        ("\x1f", FFFD),
        ("non\ufffechar\uffff", f"non{FFFD}char{FFFD}"),
        ("lone \ud83d surrogate", f"lone {FFFD} surrogate"),
        ("low \udc00", f"low {FFFD}"),
        ("del\x7f and \x85 kept", "del\x7f and \x85 kept"),
        ("\u00a0nbsp\u00a0", "nbsp"),
        ("", ""),
        ("   ", ""),
    ],
)
def test_clean_text(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_clean_text_keeps_inner_blank_lines() -> None:
    assert clean_text("\n\npara one\n\n\npara two\n") == "para one\n\n\npara two"


def test_clean_required_returns_cleaned() -> None:
    assert clean_required("  Supply chain\r\n", "cluster title") == "Supply chain"


@pytest.mark.parametrize("raw", ["", "   ", "\r\n\t"])
def test_clean_required_refuses_empty(raw: str) -> None:
    with pytest.raises(EmptyTextError) as info:
        clean_required(raw, "idea text")
    assert str(info.value) == "The idea text is empty: type something, or press Esc to cancel."
    assert isinstance(info.value, InvalidInputError)


def test_clean_required_keeps_replaced_control_char() -> None:
    assert clean_required("\x00", "idea text") == FFFD


def test_clean_optional() -> None:
    assert clean_optional(None) == ""
    assert clean_optional("  x\r\n") == "x"
    assert clean_optional("") == ""


@given(st.text())
def test_clean_text_output_is_xml_safe_utf8_and_idempotent(raw: str) -> None:
    out = clean_text(raw)
    assert all(is_xml_char(ch) for ch in out)
    assert "\r" not in out
    out.encode("utf-8")
    assert clean_text(out) == out
    assert out == out.strip()


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_characters="\r")))
def test_clean_text_keeps_valid_text_apart_from_trimming(raw: str) -> None:
    if all(is_xml_char(ch) for ch in raw):
        assert clean_text(raw) == raw.strip()


@given(st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x20)))
def test_clean_text_replaces_one_for_one(raw: str) -> None:
    normalised = raw.replace("\r\n", "\n").replace("\r", "\n")
    out = clean_text(raw)
    assert len(out) <= len(normalised)
    bad = sum(1 for ch in normalised if not is_xml_char(ch))
    assert out.count(FFFD) == bad


@pytest.mark.parametrize(
    ("name", "short"),
    [
        ("Meadowvale Foods Ltd", "Meadowvale"),
        ("Castlegate Retail Group", "Castlegate"),
        ("Marks & Spencer", "Marks & Spencer"),  # was "Marks", which read like a person's name
        ("Procter & Gamble UK & Ireland", "Procter & Gamble"),  # was "Procter"
        ("Tesco", "Tesco"),
        ("BP Oil UK Limited", "BP Oil UK"),
        ("Unilever plc", "Unilever plc"),  # short enough as it is
        ("Johnson and Johnson Consumer", "Johnson and Johnson"),
    ],
)
def test_company_names_are_shortened_for_narrow_columns(name: str, short: str) -> None:
    assert short_company(name) == short
