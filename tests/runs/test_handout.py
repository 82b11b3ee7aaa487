"""Handouts as a reader gets them: pages, text, fonts, boxes, metadata, bookmarks."""

from __future__ import annotations

import re

import pytest

from generator.options import TOPICS
from tests.pdfs import all_text, embedded, font_names, make, page_texts, profile, reader

FULL = dict(
    age=16,
    sex="female",
    body_mass_kg=60,
    pre_mass_kg=60.5,
    post_mass_kg=59.3,
    fluid_l=0.6,
    urine_l=0,
    session_h=1.5,
    temperature_c=31,
    humidity_pct=60,
    wbgt_c=28.4,
    acclimatized="no",
    load_last_7d=2600,
    load_last_28d=6500,
    caffeine_mg_per_day=160,
    sleep_h=7,
    diet="vegan",
    team="Riverside FC",
    sport="football",
)


def test_a_known_profile_prints_its_own_numbers() -> None:
    text = all_text(make(profile(name="Maya Chen", **FULL)))
    flat = " ".join(text.split())
    assert "For Maya Chen" in flat
    assert "Riverside FC · football" in flat
    # 5-7 mL/kg and 3-5 mL/kg of 60 kg [A2]
    assert "At least 4 hours before training, drink 300–420 mL (about 1½ glasses)." in flat
    assert "drink 180–300 mL (about 1 glass) more about 2 hours before" in flat
    # Sweat rate (60.5 - 59.3 + 0.6) / 1.5 = 1.2 L/h; in 1.5 h at most 1.8 L, at least
    # 1.8 - 2 % of 60.5 kg (1.21 L) = 0.59 L [A1, N1, SR]
    assert "drink at least 590 mL (about 2½ glasses) and at most 1.8 L (about 7 glasses)" in flat
    # ACWR = 2600 / (6500 / 4) = 1.60: high band, with the reason why
    assert "This week you trained 1.60 times as much as in a usual week." in flat
    assert "Why: your training load this week is 1.60 times your usual." in flat
    # 1.2 kg lost -> 1.8 L after; 2.0 % of 60.5 kg is not over the limit
    assert "drink about 1.8 L (about 7 glasses) in total" in flat
    # Teen caffeine limit 2.5 mg/kg -> 150 mg
    assert "That is more than your limit of 150 mg a day." in flat
    # WBGT 28.4 °C, not acclimatized: the sixth row of the ACSM table (27.9-30.0 °C)
    assert "The heat reading (WBGT) was 28.4 °C." in flat
    assert "Rest for as long as you work. Keep sessions easier and shorter" in flat
    # Vegan: no milk among the calcium foods
    assert "Calcium: 1300 mg. It is in kale" in flat and "milk, yogurt" not in flat


def test_imperial_units() -> None:
    flat = " ".join(all_text(make(profile(name="Jay", **FULL), units="imperial")).split())
    assert "At least 4 hours before training, drink 11–14 oz (about 1½ cups)." in flat  # 300-420 mL
    assert "(WBGT) was 83.1 °F" in flat
    assert "drink about 61 oz (about 7½ cups) in total" in flat  # 1.8 L
    assert "drink at least 20 oz (about 2½ cups) and at most 61 oz (about 7½ cups)" in flat


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.3, 841.9)), ("letter", (612.0, 792.0))])
def test_paper_sizes(paper: str, size: tuple[float, float]) -> None:
    pdf = reader(make(profile(**FULL), paper=paper))
    for page in pdf.pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == size


def test_page_x_of_y_on_every_page() -> None:
    texts = page_texts(make(profile(**FULL)))
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text
        assert "Education, not a diagnosis." in text


@pytest.mark.parametrize(
    ("symptoms", "title"),
    [
        ({"dark_urine": "yes"}, "Get medical help now"),
        ({"weakness": "yes"}, "See a doctor this week"),
        ({"twitch_weeks": "3"}, "Book a doctor's visit"),
    ],
)
def test_triage_box_opens_page_one(symptoms: dict[str, str], title: str) -> None:
    first = page_texts(make(profile(**symptoms)))[0]
    lines = first.splitlines()
    # The title block (title, name, date) comes first, then the box.
    assert lines[3] == title
    assert first.index(title) < first.index("Preventing cramps and twitches")


def test_triage_box_in_spanish() -> None:
    first = page_texts(make(profile(dark_urine="yes", language="es")))[0]
    assert "Busca ayuda médica ahora" in first


def test_no_box_when_no_symptom() -> None:
    text = all_text(make(profile()))
    # Each title is there once, as the doctor topic's own heading ("... if"), never as a box.
    for title in ("Get medical help now", "See a doctor this week", "Book a doctor's visit"):
        assert text.count(title) == 1 and f"{title} if" in text


def test_every_handout_ends_with_the_statement_and_references() -> None:
    texts = page_texts(make(profile()))
    tail = " ".join(" ".join(texts[-2:]).split())
    assert "This handout is for learning. It is not a diagnosis" in tail
    assert "Where this advice comes from" in tail
    assert "Miller et al. Exercise-Associated Muscle Cramps. J Athl Train 2021." in tail


@pytest.mark.parametrize(
    "name", ["Zoë Ñúñez", "Łukasz Wróbel", "Nguyễn Thị Ngọc", "Ærø Øster", "Юлия Смирнова", "Ελένη"]
)
def test_names_print_exactly(name: str) -> None:
    made = make(profile(name=name))
    assert made.warnings == []
    assert f"For {name}" in page_texts(made)[0]


def test_undrawable_text_warns_and_never_prints_a_box() -> None:
    made = make(profile(name="Ana 漢字"))
    assert made.warnings == ["2 different characters cannot be printed in the handout font and show as '?'"]
    assert "For Ana ??" in page_texts(made)[0]


def test_every_font_is_embedded_and_subset() -> None:
    made = make(profile(**FULL))
    names = font_names(made)
    assert names and all(re.match(r"^/[A-Z]{6}\+FiraSans-", n) for n in names), names
    assert embedded(made)


def test_metadata_has_title_language_subject_and_nothing_personal() -> None:
    pdf = reader(
        make(profile(name="Maya Chen", team="Secret Team", **{k: v for k, v in FULL.items() if k != "team"}))
    )
    meta = pdf.metadata
    assert meta is not None
    assert meta.title == "Cramps, twitches and recovery"
    assert meta.subject == "Advice on muscle cramps, twitches, recovery and when to see a doctor"
    assert str(pdf.root_object["/Lang"]) == "en"
    info = " ".join(str(v) for v in meta.values())
    for private in ("Maya", "Chen", "Secret Team", "football", "vegan"):
        assert private not in info


def test_headings_are_bookmarks() -> None:
    outline = reader(make(profile(**FULL))).outline
    titles = [item.title for item in outline if not isinstance(item, list)]
    assert titles == [
        "Preventing cramps and twitches",
        "Recovery after training",
        "When to see a doctor",
        "My checklist for this week",
        "About this handout",
    ]


def test_one_topic() -> None:
    made = make(profile(**FULL), topics=("doctor",))
    text = all_text(made)
    assert "When to see a doctor" in text.splitlines()[0]
    assert "Preventing cramps and twitches" not in text and "Recovery after training" not in text
    assert made.pages <= 3


def test_sections_that_do_not_apply_are_left_out() -> None:
    none = all_text(make(profile(age=25, caffeine_mg_per_day=0, alcohol_drinks_per_week=0)))
    assert "Caffeine\n" not in none and "Alcohol\n" not in none
    some = all_text(make(profile(age=25, caffeine_mg_per_day=300, alcohol_drinks_per_week=4)))
    assert "Caffeine\n" in some and "Alcohol\n" in some


def test_missing_inputs_say_what_to_measure() -> None:
    flat = " ".join(all_text(make(profile())).split())
    assert "Find your sweat rate" in flat
    assert "ask your coach to add your body weight to your profile" in flat
    assert "We do not know the weather where you train." in flat
    assert "ask your coach to measure the WBGT" in flat
    assert "ask your coach to log your training load each day" in flat


def test_heat_index_only_says_what_it_can() -> None:
    flat = " ".join(all_text(make(profile(temperature_c=32, humidity_pct=60))).split())
    # 32 °C = 89.6 °F at 60 %: the NWS chart reads 95-100 °F (88-90 °F); the equation gives 98.7 °F = 37 °C
    assert "With 32 °C and 60 % humidity, it feels like 37 °C." in flat
    assert 'The US weather service calls this heat "Extreme caution".' in flat
    assert "Heat cramps or heat exhaustion are possible." in flat
    assert "Ask your coach to measure the WBGT. It is a heat reading that also counts sun and wind." in flat
    assert "no agreed rule" not in flat


def test_checklist_has_a_box_per_item_for_the_coming_week() -> None:
    text = all_text(make(profile(**FULL)))
    assert "My checklist for this week" in text
    assert "Keep caffeine under 150 mg a day." in text


def test_overdrinking_is_warned_not_rewarded() -> None:
    first, *rest = page_texts(make(profile(pre_mass_kg=60, post_mass_kg=60.5, body_mass_kg=60)))
    flat = " ".join(" ".join([first, *rest]).split())
    assert "You drank more than you sweated" in first  # page 1's warning, not a doctor box
    assert "You weighed 0.5 kg more after training than before." in flat
    assert "You do not need extra drinks now." in flat
    assert "Thirst alone may not be enough" not in flat


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_in_both_languages(topic: str) -> None:
    for language in ("en", "es"):
        made = make(profile(**FULL), topics=(topic,), language=language)
        assert made.language == language
        assert made.pages >= 1


def test_no_heat_index_in_the_cold() -> None:
    text = all_text(make(profile(temperature_c=-4, humidity_pct=70)))
    flat = " ".join(text.split("Where this advice comes from")[0].split())  # sources may name heat papers
    assert "it feels like" not in flat
    assert "WBGT" not in flat and "Heat\n" not in flat


def test_one_drink_and_one_week_are_singular() -> None:
    flat = " ".join(all_text(make(profile(age=30, alcohol_drinks_per_week=1, twitch_weeks=1))).split())
    assert "You have about 1 drink a week." in flat
    assert "Your twitch has lasted about 1 week." in flat
