"""What the coach's report says about each athlete: a few words from their plan, no layout.

A batch makes each athlete's plan once, where their handout is made, and keeps only this line
of it for the report; `handouts report` does the same from the roster.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.content.labels import Labels
from generator.inputs.profile import Profile
from generator.locale import fill
from generator.rules.plan import Plan

URGENCY = ("emergency", "soon", "routine", "none")
LOAD_ORDER = ("high", "rising", "sweet_spot", "low", "unknown")
MAX_TEAMS_NAMED = 3
DASH = "–"
HEADLINE_WARNINGS = ("heat_cancel", "heat_danger")


def order(level: str, band: str, name: str) -> tuple[int, int, str]:
    """Return where an athlete sorts in the report: triage, then load band, then name."""
    return URGENCY.index(level), LOAD_ORDER.index(band), name.casefold()


def team_name(profiles: Iterable[Profile], labels: Labels, given: str = "", club: str = "") -> str:
    """Return the team's name: the one given (--team), else the club's (its theme), else the
    team the athletes share or their teams in roster order; "" when none of them is known."""
    if given.strip() or club.strip():
        return given.strip() or club.strip()
    words = labels["report"]
    teams = list(dict.fromkeys(p.team for p in profiles if p.team))
    if not teams:
        return ""
    if len(teams) <= MAX_TEAMS_NAMED:
        return ", ".join(teams)
    named = ", ".join(teams[:MAX_TEAMS_NAMED])
    return fill(words["more_teams"], teams=named, count=len(teams) - MAX_TEAMS_NAMED)


@dataclass(frozen=True, slots=True)
class ReportLine:
    """What the report shows of one athlete: a few words, not the whole plan.

    A report for 10,000 athletes keeps 10,000 of these while it is laid out, so they hold only
    strings, and the same words (a band, a flag, a list of reasons) are stored once.
    """

    level: str  # triage level
    band: str  # load band, or "unknown"
    texts: tuple[str, ...]  # name, load, heat, weigh-in, caffeine, sleep
    reasons: str  # the follow-up's reasons, for athletes with a flag
    ratio: float | None
    warnings: tuple[str, ...] = ()  # page 1 warnings that the headline counts (heat cancel, danger)
    weeks: tuple[float, ...] = ()  # the last weeks' load from a training log, oldest first

    def key(self) -> tuple[int, int, str]:
        """Where the athlete sorts in the report (see `order`)."""
        return order(self.level, self.band, self.texts[0])


class ReportLines:
    """Words the report's lines in one language: a ReportLine from each athlete's plan."""

    def __init__(self, labels: Labels) -> None:
        self.words = labels["report"]
        self.locale = labels.locale
        self._once: dict[str, str] = {}  # each distinct cell text, kept once

    def forget_shared(self) -> None:
        """Let go of the index of texts shared between lines (the lines keep their texts)."""
        self._once = {}

    def __call__(self, plan: Plan, weeks: tuple[float, ...] = ()) -> ReportLine:
        """Return the report's line for one athlete (with their weeks from a training log)."""
        reasons = "; ".join(str(self.words["reasons"][r.code]) for r in plan.triage.reasons)
        once = self._once
        return ReportLine(
            plan.triage.level,
            plan.load.band or "unknown",
            tuple(once.setdefault(text, text) for text in self.row(plan)),
            once.setdefault(reasons, reasons),
            plan.load.acwr,
            tuple(w for w in plan.warnings if w in HEADLINE_WARNINGS),
            weeks,
        )

    def row(self, plan: Plan) -> tuple[str, ...]:
        """Return the table's texts for one athlete, but for the triage level (see `styled`)."""
        words, flags = self.words, self.words["flags"]
        load, hydration = plan.load, plan.hydration
        ratio = DASH
        if load.acwr is not None and load.band is not None:
            ratio = f"{words['bands'][load.band]} {self.locale.number(load.acwr, 2)}"
        weigh_in = DASH
        if hydration.loss_over_limit is not None:
            weigh_in = flags["ok"]
            if hydration.overdrinking:
                weigh_in = flags["gained"]
            elif hydration.loss_over_limit and hydration.body_mass_loss_pct is not None:
                weigh_in = fill(flags["lost"], pct=self.locale.number(hydration.body_mass_loss_pct, 1))

        def flag(value: bool | None, word: str) -> str:
            return str(DASH if value is None else flags[word] if value else flags["ok"])

        return (
            plan.profile.name,
            ratio,
            self.heat_text(plan),
            str(weigh_in),
            flag(plan.caffeine.over_limit, "over_limit"),
            flag(plan.sleep.short, "short"),
        )

    def heat_text(self, plan: Plan) -> str:
        """Return the heat cell: the WBGT table's action, else the heat index's NWS category."""
        heat, words = plan.heat, self.words
        if heat.wbgt_category:
            return str(words["heat"][heat.wbgt_category])
        if heat.heat_index_category:
            category = str(words["nws"][heat.heat_index_category])
            return fill(words["heat_index"], category=category)
        return DASH
