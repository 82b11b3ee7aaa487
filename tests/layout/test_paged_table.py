"""A long table laid out a page at a time breaks where one whole reportlab Table breaks."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from generator.layout.flowables import Command, Grid, PagedTable
from generator.layout.fonts import FAMILY, register_fonts
from generator.layout.internals import KeepWithNext
from generator.layout.theme import load_layout


def _pages(story: list[Flowable]) -> list[str]:
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return [page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages]


def _look() -> Grid:
    return Grid(
        widths=[300.0, 150.0],
        style=[("FONTSIZE", (0, 0), (-1, -1), 9), ("LEADING", (0, 0), (-1, -1), 11)],
        padding=(3, 3, 6, 6),
        leading=11,
        stripes=["#ffffff", "#eeeeee"],
        last=[("LINEBELOW", (0, -1), (-1, -1), 1, "#000000")],
    )


def _make(style: ParagraphStyle) -> Any:
    def make(row: int) -> tuple[list[Any], list[Command]]:
        # Every seventh row wraps onto several lines, so rows differ in height.
        long = " ".join(["long words that wrap"] * 6) if row % 7 == 0 else ""
        second: Any = Paragraph(f"{row} {long}", style) if long else f"note {row}"
        return [f"Athlete {row}", second], [("TEXTCOLOR", (0, 0), (0, 0), "#993300")] if row % 5 == 0 else []

    return make


@pytest.mark.parametrize("before", [0, 300, 640])
def test_paged_table_breaks_where_a_whole_table_does(before: int) -> None:
    register_fonts(load_layout())
    style = ParagraphStyle("cell", fontName=FAMILY, fontSize=9, leading=11)
    rows = list(range(230))
    head = ["Athlete", "Note"]
    paged = PagedTable(rows, _make(style), _look(), head)
    whole = PagedTable(rows, _make(style), _look(), head)._table(len(rows))  # one reportlab Table
    ours = _pages([Spacer(1, before), paged, Paragraph("after", style)])
    theirs = _pages([Spacer(1, before), whole, Paragraph("after", style)])
    assert len(ours) == len(theirs) > 3
    assert ours == theirs
    shown = [page for page in ours if "Athlete " in page]
    assert shown and all(page.startswith("Athlete\nNote\n") for page in shown)  # a header on every page
    assert ours[-1].rstrip().endswith("after")


def test_an_empty_paged_table_takes_no_room() -> None:
    register_fonts(load_layout())
    style = ParagraphStyle("cell", fontName=FAMILY, fontSize=9, leading=11)
    pages = _pages(
        [Paragraph("before", style), PagedTable([], _make(style), _look()), Paragraph("after", style)]
    )
    assert len(pages) == 1 and "before" in pages[0] and "after" in pages[0]


def _kept_pages(before: float, rows: int, made: list[int]) -> list[str]:
    """Lay out a spacer, a kept-with-next heading and a long paged table; return each page's text."""
    register_fonts(load_layout())
    heading = ParagraphStyle("heading", fontName=FAMILY, fontSize=12, leading=14, keepWithNext=1)

    class Counted(PagedTable):
        def _table(self, count: int) -> Any:
            made.append(count)
            return super()._table(count)

    buffer = io.BytesIO()
    document = SimpleDocTemplate(buffer, pagesize=A4)
    document.keepTogetherClass = KeepWithNext
    table = Counted(list(range(rows)), lambda row: ([f"Athlete {row}", f"note {row}"], []), _look())
    document.build([Spacer(1, before), Paragraph("Follow up", heading), table])
    return [page.extract_text() for page in PdfReader(io.BytesIO(buffer.getvalue())).pages]


def test_a_heading_stays_with_the_first_rows_of_a_long_table() -> None:
    # Room for the heading and a few rows: both start on the first page, whatever the table's length.
    made: list[int] = []
    pages = _kept_pages(before=500, rows=2000, made=made)
    assert pages[0].splitlines()[0] == "Follow up"
    assert "Athlete 0" in pages[0] and "Athlete 2" in pages[0]
    assert len(pages) > 20
    # Each piece of the table is made for one page at most: never the 2,000 rows at once.
    assert max(made) < 100


def test_a_heading_goes_to_the_next_page_when_its_first_rows_do_not_fit() -> None:
    made: list[int] = []
    # A4's frame under SimpleDocTemplate's margins is 698 points high: 48 are left, room for the
    # heading (14) and two rows (17 each), not three.
    pages = _kept_pages(before=650, rows=50, made=made)
    assert "Follow up" not in pages[0]
    assert pages[1].splitlines()[0] == "Follow up" and "Athlete 0" in pages[1]
