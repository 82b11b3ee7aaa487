"""The floor: what reportlab itself costs for a handout like ours, with no project code.

Renders N separate handout-like PDFs (A4, Fira Sans embedded and subset, headings, paragraphs,
lists, a table and a small drawing) over P processes, and prints one JSON line:
{"handouts": N, "pages": total pages, "seconds": wall time}.

    python benchmarks/floor.py --count 200 --processes 2 --repeat 3 --out /tmp/floor
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
)


def render(job: tuple[int, int, str]) -> int:
    """Render one handout-like PDF and return its page count."""
    index, repeat, out = job
    _register()
    from reportlab.graphics.shapes import Circle, Drawing, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import ListFlowable, ListItem, Paragraph, SimpleDocTemplate, Table, TableStyle

    body = ParagraphStyle("b", fontName="F", fontSize=10.5, leading=14.5, spaceAfter=5)
    h1 = ParagraphStyle("h1", fontName="F-B", fontSize=16, leading=20, spaceBefore=10, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName="F-B", fontSize=13, leading=17, spaceBefore=8, spaceAfter=3)
    why = ParagraphStyle("w", fontName="F-I", fontSize=10, leading=14, textColor=colors.grey)
    story = [Paragraph(f"Cramps, twitches and recovery {index}", h1)]
    for part in range(repeat):
        story.append(Paragraph(f"Section {part + 1}: preventing cramps and twitches", h2))
        for n in range(3):
            story.append(Paragraph(" ".join(SENTENCES[(n + i) % 5] for i in range(3)), body))
        story.append(ListFlowable([ListItem(Paragraph(s, body)) for s in SENTENCES], bulletType="1"))
        story.append(Paragraph("Why: your training load this week is 1.44 times your usual.", why))
        table = Table(
            [["Nutrient", "Each day"], ["Magnesium", "410 mg"], ["Calcium", "1300 mg"], ["Sodium", "1500 mg"]]
        )
        table.setStyle(
            TableStyle([("FONTNAME", (0, 0), (-1, -1), "F"), ("GRID", (0, 0), (-1, -1), 0.5, colors.grey)])
        )
        story.append(table)
        drawing = Drawing(480, 50)
        for k, color in enumerate((colors.lightgrey, colors.lightgreen, colors.orange, colors.pink)):
            drawing.add(Rect(k * 120, 15, 120, 18, fillColor=color, strokeColor=colors.white))
            drawing.add(
                String(k * 120 + 60, 20, f"Band {k + 1}", fontName="F-B", fontSize=8, textAnchor="middle")
            )
        drawing.add(Circle(300, 40, 5, fillColor=colors.black))
        story.append(drawing)
    doc = SimpleDocTemplate(f"{out}/floor-{index}.pdf", pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm)
    pages: list[int] = []
    doc.build(
        story, onLaterPages=lambda c, d: pages.append(d.page), onFirstPage=lambda c, d: pages.append(d.page)
    )
    return len(pages)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3, help="sections per handout (sets the page count)")
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
