"""Assemble a print-ready team packet: cover, coach's report, contents, every athlete's handout.

The handouts come as rendered documents (several athletes each, see `HandoutMaker.render`) or
as finished handout files, opened with pikepdf. Their pages are written to the packet as they
arrive (`generator.pdf.stream`), each with its packet page number added: fonts and images that
are byte-identical between documents are stored once, a bookmark per athlete has its topics
nested, and page labels and blank pages for double-sided printing are added at the end, with
the cover, report and contents in front.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import shutil
import tempfile
import zlib
from array import array
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

import pikepdf
from pikepdf import Array, Dictionary, Pdf

from generator.content.document import DocInfo
from generator.errors import InputError, RenderError
from generator.layout.front import LINK_PREFIX, Front, FrontPages, Static
from generator.layout.render import Rendered, Section
from generator.layout.tags import Element
from generator.locale import fill
from generator.options import MAX_PDF_MB, PacketOptions
from generator.pdf import finish as pdfout
from generator.pdf import objects, tagging
from generator.pdf import outside as untrusted
from generator.pdf import stream as pdfstream
from generator.pdf.structure import Template, template

STAMP_FONT = "HPkt"  # the resource name of the font that draws the packet page numbers
# Keys never copied from an outside file: what acts, and the keys its forms had in its own
# structure tree (the packet's tree has other keys; the file's spans in forms are not kept).
OUTSIDE_SKIPS = (*untrusted.ACTIVE_KEYS, "/StructParent", "/StructParents")


@dataclass(slots=True)
class Part:
    """One athlete's pages inside a rendered document (or a whole handout file)."""

    title: str
    source: Path | bytes  # a file, or a document this run rendered, in memory
    start: int
    pages: int
    topics: Sequence[tuple[str, int]] = ()  # each topic's title and page, counted from `start`
    outside: bool = False  # a file from outside this run: its pages are stripped of actions
    level: str = ""  # the athlete's triage level, shown beside their name in the contents
    language: str = ""  # the language the file says it is in (a finished handout's /Lang)
    tree: Template | None = None  # its structure, made where its handout was (a file's is read)


Save = Callable[[Path, Callable[[Path], None], bool], None]  # (path, write a temporary file, private)


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


def parts_of_files(paths: Sequence[Path], max_mb: float = MAX_PDF_MB) -> list[Part]:
    """Return one part per finished handout file, with its own bookmarks as the topics.

    The files come from outside this run, so they are checked as any outside PDF is.
    """
    marks = untrusted.check(paths, max_mb)
    parts = []
    for path, topics in zip(paths, marks, strict=True):
        with read_pdf(path) as pdf:
            count = len(pdf.pages)
            language = str(pdf.Root.get("/Lang", ""))
        parts.append(Part(path.stem, path, 0, count, topics, outside=True, language=language))
    return parts


def fingerprint(obj: Any, memo: dict[tuple[int, int], bytes]) -> bytes:
    """Return a digest of an object and everything it refers to: equal digests, equal objects
    (but for a font's obsolete /Name)."""
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
        # A font's /Name is the resource name it had in its own document (obsolete since PDF 1.1,
        # and ignored by readers): the same font program under another name is the same font.
        font = obj.get("/Type") == pikepdf.Name.Font
        for name in sorted(obj.keys()):
            if not (font and name == "/Name"):
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

    def __init__(self, pages: FrontPages, language: str, options: PacketOptions, save: Save) -> None:
        """`save` puts the finished file in place (whole, and private if asked: runs.files)."""
        self.pages, self.language, self.options, self.save = pages, language, options, save
        self.labels = pages.labels
        self.words: dict[str, str] = self.labels["packet"]
        self._static: Static | None = None
        self._static_trees: dict[int, Template] = {}  # its sections' structure, by first page
        self._front = Front("", "", 0)
        self._static_pdf: Pdf | None = None  # the cover and report, with their copier
        self._static_copier: pdfstream.Copier | None = None
        self._blank_page: tuple[Pdf, pdfstream.Copier] | None = None  # for double-sided printing
        self._open: tuple[Path | bytes, Pdf, pdfstream.Copier] | None = None  # the document being copied
        # The packet is written as it grows, to a spool file that vanishes when closed.
        self._spool: IO[bytes] | None = None
        self._out: pdfstream.Writer | None = None
        self._tree = 0  # the page tree's object number
        self._pages = array("l")  # object numbers of the handouts' pages (and blank pages), in order
        # Each handout's title, topics and first page after the front (not its document).
        self._placed: list[tuple[str, Sequence[tuple[str, int]], int, str]] = []
        # Fonts and images stored once: digest -> object number; their tables likewise.
        self._shared: dict[bytes, int] = {}
        self._shared_tables: dict[tuple[tuple[str, bytes], ...], int] = {}
        self._regular: int | None = None  # the handout font's first subset, for the page numbers
        self._outside_checked = False
        self.tagged = pages.setup.tagged
        self._structure: tagging.TreeWriter | None = None
        self._handout_parts: list[int] = []  # the handouts' elements in the structure tree, in order
        self._outside_trees: dict[Path, Element | None] = {}  # each outside file's, read once
        self.warnings: list[str] = []  # what keeps the packet from being accessible as a whole
        self.conforms = self.tagged  # claims PDF/UA: no outside file without tags, or broken ones

    @property
    def out(self) -> pdfstream.Writer:
        if self._out is None:
            # With a password the packet grows unlocked until it is saved, so it grows outside
            # the output folder (which may be synced or shared), in the private temporary folder.
            spool = self.options.spool if not self.options.password else None
            self._spool = tempfile.TemporaryFile(prefix=".handouts-", dir=spool)
            self._out = pdfstream.Writer(self._spool)
            self._tree = self._out.number()
            if self.tagged:
                self._structure = tagging.TreeWriter(self._out)
        return self._out

    def prepare(self, front: Front) -> None:
        """Lay out the cover and the coach's report, which need no page numbers.

        The handouts' pages may be added before or after: they are numbered from 1 after the
        front, whatever its length.
        """
        self._static = self.pages.static(front, club_cover=self.options.cover is not None)
        self._static_pdf, self._static_copier = None, None  # the front's pages come from this layout
        # Its structure waits as bytes to be numbered, not as elements: a 10,000-athlete report
        # has some 100,000 of them.
        self._static_trees = {}
        for section in self._static.rendered.sections:
            if section.tags is not None:
                self._static_trees[section.start] = template([section.tags])
                section.tags = None
        # Once laid out, the report's flowables are not needed again (a long report holds many).
        self._front = Front(front.team, front.day, front.count)

    def _front_plan(self, contents: Rendered, club_pages: int) -> list[tuple[str, int]]:
        """Return the front's pages in order: ("club"|"static"|"contents", page) or ("blank", 0).

        With --duplex, every part of the front starts on a right-hand page.
        """
        plan: list[tuple[str, int]] = []

        def pad() -> None:
            if self.options.duplex and len(plan) % 2 == 1:
                plan.append(("blank", 0))

        def static(names: Sequence[str]) -> None:
            assert self._static is not None
            for name, section in zip(self._static.names, self._static.rendered.sections, strict=True):
                if name in names:
                    plan.extend(("static", i) for i in range(section.start, section.start + section.pages))
                    pad()

        plan += [("club", i) for i in range(club_pages)]
        pad()
        if self._static is not None:
            static(("cover", "report"))
        toc = contents.sections[0]
        plan += [("contents", i) for i in range(toc.start, toc.start + toc.pages)]
        pad()
        if self._static is not None:
            static(("guide",))  # the team guide, once, after the contents
        return plan

    def write(self, path: Path, parts: Sequence[Part]) -> int:
        """Write the packet to `path` in one piece and return its page count; `prepare` first."""
        try:
            self.add(parts)
        except BaseException:
            self.discard()
            raise
        return self.finish(path)

    def add(self, parts: Sequence[Part]) -> None:
        """Put handouts' pages into the packet, in order.

        A batch calls this as each chunk of handouts is finished, so the packet is mostly written
        by the time the last handout is. With --duplex each handout starts on an odd page: the
        front is padded to an even length, so the parity is known before the front exists.
        """
        for part in parts:
            source, copier = self._source(part.source, part.outside)
            if self.options.duplex and len(self._pages) % 2 == 1:
                self._pages.append(self._blank(str(len(self._pages) + 1)))
            self._placed.append((part.title, part.topics, len(self._pages), part.level))
            tags = self._outside_tree(part.source, source) if isinstance(part.source, Path) else None
            tagged = tags is not None or part.tree is not None
            where: dict[int, tuple[int, int]] = {}
            for index in range(part.start, part.start + part.pages):
                page = source.pages[index].obj
                # Handout pages are numbered from 1 after the front, so each is numbered now.
                number = str(len(self._pages) + 1)
                key = self._key(tagged)
                if part.outside:
                    assert isinstance(part.source, Path)
                    placed = self._outside(page, copier, part.source, key)
                else:
                    placed = self._ours(page, copier, number, key=key)
                self._pages.append(placed)
                if key is not None:
                    where[index] = (placed, key)
            if self._structure is not None:
                if part.tree is not None:
                    self._handout_parts += self._structure.place(
                        part.tree, _found(where, f"{part.title}'s handout")
                    )
                elif tags is not None:
                    self._handout_parts += self._structure.write([tags], where.get)

    def _key(self, tagged: bool) -> int | None:
        """Return the structure key of a page about to be placed (None: an untagged page)."""
        return self._structure.key() if tagged and self._structure is not None else None

    def _outside_tree(self, path: Path, pdf: Pdf) -> Element | None:
        """Return an outside file's structure, read once; an untagged file is said in a warning."""
        if not self.tagged:
            return None
        if path not in self._outside_trees:
            tree, problems = tagging.read_tree(pdf, check=not tagging.ours(pdf))
            self._outside_trees[path] = tree
            if tree is None or problems:
                self.warnings.append(tagging.untagged_warning(path.name, problems))
                self.conforms = False
        return self._outside_trees[path]

    def _source(self, source: Path | bytes, outside: bool) -> tuple[Pdf, pdfstream.Copier]:
        """Open the document a part's pages are in, closing the one before: one at a time."""
        if self._open is not None and (
            self._open[0] is source or (isinstance(source, Path) and self._open[0] == source)
        ):
            return self._open[1], self._open[2]
        self.close()
        pdf = read_pdf(source) if isinstance(source, Path) else pdfout.open_bytes(source)
        copier = pdfstream.Copier(self.out, OUTSIDE_SKIPS if outside else ())
        self._open = (source, pdf, copier)
        return pdf, copier

    def close(self) -> None:
        """Close the document pages were last copied from (the packet itself stays)."""
        if self._open is not None:
            self._open[1].close()
            self._open = None

    def discard(self) -> None:
        """Drop the packet written so far (a stopped or failed run)."""
        self.close()
        if self._spool is not None:
            spool, self._spool, self._out = self._spool, None, None
            with contextlib.suppress(OSError):  # what a full disk left unflushed is dropped anyway
                spool.close()

    def _ours(
        self,
        page: Any,
        copier: pdfstream.Copier,
        number: str,
        links: Sequence[tuple[int, Any, str, str]] = (),
        key: int | None = None,
        placed_links: dict[int, tuple[int, int, int]] | None = None,
    ) -> int:
        """Write a page this run rendered, with its packet page number; return its object number.

        Its fonts and images point at the packet's one copy of each. `links` (index, rectangle,
        address, words), on a contents page, are written pointing at the first page of each
        handout, and noted in `placed_links`. `key` is its structure key (None: untagged).
        """
        out = self.out
        resources = page.get("/Resources")
        entries = b""
        if isinstance(resources, Dictionary):
            for kind in sorted(resources.keys()):  # in a fixed order: reproducible bytes
                value = resources[kind]
                if kind in ("/Font", "/XObject"):
                    entries += objects.name(kind) + b" " + objects.ref(self._share(value, copier))
                else:
                    entries += objects.resource_entry(kind, copier.value(value, 1))
        drawing = page.get("/Contents")
        streams = [] if drawing is None else list(drawing) if isinstance(drawing, Array) else [drawing]
        contents = out.number()
        out.put_stream(contents, objects.FLATE, self._numbered(streams, page, number))
        placed = out.number()
        extra = objects.page_entries(self._tree, entries, contents)
        leave = ["/Contents", "/Resources", "/StructParents", "/Tabs"]
        if key is not None:
            extra += objects.structure_keys(key)
        if links:
            extra += objects.annots(self._links(links, placed, key is not None, placed_links))
        copier.write(placed, page, extra, leave=leave)
        return placed

    def _links(
        self,
        links: Sequence[tuple[int, Any, str, str]],
        page: int,
        tagged: bool,
        placed_links: dict[int, tuple[int, int, int]] | None,
    ) -> list[int]:
        """Write a contents page's links, each to its handout's first page; return them."""
        written = []
        for index, rect, target, words in links:
            if not target.startswith(LINK_PREFIX):
                continue
            first = int(target.removeprefix(LINK_PREFIX)) - 1  # packet page labels count from 1
            if not 0 <= first < len(self._pages):
                continue
            number = self.out.number()
            key = self._structure.key() if tagged and self._structure is not None else None
            self.out.put(number, objects.link(rect, self._pages[first], words, key))
            written.append(number)
            if key is not None and placed_links is not None:
                placed_links[index] = (number, page, key)
        return written

    def _share(self, table: Any, copier: pdfstream.Copier) -> int:
        """Return the packet's resource table for a document's (name -> font or image)."""
        entries: list[tuple[str, bytes]] = []
        for name in sorted(table.keys()):
            obj = table[name]
            digest = fingerprint(obj, copier.digests)
            if digest not in self._shared:
                self._shared[digest] = copier.number(obj)
                base = str(obj.get("/BaseFont", "")) if isinstance(obj, Dictionary) else ""
                if self._regular is None and name.endswith("+0") and base.endswith("FiraSans-Regular"):
                    self._regular = self._shared[digest]
            entries.append((name, digest))
        key = tuple(entries)
        if key not in self._shared_tables:
            table = [(name, self._shared[digest]) for name, digest in entries]
            if self._regular is not None:
                table.append(("/" + STAMP_FONT, self._regular))  # the packet page numbers' font
            number = self._shared_tables[key] = self.out.number()
            self.out.put(number, objects.resource_table(table))
        return self._shared_tables[key]

    def _outside(self, page: Any, copier: pdfstream.Copier, source: Path, key: int | None = None) -> int:
        """Write a page from a file from outside: its content only, nothing that can act.

        A tagged file's page keeps its marked content; `key` is its new structure key."""
        placed = self.out.number()
        unknown = [key for key in page.keys() if key not in untrusted.PAGE_KEYS]
        extra = objects.parent(self._tree)
        if key is not None:
            extra += objects.structure_keys(key)
        try:
            copier.write(placed, page, extra, leave=unknown)
        except InputError as e:
            raise InputError(f"{source.name}: {e}") from e
        return placed

    def _blank(self, number: str) -> int:
        """Write a new "intentionally left blank" page (each place in the packet needs its own)."""
        if self._blank_page is None:
            self._blank_page = (pdfout.open_bytes(self.pages.blank().pdf), pdfstream.Copier(self.out))
        document, copier = self._blank_page
        return self._ours(document.pages[0].obj, copier, number)

    def _static_document(self) -> tuple[Pdf, pdfstream.Copier]:
        assert self._static is not None
        if self._static_pdf is None or self._static_copier is None:
            self._static_pdf = pdfout.open_bytes(self._static.rendered.pdf)
            self._static_copier = pdfstream.Copier(self.out)
        return self._static_pdf, self._static_copier

    def finish(self, path: Path) -> int:
        """Lay out the contents, put the front before the handouts and write the file."""
        try:
            return self._finish(path)
        finally:
            self.discard()  # the spool file goes, whether the packet was written or not

    def check_outside(self) -> None:
        """Check the club's --cover and --append PDFs (once: a batch asks before its first handout)."""
        if not self._outside_checked:
            opts = self.options
            untrusted.check([p for p in (opts.cover, *opts.append) if p is not None], opts.max_pdf_mb)
            self._outside_checked = True

    def _finish(self, path: Path) -> int:
        opts = self.options
        self.check_outside()
        club_cover = read_pdf(opts.cover) if opts.cover else None
        club_pages = len(club_cover.pages) if club_cover else 0
        appendices = [(p, read_pdf(p)) for p in opts.append]
        if self._static is None:
            raise RenderError("the packet was not prepared; please report this")

        # Handout pages are numbered from 1 after the front (the page labels say so too), so the
        # contents' numbers do not depend on how long the front turns out to be.
        contents = self.pages.contents(
            self._front.team, [(title, first + 1, level) for title, _, first, level in self._placed]
        )
        plan = self._front_plan(contents, club_pages)
        return self._assemble(path, contents, plan, club_cover, appendices)

    def _front_pages(
        self, contents: Rendered, plan: Sequence[tuple[str, int]], club_cover: Pdf | None
    ) -> tuple[list[int], list[int]]:
        """Write the front's pages in `plan` order; return them, and their parts of the structure
        tree in reading order."""
        self.close()
        toc = pdfout.open_bytes(contents.pdf)
        toc_copier = pdfstream.Copier(self.out)
        club_copier = pdfstream.Copier(self.out, OUTSIDE_SKIPS)
        club_tree = None
        if club_cover is not None and self.options.cover is not None:
            club_tree = self._outside_tree(self.options.cover, club_cover)
        toc_section = contents.sections[0]
        statics = self._static.rendered.sections if self._static is not None else []
        # Where each page of the club's cover, the static document and the contents went.
        where: dict[str, dict[int, tuple[int, int]]] = {"club": {}, "static": {}, "contents": {}}
        placed_links: dict[int, tuple[int, int, int]] = {}
        pages: list[int] = []
        for kind, index in plan:
            number = _roman(len(pages) + 1)
            if kind == "club":
                assert club_cover is not None
                assert self.options.cover is not None
                key = self._key(club_tree is not None)
                placed = self._outside(club_cover.pages[index].obj, club_copier, self.options.cover, key)
            elif kind == "blank":
                key, placed = None, self._blank(number)
            elif kind == "static":
                static, static_copier = self._static_document()
                key = self._key(_section_at(statics, index) in self._static_trees)
                placed = self._ours(static.pages[index].obj, static_copier, number, key=key)
            else:
                links = [(i, *link[1:]) for i, link in enumerate(contents.links) if link[0] == index]
                key = self._key(toc_section.tags is not None)
                page = toc.pages[index].obj
                placed = self._ours(page, toc_copier, number, links, key, placed_links)
            pages.append(placed)
            if key is not None:
                where[kind][index] = (placed, key)
        parts: list[int] = []
        tree = self._structure
        if tree is not None:
            for kind, index in plan:
                if kind == "club" and index == 0 and club_tree is not None:
                    parts += tree.write([club_tree], where["club"].get)
                elif kind == "static" and index in self._static_trees:
                    static_where = _found(where["static"], "the packet's front")
                    parts += tree.place(self._static_trees[index], static_where)
                elif kind == "contents" and index == toc_section.start and toc_section.tags is not None:
                    parts += tree.write([toc_section.tags], where["contents"].get, placed_links.get)
        return pages, parts

    def _assemble(
        self,
        path: Path,
        contents: Rendered,
        plan: Sequence[tuple[str, int]],
        club_cover: Pdf | None,
        appendices: Sequence[tuple[Path, Pdf]],
    ) -> int:
        assert self._static is not None
        out = self.out
        front, front_parts = self._front_pages(contents, plan, club_cover)
        front_count = len(front)
        back_parts: list[int] = []
        extra: list[int] = []
        starts: list[int] = []  # where each appendix starts, counted from the first handout page
        for appendix, document in appendices:
            # With --duplex, each appendix starts on a right-hand page too.
            if self.options.duplex and (len(self._pages) + len(extra)) % 2 == 1:
                extra.append(self._blank(str(len(self._pages) + len(extra) + 1)))
            starts.append(len(self._pages) + len(extra))
            copier = pdfstream.Copier(out, OUTSIDE_SKIPS)
            tree = self._outside_tree(appendix, document)
            where: dict[int, tuple[int, int]] = {}
            for index, page in enumerate(document.pages):
                key = self._key(tree is not None)
                extra.append(self._outside(page.obj, copier, appendix, key))
                if key is not None:
                    where[index] = (extra[-1], key)
            if tree is not None and self._structure is not None:
                back_parts += self._structure.write([tree], where.get)
        count, ours = front_count + len(self._pages) + len(extra), front_count + len(self._pages)

        def page_ref(index: int) -> bytes:
            if index < front_count:
                return objects.ref(front[index])
            if index < ours:
                return objects.ref(self._pages[index - front_count])
            return objects.ref(extra[index - ours])

        kids = bytearray()  # 50,000 page references for a 10,000-athlete packet: no list of them
        for index in range(count):
            kids += page_ref(index) + b" "
        out.put(self._tree, objects.page_tree(count, bytes(kids[:-1])))
        del kids

        titles = {"cover": self.words["title"], "report": self.words["coach_report"]}
        items: list[tuple[str, int, list[tuple[str, int]]]] = []
        guides: list[tuple[str, int, list[tuple[str, int]]]] = []
        static = self._static
        for name, title, section in zip(static.names, static.titles, static.rendered.sections, strict=True):
            first = plan.index(("static", section.start))
            if name == "guide":
                guides.append((title, first, []))
            elif name in titles:
                items.append((titles[name], first, []))
        toc_start = plan.index(("contents", contents.sections[0].start))
        items.append((self.words["contents"], toc_start, []))
        items += guides
        after: list[tuple[str, int, list[tuple[str, int]]]] = []
        for (appendix, _), start in zip(appendices, starts, strict=True):
            after.append((appendix.stem, front_count + start, []))

        def athletes() -> Iterator[tuple[str, int, list[tuple[str, int]]]]:
            # One athlete's bookmark at a time: a packet has thousands.
            for name, topics, first, _ in self._placed:
                page = front_count + first
                # In the packet, an athlete's bookmark opens onto its topics only, not every heading.
                yield name, page, [(title, page + at) for title, at in topics]

        every = itertools.chain(items, athletes(), after)
        outline = pdfstream.outline(out, every, page_ref, len(items) + len(self._placed) + len(after))

        info = DocInfo(self.words["title"], str(self.labels["subject"]), self.language)
        labels = objects.page_labels(front_count, count)
        date = objects.pdf_date()
        structure = metadata = None
        if self._structure is not None:
            parts = [*front_parts, *self._handout_parts, *back_parts]
            structure = self._structure.finish(parts, info.language)
            metadata = out.number()
            out.put_stream(metadata, objects.METADATA, objects.xmp(info, date, self.conforms))
        root, details = out.number(), out.number()
        out.put(root, objects.catalog(self._tree, labels, info.language, outline, structure, metadata))
        out.put(details, objects.info(info, date))
        out.finish(root, details)
        self._write(path)
        return count

    def _write(self, path: Path) -> None:
        """Put the finished packet in place (locked with the password, if there is one)."""
        spool = self._spool
        assert spool is not None
        password = self.options.password

        def write(temp: Path) -> None:
            spool.seek(0)
            if not password:
                with temp.open("wb") as f:
                    shutil.copyfileobj(spool, f, 1 << 20)
                return
            with Pdf.open(cast(BinaryIO, spool)) as pdf:
                pdf.save(temp, **pdfout.save_options(password))

        self.save(path, write, self.options.private)

    def _numbered(self, streams: Sequence[Any], page: Any, number: str) -> bytes:
        """Return a page's drawing with the packet's own page number added at its foot.

        Handouts number their pages per athlete ("Page 2 of 6"); the contents list packet pages,
        so each page also shows its packet page number, as the PDF viewer labels it. The text
        uses the handout font (its first subset keeps ASCII codes as they are), and goes into
        the page's own drawing: a stream of its own on every page made the packet a twentieth
        bigger.
        """
        drawn = b"".join(stream.read_bytes() + b"\n" for stream in streams)
        ops = b""
        if self._regular is not None:
            size, grey = self.pages.stamp_size, self.pages.setup.theme.colors["muted"]
            red, green, blue = (int(grey[i : i + 2], 16) / 255 for i in (1, 3, 5))
            text = fill(self.words["stamp"], page=number)
            if not text.isascii():
                text = number
            box = [float(v) for v in page.MediaBox]
            x = box[0] + (box[2] - box[0] - self.pages.text_width(text, size)) / 2
            ops = objects.stamp(text, STAMP_FONT, size, x, 16, (red, green, blue))
        # The page's own drawing in q/Q, so the number is drawn from a clean state.
        return zlib.compress(objects.drawing_with(drawn, ops), 9)


def _section_at(sections: Sequence[Section], page: int) -> int:
    """Return where the section a page of a rendered document belongs to starts (-1: none)."""
    for section in sections:
        if section.start <= page < section.start + section.pages:
            return section.start
    return -1


def _found(where: dict[int, tuple[int, int]], what: str) -> Callable[[int], tuple[int, int]]:
    """Return where each page of a part went; a page its structure names but that was not
    placed is a fault of ours, said as one."""

    def placed(page: int) -> tuple[int, int]:
        if page not in where:
            raise RenderError(f"the structure of {what} names a page it does not have; please report this")
        return where[page]

    return placed


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
