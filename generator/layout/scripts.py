"""Text in any script: which font prints each character, found once per process.

The handout font (Fira Sans) prints Latin with every diacritic, Greek, Cyrillic and Vietnamese.
A name in another script (Chinese, Japanese, Korean, Arabic...) is printed in a fallback font:
the first TrueType font that has the character, from the folders given with --font-dir, then
the fonts that come with the tool (Arabic, Hebrew, Devanagari), then the system's fonts
(fontconfig's `fc-list`). Each fallback is embedded and subset like the handout font.

Arabic, Hebrew and Devanagari are shaped (letters joined, stacked, in the forms their place in
the word needs, by HarfBuzz) and a name written right to left is set in the order its reader
reads it, from right to left, inside a line that runs left to right: a line drawn here
(`draw`, `strings`) and a paragraph (`internals.Bidirectional`) are both cut into runs of one
font and one direction by `internals.drawn_runs`. Other scripts whose letters join or
reorder (Syriac, Thai, Tamil...) are not set yet: their characters count as unprintable, like
a character no font has. A handout with unprintable text is not made (the error names the
script, never the characters, which would spell part of a name), unless a placeholder is
allowed.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from generator.errors import UnprintableText
from generator.layout import bidi, internals

PLACEHOLDER = "\u25af"  # ▯, drawn for an unprintable character where that is allowed
FONT_FILES = (".ttf", ".ttc", ".otf")
MOST_CANDIDATES = 50  # fonts tried from each --font-dir folder (the system's: those that have it)
MOST_FONT_BYTES = 100 * 1024 * 1024  # a font file larger than this is not read

# Ranges (first, last code point) of the scripts that are shaped, and set right to left where
# they run that way: printed with a font that has them (one for each comes with the tool).
SHAPED: tuple[tuple[int, int, str], ...] = (
    (0x0590, 0x05FF, "Hebrew"),
    (0x0600, 0x06FF, "Arabic"),
    (0x0750, 0x077F, "Arabic"),
    (0x0870, 0x08FF, "Arabic"),
    (0x0900, 0x097F, "Devanagari"),
    (0xA8E0, 0xA8FF, "Devanagari"),
    (0xFB1D, 0xFB4F, "Hebrew"),
    (0xFB50, 0xFDFF, "Arabic"),
    (0xFE70, 0xFEFF, "Arabic"),
)
# Ranges of the scripts that need reordering or shaping the layout does not do yet, with a name.
COMPLEX: tuple[tuple[int, int, str], ...] = (
    (0x0700, 0x074F, "Syriac"),
    (0x0780, 0x07BF, "Thaana"),
    (0x07C0, 0x07FF, "N'Ko"),
    (0x0800, 0x083F, "Samaritan"),
    (0x0840, 0x085F, "Mandaic"),
    (0x0860, 0x086F, "Syriac"),
    (0x0980, 0x09FF, "Bengali"),
    (0x0A00, 0x0A7F, "Gurmukhi"),
    (0x0A80, 0x0AFF, "Gujarati"),
    (0x0B00, 0x0B7F, "Oriya"),
    (0x0B80, 0x0BFF, "Tamil"),
    (0x0C00, 0x0C7F, "Telugu"),
    (0x0C80, 0x0CFF, "Kannada"),
    (0x0D00, 0x0D7F, "Malayalam"),
    (0x0D80, 0x0DFF, "Sinhala"),
    (0x0E00, 0x0E7F, "Thai"),
    (0x0E80, 0x0EFF, "Lao"),
    (0x0F00, 0x0FFF, "Tibetan"),
    (0x1000, 0x109F, "Myanmar"),
    (0x1780, 0x17FF, "Khmer"),
)
_SHAPED_TEXT = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b, _ in SHAPED) + "]")
_NAMES = {  # the first word of a character's Unicode name -> the script's name for people
    "CJK": "Chinese (Han)",
    "HANGUL": "Korean (Hangul)",
    "HIRAGANA": "Japanese (Hiragana)",
    "KATAKANA": "Japanese (Katakana)",
    "ETHIOPIC": "Ethiopic",
    "GEORGIAN": "Georgian",
    "ARMENIAN": "Armenian",
    "CHEROKEE": "Cherokee",
}

_font_dirs: tuple[Path, ...] = ()
_faces: list[tuple[str, Mapping[int, int]]] = []  # fallback fonts registered: name, character map
_tried: set[tuple[str, int]] = set()  # font files (and faces in a collection) tried already
_found: dict[str, str | None] = {}  # character -> the font that prints it (None: none does)
_registered = [0]  # fallback fonts registered in this process (their names are numbered)
_lent: list[tuple[str, Mapping[int, int]]] = []  # families of our own that stand in for another


def lend(name: str, font: TTFont) -> None:
    """Let a family of our own print what another family of ours lacks (the handout font's
    rarer Latin letters in an Arabic handout; the Arabic family's letters, in its two weights,
    in an English handout). Kept for the process: never forgotten."""
    if all(known != name for known, _ in _lent):
        _lent.append((name, internals.glyphs(font)))


def lend_later(letters: str, load: Callable[[], None]) -> None:
    """Have `load` (which registers a family of ours and lends it) run the first time a
    character of `letters` (a character class: "[...]") is looked for."""
    _later.append((re.compile(letters), load))


_later: list[tuple[re.Pattern[str], Callable[[], None]]] = []


def configure(font_dirs: Sequence[Path]) -> None:
    """Search these folders first, before the system's fonts (the run's --font-dir)."""
    global _font_dirs
    folders = tuple(font_dirs)
    if folders != _font_dirs:
        _font_dirs = folders
        forget()  # the faces found in the folders of an earlier run are not this run's


def forget() -> None:
    """Forget the fallback fonts found: fonts installed or removed meanwhile are looked for again."""
    _found.clear()
    _tried.clear()
    _faces.clear()


def script_of(ch: str) -> str:
    """Return the name of the script a character belongs to, for an error message."""
    point = ord(ch)
    for first, last, name in (*SHAPED, *COMPLEX):
        if first <= point <= last:
            return name
    word = unicodedata.name(ch, "").split(" ")[0]
    return _NAMES.get(word, word.title() or f"U+{point:04X}")


def complex_script(ch: str) -> bool:
    """Return whether a character's script needs reordering or shaping to print."""
    point = ord(ch)
    return any(first <= point <= last for first, last, _ in COMPLEX)


def font_for(ch: str, base: Mapping[int, int], family: str) -> str | None:
    """Return the font that prints `ch`: the handout `family` if its map `base` has it, else a
    fallback; None when no font here prints it (or its script cannot be drawn yet)."""
    point = ord(ch)
    if point in base:
        return family
    for letters, load in list(_later):
        if letters.match(ch):
            _later.remove((letters, load))
            load()
    lent = next((name for name, cmap in _lent if point in cmap and name != family), None)
    if lent is not None:
        return lent
    if ch in _found:
        return _found[ch]
    found: str | None = None
    # Beyond the first 65,536 code points (emoji, rare Han) the font's map back to Unicode
    # would be written wrong, and what a reader copies or hears would not be the name.
    if point <= 0xFFFF and not complex_script(ch) and unicodedata.category(ch)[0] != "C":
        found = next((name for name, cmap in _faces if point in cmap), None)
        if found is None:
            found = _search(point)
    _found[ch] = found
    return found


def _search(point: int) -> str | None:
    """Load fonts that may have the character until one does; return its registered name."""
    for path, index in _candidates(point):
        if (str(path), index) in _tried:
            continue
        _tried.add((str(path), index))
        name = f"HandoutFallback{_registered[0] + 1}"
        try:
            if not _looks_like_truetype(path):
                continue
            font = TTFont(name, str(path), subfontIndex=index)
            cmap = internals.glyphs(font)
            # Subset it once now, as saving a document will: a font damaged past its header
            # fails here, is passed over, and never stops a run at the end.
            font.face.makeSubset([0, 32, point] if point in cmap else [0, 32])
        except Exception:  # noqa: BLE001 - any file in a font folder: a bad one is passed over
            continue  # not a TrueType font (PostScript outlines), damaged, or not embeddable
        pdfmetrics.registerFont(font)
        _registered[0] += 1
        # Bold text (a heading, a name in bold) uses the same face: a fallback has one weight.
        pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
        _faces.append((name, cmap))
        if point in cmap:
            return name
    return None


def _looks_like_truetype(path: Path) -> bool:
    """Return whether a file starts as a TrueType font or collection does, and is of a size a
    font has (a folder may hold anything: a 1 GB file is not read)."""
    try:
        if path.stat().st_size > MOST_FONT_BYTES:
            return False
        with path.open("rb") as f:
            head = f.read(4)
    except OSError:
        return False
    return head in (b"\x00\x01\x00\x00", b"true", b"ttcf")


def _candidates(point: int) -> list[tuple[Path, int]]:
    """Return font files (and a face's index in a collection) that may have a character: every
    font in the --font-dir folders, the fonts that come with the tool for its script, then the
    system's fonts that fontconfig says have it."""
    found: list[tuple[Path, int]] = []
    for folder in _font_dirs:
        try:
            files = sorted(p for p in folder.iterdir() if p.suffix.lower() in FONT_FILES and p.is_file())
        except OSError:
            continue
        fonts = [p for p in files if _looks_like_truetype(p)]  # (PostScript outlines: not usable)
        found += [(p, 0) for p in fonts[:MOST_CANDIDATES]]  # (a folder of thousands: the first)
    found += [(p, 0) for p in bundled() if shaped_text(chr(point))]
    fc_list = shutil.which("fc-list")
    if fc_list is not None:
        try:
            listed = subprocess.run(
                [fc_list, "--format", "%{file}\t%{index}\n", f":charset={point:x}"],
                capture_output=True,
                text=True,
                timeout=10,
                check=False,
            ).stdout
        except (OSError, subprocess.SubprocessError):
            listed = ""
        for line in sorted(set(listed.splitlines())):
            file, _, index = line.partition("\t")
            if file.lower().endswith(FONT_FILES):
                found.append((Path(file), int(index) if index.isdigit() else 0))
    return found


@cache
def bundled() -> tuple[Path, ...]:
    """Return the fonts that come with the tool for the shaped scripts: IBM Plex Sans Arabic,
    Heebo (Hebrew) and Hind (Devanagari), each from its Python package (SIL Open Font Licence)."""
    import fontpkg_heebo
    import fontpkg_hind
    import fontpkg_ibm_plex_sans_arabic

    return (
        Path(fontpkg_ibm_plex_sans_arabic.ROOT) / "files" / "IBMPlexSansArabic-Regular.ttf",
        Path(fontpkg_heebo.ROOT) / "files" / "Heebo[wght].ttf",
        Path(fontpkg_hind.ROOT) / "files" / "Hind-Regular.ttf",
    )


def shaped_text(text: str) -> bool:
    """Return whether text has letters of a script that is shaped (Arabic, Hebrew, Devanagari)."""
    return not text.isascii() and _SHAPED_TEXT.search(text) is not None


right_to_left = bidi.right_to_left


def unprintable(text: str, what: str, allowed: bool) -> UnprintableText:
    """Return the error for text with characters no font prints (named by script, never shown)."""
    chars = sorted({ch for ch in text if ch not in "\n\t"})
    scripts = sorted({script_of(ch) for ch in chars})
    joined = scripts[0] if len(scripts) == 1 else ", ".join(scripts[:-1]) + " and " + scripts[-1]
    plural = "script" if len(scripts) == 1 else "scripts"
    tail = "" if allowed else f" Or give --allow-missing-glyphs to print {PLACEHOLDER} in its place."
    if any(ord(ch) > 0xFFFF for ch in chars):
        rare = f"one of the rarest, in the {joined} {plural}"
        return UnprintableText(f"{what} has a character the handouts cannot print yet ({rare}).{tail}")
    if all(complex_script(ch) for ch in chars):
        how = "which the handouts cannot print yet (its letters join, stack or run right to left)."
    else:
        how = (
            "which no font on this computer has (the handout font has Latin, Greek, Cyrillic and "
            "Vietnamese). Give a folder holding a TrueType (.ttf) font for it with --font-dir DIR."
        )
    return UnprintableText(f"{what} is in the {joined} {plural}, {how}{tail}")


def runs(text: str, base: Mapping[int, int], family: str) -> list[tuple[str, str]]:
    """Return `text` as runs of one font each: (font name, text), in order. A character no font
    prints is left in the handout `family` (callers replace those first)."""
    chosen = [font_for(ch, base, family) or family for ch in text]
    out: list[tuple[str, str]] = []
    for ch, font in zip(text, chosen, strict=True):
        if out and out[-1][0] == font:
            out[-1] = (font, out[-1][1] + ch)
        else:
            out.append((font, ch))
    # A word is in one face where one has all its characters ("北京队": not two styles).
    merged: list[tuple[str, str]] = []
    for font, run in out:
        if merged and font != family and merged[-1][0] != family:
            joined = merged[-1][1] + run
            common = next((name for name, cmap in _faces if all(ord(c) in cmap for c in joined)), None)
            if common is not None:
                merged[-1] = (common, joined)
                continue
        merged.append((font, run))
    return merged


def _drawn(text: str, family: str, size: float, rtl: bool = False) -> list[tuple[str, str, float]]:
    """Return one line of text as it is drawn: (font, text, width) runs, left to right; a run
    of a shaped script is shaped, in its own direction (`internals.drawn_runs`); with `rtl`,
    the line runs right to left (a footer of an Arabic page)."""
    if text.isascii():
        return [(family, text, float(pdfmetrics.stringWidth(text, family, size)))]
    base = internals.glyphs(pdfmetrics.getFont(family))
    faces: dict[str, internals.Face] = {}
    pieces = [
        (faces.setdefault(font, internals.Face(font, size)), run) for font, run in runs(text, base, family)
    ]
    return [(face.fontName, drawn, wide) for face, drawn, wide in internals.drawn_runs(pieces, rtl)]


def width(text: str, family: str, size: float) -> float:
    """Return the width of one line of text drawn in runs of the fonts that print it."""
    return sum(wide for _, _, wide in _drawn(text, family, size))


def draw(
    canvas: Any,
    x: float,
    y: float,
    text: str,
    family: str,
    size: float,
    right: bool = False,
    rtl: bool = False,
) -> None:
    """Draw one line of text on a canvas in runs of the fonts that print it (a footer's name);
    ending at `x` if `right`; with `rtl`, a line that runs right to left (Arabic)."""
    parts = _drawn(text, family, size, rtl)
    if right:
        x -= sum(wide for _, _, wide in parts)
    actual = shaped_text(text) and not right_to_left(text) and hasattr(canvas, "write_actual")
    if actual:  # drawn shaped, in drawn order: a copy of it gives the text as written
        canvas.write_actual(text, begin=True)
    for font, run, wide in parts:
        canvas.setFont(font, size)
        canvas.drawString(x, y, run)
        x += wide
    if actual:
        canvas.write_actual(text, begin=False)
    canvas.setFont(family, size)


def face_for(text: str, family: str) -> str:
    """Return the one font a short label (a chart's band name) is drawn in: `family` when it has
    every character, else a fallback face that has them all (a label in Chinese)."""
    if text.isascii():
        return family
    base = internals.glyphs(pdfmetrics.getFont(family))
    if all(ord(ch) in base for ch in text):
        return family
    for ch in set(text):
        font_for(ch, base, family)  # (finds the faces the label needs)
    wanted = [ord(ch) for ch in text if not ch.isspace()]
    return next((name for name, cmap in _faces if all(point in cmap for point in wanted)), family)


def strings(
    x: float,
    y: float,
    text: str,
    family: str,
    size: float,
    anchor: str = "start",
    rtl: bool = False,
    **style: Any,
) -> list[Any]:
    """Return a chart's label as drawing strings, one per run of the fonts that print it (a
    label in Chinese beside a number), placed as one string anchored at `x` would be."""
    from reportlab.graphics.shapes import String

    parts = _drawn(text, family, size, rtl)
    total = sum(wide for _, _, wide in parts)
    at = x - (total if anchor == "end" else total / 2 if anchor == "middle" else 0)
    out = []
    for font, run, wide in parts:
        out.append(String(at, y, run, fontName=font, fontSize=size, textAnchor="start", **style))
        at += wide
    return out
