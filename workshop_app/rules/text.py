"""Cleaning of text typed by users before it is stored or exported.

Everything a user types goes through :func:`clean_text` so that it can always be
written to SQLite, JSON, .docx (XML 1.0) and PDF without surprises.
"""

from __future__ import annotations

import re

from workshop_app.errors import EmptyTextError

# Characters that XML 1.0 does not allow (so a .docx cannot hold them), plus lone
# surrogates, which cannot be encoded as UTF-8.  Tab (U+0009), newline (U+000A)
# and carriage return (U+000D, normalised away first) are allowed.
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

REPLACEMENT_CHARACTER = "\ufffd"


def clean_text(value: str) -> str:
    """Return ``value`` made safe to store and export.

    Steps, in order:

    1. ``"\\r\\n"`` and a lone ``"\\r"`` become ``"\\n"``.
    2. Characters invalid in XML 1.0 (U+0000-U+0008, U+000B, U+000C,
       U+000E-U+001F, U+FFFE, U+FFFF) and lone surrogates (U+D800-U+DFFF) become
       U+FFFD, so the user sees that something was there.
    3. Leading and trailing whitespace is stripped (``str.strip``).

    Everything else is kept exactly: tabs and inner newlines, markup such as
    ``<b>`` and ``&``, emoji, right-to-left overrides, CJK.  The function is
    idempotent: ``clean_text(clean_text(s)) == clean_text(s)``.
    """
    text = value.replace("\r\n", "\n").replace("\r", "\n")
    text = _XML_INVALID.sub(REPLACEMENT_CHARACTER, text)
    return text.strip()


def clean_required(value: str, what: str) -> str:
    """Clean ``value`` and refuse it when nothing is left.

    ``what`` names the field in the message, e.g. ``"idea text"``.

    Raises:
        EmptyTextError: the cleaned text is empty.
    """
    text = clean_text(value)
    if not text:
        raise EmptyTextError(f"The {what} is empty: type something, or press Esc to cancel.")
    return text


def clean_optional(value: str | None) -> str:
    """Clean ``value``; ``None`` becomes the empty string."""
    if value is None:
        return ""
    return clean_text(value)


_LEGAL_FORMS = {
    "ltd", "ltd.", "limited", "plc", "inc", "inc.", "llc", "gmbh", "ag", "sa", "s.a.", "bv", "b.v.",
    "nv", "n.v.", "co", "co.", "corp", "corp.", "corporation", "pty", "llp", "srl", "spa", "s.p.a.",
}  # fmt: skip


def short_company(name: str, longest: int = 14) -> str:
    """A company's name short enough for a narrow column, still telling the two apart.

    "Meadowvale Foods Ltd" -> "Meadowvale"; "Marks & Spencer" and "Procter & Gamble UK &
    Ireland" keep the words joined by "&" ("Marks & Spencer", "Procter & Gamble": the first
    word alone looked like a person's name); a name of ``longest`` characters or fewer, or
    one whose first word is shorter than 4 letters ("BP Oil UK"), is kept whole.
    """
    words = name.split()
    while len(words) > 1 and words[-1].casefold() in _LEGAL_FORMS:
        words.pop()
    if len(name) <= longest or not words:
        return name
    if len(words) >= 3 and words[1] in ("&", "and", "+"):
        return " ".join(words[:3])
    if len(words[0]) >= 4 and not words[0].endswith("&"):
        return words[0]
    return " ".join(words)
