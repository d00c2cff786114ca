"""Typed text shown exactly as typed where Qt would read something into it: ``&`` in the label of
a tab, button or action (a mnemonic), markup in a message box or a tooltip (rich text)."""

from __future__ import annotations

import html
import re

from PySide6.QtGui import Qt

ZERO_WIDTH_SPACE = "\u200b"
_UNBROKEN = re.compile(r"\S{25,}")


def breakable(text: str, every: int = 20) -> str:
    """``text`` for a word-wrapped label that must not grow wider than it is given: a run of
    25 or more characters without a space (a pasted link, "xxxx…") gets a zero-width break
    chance every ``every`` characters.  Nothing visible changes and only the screen gets it:
    what is stored and exported is the text as typed."""
    if len(text) < 25 or _UNBROKEN.search(text) is None:
        return text

    def cut(m: re.Match[str]) -> str:
        run = m.group(0)
        return ZERO_WIDTH_SPACE.join(run[i : i + every] for i in range(0, len(run), every))

    return _UNBROKEN.sub(cut, text)


def literal_label(text: str) -> str:
    """``text`` with each ``&`` doubled, so that it shows as typed and underlines nothing."""
    return text.replace("&", "&&")


def shown_as_typed(text: str) -> str:
    """``text`` for a place that guesses its text format (a message box's text, a tooltip).

    A question quoting a name typed as ``<b>Grow</b>`` would be shown bold: such text is
    given as rich text that shows every character as it is (spaces and line breaks kept).
    Text that cannot be mistaken for markup is returned unchanged.
    """
    if not Qt.mightBeRichText(text):
        return text
    return f'<p style="white-space: pre-wrap">{html.escape(text, quote=False)}</p>'
