"""The structure tree a screen reader follows, written into finished files and packets.

The layout records the tree as plain data while it draws (`generator.layout.tags`): elements,
and the numbered spans of page drawing each one holds. Here it is written as PDF objects:
with pikepdf into a file of one athlete's pages (`tag_file`), or as bytes into a packet as its
pages stream past (`PacketTree`). A tagged file from outside (a club's cover) is read back into
the same plain data (`read_tree`) so that its tree joins the packet's.

Every tree has one Document element; each section of the layout (an athlete's handout, the
guide, the report) is a Part under it, in reading order. Each page names its spans' elements
in the parent tree, by the page's /StructParents key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from pikepdf import Array, Dictionary, Name, Pdf, String

from generator.content.document import DocInfo
from generator.layout.tags import Element
from generator.pdf import objects
from generator.pdf import stream as pdfstream

ELEMENT, SPAN, LINK = 0, 1, 2  # what a flattened element holds: an element, a span, a link
KEEP_EMPTY = frozenset({"TD", "TH", "TR"})  # a table keeps its shape even where a cell is empty
STANDARD = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 "
    "H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference "
    "BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form".split()
)
DEEPEST = 64  # nesting of an outside file's tree that is followed; deeper is not read
MOST = 200_000  # elements read from one outside file's tree


@dataclass(slots=True)
class Node:
    """An element of the tree, numbered in reading order, its parent by number (-1: Document)."""

    element: Element
    parent: int
    kids: list[tuple[int, ...]]  # (ELEMENT, node) | (SPAN, page, number) | (LINK, link index)
    page: int  # the page of its first span (-1: it holds none itself)


def flatten(parts: Sequence[Element]) -> list[Node]:
    """Return the elements under `parts` (and the parts) in reading order; empty ones are left out."""
    nodes: list[Node] = []

    def visit(element: Element, parent: int) -> int | None:
        index = len(nodes)
        node = Node(element, parent, [], -1)
        nodes.append(node)
        for kid in element.kids:
            if isinstance(kid, Element):
                kept = visit(kid, index)
                if kept is not None:
                    node.kids.append((ELEMENT, kept))
            elif isinstance(kid, tuple):
                node.kids.append((SPAN, *kid))
                if node.page < 0:
                    node.page = kid[0]
            else:
                node.kids.append((LINK, kid))
        if not node.kids and element.role not in KEEP_EMPTY:
            del nodes[index:]
            return None
        return index

    for part in parts:
        visit(part, -1)
    return nodes


def _attributes(element: Element) -> dict[str, object]:
    out: dict[str, object] = {}
    if element.alt:
        out["/Alt"] = String(element.alt)
    if element.lang:
        out["/Lang"] = String(element.lang)
    if element.scope:
        out["/A"] = Dictionary(O=Name.Table, Scope=Name("/" + element.scope))
    elif element.bbox is not None:
        out["/A"] = Dictionary(O=Name.Layout, BBox=Array([round(v, 2) for v in element.bbox]))
    return out


def tag_file(pdf: Pdf, parts: Sequence[Element], first: int, info: DocInfo) -> None:
    """Write the structure tree of `parts` into `pdf`, whose pages are pages `first`... of the
    document the parts were laid out in; and say so in the catalog and its metadata."""
    pages = [page.obj for page in pdf.pages]
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    document = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=root))
    nodes = flatten(parts)
    made: list[Dictionary] = []
    spans: list[dict[int, Dictionary]] = [{} for _ in pages]
    for node in nodes:
        entries: dict[str, object] = {
            "/Type": Name.StructElem,
            "/S": Name("/" + node.element.role),
            "/P": made[node.parent] if node.parent >= 0 else document,
            **_attributes(node.element),
        }
        if node.page >= 0:
            entries["/Pg"] = pages[node.page - first]
        made.append(pdf.make_indirect(Dictionary(entries)))
    for node, element in zip(nodes, made, strict=True):
        kids: list[object] = []
        for kid in node.kids:
            if kid[0] == ELEMENT:
                kids.append(made[kid[1]])
            elif kid[0] == SPAN:
                page, number = kid[1], kid[2]
                spans[page - first][number] = element
                if page == node.page:
                    kids.append(number)
                else:
                    kids.append(Dictionary(Type=Name.MCR, Pg=pages[page - first], MCID=number))
        element.K = kids[0] if len(kids) == 1 else Array(kids)  # one kid stands alone
    document.K = Array([made[i] for i, node in enumerate(nodes) if node.parent < 0])
    if info.language:
        document.Lang = String(info.language)
    nums: list[object] = []
    for key, (page_object, held) in enumerate(zip(pages, spans, strict=True)):
        page_object.StructParents = key
        page_object.Tabs = Name.S
        nums += [key, pdf.make_indirect(Array([held.get(n) for n in range(max(held, default=-1) + 1)]))]
    root.K = document
    root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
    root.ParentTreeNextKey = len(pages)
    pdf.Root.StructTreeRoot = root
    pdf.Root.MarkInfo = Dictionary(Marked=True)


def describe(pdf: Pdf, info: DocInfo, date: str) -> None:
    """Show the title in the window, and give the file XMP metadata (title, language, PDF/UA)."""
    pdf.Root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.Root.Metadata = pdf.make_stream(objects.xmp(info, date), Type=Name.Metadata, Subtype=Name.XML)


def is_tagged(pdf: Pdf) -> bool:
    """Return whether a PDF says it is tagged and has a structure tree."""
    mark = pdf.Root.get("/MarkInfo")
    marked = isinstance(mark, Dictionary) and bool(mark.get("/Marked", False))
    return marked and isinstance(pdf.Root.get("/StructTreeRoot"), Dictionary)


def read_tree(pdf: Pdf) -> Element | None:
    """Return a tagged PDF's structure as plain data (one Part), or None if it is not tagged.

    Spans refer to pages by index. Roles a file maps to standard ones (its RoleMap) are read
    as those; what cannot be kept in another file (links, annotations, objects) is left out.
    """
    if not is_tagged(pdf):
        return None
    tree = pdf.Root.StructTreeRoot
    role_map = tree.get("/RoleMap")
    roles = dict(role_map.items()) if isinstance(role_map, Dictionary) else {}
    page_index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    seen: set[tuple[int, int]] = set()
    count = 0

    def role_of(value: object) -> str:
        name = str(value)
        for _ in range(8):  # a role may map to another role
            if name.lstrip("/") in STANDARD:
                break
            name = str(roles.get(name, "/Span"))
        role = name.lstrip("/")
        return role if role in STANDARD else "Span"

    def page_of(obj: object) -> int:
        if isinstance(obj, Dictionary) and obj.is_indirect:
            return page_index.get(obj.objgen, -1)
        return -1

    def visit(obj: object, page: int, depth: int, into: Element) -> None:
        nonlocal count
        if depth > DEEPEST or count > MOST:
            return
        if isinstance(obj, int) and not isinstance(obj, bool):
            if page >= 0:
                into.kids.append((page, int(obj)))
            return
        if isinstance(obj, Array):
            for item in obj:
                visit(item, page, depth + 1, into)
            return
        if not isinstance(obj, Dictionary):
            return
        kind = obj.get("/Type")
        if kind == Name.MCR:
            at = page_of(obj.get("/Pg"))
            mcid = obj.get("/MCID")
            if at >= 0 and isinstance(mcid, int) and "/Stm" not in obj:
                into.kids.append((at, int(mcid)))
            return
        if kind == Name.OBJR or "/S" not in obj:
            return
        if obj.is_indirect:
            if obj.objgen in seen:
                return  # a tree that loops back on itself
            seen.add(obj.objgen)
        count += 1
        element = Element(role_of(obj.S))
        alt, lang = obj.get("/Alt"), obj.get("/Lang")
        if isinstance(alt, String):
            element.alt = str(alt)
        if isinstance(lang, String):
            element.lang = str(lang)
        into.kids.append(element)
        own = page_of(obj.get("/Pg"))
        visit(obj.get("/K"), own if own >= 0 else page, depth + 1, element)

    part = Element("Part")
    lang = pdf.Root.get("/Lang")
    if isinstance(lang, String):
        part.lang = str(lang)
    visit(tree.get("/K"), -1, 0, part)
    return part


class PacketTree:
    """Writes a packet's structure tree part by part, as the parts' pages are written.

    Each page gets its /StructParents key when it is placed (`key`); once a part's elements are
    written (`write`), its pages' entries of the parent tree are written too, and only their
    numbers are kept: a packet of 10,000 athletes has 50,000 pages.
    """

    def __init__(self, out: pdfstream.Writer) -> None:
        self.out = out
        self.root, self.document = out.number(), out.number()
        self.nums: list[tuple[int, int]] = []  # (key, object: a page's array or a link's element)
        self._keys = 0

    def key(self) -> int:
        """Return the /StructParents key of the next page placed (or link)."""
        self._keys += 1
        return self._keys - 1

    def write(
        self,
        parts: Sequence[Element],
        placed: Callable[[int], tuple[int, int] | None],
        links: Callable[[int], tuple[int, int, int] | None] = lambda index: None,
    ) -> list[int]:
        """Write the elements of `parts`; return the numbers of the parts' own elements.

        `placed(page)` gives a page of the parts' document as (object number, key) in the
        packet, or None where that page is not in it; `links(index)` gives a link the layout
        noted as (annotation number, its page's number, the annotation's key).
        """
        out = self.out
        nodes = flatten(parts)
        numbers = [out.number() for _ in nodes]
        spans: dict[int, dict[int, int]] = {}  # page key -> span number -> element
        for node, number in zip(nodes, numbers, strict=True):
            kids: list[bytes] = []
            own = placed(node.page) if node.page >= 0 else None
            for kid in node.kids:
                if kid[0] == ELEMENT:
                    kids.append(objects.ref(numbers[kid[1]]))
                elif kid[0] == SPAN:
                    where = placed(kid[1])
                    if where is None:
                        continue
                    spans.setdefault(where[1], {})[kid[2]] = number
                    if own is not None and where[0] == own[0]:
                        kids.append(b"%d" % kid[2])
                    else:
                        kids.append(objects.marked_on(where[0], kid[2]))
                else:
                    link = links(kid[1])
                    if link is not None:
                        annotation, page, key = link
                        kids.append(objects.annotation_ref(annotation, page))
                        self.nums.append((key, number))
            parent = numbers[node.parent] if node.parent >= 0 else self.document
            e = node.element
            extra = objects.struct_extra(e.alt, e.lang, e.scope, e.bbox)
            out.put(number, objects.struct_element(e.role, parent, kids, own[0] if own else None, extra))
        for key, held in spans.items():
            array = self.out.number()
            refs = (objects.ref(held[n]) if n in held else objects.NULL for n in range(max(held) + 1))
            self.out.put(array, objects.array_of(refs))
            self.nums.append((key, array))
        return [number for node, number in zip(nodes, numbers, strict=True) if node.parent < 0]

    def finish(self, parts: Iterable[int], language: str) -> int:
        """Write the Document (its parts in reading order) and the tree's root; return the root."""
        out = self.out
        kids = [objects.ref(n) for n in parts]
        extra = objects.struct_extra("", language, "", None)
        out.put(self.document, objects.struct_element("Document", self.root, kids, None, extra))
        self.nums.sort()
        parent_tree = out.number()
        out.put(parent_tree, objects.number_tree((key, objects.ref(n)) for key, n in self.nums))
        out.put(self.root, objects.struct_root(self.document, objects.ref(parent_tree), self._keys))
        return self.root


def untagged_warning(name: str) -> str:
    """Return the warning for an outside PDF without tags, which keeps a packet from PDF/UA."""
    return (
        f"{name} is not tagged for screen readers: the packet is tagged, but its pages from "
        f"{name} are not, so the packet as a whole does not meet PDF/UA"
    )
