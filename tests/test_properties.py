"""Property-based tests: any input gives a result or a clear error, never a traceback."""

from __future__ import annotations

import math
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import Problem
from generator.inputs.profile import FIELDS, SPECS, FieldSpec, Kind, Where, validate
from generator.rules.plan import make_plan

WHERE = Where("roster.csv", 2)


def in_range(spec: FieldSpec) -> st.SearchStrategy[Any]:
    if spec.kind is Kind.TEXT:
        return st.text(min_size=1, max_size=50).filter(lambda s: s.strip() != "")
    if spec.kind is Kind.YESNO:
        return st.sampled_from(["yes", "no", "Y", "n", "true", "FALSE", "1", "0", True, False])
    if spec.kind is Kind.CHOICE:
        return st.sampled_from(spec.choices)
    assert spec.lo is not None and spec.hi is not None
    if spec.kind is Kind.INT:
        return st.integers(int(spec.lo), int(spec.hi))
    return st.floats(spec.lo, spec.hi, allow_nan=False)


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    values: dict[str, Any] = {"name": draw(in_range(SPECS["name"]))}
    for spec in FIELDS[1:]:
        if draw(st.booleans()):
            values[spec.name] = draw(in_range(spec))
    if values.get("load_last_28d", 0) < values.get("load_last_7d", 0):
        values["load_last_28d"] = values["load_last_7d"]
    return values


@settings(max_examples=300)
@given(profiles())
def test_any_profile_inside_the_ranges_gives_a_plan(values: dict[str, Any]) -> None:
    result = validate(values, WHERE)
    assert result.problems == [], result.problems
    assert result.profile is not None
    plan = make_plan(result.profile)
    data = plan.as_json()
    assert data["triage"]["level"] in ("none", "routine", "soon", "emergency")
    for number in _numbers(data):
        assert math.isfinite(number)


def _numbers(value: Any) -> list[float]:
    if isinstance(value, bool):
        return []
    if isinstance(value, int | float):
        return [float(value)]
    if isinstance(value, dict):
        return [n for v in value.values() for n in _numbers(v)]
    if isinstance(value, list):
        return [n for v in value for n in _numbers(v)]
    return []


NUMERIC = [s for s in FIELDS if s.kind in (Kind.INT, Kind.NUMBER)]


@st.composite
def out_of_range(draw: st.DrawFn) -> tuple[str, float]:
    spec = draw(st.sampled_from(NUMERIC))
    assert spec.lo is not None and spec.hi is not None
    value = draw(
        st.one_of(
            st.floats(max_value=spec.lo, exclude_max=True, allow_nan=False, allow_infinity=False),
            st.floats(min_value=spec.hi, exclude_min=True, allow_nan=False, allow_infinity=False),
        )
    )
    if spec.kind is Kind.INT:
        value = float(math.floor(value) if value < spec.lo else math.ceil(value))
    return spec.name, value


@settings(max_examples=300)
@given(out_of_range())
def test_any_value_outside_the_ranges_is_a_clear_error(field_value: tuple[str, float]) -> None:
    field, value = field_value
    result = validate({"name": "A", field: repr(value)}, WHERE)
    assert result.profile is None
    assert len(result.problems) == 1
    problem: Problem = result.problems[0]
    assert (problem.file, problem.line, problem.field) == ("roster.csv", 2, field)
    assert "outside the plausible range" in problem.message


@settings(max_examples=500)
@given(
    st.dictionaries(
        st.sampled_from([s.name for s in FIELDS] + [s.imperial for s in FIELDS if s.imperial] + ["x"]),
        st.one_of(st.text(max_size=30), st.floats(), st.integers(), st.booleans(), st.none()),
    )
)
def test_any_values_give_a_profile_or_located_problems(values: dict[str, Any]) -> None:
    result = validate(values, WHERE)
    if result.profile is None:
        assert result.problems
        assert all(p.file == "roster.csv" and p.line == 2 and p.message for p in result.problems)
    else:
        make_plan(result.profile)


@settings(max_examples=300)
@given(st.sampled_from([s.name for s in FIELDS if s.kind is not Kind.TEXT]), st.text(max_size=20))
def test_error_messages_never_repeat_the_value(field: str, text: str) -> None:
    # Rosters hold health data about minors: a message names the place and the rule only.
    # The marker never appears in a message unless the value was copied into it.
    result = validate({"name": "A", field: f"§{text}"}, WHERE)
    assert result.problems
    for problem in result.problems:
        assert "§" not in str(problem)
