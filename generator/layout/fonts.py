"""The handout's font family, registered once per process, and text measured in it."""

from __future__ import annotations

from pathlib import Path

import fontpkg_fira_sans
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from generator.layout import scripts
from generator.layout.internals import settle_defaults
from generator.layout.theme import Layout

FAMILY = "HandoutSans"
ARABIC = "HandoutArabic"  # the family of handouts in Arabic: IBM Plex Sans Arabic (its Latin too)
ARABIC_LETTERS = "[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufefe]"  # (a class)
_FONTS: dict[str, TTFont] = {}
_ARABIC: dict[str, TTFont] = {}


def register_fonts(layout: Layout) -> TTFont:
    """Register the handout font family once per process and return the regular face."""
    if not _FONTS:
        folder = Path(fontpkg_fira_sans.ROOT) / "files"
        for style, suffix in (
            ("regular", ""),
            ("bold", "-Bold"),
            ("italic", "-Italic"),
            ("bold_italic", "-BoldItalic"),
        ):
            font = TTFont(FAMILY + suffix, str(folder / layout.font[style]))
            pdfmetrics.registerFont(font)
            _FONTS[style] = font
        settle_defaults(FAMILY)
        # A name in Arabic in any handout: in the Arabic family, bold where the line is.
        scripts.lend_later(ARABIC_LETTERS, lambda: register_arabic(layout))
        pdfmetrics.registerFontFamily(
            FAMILY,
            normal=FAMILY,
            bold=FAMILY + "-Bold",
            italic=FAMILY + "-Italic",
            boldItalic=FAMILY + "-BoldItalic",
        )
    return _FONTS["regular"]


def register_arabic(layout: Layout) -> TTFont:
    """Register the family of handouts in Arabic once per process and return its regular face.

    IBM Plex Sans Arabic has Latin letters and digits too, so a line of Arabic with a number or
    a name in Latin letters is set in one face, as shaping needs. It has no italic: the slanted
    styles are upright. A letter it lacks (ő, ș) comes from the handout font."""
    if not _ARABIC:
        base = register_fonts(layout)
        import fontpkg_ibm_plex_sans_arabic

        folder = Path(fontpkg_ibm_plex_sans_arabic.ROOT) / "files"
        regular = TTFont(ARABIC, str(folder / "IBMPlexSansArabic-Regular.ttf"))
        bold = TTFont(ARABIC + "-Bold", str(folder / "IBMPlexSansArabic-SemiBold.ttf"))
        for font in (regular, bold):
            pdfmetrics.registerFont(font)
        pdfmetrics.registerFontFamily(
            ARABIC, normal=ARABIC, bold=ARABIC + "-Bold", italic=ARABIC, boldItalic=ARABIC + "-Bold"
        )
        _ARABIC.update(regular=regular, bold=bold)
        scripts.lend(FAMILY, base)  # (Latin letters it lacks, in an Arabic handout)
        scripts.lend(ARABIC, regular)  # (Arabic letters, in any other handout)
    return _ARABIC["regular"]


def family_of(language: str) -> str:
    """Return the font family a language's documents are set in."""
    return ARABIC if language in RIGHT_TO_LEFT else FAMILY


RIGHT_TO_LEFT = frozenset({"ar"})  # languages written right to left: their pages are mirrored


def registered() -> list[TTFont]:
    """Return the faces of the handout family registered so far."""
    return list(_FONTS.values())


def fit_text(text: str, width: float, size: float, family: str = FAMILY) -> str:
    """Return `text`, cut short with an ellipsis if it is wider than `width` as drawn (in the
    family, and any fallback font a name in another script needs)."""
    if scripts.width(text, family, size) <= width:
        return text
    low, high = 0, len(text)  # (the longest start that fits with the ellipsis: by halves)
    while low < high:
        middle = (low + high + 1) // 2
        if scripts.width(text[:middle] + "…", family, size) <= width:
            low = middle
        else:
            high = middle - 1
    kept = text[:low].rstrip()
    # After a name written right to left, the ellipsis goes at its end, to its left: a mark
    # that runs right to left puts it there (never drawn).
    return kept + "…" + ("\u200f" if kept and scripts.right_to_left(kept[-1]) else "")
