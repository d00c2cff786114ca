"""Reading a -wal file's frames the way SQLite does, to tell when SQLite would drop saved changes.

When SQLite opens a workshop after a crash it replays the -wal from its start and stops at
the first frame whose checksum fails, silently: every change saved after that point is
dropped, and the file opens as healthy.  A frame cannot fail on its own in a -wal Planwall
wrote (``synchronous=FULL`` writes each change's frames before the commit frame and flushes
them), so a commit frame of the same -wal after a failing frame means the -wal was damaged
(a failing disk or stick, bytes changed), and that the changes in it would be lost.

A frame torn by a crash mid-write is the last thing in the file and never followed by a
commit frame of the same -wal, so it is not reported: that change was never saved.

The format (https://www.sqlite.org/fileformat2.html#walformat): a 32-byte header (magic,
version, page size, checkpoint sequence, two salts, two checksum words), then frames of a
24-byte header (page number, database size in pages for a commit frame else 0, the two
salts, two checksum words) and one page.  Checksums run on from the header's through every
frame, over 32-bit words in the byte order the magic number names.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

MAGIC_LE, MAGIC_BE = 0x377F0682, 0x377F0683
HEADER = 32
FRAME_HEADER = 24
_MASK = 0xFFFFFFFF


@dataclass(frozen=True)
class WalReading:
    frames: int  # frames of this -wal (the header's salts) in the file
    commits: int  # of them, commit frames
    replayed_commits: int  # commit frames SQLite would replay (before the first bad checksum)

    @property
    def lost_commits(self) -> int:
        """Saved changes that SQLite would drop without a word."""
        return self.commits - self.replayed_commits


def _checksum(data: bytes | memoryview, big_endian: bool, s1: int, s2: int) -> tuple[int, int]:
    words = struct.unpack(f"{'>' if big_endian else '<'}{len(data) // 4}I", data)
    for i in range(0, len(words), 2):
        s1 = (s1 + words[i] + s2) & _MASK
        s2 = (s2 + words[i + 1] + s1) & _MASK
    return s1, s2


def read_wal(path: Path) -> WalReading | None:
    """What SQLite would make of the -wal at ``path``; None when it holds no -wal header (empty,
    or too short to be one: SQLite ignores it, and so nothing in it was ever saved)."""
    raw = path.read_bytes()
    if len(raw) < HEADER:
        return None
    magic, _version, page_size, _seq, salt1, salt2, c1, c2 = struct.unpack(">8I", raw[:HEADER])
    if magic not in (MAGIC_LE, MAGIC_BE) or page_size < 512 or page_size & (page_size - 1):
        return None
    big_endian = magic == MAGIC_BE
    view = memoryview(raw)
    s1, s2 = _checksum(view[:24], big_endian, 0, 0)
    valid = (s1, s2) == (c1, c2)  # a bad header: SQLite ignores the whole -wal
    frames = commits = replayed = 0
    size = FRAME_HEADER + page_size
    for offset in range(HEADER, len(raw) - size + 1, size):
        page, db_size, f_salt1, f_salt2, f1, f2 = struct.unpack_from(">6I", raw, offset)
        if (f_salt1, f_salt2) != (salt1, salt2) or page == 0:
            valid = False  # SQLite's replay ends here: a frame of an earlier -wal (written over
            continue  # from the start since), or a damaged frame header
        frames += 1
        if db_size:
            commits += 1
        if valid:
            s1, s2 = _checksum(view[offset : offset + 8], big_endian, s1, s2)
            s1, s2 = _checksum(view[offset + FRAME_HEADER : offset + size], big_endian, s1, s2)
            valid = (s1, s2) == (f1, f2)
            if valid and db_size:
                replayed += 1
    return WalReading(frames, commits, replayed)
