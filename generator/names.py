"""Safe, readable, unique file names for athletes' handouts.

A name is reduced to lowercase ASCII letters, digits and hyphens, so it can never leave the
output folder, hide a file, or clash with a device name on Windows; two athletes never share
a file, even when their names differ only in case or accents.
"""

from __future__ import annotations

import re
import unicodedata

MAX_STEM = 60
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}
)


def slug(text: str, limit: int = MAX_STEM) -> str:
    """Return `text` as a lowercase ASCII slug ("Zoë Ñúñez" -> "zoe-nunez"); may be empty."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
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
        self.seen: set[str] = set()

    def __call__(self, name: str, athlete_id: str | None, row: int | None) -> str:
        base = file_stem(name, athlete_id, row)
        stem, count = base, 1
        while stem in self.seen:
            count += 1
            stem = f"{base}-{count}"
        self.seen.add(stem)
        return stem
