"""Safe, readable file names for athletes' handouts."""

from __future__ import annotations

import re
import unicodedata

MAX_STEM = 60
_WINDOWS_RESERVED = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(1, 10)} | {f"lpt{i}" for i in range(1, 10)}
)


def slug(text: str) -> str:
    """Return `text` as a lowercase ASCII slug ("Zoë Ñúñez" -> "zoe-nunez"); may be empty."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:MAX_STEM].strip("-")


def file_stem(name: str, athlete_id: str | None = None, fallback: str = "athlete") -> str:
    """Return a file name stem for an athlete, safe on every common file system."""
    parts = [p for p in (slug(name), slug(athlete_id or "")) if p]
    stem = "-".join(parts) or fallback
    if stem in _WINDOWS_RESERVED:
        stem = f"{stem}-{fallback}"
    return stem
