"""The structure tree as PDF objects (bytes), written from what the layout recorded.

Used wherever a file is written: a finished handout, report or guide (`finish.extract`), and
a packet as its pages stream past (`tagging.TreeWriter`). Writing bytes is several times
quicker than making the same objects one by one with pikepdf, and a batch writes thousands
of trees.

An athlete's tree is written twice, into their own file and into the packet, by different
processes and with different object numbers. So it is turned into bytes once, where the
handout is made, as a `Template` whose references are still names (`%(e12)s`: element 12,
`%(p3)s`: page 3 as laid out); each file then fills in its own numbers (`Template.place`),
one formatting step per object. The packet's process, which every athlete passes through,
does only that.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from generator.layout.tags import KEEP_EMPTY, Element
from generator.pdf import objects

TOP = b"%(top)s"  # in a template: the element the section's own elements hang from


_ELEMENTS: list[bytes] = []  # "%(e12)s", made once each: a batch writes millions
_PAGES: list[bytes] = []


def _element(index: int) -> bytes:
    while len(_ELEMENTS) <= index:
        _ELEMENTS.append(b"%%(e%d)s" % len(_ELEMENTS))
    return _ELEMENTS[index]


def _page(index: int) -> bytes:
    while len(_PAGES) <= index:
        _PAGES.append(b"%%(p%d)s" % len(_PAGES))
    return _PAGES[index]


class TreeOut:
    """Writes elements as objects, once each, as they are reached: a single pass, no copies.

    `reserve` gives the next object number, `ref` a reference to one, and `put` writes an
    object; `page(index)` gives a reference to a page of the document the elements were laid
    out in (None: that page is not in the file). `spans` gathers, per page index, which element
    holds each span: that page's entry of the parent tree. `link(index)` gives a link the layout
    noted as (its annotation's number, its page's number, its key), noted in `linked` as (key,
    element). In a template, a `%` the elements print (in a description) is doubled.
    """

    def __init__(
        self,
        reserve: Callable[[], int],
        put: Callable[[int, bytes], None],
        page: Callable[[int], bytes | None],
        ref: Callable[[int], bytes] = objects.ref,
        link: Callable[[int], tuple[int, int, int] | None] | None = None,
        template: bool = False,
    ) -> None:
        self.reserve, self.put, self.page, self.ref, self.link = reserve, put, page, ref, link
        self.template = template
        self.spans: dict[int, dict[int, int]] = {}
        self.linked: list[tuple[int, int]] = []

    def write(self, element: Element, parent: bytes) -> int | None:
        """Write `element` and all under it, under the element `parent` refers to; return its
        number (None: it holds nothing, and is left out)."""
        number = self.reserve()
        kids: list[bytes] = []
        own: bytes | None = None  # its first span's page
        first = -1
        ref, spans = self.ref, self.spans  # (a batch writes millions of elements: kept at hand)
        mine = ref(number)
        for kid in element.kids:
            if isinstance(kid, tuple):
                index, mcid = kid
                placed = self.page(index)
                if placed is None:
                    continue
                held = spans.get(index)
                if held is None:
                    held = spans[index] = {}
                held[mcid] = number
                if own is None:
                    own, first = placed, index
                kids.append(b"%d" % mcid if index == first else objects.marked_on(placed, mcid))
            elif isinstance(kid, Element):
                written = self.write(kid, mine)
                if written is not None:
                    kids.append(ref(written))
            elif self.link is not None:
                found = self.link(kid)
                if found is not None:
                    annotation, on, key = found
                    kids.append(objects.annotation_ref(annotation, on))
                    self.linked.append((key, number))
        if not kids and element.role not in KEEP_EMPTY:
            self.put(number, objects.NULL)  # its number was given out: a null, referred to by none
            return None
        extra = b""
        if element.described:
            extra = objects.struct_extra(element)
            if self.template:
                extra = extra.replace(b"%", b"%%")
        self.put(number, objects.struct_element(element.role, parent, kids, own, extra))
        return number

    def arrays(self) -> list[tuple[int, bytes]]:
        """Return each page's entry of the parent tree (page index, array), pages in order: for
        each span number, its element (or null)."""
        return [
            (
                page,
                objects.array_of(
                    self.ref(held[n]) if n in held else objects.NULL for n in range(max(held) + 1)
                ),
            )
            for page, held in sorted(self.spans.items())
        ]


@dataclass(slots=True)
class Template:
    """A section's structure tree as object bodies whose references are still to be filled in."""

    bodies: list[bytes] = field(default_factory=list)  # its elements, then its pages' arrays
    elements: int = 0  # how many of the bodies are elements
    tops: list[int] = field(default_factory=list)  # the elements that hang from the top
    pages: list[int] = field(default_factory=list)  # the pages (as laid out) of the arrays, in order

    def place(self, numbers: Sequence[int], top: int, page: Callable[[int], int]) -> list[bytes]:
        """Return the bodies with their references filled in: the objects are `numbers`, the
        top element is object `top`, and `page(index)` is the object of a page as laid out."""
        names: dict[bytes, bytes] = {b"top": objects.ref(top)}
        names.update(zip(_names(len(numbers)), map(objects.ref, numbers), strict=False))
        for index in self.pages:
            names[b"p%d" % index] = objects.ref(page(index))
        return [body % names for body in self.bodies]


_NAMES: list[bytes] = []  # element names, made once (a handout has ~150, a long report thousands)


def _names(count: int) -> list[bytes]:
    if len(_NAMES) < count:
        _NAMES.extend(b"e%d" % i for i in range(len(_NAMES), count))
    return _NAMES[:count] if count < len(_NAMES) else _NAMES


def template(parts: Sequence[Element]) -> Template:
    """Return the structure of `parts` as a template (see the module's notes)."""
    made = Template()
    bodies: dict[int, bytes] = {}
    counter = itertools.count()
    out = TreeOut(counter.__next__, bodies.__setitem__, _page, _element, template=True)
    for part in parts:
        top = out.write(part, TOP)
        if top is not None:
            made.tops.append(top)
    made.elements = len(bodies)
    made.bodies = [bodies[n] for n in range(made.elements)]
    for page, array in out.arrays():
        made.pages.append(page)
        made.bodies.append(array)
    return made
