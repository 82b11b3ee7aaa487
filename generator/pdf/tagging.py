"""The structure tree a screen reader follows, written into finished files and packets.

The layout records the tree as plain data while it draws (`generator.layout.tags`): elements,
and the numbered spans of page drawing each one holds. `TreeWriter` writes it, as bytes
(`generator.pdf.structure`), into a file as the file's pages are written: one athlete's
handout, or a whole packet. A tagged file from outside (a club's cover) is read back into the
same plain data (`read_tree`) so that its tree joins the packet's.

Every tree has one Document element; each section of the layout (an athlete's handout, the
guide, the report) is a Part under it, in reading order. Each page names its spans' elements
in the parent tree, by the page's /StructParents key.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from pikepdf import Array, Dictionary, Name, Pdf, String

from generator.layout.tags import Element
from generator.pdf import objects
from generator.pdf import stream as pdfstream
from generator.pdf.structure import Template, TreeOut

STANDARD = frozenset(
    "Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2 H3 "
    "H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference "
    "BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form".split()
)
DEEPEST = 64  # nesting of an outside file's tree that is followed; deeper is not read
MOST = 200_000  # elements read from one outside file's tree


def is_tagged(pdf: Pdf) -> bool:
    """Return whether a PDF says it is tagged and has a structure tree."""
    mark = pdf.Root.get("/MarkInfo")
    marked = isinstance(mark, Dictionary) and bool(mark.get("/Marked", False))
    return marked and isinstance(pdf.Root.get("/StructTreeRoot"), Dictionary)


def read_tree(pdf: Pdf) -> Element | None:
    """Return a tagged PDF's structure as plain data (one Part), or None if it is not tagged.

    Spans refer to pages by index. Roles a file maps to standard ones (its RoleMap) are read
    as those; what cannot be kept in another file (links, annotations, objects, spans inside
    a form) is left out. A file with its own Document (or one Part in it, as ours have) gives
    what is under it: the packet has one Document.
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
            at = page_of(obj.get("/Pg")) if "/Pg" in obj else page  # else its element's page
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
        _described(element, obj)
        into.kids.append(element)
        own = page_of(obj.get("/Pg"))
        visit(obj.get("/K"), own if own >= 0 else page, depth + 1, element)

    part = Element("Part")
    lang = pdf.Root.get("/Lang")
    if isinstance(lang, String):
        part.lang = str(lang)
    visit(tree.get("/K"), -1, 0, part)
    # A file's own Document, and a single Part in it, are this part.
    while len(part.kids) == 1 and isinstance(part.kids[0], Element) and part.kids[0].role in _WRAPPERS:
        inner = part.kids[0]
        part.kids, part.lang = inner.kids, inner.lang or part.lang
    return part


_WRAPPERS = ("Document", "Part")


def _described(element: Element, obj: Dictionary) -> None:
    """Give an element read from a file its description, language, replacement text and the
    attributes a packet keeps (a header cell's scope, a figure's box, a list's numbering)."""
    for key, field in (("/Alt", "alt"), ("/Lang", "lang"), ("/ActualText", "actual")):
        value = obj.get(key)
        if isinstance(value, String):
            setattr(element, field, str(value))
    found = obj.get("/A")
    for attributes in found if isinstance(found, Array) else [found]:
        if not isinstance(attributes, Dictionary):
            continue
        scope, numbering, box = (attributes.get(k) for k in ("/Scope", "/ListNumbering", "/BBox"))
        if isinstance(scope, Name) and str(scope) in ("/Row", "/Column", "/Both"):
            element.scope = str(scope)[1:]
        if isinstance(numbering, Name):
            element.numbering = str(numbering)[1:]
        if (
            isinstance(box, Array)
            and len(box) == 4
            and all(isinstance(v, int | float | Decimal) for v in box)
        ):
            element.bbox = (float(box[0]), float(box[1]), float(box[2]), float(box[3]))


class TreeWriter:
    """Writes a file's structure tree part by part, as the parts' pages are written.

    Each page gets its /StructParents key when it is placed (`key`); once a part's elements are
    written (`write`, or `place` for a part made elsewhere as a template), its pages' entries of
    the parent tree are written too, and only their numbers are kept: a packet of 10,000
    athletes has 50,000 pages.
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
        links: Callable[[int], tuple[int, int, int] | None] | None = None,
    ) -> list[int]:
        """Write the elements of `parts`; return the numbers of the parts' own elements.

        `placed(page)` gives a page of the parts' document as (object number, key) in the
        file, or None where that page is not in it; `links(index)` gives a link the layout
        noted as (annotation number, its page's number, the annotation's key).
        """
        out = self.out
        keys: dict[int, int] = {}

        def page(index: int) -> bytes | None:
            where = placed(index)
            if where is None:
                return None
            keys[index] = where[1]
            return objects.ref(where[0])

        tree = TreeOut(out.number, out.put, page, link=links)
        tops = [tree.write(part, objects.ref(self.document)) for part in parts]
        for index, array in tree.arrays():
            number = out.number()
            out.put(number, array)
            self.nums.append((keys[index], number))
        self.nums += tree.linked
        return [top for top in tops if top is not None]

    def place(self, made: Template, placed: Callable[[int], tuple[int, int]]) -> list[int]:
        """Write a part's elements from their template; return the part's own elements' numbers.

        `placed(page)` gives a page of the part's document as (object number, key) in the file.
        """
        out = self.out
        numbers = out.reserve(len(made.bodies))
        for number, body in zip(
            numbers, made.place(numbers, self.document, lambda i: placed(i)[0]), strict=True
        ):
            out.put(number, body)
        for at, page in enumerate(made.pages):
            self.nums.append((placed(page)[1], numbers[made.elements + at]))
        return [numbers[top] for top in made.tops]

    def finish(self, parts: Iterable[int], language: str) -> int:
        """Write the Document (its parts in reading order) and the tree's root; return the root."""
        out = self.out
        kids = [objects.ref(n) for n in parts]
        extra = objects.struct_extra(Element("Document", lang=language))
        out.put(self.document, objects.struct_element("Document", objects.ref(self.root), kids, None, extra))
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
