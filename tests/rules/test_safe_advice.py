"""Safe advice as the printed page says it: emergencies, over-drinking, heat, cold, units, age.

Each case makes a real handout and reads its PDF text back, in English and in Spanish, so a
change to a template, a label or the layout that drops a safety line fails here.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.pdfs import all_text, make, page_texts, profile

HOT_WBGT_CANCEL: dict[str, Any] = dict(wbgt_c=33, acclimatized="yes")  # band 8 for everyone: cancel
HOT_HEAT_INDEX_DANGER: dict[str, Any] = dict(
    temperature_c=38, humidity_pct=60
)  # NWS "Danger" or worse, no WBGT
COLD: dict[str, Any] = dict(temperature_c=-4, humidity_pct=70)


def first_page(language: str = "en", units: str = "metric", **values: Any) -> str:
    return " ".join(page_texts(make(profile(**values), language=language, units=units))[0].split())


def whole(language: str = "en", units: str = "metric", **values: Any) -> str:
    return " ".join(all_text(make(profile(**values), language=language, units=units)).split())


# Each emergency line, the fields that raise it, and the act-now step each language prints first.
EMERGENCIES: list[tuple[str, dict[str, Any], dict[str, str]]] = [
    (
        "dark_urine",
        dict(dark_urine="yes"),
        {"en": "Ask for a blood test for muscle damage (CK).", "es": "(CK)"},
    ),
    (
        "severe_pain",
        dict(severe_pain="yes"),
        {"en": "Ask for a blood test for muscle damage (CK).", "es": "(CK)"},
    ),
    (
        "confusion_hot",
        dict(confusion="yes", wbgt_c=29, acclimatized="no"),
        {"en": "Heat: call the emergency number. Cool the whole body at once", "es": "agua fría"},
    ),
    (
        "confusion_weather_unknown",
        dict(confusion="yes"),
        {"en": "If this happened in the heat: call the emergency number", "es": "agua fría"},
    ),
    (
        "gain_with_headache",
        dict(pre_mass_kg=60, post_mass_kg=60.5, body_mass_kg=60, headache="yes"),
        {"en": "Drink no more water or sports drink.", "es": "bebida deportiva"},
    ),
    (
        "sudden_weakness",
        dict(weakness="yes", sudden_onset="yes"),
        {"en": "Call the emergency number now. It can be a stroke.", "es": "derrame cerebral"},
    ),
]

STOP = {"en": "Stop training now.", "es": "Deja de entrenar ahora."}
NO_TRAINING = {"en": "No training until a doctor says it is safe.", "es": "hasta que un médico"}
EMERGENCY_TITLE = {"en": "Get medical help now", "es": "Busca ayuda médica ahora"}


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(("case", "values", "step"), EMERGENCIES, ids=[c[0] for c in EMERGENCIES])
def test_every_emergency_opens_page_one_with_what_to_do_now(
    case: str, values: dict[str, Any], step: dict[str, str], language: str
) -> None:
    page = first_page(language, **values)
    assert EMERGENCY_TITLE[language] in page
    assert STOP[language] in page
    assert step[language] in page
    assert NO_TRAINING[language] in page
    # The act-now step comes before the reasons: a reader in a hurry sees it first.
    assert page.index(STOP[language]) < page.index(step[language])


def test_an_emergency_handout_has_no_drink_amounts_and_no_load_advice() -> None:
    text = whole(
        dark_urine="yes",
        body_mass_kg=60,
        pre_mass_kg=60.5,
        post_mass_kg=59.3,
        session_h=1.5,
        load_last_7d=2600,
        load_last_28d=6500,
    )
    assert "At least 4 hours before, drink" not in text
    assert "2 hours before, if urine is dark yellow" not in text  # the drink plan chart
    assert "times your usual week" not in text
    assert "Follow what the doctor tells you about drinks." in text
    assert "[ ] Get medical help now." not in text  # boxes print as drawn squares, not brackets
    assert "Show this handout to the doctor." in text


def test_an_emergency_with_a_lower_symptom_lists_it_under_also() -> None:
    page = first_page(dark_urine="yes", twitch_weeks=3)
    assert "Also: Book a doctor's visit" in page
    assert page.index("Get medical help now") < page.index("Also: Book a doctor's visit")
    assert page.index("Also: Book a doctor's visit") < page.index("A twitch has lasted more than 2 weeks.")


@pytest.mark.parametrize("language", ["en", "es"])
def test_over_drinking_gets_a_warning_and_no_drink_after(language: str) -> None:
    values: dict[str, Any] = dict(pre_mass_kg=60, post_mass_kg=60.5, body_mass_kg=60)
    page = first_page(language, **values)
    text = whole(language, **values)
    words = {
        "en": ("You drank more than you sweated", "No extra drinks. Drink when thirsty.", "Weigh in to know"),
        "es": ("Bebiste más de lo que sudaste", "Sin bebidas extra", "Pésate para saberlo"),
    }[language]
    assert words[0] in page
    assert words[1] in text
    assert words[2] not in text


def test_over_drinking_with_signs_is_an_emergency_not_a_warning() -> None:
    page = first_page(pre_mass_kg=60, post_mass_kg=60.5, body_mass_kg=60, vomiting="yes")
    assert "Get medical help now" in page
    assert "Drink no more water or sports drink." in page
    assert "You drank more than you sweated" not in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_heat_that_cancels_training_says_so_in_a_box_and_the_checklist(language: str) -> None:
    page = first_page(language, **HOT_WBGT_CANCEL)
    text = whole(language, **HOT_WBGT_CANCEL)
    if language == "en":
        assert "Heat: training is cancelled" in page
        assert "At 33.0 °C, practice is cancelled." in text
    else:
        assert "Calor:" in page and "cancela" in page
        assert "Con 33,0 °C, se cancela el entrenamiento." in text


def test_heat_index_danger_without_a_wbgt_stops_hard_outdoor_training() -> None:
    page = first_page(**HOT_HEAT_INDEX_DANGER)
    text = whole(**HOT_HEAT_INDEX_DANGER)
    assert "Heat: no hard training outside" in page
    assert "No hard training outside until the WBGT is measured and the team's heat plan allows it." in text


def test_heat_warnings_give_way_to_an_emergency() -> None:
    page = first_page(dark_urine="yes", **HOT_WBGT_CANCEL)
    assert "Get medical help now" in page
    assert "Heat: training is cancelled" not in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_cold_weather_has_no_heat_section(language: str) -> None:
    sources = {"en": "Where this advice comes from", "es": "De dónde vienen estos consejos"}[language]
    text = whole(language, **COLD).split(sources)[0]  # the source list may name heat papers
    assert "WBGT" not in text
    heat_heading = {"en": " Heat ", "es": " Calor "}[language]
    assert heat_heading not in text


def test_unknown_weather_says_so() -> None:
    assert "We do not know the weather where you train." in whole()


def test_warm_but_mild_heat_explains_the_wbgt() -> None:
    text = whole(wbgt_c=24, acclimatized="yes")
    assert "The WBGT is a heat reading that also counts sun and wind." in text


@pytest.mark.parametrize("language", ["en", "es"])
def test_imperial_handouts_measure_in_ounces_and_cups(language: str) -> None:
    values: dict[str, Any] = dict(
        body_mass_kg=60, pre_mass_kg=60.5, post_mass_kg=59.3, session_h=1.5, caffeine_mg_per_day=160, age=16
    )
    text = whole(language, "imperial", **values)
    assert " oz " in text
    assert {"en": "cup", "es": "taza"}[language] in text
    for metric in (" mL", " kg ", " L ", "°C", {"en": "glass", "es": "vaso"}[language]):
        assert metric not in text, metric
    if language == "en":
        assert "1.1 mg for each pound of body weight a day" in text


def test_metric_handouts_pour_in_glasses() -> None:
    text = whole(body_mass_kg=60, pre_mass_kg=60.5, post_mass_kg=59.3, session_h=1.5)
    assert "glass" in text
    for imperial in (" oz", " lb", "°F", "cup"):
        assert imperial not in text, imperial


@pytest.mark.parametrize(
    ("age", "line"),
    [
        (16, "Alcohol is not safe at your age"),
        (30, "Skip alcohol on training days."),
    ],
)
def test_alcohol_advice_fits_the_age(age: int, line: str) -> None:
    text = whole(age=age, alcohol_drinks_per_week=2)
    assert line in text
    if age < 18:
        assert "Talk to a parent, your coach or a doctor." in text


def test_an_eight_year_old_gets_mineral_targets_and_no_pill_dose() -> None:
    text = whole(age=8)
    assert "Every day" in text
    assert "Magnesium: about 130 mg" in text
    assert "Calcium: about 1000 mg" in text and "Potassium: about 2300 mg" in text
    assert "Ask a doctor before you take a magnesium pill." in text
    assert "keep it under" not in text


def test_a_teen_gets_the_magnesium_pill_limit() -> None:
    assert "If you do take a pill, keep it under 350 mg a day." in whole(age=15)


def test_sodium_is_flagged_as_a_general_figure_when_sweat_is_known() -> None:
    values: dict[str, Any] = dict(
        age=20, body_mass_kg=60, pre_mass_kg=60.5, post_mass_kg=59.3, fluid_l=0.6, urine_l=0, session_h=1.5
    )
    assert "It does not fit people who lose a lot of salt in sweat" in whole(**values)
    assert "It does not fit people who lose a lot of salt in sweat" not in whole(age=20)


def test_a_big_jump_in_load_says_ease_back() -> None:
    text = whole(load_last_7d=3000, load_last_28d=6000)
    assert "Ease back toward your usual week." in text
    assert "Ease back toward my usual week of training." in text


@pytest.mark.parametrize(
    ("language", "units", "shown"),
    [
        ("en", "imperial", "it feels like 125 °F or more."),
        ("es", "metric", "la sensación es de 52 °C o más."),
    ],
)
def test_a_heat_index_far_past_the_chart_prints_its_category_floor(
    language: str, units: str, shown: str
) -> None:
    # 55 °C at 100 % humidity: the regression gives over 200 °C, a number no reader should see.
    text = whole(language, units, temperature_c=55, humidity_pct=100)
    assert shown in text


def test_a_heat_index_on_the_chart_prints_as_it_is() -> None:
    assert "it feels like 37 °C." in whole(temperature_c=32, humidity_pct=60)
