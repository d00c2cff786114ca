"""User text made safe for the renderers, without changing what it says.

- ``xml_safe``: characters XML 1.0 forbids (a .docx cannot hold them) become U+FFFD.
- ``ltr_range``/``isolated``: bidi isolates around user text inside a line the pack composes.
- ``markup``: reportlab ``Paragraph`` markup that prints the text literally: ``<b>``,
  ``&amp;`` and ``<img src=...>`` stay text; newlines, tabs and runs of spaces are kept.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
REPLACEMENT = "\ufffd"
NBSP = "\u00a0"
TAB_SPACES = 4
_SPACE_RUN = re.compile(" {2,}")


def xml_safe(text: str) -> str:
    """``text`` with CR/LF as LF and XML-invalid characters as U+FFFD (tabs and newlines kept)."""
    return _XML_INVALID.sub(REPLACEMENT, text.replace("\r\n", "\n").replace("\r", "\n"))


# Unicode bidi isolates (UAX #9): invisible formatting marks, not text.  They keep the text typed by
# the user exactly as typed and only stop it from reordering the words the pack puts around it.
LRI = "\u2066"  # left-to-right isolate
FSI = "\u2068"  # first-strong isolate: the direction of the text's own first letter
PDI = "\u2069"  # pop directional isolate (ends either)
ISOLATES = (LRI, FSI, PDI)


def isolated(text: str) -> str:
    """``text`` in its own direction, whatever surrounds it (an Arabic name before a colon)."""
    return f"{FSI}{text}{PDI}" if text else text


def ltr_range(start: str, end: str) -> str:
    """ "start → end" read left to right in every paragraph: after an Arabic or Hebrew metric name
    the Unicode bidi algorithm would otherwise show "10 → 20" as "20 → 10" (a decrease)."""
    return f"{LRI}{isolated(start)} → {isolated(end)}{PDI}"


def without_isolates(text: str) -> str:
    """``text`` without bidi isolates, for reportlab, which has no bidi algorithm to give them a meaning."""
    for mark in ISOLATES:
        text = text.replace(mark, "")
    return text


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


def excerpt(text: str, limit: int = 60) -> str:
    """One line of at most ``limit`` characters, for naming an item in a message."""
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= limit else one_line[: limit - 1].rstrip() + "…"
