"""The personalization rules: from one validated profile to one plan of numbers, flags and reasons.

No wording lives here. Every figure comes from the content facts (keys in brackets name the
sources, expanded in `generator.sources`). A value the profile does not allow us to work out is
`None`, and the plan lists it under `unknowns` with the fields that would fill it in.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from generator import heat
from generator.profile import Profile
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
    magnesium_supplement_limit_mg: float
    foods: dict[str, tuple[str, ...]]


@dataclass(frozen=True)
class TriageReason:
    code: str
    level: str


@dataclass(frozen=True)
class Triage:
    level: str  # "none", "routine", "soon", "emergency"
    reasons: tuple[TriageReason, ...]


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
                "triage": dataclasses.asdict(self.triage),
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
    return Hydration(before, extra, sweat, change, loss_pct, over, after, overdrinking)


def heat_plan(p: Profile, b: _Builder) -> Heat:
    """Return the heat index, the WBGT activity category and the acclimatization advice."""
    hi_c = hi_f = None
    applies = False
    if p.temperature_c is not None and p.humidity_pct is not None:
        hi_c = heat.heat_index_c(p.temperature_c, p.humidity_pct)
        hi_f = heat.heat_index_f(c_to_f(p.temperature_c), p.humidity_pct)
        applies = c_to_f(p.temperature_c) >= heat.HEAT_INDEX_FROM_F
        if applies:
            b.recommend(
                "heat_index",
                ("NWS",),
                temperature_c=p.temperature_c,
                humidity_pct=p.humidity_pct,
                heat_index_c=hi_c,
            )
    else:
        b.unknown("heat_index", "missing", *_missing(p, "temperature_c", "humidity_pct"))

    band = category = column = None
    if p.wbgt_c is not None:
        row = heat.wbgt_band(p.wbgt_c)
        band = row.band
        if p.acclimatized:
            column, category = "acclimatized", row.acclimatized
        else:
            # Not known counts as not acclimatized: the table's safer column.
            column, category = "not_acclimatized", row.not_acclimatized
            if p.acclimatized is None:
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
    advice = p.acclimatized is False
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
    )


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
        ("T1", "T2", "T3", "T4"),
        acwr=acwr,
        load_last_7d=p.load_last_7d,
        load_last_28d=p.load_last_28d,
    )
    if band in ("rising", "high"):
        b.recommend("gradual_increase", ("T5",), acwr=acwr)
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
        limit, basis = CAFFEINE_UNDER_18_MG_PER_KG * p.body_mass_kg, "under_18_per_kg"
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


def magnesium_mg(age: int, sex: str | None) -> float | None:
    """Return the magnesium RDA [N-Mg], or None below age 14 (not in our sources)."""
    if age < 14:
        return None
    if age <= 18:
        return _by_sex(sex, 410, 360)
    if age <= 30:
        return _by_sex(sex, 400, 310)
    return _by_sex(sex, 420, 320)


def calcium_mg(age: int, sex: str | None) -> float | None:
    """Return the calcium RDA [N-Ca], or None below age 9 (not in our sources)."""
    if age < 9:
        return None
    if age <= 18:
        return 1300
    if age <= 50:
        return 1000
    if age <= 70:
        return _by_sex(sex, 1000, 1200)
    return 1200


def potassium_mg(age: int, sex: str | None) -> float | None:
    """Return the potassium adequate intake [N-K], or None below age 14 (not in our sources)."""
    if age < 14:
        return None
    if age <= 18:
        return _by_sex(sex, 3000, 2300)
    return _by_sex(sex, 3400, 2600)


def sodium_mg(age: int) -> float | None:
    """Return the sodium adequate intake [N-K], or None below age 14 (not in our sources)."""
    return None if age < 14 else 1500


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


def nutrient_plan(p: Profile, b: _Builder) -> Nutrients:
    """Return daily mineral targets for age and sex, and food sources that fit the diet."""
    foods = foods_for(p.diet, p.lactose_free)
    if p.age is None:
        b.unknown("nutrients", "missing", "age")
        mg = ca = k = na = None
    else:
        if p.sex is None:
            b.unknown("nutrients_sex", "assumed", "sex")
        mg, ca = magnesium_mg(p.age, p.sex), calcium_mg(p.age, p.sex)
        k, na = potassium_mg(p.age, p.sex), sodium_mg(p.age)
        if mg is None or ca is None:
            b.unknown("nutrients", "age_not_covered", "age")
    b.recommend(
        "nutrients",
        ("N-Mg", "N-Ca", "N-K", "C5"),
        age=p.age,
        sex=p.sex,
        diet=p.diet,
        lactose_free=p.lactose_free,
    )
    if p.alcohol_drinks_per_week:
        b.recommend("alcohol", ("Alc1", "Alc2"), alcohol_drinks_per_week=p.alcohol_drinks_per_week)
    return Nutrients(mg, ca, k, na, MAGNESIUM_SUPPLEMENT_UL_MG, foods)


def triage_plan(p: Profile, b: _Builder) -> Triage:
    """Return how soon the athlete should see a doctor, and every symptom that says so."""
    reasons: list[TriageReason] = []

    def flag(code: str, level: str) -> None:
        reasons.append(TriageReason(code, level))

    if p.dark_urine:
        flag("dark_urine", "emergency")
    if p.confusion:
        flag("confusion", "emergency")
    if p.severe_pain and p.weakness:
        flag("severe_pain_with_weakness", "emergency")
    else:
        if p.severe_pain:
            flag("severe_pain", "soon")
        if p.weakness:
            flag("weakness", "soon")
    if p.muscle_wasting:
        flag("muscle_wasting", "soon")
    if p.speech_or_swallowing:
        flag("speech_or_swallowing", "soon")
    if p.twitch_weeks is not None and p.twitch_weeks > TWITCH_WEEKS_ROUTINE:
        flag("twitch_over_2_weeks", "routine")
    if p.twitch_places is not None and p.twitch_places > TWITCH_PLACES_ROUTINE:
        flag("twitch_in_several_places", "routine")
    if p.numbness:
        flag("numbness", "routine")
    if p.new_medication:
        flag("new_medication", "routine")

    level = max((r.level for r in reasons), key=TRIAGE_ORDER.index, default="none")
    sources_by_level = {
        "emergency": ("R1", "W4", "H1"),
        "soon": ("F4", "F2"),
        "routine": ("F1", "F2"),
    }
    if level != "none":
        b.recommend(f"triage_{level}", sources_by_level[level], symptoms=[r.code for r in reasons])
    if p.twitch_weeks or p.twitch_places:
        b.recommend(
            "twitch_triggers",
            ("F1", "F2", "F3"),
            twitch_weeks=p.twitch_weeks,
            twitch_places=p.twitch_places,
        )
    return Triage(level, tuple(reasons))


def make_plan(profile: Profile) -> Plan:
    """Return the plan for one athlete."""
    b = _Builder()
    triage = triage_plan(profile, b)
    return Plan(
        profile=profile,
        hydration=hydration_plan(profile, b),
        heat=heat_plan(profile, b),
        load=load_plan(profile, b),
        caffeine=caffeine_plan(profile, b),
        sleep=sleep_plan(profile, b),
        nutrients=nutrient_plan(profile, b),
        triage=triage,
        recommendations=tuple(b.recommendations),
        unknowns=tuple(b.unknowns),
    )
