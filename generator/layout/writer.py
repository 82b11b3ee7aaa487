"""Turn document blocks into reportlab flowables; every piece of text is escaped and checked."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    Paragraph,
    Spacer,
)

from generator.content import document as doc
from generator.errors import RenderError
from generator.layout import fonts, internals, scripts
from generator.layout.flowables import Barred, Rule, Ticked, grid
from generator.layout.fonts import ARABIC, FAMILY, RIGHT_TO_LEFT, register_arabic
from generator.layout.render import PageSetup, frame_width
from generator.layout.theme import theme_color, tint


def escape(text: str) -> str:
    """Return text safe inside reportlab's paragraph markup: &, < and > as entities.

    (xml.sax.saxutils does the same but imports urllib, http and email: 17 ms at start-up.)
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_PADDINGS = ("LEFTPADDING", "RIGHTPADDING", "TOPPADDING", "BOTTOMPADDING")
PARSED_LIMIT = 1500  # the content's own lines in two languages fit; personal lines rarely recur


CJK_LANGUAGES = frozenset({"zh"})  # written without spaces between words
_SHOWN_AS = f" no font here can print show as '{scripts.PLACEHOLDER}'"
_SHOWN_AS_ONE = f" no font here can print shows as '{scripts.PLACEHOLDER}'"
_CHARACTERS: dict[int, frozenset[str]] = {}
_LONE_NON_JOINER = re.compile(f"(?<!{fonts.ARABIC_LETTERS})\u200c")
_FORMAT_MARKS = re.compile(
    "[\u00ad\u061c\u180e\u200b\u200d-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb]"
)
NON_JOINER = "\u200c"


def _characters(font: TTFont) -> frozenset[str]:
    """Return the characters a font has, as a set of strings: a text is checked in one step."""
    found = _CHARACTERS.get(id(font))
    if found is None:
        found = _CHARACTERS[id(font)] = frozenset(map(chr, internals.glyphs(font)))
    return found


@dataclass
class Writer:
    """Turns document blocks into reportlab flowables for one page setup."""

    setup: PageSetup
    font: TTFont
    width: float
    warnings: list[str] = field(default_factory=list)
    styles: dict[str, ParagraphStyle] = field(default_factory=dict)
    # Markup already parsed, shared by the handouts one process makes: parsing is a fifth of a
    # handout's cost, and most lines (the content's own words, the references) recur.
    parsed: dict[tuple[str, str], Any] | None = None
    scale: float = 1.0  # text sizes and spaces, as a share of the layout's: a full page is set smaller
    # Text no font prints stops the handout (an athlete's); else it shows as a placeholder, said
    # in a warning (a packet's cover and report, which must not fail for one athlete's name).
    strict: bool = False
    unprintable: set[str] = field(default_factory=set)  # shown as the placeholder, so far
    cjk: bool = False  # Chinese: lines break between any two characters, as it has no spaces
    # Arabic: lines run right to left, from the right edge; bullets, boxes and columns mirrored.
    rtl: bool = False
    family: str = FAMILY

    @classmethod
    def for_page(
        cls,
        setup: PageSetup,
        font: TTFont,
        parsed: dict[tuple[str, str], Any] | None = None,
        strict: bool = False,
        language: str = "",
    ) -> Writer:
        """Return a writer for the full text width of this page setup, in a language."""
        width = frame_width(setup.paper, setup.layout)
        if language in RIGHT_TO_LEFT:
            font = register_arabic(setup.layout)
            return cls(setup, font, width, parsed=None, strict=strict, rtl=True, family=ARABIC)
        return cls(setup, font, width, parsed=parsed, strict=strict, cjk=language in CJK_LANGUAGES)

    def scaled(self, scale: float) -> Writer:
        """Return a writer like this one with text `scale` times the size; the same warnings."""
        if scale == self.scale:
            return self
        return replace(self, scale=scale, styles={})

    def __post_init__(self) -> None:
        lay, theme = self.setup.layout, self.setup.theme
        k = self.scale
        size = {name: pt * k for name, pt in lay.sizes.items()}
        lead = lay.leading
        text, accent = theme_color(theme, "text"), theme_color(theme, "accent")
        muted = theme_color(theme, "muted")
        # Each size has its own style names: parsed paragraphs are kept by style name.
        suffix = "" if k == 1.0 else f"@{k:g}"

        family = self.family
        italic = family if self.rtl else family + "-Italic"  # (the Arabic family is upright)

        def style(name: str, pt: float, **kw: Any) -> ParagraphStyle:
            base = {
                "fontName": family,
                "fontSize": pt,
                "leading": pt * lead,
                "textColor": text,
                "spaceAfter": lay.space_after * k,
                "alignment": TA_RIGHT if self.rtl else TA_LEFT,
                "allowWidows": 0,  # no paragraph's last line alone at the top of a page
            }
            if self.cjk:
                base["wordWrap"] = "CJK"
            base.update(kw)
            return ParagraphStyle(name + suffix, **base)

        def heading(name: str, before: float, after: float, color: Any) -> ParagraphStyle:
            bold = family + "-Bold"
            return style(
                name,
                size[name],
                fontName=bold,
                textColor=color,
                spaceBefore=before * k,
                spaceAfter=after * k,
                keepWithNext=1,
            )

        self.styles = {
            "title": style(
                "title",
                size["title"],
                fontName=family + "-Bold",
                textColor=accent,
                leading=size["title"] * 1.15,
            ),
            "header": style("header", size["header"], textColor=muted, spaceAfter=1),
            "h1": heading("h1", 8, 3, accent),
            "h2": heading("h2", 8, 3, accent),
            "h3": heading("h3", 4, 1.5, text),
            "body": style("body", size["body"]),
            "lead": style("lead", size["lead"], fontName=family + "-Bold"),
            "why": style("why", size["body"] - 0.5 * k, fontName=italic, textColor=muted),
            "item": style("item", size["body"], spaceAfter=2),
            "reference": style(
                "reference",
                size["small"] - k,
                leading=(size["small"] - k) * 1.2,
                textColor=muted,
                spaceAfter=0.5,
            ),
            "bullet": style(
                "bullet",
                size["body"],
                spaceAfter=2,
                leftIndent=16,
                bulletIndent=3,
                bulletFontName=family,
                bulletFontSize=size["body"],
                bulletColor=accent,
            ),
            "step": style(
                "step",
                size["body"],
                spaceAfter=2,
                leftIndent=16,
                bulletIndent=0,
                bulletFontName=family + "-Bold",
                bulletFontSize=size["body"],
                bulletColor=accent,
            ),
            "small": style("small", size["small"], textColor=muted, spaceAfter=1.5),
            "box_title": style(
                "box_title", size["h3"], fontName=family + "-Bold", textColor=colors.white, spaceAfter=0
            ),
            "chart": style(
                "chart",
                size["small"] + 0.5,
                spaceAfter=0,
                leading=(size["small"] + 0.5) * 1.25,
                alignment=TA_CENTER,
            ),
        }

    # Text

    def plain(self, value: str) -> str:
        """Return `value` as one line of text, with characters no font prints replaced by a
        placeholder (said in a warning) or, in a strict writer, refused. Characters only a
        fallback font prints are kept: draw such text with `text` (or `scripts.draw`)."""
        value = value.replace("\n", " ").replace("\t", " ")
        if value.isascii() and value.isprintable():  # the font has every printable ASCII character
            return value
        # Invisible format marks are left out, even where a font has a glyph for them: a
        # direction mark or an override would reorder a name (or draw as a mark). A non-joiner
        # after an Arabic letter stays (Persian "فاطمه‌زهرا": the letters before and after it
        # do not join); the layout draws none of it.
        value = _FORMAT_MARKS.sub("", _LONE_NON_JOINER.sub("", value))
        if _characters(self.font).issuperset(value):  # every character in the handout font
            return value
        cmap = internals.glyphs(self.font)
        odd = {ch: unicodedata.category(ch) for ch in set(value) if ord(ch) not in cmap}
        if any(kind[0] in "CZ" for kind in odd.values()):
            # Control characters and spaces the font lacks (a narrow no-break space) are a
            # space; invisible format marks (a zero-width joiner, a direction mark) are left out.
            value = "".join(
                " " if odd.get(ch, "L") in ("Cc", "Zs", "Zl", "Zp") else "" if odd.get(ch) == "Cf" else ch
                for ch in value
            )
        missing = {ch for ch in value if ch != NON_JOINER and scripts.font_for(ch, cmap, self.family) is None}
        if not missing:
            return value
        letters = {ch for ch in missing if unicodedata.category(ch)[0] in "LM"}
        if self.strict and letters:
            # A letter no font prints would change a name: refused. A symbol (a football, a
            # tick) is shown as the placeholder, with a warning.
            raise scripts.unprintable("".join(letters), "This athlete's name or other text", False)
        # One warning for the document, with a count, never the characters: they would spell
        # part of an athlete's name.
        said = next((i for i, w in enumerate(self.warnings) if w.endswith((_SHOWN_AS, _SHOWN_AS_ONE))), None)
        self.unprintable |= missing
        count = len(self.unprintable)
        message = f"1 character{_SHOWN_AS_ONE}" if count == 1 else f"{count} different characters{_SHOWN_AS}"
        if said is None:
            self.warnings.append(message)
        else:
            self.warnings[said] = message
        return "".join(scripts.PLACEHOLDER if ch in missing else ch for ch in value)

    def needs_fallback(self, value: str) -> bool:
        """Return whether text has characters only a fallback font prints (drawn as runs)."""
        if value.isascii():
            return False
        return not _characters(self.font).issuperset(value)

    def text(self, value: str) -> str:
        """Return `value` escaped for paragraph markup: runs only a fallback font prints are in
        that font; characters no font prints are handled as `plain` says."""
        value = self.plain(value)
        if not self.needs_fallback(value):
            return escape(value)
        cmap = internals.glyphs(self.font)
        out = []
        for font, run in scripts.runs(value, cmap, self.family):
            out.append(escape(run) if font == self.family else f'<font face="{font}">{escape(run)}</font>')
        return "".join(out)

    def spans(self, spans: Sequence[doc.Span]) -> str:
        return "".join(f"<b>{self.text(t)}</b>" if bold else self.text(t) for t, bold in spans)

    def para(self, markup: str, style: str, bullet: str | None = None) -> Paragraph:
        return self.styled(markup, self.styles[style], bullet, self.parsed)

    def styled(
        self,
        markup: str,
        style: ParagraphStyle,
        bullet: str | None = None,
        parsed: dict[tuple[str, str], Any] | None = None,
    ) -> Paragraph:
        """Return a paragraph of markup in a style (one of the writer's, or a report cell's)."""
        if self.rtl or scripts.shaped_text(markup):
            # Arabic, a name in Arabic, Hebrew or Devanagari: set by the layout itself.
            return internals.Bidirectional(markup, style, bullet, rtl=self.rtl)
        return internals.paragraph(parsed, markup, style, bullet)

    # Blocks

    def heading(self, block: doc.Heading) -> list[Flowable]:
        style = f"h{block.level}"
        heading = self.para(self.text(block.text), style)
        heading.outline_level = block.level - 1
        heading.outline_text = block.text
        parts: list[Flowable] = [CondPageBreak(60 if block.level == 1 else 40), heading]
        if block.level == 1:
            parts.append(Rule(self.width, theme_color(self.setup.theme, "accent")))
        return parts

    def paragraph(self, block: doc.Para) -> Flowable:
        p = self.para(self.spans(block.spans), block.style)
        if block.style == "body":
            return p
        theme = self.setup.theme
        bar = theme_color(theme, "accent") if block.style == "lead" else theme_color(theme, "muted")
        background = tint(theme_color(theme, "accent"), 0.9) if block.style == "lead" else None
        return Barred(p, bar, background, self.setup.layout.space_after, self.rtl)

    def item_list(self, block: doc.ItemList) -> list[Flowable]:
        # Paragraphs with bullets, not a ListFlowable: a quarter of the layout time otherwise.
        name = "step" if block.ordered else "bullet"
        items: list[Flowable] = [
            self.para(self.spans(item), name, f"{n}." if block.ordered else "•")
            for n, item in enumerate(block.items, start=1)
        ]
        if items:
            items[-1].spaceAfter = self.setup.layout.space_after
        return items

    def checklist(self, block: doc.Checklist) -> list[Flowable]:
        """Return the tick boxes in two columns, down the first and then the second."""
        ink = theme_color(self.setup.theme, "text")
        ticks = [Ticked(self.para(self.spans(i), "item"), ink, self.rtl) for i in block.items]
        if not ticks:
            return []
        half = (len(ticks) + 1) // 2
        table = grid(
            [[ticks[:half], ticks[half:]]],
            [self.width / 2] * 2,
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ],
            rtl=self.rtl,
        )
        table.spaceAfter = self.setup.layout.space_after
        return [table]

    def _listed(self, color: Any, numbered: bool) -> str:
        """Return the name of the style of a box's list items, bullets or numbers in `color`."""
        suffix = "" if self.scale == 1.0 else f"@{self.scale:g}"
        name = f"listed{'-numbered' if numbered else ''}-{color.hexval()}{suffix}"
        if name not in self.styles:
            item = self.styles["item"]
            self.styles[name] = ParagraphStyle(
                name,
                parent=item,
                leftIndent=14,
                bulletIndent=0,
                bulletFontName=self.family + ("-Bold" if numbered else ""),
                bulletFontSize=item.fontSize,
                bulletColor=color,
            )
        return name

    def _reasons(self, reasons: Sequence[str], color: Any, width: float) -> list[Flowable]:
        """Return a box's reasons as bullets: in two columns when there are three or more."""

        def bullets(items: Sequence[str]) -> list[Flowable]:
            style = self._listed(color, False)
            return [self.para(self.text(r), style, "•") for r in items]

        if len(reasons) < 3:
            return bullets(reasons)
        half = (len(reasons) + 1) // 2
        table = grid(
            [[bullets(reasons[:half]), bullets(reasons[half:])]],
            [width / 2] * 2,
            [("VALIGN", (0, 0), (-1, -1), "TOP"), *[(edge, (0, 0), (-1, -1), 0) for edge in _PADDINGS]],
            rtl=self.rtl,
        )
        return [table]

    def triage_box(self, block: doc.TriageBox) -> Flowable:
        color = theme_color(self.setup.theme, f"box_{block.level}")
        inner = self.width - 20  # the box's padding
        reasons = self._reasons(block.reasons, color, inner)
        actions: list[Flowable]
        if block.level == "emergency":
            # What to do now, as numbered steps.
            style = self._listed(color, True)
            actions = [self.para(self.text(a), style, f"{n}.") for n, a in enumerate(block.actions, start=1)]
        else:
            # A visit to book or a warning: a few short sentences, read in one go.
            joined = ("" if self.cjk else " ").join(block.actions)  # (Chinese: no space after 。)
            actions = [self.para(f"<b>{self.text(joined)}</b>", "item")]
        # An emergency leads with what to do; other boxes say why first.
        body: list[list[Any]] = (
            [[actions], [reasons]] if block.level == "emergency" else [[reasons], [actions]]
        )
        # Lower-level reasons follow under their own level's words.
        for title, group in block.also:
            heading = self.para(f"<b>{self.text(title)}</b>", "item")
            body.append([[heading, *self._reasons(group, colors.black, inner)]])
        rows = [[self.para(self.text(block.title), "box_title")], *body]
        table = grid(
            rows,
            [self.width],
            [
                ("BACKGROUND", (0, 0), (0, 0), color),
                ("BACKGROUND", (0, 1), (0, -1), tint(color, 0.9)),
                ("BOX", (0, 0), (-1, -1), 1.5, color),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (0, 0), 4),
                ("BOTTOMPADDING", (0, 0), (0, 0), 4),
                ("TOPPADDING", (0, 1), (0, -1), 3),
                ("BOTTOMPADDING", (0, 1), (0, -1), 0),
                ("BOTTOMPADDING", (0, -1), (0, -1), 5),
            ],
            role="Sect",
        )
        table.spaceAfter = 6
        return table

    def flowables(
        self, blocks: Sequence[doc.Block], charts: Callable[[str], list[Flowable]]
    ) -> list[Flowable]:
        """Return the flowables for a run of blocks; `charts` draws a named chart."""
        out: list[Flowable] = []
        blocks = list(blocks)
        while blocks:
            block = blocks.pop(0)
            if isinstance(block, doc.Columns):
                end = next(i for i, b in enumerate(blocks) if isinstance(b, doc.Columns) and b.mark == "end")
                out.append(self.columns(blocks[:end], charts))
                del blocks[: end + 1]
            elif isinstance(block, doc.Heading):
                out.extend(self.heading(block))
            elif isinstance(block, doc.Para):
                out.append(self.paragraph(block))
            elif isinstance(block, doc.ItemList):
                out.extend(self.item_list(block))
            elif isinstance(block, doc.Checklist):
                out.extend(self.checklist(block))
            elif isinstance(block, doc.TriageBox):
                out.append(self.triage_box(block))
            elif isinstance(block, doc.Chart):
                out.extend(charts(block.kind))
            elif isinstance(block, doc.References):
                out.extend(self.references(block))
        return out

    def columns(self, blocks: Sequence[doc.Block], charts: Callable[[str], list[Flowable]]) -> Flowable:
        """Return blocks in two columns side by side, split where `[[next column]]` stands."""
        turn = next((i for i, b in enumerate(blocks) if isinstance(b, doc.Columns)), len(blocks))
        gap = 12.0
        half = replace(self, width=(self.width - gap) / 2, styles={})
        cells = [
            [f for f in half.flowables(part, charts) if not isinstance(f, CondPageBreak)]
            for part in (blocks[:turn], blocks[turn + 1 :])
        ]
        padding: list[tuple[Any, ...]] = [(edge, (0, 0), (-1, -1), 0) for edge in _PADDINGS]
        if self.rtl:  # (text set against the right edge: the gap is kept at the first column's end)
            padding.append(("RIGHTPADDING", (0, 0), (0, 0), gap))
        table = grid(
            [cells],
            [half.width + gap, half.width],
            [("VALIGN", (0, 0), (-1, -1), "TOP"), *padding],
            rtl=self.rtl,
        )
        table.spaceAfter = self.setup.layout.space_after
        return table

    def references(self, block: doc.References) -> list[Flowable]:
        """Return the sources as one run of small print, numbered: short, for a page that is full."""
        items = [f"<b>{i}.</b> {self.text(t)}" for i, t in enumerate(block.items, start=1)]
        if items and self.rtl:  # the sources are cited in English, from left to right
            left = ParagraphStyle("reference@ltr", self.styles["reference"], alignment=TA_LEFT)
            return [internals.paragraph(None, "  ".join(items), left, None)]
        return [self.para("  ".join(items), "reference")] if items else []


def header_flowables(writer: Writer, document: doc.Document, logo: Path | None) -> list[Flowable]:
    """Return the top of page 1: the title, who the handout is for, and the club's logo."""
    lines: list[Flowable] = [writer.para(writer.text(document.title), "title")]
    lines += [writer.para(writer.text(line), "header") for line in document.header]
    if logo is None:
        return [*lines, Spacer(1, 10)]
    try:
        image = Image(str(logo))
    except Exception as e:  # reportlab raises plain errors for unreadable images
        raise RenderError(f"the theme's logo cannot be read: {e}") from e
    scale = min(60 / image.imageHeight, 120 / image.imageWidth)
    image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
    table = grid(
        [[lines, image]],
        [writer.width - 130, 130],
        [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (1, 0), (1, 0), "RIGHT"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ],
        rtl=writer.rtl,
    )
    return [table, Spacer(1, 10)]
