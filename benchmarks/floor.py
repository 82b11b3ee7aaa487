"""The floor: what reportlab itself costs for a handout like ours, with no project code.

Renders N separate handout-like PDFs (A4, Fira Sans embedded and subset, two pages with the
same mix of headings, steps, lists, boxes, tables and small drawings as our handouts) over P
processes, and prints one JSON line:
{"handouts": N, "pages": total pages, "seconds": wall time}.

    python benchmarks/floor.py --count 200 --processes 2 --repeat 4 --out /tmp/floor
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import time
from pathlib import Path

REGISTERED = False


def _register() -> None:
    global REGISTERED
    if REGISTERED:
        return
    import fontpkg_fira_sans
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    files = Path(fontpkg_fira_sans.ROOT) / "files"
    for name, file in (("F", "Regular"), ("F-B", "SemiBold"), ("F-I", "Italic"), ("F-BI", "SemiBoldItalic")):
        pdfmetrics.registerFont(TTFont(name, str(files / f"FiraSans-{file}.ttf")))
    pdfmetrics.registerFontFamily("F", normal="F", bold="F-B", italic="F-I", boldItalic="F-BI")
    REGISTERED = True


SENTENCES = (
    "Drink to a plan before, during and after training.",
    "Most cramps come from tired muscles, so build up your training step by step.",
    "Weigh yourself before and after one session to learn how much you sweat.",
    "Sleep well: being tired makes muscle twitches more likely.",
    "If a cramp starts, stop and gently stretch the muscle until it eases.",
    "Caffeine can make muscles twitch, and it is in coffee, tea and cola.",
)


def _text(seed: int, sentences: int) -> str:
    return " ".join(SENTENCES[(seed + i) % len(SENTENCES)] for i in range(sentences))


def render(job: tuple[int, int, str]) -> int:
    """Render one handout-like PDF and return its page count.

    The mix of blocks matches our two-page handout's: page 1 a header, a doctor box, a drink
    timeline, `sections` runs of a small heading and numbered steps (four in ours: before,
    during and after training, every day), a heat bar and a two-column checklist; page 2
    eight reasons, three lists of when to get help, two paragraphs and the sources in one
    small paragraph.
    """
    index, sections, out = job
    _register()
    from reportlab.graphics.shapes import Circle, Drawing, Line, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    body = ParagraphStyle("b", fontName="F", fontSize=10, leading=13, spaceAfter=4)
    item = ParagraphStyle("i", body, leftIndent=16, bulletIndent=0, spaceAfter=2, bulletFontName="F-B")
    title = ParagraphStyle("t", fontName="F-B", fontSize=19, leading=22, spaceAfter=4)
    h1 = ParagraphStyle("h1", fontName="F-B", fontSize=14.5, leading=19, spaceBefore=8, spaceAfter=3)
    h3 = ParagraphStyle("h3", fontName="F-B", fontSize=11, leading=14, spaceBefore=4, spaceAfter=1.5)
    small = ParagraphStyle("s", fontName="F", fontSize=7.5, leading=9)
    grid = [("FONTNAME", (0, 0), (-1, -1), "F"), ("VALIGN", (0, 0), (-1, -1), "TOP")]

    story = [Paragraph(f"My plan: cramps, twitches and recovery {index}", title)]
    story += [
        Paragraph(line, body) for line in ("For an athlete (A-1)", "A team · a sport · 5 December 2026")
    ]
    box = Table(
        [
            ["Book a doctor's visit"],
            [Paragraph(SENTENCES[0], item, bulletText="•")],
            [Paragraph(_text(1, 2), body)],
        ]
    )
    box.setStyle(
        TableStyle(
            [*grid, ("BOX", (0, 0), (-1, -1), 1.5, colors.navy), ("BACKGROUND", (0, 0), (0, 0), colors.navy)]
        )
    )
    story += [box, Paragraph("My plan", h1)]
    line = Drawing(480, 16)
    line.add(Line(60, 8, 420, 8, strokeColor=colors.navy, strokeWidth=2))
    for k in range(4):
        line.add(Circle(60 + k * 120, 8, 5.5, fillColor=colors.navy))
    timeline = Table(
        [[line, "", "", ""], [Paragraph(f"<b>Step {k}</b><br/>300–420 mL", body) for k in range(4)]],
        colWidths=[120] * 4,
    )
    timeline.setStyle(TableStyle([*grid, ("SPAN", (0, 0), (-1, 0))]))
    story.append(timeline)
    for part in range(sections):
        story.append(Paragraph(f"Part {part + 1}", h3))
        story += [Paragraph(_text(part + k, 1 + k % 2), item, bulletText=f"{k + 1}.") for k in range(3)]
    bar = Drawing(480, 40)
    for k, color in enumerate((colors.lightgrey, colors.lightgreen, colors.orange, colors.pink)):
        bar.add(Rect(k * 120, 10, 120, 18, fillColor=color, strokeColor=colors.white))
        bar.add(String(k * 120 + 60, 15, f"Band {k + 1}", fontName="F-B", fontSize=8, textAnchor="middle"))
    story += [bar, Paragraph("My checklist for this week", h1)]
    ticks = [[Paragraph(SENTENCES[(k + c) % 6], body) for k in range(4)] for c in (0, 4)]
    checklist = Table([ticks], colWidths=[240, 240])
    checklist.setStyle(TableStyle(grid))
    story += [checklist, PageBreak(), Paragraph("Why these steps", h1)]
    story += [Paragraph(_text(k, 1 + k % 2), item, bulletText="•") for k in range(8)]
    story.append(Paragraph("When to get help", h1))
    for level in ("Get medical help now", "See a doctor this week", "Book a doctor's visit"):
        story.append(Paragraph(level, h3))
        story += [Paragraph(SENTENCES[k % 6], item, bulletText="•") for k in range(4)]
    story += [Paragraph(_text(3, 3), body), Paragraph("About this handout", h1), Paragraph(_text(4, 3), body)]
    refs = "  ".join(
        f"<b>{k}.</b> Author {k} et al., A study of muscle cramps, 20{k:02d}" for k in range(1, 21)
    )
    story.append(Paragraph(refs, small))
    doc = SimpleDocTemplate(
        f"{out}/floor-{index}.pdf",
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=15 * mm,
        bottomMargin=17 * mm,
    )
    pages: list[int] = []
    doc.build(
        story, onFirstPage=lambda c, d: pages.append(d.page), onLaterPages=lambda c, d: pages.append(d.page)
    )
    return len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=4, help="runs of steps on page 1 (ours has four)")
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    jobs = [(i, args.repeat, str(args.out)) for i in range(args.count)]
    if args.processes == 1:
        pages = [render(job) for job in jobs]
    else:
        with multiprocessing.get_context("fork").Pool(args.processes) as pool:
            pages = pool.map(render, jobs, chunksize=8)
    seconds = time.perf_counter() - started
    print(json.dumps({"handouts": args.count, "pages": sum(pages), "seconds": seconds}))


if __name__ == "__main__":
    main()
