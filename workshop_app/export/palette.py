"""The pack's few colours, shared by the Word and PDF renderers (hex, no '#')."""

from __future__ import annotations

ACCENT = "1F4E79"  # headings, rules, bars
ACCENT_LIGHT = "DCE6F1"  # table header rows, cluster rows
ZEBRA = "F4F6F9"  # alternate table rows
RULE = "BFC7D1"  # table lines
MUTED = "5F6B7A"  # secondary text: authors, running header, notes
TEXT = "1A1A1A"
DECISION = "FFF3D1"  # decision rows in the minutes
DECISION_MARK = "9A6700"
OVER = "A32A1F"  # overruns, SMART letters not met
OK = "2E6B34"  # SMART letters met
#: Interest levels 0..3 as cell shades (0 = no fill).
INTEREST = ("FFFFFF", "DCE6F1", "9DB9D8", "2F6196")
INTEREST_TEXT = ("5F6B7A", "1A1A1A", "1A1A1A", "FFFFFF")


def rgb(hex6: str) -> tuple[int, int, int]:
    return int(hex6[0:2], 16), int(hex6[2:4], 16), int(hex6[4:6], 16)
