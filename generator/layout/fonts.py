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
_FONTS: dict[str, TTFont] = {}


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
        pdfmetrics.registerFontFamily(
            FAMILY,
            normal=FAMILY,
            bold=FAMILY + "-Bold",
            italic=FAMILY + "-Italic",
            boldItalic=FAMILY + "-BoldItalic",
        )
    return _FONTS["regular"]


def registered() -> list[TTFont]:
    """Return the faces of the handout family registered so far."""
    return list(_FONTS.values())


def fit_text(text: str, width: float, size: float) -> str:
    """Return `text`, cut short with an ellipsis if it is wider than `width` as drawn (in the
    handout font, and any fallback font a name in another script needs)."""
    if scripts.width(text, FAMILY, size) <= width:
        return text
    while text and scripts.width(text + "…", FAMILY, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"
