"""Assemble a print-ready team packet: cover, coach's report, contents, every athlete's handout.

The handouts come as rendered documents (several athletes each, see `HandoutMaker.render`) or
as finished handout files; pypdf puts the pages together, adds a bookmark per athlete with its
topics nested, page labels, blank pages for double-sided printing, and stores fonts once.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.errors import PdfReadError
from pypdf.generic import ArrayObject, IndirectObject, NameObject, StreamObject
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, Image, PageBreak, Spacer

from generator import pdfout, untrusted
from generator.document import DocInfo
from generator.errors import InputError, RenderError
from generator.handout import HandoutMaker
from generator.render import (
    FAMILY,
    Footer,
    Rendered,
    SectionStart,
    Writer,
    frame_width,
    grid,
    render_document,
    write_atomically,
)

TOC_ROWS_PER_PAGE = 38


@dataclass
class Part:
    """One athlete's pages inside a rendered document (or a whole handout file)."""

    title: str
    source: Path
    start: int
    pages: int
    headings: list[tuple[int, str, int]] = field(default_factory=list)  # level, text, page index
    outside: bool = False  # a file from outside this run: its pages are stripped of actions


@dataclass
class Front:
    """What opens the packet: the team, the date, and the report's flowables (may be empty)."""

    team: str
    day: str
    count: int
    report: list[Flowable] = field(default_factory=list)


@dataclass
class Options:
    duplex: bool = False
    cover: Path | None = None
    append: Sequence[Path] = ()
    password: str | None = None
    max_pdf_mb: float = untrusted.MAX_MB
    private: bool = False


def read_pdf(path: Path) -> PdfReader:
    """Open a PDF the user gave us, or say clearly why it cannot be used."""
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise InputError(f"{path.name}: the PDF is password-protected; give an unlocked copy")
        if len(reader.pages) == 0:
            raise InputError(f"{path.name}: the PDF has no pages")
        return reader
    except (PdfReadError, OSError, ValueError, KeyError) as e:
        raise InputError(f"{path.name}: not a readable PDF ({e})") from e


def parts_of_files(paths: Sequence[Path], max_mb: float = untrusted.MAX_MB) -> list[Part]:
    """Return one part per finished handout file, with its own bookmarks as the topics.

    The files come from outside this run, so they are checked as any outside PDF is.
    """
    untrusted.check(paths, max_mb)
    parts = []
    for path in paths:
        reader = read_pdf(path)
        headings = []
        for item in reader.outline:
            if isinstance(item, list):
                continue
            page = reader.get_destination_page_number(item)
            if page is not None:
                headings.append((0, str(item.title), page))
        parts.append(Part(path.stem, path, 0, len(reader.pages), headings, outside=True))
    return parts


class Packet:
    """Lays out the packet's front (cover, report, contents) and puts every page together."""

    def __init__(self, maker: HandoutMaker, language: str, options: Options, prime: str = "") -> None:
        self.maker, self.language, self.options, self.prime = maker, language, options, prime
        self.labels = maker.library.labels(language)
        self.words: dict[str, str] = self.labels["packet"]
        untrusted.limit_decompression()
        self._static: tuple[Rendered, list[str]] | None = None
        self._front = Front("", "", 0)
        self._pdf = PdfWriter()
        self._blank: Any = None  # the "intentionally left blank" page
        self._readers: dict[Path, PdfReader] = {}
        self._placed: list[tuple[Part, int]] = []  # each handout and its first page after the front
        self._count = 0  # handout pages (and padding) placed so far

    def writer(self) -> Writer:
        """Return a writer for the packet's own pages (cover, report, contents)."""
        return Writer(
            self.maker.setup, self.maker.font, frame_width(self.maker.options.paper, self.maker.layout)
        )

    def _cover(self, w: Writer, front: Front) -> list[Flowable]:
        story: list[Flowable] = [Spacer(1, 120)]
        logo = self.maker.theme.logo
        if logo is not None:
            image = Image(str(logo))
            scale = min(90 / image.imageHeight, 220 / image.imageWidth)
            image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
            story += [image, Spacer(1, 24)]
        story += [
            w.para(w.text(front.team), "title"),
            w.para(w.text(self.words["title"]), "h1"),
            w.para(w.text(front.day), "header"),
            w.para(w.text(self.words["athletes"].format(count=front.count)), "header"),
            Spacer(1, 30),
            w.para(w.text(self.words["cover_note"]), "body"),
        ]
        return story

    def _contents(self, w: Writer, entries: Sequence[tuple[str, int]]) -> list[Flowable]:
        rows = [[w.para(w.text(title), "item"), w.para(str(page), "item")] for title, page in entries]
        table = grid(
            rows,
            [w.width - 50, 50],
            [
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, self.maker.theme.colors["muted"]),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
            ],
        )
        table.repeatRows = 0
        return [w.para(w.text(self.words["contents"]), "h1"), table]

    def _render(self, sections: Sequence[tuple[str, list[Flowable], str]]) -> tuple[Rendered, list[str]]:
        """Lay out named sections (name, flowables, footer text) as one document."""
        w = self.writer()
        page_of = str(self.labels["page_of"])
        story: list[Flowable] = []
        footers: list[Footer] = []
        for index, (_, flowables, footer) in enumerate(sections):
            if story:
                story.append(PageBreak())
            story += [SectionStart(index), *flowables]
            footers.append(Footer(w.plain(footer), page_of if footer else ""))
        rendered = render_document(story, self.maker.setup, footers, self.prime)
        return rendered, [name for name, _, _ in sections]

    def prepare(self, front: Front) -> None:
        """Lay out the cover and the coach's report, which need no page numbers.

        A batch calls this while the handouts are still being made, so it costs no waiting.
        """
        w = self.writer()
        sections: list[tuple[str, list[Flowable], str]] = []
        if self.options.cover is None:
            sections.append(("cover", self._cover(w, front), ""))
        if front.report:
            sections.append(("report", front.report, f"{front.team} · {self.words['coach_report']}"))
        blank = [Spacer(1, 300), w.para(w.text(self.words["blank"]), "header")]
        sections.append(("blank", blank, ""))
        self._static = self._render(sections)
        self._front = front

    def _contents_pdf(self, entries: Sequence[tuple[str, int]]) -> Rendered:
        """Lay out the contents page(s)."""
        w = self.writer()
        footer = f"{self._front.team} · {self.words['contents']}"
        rendered, _ = self._render([("contents", self._contents(w, entries), footer)])
        return rendered

    def _front_plan(self, contents: Rendered, club_pages: int) -> list[tuple[str, int]]:
        """Return the front's pages in order: ("club"|"static"|"contents", page) or ("blank", 0).

        With --duplex, every part of the front starts on a right-hand page.
        """
        plan: list[tuple[str, int]] = []

        def pad() -> None:
            if self.options.duplex and len(plan) % 2 == 1:
                plan.append(("blank", 0))

        plan += [("club", i) for i in range(club_pages)]
        pad()
        if self._static is not None:
            for name, section in zip(self._static[1], self._static[0].sections, strict=True):
                if name == "blank":
                    continue
                plan += [("static", i) for i in range(section.start, section.start + section.pages)]
                pad()
        toc = contents.sections[0]
        plan += [("contents", i) for i in range(toc.start, toc.start + toc.pages)]
        pad()
        return plan

    def write(self, path: Path, parts: Sequence[Part]) -> int:
        """Write the packet to `path` in one piece and return its page count; `prepare` first."""
        self.add(parts)
        return self.finish(path)

    def add(self, parts: Sequence[Part]) -> None:
        """Put handouts' pages into the packet, in order.

        A batch calls this as each chunk of handouts is finished, so the packet is mostly built
        by the time the last handout is. With --duplex each handout starts on an odd page: the
        front is padded to an even length, so the parity is known before the front exists.
        """
        assert self._static is not None, "prepare() the packet first"
        if self._blank is None:
            static = self._reader(self._static[0].pdf)
            self._blank = static.pages[self._static[0].sections[-1].start]
        writer = self._pdf
        for part in parts:
            if part.source not in self._readers:
                self._readers.clear()  # chunks come in order: an earlier one is not needed again
                self._readers[part.source] = read_pdf(part.source)
            reader = self._readers[part.source]
            if self.options.duplex and self._count % 2 == 1:
                writer.add_page(self._blank)
                self._count += 1
            for index in range(part.start, part.start + part.pages):
                added = writer.add_page(reader.pages[index])
                if part.outside:
                    untrusted.strip(added)
            self._placed.append((part, self._count))
            self._count += part.pages

    def finish(self, path: Path) -> int:
        """Lay out the contents, put the front before the handouts and write the file."""
        opts = self.options
        untrusted.check([p for p in (opts.cover, *opts.append) if p is not None], opts.max_pdf_mb)
        club_cover = read_pdf(opts.cover) if opts.cover else None
        club_pages = len(club_cover.pages) if club_cover else 0
        appendices = [(p, read_pdf(p)) for p in opts.append]
        if self._static is None:
            raise RenderError("the packet was not prepared; please report this")

        # Handout pages are numbered from 1 after the front (the page labels say so too), so the
        # contents' numbers do not depend on how long the front turns out to be.
        contents = self._contents_pdf([(part.title, first + 1) for part, first in self._placed])
        plan = self._front_plan(contents, club_pages)
        return self._assemble(path, contents, plan, club_cover, appendices)

    def _reader(self, pdf: bytes) -> PdfReader:
        return PdfReader(io.BytesIO(pdf))

    def _stamp(self, writer: PdfWriter, front_count: int, skip: set[int]) -> None:
        """Print the packet's own page number at the foot of every page the packet made.

        Handouts number their pages per athlete ("Page 2 of 6"); the contents list packet pages,
        so each page also shows its packet page number, as the PDF viewer labels it. The text
        uses the handout font already in the packet: its subsets keep ASCII codes as they are.
        """
        font = _regular_font(writer)
        if font is None:
            return
        save, restore = _stream(writer, "q"), _stream(writer, "Q")
        size, grey = self.maker.layout.sizes["small"], self.maker.theme.colors["muted"]
        red, green, blue = (int(grey[i : i + 2], 16) / 255 for i in (1, 3, 5))
        for index, page in enumerate(writer.pages):
            if index in skip:
                continue
            number = _roman(index + 1) if index < front_count else str(index - front_count + 1)
            text = self.words["stamp"].format(page=number)
            if not text.isascii():
                text = number
            x = (float(page.mediabox.width) - stringWidth(text, FAMILY, size)) / 2
            escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            colour = f"{red:.3f} {green:.3f} {blue:.3f} rg"
            ops = f"q {colour} BT /HPkt {size:g} Tf {x:.2f} 16 Td ({escaped}) Tj ET Q"
            resources: Any = page["/Resources"]
            resources["/Font"].get_object()[NameObject("/HPkt")] = font
            contents: Any = page.raw_get("/Contents")
            old = list(contents) if isinstance(contents, ArrayObject) else [contents]
            # Wrap the page's own drawing in q/Q so the number is drawn from a clean state.
            page[NameObject("/Contents")] = ArrayObject([save, *old, restore, _stream(writer, ops)])

    def _assemble(
        self,
        path: Path,
        contents: Rendered,
        plan: Sequence[tuple[str, int]],
        club_cover: PdfReader | None,
        appendices: Sequence[tuple[Path, PdfReader]],
    ) -> int:
        writer = self._pdf
        assert self._static is not None and self._blank is not None
        toc = self._reader(contents.pdf)
        static = self._reader(self._static[0].pdf)
        sources = {"club": club_cover, "static": static, "contents": toc}
        for position, (kind, index) in enumerate(plan):
            if kind == "blank":
                writer.insert_page(self._blank, position)
                continue
            source = sources[kind]
            assert source is not None
            writer.insert_page(source.pages[index], position)
            if kind == "club":
                untrusted.strip(writer.pages[position])
        front_count = len(plan)
        titles = {"cover": self.words["title"], "report": self.words["coach_report"]}
        for name, section in zip(self._static[1], self._static[0].sections, strict=True):
            if name in titles:
                writer.add_outline_item(title=titles[name], page_number=plan.index(("static", section.start)))
        toc_start = plan.index(("contents", contents.sections[0].start))
        writer.add_outline_item(title=self.words["contents"], page_number=toc_start)
        writer.set_page_label(0, front_count - 1, style=PageLabelStyle.LOWERCASE_ROMAN, start=1)
        for part, first in self._placed:
            page = front_count + first
            parent = writer.add_outline_item(title=part.title, page_number=page)
            # In the packet, an athlete's bookmark opens onto its topics only, not every heading.
            topics = [h for h in part.headings if h[0] == 0]
            pdfout.add_outline(writer, topics, part.start - page, parent)
        count = ours = front_count + self._count
        for appendix, extra in appendices:
            for extra_page in extra.pages:
                untrusted.strip(writer.add_page(extra_page))
            writer.add_outline_item(title=appendix.stem, page_number=count)
            count += len(extra.pages)
        if count > front_count:
            writer.set_page_label(front_count, count - 1, style=PageLabelStyle.DECIMAL, start=1)
        foreign = set(range(club_pages(plan))) | set(range(ours, count))
        self._stamp(writer, front_count, foreign)

        # Handouts laid out apart carry byte-identical fonts (their subsets are primed alike):
        # keeping one copy of each is what makes the packet small.
        writer.compress_identical_objects(remove_duplicates=True, remove_unreferenced=True)
        pdfout.set_info(writer, DocInfo(self.words["title"], str(self.labels["subject"]), self.language))
        pdfout.encrypt(writer, self.options.password)
        write_atomically(path, pdfout.to_bytes(writer), self.options.private)
        return count


def _stream(writer: PdfWriter, operators: str) -> IndirectObject:
    stream = StreamObject()
    stream.set_data(operators.encode("ascii"))
    return writer._add_object(stream)


def _regular_font(writer: PdfWriter) -> IndirectObject | None:
    """Return the packet's regular handout font (first subset, where ASCII keeps its codes)."""
    for page in writer.pages:
        resources: Any = page["/Resources"]
        fonts: Any = resources.get("/Font", {})
        for name, ref in fonts.get_object().items():
            base = str(ref.get_object().get("/BaseFont", ""))
            if name.endswith("+0") and base.endswith("FiraSans-Regular") and isinstance(ref, IndirectObject):
                return ref
    return None


_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _roman(number: int) -> str:
    """Return a page number as lowercase roman numerals, as the front's page labels show it."""
    out = ""
    for value, letters in _ROMAN:
        while number >= value:
            out, number = out + letters, number - value
    return out


def club_pages(plan: Sequence[tuple[str, int]]) -> int:
    return sum(1 for kind, _ in plan if kind == "club")


def charset(maker: HandoutMaker, languages: Sequence[str], texts: Sequence[str]) -> str:
    """Return every character the handouts of a batch may print, in a fixed order.

    Rendering apart with fonts primed by this text gives identical font subsets.
    """
    # All of printable ASCII, and the punctuation the layout itself draws (bullets, dots, dashes).
    chars: set[str] = {chr(c) for c in range(32, 127)} | set("·–—•…’“”°")
    for folder in reversed(maker.library.folders):
        for language in languages:
            for file in folder.glob(f"*.{language}.*"):
                chars.update(file.read_text(encoding="utf-8"))
    for text in texts:
        chars.update(text)
    from generator.sources import SOURCES

    for citation in SOURCES.values():
        chars.update(citation)
    cmap = maker.font.face.charToGlyph
    return "".join(sorted(ch for ch in chars if ord(ch) in cmap and ch.isprintable()))
