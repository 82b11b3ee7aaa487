"""Lay out the coach's one-glance report: who needs attention, for a whole roster, on a page or two.

`report_flowables` lays the report out for any document (it is also the front of a team
packet); `render_report` makes it a document of its own. Every figure comes from the athletes'
plans, worded in `generator.content.report_lines`: the layout adds no rule of its own.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Group, Line, Rect
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer

from generator.content.labels import Labels
from generator.content.report_lines import HEADLINE_WARNINGS, URGENCY, ReportLine
from generator.layout import scripts
from generator.layout.charts import band_fills
from generator.layout.flowables import Command, Grid, PagedTable, SectionStart, Segment
from generator.layout.fonts import fit_text
from generator.layout.render import Footer, Rendered, render_document
from generator.layout.tags import Figure
from generator.layout.theme import theme_color, tint
from generator.layout.writer import Writer
from generator.locale import fill, joined
from generator.rules import plan as rules

BANDS = ("low", "sweet_spot", "rising", "high")
AXIS_MAX = 2.0  # the chart's right end; higher ratios sit there
MAX_DOTS = 400  # a bigger roster gets a dot for every few athletes

# Share of the text width for each column: name, doctor, load, heat, weigh-in, caffeine, sleep.
_COLUMNS = ("name", "triage", "load", "heat", "hydration", "caffeine", "sleep")
_WIDTHS = (0.17, 0.115, 0.14, 0.28, 0.125, 0.105, 0.065)
_PADDING = 3.5 + 3  # a cell's left and right padding


class _Report:
    """Lays out the report for one writer and one language."""

    def __init__(self, writer: Writer, labels: Labels) -> None:
        self.w = writer
        self.words: Mapping[str, Any] = labels["report"]
        self.locale = labels.locale
        theme = writer.setup.theme
        self.ink = theme_color(theme, "text")
        self.muted = theme_color(theme, "muted")
        self.accent = theme_color(theme, "accent")
        self.level_colors = {level: theme_color(theme, f"box_{level}") for level in URGENCY[:3]}
        self.band_colors = band_fills(theme)
        small = writer.styles["small"]
        size = small.fontSize
        self.cell = ParagraphStyle("report_cell", small, textColor=self.ink, spaceAfter=0, leading=size * 1.2)
        self.bold = ParagraphStyle("report_bold", self.cell, fontName=writer.family + "-Bold")
        self.white = ParagraphStyle("report_white", self.bold, textColor=colors.white)
        self.quiet = ParagraphStyle("report_quiet", self.cell, textColor=self.muted)
        body = writer.styles["item"]
        self.entry = ParagraphStyle("report_entry", body, spaceAfter=0, leading=body.fontSize * 1.25)
        self.entry_bold = ParagraphStyle("report_entry_bold", self.entry, fontName=writer.family + "-Bold")
        self.level_titles = {
            level: ParagraphStyle(f"report_{level}", self.entry_bold, textColor=color)
            for level, color in self.level_colors.items()
        }

    def p(self, text: str, style: ParagraphStyle) -> Paragraph:
        return self.w.styled(self.w.text(text), style)

    # The top

    def heading(self, entries: Sequence[ReportLine], team: str, day_text: str) -> list[Flowable]:
        w, words = self.w, self.words
        line = joined(team, day_text, self.locale.count(words["athletes"], len(entries)))
        counts = [
            f"{w.text(words['levels'][level])}: <b>{sum(e.level == level for e in entries)}</b>"
            for level in URGENCY
        ]
        # Heat that calls off or holds back training counts beside the doctor levels.
        counts += [
            f"{w.text(words['warnings'][warning])}: <b>{sum(warning in e.warnings for e in entries)}</b>"
            for warning in HEADLINE_WARNINGS
        ]
        return [
            w.para(w.text(words["title"]), "title"),
            w.para(w.text(line), "header"),
            Spacer(1, 4),
            w.para(" · ".join(counts), "body"),
        ]

    # The table

    def styled(self, entry: ReportLine) -> list[tuple[str, ParagraphStyle]]:
        """Return an athlete's row of the table: each cell's text and its style."""
        quiet = entry.level == "none"
        name, *rest = entry.texts
        return [
            (name, self.quiet if quiet else self.bold),
            (str(self.words["levels"][entry.level]), self.quiet if quiet else self.white),
            *((text, self.cell) for text in rest),
        ]

    def cells(
        self, row: Sequence[tuple[str, ParagraphStyle]], widths: Sequence[float], at: int
    ) -> tuple[list[Any], list[tuple[Any, ...]]]:
        """Return a row's cells and their style commands.

        Text that fits on one line is a plain table cell; only longer text is a paragraph that
        wraps. A thousand-athlete report has seven thousand cells, and a paragraph costs ten
        times as much to lay out.
        """
        cells: list[Any] = []
        commands: list[tuple[Any, ...]] = []
        for column, ((text, style), width) in enumerate(zip(row, widths, strict=True)):
            plain = self.w.plain(text)
            if (
                self.w.needs_fallback(plain)
                or (self.w.rtl and scripts.right_to_left(plain))  # (set right to left, shaped)
                or stringWidth(plain, style.fontName, style.fontSize) > width - _PADDING
            ):
                cells.append(self.p(text, style))
                continue
            cells.append(plain)
            commands.append(("FONTNAME", (column, at), (column, at), style.fontName))
            commands.append(("TEXTCOLOR", (column, at), (column, at), style.textColor))
        return cells, commands

    def table(self, ordered: Sequence[ReportLine]) -> Flowable:
        widths = [self.w.width * f for f in _WIDTHS]
        head = [self.p(self.words["columns"][c], self.white) for c in _COLUMNS]

        def make(entry: ReportLine) -> tuple[list[Any], list[Command]]:
            cells, styles = self.cells(self.styled(entry), widths, 0)
            color = self.level_colors.get(entry.level)
            if color is not None:
                styles.append(("BACKGROUND", (1, 0), (1, 0), color))
            return cells, styles

        look = Grid(
            rtl=self.w.rtl,
            row_headers=1,
            widths=widths,
            style=[
                ("FONTSIZE", (0, 0), (-1, -1), self.cell.fontSize),
                ("LEADING", (0, 0), (-1, -1), self.cell.leading),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (-1, 0), self.accent),
                ("LEFTPADDING", (0, 0), (-1, -1), 3.5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ],
            padding=(1.5, 2.5, 3.5, 3),
            leading=self.cell.leading,
            stripes=[colors.white, tint(self.accent, 0.92)],
            last=[("LINEBELOW", (0, -1), (-1, -1), 0.6, tint(self.accent, 0.5))],
        )
        table = PagedTable(ordered, make, look, head)
        table.spaceAfter = 4
        return table

    # The load chart

    def chart(self, entries: Sequence[ReportLine]) -> list[Flowable]:
        w, words = self.w, self.words
        ratios = sorted(e.ratio for e in entries if e.ratio is not None)
        parts: list[Flowable] = [w.para(w.text(words["chart_title"]), "h3")]
        # A big roster gets a dot for every few athletes: thousands of dots make one blot.
        per = max(1, math.ceil(len(ratios) / MAX_DOTS))
        if ratios:
            counts = {band: 0 for band in BANDS}
            for ratio in ratios:
                counts[rules.acwr_band(ratio)] += 1
            alt = "; ".join(
                f"{words['bands'][band]}: {self.locale.count(words['chart_count'], count)}"
                for band, count in counts.items()
            )
            figure = Figure(self.spread(ratios, per), w.plain(f"{words['chart_alt']}. {alt}."))
            parts += [figure, Spacer(1, 3)]
        missing = len(entries) - len(ratios)
        note = str(words["chart_note"])
        if per > 1:
            note = f"{fill(words['dot_stands_for'], count=per)}. {note}"
        if missing:
            note = f"{fill(words['no_ratio'], count=missing)}. {note}"
        parts.append(w.para(w.text(note), "small"))
        return [KeepTogether(parts)]

    def trend(self, entries: Sequence[ReportLine]) -> list[Flowable]:
        """Return the team's load in each of the last weeks, from a training log: a bar a week,
        oldest first (right to left in Arabic), each with its total. Nothing without a log."""
        logged = [e.weeks for e in entries if e.weeks]
        if not logged:
            return []
        count = max(len(w) for w in logged)
        totals = [0.0] * count
        for weeks in logged:  # (every athlete's weeks end on the same day: aligned from the end)
            for n, load in enumerate(weeks):
                totals[count - len(weeks) + n] += load
        w, words = self.w, self.words
        width, height, base = w.width, 70.0, 14.0
        drawing = Drawing(width, height + base + 12)
        slot = width / count
        top = max(totals) or 1.0
        for n, total in enumerate(totals):
            x = slot * (count - 1 - n if w.rtl else n)
            bar = (height - 10) * total / top
            color = self.accent if n == count - 1 else tint(self.accent, 0.55)
            drawing.add(Rect(x + slot * 0.2, base, slot * 0.6, bar, fillColor=color, strokeColor=None))
            drawing.add(self._string(x + slot / 2, base + bar + 3, self.locale.number(total, 0), 7.5))
            ago = count - 1 - n
            label = words["this_week"] if ago == 0 else self.locale.count(words["weeks_ago"], ago)
            drawing.add(self._string(x + slot / 2, 3, str(label), 7.5, color=self.muted))
        values = ", ".join(self.locale.number(t, 0) for t in totals)
        alt = fill(words["weeks_alt"], values=values)
        return [KeepTogether([w.para(w.text(words["weeks_title"]), "h3"), Figure(drawing, w.plain(alt))])]

    def spread(self, ratios: Sequence[float], per: int = 1) -> Drawing:
        """Return the load bands as a bar, a dot per `per` athletes above it, a count under each band.

        `ratios` are sorted.
        """
        width = self.w.width
        segments = [
            Segment(0.0, rules.ACWR_LOW_BELOW, "low", self.band_colors["low"]),
            Segment(
                rules.ACWR_LOW_BELOW,
                rules.ACWR_SWEET_SPOT_UP_TO,
                "sweet_spot",
                self.band_colors["sweet_spot"],
            ),
            Segment(rules.ACWR_SWEET_SPOT_UP_TO, rules.ACWR_HIGH_FROM, "rising", self.band_colors["rising"]),
            Segment(rules.ACWR_HIGH_FROM, AXIS_MAX, "high", self.band_colors["high"]),
        ]
        counts = {band: 0 for band in BANDS}
        for ratio in ratios:
            counts[rules.acwr_band(ratio)] += 1

        rtl = self.w.rtl  # (Arabic: the scale runs from right to left, as the page is read)

        def x(value: float) -> float:
            at = min(max(value, 0.0), AXIS_MAX) / AXIS_MAX * width
            return width - at if rtl else at

        radius = 3.2
        ratios = _grouped(ratios, per)
        levels = _stack([x(r) for r in ratios], 2 * radius + 0.6)
        # A big squad piled on one ratio would make a tall chart: past 12 dots the pile packs closer.
        step = min(2 * radius + 0.8, 12 * (2 * radius + 0.8) / max(max(levels) + 1, 1))
        count_y, tick_y, bar_y, bar_h = 2.0, 14.0, 25.0, 16.0
        top = bar_y + bar_h + 3
        drawing = Drawing(width, top + (max(levels) + 1) * step + 4)  # room under the heading
        for seg in segments:
            left, right = sorted((x(seg.lo), x(seg.hi)))
            drawing.add(
                Rect(
                    left,
                    bar_y,
                    right - left,
                    bar_h,
                    fillColor=seg.color,
                    strokeColor=colors.white,
                    strokeWidth=1,
                )
            )
            middle = (left + right) / 2
            drawing.add(self._string(middle, bar_y + 5, self.words["bands"][seg.label], 8, bold=True))
            drawing.add(
                self._string(
                    middle, count_y, self.locale.count(self.words["chart_count"], counts[seg.label]), 7.5
                )
            )
        ticks = (0.0, rules.ACWR_LOW_BELOW, rules.ACWR_SWEET_SPOT_UP_TO, rules.ACWR_HIGH_FROM, AXIS_MAX)
        for value in ticks:
            anchor = "start" if value == 0 else "end" if value == AXIS_MAX else "middle"
            if rtl:
                anchor = {"start": "end", "end": "start"}.get(anchor, anchor)
            label = self.locale.number(value, 1) + ("+" if value == AXIS_MAX else "")
            drawing.add(Line(x(value), bar_y - 2, x(value), bar_y, strokeColor=self.ink, strokeWidth=0.6))
            drawing.add(self._string(x(value), tick_y, label, 7, anchor=anchor, color=self.muted))
        for ratio, level in zip(ratios, levels, strict=True):
            cx = min(max(x(ratio), radius), width - radius)
            drawing.add(
                Circle(
                    cx,
                    top + radius + level * step,
                    radius,
                    fillColor=self.ink,
                    strokeColor=colors.white,
                    strokeWidth=0.7,
                )
            )
        return drawing

    def _string(
        self,
        x: float,
        y: float,
        text: str,
        size: float,
        bold: bool = False,
        anchor: str = "middle",
        color: colors.Color | None = None,
    ) -> Group:
        shown = self.w.plain(text)
        family = self.w.family + ("-Bold" if bold else "")
        rtl = self.w.rtl
        return Group(*scripts.strings(x, y, shown, family, size, anchor, rtl, fillColor=color or self.ink))

    # Follow-up

    def follow_up(self, ordered: Sequence[ReportLine]) -> list[Flowable]:
        w, words = self.w, self.words
        parts: list[Flowable] = [w.para(w.text(words["follow_up_title"]), "h3")]
        needing = [e for e in ordered if e.level != "none"]
        if not needing:
            return [*parts, w.para(w.text(words["nobody"]), "body")]
        last = needing[-1]

        def make(entry: ReportLine) -> tuple[list[Any], list[Command]]:
            reasons = entry.reasons
            cells = [
                self.p(entry.texts[0], self.entry_bold),
                self.p(words["follow_up_levels"][entry.level], self.level_titles[entry.level]),
                self.p(reasons[:1].upper() + reasons[1:], self.entry),
            ]
            styles: list[Command] = [("LINEBEFORE", (0, 0), (0, 0), 3, self.level_colors[entry.level])]
            if entry is not last:
                styles.append(("LINEBELOW", (0, 0), (-1, 0), 0.4, tint(self.muted, 0.7)))
            return cells, styles

        look = Grid(
            rtl=self.w.rtl,
            row_headers=1,
            widths=[w.width * f for f in (0.21, 0.27, 0.52)],
            style=[
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 6),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ],
            padding=(2, 3, 6, 6),
            leading=self.entry.leading,
        )
        return [*parts, PagedTable(needing, make, look)]


def _grouped(ratios: Sequence[float], per: int) -> list[float]:
    """Return a ratio for every `per` athletes (sorted ratios): each group's middle one.

    Groups never mix load bands, so each dot sits in the band of every athlete it stands for.
    """
    if per <= 1:
        return list(ratios)
    dots: list[float] = []
    for _, band in itertools.groupby(ratios, key=rules.acwr_band):
        members = list(band)
        for start in range(0, len(members), per):
            group = members[start : start + per]
            dots.append(group[len(group) // 2])
    return dots


def _stack(xs: Sequence[float], gap: float) -> list[int]:
    """Return the pile level of each dot (xs ascending) so that no two dots on a level touch."""
    last: list[float] = []  # the right-most dot on each level so far
    levels = []
    for x in xs:
        level = next((i for i, right in enumerate(last) if x - right >= gap), len(last))
        if level == len(last):
            last.append(x)
        else:
            last[level] = x
        levels.append(level)
    return levels


def report_flowables(
    lines: Iterable[ReportLine],
    writer: Writer,
    labels: Labels,
    team: str,
    day_text: str,
    missing: int = 0,
) -> list[Flowable]:
    """Return the coach's report: counts, the athletes most urgent first, follow-up, the load spread.

    `lines` may come one at a time (a generator); they are sorted by urgency here. `missing`
    athletes of the roster have no handout (their rows failed): said at the top, so that no
    count reads as the whole team's.
    """
    report = _Report(writer, labels)
    ordered = sorted(lines, key=ReportLine.key)
    story = report.heading(ordered, team, day_text)
    if missing:
        said = labels.locale.count(labels["report"]["missing"], missing)
        story.append(writer.para(f"<b>{writer.text(said)}</b>", "body"))
    if not ordered:
        return [*story, *report.follow_up(ordered)]
    return [
        *story,
        report.table(ordered),
        *report.follow_up(ordered),
        *report.chart(ordered),
        *report.trend(ordered),
    ]


def render_report(
    lines: Iterable[ReportLine], writer: Writer, labels: Labels, team: str, day: str
) -> Rendered:
    """Return the coach's report as a document of its own, with its footer on every page."""
    story: list[Flowable] = [SectionStart(0), *report_flowables(lines, writer, labels, team, day)]
    # The footer shares its line with "Page x of y": a long team name is cut short to leave room.
    small = writer.setup.layout.sizes["small"]
    left = fit_text(
        joined(labels.text("report", "title"), writer.plain(team)), writer.width * 0.7, small, writer.family
    )
    footer = Footer(left, str(labels["page_of"]), writer.family, writer.rtl)
    return render_document(story, writer.setup, [footer])
