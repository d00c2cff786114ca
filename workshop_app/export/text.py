"""User text made safe for the renderers, without changing what it says.

- ``xml_safe``: characters XML 1.0 forbids (a .docx cannot hold them) become U+FFFD.
- ``markup``: reportlab ``Paragraph`` markup that prints the text literally: ``<b>``,
  ``&amp;`` and ``<img src=...>`` stay text; newlines, tabs and runs of spaces are kept.
- ``chunks``: long text cut at line and word boundaries into pieces a renderer can
  lay out quickly (a 50,000-word paragraph would take reportlab minutes to split).
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
NBSP = "\u00a0"
TAB_SPACES = 4
_SPACE_RUN = re.compile(" {2,}")

#: Characters per piece of free text (about a third of a page).
CHUNK_CHARS = 1500
#: Characters per printed line of body text across the page, for ``chunks(line_chars=...)``.
BODY_LINE_CHARS = 95


def xml_safe(text: str) -> str:
    """``text`` with CR/LF as LF and XML-invalid characters as U+FFFD (tabs and newlines kept)."""
    return _XML_INVALID.sub(REPLACEMENT, text.replace("\r\n", "\n").replace("\r", "\n"))


def _keep_spaces(line: str) -> str:
    line = line.replace("\t", NBSP * TAB_SPACES)
    line = _SPACE_RUN.sub(lambda m: " " + NBSP * (len(m.group()) - 1), line)
    if line.startswith(" "):
        line = NBSP + line[1:]
    return line


def markup(text: str) -> str:
    """reportlab Paragraph markup showing ``text`` exactly: escaped, line breaks as ``<br/>``."""
    lines = escape(xml_safe(text)).split("\n")
    return "<br/>".join(_keep_spaces(line) for line in lines)


def _split_line(line: str, limit: int) -> list[str]:
    """Cut one long line at spaces into pieces of at most ``limit`` characters (a longer word is cut)."""
    pieces: list[str] = []
    rest = line
    while len(rest) > limit:
        cut = rest.rfind(" ", 0, limit + 1)
        if cut <= 0:
            pieces.append(rest[:limit])
            rest = rest[limit:]
        else:
            pieces.append(rest[:cut])
            rest = rest[cut + 1 :]
    pieces.append(rest)
    return pieces


def chunks(text: str, limit: int = CHUNK_CHARS, line_chars: int = 0) -> list[str]:
    """``text`` in pieces of at most about ``limit`` characters, cut at newlines first, then at spaces.

    With ``line_chars`` (characters per printed line), a short line counts as a whole printed
    line, so text of many short lines is cut as early as text of a few long ones: each piece
    then fills at most ``limit / line_chars`` printed lines.  Joining the pieces with newlines
    gives back the text, except that a space where a long line was cut becomes the boundary.
    Short text comes back as one piece.
    """
    if len(text) <= limit and (not line_chars or (text.count("\n") + 1) * line_chars <= limit):
        return [text]
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        for part in _split_line(line, limit):
            cost = len(part) + 1
            if line_chars:
                cost = max(-(-len(part) // line_chars), 1) * line_chars
            if current and size + cost > limit:
                pieces.append("\n".join(current))
                current, size = [], 0
            current.append(part)
            size += cost
    if current:
        pieces.append("\n".join(current))
    return pieces


def excerpt(text: str, limit: int = 60) -> str:
    """One line of at most ``limit`` characters, for naming an item in a message."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"
