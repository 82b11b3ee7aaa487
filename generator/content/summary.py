"""A plain-text view of one plan, for a trainer at a terminal (`handouts plan`)."""

from __future__ import annotations

from generator.rules.heat import shown_heat_index_c
from generator.rules.plan import Plan
from generator.units import (
    show_mass,
    show_rate,
    show_temperature,
    show_volume,
    show_volume_range,
)

_WHY = {
    "missing": "needs",
    "age_not_covered": "our sources give no figure for this age",
    "no_chronic_load": "load_last_28d is 0, so there is no usual load to compare with",
    "weigh_in_inconsistent": "the weigh-in numbers do not add up; check them",
    "assumed": "not given, so the safer choice was used:",
}


def _words(code: str) -> str:
    return code.replace("_", " ")


def plan_text(plan: Plan) -> str:
    """Return the plan as short lines of text, in the athlete's own units."""
    p = plan.profile
    u = p.output_units
    who = ", ".join(
        str(x) for x in (p.team, p.sport, f"age {p.age}" if p.age is not None else None, p.sex) if x
    )
    lines = [f"Plan for {p.name}" + (f" ({who})" if who else "")]
    t = plan.triage
    lines.append(
        f"Triage: {t.level}" + (f" ({', '.join(_words(r.code) for r in t.reasons)})" if t.reasons else "")
    )
    if t.act_now:
        lines.append(f"  act now: {', '.join(_words(step) for step in t.act_now)}")
    if plan.warnings:
        lines.append(f"Warnings: {', '.join(_words(w) for w in plan.warnings)}")

    h = plan.hydration
    lines.append("Hydration:")
    if h.fluid_before_ml:
        lines.append(f"  before: {show_volume_range(*h.fluid_before_ml, u)} at least 4 hours before")
    if h.fluid_before_extra_ml:
        lines.append(
            f"  if urine is dark yellow or absent: {show_volume_range(*h.fluid_before_extra_ml, u)}"
            " more about 2 hours before"
        )
    if h.mass_change_kg is not None and h.body_mass_loss_pct is not None:
        change = "gained" if h.mass_change_kg > 0 else "lost"
        lines.append(
            f"  weigh-in: {change} {show_mass(abs(h.mass_change_kg), u)} "
            f"({abs(h.body_mass_loss_pct):.1f} % of body mass)"
            + ("; over the 2 % limit" if h.loss_over_limit else "")
            + ("; drank more than was lost" if h.overdrinking else "")
        )
    if h.sweat_rate_l_per_h is not None:
        lines.append(f"  sweat rate: {show_rate(h.sweat_rate_l_per_h, u)}")
    if h.fluid_during_ml is not None and h.session_h is not None:
        low, high = h.fluid_during_ml
        lines.append(
            f"  during a {h.session_h:g} h session: at least {show_volume(low, u)},"
            f" at most {show_volume(high, u)}"
        )
    if h.fluid_after_ml:
        lines.append(f"  after: {show_volume(h.fluid_after_ml, u)}")

    ht = plan.heat
    if ht.heat_index_c is not None:
        category = f" ({_words(ht.heat_index_category)})" if ht.heat_index_category else ""
        shown, or_more = shown_heat_index_c(ht.heat_index_c)
        value = show_temperature(shown, u) + (" or more" if or_more else "")
        lines.append(f"Heat index: {value}{category}")
    if ht.wbgt_c is not None and ht.wbgt_category:
        lines.append(
            f"WBGT {show_temperature(ht.wbgt_c, u)}: row {ht.wbgt_band}, "
            f"{_words(ht.wbgt_category)} ({_words(ht.wbgt_column or '')})"
        )
    if plan.load.acwr is not None:
        lines.append(
            f"Training load: ratio {plan.load.acwr:.2f} ({_words(plan.load.band or '')}); "
            "a rough guide, not a prediction"
        )
    c = plan.caffeine
    if c.intake_mg is not None and c.limit_mg is not None:
        lines.append(
            f"Caffeine: {c.intake_mg:.0f} mg a day, limit {c.limit_mg:.0f} mg"
            + (" (over the limit)" if c.over_limit else "")
        )
    s = plan.sleep
    if s.hours is not None and s.target_h is not None:
        lo, hi = s.target_h
        target = f"{lo:g}–{hi:g} h" if hi else f"at least {lo:g} h"
        lines.append(f"Sleep: {s.hours:g} h, target {target}" + (" (short)" if s.short else ""))
    n = plan.nutrients
    daily = [
        f"{name} {value:.0f} mg"
        for name, value in (
            ("magnesium", n.magnesium_mg),
            ("calcium", n.calcium_mg),
            ("potassium", n.potassium_mg),
            ("sodium", n.sodium_mg),
        )
        if value is not None
    ]
    if daily:
        lines.append("Daily targets: " + ", ".join(daily))
    if plan.unknowns:
        lines.append("Not worked out:")
        for unknown in plan.unknowns:
            why = _WHY.get(unknown.why, unknown.why)
            named = unknown.why in ("missing", "assumed")
            tail = f" {', '.join(unknown.fields)}" if named else ""
            lines.append(f"  {_words(unknown.item)}: {why}{tail}")
    lines.append("Recommendations:")
    for rec in plan.recommendations:
        lines.append(f"  {rec.id} [{', '.join(rec.sources)}]")
    return "\n".join(lines) + "\n"
