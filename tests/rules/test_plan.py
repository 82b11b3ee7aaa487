"""The personalization rules, against the figures in the content facts."""

from __future__ import annotations

from typing import Any

import pytest

from generator.inputs.profile import Profile
from generator.rules.plan import (
    acwr_band,
    calcium_mg,
    foods_for,
    magnesium_mg,
    make_plan,
    potassium_mg,
    sodium_mg,
)


def plan_for(**values: Any):  # type: ignore[no-untyped-def]
    return make_plan(Profile(name="Test", **values))


def test_fluid_before_is_5_to_7_and_3_to_5_ml_per_kg() -> None:
    h = plan_for(body_mass_kg=60).hydration
    assert h.fluid_before_ml == (300, 420)
    assert h.fluid_before_extra_ml == (180, 300)


def test_weigh_in_sweat_rate_loss_and_fluid_after() -> None:
    # 70.0 -> 68.6 kg over 1.5 h, 0.9 L drunk, 0.2 L urine:
    # sweat rate = (1.4 + 0.9 - 0.2) / 1.5 = 1.4 L/h; loss 2 %; after 1.5 x 1.4 kg = 2.1 L.
    p = plan_for(pre_mass_kg=70.0, post_mass_kg=68.6, fluid_l=0.9, urine_l=0.2, session_h=1.5)
    h = p.hydration
    assert h.sweat_rate_l_per_h == pytest.approx(1.4)
    assert h.body_mass_loss_pct == pytest.approx(2.0)
    assert h.loss_over_limit is False
    assert h.fluid_after_ml == pytest.approx(2100)
    assert h.overdrinking is False
    rec = p.recommendation("sweat_rate")
    assert rec is not None and rec.sources == ("SR",)


def test_loss_above_2_percent_is_flagged() -> None:
    p = plan_for(pre_mass_kg=50.0, post_mass_kg=48.9)
    assert p.hydration.loss_over_limit is True and p.has("mass_loss_over_limit")


def test_mass_gain_is_an_overdrinking_warning() -> None:
    p = plan_for(pre_mass_kg=60.0, post_mass_kg=60.4, fluid_l=2.0, urine_l=0, session_h=2)
    assert p.hydration.overdrinking is True
    assert p.hydration.fluid_after_ml == 0
    rec = p.recommendation("overdrinking")
    assert rec is not None and "H1" in rec.sources
    assert not p.has("fluid_after")


def test_sweat_rate_needs_the_whole_weigh_in() -> None:
    p = plan_for(pre_mass_kg=60.0, post_mass_kg=59.0)
    assert p.hydration.sweat_rate_l_per_h is None
    unknown = {u.item: u for u in p.unknowns}["sweat_rate"]
    assert unknown.fields == ("fluid_l", "urine_l", "session_h")


def test_impossible_weigh_in_is_not_turned_into_a_rate() -> None:
    p = plan_for(pre_mass_kg=60.0, post_mass_kg=62.0, fluid_l=0.5, urine_l=0.1, session_h=1)
    assert p.hydration.sweat_rate_l_per_h is None
    assert {u.item: u.why for u in p.unknowns}["sweat_rate"] == "weigh_in_inconsistent"


@pytest.mark.parametrize(
    ("acwr", "band"),
    [
        (0.0, "low"),
        (0.79, "low"),
        (0.8, "sweet_spot"),
        (1.3, "sweet_spot"),
        (1.31, "rising"),
        (1.49, "rising"),
        (1.5, "high"),
        (3.0, "high"),
    ],
)
def test_acwr_bands(acwr: float, band: str) -> None:
    assert acwr_band(acwr) == band


def test_acwr_is_acute_over_a_quarter_of_the_28_day_load() -> None:
    load = plan_for(load_last_7d=1600, load_last_28d=4000).load
    assert load.acwr == pytest.approx(1.6) and load.band == "high"


def test_acwr_with_no_chronic_load_is_unknown() -> None:
    p = plan_for(load_last_7d=100, load_last_28d=0)
    assert p.load.acwr is None
    assert {u.item: u.why for u in p.unknowns}["acwr"] == "no_chronic_load"


# The RDA/AI table of the content facts [N-Mg, N-Ca, N-K].
@pytest.mark.parametrize(
    ("age", "sex", "mg", "ca", "k", "na"),
    [
        (15, "male", 410, 1300, 3000, 1500),
        (15, "female", 360, 1300, 2300, 1500),
        (16, "unspecified", 410, 1300, 3000, 1500),
        (25, "male", 400, 1000, 3400, 1500),
        (25, "female", 310, 1000, 2600, 1500),
        (40, "male", 420, 1000, 3400, 1500),
        (40, "female", 320, 1000, 2600, 1500),
        (60, "female", 320, 1200, 2600, 1500),
        (60, "male", 420, 1000, 3400, 1500),
        (75, "male", 420, 1200, 3400, 1500),
        # Every age the profile accepts (8 and up) gets all four [N-Mg, N-Ca, N-K].
        (13, "male", 240, 1300, 2500, 1200),
        (12, "female", 240, 1300, 2300, 1200),
        (9, "unspecified", 240, 1300, 2500, 1200),
        (14, "female", 360, 1300, 2300, 1500),
        (8, "male", 130, 1000, 2300, 1000),
        (8, "female", 130, 1000, 2300, 1000),
        (18, "male", 410, 1300, 3000, 1500),
        (19, "female", 310, 1000, 2600, 1500),
        (50, "female", 320, 1000, 2600, 1500),
        (51, "female", 320, 1200, 2600, 1500),
        (70, "male", 420, 1000, 3400, 1500),
        (71, "male", 420, 1200, 3400, 1500),
    ],
)
def test_daily_nutrient_targets(
    age: int, sex: str, mg: float | None, ca: float | None, k: float | None, na: float | None
) -> None:
    assert (magnesium_mg(age, sex), calcium_mg(age, sex), potassium_mg(age, sex), sodium_mg(age)) == (
        mg,
        ca,
        k,
        na,
    )


def test_unknown_sex_uses_the_higher_target_and_says_so() -> None:
    p = plan_for(age=16)
    assert p.nutrients.magnesium_mg == 410 and p.nutrients.potassium_mg == 3000
    assert {u.item: u.why for u in p.unknowns}["nutrients_sex"] == "assumed"


def test_unknown_age_gives_no_targets() -> None:
    n = plan_for(sex="male").nutrients
    assert (n.magnesium_mg, n.calcium_mg, n.potassium_mg, n.sodium_mg) == (None, None, None, None)


def test_food_sources_fit_the_diet() -> None:
    assert "milk" in foods_for("omnivore", False)["calcium"]
    assert "milk" not in foods_for("vegan", None)["calcium"]
    assert "yogurt" not in foods_for("vegetarian", True)["magnesium"]
    assert "calcium_set_tofu" in foods_for("vegan", None)["calcium"]
    # Spinach is a poor calcium source (oxalate) [N-Ca]; it is never listed for calcium.
    assert all("spinach" not in foods for foods in foods_for(None, None).values())


def test_caffeine_limits() -> None:
    adult = plan_for(age=25, caffeine_mg_per_day=450).caffeine
    assert (adult.limit_mg, adult.over_limit) == (400, True)
    teen = plan_for(age=16, body_mass_kg=60, caffeine_mg_per_day=140).caffeine
    assert (teen.limit_mg, teen.over_limit, teen.limit_basis) == (150, False, "under_18_per_kg")
    no_mass = plan_for(age=16, caffeine_mg_per_day=140).caffeine
    assert (no_mass.limit_mg, no_mass.over_limit) == (None, None)


def test_no_caffeine_means_no_caffeine_advice() -> None:
    p = plan_for(age=25, caffeine_mg_per_day=0)
    assert p.caffeine.over_limit is False
    assert not p.has("caffeine") and not p.has("caffeine_over_limit")


@pytest.mark.parametrize(
    ("age", "hours", "target", "short"),
    [
        (13, 7.9, (8, 10), True),
        (18, 8, (8, 10), False),
        (19, 6.5, (7, None), True),
        (30, 7, (7, None), False),
    ],
)
def test_sleep_targets(age: int, hours: float, target: tuple[float, float | None], short: bool) -> None:
    s = plan_for(age=age, sleep_h=hours).sleep
    assert (s.target_h, s.short) == (target, short)


def test_sleep_target_not_covered_below_13() -> None:
    p = plan_for(age=11, sleep_h=9)
    assert p.sleep.target_h is None and p.sleep.short is None


def test_wbgt_unknown_acclimatization_uses_the_safer_column() -> None:
    p = plan_for(wbgt_c=31.0)
    assert (p.heat.wbgt_band, p.heat.wbgt_category) == (7, "cancel_or_stop")
    assert {u.item: u.why for u in p.unknowns}["wbgt_column"] == "assumed"
    assert plan_for(wbgt_c=31.0, acclimatized=True).heat.wbgt_category == "limit_intense_and_exposure"


def test_acclimatization_advice_only_for_the_not_acclimatized_where_it_is_warm() -> None:
    assert plan_for(acclimatized=False, wbgt_c=24).heat.acclimatization_advice
    assert plan_for(acclimatized=False, temperature_c=30, humidity_pct=50).heat.acclimatization_advice
    assert not plan_for(acclimatized=True, wbgt_c=24).heat.acclimatization_advice
    assert not plan_for(wbgt_c=24).heat.acclimatization_advice
    # Cold, or weather not known: no acclimatization steps [W2, W3 apply in the heat].
    assert not plan_for(acclimatized=False, wbgt_c=2).heat.acclimatization_advice
    assert not plan_for(acclimatized=False).heat.acclimatization_advice


@pytest.mark.parametrize(
    ("values", "warm"),
    [
        ({"wbgt_c": 18.3}, False),
        ({"wbgt_c": 18.4}, True),
        ({"wbgt_c": 2.0}, False),
        ({"temperature_c": 26.7, "humidity_pct": 50}, True),  # heat index 80.8 °F
        ({"temperature_c": 25.0, "humidity_pct": 50}, False),
        ({"temperature_c": 25.0, "humidity_pct": 50, "wbgt_c": 19.0}, True),
        ({"temperature_c": 30.0, "humidity_pct": 50, "wbgt_c": 15.0}, True),
        ({"temperature_c": 30.0}, None),
        ({}, None),
    ],
)
def test_warm_is_wbgt_18_4_or_a_heat_index_of_80_f(values: dict[str, Any], warm: bool | None) -> None:
    assert plan_for(**values).heat.warm is warm


@pytest.mark.parametrize(
    ("values", "warnings"),
    [
        ({"wbgt_c": 31.0}, ["heat_cancel"]),  # cancel or stop, not acclimatized
        ({"wbgt_c": 31.0, "acclimatized": True}, []),  # limit intense work
        ({"wbgt_c": 32.3, "acclimatized": True}, ["heat_cancel"]),
        ({"wbgt_c": 30.0}, []),
        # Without a WBGT: the NWS category, from Danger (103 °F) up.
        ({"temperature_c": 35.0, "humidity_pct": 50}, ["heat_danger"]),  # 107.5 °F
        ({"temperature_c": 33.0, "humidity_pct": 50}, []),  # 99.6 °F: extreme caution
        ({"temperature_c": 35.0, "humidity_pct": 50, "wbgt_c": 26.0}, []),
        ({"pre_mass_kg": 60.0, "post_mass_kg": 60.3}, ["overdrinking"]),
        ({"pre_mass_kg": 60.0, "post_mass_kg": 60.3, "headache": True}, []),  # an emergency instead
        ({"pre_mass_kg": 60.0, "post_mass_kg": 60.3, "wbgt_c": 33.0}, ["overdrinking", "heat_cancel"]),
    ],
)
def test_page_one_warnings(values: dict[str, Any], warnings: list[str]) -> None:
    assert list(plan_for(**values).warnings) == warnings


@pytest.mark.parametrize(
    ("heat_index_f", "category"),
    [(79.9, None), (80.0, "caution"), (89.9, "caution"), (90.0, "extreme_caution"),
     (102.9, "extreme_caution"), (103.0, "danger"), (124.9, "danger"), (125.0, "extreme_danger")],
)  # fmt: skip
def test_nws_categories(heat_index_f: float, category: str | None) -> None:
    from generator.rules.heat import nws_category

    assert nws_category(heat_index_f) == category


def test_during_a_session_drink_at_least_and_at_most() -> None:
    # Sweat rate (70 - 68.6 + 0.9 - 0.2) / 1.5 = 1.4 L/h; in 1.5 h at most 2.1 L; 2 % of 70 kg is
    # 1.4 kg, so at least 2.1 - 1.4 = 0.7 L [A1, N1, SR].
    h = plan_for(pre_mass_kg=70.0, post_mass_kg=68.6, fluid_l=0.9, urine_l=0.2, session_h=1.5).hydration
    assert h.fluid_during_ml == pytest.approx((700, 2100))
    # A light sweater: the 2 % allowance covers it all, so the least is zero, never below.
    light = plan_for(pre_mass_kg=70.0, post_mass_kg=69.8, fluid_l=0.1, urine_l=0, session_h=1).hydration
    assert light.fluid_during_ml == pytest.approx((0, 300))
    assert plan_for(pre_mass_kg=70.0, post_mass_kg=69.0).hydration.fluid_during_ml is None


@pytest.mark.parametrize(
    ("age", "mass", "limit"),
    [(15, 60, 150), (17, 200, 400), (17, 160, 400), (16, 159, 397.5), (18, 50, 400), (30, 200, 400)],
)
def test_caffeine_limit_for_teens_is_never_above_the_adult_limit(age: int, mass: float, limit: float) -> None:
    assert plan_for(age=age, body_mass_kg=mass).caffeine.limit_mg == pytest.approx(limit)


@pytest.mark.parametrize(
    ("age", "rid"),
    [(16, "alcohol_under_18"), (17, "alcohol_under_18"), (18, "alcohol"), (None, "alcohol_age_unknown")],
)
def test_alcohol_advice_fits_the_age(age: int | None, rid: str) -> None:
    p = plan_for(age=age, alcohol_drinks_per_week=2)
    assert p.has(rid)
    assert [r.id for r in p.recommendations if r.id.startswith("alcohol")] == [rid]


def test_a_high_or_rising_load_says_ease_back() -> None:
    for seven in (2000, 2500):  # 1.33 rising, 1.67 high
        p = plan_for(load_last_7d=seven, load_last_28d=6000)
        assert p.has("ease_back") and p.load.band in ("rising", "high")
    assert not plan_for(load_last_7d=1500, load_last_28d=6000).has("ease_back")


def test_json_has_the_documented_keys_and_null_for_unknowns() -> None:
    data = plan_for().as_json()
    expected = {
        "athlete": {"name"},
        "hydration": {
            "fluid_before_ml",
            "fluid_before_extra_ml",
            "sweat_rate_l_per_h",
            "body_mass_loss_pct",
            "fluid_after_ml",
            "overdrinking",
        },
        "heat": {"heat_index_c", "heat_index_f", "wbgt_category"},
        "load": {"acwr", "band"},
        "caffeine": {"limit_mg", "over_limit"},
        "sleep": {"target_h", "short"},
        "nutrients": {"magnesium_mg", "calcium_mg", "potassium_mg", "sodium_mg"},
        "triage": {"level", "reasons"},
    }
    for section, keys in expected.items():
        assert keys <= set(data[section]), section
        for key in keys - {"name", "level", "reasons"}:
            assert data[section][key] is None, f"{section}.{key}"
    assert data["athlete"]["name"] == "Test"
    assert data["triage"] == {"level": "none", "reasons": [], "reason_levels": {}, "act_now": []}
    assert data["warnings"] == []


def test_json_gives_reasons_as_stable_ids_and_the_warnings() -> None:
    data = plan_for(severe_pain=True, weakness=True, pre_mass_kg=60, post_mass_kg=60.4, wbgt_c=31.0).as_json()
    assert data["triage"]["level"] == "emergency"
    assert data["triage"]["reasons"] == ["severe_pain", "weakness_with_pain_or_dark_urine"]
    assert data["triage"]["reason_levels"] == {
        "severe_pain": "emergency",
        "weakness_with_pain_or_dark_urine": "emergency",
    }
    assert data["triage"]["act_now"] == ["hospital_blood_test"]
    assert data["warnings"] == ["overdrinking", "heat_cancel"]
    assert data["heat"]["warm"] is True and data["heat"]["wbgt_band"] == 7


def test_every_recommendation_has_an_id_a_reason_and_known_sources() -> None:
    from generator.content.sources import SOURCES

    p = plan_for(
        age=16,
        sex="female",
        body_mass_kg=55,
        pre_mass_kg=55,
        post_mass_kg=53.8,
        fluid_l=0.5,
        urine_l=0,
        session_h=1.5,
        temperature_c=32,
        humidity_pct=60,
        wbgt_c=29,
        acclimatized=False,
        load_last_7d=3000,
        load_last_28d=8000,
        caffeine_mg_per_day=200,
        sleep_h=7,
        alcohol_drinks_per_week=1,
        altitude_m=1800,
        twitch_weeks=3,
        dark_urine=True,
    )
    ids = [r.id for r in p.recommendations]
    assert len(ids) == len(set(ids))
    for rec in p.recommendations:
        assert rec.sources and set(rec.sources) <= set(SOURCES), rec.id
        assert isinstance(rec.reason, dict)
    assert p.recommendation("load_high") is not None
    assert p.recommendation("load_high").reason["acwr"] == pytest.approx(1.5)


def test_heat_index_applies_from_80_f() -> None:
    cold = plan_for(temperature_c=-4, humidity_pct=70)
    assert cold.heat.heat_index_c is not None and not cold.heat.heat_index_applies
    assert not cold.has("heat_index")
    warm = plan_for(temperature_c=26.7, humidity_pct=50)
    assert warm.heat.heat_index_applies and warm.has("heat_index")
