"""The pictures in a handout, drawn with reportlab's own graphics: load gauge, drink plan, heat bar."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Line
from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer

from generator import heat
from generator import plan as rules
from generator.plan import Plan
from generator.render import Segment, Writer, _color, _tint, grid, scale_bar
from generator.theme import Theme
from generator.units import c_to_f

# Light fills behind dark text: readable in colour and in black-and-white print.
TINTS = {"muted": 0.72, "good": 0.62, "caution": 0.55, "danger": 0.55}
# Each training-load band's fill colour role.
BAND_ROLES = {"low": "muted", "sweet_spot": "good", "rising": "caution", "high": "danger"}


def band_fills(theme: Theme) -> dict[str, colors.Color]:
    """Return the fill of each training-load band, as the load charts draw them."""
    return {band: _tint(_color(theme, role), TINTS[role]) for band, role in BAND_ROLES.items()}


class Charts:
    """Draws the charts a content file asks for, for one athlete."""

    def __init__(
        self, writer: Writer, plan: Plan, labels: dict[str, Any], numbers: dict[str, Any], units: str
    ) -> None:
        self.writer, self.plan, self.labels, self.n, self.units = (
            writer,
            plan,
            labels["charts"],
            numbers,
            units,
        )
        theme = writer.setup.theme
        self.ink = _color(theme, "text")
        self.tints = {role: _tint(_color(theme, role), amount) for role, amount in TINTS.items()}
        self.decimal_comma = bool(labels.get("decimal_comma"))

    def __call__(self, kind: str) -> list[Flowable]:
        if kind == "acwr":
            return self.acwr()
        if kind == "heat":
            return self.heat()
        return self.hydration()

    def _number(self, value: float, decimals: int) -> str:
        text = f"{value:.{decimals}f}"
        return text.replace(".", ",") if self.decimal_comma else text

    def _titled(self, title: str, chart: Flowable) -> list[Flowable]:
        # The title's style keeps it on the same page as the chart.
        return [self.writer.para(self.writer.text(title), "h3"), chart, Spacer(1, 6)]

    def acwr(self) -> list[Flowable]:
        load = self.plan.load
        if load.acwr is None:
            return []
        names = self.labels["acwr_bands"]
        t = self.tints
        segments = [
            Segment(0.0, rules.ACWR_LOW_BELOW, names[0], t["muted"]),
            Segment(rules.ACWR_LOW_BELOW, rules.ACWR_SWEET_SPOT_UP_TO, names[1], t["good"]),
            Segment(rules.ACWR_SWEET_SPOT_UP_TO, rules.ACWR_HIGH_FROM, names[2], t["caution"]),
            Segment(rules.ACWR_HIGH_FROM, 2.0, names[3], t["danger"]),
        ]
        ticks = [(v, self._number(v, 1)) for v in (0.0, 0.8, 1.3, 1.5, 2.0)]
        label = f"{self.labels['acwr_you']}: {self._number(load.acwr, 2)}"
        drawing = scale_bar(self.writer.width, segments, load.acwr, label, ticks, self.ink)
        return self._titled(self.labels["acwr_title"], drawing)

    def heat(self) -> list[Flowable]:
        wbgt = self.plan.heat.wbgt_c
        if wbgt is None:
            return []
        names = self.labels["heat_bands"]
        t = self.tints
        limits = [b.upper_c for b in heat.WBGT_BANDS if b.upper_c is not None]
        lo, hi = min(20.0, wbgt), max(36.0, wbgt)
        edges = [lo, *limits, hi]
        fills = [t["good"], t["caution"], t["danger"], _tint(_color(self.writer.setup.theme, "danger"), 0.3)]
        segments = [Segment(edges[i], edges[i + 1], names[i], fills[i]) for i in range(4)]

        def shown(celsius: float) -> str:
            value = c_to_f(celsius) if self.units == "imperial" else celsius
            return self._number(value, 1)

        unit = "°F" if self.units == "imperial" else "°C"
        ticks = [(v, shown(v)) for v in limits]
        label = f"{self.labels['heat_you']}: {shown(wbgt)} {unit}"
        drawing = scale_bar(self.writer.width, segments, wbgt, label, ticks, self.ink)
        return self._titled(f"{self.labels['heat_title']}, {unit}", drawing)

    def hydration(self) -> list[Flowable]:
        n, w = self.n, self.writer
        if not n["fluid_before"]:
            return []
        steps = [
            (self.labels["hydration_before"], n["fluid_before"]),
            (self.labels["hydration_extra"], n["fluid_before_extra"]),
            (self.labels["hydration_during"], self.labels["hydration_during_text"]),
            (self.labels["hydration_after"], n["fluid_after"] or self.labels["hydration_after_unknown"]),
        ]
        column = w.width / len(steps)
        accent = _color(w.setup.theme, "accent")
        line = Drawing(w.width, 16)
        line.add(Line(column / 2, 8, w.width - column / 2, 8, strokeColor=accent, strokeWidth=2))
        for i in range(len(steps)):
            line.add(
                Circle(
                    column * (i + 0.5),
                    8,
                    5.5,
                    fillColor=accent if i != 2 else colors.white,
                    strokeColor=accent,
                    strokeWidth=2,
                )
            )
        texts = [w.para(f"<b>{w.text(when)}</b><br/>{w.text(what)}", "chart") for when, what in steps]
        blank = [""] * (len(steps) - 1)
        table = grid(
            [[line, *blank], texts],
            [column] * len(steps),
            [
                ("SPAN", (0, 0), (-1, 0)),
                ("LEFTPADDING", (0, 0), (-1, 0), 0),
                ("RIGHTPADDING", (0, 0), (-1, 0), 0),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                ("LEFTPADDING", (0, 1), (-1, 1), 4),
                ("RIGHTPADDING", (0, 1), (-1, 1), 4),
            ],
        )
        return self._titled(self.labels["hydration_title"], table)
