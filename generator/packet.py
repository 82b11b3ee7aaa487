"""Assemble a print-ready team packet: cover, coach's report, contents, every athlete's handout.

The handouts come as rendered documents (several athletes each, see `HandoutMaker.render`) or
as finished handout files. pikepdf (qpdf) copies their pages into one file: fonts and images
that are byte-identical between documents are stored once, a bookmark per athlete has its topics
nested, page labels and blank pages for double-sided printing are added, and page contents are
read from the documents only when the packet is written, not held in memory before.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf
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
    fit_text,
    frame_width,
    grid,
    render_document,
)


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


def read_pdf(path: Path) -> Pdf:
    """Open a PDF the user gave us (checked by `untrusted.check` first), or say why it cannot be used."""
    try:
        pdf = Pdf.open(path)
    except pikepdf.PasswordError as e:
        raise InputError(f"{path.name}: the PDF is password-protected; give an unlocked copy") from e
    except (pikepdf.PdfError, OSError, ValueError) as e:
        raise InputError(f"{path.name}: not a readable PDF ({e})") from e
    if pdf.is_encrypted:
        raise InputError(f"{path.name}: the PDF is password-protected; give an unlocked copy")
    if len(pdf.pages) == 0:
        raise InputError(f"{path.name}: the PDF has no pages")
    return pdf


def parts_of_files(paths: Sequence[Path], max_mb: float = untrusted.MAX_MB) -> list[Part]:
    """Return one part per finished handout file, with its own bookmarks as the topics.

    The files come from outside this run, so they are checked as any outside PDF is.
    """
    untrusted.check(paths, max_mb)
    parts = []
    for path in paths:
        count = len(read_pdf(path).pages)
        parts.append(Part(path.stem, path, 0, count, untrusted.bookmarks(path), outside=True))
    return parts


def fingerprint(obj: Any, memo: dict[tuple[int, int], bytes]) -> bytes:
    """Return a digest of an object and everything it refers to: equal digests, equal objects."""
    key = obj.objgen if isinstance(obj, pikepdf.Object) and obj.is_indirect else None
    if key is not None and key in memo:
        return memo[key]
    digest = hashlib.blake2b(digest_size=16)
    if isinstance(obj, pikepdf.Stream):
        digest.update(b"S")
        for name in sorted(obj.keys()):
            digest.update(name.encode() + fingerprint(obj[name], memo))
        digest.update(obj.read_raw_bytes())
    elif isinstance(obj, pikepdf.Dictionary):
        digest.update(b"D")
        for name in sorted(obj.keys()):
            digest.update(name.encode() + fingerprint(obj[name], memo))
    elif isinstance(obj, pikepdf.Array):
        digest.update(b"A")
        for item in obj:
            digest.update(fingerprint(item, memo))
    else:
        # Names, strings and numbers (which pikepdf gives as Python values).
        digest.update(b"V" + (obj.unparse() if isinstance(obj, pikepdf.Object) else repr(obj).encode()))
    value = digest.digest()
    if key is not None:
        memo[key] = value
    return value


class Packet:
    """Lays out the packet's front (cover, report, contents) and puts every page together."""

    def __init__(self, maker: HandoutMaker, language: str, options: Options, prime: str = "") -> None:
        self.maker, self.language, self.options, self.prime = maker, language, options, prime
        self.labels = maker.library.labels(language)
        self.words: dict[str, str] = self.labels["packet"]
        self._static: tuple[Rendered, list[str]] | None = None
        self._front = Front("", "", 0)
        self._pdf = Pdf.new()
        self._open: tuple[Path, Pdf] | None = None  # the document pages are being copied from
        self._static_pdf: Pdf | None = None
        self._pages: list[Any] = []  # the handouts' pages, and blank pages between them, in order
        self._placed_pages: set[tuple[int, int]] = set()  # the packet's page objects so far
        # The drawings of the open document's pages, taken off them before they are copied.
        self._drawing: dict[int, dict[tuple[int, int], Any]] = {}  # by id() of the document
        self._placed: list[tuple[Part, int]] = []  # each handout and its first page after the front
        # Fonts and images stored once: digest -> the packet's copy; resource dictionaries likewise.
        self._shared: dict[bytes, Any] = {}
        self._shared_dicts: dict[tuple[tuple[str, bytes], ...], Any] = {}
        self._memo: dict[tuple[int, int], bytes] = {}  # digests of the open document's objects
        self._regular: Any = None  # the handout font's first subset, for the packet page numbers

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
        # One line per athlete, as plain table text: a table of paragraphs is re-measured on
        # every page it runs onto, which made the contents of 1,000 athletes take 0.4 s.
        item = w.styles["item"]
        size, name_width = item.fontSize, w.width - 50 - 12
        rows = [[fit_text(w.plain(title), name_width, size), str(page)] for title, page in entries]
        table = grid(
            rows,
            [w.width - 50, 50],
            [
                ("FONTSIZE", (0, 0), (-1, -1), size),
                ("LEADING", (0, 0), (-1, -1), item.leading),
                ("TEXTCOLOR", (0, 0), (-1, -1), item.textColor),
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
        for part in parts:
            source = self._source(part.source)
            if self.options.duplex and len(self._pages) % 2 == 1:
                self._pages.append(self._blank(str(len(self._pages) + 1)))
            self._placed.append((part, len(self._pages)))
            for index in range(part.start, part.start + part.pages):
                page = source.pages[index].obj
                # Handout pages are numbered from 1 after the front, so each is numbered now.
                number = str(len(self._pages) + 1)
                self._pages.append(self._outside(page) if part.outside else self._ours(source, page, number))

    def _source(self, path: Path) -> Pdf:
        """Open the document a part's pages are in, closing the one before.

        qpdf copies a page's contents into the packet as the page is added, so a document is
        not needed once its pages are in: only one is open at a time, however long the roster.
        """
        if self._open is not None and self._open[0] == path:
            return self._open[1]
        self.close()
        pdf = read_pdf(path)
        self._open = (path, pdf)
        return pdf

    def close(self) -> None:
        """Close the document pages were last copied from (the packet itself stays)."""
        if self._open is not None:
            self._memo.clear()  # digests are per document: object numbers repeat between them
            self._drawing.pop(id(self._open[1]), None)
            self._open[1].close()
            self._open = None

    def _ours(self, source: Pdf, page: Any, number: str) -> Any:
        """Copy a page this run rendered, with its packet page number, its fonts and images
        pointing at the packet's one copy of each."""
        resources = page.get("/Resources")
        shared: dict[str, Any] = {}
        if isinstance(resources, Dictionary):
            for kind in ("/Font", "/XObject"):
                if kind in resources:
                    shared[kind] = self._share(source, resources[kind])
                    # Only the in-memory copy of the document changes, never its file.
                    del resources[kind]
        # The drawing is not copied as it is: the page gets a new one with its number added.
        drawings = self._drawing.setdefault(id(source), {})
        if "/Contents" in page:
            drawings[page.objgen] = page.Contents
            del page.Contents
        copy: Any = self._pdf.copy_foreign(page)
        if copy.objgen in self._placed_pages or "/Contents" in copy:
            # The same page twice (qpdf copies a page once): each place needs its own page.
            copy = self._pdf.make_indirect(Dictionary(copy))
        self._placed_pages.add(copy.objgen)
        for kind, table in shared.items():
            copy.Resources[kind] = table
        self._stamp(copy, drawings.get(page.objgen), number)
        return copy

    def _share(self, source: Pdf, table: Any) -> Any:
        """Return the packet's resource table for a document's (name -> font or image)."""
        memo = self._memo if self._open is not None and source is self._open[1] else {}
        entries: list[tuple[str, bytes]] = []
        for name in sorted(table.keys()):
            obj = table[name]
            digest = fingerprint(obj, memo)
            if digest not in self._shared:
                self._shared[digest] = self._pdf.copy_foreign(obj)
                for stream in _streams(self._shared[digest]):
                    _name_filter(stream)
                base = str(obj.get("/BaseFont", "")) if isinstance(obj, Dictionary) else ""
                if self._regular is None and name.endswith("+0") and base.endswith("FiraSans-Regular"):
                    self._regular = self._shared[digest]
            entries.append((name, digest))
        key = tuple(entries)
        if key not in self._shared_dicts:
            self._shared_dicts[key] = self._pdf.make_indirect(
                Dictionary({name: self._shared[digest] for name, digest in entries})
            )
        return self._shared_dicts[key]

    def _outside(self, page: Any) -> Any:
        """Copy a page from a file from outside: its content only, nothing that can act."""
        for key in untrusted.ACTIVE_KEYS:
            if key in page:
                del page[key]
        copy: Any = self._pdf.copy_foreign(page)
        if copy.objgen in self._placed_pages:
            copy = self._pdf.make_indirect(Dictionary(copy))
        self._placed_pages.add(copy.objgen)
        return copy

    def _blank(self, number: str) -> Any:
        """Return a new "intentionally left blank" page (each place in the packet needs its own)."""
        assert self._static is not None
        if self._static_pdf is None:
            self._static_pdf = pdfout.open_bytes(self._static[0].pdf)
        page = self._static_pdf.pages[self._static[0].sections[-1].start].obj
        return self._ours(self._static_pdf, page, number)

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

    def _front_pages(
        self, contents: Rendered, plan: Sequence[tuple[str, int]], club_cover: Pdf | None
    ) -> list[Any]:
        assert self._static is not None
        if self._static_pdf is None:
            self._static_pdf = pdfout.open_bytes(self._static[0].pdf)
        self.close()
        toc = pdfout.open_bytes(contents.pdf)
        pages = []
        for kind, index in plan:
            if kind == "club":
                assert club_cover is not None
                pages.append(self._outside(club_cover.pages[index].obj))
                continue
            number = _roman(len(pages) + 1)
            if kind == "blank":
                pages.append(self._blank(number))
            else:
                source = self._static_pdf if kind == "static" else toc
                pages.append(self._ours(source, source.pages[index].obj, number))
        return pages

    def _assemble(
        self,
        path: Path,
        contents: Rendered,
        plan: Sequence[tuple[str, int]],
        club_cover: Pdf | None,
        appendices: Sequence[tuple[Path, Pdf]],
    ) -> int:
        pdf = self._pdf
        assert self._static is not None
        front = self._front_pages(contents, plan, club_cover)
        front_count = len(front)
        extra = [self._outside(page.obj) for _, appendix in appendices for page in appendix.pages]
        pages = front + self._pages + extra
        count, ours = len(pages), front_count + len(self._pages)
        tree = pdf.Root.Pages
        for page in pages:
            page.Parent = tree
        tree.Kids = Array(pages)
        tree.Count = count

        titles = {"cover": self.words["title"], "report": self.words["coach_report"]}
        items: list[pikepdf.OutlineItem] = []
        for name, section in zip(self._static[1], self._static[0].sections, strict=True):
            if name in titles:
                items.append(pdfout.bookmark(titles[name], plan.index(("static", section.start)), pages))
        toc_start = plan.index(("contents", contents.sections[0].start))
        items.append(pdfout.bookmark(self.words["contents"], toc_start, pages))
        for part, first in self._placed:
            page = front_count + first
            item = pdfout.bookmark(part.title, page, pages)
            # In the packet, an athlete's bookmark opens onto its topics only, not every heading.
            topics = [h for h in part.headings if h[0] == 0]
            item.children.extend(pdfout.outline_items(topics, part.start - page, pages))
            items.append(item)
        at = ours
        for appendix, source in appendices:
            items.append(pdfout.bookmark(appendix.stem, at, pages))
            at += len(source.pages)
        pdfout.add_outline(pdf, items)

        labels = [0, Dictionary(S=Name.r, St=1)]
        if count > front_count:
            labels += [front_count, Dictionary(S=Name.D, St=1)]
        pdf.Root.PageLabels = Dictionary(Nums=Array(labels))
        pdfout.set_info(pdf, DocInfo(self.words["title"], str(self.labels["subject"]), self.language))
        pdfout.save(pdf, path, self.options.password, self.options.private, object_streams=True)
        return count

    def _stamp(self, page: Any, drawing: Any, number: str) -> None:
        """Give a page its drawing with the packet's own page number added at its foot.

        Handouts number their pages per athlete ("Page 2 of 6"); the contents list packet pages,
        so each page also shows its packet page number, as the PDF viewer labels it. The text
        uses the handout font already in the packet (its first subset keeps ASCII codes as they
        are), and goes into the page's own content stream: a stream of its own on every page
        made the packet a twentieth bigger.
        """
        streams = [] if drawing is None else list(drawing) if isinstance(drawing, Array) else [drawing]
        drawn = b"".join(stream.read_bytes() + b"\n" for stream in streams)
        font = self._regular
        ops = b""
        if font is not None:
            size, grey = self.maker.layout.sizes["small"], self.maker.theme.colors["muted"]
            red, green, blue = (int(grey[i : i + 2], 16) / 255 for i in (1, 3, 5))
            text = self.words["stamp"].format(page=number)
            if not text.isascii():
                text = number
            box = [float(v) for v in page.MediaBox]
            x = box[0] + (box[2] - box[0] - stringWidth(text, FAMILY, size)) / 2
            escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
            colour = f"{red:.3f} {green:.3f} {blue:.3f} rg"
            ops = f"q {colour} BT /HPkt {size:g} Tf {x:.1f} 16 Td ({escaped}) Tj ET Q".encode("ascii")
            fonts = page.Resources.Font
            if "/HPkt" not in fonts:  # font tables are shared between pages: once per table
                fonts.HPkt = font
        # The page's own drawing in q/Q, so the number is drawn from a clean state.
        data = zlib.compress(b"q\n" + drawn + b"Q\n" + ops, 9)
        page.Contents = self._pdf.make_stream(data, Filter=Name.FlateDecode)


def _name_filter(stream: Any) -> None:
    """Write a one-filter list (reportlab's `[/FlateDecode]`) as the filter's name alone.

    The two mean the same; but qpdf, asked to compress a file's streams, decodes and encodes
    again every stream whose filter is a list: 0.13 s of the 0.16 s it took to write the packet
    of 200 athletes.
    """
    if isinstance(stream, pikepdf.Stream):
        kind = stream.get("/Filter")
        if isinstance(kind, Array) and len(kind) == 1:
            stream.Filter = kind[0]


def _streams(obj: Any, depth: int = 0) -> list[Any]:
    """Return the streams in a font or image and what it refers to (a font file, its map)."""
    if depth > 4:
        return []
    if isinstance(obj, pikepdf.Stream):
        return [obj, *(s for key in obj.keys() for s in _streams(obj[key], depth + 1))]
    if isinstance(obj, pikepdf.Dictionary):
        return [s for key in obj.keys() if key != "/Parent" for s in _streams(obj[key], depth + 1)]
    if isinstance(obj, pikepdf.Array):
        return [s for item in obj for s in _streams(item, depth + 1)]
    return []


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
