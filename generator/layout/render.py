"""Lay out a handout document on A4 or Letter pages and write it as a PDF, with reportlab.

Fonts are registered once per process. Every piece of text goes through `Writer.text`, which
escapes it for reportlab's paragraph markup and replaces characters the font cannot draw (with a
warning), so no value is ever read as markup and no black box is ever printed.
"""

from __future__ import annotations

import io
import os
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fontpkg_fira_sans
from reportlab import rl_config
from reportlab.graphics import shapes
from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    Image,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from generator import __version__
from generator.content import document as doc
from generator.content.document import DocInfo
from generator.content.locale import fill
from generator.errors import RenderError
from generator.layout.theme import Layout, Theme

PAPER = {"a4": A4, "letter": LETTER}
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
        # Binary (not ASCII85) streams: a quarter smaller, and every PDF reader takes them.
        rl_config.useA85 = 0
        # Drawings start from reportlab's default graphics state, whose font is an unembedded
        # base font: point it at the handout font so charts embed only what they use.
        shapes.STATE_DEFAULTS["fontName"] = FAMILY
        pdfmetrics.registerFontFamily(
            FAMILY,
            normal=FAMILY,
            bold=FAMILY + "-Bold",
            italic=FAMILY + "-Italic",
            boldItalic=FAMILY + "-BoldItalic",
        )
    return _FONTS["regular"]


@dataclass
class PageSetup:
    """What every page needs: paper, layout and theme."""

    paper: str
    layout: Layout
    theme: Theme


@dataclass(frozen=True)
class Footer:
    """What the footer says on every page of one section (one athlete's handout)."""

    left: str  # "Zoë Ñúñez · Education, not a diagnosis."
    page_of: str  # "Page {page} of {pages}"


@dataclass
class Section:
    """Where one section sits in a rendered document, and its headings for bookmarks."""

    start: int = 0  # 0-based index of its first page
    pages: int = 0
    headings: list[tuple[int, str, int]] = field(default_factory=list)  # level, text, page index


@dataclass
class Rendered:
    """A rendered document: the PDF and where each section is."""

    pdf: bytes
    pages: int
    sections: list[Section]


def escape(text: str) -> str:
    """Return text safe inside reportlab's paragraph markup: &, < and > as entities.

    (xml.sax.saxutils does the same but imports urllib, http and email: 17 ms at start-up.)
    """
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _color(theme: Theme, role: str) -> colors.Color:
    return colors.HexColor(theme.colors[role])


def _tint(color: colors.Color, amount: float) -> colors.Color:
    """Return `color` mixed with white: 0 is the colour, 1 is white."""
    return colors.Color(
        color.red + (1 - color.red) * amount,
        color.green + (1 - color.green) * amount,
        color.blue + (1 - color.blue) * amount,
    )


def make_canvas_class(setup: PageSetup, footers: Sequence[Footer], prime: str) -> type[Canvas]:
    """Return a canvas that draws each section's "page X of Y" once its page count is known.

    `prime` is text whose characters are entered into every font subset first, in a fixed order,
    so that documents rendered apart hold byte-identical fonts that a packet can store once.
    """

    class FooterCanvas(Canvas):
        _code: list[str]  # reportlab's drawing operators of the page being drawn

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Start every page in the handout font, so no unembedded base font is ever referenced.
            kwargs["initialFontName"] = FAMILY
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []
            self._waiting = 0  # characters of drawing waiting uncompressed
            self.section = -1
            if prime:
                for font in _FONTS.values():
                    font.splitString(prime, self._doc)

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            # The page's drawing waits here for its footer as one string, not thousands of small
            # ones: reportlab joins them with newlines in the end, so the bytes are the same. In a
            # long document (a coach's report for 10,000 athletes has 300 pages) the pages beyond
            # the first megabyte wait compressed.
            code = "\n".join(self._code)
            if self._waiting > _WAITING_RAW:
                self._code = [zlib.compress(code.encode("utf-8"), 1)]  # type: ignore[list-item]
            else:
                self._code = [code]
                self._waiting += len(code)
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            first: dict[int, int] = {}
            total: dict[int, int] = {}
            for index, state in enumerate(self._pages):
                first.setdefault(state["section"], index)
                total[state["section"]] = total.get(state["section"], 0) + 1
            pages, self._pages = self._pages, []
            for index, state in enumerate(pages):
                self.__dict__.update(state)
                pages[index] = {}  # reportlab now holds the page: let this copy go
                code = self._code[0]
                if isinstance(code, bytes):
                    self._code = [zlib.decompress(code).decode("utf-8")]
                section = state["section"]
                if section >= 0 and footers[section].left:
                    self._draw_footer(footers[section], index - first[section] + 1, total[section])
                super().showPage()
                _compress_now(self._doc.Pages.pages[-1])
            super().save()

        def _draw_footer(self, footer: Footer, number: int, total: int) -> None:
            width, _ = PAPER[setup.paper]
            margins = setup.layout.margins_mm
            y = margins["bottom"] * mm - 9
            self.saveState()
            self.setStrokeColor(_tint(_color(setup.theme, "accent"), 0.6))
            self.setLineWidth(0.6)
            self.line(margins["left"] * mm, y + 11, width - margins["right"] * mm, y + 11)
            self.setFont(FAMILY, setup.layout.sizes["small"])
            self.setFillColor(_color(setup.theme, "muted"))
            self.drawString(margins["left"] * mm, y, footer.left)
            self.drawRightString(
                width - margins["right"] * mm, y, fill(footer.page_of, page=number, pages=total)
            )
            self.restoreState()

    return FooterCanvas


# Characters of drawing a document keeps uncompressed while its pages wait for their footers:
# a chunk of ten handouts has about 430,000, a 10,000-athlete coach's report ten million.
_WAITING_RAW = 1_000_000


class _Compressed:
    """reportlab's Flate filter for a page drawing that is compressed already (see `_compress_now`)."""

    pdfname = "FlateDecode"

    def encode(self, data: bytes) -> bytes:
        return data


_COMPRESSED = _Compressed()


def _compress_now(page: pdfdoc.PDFPage) -> None:
    """Compress a page's drawing now, as reportlab would when it writes the file.

    reportlab keeps every page's drawing as text until the whole document is written: 10 MB for
    a 300-page coach's report. The bytes written are the same: the same zlib call, the same
    filter name, the same stream dictionary.
    """
    if page.compression and page.stream and not page.Contents:
        stream = page.stream
        data = stream.encode("utf-8") if isinstance(stream, str) else stream
        page.Contents = pdfdoc.PDFStream(content=zlib.compress(data), filters=[_COMPRESSED])
        page.stream = None


class SectionStart(Flowable):
    """Marks where a section begins: its pages get that section's footer and bookmarks."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv.section = self.index


class _KeepWithNext(KeepTogether):
    """Keeps a heading with what follows it, as reportlab's KeepTogether does, measured cheaply.

    reportlab copies the whole frame (deepcopy) each time it measures such a group, in case a
    flowable inside adds content to the frame while it is measured. Nothing in a handout does,
    and the copy was about a twentieth of all layout time. Heights and the space between
    flowables are added up the same way, so pages break in the same places.
    """

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        width = height = gap = 0.0
        first_height: float | None = None
        for flowable in self._content:
            if hasattr(flowable, "frameAction"):
                continue
            kept = getattr(flowable, "kept_height", None)
            if kept is not None:
                # A long table: a heading is kept with its first rows, not its whole length.
                w, h = aW, kept(aW)
            else:
                w, h = flowable.wrapOn(self.canv, aW, 0xFFFFFFF)
            if h <= 1e-8:  # reportlab skips what takes no height, space and all
                continue
            width = max(width, min(w, aW))
            if first_height is None:
                first_height = h
            else:
                height += max(flowable.getSpaceBefore() - gap, 0)
            height += h
            gap = flowable.getSpaceAfter()
            height += gap
        self._H = height - gap
        self._H0 = first_height or 0
        self._wrapInfo = aW, aH
        return width, 0xFFFFFF  # as KeepTogether: always asked to split, which decides the break


class _Sections(BaseDocTemplate):
    """A document template that records where sections start and where their headings fall."""

    sections: list[Section]
    bookmarks: bool  # also write the headings as the PDF's own bookmarks

    def afterFlowable(self, flowable: Flowable) -> None:  # noqa: N802 - reportlab's name
        if isinstance(flowable, SectionStart):
            self.sections.append(Section(start=self.page - 1))
            return
        level = getattr(flowable, "outline_level", None)
        if level is None or not self.sections:
            return
        headings = self.sections[-1].headings
        # An outline cannot skip a level (a "###" straight after a "#"): hang it one deeper.
        level = min(level, headings[-1][0] + 1 if headings else 0)
        headings.append((level, flowable.outline_text, self.page - 1))
        if self.bookmarks:
            key = f"h{len(headings)}"  # counts up, not object ids: the same input, the same bytes
            self.canv.bookmarkPage(key)
            self.canv.addOutlineEntry(flowable.outline_text, key, level=level, closed=level > 0)


@dataclass(slots=True)
class _Seen:
    """A line of markup seen before: its parsed text, and its line breaks at each width."""

    frags: Any
    lines: dict[tuple[float, ...], Any] = field(default_factory=dict)


class _Recurring(Paragraph):
    """A paragraph whose line breaks are worked out once for every handout that prints it.

    Breaking text into lines is about a quarter of layout time, and most lines (the content's
    own words, the references) are the same in every handout at the same width. reportlab
    reads the broken lines and never changes them; a test compares the PDFs byte for byte.
    """

    seen: _Seen | None = None  # a part split off by reportlab has none: it breaks afresh

    def breakLines(self, width: Sequence[float]) -> Any:  # noqa: N802 - reportlab's name
        if self.seen is None:
            return super().breakLines(width)
        key = tuple(width)
        lines = self.seen.lines.get(key)
        if lines is None:
            lines = self.seen.lines[key] = super().breakLines(width)
        return lines


PARSED_LIMIT = 1500  # the content's own lines in two languages fit; personal lines rarely recur


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

    def __post_init__(self) -> None:
        lay, theme = self.setup.layout, self.setup.theme
        size, lead = lay.sizes, lay.leading
        text, accent, muted = _color(theme, "text"), _color(theme, "accent"), _color(theme, "muted")

        def style(name: str, pt: float, **kw: Any) -> ParagraphStyle:
            base = {
                "fontName": FAMILY,
                "fontSize": pt,
                "leading": pt * lead,
                "textColor": text,
                "spaceAfter": lay.space_after,
                "alignment": TA_LEFT,
            }
            base.update(kw)
            return ParagraphStyle(name, **base)

        self.styles = {
            "title": style(
                "title",
                size["title"],
                fontName=FAMILY + "-Bold",
                textColor=accent,
                leading=size["title"] * 1.15,
            ),
            "header": style("header", size["header"], textColor=muted, spaceAfter=1),
            "h1": style(
                "h1",
                size["h1"],
                fontName=FAMILY + "-Bold",
                textColor=accent,
                spaceBefore=10,
                spaceAfter=4,
                keepWithNext=1,
            ),
            "h2": style(
                "h2",
                size["h2"],
                fontName=FAMILY + "-Bold",
                textColor=accent,
                spaceBefore=8,
                spaceAfter=3,
                keepWithNext=1,
            ),
            "h3": style(
                "h3", size["h3"], fontName=FAMILY + "-Bold", spaceBefore=5, spaceAfter=2, keepWithNext=1
            ),
            "body": style("body", size["body"]),
            "lead": style("lead", size["lead"], fontName=FAMILY + "-Bold"),
            "why": style("why", size["body"] - 0.5, fontName=FAMILY + "-Italic", textColor=muted),
            "item": style("item", size["body"], spaceAfter=2),
            "reference": style(
                "reference",
                size["small"] - 0.5,
                leading=(size["small"] - 0.5) * 1.2,
                textColor=muted,
                spaceAfter=0.5,
                leftIndent=14,
                bulletFontName=FAMILY,
                bulletFontSize=size["small"] - 0.5,
            ),
            "bullet": style(
                "bullet",
                size["body"],
                spaceAfter=2,
                leftIndent=16,
                bulletIndent=3,
                bulletFontName=FAMILY,
                bulletColor=accent,
            ),
            "step": style(
                "step",
                size["body"],
                spaceAfter=2,
                leftIndent=16,
                bulletIndent=0,
                bulletFontName=FAMILY + "-Bold",
                bulletColor=accent,
            ),
            "small": style("small", size["small"], textColor=muted, spaceAfter=1.5),
            "box_title": style(
                "box_title", size["h2"], fontName=FAMILY + "-Bold", textColor=colors.white, spaceAfter=0
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
        """Return `value` with characters the font cannot draw replaced by '?', with a warning."""
        if value.isascii() and value.isprintable():  # the font has every printable ASCII character
            return value
        cmap = self.font.face.charToGlyph
        missing = sorted({ch for ch in value if ord(ch) not in cmap and ch not in "\n\t"})
        if missing:
            # A count, never the characters: they would spell part of an athlete's name.
            kinds = "1 character" if len(missing) == 1 else f"{len(missing)} different characters"
            message = f"{kinds} cannot be printed in the handout font and show as '?'"
            if message not in self.warnings:
                self.warnings.append(message)
            value = "".join("?" if ch in missing else ch for ch in value)
        return value.replace("\n", " ")

    def text(self, value: str) -> str:
        """Return `value` escaped for paragraph markup, with undrawable characters replaced."""
        return escape(self.plain(value))

    def spans(self, spans: Sequence[doc.Span]) -> str:
        return "".join(f"<b>{self.text(t)}</b>" if bold else self.text(t) for t, bold in spans)

    def para(self, markup: str, style: str, bullet: str | None = None) -> Paragraph:
        if self.parsed is None:
            return Paragraph(markup, self.styles[style], bulletText=bullet)
        key = (markup, style)
        seen: _Seen | None = self.parsed.get(key)
        if seen is None:
            made = _Recurring(markup, self.styles[style], bulletText=bullet)
            if len(self.parsed) < PARSED_LIMIT:
                self.parsed[key] = made.seen = _Seen(made.frags)
            return made
        made = _Recurring(markup, self.styles[style], bulletText=bullet, frags=seen.frags)
        made.seen = seen
        return made

    # Blocks

    def heading(self, block: doc.Heading) -> list[Flowable]:
        style = f"h{block.level}"
        heading = self.para(self.text(block.text), style)
        heading.outline_level = block.level - 1
        heading.outline_text = block.text
        parts: list[Flowable] = [CondPageBreak(60 if block.level == 1 else 40), heading]
        if block.level == 1:
            parts.append(_Rule(self.width, _color(self.setup.theme, "accent")))
        return parts

    def paragraph(self, block: doc.Para) -> Flowable:
        p = self.para(self.spans(block.spans), block.style)
        if block.style == "body":
            return p
        theme = self.setup.theme
        bar = _color(theme, "accent") if block.style == "lead" else _color(theme, "muted")
        background = _tint(_color(theme, "accent"), 0.9) if block.style == "lead" else None
        return _side_bar(p, bar, background, self.width, self.setup.layout.space_after)

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
        ink = _color(self.setup.theme, "text")
        return [_Ticked(self.para(self.spans(i), "item"), ink) for i in block.items]

    def triage_box(self, block: doc.TriageBox) -> Flowable:
        color = _color(self.setup.theme, f"box_{block.level}")
        reasons = ListFlowable(
            [ListItem(self.para(self.text(r), "item")) for r in block.reasons],
            bulletType="bullet",
            start="•",
            bulletFontName=FAMILY,
            leftIndent=14,
            bulletColor=color,
        )
        actions = ListFlowable(
            [ListItem(self.para(self.text(a), "item")) for a in block.actions],
            bulletType="1",
            bulletFormat="%s.",
            leftIndent=14,
            bulletFontName=FAMILY + "-Bold",
            bulletColor=color,
        )
        # An emergency leads with what to do; other boxes say why first.
        body = [[actions], [reasons]] if block.level == "emergency" else [[reasons], [actions]]
        # Lower-level reasons follow under their own level's words.
        for title, group in block.also:
            items = [ListItem(self.para(self.text(r), "item")) for r in group]
            body.append(
                [
                    [
                        self.para(f"<b>{self.text(title)}</b>", "item"),
                        ListFlowable(
                            items, bulletType="bullet", start="•", bulletFontName=FAMILY, leftIndent=14
                        ),
                    ]
                ]
            )
        rows = [[self.para(self.text(block.title), "box_title")], *body]
        table = grid(
            rows,
            [self.width],
            [
                ("BACKGROUND", (0, 0), (0, 0), color),
                ("BACKGROUND", (0, 1), (0, -1), _tint(color, 0.9)),
                ("BOX", (0, 0), (-1, -1), 1.5, color),
                ("LEFTPADDING", (0, 0), (-1, -1), 10),
                ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                ("TOPPADDING", (0, 0), (0, 0), 6),
                ("BOTTOMPADDING", (0, 0), (0, 0), 6),
                ("TOPPADDING", (0, 1), (0, -1), 4),
                ("BOTTOMPADDING", (0, -1), (0, -1), 8),
            ],
        )
        table.spaceAfter = 8
        return table

    def flowables(
        self, blocks: Sequence[doc.Block], charts: Callable[[str], list[Flowable]]
    ) -> list[Flowable]:
        """Return the flowables for a run of blocks; `charts` draws a named chart."""
        out: list[Flowable] = []
        for block in blocks:
            if isinstance(block, doc.Heading):
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

    def references(self, block: doc.References) -> list[Flowable]:
        """Return the sources as a compact numbered list in small print."""
        return [self.para(self.text(t), "reference", f"{i}.") for i, t in enumerate(block.items, start=1)]


def grid(rows: list[list[Any]], widths: list[float], commands: list[tuple[Any, ...]]) -> Table:
    """Return a table in the handout font (tables otherwise set an unembedded base font)."""
    table = Table(rows, colWidths=widths)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FAMILY), *commands]))
    return table


Command = tuple[Any, ...]


@dataclass(frozen=True)
class Grid:
    """How a paged table looks: column widths, cell padding, line height and its style."""

    widths: list[float]
    style: list[Command]
    padding: tuple[float, float, float, float]  # top, bottom, left, right
    leading: float  # of plain-text cells
    stripes: list[Any] | None = None  # row backgrounds, alternating down the whole table
    last: list[Command] = field(default_factory=list)  # style of the table's last row


KEPT_ROWS = 3  # a heading above a long table goes to the next page unless this many rows fit under it


class PagedTable(Flowable):
    """A long table laid out a page at a time, with its header row on top of every page.

    reportlab keeps every cell of a Table, and a style object for each, from the moment the
    table is made: the coach's report and the contents of a 10,000-athlete packet held more
    than 100 MB that way. This keeps its rows as data, and makes a Table only of the rows that
    fit where it is placed. `make` turns a row into its cells and their own style commands (row
    0 meaning that row).
    """

    def __init__(
        self,
        rows: Sequence[Any],
        make: Callable[[Any], tuple[list[Any], list[Command]]],
        look: Grid,
        head: list[Any] | None = None,
        start: int = 0,
    ) -> None:
        super().__init__()
        self.rows, self.make, self.look, self.head, self.start = rows, make, look, head, start
        self._fits: dict[tuple[float, float], int] = {}
        self._whole: Table | None = None

    def _table(self, count: int) -> Table:
        look, top = self.look, 1 if self.head is not None else 0
        rows: list[list[Any]] = [self.head] if self.head is not None else []
        commands = list(look.style)
        if look.stripes:
            turn = self.start % len(look.stripes)
            commands.append(("ROWBACKGROUNDS", (0, top), (-1, -1), look.stripes[turn:] + look.stripes[:turn]))
        for index in range(count):
            cells, own = self.make(self.rows[self.start + index])
            rows.append(cells)
            at = top + index
            commands += [(name, (a[0], a[1] + at), (b[0], b[1] + at), *rest) for name, a, b, *rest in own]
        if self.start + count == len(self.rows):
            commands += look.last
        table = grid(rows, look.widths, commands)
        table.repeatRows = top
        return table

    def _height(self, cells: list[Any]) -> float:
        look = self.look
        top, bottom, left, right = look.padding
        tallest = 0.0
        for cell, width in zip(cells, look.widths, strict=True):
            if isinstance(cell, Flowable):
                tallest = max(tallest, cell.wrap(width - left - right, 1e6)[1])
            else:
                tallest = max(tallest, look.leading * (str(cell).count("\n") + 1))
        return tallest + top + bottom

    def _fitting(self, aw: float, ah: float) -> int:
        """Return how many of the remaining rows fit in height `ah`, checked by reportlab itself."""
        key = (aw, ah)
        if key not in self._fits:
            used = self._height(self.head) if self.head is not None else 0.0
            count = 0
            while self.start + count < len(self.rows):
                used += self._height(self.make(self.rows[self.start + count])[0])
                if used > ah:
                    break
                count += 1
            while count > 0 and self._table(count).wrap(aw, ah)[1] > ah:
                count -= 1
            self._fits[key] = count
        return self._fits[key]

    def kept_height(self, aw: float) -> float:
        """Return the height of the header and the first few rows: what a heading is kept with.

        Measuring the whole table there would lay out every row at once (a follow-up list of
        4,000 athletes held 20 MB that way), and would send the heading to a new page whenever
        the whole table did not fit below it.
        """
        count = min(KEPT_ROWS, len(self.rows) - self.start)
        if count == 0 and self.head is None:
            return 0.0
        return float(self._table(count).wrap(aw, 0xFFFFFFF)[1])

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        left = len(self.rows) - self.start
        if left == 0 and self.head is None:
            self._whole = None
            return 0, 0  # nothing to show
        if self._fitting(aW, aH) >= left:
            self._whole = self._table(left)
            width, height = self._whole.wrap(aW, aH)
            return width, height
        self._whole = None
        return aW, aH + 1  # more rows than fit here: reportlab asks for a split

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803
        count = self._fitting(aW, aH)
        if count == 0:
            return []  # not one row fits: the table starts on the next page
        rest = PagedTable(self.rows, self.make, self.look, self.head, self.start + count)
        rest.spaceAfter = self.getSpaceAfter()
        return [self._table(count), rest]

    def draw(self) -> None:
        if self._whole is not None:
            self._whole.drawOn(self.canv, 0, 0)


class _Rule(Flowable):
    """A thin horizontal line under a topic heading."""

    def __init__(self, width: float, color: colors.Color) -> None:
        super().__init__()
        self.width, self.color = width, color
        self.height = 6
        self.keepWithNext = 1

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(1.2)
        self.canv.line(0, 4, self.width, 4)


def _side_bar(
    content: Paragraph, bar: colors.Color, background: colors.Color | None, width: float, space: float
) -> Flowable:
    return _Barred(content, bar, background, space)


class _Barred(Flowable):
    """A paragraph with a bar down its left side and, optionally, a shaded background.

    Drawn directly rather than as a one-cell table: tables cost several times as much to lay out.
    """

    PAD_LEFT, PAD_TOP, PAD_BOTTOM, BAR = 9.0, 4.0, 3.0, 3.0

    def __init__(
        self, para: Paragraph, bar: colors.Color, background: colors.Color | None, space: float
    ) -> None:
        super().__init__()
        self.para, self.bar, self.background = para, bar, background
        self.spaceAfter = space
        self.box_width = 0.0

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.box_width = available_width
        _, height = self.para.wrap(available_width - self.PAD_LEFT - self.PAD_LEFT / 3, available_height)
        self.width, self.height = available_width, height + self.PAD_TOP + self.PAD_BOTTOM
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        inner = available_height - self.PAD_TOP - self.PAD_BOTTOM
        parts = self.para.split(available_width - self.PAD_LEFT - self.PAD_LEFT / 3, inner)
        return [_Barred(p, self.bar, self.background, self.spaceAfter) for p in parts]

    def draw(self) -> None:
        canvas = self.canv
        if self.background is not None:
            canvas.setFillColor(self.background)
            canvas.rect(0, 0, self.box_width, self.height, stroke=0, fill=1)
        canvas.setStrokeColor(self.bar)
        canvas.setLineWidth(self.BAR)
        canvas.line(self.BAR / 2, 0, self.BAR / 2, self.height)
        self.para.drawOn(canvas, self.PAD_LEFT, self.PAD_BOTTOM)


class _Ticked(Flowable):
    """One checklist line: an empty square to tick with a pen, then the text."""

    INDENT, BOX = 20.0, 11.0

    def __init__(self, para: Paragraph, ink: colors.Color) -> None:
        super().__init__()
        self.para, self.ink = para, ink
        self.spaceBefore = self.spaceAfter = 3

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, height = self.para.wrap(available_width - self.INDENT, available_height)
        self.width, self.height = available_width, max(height, self.BOX + 2)
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(self.ink)
        canvas.setLineWidth(0.9)
        top = self.height - 2
        canvas.rect(0, top - self.BOX, self.BOX, self.BOX, stroke=1, fill=0)
        self.para.drawOn(canvas, self.INDENT, self.height - self.para.height)


@dataclass(frozen=True)
class Segment:
    lo: float
    hi: float
    label: str
    color: colors.Color


def scale_bar(
    width: float,
    segments: Sequence[Segment],
    marker: float,
    marker_label: str,
    ticks: Sequence[tuple[float, str]],
    ink: colors.Color,
) -> Drawing:
    """Return a horizontal bar split into labelled segments, with a marker at one value."""
    height, bar_y, bar_h = 58, 16, 18
    lo, hi = segments[0].lo, segments[-1].hi
    drawing = Drawing(width, height)

    def x(value: float) -> float:
        return (min(max(value, lo), hi) - lo) / (hi - lo) * width

    for seg in segments:
        drawing.add(
            Rect(
                x(seg.lo),
                bar_y,
                x(seg.hi) - x(seg.lo),
                bar_h,
                fillColor=seg.color,
                strokeColor=colors.white,
                strokeWidth=1,
            )
        )
        drawing.add(
            String(
                (x(seg.lo) + x(seg.hi)) / 2,
                bar_y + 5.5,
                seg.label,
                fontName=FAMILY + "-Bold",
                fontSize=8,
                fillColor=ink,
                textAnchor="middle",
            )
        )
    for value, label in ticks:
        drawing.add(Line(x(value), bar_y - 2, x(value), bar_y, strokeColor=ink, strokeWidth=0.6))
        drawing.add(
            String(
                x(value), bar_y - 11, label, fontName=FAMILY, fontSize=7.5, fillColor=ink, textAnchor="middle"
            )
        )
    mx = x(marker)
    top = bar_y + bar_h
    drawing.add(Polygon([mx - 6, top + 9, mx + 6, top + 9, mx, top + 1], fillColor=ink, strokeColor=ink))
    anchor = "start" if mx < 40 else "end" if mx > width - 40 else "middle"
    drawing.add(
        String(
            mx,
            top + 12,
            marker_label,
            fontName=FAMILY + "-Bold",
            fontSize=9,
            fillColor=ink,
            textAnchor=anchor,
        )
    )
    return drawing


def render_document(
    story: list[Flowable],
    setup: PageSetup,
    footers: Sequence[Footer],
    prime: str = "",
    info: DocInfo | None = None,
) -> Rendered:
    """Lay out a story of sections and return the PDF; reproducible when SOURCE_DATE_EPOCH is set.

    With `info` the PDF is finished as it is (title, subject, language, bookmarks): what a
    single handout needs, without pikepdf. Without it the document is a working copy, cut into
    finished files later (see `generator.pdf.finish`).
    """
    margins = setup.layout.margins_mm
    buffer = io.BytesIO()
    template = _Sections(
        buffer,
        pagesize=PAPER[setup.paper],
        leftMargin=margins["left"] * mm,
        rightMargin=margins["right"] * mm,
        topMargin=margins["top"] * mm,
        bottomMargin=margins["bottom"] * mm,
        creator=f"handouts {__version__}",
        invariant=1 if os.environ.get("SOURCE_DATE_EPOCH", "").strip() else 0,
        title=info.title if info else "",
        subject=info.subject if info else "",
        author="",
        lang=info.language if info else None,
    )
    template.sections = []
    template.bookmarks = info is not None
    template.keepTogetherClass = _KeepWithNext
    frame = Frame(
        template.leftMargin,
        template.bottomMargin,
        template.width,
        template.height,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )
    template.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    template.build(story, canvasmaker=make_canvas_class(setup, footers, prime))
    sections = template.sections
    ends = [s.start for s in sections[1:]] + [template.page]
    for section, end in zip(sections, ends, strict=True):
        section.pages = end - section.start
    return Rendered(buffer.getvalue(), template.page, sections)


def fit_text(text: str, width: float, size: float) -> str:
    """Return `text`, cut short with an ellipsis if it is wider than `width` in the handout font."""
    if stringWidth(text, FAMILY, size) <= width:
        return text
    while text and stringWidth(text + "…", FAMILY, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def frame_width(paper: str, layout: Layout) -> float:
    """Return the width of the text column on this paper."""
    return float(PAPER[paper][0] - (layout.margins_mm["left"] + layout.margins_mm["right"]) * mm)


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
    )
    return [table, Spacer(1, 10)]
