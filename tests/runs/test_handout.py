"""Handouts as a reader gets them: pages, text, fonts, boxes, metadata, bookmarks."""

from __future__ import annotations

import re

import pytest

from generator.errors import UnprintableText
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
    first, second = page_texts(make(profile(name="Maya Chen", **FULL)))
    flat, back = " ".join(first.split()), " ".join(second.split())
    assert "For Maya Chen" in flat
    assert "Riverside FC · football" in flat
    # 5-7 mL/kg and 3-5 mL/kg of 60 kg [A2]
    assert "At least 4 hours before, drink 300–420 mL (about 1½ glasses)." in flat
    assert "drink 180–300 mL (about 1 glass) more about 2 hours before" in flat
    # Sweat rate (60.5 - 59.3 + 0.6) / 1.5 = 1.2 L/h; in 1.5 h at most 1.8 L, at least
    # 1.8 - 2 % of 60.5 kg (1.21 L) = 0.59 L [A1, N1, SR]
    assert "drink at least 590 mL (about 2½ glasses) and at most 1.8 L (about 7 glasses)" in flat
    # ACWR = 2600 / (6500 / 4) = 1.60: high band; the reason why is on page 2
    assert "This week you trained 1.60 times your usual week. Ease back toward your usual week." in flat
    assert "Your training this week is 1.60 times your usual week. This is a rough guide." in back
    # 1.2 kg lost -> 1.8 L after
    assert "Over the next few hours, drink about 1.8 L (about 7 glasses)." in flat
    # Teen caffeine limit 2.5 mg/kg -> 150 mg
    assert "Caffeine: keep under 150 mg a day. You have about 160 mg: cut down a bit each day." in flat
    # WBGT 28.4 °C, not acclimatized: the sixth row of the ACSM table (27.9-30.0 °C)
    assert "Heat reading (WBGT) 28.4 °C: Rest for as long as you work." in flat
    # Vegan: no milk among the calcium foods
    assert "Calcium: about 1300 mg, from kale" in flat and "milk, yogurt" not in flat
    assert "You sweat about 1.2 L/h." in back


def test_the_plan_is_in_the_order_it_happens() -> None:
    flat = " ".join(page_texts(make(profile(**FULL)))[0].split())
    order = [
        "Before training",
        "During training",
        "After training",
        "Every day",
        "My checklist for this week",
    ]
    assert [flat.index(h) for h in order] == sorted(flat.index(h) for h in order)
    assert flat.index("Magnesium") < flat.index("Sleep 8 to 10 hours") < flat.index("Caffeine: keep under")


def test_imperial_units() -> None:
    flat = " ".join(all_text(make(profile(name="Jay", **FULL), units="imperial")).split())
    assert "At least 4 hours before, drink 11–14 oz (about 1½ cups)." in flat  # 300-420 mL
    assert "Heat reading (WBGT) 83.1 °F" in flat
    assert "drink about 61 oz (about 7½ cups)" in flat  # 1.8 L
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
    # The title block (title, name, team and date) comes first, then the box, then the plan.
    assert lines[3] == title
    assert first.index(title) < first.index("My plan\n")


def test_triage_box_in_spanish() -> None:
    first = page_texts(make(profile(dark_urine="yes", language="es")))[0]
    assert "Busca ayuda médica ahora" in first


def test_no_box_when_no_symptom() -> None:
    first, second = page_texts(make(profile()))
    # Each title is there once, as a heading of page 2's "When to get help", never as a box.
    for title in ("Get medical help now", "See a doctor this week", "Book a doctor's visit"):
        assert title not in first and second.count(title) == 1 and f"\n{title}\n" in second


def test_every_handout_ends_with_the_statement_and_references() -> None:
    texts = page_texts(make(profile()))
    tail = " ".join(texts[-1].split())
    assert "This handout is for learning. It is not a diagnosis" in tail
    assert "Where this advice comes from" in tail
    assert "Miller et al., Exercise-Associated Muscle Cramps, 2021" in tail


@pytest.mark.parametrize(
    "name", ["Zoë Ñúñez", "Łukasz Wróbel", "Nguyễn Thị Ngọc", "Ærø Øster", "Юлия Смирнова", "Ελένη"]
)
def test_names_print_exactly(name: str) -> None:
    made = make(profile(name=name))
    assert made.warnings == []
    assert f"For {name}" in page_texts(made)[0]


def test_text_no_font_prints_is_refused_or_with_leave_shows_a_placeholder() -> None:
    with pytest.raises(UnprintableText, match="Thai script"):
        make(profile(name="Ana ชาย"))
    made = make(profile(name="Ana ชาย"), allow_missing_glyphs=True)
    assert made.warnings == ["3 different characters no font here can print show as '▯'"]
    assert "For Ana ▯▯▯" in page_texts(made)[0]


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
    assert meta.title == "My plan: cramps, twitches and recovery"
    assert meta.subject == "Advice on muscle cramps, twitches, recovery and when to see a doctor"
    assert str(pdf.root_object["/Lang"]) == "en"
    info = " ".join(str(v) for v in meta.values())
    for private in ("Maya", "Chen", "Secret Team", "football", "vegan"):
        assert private not in info


def test_each_page_is_a_bookmark_that_opens_that_page() -> None:
    pdf = reader(make(profile(**FULL)))
    marks = [(item.title, pdf.get_destination_page_number(item)) for item in pdf.outline]  # type: ignore[union-attr, arg-type]
    assert marks == [("My plan", 0), ("Why, and when to get help", 1)]


def test_sections_that_do_not_apply_are_left_out() -> None:
    none = all_text(make(profile(age=25, caffeine_mg_per_day=0, alcohol_drinks_per_week=0)))
    assert "Caffeine" not in none and "alcohol on training days" not in none
    some = all_text(make(profile(age=25, caffeine_mg_per_day=300, alcohol_drinks_per_week=4)))
    assert "Caffeine: keep under 400 mg a day." in some and "Skip alcohol on training days." in some


def test_missing_inputs_say_what_to_measure() -> None:
    flat = " ".join(all_text(make(profile())).split())
    assert "Ask your coach to add your weight to your profile" in flat
    assert "We do not know the weather where you train." in flat
    assert "ask your coach to measure the WBGT" in flat
    assert "ask your coach to log your training" in flat


def test_heat_index_only_says_what_it_can() -> None:
    flat = " ".join(all_text(make(profile(temperature_c=32, humidity_pct=60))).split())
    # 32 °C = 89.6 °F at 60 %: the NWS chart reads 95-100 °F (88-90 °F); the equation gives 98.7 °F = 37 °C
    assert "It feels like 37 °C. Ask your coach to measure the WBGT before hard training." in flat
    assert 'The US weather service calls this heat "Extreme caution".' in flat
    assert "Heat cramps or heat exhaustion are possible." in flat
    assert "The WBGT is a heat reading that also counts sun and wind." in flat
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
    assert "Thirst alone" not in flat


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_handout_is_two_pages(language: str, paper: str) -> None:
    for values in ({}, FULL):
        made = make(profile(**values), language=language, paper=paper)
        assert made.language == language
        assert made.pages == 2


def test_no_heat_index_in_the_cold() -> None:
    text = all_text(make(profile(temperature_c=-4, humidity_pct=70)))
    flat = " ".join(text.split("Where this advice comes from")[0].split())  # sources may name heat papers
    assert "it feels like" not in flat
    assert "WBGT" not in flat and "Heat\n" not in flat
