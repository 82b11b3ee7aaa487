"""Lay out a handout document on A4 or Letter pages and write it as a PDF, with reportlab.

Fonts are registered once per process. Every piece of text goes through `Writer.text`, which
escapes it for reportlab's paragraph markup and replaces characters the font cannot draw (with a
warning), so no value is ever read as markup and no black box is ever printed.
"""

from __future__ import annotations

import io
import os
import struct
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.units import mm
from reportlab.pdfbase.ttfonts import TTFError
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
)
from reportlab.platypus.doctemplate import LayoutError

from generator import __version__
from generator.errors import RenderError
from generator.layout import fonts, scripts
from generator.layout.flowables import SectionStart
from generator.layout.fonts import FAMILY, registered
from generator.layout.internals import SCALES, HeldPages, PageTooFull, keep_headings_cheaply
from generator.layout.tags import Element
from generator.layout.theme import Layout, Theme, theme_color, tint
from generator.locale import fill

PAPER = {"a4": A4, "letter": LETTER}


@dataclass
class PageSetup:
    """What every page needs: paper, layout and theme, and whether pages are tagged for screen readers."""

    paper: str
    layout: Layout
    theme: Theme
    tagged: bool = True


@dataclass(frozen=True)
class Footer:
    """What the footer says on every page of one section (one athlete's handout)."""

    left: str  # "Zoë Ñúñez · Education, not a diagnosis."
    page_of: str  # "Page {page} of {pages}"
    family: str = FAMILY  # the font family of its section
    rtl: bool = False  # a section in Arabic: its text at the right, the page number at the left


@dataclass
class Section:
    """Where one section sits in a rendered document, and its headings for bookmarks."""

    start: int = 0  # 0-based index of its first page
    pages: int = 0
    headings: list[tuple[int, str, int]] = field(default_factory=list)  # level, text, page index
    tags: Element | None = None  # its part of the structure tree (None: untagged)


@dataclass
class Rendered:
    """A rendered document: the PDF and where each section is."""

    pdf: bytes
    pages: int
    sections: list[Section]
    # Links drawn on the pages, for the packet to write: (page index, rectangle, address, words).
    links: list[tuple[int, tuple[float, float, float, float], str, str]] = field(default_factory=list)


def make_canvas_class(setup: PageSetup, footers: Sequence[Footer], prime: str) -> type[Canvas]:
    """Return a canvas that draws each section's "page X of Y" once its page count is known.

    `prime` is text whose characters are entered into every font subset first, in a fixed order,
    so that documents rendered apart hold byte-identical fonts that a packet can store once.
    """

    class FooterCanvas(HeldPages):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # Start every page in the handout font, so no unembedded base font is ever referenced.
            kwargs["initialFontName"] = FAMILY
            super().__init__(*args, prime=prime, fonts=registered(), tagged=setup.tagged, **kwargs)

        def finish_page(self, section: int, number: int, total: int) -> None:
            footer = footers[section]
            if not footer.left:
                return
            width, _ = PAPER[setup.paper]
            margins = setup.layout.margins_mm
            y = margins["bottom"] * mm - 13  # under the text frame, clear of its last line
            self.saveState()
            self.setStrokeColor(tint(theme_color(setup.theme, "accent"), 0.6))
            self.setLineWidth(0.6)
            self.line(margins["left"] * mm, y + 9, width - margins["right"] * mm, y + 9)
            self.setFont(FAMILY, setup.layout.sizes["small"])
            self.setFillColor(theme_color(setup.theme, "muted"))
            # A name or a language may need a fallback font (Chinese): drawn in runs.
            size = setup.layout.sizes["small"]
            left, right = margins["left"] * mm, width - margins["right"] * mm
            page_of = fill(footer.page_of, page=number, pages=total)
            rtl, family = footer.rtl, footer.family
            # A long name or team list is cut short: it never runs into the page number.
            room = right - left - scripts.width(page_of, family, size) - 12
            shown = fonts.fit_text(footer.left, room, size, family)
            scripts.draw(self, right if rtl else left, y, shown, family, size, right=rtl, rtl=rtl)
            scripts.draw(self, left if rtl else right, y, page_of, family, size, right=not rtl, rtl=rtl)
            self.restoreState()

    return FooterCanvas


class _Sections(BaseDocTemplate):
    """A document template that records where sections start and where their headings fall."""

    sections: list[Section]

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


def render_document(
    story: list[Flowable],
    setup: PageSetup,
    footers: Sequence[Footer],
    prime: str = "",
) -> Rendered:
    """Lay out a story of sections and return the PDF; reproducible when SOURCE_DATE_EPOCH is set.

    The document is a working copy: its sections are cut into finished files, with their
    bookmarks and structure tree, later (see `generator.pdf.finish` and `generator.pdf.packet`).
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
        title="",
        subject="",
        author="",
    )
    template.sections = []
    keep_headings_cheaply(template)
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
    try:
        template.build(story, canvasmaker=make_canvas_class(setup, footers, prime))
    except PageTooFull as e:
        raise RenderError(
            f"the handout's page '{e}' does not fit on its page even with its text set at "
            f"{SCALES[-1] * 100:.0f} %; shorten the team name, or the club's labels or content"
        ) from e
    except LayoutError as e:
        # Something too big for any page: a club's label or content text of a page or more.
        raise RenderError(
            "a piece of text is too long to fit on a page; shorten the club's labels or content"
        ) from e
    except (TTFError, struct.error) as e:
        # A fallback font that loaded but breaks when it is cut down to the characters used.
        raise RenderError(
            f"a font for a name in another script is damaged ({e}); remove it from the --font-dir folder"
        ) from e
    sections = template.sections
    ends = [s.start for s in sections[1:]] + [template.page]
    for section, end in zip(sections, ends, strict=True):
        section.pages = end - section.start
    tags = template.canv.tags
    if tags is not None:
        for section, part in zip(sections, tags.parts, strict=True):
            section.tags = part
        # The sections hold their structure now. The canvas may outlive this document (its
        # flowables keep it), and its record of a 10,000-athlete report is large.
        template.canv.tags = None
    return Rendered(buffer.getvalue(), template.page, sections, template.canv.links)


def frame_width(paper: str, layout: Layout) -> float:
    """Return the width of the text column on this paper."""
    return float(PAPER[paper][0] - (layout.margins_mm["left"] + layout.margins_mm["right"]) * mm)
