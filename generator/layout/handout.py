"""Lay out athletes' handouts and the team guide: header, blocks, charts and footer, as pages.

A handout has fixed pages (page 1: the plan; page 2: why, and when to get help), each page's
text fitted to its page, so that every handout is one sheet printed on both sides. The guide's
text flows over as many pages as it needs. Several handouts go into one document, each starting
on a new page (a batch's chunk); every document is finished (bookmarks, structure tree) by
the PDF stage.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.platypus import CondPageBreak, Flowable, PageBreak

from generator.content import document as doc
from generator.content.document import DocInfo, Document
from generator.content.labels import Labels
from generator.layout.charts import Charts
from generator.layout.flowables import Anchor, SectionStart
from generator.layout.internals import SHAPES, STAYING, Fitted, Shape
from generator.layout.render import Footer, PageSetup, Rendered, render_document
from generator.layout.tags import Language
from generator.layout.writer import Writer, header_flowables
from generator.rules.plan import Plan


@dataclass
class Handout:
    """One handout's flowables, footer and document details, ready to be put on pages."""

    story: list[Flowable]
    footer: Footer
    info: DocInfo
    warnings: list[str]
    # Its pages; once laid out, each one's shape (its size, what it left out or moved).
    fitted: list[Fitted] = field(default_factory=list)


def _pages(blocks: Sequence[doc.Block]) -> list[list[doc.Block]]:
    """Return the blocks of each fixed page (split where a `PageEnd` stands)."""
    pages: list[list[doc.Block]] = [[]]
    for block in blocks:
        if isinstance(block, doc.PageEnd):
            pages.append([])
        else:
            pages[-1].append(block)
    return pages


Draw = Callable[[Writer], Callable[[str], list[Flowable]]]  # the charts, drawn by a given writer


def no_charts(kind: str) -> list[Flowable]:
    """Draw no chart: for a guide, and for a full page whose words give the same amounts."""
    return []


def _story(
    writer: Writer, document: Document, charts: Draw, logo: Path | None, index: int | None
) -> tuple[list[Flowable], list[Fitted]]:
    """Return a document's flowables: fixed pages each fitted to its page, or flowing text.

    With an `index` the story starts that section of its document (None: the caller marks it).
    """
    story: list[Flowable] = [] if index is None else [SectionStart(index)]
    story.append(Language(document.language))
    if not document.pages:
        # Flowing text (the guide) opens with its title as the bookmark its headings hang under.
        story += [Anchor(document.title), *header_flowables(writer, document, logo)]
        story += writer.flowables([*document.blocks, *document.closing], charts(writer))
        return story, []
    fitted: list[Fitted] = []
    carried: dict[int, list[doc.Block]] = {}  # what the page before passed on to open page n
    for number, (name, blocks) in enumerate(
        zip(document.pages, _pages([*document.blocks, *document.closing]), strict=True)
    ):
        cut = next((i for i, b in enumerate(blocks) if isinstance(b, doc.MayMove)), len(blocks))
        kept, movable = blocks[:cut], blocks[cut + 1 :]

        def make(
            shape: Shape, kept: list[doc.Block] = kept, movable: list[doc.Block] = movable, at: int = number
        ) -> list[Flowable]:
            w = writer.scaled(shape.scale)
            head = header_flowables(w, document, logo) if at == 0 else []
            ours = [*carried.get(at, []), *kept, *([] if shape.move else movable)]
            draw = no_charts if shape.spare else charts(w)
            # Page breaks of flowing text mean nothing inside one fitted page.
            return head + [f for f in w.flowables(ours, draw) if not isinstance(f, CondPageBreak)]

        def accept(
            shape: Shape, width: float, height: float, movable: list[doc.Block] = movable, at: int = number
        ) -> bool:
            carried[at + 1] = movable if shape.move else []
            if not shape.move:
                return True
            # The tail opens the next page only if that page can still take it.
            following = fitted[at + 1] if at + 1 < len(fitted) else None
            return following is not None and following.fits(fitted[at].canv, width, height)

        if number:
            story.append(PageBreak())
        page = Fitted(make, name, SHAPES if movable else STAYING, accept)
        fitted.append(page)
        story += [Anchor(name), page]
    return story, fitted


def handout(
    writer: Writer, plan: Plan, document: Document, labels: Labels, units: str, logo: Path | None, index: int
) -> Handout:
    """Return one athlete's handout as flowables: section `index` of the document it goes in."""

    def charts(w: Writer) -> Callable[[str], list[Flowable]]:
        return Charts(w, plan, labels, document.numbers, units)

    story, fitted = _story(writer, document, charts, logo, index)
    footer = Footer(
        f"{writer.plain(plan.profile.name)} · {document.footer}",
        str(labels["page_of"]),
        writer.family,
        writer.rtl,
    )
    info = DocInfo(document.title, str(labels["subject"]), document.language)
    return Handout(story, footer, info, writer.warnings, fitted)


def guide(
    writer: Writer, document: Document, labels: Labels, logo: Path | None, index: int | None
) -> Handout:
    """Return the team guide as flowables: section `index` of the document it goes in."""
    story, _ = _story(writer, document, lambda w: no_charts, logo, index)
    footer = Footer(writer.plain(document.footer), str(labels["page_of"]), writer.family, writer.rtl)
    info = DocInfo(document.title, str(labels["subject"]), document.language)
    return Handout(story, footer, info, writer.warnings)


def _joined(handouts: Sequence[Handout]) -> list[Flowable]:
    story: list[Flowable] = []
    for laid in handouts:
        if story:
            story.append(PageBreak())
        story += laid.story
    return story


def pages(handouts: Sequence[Handout], setup: PageSetup, prime: str = "") -> Rendered:
    """Put several handouts into one document, each starting on a new page."""
    return render_document(_joined(handouts), setup, [laid.footer for laid in handouts], prime)


def finished(laid: Sequence[Handout], setup: PageSetup) -> Rendered:
    """Put handouts on pages as one document, to be finished as one file (a guide after a handout)."""
    return render_document(_joined(laid), setup, [one.footer for one in laid])
