"""Tags: what a screen reader reads, recorded while the pages are drawn.

A tagged PDF says what each piece of a page is: a heading, a paragraph, a list item, a table
cell, a figure with words that describe it. Every piece of text a page shows is wrapped in a
numbered span of the page's drawing (marked content), and the structure tree says which element
each span belongs to. What is only decoration (rules, shading, tick boxes, footers, page
numbers) is marked as an artifact, and a screen reader skips it.

Here the structure is recorded as plain data, `Element`s, as reportlab draws: the canvas
(`HeldPages`) numbers the spans, and flowables open and close elements around what they draw:
those below, and the tagged paragraphs and tables in `internals.py` (they lean on reportlab's
own hooks). The PDF stage writes the tree (`generator.pdf.tagging`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable

# A marked span: (page index in the rendered document, its number on that page).
Marked = tuple[int, int]

# Paragraph styles that are headings, and their level; the rest are paragraphs.
HEADINGS = {"title": 1, "h1": 1, "h2": 2, "h3": 3, "box_title": 2}
# Paragraph styles of list items (their bullet or number is the item's label).
LIST_ITEMS = ("bullet", "step", "listed")
# Elements whose text goes straight into them, not into a paragraph of its own.
TEXT_HOLDERS = frozenset({"TD", "TH", "LBody", "Link", "Lbl"})
# Elements that only hold other elements: text met there gets a paragraph.
GROUPS = frozenset({"Document", "Part", "Sect", "L", "LI", "Table", "TR", "TOC", "TOCI"})


@dataclass(slots=True, eq=False)
class Element:
    """One element of the structure tree: its role, and what it holds in reading order.

    Kids are elements, marked spans (page, number), or links (an index into the links the
    canvas noted: `HeldPages.links`).
    """

    role: str
    kids: list[Element | Marked | int] = field(default_factory=list)
    alt: str = ""  # a figure's description
    lang: str = ""  # where it differs from the document's
    scope: str = ""  # a header cell's: Column or Row
    numbering: str = ""  # a list's: Decimal (numbered steps), Disc (bullets) or None (tick boxes)
    actual: str = ""  # the text it stands for (read from an outside file that gives one)

    @property
    def described(self) -> bool:
        """Return whether it holds more than its role: a description, language or attributes."""
        return bool(self.alt or self.lang or self.scope or self.bbox or self.numbering or self.actual)

    bbox: tuple[float, float, float, float] | None = None  # a figure's place on its page


KEEP_EMPTY = frozenset({"TD", "TH", "TR"})  # a table keeps its shape even where a cell is empty


class Tags:
    """Builds the structure tree while pages are drawn: a stack of open elements."""

    def __init__(self) -> None:
        self.root = Element("Document")
        self.parts: list[Element] = []  # one per section of the document
        self._stack: list[Element] = [self.root]
        self._auto: dict[int, str] = {}  # lists opened by their first item: id -> kind of item
        self._pending: list[Element] = []  # a list item's label, then its body
        self._headings: list[tuple[int, int]] = []  # headings open in this part: (as written, as tagged)
        self.quiet = 0  # above 0: text drawn now is part of a figure or an artifact

    @property
    def top(self) -> Element:
        """Return the innermost element open now."""
        return self._stack[-1]

    def part(self) -> None:
        """Start the next section of the document (an athlete's handout, the guide, the report)."""
        del self._stack[1:]
        self._auto.clear()
        self._pending = []
        self._headings = []
        element = Element("Part")
        self.root.kids.append(element)
        self.parts.append(element)
        self._stack.append(element)

    def open(self, role: str, kind: str = "", numbering: str = "", **attributes: Any) -> Element:
        """Open an element inside the one open now. List items gather into a list of their own,
        a new one where the `kind` of item changes (numbered steps, then bullets)."""
        stack = self._stack
        if role == "LI":
            if id(stack[-1]) in self._auto and self._auto[id(stack[-1])] != kind:
                self._auto.pop(id(self._stack.pop()))
            if stack[-1].role != "L":
                self._auto[id(self._push(Element("L", numbering=numbering)))] = kind
        else:
            while id(stack[-1]) in self._auto:
                self._auto.pop(id(self._stack.pop()))
        return self._push(Element(role, **attributes))

    def end_lists(self) -> None:
        """Close the lists that items opened: what comes next is not in them (a table's next cell)."""
        while id(self._stack[-1]) in self._auto:
            self._auto.pop(id(self._stack.pop()))

    def _push(self, element: Element) -> Element:
        self._stack[-1].kids.append(element)
        self._stack.append(element)
        return element

    def reopen(self, element: Element) -> None:
        """Go on with an element begun on an earlier page (a long table)."""
        self._stack.append(element)

    def close(self, element: Element) -> None:
        """Close `element` and anything still open inside it."""
        if element not in self._stack:  # (elements compare as themselves: no two are equal)
            return
        while True:
            done = self._stack.pop()
            self._auto.pop(id(done), None)
            if done is element:
                break
        self._pending = []

    def heading(self, level: int) -> Element:
        """Open a heading one level under the nearest heading before it written at a higher
        level: levels never skip ("###" straight under "#" is H2), and headings written at the
        same level are tagged at the same level."""
        while self._headings and self._headings[-1][0] >= level:
            self._headings.pop()
        tagged = self._headings[-1][1] + 1 if self._headings else 1
        self._headings.append((level, tagged))
        return self.open(f"H{min(tagged, 6)}")

    def item(self, label: str, kind: str = "") -> Element:
        """Open a list item of a `kind` (its style); with a `label` (a bullet or a number), its
        first text is that label."""
        numbering = "None" if not label else "Decimal" if label[:1].isdigit() else "Disc"
        item = self.open("LI", kind, numbering)
        body = Element("LBody")
        if label:
            mark = Element("Lbl")
            item.kids += [mark, body]
            self._pending = [mark, body]
        else:
            item.kids.append(body)
            self._pending = [body]
        self._stack.append(body)
        return item

    def target(self) -> Element:
        """Return the element the next text drawn belongs to."""
        if len(self._pending) > 1:
            return self._pending.pop(0)
        if self._pending:
            return self._pending[0]
        top = self._stack[-1]
        return self._push_text() if top.role in GROUPS else top

    def _push_text(self) -> Element:
        element = Element("P")
        if self.top.role == "L":  # text drawn straight into a list: its own item
            self.top.kids.append(Element("LI", [Element("LBody", [element])]))
        else:
            self.top.kids.append(element)
        return element


def tags_of(canvas: Any) -> Tags | None:
    """Return the tags a canvas records, or None when it draws an untagged document."""
    tags: Tags | None = getattr(canvas, "tags", None)
    return tags


class Language(Flowable):
    """Says which language the section it opens is in (a Spanish handout in an English packet)."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.width = self.height = 0

    def draw(self) -> None:
        tags = tags_of(self.canv)
        if tags is not None and tags.parts:
            tags.parts[-1].lang = self.language


class Quiet(Flowable):
    """Draws a flowable as page furniture, not content (a blank page's note)."""

    def __init__(self, inner: Flowable) -> None:
        super().__init__()
        self.inner = inner

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        self.width, self.height = self.inner.wrapOn(self.canv, aW, aH)
        return self.width, self.height

    def draw(self) -> None:
        tags = tags_of(self.canv)
        if tags is not None:
            tags.quiet += 1
        try:
            self.inner.drawOn(self.canv, 0, 0)
        finally:
            if tags is not None:
                tags.quiet -= 1


class Figure(Flowable):
    """A chart: one figure for a screen reader, with words that say what it shows."""

    def __init__(self, drawing: Flowable, alt: str) -> None:
        super().__init__()
        self.drawing, self.alt = drawing, alt
        self.width, self.height = drawing.width, drawing.height

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        self.width, self.height = self.drawing.wrapOn(self.canv, aW, aH)
        return self.width, self.height

    def draw(self) -> None:
        begin = getattr(self.canv, "begin_figure", None)
        if begin is None or tags_of(self.canv) is None:
            self.drawing.drawOn(self.canv, 0, 0)
            return
        begin(self.alt, self.width, self.height)
        try:
            self.drawing.drawOn(self.canv, 0, 0)
        finally:
            self.canv.end_figure()
