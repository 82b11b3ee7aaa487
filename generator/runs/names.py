"""Safe, readable, unique file names for athletes' handouts.

A name is written out in Latin letters (from any script) and reduced to lowercase ASCII
letters, digits and hyphens, so it can never leave the output folder, hide a file, or clash
with a device name on Windows; two athletes never share a file, even when their names differ
only in case or accents.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from array import array
from collections.abc import Iterable

MAX_STEM = 60
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}
)


def slug(text: str, limit: int = MAX_STEM) -> str:
    """Return `text` as a lowercase ASCII slug, written out in Latin letters from any script
    ("Zoë Ñúñez" -> "zoe-nunez", "Юлия Смирнова" -> "yuliya-smirnova", "王伟" -> "wangwei");
    may be empty (a name of symbols only)."""
    from anyascii import anyascii

    ascii_text = anyascii(unicodedata.normalize("NFC", text)).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:limit].strip("-")


def file_stem(name: str, athlete_id: str | None = None, row: int | None = None) -> str:
    """Return a file name stem for one athlete: the name's slug plus its id or row number."""
    tag = slug(athlete_id or "", 30) or (f"row{row}" if row is not None else "")
    stem = "-".join(p for p in (slug(name), tag) if p) or "athlete"
    if stem in _WINDOWS_RESERVED:
        stem = f"{stem}-athlete"
    return stem


class UniqueStems:
    """Hands out one distinct stem per athlete, in roster order; repeats get -2, -3, ..."""

    def __init__(self) -> None:
        self.seen = Seen()
        self._last: dict[str, int] = {}  # per repeated name, the last number it was given

    def __call__(self, name: str, athlete_id: str | None, row: int | None) -> str:
        base = file_stem(name, athlete_id, row)
        stem, count = base, self._last.get(base, 1)
        if count > 1:
            stem = f"{base}-{count}"
        # A name seen 10,000 times goes on from its last number, not from -2 each time.
        while not self.seen.add(stem):
            count += 1
            stem = f"{base}-{count}"
        if count > 1:
            self._last[base] = count
        return stem

    def derived(self, base: str) -> str:
        """Return a distinct stem made from another (a family copy's: "zoe-nunez-rfc-01-es")."""
        stem, count = base, 1
        while not self.seen.add(stem):
            count += 1
            stem = f"{base}-{count}"
        return stem


class Seen:
    """A set of strings kept as 64-bit digests in one flat array: 16 bytes a name, not 100.

    A million-row roster's file names take 16 MB. Two different names share a digest about once
    in 10^13 runs of a million rows; the second would then get a needless "-2".
    """

    def __init__(self) -> None:
        self._slots = array("q", bytes(8 * 1024))
        self._count = 0

    def update(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.add(text)

    def __contains__(self, text: str) -> bool:
        slots, digest = self._slots, _digest(text)
        at = digest % len(slots)
        while slots[at]:
            if slots[at] == digest:
                return True
            at = (at + 1) % len(slots)
        return False

    def add(self, text: str) -> bool:
        """Add `text`; return False if it was there already."""
        if text in self:
            return False
        if 2 * (self._count + 1) > len(self._slots):
            self._grow()
        self._put(self._slots, _digest(text))
        self._count += 1
        return True

    def _grow(self) -> None:
        bigger = array("q", bytes(16 * len(self._slots)))
        for digest in self._slots:
            if digest:
                self._put(bigger, digest)
        self._slots = bigger

    @staticmethod
    def _put(slots: array[int], digest: int) -> None:
        at = digest % len(slots)
        while slots[at]:
            at = (at + 1) % len(slots)
        slots[at] = digest


def _digest(text: str) -> int:
    """Return a nonzero signed 64-bit digest of `text` (zero marks an empty slot)."""
    value = int.from_bytes(
        hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little", signed=True
    )
    return value or 1
