"""Parse JSON remembering the line of every value, to name lines in validation messages.

Only used after a fast parse has found a problem, so its speed does not matter.
"""

from __future__ import annotations

import json
import json.decoder
import json.scanner
from typing import Any

# The pure-Python scanner internals are not in the stubs; they are stable since Python 2.6.
_scanner: Any = json.scanner
_decoder_mod: Any = json.decoder


def line_map(text: str) -> dict[tuple[str | int, ...], int]:
    """Map each JSON path (tuple of keys/indices) to the 1-based line where its value starts."""
    lines: dict[tuple[str | int, ...], int] = {}
    newline_offsets = [i for i, ch in enumerate(text) if ch == "\n"]

    def line_of(pos: int) -> int:
        lo, hi = 0, len(newline_offsets)
        while lo < hi:
            mid = (lo + hi) // 2
            if newline_offsets[mid] < pos:
                lo = mid + 1
            else:
                hi = mid
        return lo + 1

    class Located:
        __slots__ = ("pos", "value")

        def __init__(self, value: Any, pos: int) -> None:
            self.value = value
            self.pos = pos

    decoder: Any = json.JSONDecoder()
    base_scan = _scanner.py_make_scanner(decoder)

    def scan(s: str, idx: int) -> tuple[Any, int]:
        value, end = base_scan(s, idx)
        return Located(value, idx), end

    def parse_object(s_and_end: tuple[str, int], strict: bool, scan_once: Any, *rest: Any) -> Any:
        pairs, end = _decoder_mod.JSONObject(s_and_end, strict, scan, None, lambda p: p, {})
        return pairs, end

    def parse_array(s_and_end: tuple[str, int], scan_once: Any) -> Any:
        return _decoder_mod.JSONArray(s_and_end, scan)

    decoder.parse_object = parse_object
    decoder.parse_array = parse_array
    base_scan = _scanner.py_make_scanner(decoder)

    root, _ = scan(text, _decoder_mod.WHITESPACE.match(text, 0).end())

    def walk(node: Any, path: tuple[str | int, ...]) -> None:
        lines[path] = line_of(node.pos)
        value = node.value
        is_object = value and isinstance(value, list) and isinstance(value[0], tuple)
        if is_object:  # objects arrive as lists of (key, value) pairs; arrays as lists of values
            for key, child in value:
                walk(child, (*path, key))
            return
        if isinstance(value, list):
            for i, child in enumerate(value):
                if isinstance(child, Located):
                    walk(child, (*path, i))

    walk(root, ())
    return lines
