"""The personalization rules: from one validated profile to one plan of numbers, flags and reasons.

No wording lives here. Every figure comes from the content facts (keys in brackets name the
sources, expanded in `generator.content.sources`). A value the profile does not allow us to work out is
`None`, and the plan lists it under `unknowns` with the fields that would fill it in.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from generator.inputs.profile import Profile
from generator.rules import heat
from generator.units import c_to_f

# Hydration [A1, A2, N1, SR]
BEFORE_ML_PER_KG = (5.0, 7.0)  # at least 4 h before exercise [A2]
BEFORE_EXTRA_ML_PER_KG = (3.0, 5.0)  # about 2 h before, if urine is dark or absent [A2]
AFTER_L_PER_KG_LOST = 1.5  # 150 % of the mass lost [A2]
MAX_LOSS_PCT = 2.0  # lose no more than about 2 % of body mass [A1, N1]

# Training load [T1-T4]: acute:chronic workload ratio bands.
ACWR_LOW_BELOW = 0.8
ACWR_SWEET_SPOT_UP_TO = 1.3
ACWR_HIGH_FROM = 1.5

# During a session, from a weigh-in [A1, N1, SR]: at most what was sweated, at least enough that
# the loss stays under MAX_LOSS_PCT.

# Caffeine [Caf1, Caf2]
CAFFEINE_ADULT_MG = 400.0
CAFFEINE_UNDER_18_MG_PER_KG = 2.5
CAFFEINE_SINGLE_DOSE_MG = 200.0

# Sleep [S1, S2, S3]
SLEEP_TEEN_H = (8.0, 10.0)  # ages 13-18
SLEEP_ADULT_MIN_H = 7.0

# Magnesium supplement upper limit [N-Mg]
MAGNESIUM_SUPPLEMENT_UL_MG = 350.0

# Triage: twitch limits [F1]
TWITCH_WEEKS_ROUTINE = 2.0
TWITCH_PLACES_ROUTINE = 1

TRIAGE_ORDER = ("none", "routine", "soon", "emergency")

# Triage, version 2: every reason id and its level, in the order a handout lists them.
TRIAGE_REASONS: dict[str, str] = {
    "dark_urine": "emergency",  # tea- or cola-coloured urine [R1]
    "severe_pain": "emergency",  # muscle pain far worse than expected, even alone [R1]
    "weakness_with_pain_or_dark_urine": "emergency",  # [R1]
    "confusion": "emergency",  # confusion, odd behaviour or collapse [W4]
    "gain_with_hyponatremia_signs": "emergency",  # mass gained with headache, vomiting or confusion [H1]
    "sudden_nerve_symptom": "emergency",  # weakness, numbness, speech or swallowing, sudden [NHS-S]
    "weakness": "soon",  # without pain or dark urine, not sudden [F4]
    "muscle_wasting": "soon",  # [F4]
    "speech_or_swallowing": "soon",  # came on slowly [F4]
    "twitch_with_weakness_or_wasting": "soon",  # [F4, F1]
    "twitch_over_2_weeks": "routine",  # [F1]
    "twitch_in_several_places": "routine",  # [F1]
    "numbness": "routine",  # came on slowly [F1, F2]
    "new_medication": "routine",  # [F1]
}
# The sources of each reason, and of each emergency's first step (the comments above).
REASON_SOURCES: dict[str, tuple[str, ...]] = {
    "dark_urine": ("R1",),
    "severe_pain": ("R1",),
    "weakness_with_pain_or_dark_urine": ("R1",),
    "confusion": ("W4",),
    "gain_with_hyponatremia_signs": ("H1",),
    "sudden_nerve_symptom": ("NHS-S",),
    "weakness": ("F4",),
    "muscle_wasting": ("F4",),
    "speech_or_swallowing": ("F4",),
    "twitch_with_weakness_or_wasting": ("F4", "F1"),
    "twitch_over_2_weeks": ("F1",),
    "twitch_in_several_places": ("F1",),
    "numbness": ("F1", "F2"),
    "new_medication": ("F1",),
}
ACT_NOW_SOURCES: dict[str, tuple[str, ...]] = {
    "cool_first": ("W4", "W5"),
    "cool_first_if_hot": ("W4", "W5"),
    "no_more_fluid": ("H1",),
    "hospital_blood_test": ("R1",),
    "stroke": ("NHS-S",),
}
TRIAGE_SOURCES = {
    "emergency": ("R1", "W4", "W5", "H1", "NHS-S"),
    "soon": ("F4", "F1"),
    "routine": ("F1", "F2"),
}
# What to do first in an emergency, by what fired: the act-now steps of the content facts.
RHABDO_SIGNS = frozenset({"dark_urine", "severe_pain", "weakness_with_pain_or_dark_urine"})

# Page 1 warnings that are not a doctor's visit, in the order they are shown.
WARNINGS = ("overdrinking", "heat_cancel", "heat_danger")


@dataclass(frozen=True)
class Recommendation:
    """One personal recommendation: what it is, which values triggered it, and its sources."""

    id: str
    reason: dict[str, Any]
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Unknown:
    """Something the plan could not work out, why, and which fields would fill it in."""

    item: str
    why: str  # "missing", "age_not_covered", "no_chronic_load", "weigh_in_inconsistent", "assumed"
    fields: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hydration:
    fluid_before_ml: tuple[float, float] | None
    fluid_before_extra_ml: tuple[float, float] | None
    sweat_rate_l_per_h: float | None
    mass_change_kg: float | None  # post - pre: negative is a loss
    body_mass_loss_pct: float | None
    loss_over_limit: bool | None
    fluid_after_ml: float | None
    overdrinking: bool | None
    # During a session like the weighed one: drink at least / at most this much (mL) [A1, N1, SR].
    fluid_during_ml: tuple[float, float] | None = None
    session_h: float | None = None


@dataclass(frozen=True)
class Heat:
    temperature_c: float | None
    humidity_pct: float | None
    heat_index_c: float | None
    heat_index_f: float | None
    wbgt_c: float | None
    wbgt_band: int | None
    wbgt_category: str | None
    wbgt_column: str | None  # "acclimatized" or "not_acclimatized"
    acclimatized: bool | None
    acclimatization_advice: bool
    # The NWS heat index chart starts at 80 °F: below it the number says nothing about heat risk.
    heat_index_applies: bool = False
    heat_index_category: str | None = None  # the NWS's: "caution" ... "extreme_danger"
    # WBGT 18.4 °C or more, or a heat index of 80 °F or more: heat advice prints only then.
    # None: neither reading is known.
    warm: bool | None = None


@dataclass(frozen=True)
class Load:
    acute: float | None
    chronic_weekly: float | None
    acwr: float | None
    band: str | None  # "low", "sweet_spot", "rising", "high"


@dataclass(frozen=True)
class Caffeine:
    intake_mg: float | None
    limit_mg: float | None
    limit_basis: str | None  # "adult" or "under_18_per_kg"
    single_dose_mg: float
    over_limit: bool | None


@dataclass(frozen=True)
class Sleep:
    hours: float | None
    target_h: tuple[float, float | None] | None
    short: bool | None


@dataclass(frozen=True)
class Nutrients:
    magnesium_mg: float | None
    calcium_mg: float | None
    potassium_mg: float | None
    sodium_mg: float | None
    magnesium_supplement_limit_mg: float | None  # given for ages 9 and up [N-Mg]
    foods: dict[str, tuple[str, ...]]
    # The sodium figure is for the general population; said where the sweat rate is measured [N-K].
    sodium_general_population: bool = False


@dataclass(frozen=True)
class TriageReason:
    code: str
    level: str


@dataclass(frozen=True)
class Triage:
    level: str  # "none", "routine", "soon", "emergency"
    reasons: tuple[TriageReason, ...]
    # An emergency's first steps, by what fired: "cool_first" (collapse or confusion in the heat),
    # "cool_first_if_hot" (the same where the weather is not known), "no_more_fluid" (a weight
    # gain with hyponatremia signs), "hospital_blood_test" (rhabdomyolysis signs), "stroke".
    act_now: tuple[str, ...] = ()

    @property
    def codes(self) -> tuple[str, ...]:
        """Return the ids of every reason, in order."""
        return tuple(r.code for r in self.reasons)


@dataclass(frozen=True)
class Plan:
    """Everything personal about one athlete's handout, as numbers, flags and reasons."""

    profile: Profile
    hydration: Hydration
    heat: Heat
    load: Load
    caffeine: Caffeine
    sleep: Sleep
    nutrients: Nutrients
    triage: Triage
    recommendations: tuple[Recommendation, ...]
    unknowns: tuple[Unknown, ...] = field(default=())
    # Page 1 warnings that are not a doctor's visit: ids from WARNINGS.
    warnings: tuple[str, ...] = field(default=())

    @property
    def emergency(self) -> bool:
        """Return whether the handout is an emergency one: no training until a doctor says so."""
        return self.triage.level == "emergency"

    def has(self, recommendation_id: str) -> bool:
        """Return whether the plan holds the recommendation with this id."""
        return any(r.id == recommendation_id for r in self.recommendations)

    def recommendation(self, recommendation_id: str) -> Recommendation | None:
        """Return the recommendation with this id, if the plan holds it."""
        return next((r for r in self.recommendations if r.id == recommendation_id), None)

    def as_json(self) -> dict[str, Any]:
        """Return the plan as JSON-ready data, numbers in SI units."""
        p = self.profile
        athlete = {
            "name": p.name,
            "athlete_id": p.athlete_id,
            "team": p.team,
            "sport": p.sport,
            "age": p.age,
            "sex": p.sex,
            "body_mass_kg": p.body_mass_kg,
            "language": p.language,
            "units": p.output_units,
        }
        data: dict[str, Any] = _jsonable(
            {
                "athlete": athlete,
                "hydration": dataclasses.asdict(self.hydration),
                "heat": dataclasses.asdict(self.heat),
                "load": dataclasses.asdict(self.load),
                "caffeine": dataclasses.asdict(self.caffeine),
                "sleep": dataclasses.asdict(self.sleep),
                "nutrients": dataclasses.asdict(self.nutrients),
                "triage": {
                    "level": self.triage.level,
                    "reasons": list(self.triage.codes),
                    "reason_levels": {r.code: r.level for r in self.triage.reasons},
                    "act_now": list(self.triage.act_now),
                },
                "warnings": list(self.warnings),
                "recommendations": [dataclasses.asdict(r) for r in self.recommendations],
                "unknowns": [dataclasses.asdict(u) for u in self.unknowns],
            }
        )
        return data


def _jsonable(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


class _Builder:
    """Collects recommendations and unknowns while the rules run."""

    def __init__(self) -> None:
        self.recommendations: list[Recommendation] = []
        self.unknowns: list[Unknown] = []

    def recommend(self, rid: str, sources: tuple[str, ...], **reason: Any) -> None:
        self.recommendations.append(Recommendation(rid, reason, sources))

    def unknown(self, item: str, why: str, *fields_: str) -> None:
        self.unknowns.append(Unknown(item, why, tuple(fields_)))


def _missing(p: Profile, *names: str) -> tuple[str, ...]:
    return tuple(n for n in names if getattr(p, n) is None)


def hydration_plan(p: Profile, b: _Builder) -> Hydration:
    """Return fluid amounts before and after exercise, and the weigh-in results."""
    before = extra = None
    if p.body_mass_kg is not None:
        m = p.body_mass_kg
        before = (BEFORE_ML_PER_KG[0] * m, BEFORE_ML_PER_KG[1] * m)
        extra = (BEFORE_EXTRA_ML_PER_KG[0] * m, BEFORE_EXTRA_ML_PER_KG[1] * m)
        b.recommend("fluid_before", ("A2",), body_mass_kg=m)
    else:
        b.unknown("fluid_before", "missing", "body_mass_kg")
    b.recommend("drink_to_a_plan", ("A1", "N1", "H1"))

    change = loss_pct = over = after = overdrinking = sweat = None
    during: tuple[float, float] | None = None
    if p.pre_mass_kg is not None and p.post_mass_kg is not None:
        change = p.post_mass_kg - p.pre_mass_kg
        loss_pct = -change / p.pre_mass_kg * 100.0
        # Compared at the precision people weigh at, so exactly 2 % is not "over" by float noise.
        over = round(loss_pct, 2) > MAX_LOSS_PCT
        overdrinking = change > 0
        after = max(0.0, -change) * AFTER_L_PER_KG_LOST * 1000.0
        weighed = {"pre_mass_kg": p.pre_mass_kg, "post_mass_kg": p.post_mass_kg}
        if overdrinking:
            b.recommend("overdrinking", ("H1", "H2"), mass_change_kg=change, **weighed)
        elif over:
            b.recommend("mass_loss_over_limit", ("A1", "N1"), body_mass_loss_pct=loss_pct)
        if after > 0:
            b.recommend("fluid_after", ("A2",), mass_change_kg=change, **weighed)
    else:
        b.unknown("body_mass_loss", "missing", *_missing(p, "pre_mass_kg", "post_mass_kg"))

    needed = _missing(p, "pre_mass_kg", "post_mass_kg", "fluid_l", "urine_l", "session_h")
    if needed:
        b.unknown("sweat_rate", "missing", *needed)
    else:
        assert p.pre_mass_kg is not None and p.post_mass_kg is not None
        assert p.fluid_l is not None and p.urine_l is not None and p.session_h is not None
        rate = (p.pre_mass_kg - p.post_mass_kg + p.fluid_l - p.urine_l) / p.session_h
        if rate < 0:
            b.unknown("sweat_rate", "weigh_in_inconsistent")
        else:
            sweat = rate
            hi = rate * p.session_h * 1000.0
            lo = max(0.0, hi - MAX_LOSS_PCT / 100.0 * p.pre_mass_kg * 1000.0)
            during = (lo, hi)
            b.recommend("fluid_during", ("A1", "N1", "SR"), fluid_during_ml=during, session_h=p.session_h)
            b.recommend(
                "sweat_rate",
                ("SR",),
                sweat_rate_l_per_h=rate,
                pre_mass_kg=p.pre_mass_kg,
                post_mass_kg=p.post_mass_kg,
                fluid_l=p.fluid_l,
                urine_l=p.urine_l,
                session_h=p.session_h,
            )
    if p.altitude_m is not None:
        b.recommend("altitude", ("A1",), altitude_m=p.altitude_m)
    return Hydration(before, extra, sweat, change, loss_pct, over, after, overdrinking, during, p.session_h)


def heat_plan(p: Profile, b: _Builder) -> Heat:
    """Return the heat index and its NWS category, the WBGT row for the athlete's column, and
    whether it is warm enough for heat advice at all."""
    hi_c = hi_f = hi_category = None
    applies = False
    if p.temperature_c is not None and p.humidity_pct is not None:
        hi_c = heat.heat_index_c(p.temperature_c, p.humidity_pct)
        hi_f = heat.heat_index_f(c_to_f(p.temperature_c), p.humidity_pct)
        hi_category = heat.nws_category(hi_f)
        applies = hi_category is not None
        if applies:
            b.recommend(
                "heat_index",
                ("NWS",),
                temperature_c=p.temperature_c,
                humidity_pct=p.humidity_pct,
                heat_index_c=hi_c,
                category=hi_category,
            )
    else:
        b.unknown("heat_index", "missing", *_missing(p, "temperature_c", "humidity_pct"))

    band = category = column = None
    wbgt_warm: bool | None = None
    if p.wbgt_c is not None:
        row = heat.wbgt_band(p.wbgt_c)
        band = row.band
        wbgt_warm = row.band >= heat.WARM_FROM_BAND
        if p.acclimatized:
            column, category = "acclimatized", row.acclimatized
        else:
            # Not known counts as not acclimatized: the table's safer column.
            column, category = "not_acclimatized", row.not_acclimatized
            if p.acclimatized is None and wbgt_warm:
                b.unknown("wbgt_column", "assumed", "acclimatized")
        b.recommend(
            "wbgt",
            ("W1",),
            wbgt_c=p.wbgt_c,
            band=band,
            category=category,
            acclimatized=p.acclimatized,
        )
    else:
        b.unknown("wbgt_category", "missing", "wbgt_c")

    warm: bool | None
    if wbgt_warm or applies:
        warm = True
    elif wbgt_warm is None and hi_f is None:
        warm = None
    else:
        warm = False
    advice = p.acclimatized is False and warm is True
    if advice:
        b.recommend("acclimatization", ("W2", "W3"), acclimatized=False)
    return Heat(
        p.temperature_c,
        p.humidity_pct,
        hi_c,
        hi_f,
        p.wbgt_c,
        band,
        category,
        column,
        p.acclimatized,
        advice,
        applies,
        hi_category,
        warm,
    )


def heat_warnings(h: Heat) -> list[str]:
    """Return the page 1 heat warnings: practice called off by the WBGT table, or, without a
    WBGT, a heat index from the NWS's Danger category up [W1, NWS]."""
    if h.wbgt_category in heat.CANCEL:
        return ["heat_cancel"]
    if h.wbgt_c is None and h.heat_index_category in heat.NWS_DANGER:
        return ["heat_danger"]
    return []


def acwr_band(acwr: float) -> str:
    """Return the band of an acute:chronic workload ratio [T1]: a rough guide, not a prediction."""
    if acwr < ACWR_LOW_BELOW:
        return "low"
    if acwr <= ACWR_SWEET_SPOT_UP_TO:
        return "sweet_spot"
    if acwr < ACWR_HIGH_FROM:
        return "rising"
    return "high"


def load_plan(p: Profile, b: _Builder) -> Load:
    """Return the acute:chronic workload ratio and its band."""
    needed = _missing(p, "load_last_7d", "load_last_28d")
    if needed:
        b.unknown("acwr", "missing", *needed)
        return Load(p.load_last_7d, None, None, None)
    assert p.load_last_7d is not None and p.load_last_28d is not None
    chronic = p.load_last_28d / 4.0
    if chronic == 0:
        b.unknown("acwr", "no_chronic_load", "load_last_28d")
        return Load(p.load_last_7d, chronic, None, None)
    acwr = p.load_last_7d / chronic
    band = acwr_band(acwr)
    b.recommend(
        f"load_{band}",
        ("T1", "T2", "T3"),
        acwr=acwr,
        load_last_7d=p.load_last_7d,
        load_last_28d=p.load_last_28d,
    )
    if band in ("rising", "high"):
        # Ease back toward the usual week, not hold steady at the new level [T1, T5].
        b.recommend("ease_back", ("T1", "T5"), acwr=acwr)
    return Load(p.load_last_7d, chronic, acwr, band)


def caffeine_plan(p: Profile, b: _Builder) -> Caffeine:
    """Return the daily caffeine limit for the athlete's age and mass, and whether it is passed."""
    limit = basis = None
    if p.age is None:
        b.unknown("caffeine_limit", "missing", "age")
    elif p.age >= 18:
        limit, basis = CAFFEINE_ADULT_MG, "adult"
    elif p.body_mass_kg is None:
        b.unknown("caffeine_limit", "missing", "body_mass_kg")
    else:
        # Never above the adult limit, however heavy the athlete [Caf1, Caf2].
        limit = min(CAFFEINE_UNDER_18_MG_PER_KG * p.body_mass_kg, CAFFEINE_ADULT_MG)
        basis = "under_18_per_kg"
    over = None
    if p.caffeine_mg_per_day is None:
        b.unknown("caffeine_intake", "missing", "caffeine_mg_per_day")
    elif limit is not None:
        over = p.caffeine_mg_per_day > limit
    if p.caffeine_mg_per_day:
        b.recommend(
            "caffeine_over_limit" if over else "caffeine",
            ("Caf1", "Caf2", "F1", "F2"),
            caffeine_mg_per_day=p.caffeine_mg_per_day,
            limit_mg=limit,
            age=p.age,
        )
    return Caffeine(p.caffeine_mg_per_day, limit, basis, CAFFEINE_SINGLE_DOSE_MG, over)


def sleep_plan(p: Profile, b: _Builder) -> Sleep:
    """Return the sleep target for the athlete's age, and whether their sleep falls short."""
    target: tuple[float, float | None] | None = None
    if p.age is None:
        b.unknown("sleep_target", "missing", "age")
    elif p.age < 13:
        b.unknown("sleep_target", "age_not_covered", "age")
    elif p.age <= 18:
        target = SLEEP_TEEN_H
    else:
        target = (SLEEP_ADULT_MIN_H, None)
    short = None
    if p.sleep_h is None:
        b.unknown("sleep_hours", "missing", "sleep_h")
    elif target is not None:
        short = p.sleep_h < target[0]
        b.recommend(
            "sleep_short" if short else "sleep",
            ("S1", "S2", "S3"),
            sleep_h=p.sleep_h,
            target_low_h=target[0],
            age=p.age,
        )
    return Sleep(p.sleep_h, target, short)


def _by_sex(sex: str | None, male: float, female: float) -> float:
    if sex == "male":
        return male
    if sex == "female":
        return female
    return max(male, female)


# The daily targets below cover every age the profile accepts (8 and up) [N-Mg, N-Ca, N-K].


def magnesium_mg(age: int, sex: str | None) -> float:
    """Return the magnesium RDA [N-Mg]."""
    if age <= 8:
        return 130
    if age <= 13:
        return 240
    if age <= 18:
        return _by_sex(sex, 410, 360)
    if age <= 30:
        return _by_sex(sex, 400, 310)
    return _by_sex(sex, 420, 320)


def magnesium_supplement_limit_mg(age: int) -> float | None:
    """Return the upper limit for magnesium from supplements [N-Mg]: given for ages 9 and up."""
    return MAGNESIUM_SUPPLEMENT_UL_MG if age >= 9 else None


def calcium_mg(age: int, sex: str | None) -> float:
    """Return the calcium RDA [N-Ca]."""
    if age <= 8:
        return 1000
    if age <= 18:
        return 1300
    if age <= 50:
        return 1000
    if age <= 70:
        return _by_sex(sex, 1000, 1200)
    return 1200


def potassium_mg(age: int, sex: str | None) -> float:
    """Return the potassium adequate intake [N-K]."""
    if age <= 8:
        return 2300
    if age <= 13:
        return _by_sex(sex, 2500, 2300)
    if age <= 18:
        return _by_sex(sex, 3000, 2300)
    return _by_sex(sex, 3400, 2600)


def sodium_mg(age: int) -> float:
    """Return the sodium adequate intake [N-K]."""
    if age <= 8:
        return 1000
    if age <= 13:
        return 1200
    return 1500


MAGNESIUM_FOODS = (
    "legumes",
    "nuts",
    "seeds",
    "whole_grains",
    "leafy_greens",
    "fortified_cereals",
    "milk",
    "yogurt",
)
CALCIUM_FOODS = (
    "milk",
    "yogurt",
    "kale",
    "bok_choy",
    "collards",
    "calcium_set_tofu",
    "fortified_soy_drink",
    "fortified_juice",
)
DAIRY = frozenset({"milk", "yogurt"})


def foods_for(diet: str | None, lactose_free: bool | None) -> dict[str, tuple[str, ...]]:
    """Return the food sources of magnesium and calcium that fit a diet [N-Mg, N-Ca]."""
    no_dairy = diet == "vegan" or lactose_free is True
    return {
        nutrient: tuple(f for f in foods if not (no_dairy and f in DAIRY))
        for nutrient, foods in (("magnesium", MAGNESIUM_FOODS), ("calcium", CALCIUM_FOODS))
    }


def nutrient_plan(p: Profile, b: _Builder, sweat_rate: float | None) -> Nutrients:
    """Return daily mineral targets for age and sex, and food sources that fit the diet."""
    foods = foods_for(p.diet, p.lactose_free)
    mg: float | None
    ca: float | None
    k: float | None
    na: float | None
    supplement_limit: float | None = None
    if p.age is None:
        b.unknown("nutrients", "missing", "age")
        mg = ca = k = na = None
    else:
        if p.sex is None:
            b.unknown("nutrients_sex", "assumed", "sex")
        mg, ca = magnesium_mg(p.age, p.sex), calcium_mg(p.age, p.sex)
        k, na = potassium_mg(p.age, p.sex), sodium_mg(p.age)
        supplement_limit = magnesium_supplement_limit_mg(p.age)
    # The sodium AI does not apply to people who lose much sodium in sweat [N-K, IOM2005].
    general = na is not None and sweat_rate is not None
    b.recommend(
        "nutrients",
        ("N-Mg", "N-Ca", "N-K", "C5", *(("IOM2005", "Na1", "Na2") if general else ())),
        age=p.age,
        sex=p.sex,
        diet=p.diet,
        lactose_free=p.lactose_free,
    )
    if p.alcohol_drinks_per_week:
        # Under 18 (or age not known), no advice that accepts drinking [Alc3].
        sources: tuple[str, ...]
        if p.age is None:
            rid, sources = "alcohol_age_unknown", ("Alc1", "Alc2", "Alc3")
        elif p.age < 18:
            rid, sources = "alcohol_under_18", ("Alc3", "Alc1")
        else:
            rid, sources = "alcohol", ("Alc1", "Alc2")
        b.recommend(rid, sources, alcohol_drinks_per_week=p.alcohol_drinks_per_week, age=p.age)
    return Nutrients(mg, ca, k, na, supplement_limit, foods, general)


def triage_plan(p: Profile, heat_: Heat, b: _Builder) -> Triage:
    """Return how soon the athlete should see a doctor, by triage version 2 of the content facts.

    Every line that fires is a reason at its own level; the highest level wins.
    """
    fired: list[str] = []
    sudden = p.sudden_onset is True
    gained = p.pre_mass_kg is not None and p.post_mass_kg is not None and p.post_mass_kg > p.pre_mass_kg
    twitching = bool(p.twitch_weeks) or bool(p.twitch_places)

    if p.dark_urine:
        fired.append("dark_urine")
    if p.severe_pain:
        fired.append("severe_pain")
    if p.weakness and (p.severe_pain or p.dark_urine):
        fired.append("weakness_with_pain_or_dark_urine")
    if p.confusion:
        fired.append("confusion")
    if gained and (p.headache or p.vomiting or p.confusion):
        fired.append("gain_with_hyponatremia_signs")
    if sudden and (p.weakness or p.numbness or p.speech_or_swallowing):
        fired.append("sudden_nerve_symptom")
    # The slower forms of the same symptoms: each symptom sits at one level only.
    if p.weakness and not (p.severe_pain or p.dark_urine) and not sudden:
        fired.append("weakness")
    if p.muscle_wasting:
        fired.append("muscle_wasting")
    if p.speech_or_swallowing and not sudden:
        fired.append("speech_or_swallowing")
    if twitching and (p.weakness or p.muscle_wasting):
        fired.append("twitch_with_weakness_or_wasting")
    if p.twitch_weeks is not None and p.twitch_weeks > TWITCH_WEEKS_ROUTINE:
        fired.append("twitch_over_2_weeks")
    if p.twitch_places is not None and p.twitch_places > TWITCH_PLACES_ROUTINE:
        fired.append("twitch_in_several_places")
    if p.numbness and not sudden:
        fired.append("numbness")
    if p.new_medication:
        fired.append("new_medication")

    reasons = tuple(TriageReason(code, TRIAGE_REASONS[code]) for code in fired)
    level = max((r.level for r in reasons), key=TRIAGE_ORDER.index, default="none")
    act_now: list[str] = []
    if level == "emergency":
        if "confusion" in fired and heat_.warm is not False:
            act_now.append("cool_first" if heat_.warm else "cool_first_if_hot")
        if "gain_with_hyponatremia_signs" in fired:
            act_now.append("no_more_fluid")
        if RHABDO_SIGNS.intersection(fired):
            act_now.append("hospital_blood_test")
        if "sudden_nerve_symptom" in fired:
            act_now.append("stroke")
    if level != "none":
        b.recommend(f"triage_{level}", TRIAGE_SOURCES[level], symptoms=list(fired))
    if p.twitch_weeks or p.twitch_places:
        b.recommend(
            "twitch_triggers",
            ("F1", "F2", "F3"),
            twitch_weeks=p.twitch_weeks,
            twitch_places=p.twitch_places,
        )
    return Triage(level, reasons, tuple(act_now))


def make_plan(profile: Profile) -> Plan:
    """Return the plan for one athlete."""
    b = _Builder()
    hydration = hydration_plan(profile, b)
    heat_ = heat_plan(profile, b)
    triage = triage_plan(profile, heat_, b)
    warnings: list[str] = []
    if hydration.overdrinking and "gain_with_hyponatremia_signs" not in triage.codes:
        warnings.append("overdrinking")
    warnings += heat_warnings(heat_)
    return Plan(
        profile=profile,
        hydration=hydration,
        heat=heat_,
        load=load_plan(profile, b),
        caffeine=caffeine_plan(profile, b),
        sleep=sleep_plan(profile, b),
        nutrients=nutrient_plan(profile, b, hydration.sweat_rate_l_per_h),
        triage=triage,
        recommendations=tuple(b.recommendations),
        unknowns=tuple(b.unknowns),
        warnings=tuple(warnings),
    )
