"""The handout's own flowables: section marks, rules, side bars, checklists, paged tables, scale bars."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect
from reportlab.lib import colors
from reportlab.platypus import (
    Flowable,
    Paragraph,
    Table,
    TableStyle,
)

from generator.layout import internals, scripts
from generator.layout.fonts import FAMILY
from generator.layout.internals import TaggedTable
from generator.layout.tags import Element, tags_of


class SectionStart(Flowable):
    """Marks where a section begins: its pages get that section's footer and bookmarks."""

    def __init__(self, index: int) -> None:
        super().__init__()
        self.index = index
        self.width = self.height = 0

    def draw(self) -> None:
        self.canv.section = self.index
        tags = tags_of(self.canv)
        if tags is not None:
            tags.part()


def grid(
    rows: list[list[Any]],
    widths: list[float],
    commands: list[tuple[Any, ...]],
    links: Sequence[str | None] | None = None,
    role: str = "",
    shared: list[Element] | None = None,
    row_headers: int = 0,
    rtl: bool = False,
) -> Table:
    """Return a table in the handout font (tables otherwise set an unembedded base font).

    `links`, one per row (None: no link), make each row a link to that address. `role` is what
    the table is to a screen reader (see `TaggedTable`); none: it only lays its cells out.
    With `rtl` (a page in Arabic), rows, widths and commands are given as for a page read left
    to right, and the table is drawn mirrored: the first column on the right; a screen reader
    still reads the cells first to last.
    """
    if rtl:  # (text in a cell starts at its right edge unless a command says otherwise)
        rows, widths, commands = _mirrored(rows, widths, [("ALIGN", (0, 0), (-1, -1), "LEFT"), *commands])
    table: Table
    if links is None:
        table = TaggedTable(
            rows, colWidths=widths, role=role, shared=shared, row_headers=row_headers, rtl=rtl
        )
    else:
        table = internals.LinkedTable(rows, widths, links, shared)
        table.rtl = rtl
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), FAMILY), *commands]))
    return table


_SIDES = {"LEFTPADDING": "RIGHTPADDING", "RIGHTPADDING": "LEFTPADDING", "LINEBEFORE": "LINEAFTER"}
_SIDES.update({v: k for k, v in _SIDES.items()})
_ALIGNED = {"LEFT": "RIGHT", "RIGHT": "LEFT"}


def _mirrored(
    rows: list[list[Any]], widths: list[float], commands: list[Command]
) -> tuple[list[list[Any]], list[float], list[Command]]:
    """Return a table's rows, column widths and style commands for it drawn mirrored."""
    count = len(widths)

    def column(c: int) -> int:
        return count - 1 - (c if c >= 0 else count + c)

    mirrored = [list(reversed(row)) for row in rows]
    out: list[Command] = []
    for name, start, end, *rest in commands:
        first, last = column(end[0]), column(start[0])
        if name in ("ALIGN", "ALIGNMENT") and rest and rest[0] in _ALIGNED:
            rest = [_ALIGNED[rest[0]], *rest[1:]]
        out.append((_SIDES.get(name, name), (first, start[1]), (last, end[1]), *rest))
        if name == "SPAN":  # a spanned cell shows what its first cell holds: now its leftmost
            top, bottom = start[1] % len(rows), end[1] % len(rows)
            for row in mirrored[top : bottom + 1]:
                row[first], row[last] = row[last], row[first]
    return mirrored, list(reversed(widths)), out


Command = tuple[Any, ...]


@dataclass(frozen=True)
class Grid:
    """How a paged table looks: column widths, cell padding, line height and its style."""

    widths: list[float]
    style: list[Command]
    padding: tuple[float, float, float, float]  # top, bottom, left, right
    leading: float  # of plain-text cells
    stripes: list[Any] | None = None  # row backgrounds, alternating down the whole table
    last: list[Command] = field(default_factory=list)  # style of the table's last row
    link: Callable[[Any], str] | None = None  # each row's link address, if its rows are links
    row_headers: int = 0  # leading cells of each row that say what the row is about (a name)
    rtl: bool = False  # drawn mirrored, its first column on the right (a page in Arabic)


KEPT_ROWS = 3  # a heading above a long table goes to the next page unless this many rows fit under it


class PagedTable(Flowable):
    """A long table laid out a page at a time, with its header row on top of every page.

    reportlab keeps every cell of a Table, and a style object for each, from the moment the
    table is made: the coach's report and the contents of a 10,000-athlete packet held more
    than 100 MB that way. This keeps its rows as data, and makes a Table only of the rows that
    fit where it is placed. `make` turns a row into its cells and their own style commands (row
    0 meaning that row).
    """

    def __init__(
        self,
        rows: Sequence[Any],
        make: Callable[[Any], tuple[list[Any], list[Command]]],
        look: Grid,
        head: list[Any] | None = None,
        start: int = 0,
        shared: list[Element] | None = None,
    ) -> None:
        super().__init__()
        self.rows, self.make, self.look, self.head, self.start = rows, make, look, head, start
        # The table's element in the structure tree, once its first page has drawn it.
        self.shared: list[Element] = [] if shared is None else shared
        self._fits: dict[tuple[float, float], int] = {}
        self._whole: Table | None = None

    def _table(self, count: int) -> Table:
        look, top = self.look, 1 if self.head is not None else 0
        rows: list[list[Any]] = [self.head] if self.head is not None else []
        commands = list(look.style)
        if look.stripes:
            turn = self.start % len(look.stripes)
            commands.append(("ROWBACKGROUNDS", (0, top), (-1, -1), look.stripes[turn:] + look.stripes[:turn]))
        for index in range(count):
            cells, own = self.make(self.rows[self.start + index])
            rows.append(cells)
            at = top + index
            commands += [(name, (a[0], a[1] + at), (b[0], b[1] + at), *rest) for name, a, b, *rest in own]
        if self.start + count == len(self.rows):
            commands += look.last
        links = None
        if look.link is not None:
            links = [None] * top + [look.link(self.rows[self.start + i]) for i in range(count)]
        table = grid(rows, look.widths, commands, links, "Table", self.shared, look.row_headers, look.rtl)
        table.repeatRows = top
        return table

    def _height(self, cells: list[Any]) -> float:
        look = self.look
        top, bottom, left, right = look.padding
        tallest = 0.0
        for cell, width in zip(cells, look.widths, strict=True):
            if isinstance(cell, Flowable):
                tallest = max(tallest, cell.wrap(width - left - right, 1e6)[1])
            else:
                tallest = max(tallest, look.leading * (str(cell).count("\n") + 1))
        return tallest + top + bottom

    def _fitting(self, aw: float, ah: float) -> int:
        """Return how many of the remaining rows fit in height `ah`, checked by reportlab itself."""
        key = (aw, ah)
        if key not in self._fits:
            used = self._height(self.head) if self.head is not None else 0.0
            count = 0
            while self.start + count < len(self.rows):
                used += self._height(self.make(self.rows[self.start + count])[0])
                if used > ah:
                    break
                count += 1
            while count > 0 and self._table(count).wrap(aw, ah)[1] > ah:
                count -= 1
            self._fits[key] = count
        return self._fits[key]

    def kept_height(self, aw: float) -> float:
        """Return the height of the header and the first few rows: what a heading is kept with.

        Measuring the whole table there would lay out every row at once (a follow-up list of
        4,000 athletes held 20 MB that way), and would send the heading to a new page whenever
        the whole table did not fit below it.
        """
        count = min(KEPT_ROWS, len(self.rows) - self.start)
        if count == 0 and self.head is None:
            return 0.0
        return float(self._table(count).wrap(aw, 0xFFFFFFF)[1])

    def wrap(self, aW: float, aH: float) -> tuple[float, float]:  # noqa: N803 - reportlab's names
        left = len(self.rows) - self.start
        if left == 0 and self.head is None:
            self._whole = None
            return 0, 0  # nothing to show
        if self._fitting(aW, aH) >= left:
            self._whole = self._table(left)
            width, height = self._whole.wrap(aW, aH)
            return width, height
        self._whole = None
        return aW, aH + 1  # more rows than fit here: reportlab asks for a split

    def split(self, aW: float, aH: float) -> list[Flowable]:  # noqa: N803
        count = self._fitting(aW, aH)
        if count == 0:
            return []  # not one row fits: the table starts on the next page
        rest = PagedTable(self.rows, self.make, self.look, self.head, self.start + count, self.shared)
        rest.spaceAfter = self.getSpaceAfter()
        return [self._table(count), rest]

    def draw(self) -> None:
        if self._whole is not None:
            self._whole.drawOn(self.canv, 0, 0)


class Rule(Flowable):
    """A thin horizontal line under a topic heading."""

    def __init__(self, width: float, color: colors.Color) -> None:
        super().__init__()
        self.width, self.color = width, color
        self.height = 6
        self.keepWithNext = 1

    def draw(self) -> None:
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(1.2)
        self.canv.line(0, 4, self.width, 4)


class Barred(Flowable):
    """A paragraph with a bar down its left side and, optionally, a shaded background.

    Drawn directly rather than as a one-cell table: tables cost several times as much to lay out.
    """

    PAD_LEFT, PAD_TOP, PAD_BOTTOM, BAR = 9.0, 4.0, 3.0, 3.0

    def __init__(
        self,
        para: Paragraph,
        bar: colors.Color,
        background: colors.Color | None,
        space: float,
        rtl: bool = False,
    ) -> None:
        super().__init__()
        self.para, self.bar, self.background = para, bar, background
        self.spaceAfter = space
        self.box_width = 0.0
        self.rtl = rtl  # Arabic: the bar down the right side

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.box_width = available_width
        _, height = self.para.wrap(available_width - self.PAD_LEFT - self.PAD_LEFT / 3, available_height)
        self.width, self.height = available_width, height + self.PAD_TOP + self.PAD_BOTTOM
        return self.width, self.height

    def split(self, available_width: float, available_height: float) -> list[Flowable]:
        inner = available_height - self.PAD_TOP - self.PAD_BOTTOM
        parts = self.para.split(available_width - self.PAD_LEFT - self.PAD_LEFT / 3, inner)
        return [Barred(p, self.bar, self.background, self.spaceAfter, self.rtl) for p in parts]

    def draw(self) -> None:
        canvas = self.canv
        if self.background is not None:
            canvas.setFillColor(self.background)
            canvas.rect(0, 0, self.box_width, self.height, stroke=0, fill=1)
        canvas.setStrokeColor(self.bar)
        canvas.setLineWidth(self.BAR)
        if self.rtl:
            canvas.line(self.box_width - self.BAR / 2, 0, self.box_width - self.BAR / 2, self.height)
            self.para.drawOn(canvas, self.PAD_LEFT / 3, self.PAD_BOTTOM)
            return
        canvas.line(self.BAR / 2, 0, self.BAR / 2, self.height)
        self.para.drawOn(canvas, self.PAD_LEFT, self.PAD_BOTTOM)


class Ticked(Flowable):
    """One checklist line: an empty square to tick with a pen, then the text.

    The square is as tall as a capital letter and a bit, and sits on the first line of text.
    """

    INDENT = 20.0

    def __init__(self, para: Paragraph, ink: colors.Color, rtl: bool = False) -> None:
        super().__init__()
        self.para, self.ink = para, ink
        self.rtl = rtl  # Arabic: the square on the right, the text to its left
        self.size = float(para.style.fontSize)
        # The lines stand in a table's columns, where spaces add up rather than merge.
        self.spaceBefore, self.spaceAfter = 0.0, 1.5

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        _, height = self.para.wrap(available_width - self.INDENT, available_height)
        self.width, self.height = available_width, height
        return self.width, self.height

    def draw(self) -> None:
        canvas = self.canv
        canvas.setStrokeColor(self.ink)
        canvas.setLineWidth(0.9)
        baseline = self.height - self.size  # reportlab sets the first line one size below the top
        side = 0.95 * self.size
        left = self.width - side if self.rtl else 0
        canvas.rect(left, baseline - 0.2 * self.size, side, side, stroke=1, fill=0)
        tags = tags_of(canvas)
        item = tags.item("", "ticked") if tags is not None and not tags.quiet else None
        self.para.drawOn(canvas, 0 if self.rtl else self.INDENT, 0)
        if tags is not None and item is not None:
            tags.close(item)


@dataclass(frozen=True)
class Segment:
    lo: float
    hi: float
    label: str
    color: colors.Color


def scale_bar(
    width: float,
    segments: Sequence[Segment],
    marker: float,
    marker_label: str,
    ticks: Sequence[tuple[float, str]],
    ink: colors.Color,
    family: str = FAMILY,
    rtl: bool = False,
) -> Drawing:
    """Return a horizontal bar split into labelled segments, with a marker at one value; with
    `rtl` (Arabic), the scale runs from right to left, as the page is read."""
    height, bar_y, bar_h = 58, 16, 18
    lo, hi = segments[0].lo, segments[-1].hi
    drawing = Drawing(width, height)

    def x(value: float) -> float:
        at = (min(max(value, lo), hi) - lo) / (hi - lo) * width
        return width - at if rtl else at

    for seg in segments:
        drawing.add(
            Rect(
                min(x(seg.lo), x(seg.hi)),
                bar_y,
                abs(x(seg.hi) - x(seg.lo)),
                bar_h,
                fillColor=seg.color,
                strokeColor=colors.white,
                strokeWidth=1,
            )
        )
        middle = (x(seg.lo) + x(seg.hi)) / 2
        for part in scripts.strings(
            middle, bar_y + 5.5, seg.label, family + "-Bold", 8, "middle", rtl, fillColor=ink
        ):
            drawing.add(part)
    for value, label in ticks:
        drawing.add(Line(x(value), bar_y - 2, x(value), bar_y, strokeColor=ink, strokeWidth=0.6))
        for part in scripts.strings(x(value), bar_y - 11, label, family, 7.5, "middle", rtl, fillColor=ink):
            drawing.add(part)
    mx = x(marker)
    top = bar_y + bar_h
    drawing.add(Polygon([mx - 6, top + 9, mx + 6, top + 9, mx, top + 1], fillColor=ink, strokeColor=ink))
    anchor = "start" if mx < 40 else "end" if mx > width - 40 else "middle"
    for part in scripts.strings(mx, top + 12, marker_label, family + "-Bold", 9, anchor, rtl, fillColor=ink):
        drawing.add(part)
    return drawing


class Anchor(Flowable):
    """An empty mark where a fixed page starts: its name is that page's bookmark."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.width = self.height = 0
        self.outline_level = 0
        self.outline_text = name

    def draw(self) -> None:
        pass
