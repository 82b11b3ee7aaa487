"""Triage, version 2, as a decision table: every line alone, every pair, each level's boundary.

The table below is the content facts' "Triage, version 2" written out as conditions on the
profile's fields, one row per line of that table, so the plan's rules are checked against it.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from generator.inputs.profile import Profile
from generator.rules.plan import TRIAGE_ORDER, TRIAGE_REASONS, make_plan

# Each symptom a profile can hold, as the fields that say it.
ATOMS: dict[str, dict[str, Any]] = {
    "dark_urine": {"dark_urine": True},
    "severe_pain": {"severe_pain": True},
    "weakness": {"weakness": True},
    "confusion": {"confusion": True},
    "gain": {"pre_mass_kg": 60.0, "post_mass_kg": 60.4},
    "headache": {"headache": True},
    "vomiting": {"vomiting": True},
    "sudden": {"sudden_onset": True},
    "numbness": {"numbness": True},
    "speech": {"speech_or_swallowing": True},
    "wasting": {"muscle_wasting": True},
    "twitch": {"twitch_weeks": 1.0},
    "twitch_long": {"twitch_weeks": 3.0},
    "twitch_places": {"twitch_places": 2},
    "new_medication": {"new_medication": True},
}

Has = Callable[[str], bool]

# The content facts' table: (reason id, level, the line as a condition on the symptoms present).
TABLE: list[tuple[str, str, Callable[[Has], bool]]] = [
    ("dark_urine", "emergency", lambda h: h("dark_urine")),
    ("severe_pain", "emergency", lambda h: h("severe_pain")),
    (
        "weakness_with_pain_or_dark_urine",
        "emergency",
        lambda h: h("weakness") and (h("severe_pain") or h("dark_urine")),
    ),
    ("confusion", "emergency", lambda h: h("confusion")),
    (
        "gain_with_hyponatremia_signs",
        "emergency",
        lambda h: h("gain") and (h("headache") or h("vomiting") or h("confusion")),
    ),
    (
        "sudden_nerve_symptom",
        "emergency",
        lambda h: h("sudden") and (h("weakness") or h("numbness") or h("speech")),
    ),
    (
        "weakness",
        "soon",
        lambda h: h("weakness") and not (h("severe_pain") or h("dark_urine")) and not h("sudden"),
    ),
    ("muscle_wasting", "soon", lambda h: h("wasting")),
    ("speech_or_swallowing", "soon", lambda h: h("speech") and not h("sudden")),
    (
        "twitch_with_weakness_or_wasting",
        "soon",
        lambda h: (h("twitch") or h("twitch_long") or h("twitch_places")) and (h("weakness") or h("wasting")),
    ),
    ("twitch_over_2_weeks", "routine", lambda h: h("twitch_long")),
    ("twitch_in_several_places", "routine", lambda h: h("twitch_places")),
    ("numbness", "routine", lambda h: h("numbness") and not h("sudden")),
    ("new_medication", "routine", lambda h: h("new_medication")),
]


def expected(atoms: tuple[str, ...]) -> tuple[str, list[str]]:
    """Return the level and the reasons the table gives for these symptoms."""

    def has(name: str) -> bool:
        return name in atoms

    reasons = [code for code, _, line in TABLE if line(has)]
    levels = [level for code, level, line in TABLE if line(has)]
    return max(levels, key=TRIAGE_ORDER.index, default="none"), reasons


def triage_of(atoms: tuple[str, ...]):  # type: ignore[no-untyped-def]
    values: dict[str, Any] = {}
    for atom in atoms:
        values.update(ATOMS[atom])
    if "twitch" in atoms and "twitch_long" in atoms:
        values["twitch_weeks"] = 3.0
    return make_plan(Profile(name="Test", **values)).triage


def test_the_table_and_the_plan_know_the_same_reasons_at_the_same_levels() -> None:
    assert {code: level for code, level, _ in TABLE} == TRIAGE_REASONS


@pytest.mark.parametrize(
    ("atom", "level", "codes"),
    [
        ("dark_urine", "emergency", ["dark_urine"]),
        ("severe_pain", "emergency", ["severe_pain"]),  # severe pain alone is an emergency
        ("weakness", "soon", ["weakness"]),
        ("confusion", "emergency", ["confusion"]),
        ("gain", "none", []),  # an over-drinking warning, not a doctor's visit
        ("headache", "none", []),
        ("vomiting", "none", []),
        ("sudden", "none", []),
        ("numbness", "routine", ["numbness"]),
        ("speech", "soon", ["speech_or_swallowing"]),
        ("wasting", "soon", ["muscle_wasting"]),
        ("twitch", "none", []),
        ("twitch_long", "routine", ["twitch_over_2_weeks"]),
        ("twitch_places", "routine", ["twitch_in_several_places"]),
        ("new_medication", "routine", ["new_medication"]),
    ],
)
def test_every_line_alone(atom: str, level: str, codes: list[str]) -> None:
    t = triage_of((atom,))
    assert (t.level, list(t.codes)) == (level, codes)
    assert expected((atom,)) == (level, codes)


@pytest.mark.parametrize(
    ("atoms", "level", "codes"),
    [
        (("weakness", "severe_pain"), "emergency", ["severe_pain", "weakness_with_pain_or_dark_urine"]),
        (("weakness", "dark_urine"), "emergency", ["dark_urine", "weakness_with_pain_or_dark_urine"]),
        (("gain", "headache"), "emergency", ["gain_with_hyponatremia_signs"]),
        (("gain", "vomiting"), "emergency", ["gain_with_hyponatremia_signs"]),
        (("gain", "confusion"), "emergency", ["confusion", "gain_with_hyponatremia_signs"]),
        (("sudden", "weakness"), "emergency", ["sudden_nerve_symptom"]),
        (("sudden", "numbness"), "emergency", ["sudden_nerve_symptom"]),
        (("sudden", "speech"), "emergency", ["sudden_nerve_symptom"]),
        (("twitch", "weakness"), "soon", ["weakness", "twitch_with_weakness_or_wasting"]),
        (("twitch", "wasting"), "soon", ["muscle_wasting", "twitch_with_weakness_or_wasting"]),
        (("numbness", "weakness"), "soon", ["weakness", "numbness"]),
        (("twitch_long", "new_medication"), "routine", ["twitch_over_2_weeks", "new_medication"]),
    ],
)
def test_pairs_that_make_a_line_of_their_own(atoms: tuple[str, ...], level: str, codes: list[str]) -> None:
    t = triage_of(atoms)
    assert (t.level, list(t.codes)) == (level, codes)


@pytest.mark.parametrize("atoms", list(itertools.combinations(ATOMS, 2)))
def test_every_pair(atoms: tuple[str, str]) -> None:
    t = triage_of(atoms)
    level, codes = expected(atoms)
    assert t.level == level
    assert list(t.codes) == codes
    # Every reason is listed at its own level, and the highest level wins.
    assert all(r.level == TRIAGE_REASONS[r.code] for r in t.reasons)
    assert t.level == max((r.level for r in t.reasons), key=TRIAGE_ORDER.index, default="none")


@pytest.mark.parametrize(
    ("values", "level"),
    [
        ({"twitch_weeks": 2.0}, "none"),  # "more than 2 weeks"
        ({"twitch_weeks": 2.1}, "routine"),
        ({"twitch_places": 1}, "none"),  # "more than one place"
        ({"twitch_places": 2}, "routine"),
        ({"pre_mass_kg": 60.0, "post_mass_kg": 60.0, "headache": True}, "none"),  # no gain
        ({"pre_mass_kg": 60.0, "post_mass_kg": 60.1, "headache": True}, "emergency"),
        ({"pre_mass_kg": 60.0, "post_mass_kg": 59.5, "vomiting": True}, "none"),  # a loss
        ({"weakness": True, "sudden_onset": False}, "soon"),
        ({"weakness": True, "sudden_onset": True}, "emergency"),
        ({"numbness": True, "sudden_onset": False}, "routine"),
        ({"numbness": True, "sudden_onset": True}, "emergency"),
        ({"speech_or_swallowing": True, "sudden_onset": True}, "emergency"),
        ({"weakness": False, "severe_pain": False, "dark_urine": False, "confusion": False}, "none"),
    ],
)
def test_each_levels_boundary(values: dict[str, Any], level: str) -> None:
    assert make_plan(Profile(name="Test", **values)).triage.level == level


@pytest.mark.parametrize(
    ("values", "steps"),
    [
        ({"confusion": True, "wbgt_c": 30.0}, ["cool_first"]),
        ({"confusion": True, "temperature_c": 33.0, "humidity_pct": 50}, ["cool_first"]),
        ({"confusion": True}, ["cool_first_if_hot"]),  # the weather is not known
        ({"confusion": True, "wbgt_c": 5.0}, []),  # cold: no heat first aid
        (
            {"confusion": True, "pre_mass_kg": 60.0, "post_mass_kg": 60.5},
            ["cool_first_if_hot", "no_more_fluid"],
        ),
        ({"dark_urine": True}, ["hospital_blood_test"]),
        ({"severe_pain": True, "wbgt_c": 30.0}, ["hospital_blood_test"]),
        ({"sudden_onset": True, "numbness": True}, ["stroke"]),
        ({"weakness": True}, []),  # not an emergency
    ],
)
def test_an_emergency_names_its_act_now_steps(values: dict[str, Any], steps: list[str]) -> None:
    assert list(make_plan(Profile(name="Test", **values)).triage.act_now) == steps
