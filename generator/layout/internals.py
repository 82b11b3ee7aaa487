"""The few places the layout relies on reportlab's internals, all in this one module.

Each one is a speed-up or a memory saving measured on whole rosters (see the comments); none
changes a byte of the PDFs. They use names reportlab does not document (most start with an
underscore), so `missing()` lists any this reportlab lacks, and a test fails with that list when
an upgrade removes one. pyproject pins reportlab to the versions the tests cover.
"""

from __future__ import annotations

import contextlib
import copy
import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab import rl_config
from reportlab.graphics import shapes
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.fonts import tt2ps
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfdoc, pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import BaseDocTemplate, KeepInFrame, KeepTogether, Paragraph, Table
from reportlab.platypus import paragraph as paragraph_module
from reportlab.platypus.doctemplate import LayoutError
from reportlab.platypus.flowables import _listWrapOn

from generator.layout import bidi
from generator.layout.tags import HEADINGS, LIST_ITEMS, TEXT_HOLDERS, Element, Tags, tags_of

# Characters of drawing a document keeps uncompressed while its pages wait for their footers:
# a chunk of ten handouts has about 430,000, a 10,000-athlete coach's report ten million.
_WAITING_RAW = 1_000_000
PARSED_LIMIT = 1500  # the content's own lines in two languages fit; personal lines rarely recur


def settle_defaults(family: str) -> None:
    """Set reportlab's process-wide defaults the handouts need (once, with the fonts)."""
    # Binary (not ASCII85) streams: a quarter smaller, and every PDF reader takes them.
    rl_config.useA85 = 0
    # Drawings start from reportlab's default graphics state, whose font is an unembedded
    # base font: point it at the handout font so charts embed only what they use.
    shapes.STATE_DEFAULTS["fontName"] = family
    # Chinese: a full-width comma, colon, semicolon, ! or ? never starts a line. reportlab's
    # list of marks that may not (its kinsoku rules) has the Japanese ones, not these.
    if CHINESE_CANNOT_START[0] not in paragraph_module.ALL_CANNOT_START:
        paragraph_module.ALL_CANNOT_START += CHINESE_CANNOT_START
    # Shaping uses a font's usual ligatures, not its discretionary ones: those are for display
    # (IBM Plex Sans Arabic would write the name Muhammad as one calligraphic sign, U+FDF4).
    features: Any = (ttfonts.shapeFragWord.__defaults__ or ({},))[0]
    if isinstance(features, dict) and features.get("dlig", False):
        features["dlig"] = False
        _SHAPED.clear()  # (anything shaped before this, with them)


CHINESE_CANNOT_START = "，；：！？"


def glyphs(font: TTFont) -> Mapping[int, int]:
    """Return the font's character map: code point -> glyph."""
    cmap: Mapping[int, int] = font.face.charToGlyph
    return cmap


def pdf_text(text: str) -> str:
    """Return text as a PDF text string in a page's drawing: UTF-16 with its byte order mark,
    in hexadecimal (no character can end it early)."""
    return "<FEFF" + text.encode("utf-16-be").hex().upper() + ">"


def shaped(text: str, font: str, size: float) -> str:
    """Return text shaped by HarfBuzz in a font: a string of its glyphs, joined and in the order
    they are drawn, that a canvas or a chart's string draws as they are.

    Kept for the process: an Arabic handout shapes the same words on every line it tries, and
    every handout of a batch says most of the same words (only read, never changed)."""
    key = (text, font, size)
    made = _SHAPED.get(key)
    if made is None:
        if len(_SHAPED) > MOST_SHAPED:
            _SHAPED.clear()
        made = _SHAPED[key] = ttfonts.shapeStr(text, font, size, force=True)
    return made


_SHAPED: dict[tuple[str, str, float], str] = {}
MOST_SHAPED = 50_000  # words kept shaped (a few MB)


def width_of(text: str, font: str, size: float) -> float:
    """Return the width of text as drawn: shaped text by its glyphs' advances."""
    data = getattr(text, "__shapeData__", None)
    if data is not None:
        return float(sum(glyph.x_advance for glyph in data) * size / 1000)
    return float(pdfmetrics.stringWidth(text, font, size))


class HeldPages(Canvas):
    """A canvas that keeps every page until the document is saved, then finishes each in turn.

    A section's "page X of Y" can only be drawn once its page count is known; subclasses draw
    it in `finish_page`. `section` is the section the page being drawn belongs to (-1: none).

    With `tagged`, every page is page furniture (an artifact) except the text drawn while an
    element of `tags` is open: each piece of such text is a numbered span (MCID) that element
    holds. reportlab draws every piece of text through `drawText`, so no text is left out.
    """

    _code: list[str]  # reportlab's drawing operators of the page being drawn

    def __init__(
        self,
        *args: Any,
        prime: str = "",
        fonts: Iterable[TTFont] = (),
        tagged: bool = False,
        **kwargs: Any,
    ) -> None:
        self.tags: Tags | None = Tags() if tagged else None
        self._figure: Element | None = None  # the figure being drawn
        self._mcid = 0  # the next span's number on this page
        # Lines of the paragraph being drawn that end inside a word too long for its line (by
        # their number): no space after them.
        self.unbroken: frozenset[int] = frozenset()
        # The text as written of the next text drawn, where the page draws it shaped (a name in
        # Arabic), and how many pieces of text come first (a list item's bullet).
        self.actual: tuple[str, int] | None = None
        super().__init__(*args, **kwargs)
        if self.tags is not None:
            self._code.append("/Artifact BMC")
        self._held: list[dict[str, Any]] = []
        self._waiting = 0  # characters of drawing waiting uncompressed
        self.section = -1
        self._marks: dict[int, list[tuple[str, tuple[Any, ...], dict[str, Any]]]] = {}  # by page index
        # Links drawn, for the PDF stage to write: (page index, (x0, y0, x1, y1), address, words).
        self.links: list[tuple[int, tuple[float, float, float, float], str, str]] = []
        if prime:
            # Entered into every font subset first, in a fixed order, so that documents
            # rendered apart hold byte-identical fonts that a packet can store once.
            for font in fonts:
                font.splitString(prime, self._doc)

    def link(self, target: str, x0: float, y0: float, x1: float, y1: float, words: str = "") -> None:
        """Note a link over a rectangle of the page being drawn (coordinates as drawn now);
        `words` describe it for a screen reader."""
        (ax, ay), (bx, by) = self.absolutePosition(x0, y0), self.absolutePosition(x1, y1)
        self.links.append((len(self._held), (ax, ay, bx, by), target, words))

    def finish_page(self, section: int, number: int, total: int) -> None:
        """Draw what a page needs once its section's length is known (number is 1-based)."""

    def _startPage(self) -> None:  # noqa: N802 - reportlab's name
        super()._startPage()
        self._mcid = 0
        if self.tags is not None:
            self._code.append("/Artifact BMC")

    def _span(self, role: str) -> int:
        """End the furniture, begin a numbered span of `role`; return its number."""
        number = self._mcid
        self._mcid += 1
        self._code.append(f"EMC /{role} <</MCID {number}>> BDC")
        return number

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:  # noqa: N802
        if self.tags is None:
            return super().beginText(x, y, direction)
        text = _Spaced(self, x, y, direction=direction)
        if self.unbroken:
            text.unbroken = self.unbroken
        return text

    def drawText(self, aTextObject: Any) -> None:  # noqa: N802 N803 - reportlab's names
        actual = self._actual()
        tags = self.tags
        if tags is None or tags.quiet:
            self._text_as_written(aTextObject, actual)
            return
        element = tags.target()
        element.kids.append((len(self._held), self._span(element.role)))
        self._text_as_written(aTextObject, actual)
        self._code.append("EMC /Artifact BMC")

    def _text_as_written(self, text: Any, actual: str) -> None:
        """Draw a text object; with `actual`, inside a span that gives its text as written (a
        PDF reader's copy and search take that; they honour it on a span only)."""
        if actual:
            self._code.append(f"/Span <</ActualText {actual}>> BDC")
        self._code.append(str(text.getCode()))
        if actual:
            self._code.append("EMC")

    def _actual(self) -> str:
        """Return the text as written for the text drawn now, as a PDF string ("" if none)."""
        if self.actual is None:
            return ""
        text, before = self.actual
        if before:
            self.actual = (text, before - 1)
            return ""
        self.actual = None
        return pdf_text(text)

    def write_actual(self, text: str, begin: bool) -> None:
        """Begin (or end) a span that gives the text as written of what is drawn in it: text
        drawn shaped on the canvas itself (a footer's name in Devanagari). Only in page
        furniture (or an untagged page): inside a tagged span it would break their nesting."""
        if self.tags is not None and not self.tags.quiet and self._figure is None:
            return
        self._code.append(f"/Span <</ActualText {pdf_text(text)}>> BDC" if begin else "EMC")

    def begin_figure(self, alt: str, width: float, height: float) -> None:
        """Begin a figure (a chart) at the current origin: what it draws is one span, described."""
        assert self.tags is not None
        (x0, y0), (x1, y1) = self.absolutePosition(0, 0), self.absolutePosition(width, height)
        figure = self._figure = self.tags.open("Figure", alt=alt, bbox=(x0, y0, x1, y1))
        figure.kids.append((len(self._held), self._span("Figure")))
        self.tags.quiet += 1

    def end_figure(self) -> None:
        """End the figure `begin_figure` began: what is drawn next is furniture again."""
        assert self.tags is not None and self._figure is not None
        self._code.append("EMC /Artifact BMC")
        self.tags.quiet -= 1
        self.tags.close(self._figure)
        self._figure = None

    def bookmarkPage(self, key: str, *how: Any, **where: Any) -> None:  # noqa: N802 - reportlab's name
        # reportlab points a bookmark at the page it is writing; the page being drawn waits
        # here, so the bookmark is made when that page is written (see `save`).
        self._marks.setdefault(len(self._held), []).append((key, how, where))

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
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        first: dict[int, int] = {}
        total: dict[int, int] = {}
        for index, state in enumerate(self._held):
            first.setdefault(state["section"], index)
            total[state["section"]] = total.get(state["section"], 0) + 1
        pages, self._held = self._held, []
        marks = self._marks
        if self.tags is not None:
            self.tags.quiet += 1  # footers and page numbers are furniture
        for index, state in enumerate(pages):
            self.__dict__.update(state)
            pages[index] = {}  # reportlab now holds the page: let this copy go
            code = self._code[0]
            if isinstance(code, bytes):
                self._code = [zlib.decompress(code).decode("utf-8")]
            section = state["section"]
            if section >= 0:
                self.finish_page(section, index - first[section] + 1, total[section])
            for key, how, where in marks.get(index, ()):
                super().bookmarkPage(key, *how, **where)
            if self.tags is not None:
                self._code.append("EMC")
            super().showPage()
            _compress_now(self._doc.Pages.pages[-1])
        # The page begun after the last one holds only its furniture mark: not a page to add.
        self._code = []
        super().save()


class _Spaced(PDFTextObject):
    """Text whose every line ends with a space, as a reader copying the text expects.

    A line break is only a move on the page: text extracted along the structure tree (what a
    screen reader or a copy and paste gets) would run the last word of one line into the first
    of the next ("beforeDrink"). The space is drawn in the line's own font, after its end, and
    is invisible; where the text sits does not change. A line that ends inside a word (one too
    long for its line, cut by reportlab) gets none: `unbroken` numbers those lines.
    """

    unbroken: frozenset[int] = frozenset()  # set by the canvas that begins it
    line = 0  # lines ended so far

    def _textOut(self, text: str, TStar: int = 0) -> None:  # noqa: N802 N803 - reportlab's names
        if TStar:
            if self.line not in self.unbroken and not text.endswith(" "):
                text += " "
            self.line += 1
        _TEXT_OUT(self, text, TStar)


_TEXT_OUT = PDFTextObject._textOut


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


class KeepWithNext(KeepTogether):
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


def keep_headings_cheaply(template: BaseDocTemplate) -> None:
    """Make a document keep headings with what follows them by `KeepWithNext`'s measure."""
    template.keepTogetherClass = KeepWithNext


# The flowables below draw through reportlab's own hooks (a paragraph's laid-out lines, a
# table's cell callback): kept here with the rest of what relies on its internals.


class TaggedParagraph(Paragraph):
    """A paragraph that is a heading, a paragraph or a list item, by its style's name.

    A paragraph split over two pages is one element: its second part goes on with the element
    its first part opened (`continues`, `opened`).
    """

    continues: TaggedParagraph | None = None  # the first part, for a part split off
    opened: Element | None = None  # the element the text went into, once drawn
    # The text as written, where the page draws it otherwise: shaped (Devanagari), or shaped and
    # in drawn order (Arabic, Hebrew). `written` is given to its element, which a screen reader
    # reads; `actual` to the page's drawing too, which a copy gives. (A PDF reader reorders
    # text written right to left as it reads the page: there it is left out.)
    actual: str = ""
    written: str = ""

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803 - reportlab's
        parts: list[Any] = super().split(availWidth, availHeight)
        if len(parts) == 2 and isinstance(parts[1], TaggedParagraph):
            parts[0].continues = self.continues  # a part split again goes on as this one did
            parts[1].continues = parts[0]
        return parts

    def _say_actual(self) -> None:
        """Give the canvas this paragraph's text as written, for its text (after its bullet):
        a paragraph drawn whole, shaped or reordered, reads as it was written."""
        if self.actual and self.continues is None:
            self.canv.actual = (self.actual, 1 if self.bulletText else 0)

    def draw(self) -> None:
        tags = tags_of(self.canv)
        if tags is None or tags.quiet:
            self._say_actual()
            self._paint()
            return
        first = self.continues.opened if self.continues is not None else None
        if first is not None:
            tags.reopen(first)
            self.opened = first
            self.canv.unbroken = _cut_lines(self)
            try:
                self._paint()
            finally:
                tags.close(first)
            return
        self.canv.unbroken = _cut_lines(self)
        name = self.style.name.partition("@")[0]  # scaled styles are "body@0.9"
        level = HEADINGS.get(name)
        element: Element | None
        if level is not None:
            element = tags.heading(level)
        elif name.startswith(LIST_ITEMS):
            element = tags.item(str(self.bulletText or ""), name)
        elif tags.top.role in TEXT_HOLDERS:
            element = None  # a cell's or a list item's text is theirs
        else:
            element = tags.open("P")
        self.opened = tags.top  # the paragraph, heading or list item's body its text goes into
        if self.written and not self.opened.kids and not self.opened.actual:
            self.opened.actual = self.written
        self._say_actual()
        try:
            self._paint()
        finally:
            if element is not None:
                tags.close(element)

    def _paint(self) -> None:
        """Draw the paragraph's text (and bullet) where it stands."""
        Paragraph.draw(self)


class Bidirectional(TaggedParagraph):
    """A paragraph set by the layout itself, not by reportlab: one in Arabic (`rtl`: its lines
    start at the right edge, a bullet or number stands at the right), or one holding a name in
    Arabic, Hebrew or Devanagari.

    reportlab sets a line's words left to right, in the order written, and shapes each word
    whole in one font: a name written right to left came out backwards, one that wraps had its
    lines swapped, and a word in two fonts or two directions ("Ali-حسن", "(١٢)") was drawn
    with the wrong glyphs. Here the words, in the order written, fill each line up to the
    width (each as HarfBuzz shapes it); then each line is cut into runs of one font and one
    direction (the Unicode Bidirectional Algorithm: `bidi.levels`), the runs are put in the
    order they are drawn, and each is shaped in its own direction. A screen reader reads the
    paragraph as written (`written`); where no letter runs right to left (Devanagari), a copy
    of the page's text gives it too (`actual`).
    """

    def __init__(
        self,
        text: str,
        style: ParagraphStyle,
        bulletText: str | None = None,
        rtl: bool = False,  # noqa: N803
    ) -> None:
        super().__init__(text, style, bulletText=bulletText)
        self.rtl = rtl
        if style.fontName.endswith("-Bold"):
            # A bold line (a heading, a name in the report): a name in another family's face
            # (<font face="HandoutArabic">) is bold too, in that family's bold.
            for frag in self.frags:
                name = getattr(frag, "fontName", "")
                if name and not name.endswith("-Bold"):
                    with contextlib.suppress(ValueError):  # (a family with one weight)
                        frag.fontName = tt2ps(name.lower(), 1, 0)
        self.written = self.getPlainText()
        if not bidi.right_to_left(self.written):
            self.actual = self.written
        self._set: list[list[tuple[Any, str, float]]] = []  # each line: (style, drawn text, width)
        self._set_at, self._height = -1.0, 0.0  # the width it was set at, and its height there

    def _words(self) -> list[list[tuple[Any, str]] | None]:
        """Return the words in the order written: each as its pieces (style, text); None where
        a line is broken (<br/>)."""
        words: list[list[tuple[Any, str]] | None] = []
        joined = False  # whether the next piece goes on the last word
        for frag in self.frags:
            if getattr(frag, "lineBreak", False):
                words.append(None)
                joined = False
                continue
            text = getattr(frag, "text", "")
            if not text or hasattr(frag, "cbDefn"):
                continue
            for n, part in enumerate(text.split(" ")):
                if n > 0:
                    joined = False
                if part:
                    last = words[-1] if words else None
                    if joined and last is not None:
                        last.append((frag, part))
                    else:
                        words.append([(frag, part)])
                    joined = True
            joined = not text.endswith(" ")
        return words

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if self._set_at == availWidth:  # (set at this width already)
            return availWidth, self._height
        style = self.style
        self.width = availWidth
        lines: list[list[list[tuple[Any, str]]]] = [[]]
        used = 0.0
        for word in self._words():
            if word is None:
                lines.append([])
                used = 0.0
                continue
            room = availWidth - style.leftIndent - style.rightIndent
            room -= style.firstLineIndent if len(lines) == 1 else 0
            for piece in _fitted(word, room):
                wide = _word_width(piece)
                space = _space(piece) if lines[-1] else 0.0
                if lines[-1] and used + space + wide > room:
                    lines.append([])
                    used, space = 0.0, 0.0
                used += space + wide
                lines[-1].append(piece)
        self._set = [drawn_runs(_spaced(line), self.rtl) for line in lines]
        self._set_at, self._height = availWidth, len(self._set) * style.leading
        self.height = self._height
        return availWidth, self._height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803
        self.wrap(availWidth, availHeight)
        fit = int((availHeight + 1e-6) // self.style.leading)
        if self._height <= availHeight:
            return [self]
        if fit < 1 or fit >= len(self._set):
            return []
        first, rest = copy.copy(self), copy.copy(self)
        first._set, rest._set = self._set[:fit], self._set[fit:]
        for part in (first, rest):
            part._height = part.height = len(part._set) * self.style.leading
        rest.bulletText, rest.actual = None, ""  # (the bullet and the text as written: the first part's)
        first.actual = ""  # (a copy takes each part's drawn text; the element holds it all)
        first.continues, rest.continues = self.continues, first
        return [first, rest]

    def _paint(self) -> None:
        canvas, style = self.canv, self.style
        baseline = self.height - style.fontSize  # as reportlab sets a paragraph's first line
        if self.bulletText and self.continues is None:
            # An Arabic list's number stands at the right, its dot to the left ("1." is ".1").
            bullet = str(self.bulletText)
            if self.rtl:
                bullet = "".join(reversed(re.findall(r"\d+|\D", bullet)))
            size = style.bulletFontSize
            wide = pdfmetrics.stringWidth(bullet, style.bulletFontName, size)
            at = self.width - style.bulletIndent - wide if self.rtl else style.bulletIndent
            text = canvas.beginText(at, baseline)
            text.setFont(style.bulletFontName, size)
            text.setFillColor(style.bulletColor)
            text.textOut(bullet)
            canvas.drawText(text)
        text = canvas.beginText(0, baseline)
        for n, runs in enumerate(self._set):
            total = sum(wide for _, _, wide in runs)
            indent = style.firstLineIndent if n == 0 and self.continues is None else 0
            start, end = style.leftIndent + (0 if self.rtl else indent), style.rightIndent
            if self.rtl:
                start, end = style.rightIndent, style.leftIndent + indent
            x = self.width - end - total  # against the right edge
            if style.alignment == TA_CENTER:
                x = start + (self.width - start - end - total) / 2
            elif style.alignment == TA_LEFT and not self.rtl:
                x = start
            for frag, shown, wide in runs:
                text.setTextOrigin(x, baseline)
                text.setFont(frag.fontName, frag.fontSize)
                text.setFillColor(frag.textColor)
                text.textOut(shown)
                x += wide
            if runs:  # (an unseen space ends each line: a copy keeps the last word apart)
                text.setTextOrigin(x, baseline)
                text.textOut(" ")
            baseline -= style.leading
        canvas.drawText(text)


def _spaced(words: list[list[tuple[Any, str]]]) -> list[tuple[Any, str]]:
    """Return a line's words as pieces in the order written, a space between two words (in
    the font of the word after it)."""
    pieces: list[tuple[Any, str]] = []
    for n, word in enumerate(words):
        if n:
            pieces.append((word[0][0], " "))
        pieces += word
    return pieces


def _space(word: list[tuple[Any, str]]) -> float:
    frag = word[0][0]
    return float(pdfmetrics.stringWidth(" ", frag.fontName, frag.fontSize))


def _word_width(word: list[tuple[Any, str]]) -> float:
    return sum(width_of(shaped(text, f.fontName, f.fontSize), f.fontName, f.fontSize) for f, text in word)


def _fitted(word: list[tuple[Any, str]], room: float) -> list[list[tuple[Any, str]]]:
    """Return a word as it goes into lines: whole, or, wider than a line (a name of 200 letters
    and no space), cut into parts that each fit one."""
    if room <= 0 or _word_width(word) <= room:
        return [word]
    parts: list[list[tuple[Any, str]]] = [[]]
    for frag, text in word:
        for ch in text:
            last = parts[-1]
            grown = (
                [*last[:-1], (frag, last[-1][1] + ch)]
                if last and last[-1][0] is frag
                else [*last, (frag, ch)]
            )
            if last and _word_width(grown) > room:
                parts.append([(frag, ch)])
            else:
                parts[-1] = grown
    return parts


class Face:
    """A font and size to draw a run of text in (what a paragraph's piece of text carries)."""

    __slots__ = ("fontName", "fontSize", "textColor")

    def __init__(self, font: str, size: float, color: Any = None) -> None:
        self.fontName, self.fontSize, self.textColor = font, size, color


def drawn_runs(pieces: Sequence[tuple[Any, str]], rtl: bool = False) -> list[tuple[Any, str, float]]:
    """Return one line as it is drawn, left to right: runs of one style (a paragraph's frag, or
    a `Face`) and one direction, each with its text as drawn and its width.

    `pieces` are the line's text in the order written, each in its style; `rtl`: the line runs
    right to left (Arabic). A run written right to left with letters of its own is shaped by
    HarfBuzz in that direction (its letters joined, its brackets turned); one with none (a
    bracket, a space between two such runs) is only reversed, brackets turned. A run that
    runs left to right is shaped where its script needs it (Devanagari), and otherwise drawn
    as it is: numbers in Arabic-Indic digits read left to right, and HarfBuzz, taking them for
    Arabic, would turn them round.
    """
    line = "".join(text for _, text in pieces)
    if not line:
        return []
    at = bidi.levels(line, rtl)
    runs: list[tuple[Any, str, int]] = []  # (style, text, level), in the order written
    i, cut = 0, False
    for frag, text in pieces:
        for ch in text:
            if ch in _UNDRAWN:  # a direction mark: read for the levels; a non-joiner: cuts the run
                cut, i = cut or ch == "\u200c", i + 1
                continue
            if runs and not cut and runs[-1][0] is frag and runs[-1][2] == at[i]:
                runs[-1] = (frag, runs[-1][1] + ch, at[i])
            else:
                runs.append((frag, ch, at[i]))
            i, cut = i + 1, False
    out = []
    for index in bidi.reorder([level for _, _, level in runs]):
        frag, text, level = runs[index]
        font, size = frag.fontName, frag.fontSize
        drawn: str
        if level % 2:
            if bidi.has_letters_right_to_left(text):
                drawn = shaped(text, font, size)
            else:
                drawn = bidi.mirrored(text[::-1])
        elif bidi.right_to_left(text) or not _SHAPED_SCRIPTS.search(text):
            drawn = text
        else:
            drawn = shaped(text, font, size)
        out.append((frag, drawn, width_of(drawn, font, size)))
    return out


_UNDRAWN = frozenset("\u200c\u200e\u200f")  # never drawn: a non-joiner, the direction marks
_SHAPED_SCRIPTS = re.compile("[\u0900-\u097f\ua8e0-\ua8ff]")  # scripts shaped left to right: Devanagari


_CUT_WORDS = ("_SplitWord", "_SplitWordH", "_SplitWordHY")  # a word's part before a cut


def _cut_lines(paragraph: Paragraph) -> frozenset[int]:
    """Return the lines (by number) of a laid-out paragraph that end inside a word: where
    reportlab cut a word too long for its line."""
    laid = getattr(paragraph, "blPara", None)
    lines = getattr(laid, "lines", None) or []
    if len(lines) < 2:
        return frozenset()
    if getattr(laid, "kind", 1) == 0:  # plain words: reportlab marks the part of a cut word
        return frozenset(n for n, line in enumerate(lines[:-1]) if type(line[1][-1]).__name__ in _CUT_WORDS)
    if all(getattr(line, "extraSpace", 0) > paragraph.style.fontSize for line in lines[:-1]):
        return frozenset()  # no line is full: none ends in a word cut to fit it
    plain = paragraph.getPlainText()
    cut, at = set(), 0
    for number, line in enumerate(lines[:-1]):
        words = line[1] if isinstance(line, tuple) else getattr(line, "words", [])
        shown = " ".join(words) if isinstance(line, tuple) else "".join(getattr(w, "text", "") for w in words)
        shown = shown.strip()
        found = plain.find(shown, at) if shown else -1
        if found < 0:
            continue
        at = found + len(shown)
        forced = getattr(line, "lineBreak", False)  # a <br/>: the words part there
        if not forced and at < len(plain) and not plain[at].isspace():
            cut.add(number)
    return frozenset(cut)


class TaggedTable(Table):
    """A table that is a data table, a box (a section with its heading) or layout only.

    `role` "Table": rows and cells, the first `repeatRows` rows header cells (and the first
    `row_headers` cells of each row, which name what the row is about); "TOC": each row a
    contents entry holding its link; "Sect": the table is one section; "": the cells' contents
    stand in the reading order as if there were no table. `shared` carries a long table's
    element on to the part of it on the next page, whose repeated header rows are furniture.
    """

    # reportlab's hook, called as rows and cells are drawn (internals.missing checks it is there)
    _renderCB: Callable[..., None] | None

    def __init__(
        self,
        *args: Any,
        role: str = "",
        shared: list[Element] | None = None,
        row_headers: int = 0,
        rtl: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.role, self.shared, self.row_headers = role, shared, row_headers
        # Drawn mirrored (Arabic): the cells of a row are drawn last to first; the tags put
        # them back in reading order.
        self.rtl = rtl

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803 - reportlab's
        # reportlab makes the parts with the class alone: they are told what the table is, and
        # share its element, so that a table over two pages is one table.
        parts: list[Any] = super().split(availWidth, availHeight)
        if self.role and len(parts) > 1:
            if self.shared is None:
                self.shared = []
            for part in parts:
                if isinstance(part, TaggedTable):
                    part.role, part.shared, part.row_headers = self.role, self.shared, self.row_headers
        for part in parts:
            if isinstance(part, TaggedTable):
                part.rtl = self.rtl
        return parts

    def draw(self) -> None:
        tags = tags_of(self.canv)
        if tags is None or tags.quiet:
            super().draw()
            return
        if not self.role:
            if self.rtl:  # its cells' contents, read from the first (rightmost) cell
                self._renderCB = self._reading_order(tags)
            try:
                super().draw()
            finally:
                self._renderCB = None
            return
        continued = bool(self.shared)
        if continued:
            assert self.shared is not None
            element = self.shared[0]
            tags.reopen(element)
        else:
            element = tags.open(self.role)
            if self.shared is not None:
                self.shared.append(element)
        if self.role in ("Table", "TOC"):
            self._renderCB = self._cells(tags, continued)
        try:
            super().draw()
        finally:
            self._renderCB = None
            tags.close(element)

    def _links(self) -> list[Any]:
        return []

    def _reading_order(self, tags: Tags) -> Callable[..., None]:
        """Return a callback that puts what each row's cells added to the structure in reading
        order: a mirrored row is drawn from its last cell."""
        marks: list[int] = []  # where each cell's contents start among the open element's kids
        holder: list[Element] = []

        def callback(table: Any, kind: str, *args: Any) -> None:
            if kind == "startRow":
                holder[:] = [tags.top]
                marks.clear()
            elif kind == "startCell" and holder:
                tags.end_lists()  # (each cell's items a list of their own, to be moved whole)
                marks.append(len(holder[0].kids))
            elif kind == "endRow" and holder and marks:
                tags.end_lists()
                kids = holder[0].kids
                bounds = [*marks, len(kids)]
                groups = [kids[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
                kids[marks[0] :] = [kid for group in reversed(groups) for kid in group]

        return callback

    def _cells(self, tags: Tags, continued: bool) -> Callable[..., None]:
        heads = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        links = self._links()
        first_link = len(getattr(self.canv, "links", ()))
        opened: list[Element | None] = []  # the rows open now (None: a repeated header row)
        cells: list[Element] = []

        def callback(table: Any, kind: str, *args: Any) -> None:
            if kind == "startRow":
                row = args[0]
                if row < heads and continued:
                    tags.quiet += 1  # the header row again on this page: furniture
                    opened.append(None)
                    return
                role = "TOCI" if self.role == "TOC" else "TR"
                opened.append(tags.open(role))
                if self.role == "TOC" and row < len(links) and links[row]:
                    index = first_link + sum(1 for link in links[:row] if link)
                    tags.open("Link").kids.append(index)
            elif kind == "endRow":
                row_element = opened.pop()
                if row_element is None:
                    tags.quiet -= 1
                else:
                    tags.close(row_element)
                    if self.rtl:  # (drawn from the last cell: read from the first)
                        holder = row_element
                        if self.role == "TOC" and holder.kids and isinstance(holder.kids[-1], Element):
                            holder = holder.kids[-1]  # the row's link holds its cells
                        marks = [kid for kid in holder.kids if isinstance(kid, int)]  # (its link)
                        shown = [kid for kid in holder.kids if not isinstance(kid, int)]
                        holder.kids[:] = [*marks, *shown[::-1]]
            elif kind == "startCell" and self.role == "Table" and opened and opened[-1] is not None:
                row, column = args[0], args[1]
                if row < heads:
                    cells.append(tags.open("TH", scope="Column"))
                elif (len(self._colWidths) - 1 - column if self.rtl else column) < self.row_headers:
                    cells.append(tags.open("TH", scope="Row"))  # the athlete a row is about
                else:
                    cells.append(tags.open("TD"))
            elif kind == "endCell" and cells:
                tags.close(cells.pop())

        return callback


class LinkedTable(TaggedTable):
    """A table each of whose rows is a link (the packet's contents: a line opens its handout).

    The rows' places are known only once reportlab has laid the table out (`_rowpositions`).
    The links are noted on the canvas (`HeldPages.link`), not written by reportlab: the packet
    writes them pointing at its own pages, and 10,000 of them cost reportlab 0.7 s to write.
    """

    def __init__(
        self,
        rows: list[list[Any]],
        widths: list[float] | None = None,
        links: Sequence[str | None] = (),
        shared: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        # (reportlab makes the parts of a table it splits with its own arguments only: such a
        # part has no links.)
        if widths is not None:
            kwargs["colWidths"] = widths
        super().__init__(rows, role="TOC", shared=shared, **kwargs)
        self.links = links

    def _links(self) -> list[Any]:
        return list(self.links)

    def draw(self) -> None:
        super().draw()
        edges = self._rowpositions  # from the top of the table down, one more than the rows
        for index, target in enumerate(self.links):
            if target:
                cells = self._cellvalues[index]
                cells = cells[::-1] if getattr(self, "rtl", False) else cells  # (read first to last)
                words = " ".join(_plain(cell) for cell in cells)
                self.canv.link(target, 0, edges[index + 1], self._width, edges[index], words)


def _plain(cell: Any) -> str:
    """Return the words a table cell shows."""
    if isinstance(cell, Paragraph):
        return str(cell.getPlainText()).strip()
    if isinstance(cell, list | tuple):
        return " ".join(_plain(part) for part in cell)
    return str(cell).strip() if isinstance(cell, str) else ""


@dataclass(slots=True)
class _Seen:
    """A line of markup seen before: its parsed text, and its line breaks at each width."""

    frags: Any
    lines: dict[tuple[float, ...], Any] = field(default_factory=dict)


class _Recurring(TaggedParagraph):
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


def paragraph(
    parsed: dict[tuple[str, str], Any] | None, markup: str, style: ParagraphStyle, bullet: str | None
) -> Paragraph:
    """Return a paragraph, parsed (and its lines broken) once per process when `parsed` is given.

    Parsing is a fifth of a handout's cost, and most lines (the content's own words, the
    references) recur from handout to handout.
    """
    if parsed is None:
        return TaggedParagraph(markup, style, bulletText=bullet)
    key = (markup, style.name)
    seen: _Seen | None = parsed.get(key)
    if seen is None:
        made = _Recurring(markup, style, bulletText=bullet)
        if len(parsed) < PARSED_LIMIT:
            parsed[key] = made.seen = _Seen(made.frags)
        return made
    made = _Recurring(markup, style, bulletText=bullet, frags=seen.frags)
    made.seen = seen
    return made


def _has(owner: object, *names: str) -> Callable[[], list[str]]:
    def check() -> list[str]:
        label = getattr(owner, "__name__", type(owner).__name__)
        return [f"{label}.{name}" for name in names if not hasattr(owner, name)]

    return check


# The sizes a fixed page's text may be set at, as a share of full size, largest first. Below
# the last the text would be too small to read, and the page is refused instead.
SCALES = (1.0, 0.95, 0.9, 0.85, 0.8)


@dataclass(frozen=True)
class Shape:
    """One way to set a fixed page: its text size, and what it may leave out or pass on."""

    scale: float = 1.0
    spare: bool = False  # without the charts whose amounts the words already give
    move: bool = False  # with its movable tail (the checklist) at the top of the next page


# The ways to set a fixed page, the best first: full size and everything in place; a little
# smaller; without the charts; and only when nothing else fits, the checklist moved to the
# top of the next page (a page 1 with several boxes and a club's logo).
SHAPES = (
    *(Shape(s) for s in SCALES if s >= 0.9),
    *(Shape(s, spare=True) for s in SCALES),
    *(Shape(s, move=True) for s in SCALES if s >= 0.9),
    *(Shape(s, spare=True, move=True) for s in SCALES),
)
STAYING = tuple(shape for shape in SHAPES if not shape.move)  # for a page with nothing to pass on


class PageTooFull(LayoutError):
    """A fixed page's text does not fit its page in any shape."""


class Fitted(KeepInFrame):
    """A page's whole text, set as it best fits its one page.

    A two-page handout is one sheet whatever the profile. The content is written to fit at
    full size; a page that holds more takes the first of `shapes` that fits (`make(shape)`
    makes the page's flowables that way, so widths stay full and only text gets smaller) and
    that `accept` takes (a page that passes its tail on asks the next page whether it can take
    it). Text that fits in no shape (a club's very long wording) is a LayoutError.
    """

    def __init__(
        self,
        make: Callable[[Shape], list[Any]],
        name: str,
        shapes: Sequence[Shape] = STAYING,
        accept: Callable[[Shape, float, float], bool] = lambda shape, width, height: True,
    ) -> None:
        self.shape = shapes[0]
        # The page's flowables are made when it is laid out: what it holds may depend on the
        # page before, and making them twice is a tenth of a handout's cost.
        super().__init__(0, 0, [], mode="shrink", name=name)
        self.make, self.shapes, self.accept = make, shapes, accept

    @property
    def scale(self) -> float:
        """Return the size the page's text is set at: 1.0 is full size."""
        return self.shape.scale

    def fits(self, canvas: Canvas, width: float, height: float) -> bool:
        """Return whether the page's text, as it now stands, fits a page of this size."""
        self.canv = canvas
        return self._first_fit(width, height)

    def _first_fit(self, availWidth: float, availHeight: float) -> bool:  # noqa: N803
        for shape in self.shapes:
            # Made again each time: what the page holds may depend on the page before.
            self._content, self.shape = self.make(shape), shape
            width, height = _listWrapOn(self._content, availWidth, self.canv, obj=self)
            if height <= availHeight and self.accept(shape, availWidth, availHeight):
                self.width, self.height = width, height
                return True
        return False

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        if not self._first_fit(availWidth, availHeight):
            raise PageTooFull(self.name)
        return self.width, self.height


def missing() -> list[str]:
    """Return the reportlab internals used here that this reportlab does not have."""
    import io

    canvas = Canvas(io.BytesIO())
    found: list[str] = []
    checks = [
        _has(rl_config, "useA85"),
        _has(canvas, "_code", "_doc", "_startPage"),
        _has(canvas._doc, "Pages") if hasattr(canvas, "_doc") else lambda: [],
        _has(pdfdoc, "PDFStream", "PDFPage"),
        _has(pdfdoc.PDFPage(), "compression", "stream", "Contents"),
        _has(KeepTogether([]), "_content"),
        _has(KeepTogether, "split"),
        _has(Paragraph, "breakLines"),
        _has(paragraph_module, "ALL_CANNOT_START"),
        _has(BaseDocTemplate, "afterFlowable", "handle_keepWithNext"),
        _has(BaseDocTemplate(io.BytesIO()), "keepTogetherClass"),
        _has(TTFont, "splitString"),
        _has(PDFTextObject, "_textOut"),
        _has(Table([["a"]]), "_renderCB"),
    ]
    for check in checks:
        found += check()
    found += _has(KeepInFrame(0, 0, []), "_content")()
    table = Table([["a"], ["b"]])
    table.wrap(100, 100)
    found += [f"Table.{name}" for name in ("_rowpositions", "_width") if not hasattr(table, name)]
    if not isinstance(getattr(shapes, "STATE_DEFAULTS", None), dict):
        found.append("reportlab.graphics.shapes.STATE_DEFAULTS")
    try:
        Paragraph("x", ParagraphStyle("probe"), frags=Paragraph("x", ParagraphStyle("probe")).frags)
    except TypeError:
        found.append("Paragraph(frags=...)")
    if hasattr(canvas, "_doc") and hasattr(canvas._doc, "Pages") and not hasattr(canvas._doc.Pages, "pages"):
        found.append("PDFPages.pages")
    return found
