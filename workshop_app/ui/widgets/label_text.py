"""Typed text shown as the label of a tab, button or action, where Qt reads ``&`` as a mnemonic."""

from __future__ import annotations


def literal_label(text: str) -> str:
    """``text`` with each ``&`` doubled, so that it shows as typed and underlines nothing."""
    return text.replace("&", "&&")
