"""Typed text shown exactly as typed where Qt would read something into it: ``&`` in the label of
a tab, button or action (a mnemonic), markup in a message box or a tooltip (rich text)."""

from __future__ import annotations

import html

from PySide6.QtGui import Qt


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
