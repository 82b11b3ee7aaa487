"""Values from a profile print literally: never read as markup or as template code."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content.document import parse, placeholder
from tests.pdfs import make, page_texts, profile

HOSTILE = [
    "<b>Bold</b>",
    "Tom & Jerry",
    "S&P",
    "{{ 7*7 }}",
    '<font color="red">Red</font>',
    "</para>",
    "**not bold**",
    "{% if true %}x{% endif %}",
    "&amp; &lt;",
    "[[chart acwr]]",
    "<br/>",
    "- not a list",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_names_and_teams_print_literally(value: str) -> None:
    made = make(profile(name=value, team=value))
    first = page_texts(made)[0]
    assert f"For {value}" in first
    assert first.count(value) >= 2  # the name and the team line


def test_parse_swaps_placeholders_after_reading_the_markup() -> None:
    values = ["**x**", "- y", "## z"]
    blocks = parse(f"Hello {placeholder(0)} and {placeholder(1)}\n\n{placeholder(2)}", values)
    texts = [getattr(b, "spans", None) for b in blocks]
    assert texts == [(("Hello **x** and - y", False),), (("## z", False),)]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(["name", "team", "sport", "athlete_id"]),
    st.text(min_size=1, max_size=40).filter(lambda s: s.strip() and "\x00" not in s),
)
def test_any_unicode_in_any_text_field_gives_a_pdf_or_a_clear_refusal(field: str, text: str) -> None:
    from generator.errors import UnprintableText
    from generator.inputs.profile import Where, validate

    result = validate({"name": "Ana", field: text}, Where("t.csv", 2))
    if result.profile is None:
        return
    try:
        made = make(result.profile)
    except UnprintableText as e:
        # Text no font here prints: the handout is refused, naming the script, never the text;
        # with --allow-missing-glyphs it prints, with a placeholder and a warning.
        assert "script" in str(e) and text.strip() not in str(e)
        made = make(result.profile, allow_missing_glyphs=True)
        assert any("no font here can print" in w for w in made.warnings)
    assert made.pdf.startswith(b"%PDF-") and made.pages >= 1
    for warning in made.warnings:
        assert "no font here can print" in warning
