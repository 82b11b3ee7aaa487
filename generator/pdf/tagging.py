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

import re
from array import array
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

import pikepdf
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
MOST = 200_000  # objects of one outside file's tree that are looked at (elements, arrays, kids)
LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")  # a BCP 47 tag, as PDF/UA asks
TEXT_SHOWING = ("Tj", "TJ", "'", '"')


def is_tagged(pdf: Pdf) -> bool:
    """Return whether a PDF says it is tagged and has a structure tree."""
    mark = pdf.Root.get("/MarkInfo")
    marked = isinstance(mark, Dictionary) and bool(mark.get("/Marked", False))
    return marked and isinstance(pdf.Root.get("/StructTreeRoot"), Dictionary)


def ours(pdf: Pdf) -> bool:
    """Return whether a PDF says this tool wrote it (its tags need no checking again)."""
    info = pdf.trailer.get("/Info")
    creator = info.get("/Creator") if isinstance(info, Dictionary) else None
    return isinstance(creator, String) and str(creator).startswith("handouts ")


def read_tree(pdf: Pdf, check: bool = True) -> tuple[Element | None, list[str]]:
    """Return a tagged PDF's structure as plain data (one Part), and what keeps it from PDF/UA.

    None: the file is not tagged. Spans refer to pages by index; only spans its pages draw are
    kept, each once. Roles a file maps to standard ones (its RoleMap) are read as those; what
    cannot be kept in another file (links, annotations, objects, spans inside a form) is left
    out. A file with its own Document (or one Part in it, as ours have) gives what is under it:
    the packet has one Document. The tree is read within limits (depth, objects looked at), as
    a file from outside may be built to never end. With `check`, its pages are read too: text
    outside its tags, spans no element holds and fonts not embedded are what it lacks.
    """
    if not is_tagged(pdf):
        return None, []
    problems: list[str] = []
    tree = pdf.Root.StructTreeRoot
    role_map = tree.get("/RoleMap")
    roles = dict(role_map.items()) if isinstance(role_map, Dictionary) else {}
    page_index = {page.obj.objgen: i for i, page in enumerate(pdf.pages)}
    drawn: list[set[int]] = []
    for page in pdf.pages:
        drawn.append(_drawn(page.obj, problems) if check else set())
    held: set[tuple[int, int]] = set()
    seen: set[tuple[int, int]] = set()
    budget = MOST

    def note(problem: str) -> None:
        if problem not in problems:
            problems.append(problem)

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

    def span(page: int, mcid: object, into: Element) -> None:
        if page < 0 or not isinstance(mcid, int) or isinstance(mcid, bool):
            note("a span with no page")
        elif check and int(mcid) not in drawn[page]:
            note("a span its page does not draw")
        elif (page, int(mcid)) in held:
            note("a span held twice")
        else:
            held.add((page, int(mcid)))
            into.kids.append((page, int(mcid)))

    def visit(obj: object, page: int, depth: int, into: Element) -> None:
        nonlocal budget
        budget -= 1
        if budget < 0:
            note("a structure tree too big to read whole")
            return
        if depth > DEEPEST:
            note("a structure tree too deep to read whole")
            return
        if isinstance(obj, int) and not isinstance(obj, bool):
            span(page, obj, into)
            return
        if isinstance(obj, Dictionary | Array) and obj.is_indirect:
            if obj.objgen in seen:
                return  # a tree that loops back on itself, or shares a part
            seen.add(obj.objgen)
        if isinstance(obj, Array):
            for item in obj:
                visit(item, page, depth + 1, into)
            return
        if not isinstance(obj, Dictionary):
            return
        kind = obj.get("/Type")
        if kind == Name.MCR:
            if "/Stm" in obj:
                note("text inside a form, which a packet cannot keep tagged")
                return
            span(page_of(obj.get("/Pg")) if "/Pg" in obj else page, obj.get("/MCID"), into)
            return
        if kind == Name.OBJR or "/S" not in obj:
            return
        element = Element(role_of(obj.S))
        _described(element, obj)
        if element.role == "Figure" and not element.alt.strip():
            note("a figure without a description")
        into.kids.append(element)
        own = page_of(obj.get("/Pg"))
        visit(obj.get("/K"), own if own >= 0 else page, depth + 1, element)

    part = Element("Part")
    lang = pdf.Root.get("/Lang")
    if isinstance(lang, String) and LANGUAGE.match(str(lang)):
        part.lang = str(lang)
    visit(tree.get("/K"), -1, 0, part)
    if check and any((page, mcid) not in held for page, mcids in enumerate(drawn) for mcid in mcids):
        note("text in a span no element holds")
    if check:
        problems += _font_problems(pdf)
    # A file's own Document, and a single Part in it, are this part.
    while len(part.kids) == 1 and isinstance(part.kids[0], Element) and part.kids[0].role in _WRAPPERS:
        inner = part.kids[0]
        part.kids, part.lang = inner.kids, inner.lang or part.lang
    return part, problems


def _drawn(page: Dictionary, problems: list[str]) -> set[int]:
    """Return the spans a page of an outside file draws, noting text outside spans and artifacts."""
    mcids: set[int] = set()
    stack: list[tuple[bool, bool]] = []  # (an artifact, a span) for each marked content open
    xobjects = page.get("/Resources", Dictionary()).get("/XObject", Dictionary())
    try:
        instructions = pikepdf.parse_content_stream(page, "BMC BDC EMC Tj TJ ' \" Do")
    except pikepdf.PdfError:
        problems.append("a page whose drawing cannot be read")
        return mcids
    for instruction in instructions:
        op, operands = str(instruction.operator), instruction.operands
        if op in ("BMC", "BDC"):
            properties = operands[1] if op == "BDC" and len(operands) > 1 else None
            mcid = properties.get("/MCID") if isinstance(properties, Dictionary) else None
            stack.append((str(operands[0]) == "/Artifact" if operands else False, isinstance(mcid, int)))
            if isinstance(mcid, int):
                if int(mcid) in mcids and "a span drawn twice" not in problems:
                    problems.append("a span drawn twice")
                mcids.add(int(mcid))
        elif op == "EMC":
            if stack:
                stack.pop()
        elif op in TEXT_SHOWING:
            if not any(artifact or tagged for artifact, tagged in stack):
                if "text outside its tags" not in problems:
                    problems.append("text outside its tags")
        elif op == "Do" and operands:
            drawn = xobjects.get(str(operands[0])) if isinstance(xobjects, Dictionary) else None
            if isinstance(drawn, pikepdf.Stream) and drawn.get("/Subtype") == Name.Form:
                if not any(artifact for artifact, _ in stack) and "a form not checked" not in problems:
                    problems.append("a form not checked")
    if stack and "marked content left open" not in problems:
        problems.append("marked content left open")
    return mcids


def _font_problems(pdf: Pdf) -> list[str]:
    """Return whether an outside file's pages use a font not embedded, or without Unicode map."""
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if isinstance(resources, Dictionary) else None
        if not isinstance(fonts, Dictionary):
            continue
        for key in fonts.keys():
            font = fonts[key]
            if not isinstance(font, Dictionary):
                continue
            descriptor = font.get("/FontDescriptor")
            descendants = font.get("/DescendantFonts")
            if descriptor is None and isinstance(descendants, Array) and len(descendants):
                descriptor = descendants[0].get("/FontDescriptor")
            embedded = isinstance(descriptor, Dictionary) and any(
                k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            if not embedded or "/ToUnicode" not in font:
                return ["a font not embedded with a map to Unicode"]
    return []


_WRAPPERS = ("Document", "Part")


def _described(element: Element, obj: Dictionary) -> None:
    """Give an element read from a file its description, language, replacement text and the
    attributes a packet keeps (a header cell's scope, a figure's box, a list's numbering)."""
    for key, field in (("/Alt", "alt"), ("/Lang", "lang"), ("/ActualText", "actual")):
        value = obj.get(key)
        if isinstance(value, String) and (key != "/Lang" or LANGUAGE.match(str(value))):
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
        # The parent tree's entries, by key: a page's array, or a link's element (arrays: a
        # packet has tens of thousands).
        self.keys, self.values = array("l"), array("l")
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
        for index, entry in tree.arrays():
            number = out.number()
            out.put(number, entry)
            self.keys.append(keys[index])
            self.values.append(number)
        for key, element in tree.linked:
            self.keys.append(key)
            self.values.append(element)
        return [top for top in tops if top is not None]

    def place(self, made: Template, placed: Callable[[int], tuple[int, int]]) -> list[int]:
        """Write a part's elements from their template; return the part's own elements' numbers.

        `placed(page)` gives a page of the part's document as (object number, key) in the file.
        """
        out = self.out
        numbers = out.reserve(made.count)
        out.put_lines(numbers, made.filled(numbers, self.document, lambda i: placed(i)[0]))
        for at, page in enumerate(made.pages):
            self.keys.append(placed(page)[1])
            self.values.append(numbers[made.elements + at])
        return [numbers[top] for top in made.tops]

    def finish(self, parts: Iterable[int], language: str) -> int:
        """Write the Document (its parts in reading order) and the tree's root; return the root."""
        out = self.out
        kids = [objects.ref(n) for n in parts]
        extra = objects.struct_extra(Element("Document", lang=language))
        out.put(self.document, objects.struct_element("Document", objects.ref(self.root), kids, None, extra))
        parent_tree = out.number()
        entries = sorted(zip(self.keys, self.values, strict=True))
        out.put(parent_tree, objects.number_tree((key, objects.ref(n)) for key, n in entries))
        out.put(self.root, objects.struct_root(self.document, objects.ref(parent_tree), self._keys))
        return self.root


def untagged_warning(name: str, problems: Sequence[str] = ()) -> str:
    """Return the warning for an outside PDF without tags (or with `problems` in them), which
    keeps a packet from PDF/UA."""
    if problems:
        return (
            f"{name} is tagged for screen readers, but not completely ({'; '.join(problems[:3])}): "
            "the packet is tagged, but as a whole does not meet PDF/UA"
        )
    return (
        f"{name} is not tagged for screen readers: the packet is tagged, but its pages from "
        f"{name} are not, so the packet as a whole does not meet PDF/UA"
    )
