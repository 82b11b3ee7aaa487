"""Lay out a team packet's own pages: the cover, the coach's report, the team guide, a blank
page, the contents.

The packet (`generator.pdf.packet`) puts these pages in front of the athletes' handouts; how
they look is decided here, with the handouts' page setup, fonts and labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Flowable, Image, PageBreak, Spacer

from generator.content.labels import Labels
from generator.content.sources import SOURCES
from generator.layout import internals, scripts
from generator.layout.flowables import Command, Grid, PagedTable, SectionStart
from generator.layout.fonts import FAMILY, fit_text
from generator.layout.render import Footer, PageSetup, Rendered, render_document
from generator.layout.tags import Quiet
from generator.layout.theme import theme_color
from generator.layout.writer import Writer
from generator.locale import joined
from generator.units import HALF

# The team guide in one language: its bookmark, flowables and footer (in its own language).
GuideSection = tuple[str, list[Flowable], Footer]


@dataclass
class Front:
    """What opens the packet: the team, the date, and the report's flowables (may be empty)."""

    team: str
    day: str
    count: int
    report: list[Flowable] = field(default_factory=list)
    guides: list[GuideSection] = field(default_factory=list)  # in each language it is printed in


LINK_PREFIX = "handouts:packet-page/"  # a contents line's link, until the packet points it at the page
Entry = tuple[str, int, str]  # a contents line: the handout's title, its first page, its triage level


@dataclass
class Static:
    """The front's pages that need no page numbers, laid out once: cover, report, blank page."""

    rendered: Rendered
    names: list[str]  # each section's name: "cover", "report", "guide"
    titles: list[str] = field(default_factory=list)  # each section's bookmark ("" for our own words)


class FrontPages:
    """Lays out the packet's own pages in the handouts' page setup and language."""

    def __init__(
        self, setup: PageSetup, font: TTFont, labels: Labels, prime: str = "", language: str = ""
    ) -> None:
        self.setup, self.font, self.labels, self.prime = setup, font, labels, prime
        self.language = language
        self.words: Mapping[str, Any] = labels["packet"]
        self.stamp_size = setup.layout.sizes["small"]  # the packet page numbers' size

    def text_width(self, text: str, size: float) -> float:
        """Return how wide `text` is in the handout font at `size` points."""
        return float(stringWidth(text, FAMILY, size))  # (the packet's page numbers: ASCII, in it)

    def writer(self) -> Writer:
        """Return a writer for the packet's own pages (cover, report, contents)."""
        return Writer.for_page(self.setup, self.font, language=self.language)

    def blank(self) -> Rendered:
        """Lay out the page that pads the packet for double-sided printing."""
        w = self.writer()
        rendered, _ = self._render(
            [("blank", [Spacer(1, 300), Quiet(w.para(w.text(self.words["blank"]), "header"))], "")]
        )
        return rendered

    def static(self, front: Front, club_cover: bool) -> Static:
        """Lay out the cover (unless the club gives its own) and the coach's report."""
        w = self.writer()
        sections: list[tuple[str, list[Flowable], str | Footer]] = []
        if not club_cover:
            sections.append(("cover", self._cover(w, front), ""))
        if front.report:
            sections.append(("report", front.report, joined(front.team, self.words["coach_report"])))
        titles = [""] * len(sections)
        for title, flowables, footer in front.guides:
            sections.append(("guide", flowables, footer))
            titles.append(title)
        if not sections:
            # A club's cover and no report: nothing of ours before the contents.
            return Static(Rendered(b"", 0, []), [])
        rendered, names = self._render(sections)
        return Static(rendered, names, titles)

    def contents(self, team: str, entries: Sequence[Entry]) -> Rendered:
        """Lay out the contents page(s): one line per handout, its flag and its first page."""
        w = self.writer()
        footer = joined(team, self.words["contents"])
        rendered, _ = self._render([("contents", self._contents(w, entries), footer)])
        return rendered

    def _cover(self, w: Writer, front: Front) -> list[Flowable]:
        story: list[Flowable] = [Spacer(1, 120)]
        logo = self.setup.theme.logo
        if logo is not None:
            image = Image(str(logo))
            scale = min(90 / image.imageHeight, 220 / image.imageWidth)
            image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
            story += [image, Spacer(1, 24)]
        if front.team:
            story.append(w.para(w.text(front.team), "title"))
        story += [
            w.para(w.text(self.words["title"]), "h1"),
            w.para(w.text(front.day), "header"),
            w.para(w.text(self.labels.locale.count(self.words["athletes"], front.count)), "header"),
            Spacer(1, 30),
            w.para(w.text(self.words["cover_note"]), "body"),
        ]
        return story

    def _contents(self, w: Writer, entries: Sequence[Entry]) -> list[Flowable]:
        # One line per athlete, as plain table text, a page at a time: a table of paragraphs
        # made the contents of 1,000 athletes take 0.4 s, and one table of 10,000 rows 50 MB.
        item = w.styles["item"]
        size = item.fontSize
        flag_width = 100 if any(level and level != "none" for _, _, level in entries) else 0
        name_width = w.width - 50 - flag_width - 12
        levels = self.labels["report"]["levels"]
        colors = {
            level: theme_color(self.setup.theme, f"box_{level}") for level in ("emergency", "soon", "routine")
        }

        def line(entry: Entry) -> tuple[list[Any], list[Command]]:
            title, page, level = entry
            name = w.plain(title)
            # A name in a fallback font (Chinese, say) is a paragraph: it is drawn in runs.
            paragraph = w.needs_fallback(name) or scripts.right_to_left(name)  # (drawn in runs, or shaped)
            cells: list[Any] = [
                w.para(w.text(title), "item") if paragraph else fit_text(name, name_width, size)
            ]
            own: list[Command] = []
            if flag_width:
                flagged = level in colors
                flag = w.plain(str(levels[level])) if flagged else ""
                if flagged and w.rtl:  # (Arabic words are shaped: a paragraph, in the flag's colour)
                    cells.append(
                        w.styled(w.text(flag), ParagraphStyle("flag", item, textColor=colors[level]))
                    )
                else:
                    cells.append(fit_text(flag, flag_width - 12, size) if flagged else "")
                if flagged:
                    own += [
                        ("TEXTCOLOR", (1, 0), (1, 0), colors[level]),
                        # (a flag in Chinese: in a face that has it)
                        ("FONTNAME", (1, 0), (1, 0), scripts.face_for(flag, w.family + "-Bold")),
                    ]
            return [*cells, str(page)], own

        look = Grid(
            rtl=w.rtl,
            widths=[name_width + 12, *([flag_width] if flag_width else []), 50],
            style=[
                ("FONTSIZE", (0, 0), (-1, -1), size),
                ("LEADING", (0, 0), (-1, -1), item.leading),
                ("TEXTCOLOR", (0, 0), (-1, -1), item.textColor),
                ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, self.setup.theme.colors["muted"]),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ],
            padding=(1.5, 1.5, 6, 6),
            leading=item.leading,
            # Each line links to its handout's first page (the packet points the link there).
            link=lambda entry: f"{LINK_PREFIX}{entry[1]}",
        )
        return [w.para(w.text(self.words["contents"]), "h1"), PagedTable(entries, line, look)]

    def _render(
        self, sections: Sequence[tuple[str, list[Flowable], str | Footer]]
    ) -> tuple[Rendered, list[str]]:
        """Lay out named sections (name, flowables, footer text or a whole footer) as one document."""
        w = self.writer()
        page_of = str(self.labels["page_of"])
        story: list[Flowable] = []
        footers: list[Footer] = []
        for index, (_, flowables, footer) in enumerate(sections):
            if story:
                story.append(PageBreak())
            story += [SectionStart(index), *flowables]
            if isinstance(footer, Footer):
                footers.append(footer)
            else:
                footers.append(Footer(w.plain(footer), page_of if footer else "", w.family, w.rtl))
        rendered = render_document(story, self.setup, footers, self.prime)
        return rendered, [name for name, _, _ in sections]


def charset(folders: Iterable[Path], font: TTFont, languages: Sequence[str], texts: Sequence[str]) -> str:
    """Return every character the handouts of a batch may print, in a fixed order.

    Rendering apart with fonts primed by this text gives identical font subsets, which a
    packet stores once. `folders` are the content folders, searched last to first.
    """
    # All of printable ASCII, and the punctuation the layout itself draws (bullets, dots, dashes).
    # A half (1½ glasses) comes from the code, not from a content file.
    chars: set[str] = {chr(c) for c in range(32, 127)} | set("·–—•…’“”°") | {HALF}
    for folder in reversed(list(folders)):
        for language in languages:
            for file in folder.glob(f"*.{language}.*"):
                chars.update(file.read_text(encoding="utf-8"))
    for text in texts:
        chars.update(text)
    for citation in SOURCES.values():
        chars.update(citation)
    cmap = internals.glyphs(font)
    return "".join(sorted(ch for ch in chars if ord(ch) in cmap and ch.isprintable()))
