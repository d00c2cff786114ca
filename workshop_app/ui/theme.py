"""Light and dark high-contrast themes and the text scale used by every stage and the wall."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Palette:
    name: str
    bg: str  # window background
    fg: str  # main text
    muted: str  # secondary text (still readable at distance)
    accent: str  # selection, primary buttons
    accent_fg: str  # text on accent
    card: str  # note cards / panels
    card_fg: str
    border: str
    amber: str  # timer: 20% left
    red: str  # timer: 5% left / over
    green: str  # ok / done


LIGHT = Palette(
    name="light", bg="#ffffff", fg="#111111", muted="#4a4a4a", accent="#0b57d0", accent_fg="#ffffff",
    card="#fff8d6", card_fg="#111111", border="#8a8a8a", amber="#b35c00", red="#c62828", green="#1b7f3b",
)
DARK = Palette(
    name="dark", bg="#0d0d0d", fg="#f5f5f5", muted="#c8c8c8", accent="#7cacf8", accent_fg="#000000",
    card="#2a2a1e", card_fg="#f5f5f5", border="#9e9e9e", amber="#ffb74d", red="#ff6b6b", green="#66d17a",
)
THEMES = {"light": LIGHT, "dark": DARK}


def palette(name: str) -> Palette:
    return THEMES.get(name, LIGHT)
