"""Tags: what a screen reader reads, recorded while the pages are drawn.

A tagged PDF says what each piece of a page is: a heading, a paragraph, a list item, a table
cell, a figure with words that describe it. Every piece of text a page shows is wrapped in a
numbered span of the page's drawing (marked content), and the structure tree says which element
each span belongs to. What is only decoration (rules, shading, tick boxes, footers, page
numbers) is marked as an artifact, and a screen reader skips it.

Here the structure is recorded as plain data, `Element`s, as reportlab draws: the canvas
(`HeldPages`) numbers the spans, and the flowables below open and close elements around what
they draw. The PDF stage writes the tree (`generator.pdf.tagging`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reportlab.platypus import Flowable, Paragraph, Table

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


class TaggedParagraph(Paragraph):
    """A paragraph that is a heading, a paragraph or a list item, by its style's name.

    A paragraph split over two pages is one element: its second part goes on with the element
    its first part opened (`continues`, `opened`).
    """

    continues: TaggedParagraph | None = None  # the first part, for a part split off
    opened: Element | None = None  # the element the text went into, once drawn

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803 - reportlab's
        parts: list[Any] = super().split(availWidth, availHeight)
        if len(parts) == 2 and isinstance(parts[1], TaggedParagraph):
            parts[0].continues = self.continues  # a part split again goes on as this one did
            parts[1].continues = parts[0]
        return parts

    def draw(self) -> None:
        tags = tags_of(self.canv)
        if tags is None or tags.quiet:
            super().draw()
            return
        first = self.continues.opened if self.continues is not None else None
        if first is not None:
            tags.reopen(first)
            self.opened = first
            self.canv.unbroken = _cut_lines(self)
            try:
                super().draw()
            finally:
                tags.close(first)
            return
        self.canv.unbroken = _cut_lines(self)
        name = self.style.name.partition("@")[0]  # scaled styles are "body@0.9"
        level = HEADINGS.get(name)
        element: Element | None
        if level is not None:
            element = tags.heading(level)
        elif name.startswith(LIST_ITEMS):
            element = tags.item(str(self.bulletText or ""), name)
        elif tags.top.role in TEXT_HOLDERS:
            element = None  # a cell's or a list item's text is theirs
        else:
            element = tags.open("P")
        self.opened = tags.top  # the paragraph, heading or list item's body its text goes into
        try:
            super().draw()
        finally:
            if element is not None:
                tags.close(element)


_CUT_WORDS = ("_SplitWord", "_SplitWordH", "_SplitWordHY")  # a word's part before a cut


def _cut_lines(paragraph: Paragraph) -> frozenset[int]:
    """Return the lines (by number) of a laid-out paragraph that end inside a word: where
    reportlab cut a word too long for its line."""
    laid = getattr(paragraph, "blPara", None)
    lines = getattr(laid, "lines", None) or []
    if len(lines) < 2:
        return frozenset()
    if getattr(laid, "kind", 1) == 0:  # plain words: reportlab marks the part of a cut word
        return frozenset(n for n, line in enumerate(lines[:-1]) if type(line[1][-1]).__name__ in _CUT_WORDS)
    if all(getattr(line, "extraSpace", 0) > paragraph.style.fontSize for line in lines[:-1]):
        return frozenset()  # no line is full: none ends in a word cut to fit it
    plain = paragraph.getPlainText()
    cut, at = set(), 0
    for number, line in enumerate(lines[:-1]):
        words = line[1] if isinstance(line, tuple) else getattr(line, "words", [])
        shown = " ".join(words) if isinstance(line, tuple) else "".join(getattr(w, "text", "") for w in words)
        shown = shown.strip()
        found = plain.find(shown, at) if shown else -1
        if found < 0:
            continue
        at = found + len(shown)
        forced = getattr(line, "lineBreak", False)  # a <br/>: the words part there
        if not forced and at < len(plain) and not plain[at].isspace():
            cut.add(number)
    return frozenset(cut)


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


class TaggedTable(Table):
    """A table that is a data table, a box (a section with its heading) or layout only.

    `role` "Table": rows and cells, the first `repeatRows` rows header cells (and the first
    `row_headers` cells of each row, which name what the row is about); "TOC": each row a
    contents entry holding its link; "Sect": the table is one section; "": the cells' contents
    stand in the reading order as if there were no table. `shared` carries a long table's
    element on to the part of it on the next page, whose repeated header rows are furniture.
    """

    # reportlab's hook, called as rows and cells are drawn (internals.missing checks it is there)
    _renderCB: Callable[..., None] | None

    def __init__(
        self,
        *args: Any,
        role: str = "",
        shared: list[Element] | None = None,
        row_headers: int = 0,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.role, self.shared, self.row_headers = role, shared, row_headers

    def split(self, availWidth: float, availHeight: float) -> list[Any]:  # noqa: N803 - reportlab's
        # reportlab makes the parts with the class alone: they are told what the table is, and
        # share its element, so that a table over two pages is one table.
        parts: list[Any] = super().split(availWidth, availHeight)
        if self.role and len(parts) > 1:
            if self.shared is None:
                self.shared = []
            for part in parts:
                if isinstance(part, TaggedTable):
                    part.role, part.shared, part.row_headers = self.role, self.shared, self.row_headers
        return parts

    def draw(self) -> None:
        tags = tags_of(self.canv)
        if tags is None or tags.quiet or not self.role:
            super().draw()
            return
        continued = bool(self.shared)
        if continued:
            assert self.shared is not None
            element = self.shared[0]
            tags.reopen(element)
        else:
            element = tags.open(self.role)
            if self.shared is not None:
                self.shared.append(element)
        if self.role in ("Table", "TOC"):
            self._renderCB = self._cells(tags, continued)
        try:
            super().draw()
        finally:
            self._renderCB = None
            tags.close(element)

    def _links(self) -> list[Any]:
        return []

    def _cells(self, tags: Tags, continued: bool) -> Callable[..., None]:
        heads = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        links = self._links()
        first_link = len(getattr(self.canv, "links", ()))
        opened: list[Element | None] = []  # the rows open now (None: a repeated header row)
        cells: list[Element] = []

        def callback(table: Any, kind: str, *args: Any) -> None:
            if kind == "startRow":
                row = args[0]
                if row < heads and continued:
                    tags.quiet += 1  # the header row again on this page: furniture
                    opened.append(None)
                    return
                role = "TOCI" if self.role == "TOC" else "TR"
                opened.append(tags.open(role))
                if self.role == "TOC" and row < len(links) and links[row]:
                    index = first_link + sum(1 for link in links[:row] if link)
                    tags.open("Link").kids.append(index)
            elif kind == "endRow":
                row_element = opened.pop()
                if row_element is None:
                    tags.quiet -= 1
                else:
                    tags.close(row_element)
            elif kind == "startCell" and self.role == "Table" and opened and opened[-1] is not None:
                row, column = args[0], args[1]
                if row < heads:
                    cells.append(tags.open("TH", scope="Column"))
                elif column < self.row_headers:
                    cells.append(tags.open("TH", scope="Row"))  # the athlete a row is about
                else:
                    cells.append(tags.open("TD"))
            elif kind == "endCell" and cells:
                tags.close(cells.pop())

        return callback
