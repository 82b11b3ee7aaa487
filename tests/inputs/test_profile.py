"""Validation of one athlete's values."""

from __future__ import annotations

import pytest

from generator.inputs.profile import FIELDS, Where, normalize_key, suggest, validate

HERE = Where("athletes.csv", 4)


def test_only_name_is_required_and_missing_means_unknown() -> None:
    result = validate({"name": "Sam"}, HERE)
    assert result.problems == [] and result.profile is not None
    assert result.profile.name == "Sam"
    assert result.profile.body_mass_kg is None and result.profile.acclimatized is None


def test_missing_name_is_reported_with_file_line_and_field() -> None:
    result = validate({"age": "15"}, HERE)
    assert [str(p) for p in result.problems] == ["athletes.csv, line 4, name: is required"]


@pytest.mark.parametrize("word", ["yes", "Y", "TRUE", "1", "Yes"])
def test_yes_words(word: str) -> None:
    profile = validate({"name": "A", "acclimatized": word}, HERE).profile
    assert profile is not None and profile.acclimatized is True


@pytest.mark.parametrize("word", ["no", "N", "false", "0", "No"])
def test_no_words(word: str) -> None:
    profile = validate({"name": "A", "weakness": word}, HERE).profile
    assert profile is not None and profile.weakness is False


def test_blank_yes_no_means_not_known() -> None:
    profile = validate({"name": "A", "weakness": "  "}, HERE).profile
    assert profile is not None and profile.weakness is None


def test_every_problem_of_a_record_is_reported_together() -> None:
    result = validate(
        {
            "name": "A",
            "age": "abc",
            "humidity_pct": "120",
            "weakness": "maybe",
            "sex": "x",
            "body_mass_kg": "7",
        },
        HERE,
    )
    assert result.profile is None
    assert [str(p) for p in result.problems] == [
        "athletes.csv, line 4, age: is not a number",
        "athletes.csv, line 4, humidity_pct: is outside the plausible range 0–100 %",
        "athletes.csv, line 4, weakness: is not yes or no (use yes/no, y/n, true/false or 1/0)",
        "athletes.csv, line 4, sex: is not one of: female, male, unspecified",
        "athletes.csv, line 4, body_mass_kg: is outside the plausible range 20–250 kg",
    ]


def test_imperial_twin_is_converted_to_metric() -> None:
    profile = validate(
        {"name": "A", "body_mass_lb": "150", "temperature_f": "86", "fluid_oz": "16"}, HERE
    ).profile
    assert profile is not None
    assert profile.body_mass_kg == pytest.approx(68.04, abs=0.01)
    assert profile.temperature_c == pytest.approx(30.0)
    assert profile.fluid_l == pytest.approx(0.473, abs=0.001)
    assert profile.imperial_input and profile.output_units == "imperial"


def test_imperial_range_error_speaks_in_the_unit_given() -> None:
    result = validate({"name": "A", "body_mass_lb": "900"}, HERE)
    assert [str(p) for p in result.problems] == [
        "athletes.csv, line 4, body_mass_lb: is outside the plausible range 44–551 lb"
    ]


def test_twins_that_agree_are_accepted() -> None:
    profile = validate({"name": "A", "body_mass_kg": "68", "body_mass_lb": "150"}, HERE).profile
    assert profile is not None and profile.body_mass_kg == 68


def test_twins_that_disagree_are_refused() -> None:
    result = validate({"name": "A", "body_mass_kg": "70", "body_mass_lb": "200"}, HERE)
    assert [str(p) for p in result.problems] == [
        "athletes.csv, line 4, body_mass_kg/body_mass_lb: the two values disagree; give only one of them"
    ]


def test_unknown_field_is_a_warning_with_a_suggestion() -> None:
    result = validate({"name": "A", "body_mas_kg": "60"}, HERE)
    assert result.profile is not None
    assert [str(w) for w in result.warnings] == [
        "athletes.csv, line 4, body_mas_kg: unknown field, ignored; did you mean 'body_mass_kg'?"
    ]


def test_unknown_field_without_a_close_name() -> None:
    assert suggest("favourite_colour") is None


@pytest.mark.parametrize("bad", ["nan", "inf", "-Infinity", float("nan"), True])
def test_not_a_number(bad: object) -> None:
    result = validate({"name": "A", "sleep_h": bad}, HERE)
    assert result.profile is None
    assert result.problems[0].field == "sleep_h"
    assert "is not a number" in result.problems[0].message


def test_decimal_comma_is_read_as_a_decimal_point() -> None:
    profile = validate({"name": "A", "sleep_h": "7,5"}, HERE).profile
    assert profile is not None and profile.sleep_h == 7.5


def test_whole_number_fields_refuse_fractions() -> None:
    result = validate({"name": "A", "twitch_places": "1.5"}, HERE)
    assert [p.message for p in result.problems] == ["is not a whole number"]


def test_overlong_text_is_refused() -> None:
    result = validate({"name": "x" * 201}, HERE)
    assert [p.message for p in result.problems] == ["is 201 characters long; at most 200 are allowed"]


def test_choices_ignore_case() -> None:
    profile = validate({"name": "A", "diet": "Vegan", "language": "ES"}, HERE).profile
    assert profile is not None and (profile.diet, profile.language) == ("vegan", "es")


def test_keys_are_normalized() -> None:
    assert normalize_key("  Body Mass-KG ") == "body_mass_kg"


def test_yaml_key_lines_are_used_when_known() -> None:
    where = Where("zoe.yaml", 1, {"age": 5})
    assert (
        str(validate({"name": "Z", "age": "x"}, where).problems[0])
        == "zoe.yaml, line 5, age: is not a number"
    )


def test_every_field_of_the_issue_is_known() -> None:
    names = {f.name for f in FIELDS} | {f.imperial for f in FIELDS if f.imperial}
    assert names >= {
        "name",
        "athlete_id",
        "team",
        "sport",
        "age",
        "sex",
        "body_mass_kg",
        "body_mass_lb",
        "sessions_per_week",
        "hours_per_week",
        "load_last_7d",
        "load_last_28d",
        "temperature_c",
        "temperature_f",
        "humidity_pct",
        "wbgt_c",
        "wbgt_f",
        "altitude_m",
        "altitude_ft",
        "acclimatized",
        "pre_mass_kg",
        "pre_mass_lb",
        "post_mass_kg",
        "post_mass_lb",
        "fluid_l",
        "fluid_oz",
        "urine_l",
        "urine_oz",
        "session_h",
        "diet",
        "lactose_free",
        "caffeine_mg_per_day",
        "alcohol_drinks_per_week",
        "sleep_h",
        "twitch_weeks",
        "twitch_places",
        "weakness",
        "numbness",
        "muscle_wasting",
        "speech_or_swallowing",
        "dark_urine",
        "severe_pain",
        "confusion",
        "headache",
        "vomiting",
        "sudden_onset",
        "new_medication",
        "language",
        "units",
    }


def test_28_day_load_cannot_be_less_than_the_7_day_load() -> None:
    result = validate({"name": "A", "load_last_7d": "900", "load_last_28d": "800"}, HERE)
    assert [str(p) for p in result.problems] == [
        "athletes.csv, line 4, load_last_28d: is less than load_last_7d; the last 28 days include the last 7"
    ]
