"""A long table laid out a page at a time breaks where one whole reportlab Table breaks."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer

from generator.render import FAMILY, Command, Grid, PagedTable, register_fonts
from generator.theme import load_layout


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
