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
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from generator.layout.tags import KEEP_EMPTY, Element
from generator.pdf import objects

SLOT = b"%s"  # in a template: a reference still to be filled in


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
    the elements, and after them the pages in `referred` (as laid out).
    """

    text: bytes = b""
    slots: tuple[int, ...] = ()
    count: int = 0  # how many bodies
    elements: int = 0  # how many of the bodies are elements
    tops: list[int] = field(default_factory=list)  # the elements that hang from the top
    pages: list[int] = field(default_factory=list)  # the pages (as laid out) of the arrays, in order
    referred: list[int] = field(default_factory=list)  # the pages (as laid out) the bodies refer to

    def filled(self, numbers: Sequence[int], top: int, page: Callable[[int], int]) -> bytes:
        """Return `text` with its references filled in: the objects are `numbers`, the top element
        is object `top`, and `page(index)` is the object of a page as laid out."""
        values = [objects.ref(top), *map(objects.ref, numbers[: self.elements])]
        values += [objects.ref(page(index)) for index in self.referred]
        if not self.slots:
            return self.text % ()
        if len(self.slots) == 1:
            return self.text % (values[self.slots[0]],)
        chosen: tuple[bytes, ...] = operator.itemgetter(*self.slots)(values)
        return self.text % chosen


class _TemplateOut:
    """Writes elements as a template's bodies (see `template`), once each, in one pass.

    Each body's references are `%s`; its slots are noted beside it: the top element is 0, an
    element numbered n (from 0, in the order reached) is n + 1, and a page is noted as -1 - k,
    k in the order pages were first met (made into their final slots at the end, when the
    number of elements is known).
    """

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.slots: list[list[int]] = []
        self.pages: dict[int, int] = {}  # page index as laid out -> its slot (below 0)
        self.spans: dict[int, dict[int, int]] = {}

    def write(self, element: Element, parent: int) -> int | None:
        """Write `element` and all under it, under the element in slot `parent`; return its
        number (None: it holds nothing, and is left out)."""
        number = len(self.bodies)
        self.bodies.append(objects.NULL)  # its place: a null unless it holds something
        self.slots.append([])
        kids: list[bytes] = []
        slots = [parent]
        kid_slots: list[int] = []
        first = -1
        pages, spans = self.pages, self.spans
        for kid in element.kids:
            if type(kid) is tuple:
                index, mcid = kid
                page = pages.get(index)
                if page is None:
                    page = pages[index] = -1 - len(pages)
                held = spans.get(index)
                if held is None:
                    held = spans[index] = {}
                held[mcid] = number
                if first == -1:
                    first = index
                    slots.append(page)
                if index == first:
                    kids.append(b"%d" % mcid)
                else:
                    kids.append(objects.marked_on(SLOT, mcid))
                    kid_slots.append(page)
            elif isinstance(kid, Element):
                written = self.write(kid, number + 1)
                if written is not None:
                    kids.append(SLOT)
                    kid_slots.append(written + 1)
            # (a link, noted by index, only exists on a contents page: never in a template)
        if not kids and element.role not in KEEP_EMPTY:
            return None
        if "%" in element.role:
            raise AssertionError(f"a structure role with a %: {element.role!r}")
        extra = objects.struct_extra(element).replace(b"%", b"%%") if element.described else b""
        own = SLOT if first != -1 else None
        self.bodies[number] = objects.struct_element(element.role, SLOT, kids, own, extra)
        slots += kid_slots
        self.slots[number] = slots
        return number


def template(parts: Sequence[Element]) -> Template:
    """Return the structure of `parts` as a template (see the module's notes)."""
    made = Template()
    out = _TemplateOut()
    for part in parts:
        top = out.write(part, 0)
        if top is not None:
            made.tops.append(top)
    made.elements = elements = len(out.bodies)
    lines, slots = out.bodies, out.slots
    for page, held in sorted(out.spans.items()):
        made.pages.append(page)
        lines.append(objects.array_of(SLOT if n in held else objects.NULL for n in range(max(held) + 1)))
        slots.append([held[n] + 1 for n in range(max(held) + 1) if n in held])
    made.count = len(lines)
    made.text = b"\n".join(lines)
    if made.text.count(b"\n") != len(lines) - 1:  # PDF strings and names here escape line ends
        raise AssertionError("a structure element's body holds a line end")
    made.referred = sorted(out.pages, key=out.pages.__getitem__, reverse=True)  # -1, -2, ...
    made.slots = tuple(
        slot if slot >= 0 else elements - slot for body in slots for slot in body
    )  # page -1 - k goes to elements + 1 + k
    return made
