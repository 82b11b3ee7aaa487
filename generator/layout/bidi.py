"""The order text written right to left is drawn in: the Unicode Bidirectional Algorithm.

A line of Arabic or Hebrew is drawn from its right end; numbers and Latin words in it read left
to right. The algorithm (UAX #9, here python-bidi's) gives each character a level: even runs
left to right, odd right to left. The layout applies the levels to whole words (rule L2):
HarfBuzz then draws each word's letters, joined, in the word's own direction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache


def has_letters_right_to_left(text: str) -> bool:
    """Return whether text has letters of its own written right to left (not only digits)."""
    return right_to_left(text) and any(unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def right_to_left(text: str) -> bool:
    """Return whether text has letters written right to left (Arabic, Hebrew, Syriac...)."""
    return not text.isascii() and _RIGHT_TO_LEFT.search(text) is not None


# The blocks of the scripts written right to left (Hebrew to Arabic Extended-A, and their
# presentation forms); those beyond the first 65,536 code points no font here prints.
_RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe]")


def levels(text: str, rtl: bool = False) -> list[int]:
    """Return each character's level in a line that runs left to right (or, with `rtl`, right
    to left, as a line of an Arabic handout does)."""
    return list(_cached_levels(text, rtl))


@lru_cache(maxsize=4096)  # (a batch sets the same lines in handout after handout)
def _cached_levels(text: str, rtl: bool) -> tuple[int, ...]:
    # Three readings the algorithm alone does not give, each for the levels only (the text is
    # drawn as written): a middle dot parts a line into items, each read on its own ("Riverside
    # FC · الهلال · 5 December 2026" keeps "5" with its date), as a letter of the line's own
    # direction would; a degree sign goes with the C or F after it ("28.4 °C", not "C°"); and
    # a fraction with the number before it ("1½").
    text = text.replace("\u00b7", "\u0627" if rtl else "a")
    text = _DEGREES.sub("a", text)
    text = _FRACTIONS.sub("5", text)
    found = _paired(text, rtl)
    return tuple(found if found is not None else _levels(text, rtl))


def _paired(text: str, rtl: bool) -> list[int] | None:
    """Return the levels by python-bidi's current algorithm (Unicode 6.3 and later), which
    keeps a pair of brackets with what they hold ("(FC-07)" after a name in Latin letters, in
    an Arabic line, is one piece): read from the report it gives of its work, one level per
    byte of the text's UTF-8. None if that report is not in the form this reads."""
    from bidi import get_display

    report = str(get_display(text, base_dir="R" if rtl else "L", debug=True))
    # (the report's own lines are indented four spaces: the text's own words cannot match)
    _, found_levels, rest = report.partition("\n    levels: [")
    if not found_levels:
        return None
    per_byte = [int(n) for n in _LEVEL.findall(rest.partition("\n    ],")[0])]
    found, at = [], 0
    for ch in text:
        if at >= len(per_byte):
            return None
        found.append(per_byte[at])
        at += len(ch.encode("utf-8"))
    return found if at == len(per_byte) else None


_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")
_DEGREES = re.compile("\u00b0(?=[CF])")
_FRACTIONS = re.compile("[\u00bc-\u00be\u2150-\u215e]")


def _levels(text: str, rtl: bool) -> list[int]:
    """Return the levels by python-bidi's first algorithm (pure Python, without bracket pairs)."""
    from bidi import algorithm

    storage = algorithm.get_empty_storage()
    storage["base_level"], storage["base_dir"] = (1, "R") if rtl else (0, "L")
    algorithm.get_embedding_levels(text, storage)
    algorithm.explicit_embed_and_overrides(storage)
    algorithm.resolve_weak_types(storage)
    algorithm.resolve_neutral_types(storage, False)
    algorithm.resolve_implicit_levels(storage, False)
    found = [int(ch["level"]) for ch in storage["chars"]]
    # (a character beyond the first 65,536 is one there, as in the text; else: as written)
    return found if len(found) == len(text) else [1 if rtl else 0] * len(text)


def drawn_order(words: Sequence[str], rtl: bool = False) -> list[int]:
    """Return the order (indexes into `words`) in which the words of one line are drawn, left
    to right. Words are separated by single spaces in the line they make."""
    line = " ".join(words)
    at = levels(line, rtl)
    spans: list[int] = []
    start = 0
    for word in words:
        spans.append(max(at[start : start + len(word)], default=1 if rtl else 0))
        start += len(word) + 1
    return reorder(spans)


def reorder(spans: Sequence[int]) -> list[int]:
    """Return the order in which pieces of a line at these levels are drawn, left to right:
    from the highest level down to 1, each run of pieces at that level or above is reversed
    (rule L2, applied to pieces that each keep their own direction inside)."""
    order = list(range(len(spans)))
    highest = max(spans, default=0)
    for level in range(highest, 0, -1):
        i = 0
        while i < len(order):
            if spans[order[i]] < level:
                i += 1
                continue
            j = i
            while j < len(order) and spans[order[j]] >= level:
                j += 1
            order[i:j] = order[i:j][::-1]
            i = j
    return order


def mirrored(text: str) -> str:
    """Return text with each bracket turned the other way, as it is drawn right to left."""
    from bidi.mirror import MIRRORED

    return "".join(MIRRORED.get(ch, ch) for ch in text)
