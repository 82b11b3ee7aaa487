"""The pictures in a handout, drawn with reportlab's own graphics: load gauge, drink plan, heat bar."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Circle, Drawing, Line
from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer

from generator.content.labels import Labels
from generator.layout.flowables import Segment, grid, scale_bar
from generator.layout.tags import Figure
from generator.layout.theme import Theme, theme_color, tint
from generator.layout.writer import Writer
from generator.locale import fill
from generator.rules import heat
from generator.rules import plan as rules
from generator.rules.plan import Plan
from generator.units import c_to_f

# Light fills behind dark text: readable in colour and in black-and-white print.
TINTS = {"muted": 0.72, "good": 0.62, "caution": 0.55, "danger": 0.55}
# Each training-load band's fill colour role.
BAND_ROLES = {"low": "muted", "sweet_spot": "good", "rising": "caution", "high": "danger"}


def band_fills(theme: Theme) -> dict[str, colors.Color]:
    """Return the fill of each training-load band, as the load charts draw them."""
    return {band: tint(theme_color(theme, role), TINTS[role]) for band, role in BAND_ROLES.items()}


class Charts:
    """Draws the charts a content file asks for, for one athlete."""

    def __init__(
        self, writer: Writer, plan: Plan, labels: Labels, numbers: dict[str, Any], units: str
    ) -> None:
        self.writer, self.plan, self.labels, self.n, self.units = (
            writer,
            plan,
            labels["charts"],
            numbers,
            units,
        )
        self.locale = labels.locale
        theme = writer.setup.theme
        self.ink = theme_color(theme, "text")
        self.tints = {role: tint(theme_color(theme, role), amount) for role, amount in TINTS.items()}

    def __call__(self, kind: str) -> list[Flowable]:
        if kind == "acwr":
            return self.acwr()
        if kind == "heat":
            return self.heat()
        return self.hydration()

    def _titled(self, title: str, chart: Flowable) -> list[Flowable]:
        # The title's style keeps it on the same page as the chart.
        return [self.writer.para(self.writer.text(title), "h3"), chart, Spacer(1, 6)]

    def acwr(self) -> list[Flowable]:
        load, w = self.plan.load, self.writer
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
        ticks = [(v, self.locale.number(v, 1)) for v in (0.0, 0.8, 1.3, 1.5, 2.0)]
        label = f"{self.labels['acwr_you']}: {self.locale.number(load.acwr, 2)}"
        drawing = scale_bar(w.width, segments, load.acwr, label, ticks, self.ink, w.family, w.rtl)
        band = next((s.label for s in segments if load.acwr < s.hi), segments[-1].label)
        alt = fill(self.labels["acwr_alt"], ratio=self.locale.number(load.acwr, 2), band=band.lower())
        return self._titled(self.labels["acwr_title"], Figure(drawing, self.writer.plain(alt)))

    def heat(self) -> list[Flowable]:
        """Return the WBGT bar from 18.4 °C up, its bands named for the athlete's own column."""
        h, w = self.plan.heat, self.writer
        wbgt = h.wbgt_c
        if wbgt is None or not h.warm:
            return []
        names = self.labels["heat_bands"]
        column = "acclimatized" if h.wbgt_column == "acclimatized" else "not_acclimatized"
        rows = heat.WBGT_BANDS[heat.WARM_FROM_BAND - 1 :]
        lo = heat.WBGT_BANDS[heat.WARM_FROM_BAND - 2].upper_c
        assert lo is not None
        hi = max(34.5, wbgt + 0.5)
        # Rows whose action is the same for this column share one band.
        bands: list[tuple[float, float, str]] = []
        start = lo
        for row in rows:
            upper = row.upper_c if row.upper_c is not None else hi
            category = getattr(row, column)
            if bands and bands[-1][2] == category:
                bands[-1] = (bands[-1][0], upper, category)
            else:
                bands.append((start, upper, category))
            start = upper
        fills = self._heat_fills(len(bands))
        segments = [
            Segment(a, b, names[category], fill) for (a, b, category), fill in zip(bands, fills, strict=True)
        ]

        def shown(celsius: float) -> str:
            value = c_to_f(celsius) if self.units == "imperial" else celsius
            return self.locale.number(value, 1)

        unit = "°F" if self.units == "imperial" else "°C"
        ticks = [(b, shown(b)) for _, b, _ in bands[:-1]]
        label = f"{self.labels['heat_you']}: {shown(wbgt)} {unit}"
        drawing = scale_bar(w.width, segments, wbgt, label, ticks, self.ink, w.family, w.rtl)
        band = next((s.label for s in segments if wbgt < s.hi), segments[-1].label)
        alt = fill(self.labels["heat_alt"], value=f"{shown(wbgt)} {unit}", band=band)
        return self._titled(f"{self.labels['heat_title']}, {unit}", Figure(drawing, self.writer.plain(alt)))

    def _heat_fills(self, count: int) -> list[colors.Color]:
        """Return `count` fills from good to the deepest danger, for the heat bands in order."""
        theme = self.writer.setup.theme
        caution, danger = theme_color(theme, "caution"), theme_color(theme, "danger")
        scale = [self.tints["good"], tint(caution, 0.75), tint(caution, 0.55), tint(caution, 0.35)]
        scale += [tint(danger, 0.55), tint(danger, 0.3)]
        # The last band (cancel) is always the deepest.
        return scale[: count - 1] + [scale[-1]]

    def _during(self) -> str:
        n = self.n
        if n["fluid_during_max"] and n["fluid_during_min"]:
            text = str(self.labels["hydration_during_range"])
            return text.replace("{min}", n["fluid_during_min"]).replace("{max}", n["fluid_during_max"])
        if n["fluid_during_max"]:
            return str(self.labels["hydration_during_max"]).replace("{max}", n["fluid_during_max"])
        return str(self.labels["hydration_during_text"])

    def _after(self) -> str:
        if self.plan.hydration.overdrinking:
            return str(self.labels["hydration_after_none"])
        return self.n["fluid_after"] or str(self.labels["hydration_after_unknown"])

    def hydration(self) -> list[Flowable]:
        n, w = self.n, self.writer
        if not n["fluid_before"]:
            return []
        steps = [
            (self.labels["hydration_before"], n["fluid_before"]),
            (self.labels["hydration_extra"], n["fluid_before_extra"]),
            (self.labels["hydration_during"], self._during()),
            (self.labels["hydration_after"], self._after()),
        ]
        column = w.width / len(steps)
        accent = theme_color(w.setup.theme, "accent")
        hollow = 2  # the step during training: drinks to spread out, not to take at once
        if w.rtl:  # (Arabic: the steps run from right to left, as the table is mirrored)
            hollow = len(steps) - 1 - hollow
        line = Drawing(w.width, 16)
        line.add(Line(column / 2, 8, w.width - column / 2, 8, strokeColor=accent, strokeWidth=2))
        for i in range(len(steps)):
            line.add(
                Circle(
                    column * (i + 0.5),
                    8,
                    5.5,
                    fillColor=accent if i != hollow else colors.white,
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
            rtl=w.rtl,
        )
        # No title: the timeline opens the plan, and its steps name themselves.
        return [table, Spacer(1, 4)]
