"""Lay out athletes' handouts: each one's header, blocks, charts and footer, as pages.

Several handouts go into one document, each starting on a new page (a batch's chunk); one
handout alone can be finished by reportlab itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable, PageBreak

from generator.content.document import DocInfo, Document
from generator.content.labels import Labels
from generator.layout.charts import Charts
from generator.layout.flowables import SectionStart
from generator.layout.render import Footer, PageSetup, Rendered, render_document
from generator.layout.writer import Writer, header_flowables
from generator.rules.plan import Plan


@dataclass
class Handout:
    """One handout's flowables, footer and document details, ready to be put on pages."""

    story: list[Flowable]
    footer: Footer
    info: DocInfo
    warnings: list[str]


def handout(
    writer: Writer, plan: Plan, document: Document, labels: Labels, units: str, logo: Path | None, index: int
) -> Handout:
    """Return one athlete's handout as flowables: section `index` of the document it goes in."""
    charts = Charts(writer, plan, labels, document.numbers, units)
    story: list[Flowable] = [SectionStart(index)]
    story += header_flowables(writer, document, logo)
    story += writer.flowables(document.blocks, charts)
    story += writer.flowables(document.closing, charts)
    footer = Footer(
        left=f"{writer.plain(plan.profile.name)} · {document.footer}", page_of=str(labels["page_of"])
    )
    info = DocInfo(document.title, str(labels["subject"]), document.language)
    return Handout(story, footer, info, writer.warnings)


def pages(handouts: Sequence[Handout], setup: PageSetup, prime: str = "") -> Rendered:
    """Put several handouts into one document, each starting on a new page."""
    story: list[Flowable] = []
    for laid in handouts:
        if story:
            story.append(PageBreak())
        story += laid.story
    return render_document(story, setup, [laid.footer for laid in handouts], prime)


def finished(laid: Handout, setup: PageSetup) -> Rendered:
    """Put one handout on pages as a finished PDF (title, subject, language, bookmarks)."""
    return render_document(laid.story, setup, [laid.footer], info=laid.info)
