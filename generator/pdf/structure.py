"""The structure tree as PDF objects (bytes), written from what the layout recorded.

Used wherever a file is written: a finished handout, report or guide (`finish.extract`), and
a packet as its pages stream past (`tagging.TreeWriter`). Writing bytes is several times
quicker than making the same objects one by one with pikepdf, and a batch writes thousands
of trees.

An athlete's tree is written twice, into their own file and into the packet, by different
processes and with different object numbers. So it is turned into bytes once, where the
handout is made, as a `Template`: the objects' bodies one to a line, each reference still a
`%s` with a note of what it stands for (an element, the part's parent, a page as laid out).
Each file then fills in its own numbers in one formatting step (`Template.filled`) and writes
the lines as they are into object streams of their own (`stream.Writer.put_lines`). The
packet's process, which every athlete passes through, does only that.
"""

from __future__ import annotations

import operator
from array import array
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from generator.layout.tags import KEEP_EMPTY, Element
from generator.pdf import objects

SLOT = b"%s"  # in a template: a reference still to be filled in
_NONE = array("i", [-1])


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
    ) -> None:
        self.reserve, self.put, self.page, self.ref, self.link = reserve, put, page, ref, link
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
        extra = objects.struct_extra(element) if element.described else b""
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
    """A section's structure tree as object bodies whose references are still to be filled in.

    `text` is the bodies (its elements, then its pages' arrays) one to a line, each reference a
    `%s`; `slots` says which value each takes, in order: 0 is the top element, 1 to `elements`
    the elements, and -1 - k the page `referred[k]` (as laid out).
    """

    text: bytes = b""
    slots: array[int] = field(default_factory=lambda: array("i"))
    count: int = 0  # how many bodies
    elements: int = 0  # how many of the bodies are elements
    tops: list[int] = field(default_factory=list)  # the elements that hang from the top
    pages: list[int] = field(default_factory=list)  # the pages (as laid out) of the arrays, in order
    referred: list[int] = field(default_factory=list)  # the pages (as laid out) the bodies refer to

    def filled(self, numbers: Sequence[int], top: int, page: Callable[[int], int]) -> bytes:
        """Return `text` with its references filled in: the objects are `numbers`, the top element
        is object `top`, and `page(index)` is the object of a page as laid out."""
        values = [objects.ref(top), *map(objects.ref, numbers[: self.elements])]
        values += [objects.ref(page(index)) for index in reversed(self.referred)]  # -1 last
        if not self.slots:
            return self.text % ()
        if len(self.slots) == 1:
            return self.text % (values[self.slots[0]],)
        chosen: tuple[bytes, ...] = operator.itemgetter(*self.slots)(values)
        return self.text % chosen


class _TemplateOut:
    """Writes elements as a template's bodies (see `template`), once each, in one pass.

    Elements are numbered as they are finished, children before their parent, so each body
    is added to `text` as soon as it is made and nothing waits to be put in order. A body's
    references are `%s`, its slots noted in `flat`: the top element is 0, element n is n + 1,
    and a page is -1 - k, k in the order pages were first met (from the end of the values
    `Template.filled` makes). A child's parent slot is filled in when the parent is finished.
    Slots are machine integers: a 10,000-athlete report has some 300,000.
    """

    def __init__(self) -> None:
        self.text = bytearray()
        self.count = 0
        self.flat = array("i")
        self.at = array("I")  # by element: where its slots begin in `flat` (its parent's first)
        self.pages: dict[int, int] = {}  # page index as laid out -> its slot (below 0)
        self.spans: dict[int, array[int]] = {}  # page index -> each span's element (-1: none)

    def write(self, element: Element) -> int | None:
        """Write `element` and all under it; return its number (None: it holds nothing, and is
        left out)."""
        kids: list[bytes] = []
        kid_slots: list[int] = []
        written: list[int] = []
        marks: list[tuple[int, int]] = []
        first, own = -1, 0
        pages = self.pages
        for kid in element.kids:
            if type(kid) is tuple:
                index, mcid = kid
                page = pages.get(index)
                if page is None:
                    page = pages[index] = -1 - len(pages)
                marks.append(kid)
                if first == -1:
                    first, own = index, page
                if index == first:
                    kids.append(b"%d" % mcid)
                else:
                    kids.append(objects.marked_on(SLOT, mcid))
                    kid_slots.append(page)
            elif isinstance(kid, Element):
                number = self.write(kid)
                if number is not None:
                    kids.append(SLOT)
                    kid_slots.append(number + 1)
                    written.append(number)
            # (a link, noted by index, only exists on a contents page: never in a template)
        if not kids and element.role not in KEEP_EMPTY:
            return None
        if "%" in element.role:
            raise AssertionError(f"a structure role with a %: {element.role!r}")
        number = self.count
        self.count += 1
        flat, at = self.flat, self.at
        for kid in written:
            flat[at[kid]] = number + 1
        for index, mcid in marks:
            held = self.spans.get(index)
            if held is None:
                held = self.spans[index] = array("i")
            if mcid >= len(held):
                held.extend(_NONE * (mcid + 1 - len(held)))
            held[mcid] = number
        extra = objects.struct_extra(element).replace(b"%", b"%%") if element.described else b""
        self._add(objects.struct_element(element.role, SLOT, kids, SLOT if first != -1 else None, extra))
        at.append(len(flat))
        flat.append(0)  # its parent: the top, unless a parent fills itself in here
        if first != -1:
            flat.append(own)
        flat.extend(kid_slots)
        return number

    def _add(self, body: bytes) -> None:
        if self.text:
            self.text += b"\n"
        self.text += body

    def parent_array(self, held: array[int]) -> None:
        """Write a page's entry of the parent tree: the element of each of its spans, in order."""
        self.count += 1
        self._add(objects.array_of(SLOT if n >= 0 else objects.NULL for n in held))
        self.flat.extend([n + 1 for n in held if n >= 0])


def template(parts: Sequence[Element]) -> Template:
    """Return the structure of `parts` as a template (see the module's notes)."""
    made = Template()
    out = _TemplateOut()
    for part in parts:
        top = out.write(part)
        if top is not None:
            made.tops.append(top)
    made.elements = out.count
    for page, held in sorted(out.spans.items()):
        made.pages.append(page)
        out.parent_array(held)
    made.count = out.count
    made.text = bytes(out.text)
    del out.text[:]
    if made.count and made.text.count(b"\n") != made.count - 1:  # strings and names escape line ends
        raise AssertionError("a structure element's body holds a line end")
    made.referred = sorted(out.pages, key=out.pages.__getitem__, reverse=True)  # -1, -2, ...
    made.slots = out.flat
    return made
