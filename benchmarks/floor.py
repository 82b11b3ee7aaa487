"""The floor: what reportlab itself costs for a handout like ours, with no project code.

Renders N separate handout-like PDFs (A4, Fira Sans embedded and subset, with the same mix of
headings, paragraphs, shaded notes, lists, a table and small drawings as our handouts) over P
processes, and prints one JSON line:
{"handouts": N, "pages": total pages, "seconds": wall time}.

    python benchmarks/floor.py --count 200 --processes 2 --repeat 8 --out /tmp/floor
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

    The mix of blocks matches our handouts' (counted over the example roster): per handout
    about 25 headings, 26 paragraphs, 8 shaded notes, 40 list items, 3 drawings, a table,
    9 checklist lines and 36 small references; `sections` scales it.
    """
    index, sections, out = job
    _register()
    from reportlab.graphics.shapes import Circle, Drawing, Rect, String
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    body = ParagraphStyle("b", fontName="F", fontSize=10.5, leading=14.5, spaceAfter=5)
    item = ParagraphStyle("i", body, leftIndent=16, bulletIndent=3, spaceAfter=2, bulletFontName="F")
    h1 = ParagraphStyle("h1", fontName="F-B", fontSize=16, leading=20, spaceBefore=10, spaceAfter=4)
    h2 = ParagraphStyle("h2", fontName="F-B", fontSize=13, leading=17, spaceBefore=8, spaceAfter=3)
    h3 = ParagraphStyle("h3", fontName="F-B", fontSize=11.5, leading=15, spaceBefore=5, spaceAfter=2)
    note = ParagraphStyle(
        "n", fontName="F-I", fontSize=10, leading=14, backColor=colors.whitesmoke, borderPadding=4
    )
    small = ParagraphStyle("s", fontName="F", fontSize=8, leading=9.6, leftIndent=14, bulletFontName="F")
    story = [Paragraph(f"Cramps, twitches and recovery {index}", h1)]
    story += [Paragraph(line, body) for line in ("For an athlete", "A team · a sport", "25 November 2026")]
    table = Table([["See a doctor this week"], ["A muscle feels weak."], ["Take this handout with you."]])
    table.setStyle(
        TableStyle([("FONTNAME", (0, 0), (-1, -1), "F"), ("BOX", (0, 0), (-1, -1), 1, colors.red)])
    )
    story.append(table)
    for part in range(sections):
        story.append(Paragraph(f"Topic {part + 1}: preventing cramps", h1 if part % 3 == 0 else h2))
        story.append(Paragraph(_text(part, 1), note))
        for n in range(3):
            story.append(Paragraph(f"Part {n + 1}", h3 if n else h2))
            story.append(Paragraph(_text(part + n, 2), body))
        story += [Paragraph(SENTENCES[(part + k) % 6], item, bulletText="•") for k in range(5)]
        if part % 3 == 1:
            drawing = Drawing(480, 50)
            for k, color in enumerate((colors.lightgrey, colors.lightgreen, colors.orange, colors.pink)):
                drawing.add(Rect(k * 120, 15, 120, 18, fillColor=color, strokeColor=colors.white))
                drawing.add(
                    String(k * 120 + 60, 20, f"Band {k + 1}", fontName="F-B", fontSize=8, textAnchor="middle")
                )
            drawing.add(Circle(300, 40, 5, fillColor=colors.black))
            story.append(drawing)
    story += [Paragraph(SENTENCES[k % 6], item, bulletText="-") for k in range(9)]
    story += [
        Paragraph(
            f"Author {k} et al. A study of muscle cramps. J Sports Med 20{k:02d}.", small, bulletText=f"{k}."
        )
        for k in range(36)
    ]
    doc = SimpleDocTemplate(f"{out}/floor-{index}.pdf", pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm)
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
    parser.add_argument("--repeat", type=int, default=8, help="sections per handout (sets the page count)")
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
