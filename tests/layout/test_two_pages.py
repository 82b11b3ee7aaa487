"""Every handout is two pages, one sheet: page 1 the plan, page 2 why and when to get help."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import resources
from generator.content.library import split_front_matter
from generator.content.sources import SHORT
from generator.errors import ContentError, RenderError, UnprintableText
from generator.inputs.profile import FIELDS, Kind, Where, validate
from generator.layout import handout as layout
from generator.layout import internals
from generator.options import LANGUAGES, HandoutOptions
from generator.rules.plan import make_plan
from generator.runs.handout import HandoutMaker
from tests.pdfs import cjk_font, make, need_cjk_font, page_texts, profile, reader
from tests.test_properties import in_range

LONG_NAME = "María Fernanda de los Ángeles Villalobos-Hernández Ñúñez"
# Everything at once that still lets the athlete train: three boxes (a doctor this week with
# lower reasons too, over-drinking, heat that calls practice off), altitude, alcohol under 18,
# too much caffeine, short sleep, a big jump in load.
FULLEST_TRAINING = dict(
    name=LONG_NAME,
    athlete_id="RFC-2026-0042-XL",
    team="Club Deportivo Riverside Fútbol Femenino Sub-17 Tenerife",
    sport="fútbol",
    age=16,
    sex="female",
    body_mass_kg=58,
    load_last_7d=4000,
    load_last_28d=7200,
    temperature_c=34,
    humidity_pct=70,
    wbgt_c=31.5,
    altitude_m=1800,
    acclimatized="no",
    pre_mass_kg=58.0,
    post_mass_kg=58.6,
    fluid_l=2.0,
    urine_l=0.1,
    session_h=2.5,
    diet="vegan",
    lactose_free="yes",
    caffeine_mg_per_day=300,
    alcohol_drinks_per_week=2,
    sleep_h=6,
    twitch_weeks=5,
    twitch_places=3,
    weakness="yes",
    numbness="yes",
    muscle_wasting="yes",
    speech_or_swallowing="yes",
    new_medication="yes",
)
# Every symptom at once: an emergency, with every lower level under "Also".
FULLEST_EMERGENCY = {
    **FULLEST_TRAINING,
    **{k: "yes" for k in ("dark_urine", "severe_pain", "confusion", "headache", "vomiting")},
}


def _laid(values: dict[str, Any], **options: Any) -> tuple[int, list[internals.Shape]]:
    """Return the pages of a handout and how each page was fitted (its size, what moved)."""
    if options.get("language") == "zh":
        need_cjk_font()
    maker = HandoutMaker(HandoutOptions(**options))
    laid = maker._laid(make_plan(profile(**values)), 0)
    rendered = layout.finished([laid], maker.setup)
    return rendered.pages, [page.shape for page in laid.fitted]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("units", ["metric", "imperial"])
@pytest.mark.parametrize(
    "values",
    [{"name": "Al"}, FULLEST_TRAINING, FULLEST_EMERGENCY],
    ids=["name only", "training", "emergency"],
)
def test_every_profile_is_exactly_two_pages(
    values: dict[str, Any], language: str, paper: str, units: str
) -> None:
    pages, fits = _laid(values, language=language, paper=paper, units=units)
    assert pages == 2
    if values is FULLEST_TRAINING:
        # Three boxes: page 1 leaves out its charts and is set smaller, but keeps its checklist.
        assert fits[0].spare and not fits[0].move
        assert not fits[1].spare and fits[1].scale >= 0.9
    else:
        assert fits == [internals.Shape(1.0), internals.Shape(1.0)]


def test_a_plain_profile_is_full_size_with_its_charts() -> None:
    values = {
        k: v for k, v in FULLEST_TRAINING.items() if k not in ("weakness", "muscle_wasting", "numbness")
    }
    values.update(post_mass_kg=57.2, twitch_weeks=0, twitch_places=1, speech_or_swallowing="no", wbgt_c=28.4)
    values.update(new_medication="no")
    for paper in ("a4", "letter"):
        _, fits = _laid(values, paper=paper, language="en")
        assert fits[0] == internals.Shape(1.0), paper


def test_a_crowded_page_one_leaves_out_its_charts_before_its_words() -> None:
    _, fits = _laid(FULLEST_TRAINING, paper="letter", language="es")
    assert fits[0].spare and not fits[0].move and fits[0].scale >= internals.SCALES[-1]
    first = page_texts(make(profile(**FULLEST_TRAINING), paper="letter", language="es"))[0]
    assert "Al menos 4 horas antes, bebe" in first  # the amounts the timeline gave are in the words
    assert "4 horas antes\n" not in first  # the timeline itself is not


def test_with_a_logo_too_the_checklist_opens_page_two_rather_than_tiny_text(tmp_path: Path) -> None:
    from PIL import Image

    Image.new("RGB", (300, 300), (200, 30, 30)).save(tmp_path / "logo.png")
    (tmp_path / "club.yaml").write_text("name: Riverside FC\nlogo: logo.png\n", encoding="utf-8")
    theme = tmp_path / "club.yaml"
    pages, fits = _laid(FULLEST_TRAINING, paper="letter", language="es", theme=theme)
    assert pages == 2 and fits[0].move and all(shape.scale >= internals.SCALES[-1] for shape in fits)
    first, second = page_texts(make(profile(**FULLEST_TRAINING), paper="letter", language="es", theme=theme))
    assert "Mi lista para esta semana" not in first
    assert second.index("Mi lista para esta semana") < second.index("Por qué estos pasos")
    # Without the logo the same athlete keeps the checklist on page 1.
    assert (
        "Mi lista para esta semana"
        in page_texts(make(profile(**FULLEST_TRAINING), paper="letter", language="es"))[0]
    )


def test_page_one_holds_the_plan_and_page_two_the_reasons_help_and_sources() -> None:
    first, second = page_texts(make(profile(**FULLEST_TRAINING)))
    for text in (
        "For " + LONG_NAME + " (RFC-2026-0042-XL)",
        "See a doctor this week",
        "You drank more than",
        "Heat: cancel or stop training",
        "My plan",
        "Before training",
        "During training",
        "After training",
        "Every day",
        "My checklist for this week",
    ):
        assert text in first, text
    for text in (
        "Why these steps",
        "When to get help",
        "Get medical help now",
        "Book a doctor's visit",
        "This handout is for learning. It is not a diagnosis",
        "Where this advice comes from",
    ):
        assert text in second, text
    assert "Page 1 of 2" in first and "Page 2 of 2" in second


def test_the_sources_are_those_of_what_the_handout_printed() -> None:
    plain = page_texts(make(profile(age=30)))[1]
    coffee = page_texts(make(profile(age=30, caffeine_mg_per_day=300)))[1]
    caffeine = SHORT["Caf1"]
    assert caffeine not in plain and caffeine in coffee
    hot = page_texts(make(profile(age=30, wbgt_c=24, acclimatized="yes")))[1]
    assert SHORT["W1"] in hot and SHORT["W1"] not in plain
    # Every source it lists is one a content file it printed names in its front matter.
    named: set[str] = set()
    for name in ("plan", "back", "checklist"):
        text = (resources.content_dir() / f"{name}.en.md").read_text(encoding="utf-8")
        named |= set(yaml.safe_load(split_front_matter(text)[0])["sources"])
    listed = {key for key, short in SHORT.items() if short in " ".join(coffee.split())}
    assert listed <= named | {"W4", "W5", "R1", "H1", "NHS-S", "F4", "F1", "F2"}


def test_a_warning_box_that_is_not_shown_cites_nothing() -> None:
    # An emergency with over-drinking in heat that cancels practice: the heat box gives way.
    values = dict(dark_urine="yes", wbgt_c=33, body_mass_kg=60, pre_mass_kg=60, post_mass_kg=60.5)
    assert make_plan(profile(**values)).warnings == ("overdrinking", "heat_cancel")
    first, second = page_texts(make(profile(**values)))
    assert "You drank more than you sweated" in first and "Heat: training is cancelled" not in first
    flat = " ".join(second.split())
    assert SHORT["H1"] in flat and SHORT["W1"] not in flat


def test_a_cite_of_an_unknown_source_names_the_file_and_line(tmp_path: Path) -> None:
    folder = tmp_path / "club"
    folder.mkdir()
    original = (resources.content_dir() / "back.en.md").read_text(encoding="utf-8")
    lines = original.splitlines()
    lines.insert(10, "{% if false %}\n@cite ZZ9\n{% endif %}")  # checked even where it never prints
    (folder / "back.en.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(
        ContentError, match=r"^back\.en\.md, line 12: @cite ZZ9 is not among the file's sources$"
    ):
        make(profile(), content_dir=folder)


def test_a_club_text_too_long_for_its_page_is_refused_not_set_tiny(tmp_path: Path) -> None:
    folder = tmp_path / "club"
    folder.mkdir()
    front, _ = split_front_matter((resources.content_dir() / "back.en.md").read_text(encoding="utf-8"))
    body = "\n\n".join(["Our club's long story about cramps and what we do about them."] * 80)
    (folder / "back.en.md").write_text(f"---\n{front}\n---\n{body}\n", encoding="utf-8")
    with pytest.raises(
        RenderError,
        match="page .Why, and when to get help. does not fit on its page even with its text set at 80 %",
    ):
        make(profile(), content_dir=folder)


@st.composite
def crowded(draw: st.DrawFn) -> dict[str, Any]:
    """Return a profile with most fields filled in, symptoms mostly yes: the pages' worst cases."""
    values: dict[str, Any] = {"name": draw(st.text(min_size=1, max_size=70).filter(lambda s: s.strip()))}
    for spec in FIELDS[1:]:
        if spec.name in ("language", "units") or not draw(st.integers(0, 9)):
            continue
        if spec.kind is Kind.YESNO:
            values[spec.name] = draw(st.sampled_from(["yes", "yes", "no"]))
        else:
            values[spec.name] = draw(in_range(spec))
    if values.get("load_last_28d", 0) < values.get("load_last_7d", 0):
        values["load_last_28d"] = values["load_last_7d"]
    return values


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    crowded(),
    # (Chinese where a Chinese font is installed: CI installs one)
    st.sampled_from([lang for lang in LANGUAGES if lang != "zh" or cjk_font() or os.environ.get("CI")]),
    st.sampled_from(["a4", "letter"]),
)
def test_any_profile_prints_on_one_sheet(values: dict[str, Any], language: str, paper: str) -> None:
    result = validate({k: str(v) for k, v in values.items()}, Where("t.csv", 2))
    assert result.profile is not None, result.problems
    try:
        made = make(result.profile, language=language, paper=paper)
    except UnprintableText:
        # Refused only for text no font here prints: with a placeholder it prints.
        made = make(result.profile, language=language, paper=paper, allow_missing_glyphs=True)
        assert made.warnings and "no font here can print" in made.warnings[0]
    assert made.pages == 2


def _club_plan(tmp_path: Path, *lines: str) -> Path:
    folder = tmp_path / "club"
    folder.mkdir(exist_ok=True)
    original = (resources.content_dir() / "plan.en.md").read_text(encoding="utf-8").splitlines()
    (folder / "plan.en.md").write_text(
        "\n".join([*original[:9], *lines, *original[9:]]) + "\n", encoding="utf-8"
    )
    return folder


@pytest.mark.parametrize("line", ["@cite\tC1", "  @cite C1", "@CITE C1", "@cite C1 , A1", "Stop. @cite C1"])
def test_a_source_line_written_wrong_is_named_not_printed(tmp_path: Path, line: str) -> None:
    folder = _club_plan(tmp_path, line)
    with pytest.raises(
        ContentError, match=r"^plan\.en\.md, line 10: write a source line as '@cite KEY KEY \.\.\.'"
    ):
        make(profile(), content_dir=folder)


@pytest.mark.parametrize("line", ["{% if true %}@cite ZZ9{% endif %}", "{% raw %}@cite ZZ9{% endraw %}"])
def test_a_source_line_inside_a_tag_is_named(tmp_path: Path, line: str) -> None:
    folder = _club_plan(tmp_path, line)
    with pytest.raises(ContentError, match=r"^plan\.en\.md, line 10: write a source line as"):
        make(profile(), content_dir=folder)


def test_a_source_line_the_content_builds_as_it_runs_is_checked_too(tmp_path: Path) -> None:
    folder = _club_plan(tmp_path, "@ci{# a comment hides it from the check on loading #}te ZZ9")
    with pytest.raises(ContentError, match=r"^plan\.en\.md: @cite ZZ9 is not among the file's sources$"):
        make(profile(), content_dir=folder)


def test_sources_follow_the_branch_that_printed() -> None:
    bare = " ".join(" ".join(page_texts(make(profile(name="Min")))).split())
    assert SHORT["SR"] not in bare  # no sweat amounts, so not the sweat-rate method
    assert SHORT["A1"] in bare and SHORT["N1"] in bare  # the 2 % rule
    cold = " ".join(
        " ".join(page_texts(make(profile(name="Min", temperature_c=-4, humidity_pct=70)))).split()
    )
    assert "cool the whole body" not in cold and SHORT["W5"] not in cold
    warm = " ".join(" ".join(page_texts(make(profile(name="Min", wbgt_c=24, acclimatized="yes")))).split())
    assert "cool the whole body" in warm and SHORT["W5"] in warm
    # A box cites the sources of its own reasons and first steps.
    rhabdo = " ".join(" ".join(page_texts(make(profile(name="Min", dark_urine="yes")))).split())
    assert SHORT["R1"] in rhabdo


def test_page_two_sets_the_shorter_help_lists_side_by_side() -> None:
    pdf = reader(make(profile(name="Min")))
    page = pdf.pages[1]
    seen: dict[str, float] = {}

    def where(text: str, cm: Any, tm: Any, font: Any, size: Any) -> None:
        for title in ("See a doctor this week", "Book a doctor's visit"):
            if text.startswith(title):
                seen[title] = tm[5]

    page.extract_text(visitor_text=where)
    assert seen["See a doctor this week"] == seen["Book a doctor's visit"]  # one line, two columns


@pytest.mark.parametrize(
    "lines",
    [["[[columns]]", "- a"], ["[[next column]]"], ["[[columns]]", "[[columns]]"], ["[[end columns]]"]],
    ids=["never ended", "next alone", "twice", "end alone"],
)
def test_columns_written_wrong_are_named(tmp_path: Path, lines: list[str]) -> None:
    folder = _club_plan(tmp_path, *lines)
    with pytest.raises(ContentError, match=r"^plan\.en\.md, line \d+: .*columns"):
        make(profile(), content_dir=folder)


def test_an_amount_never_splits_from_its_unit() -> None:
    # Zoë in Spanish on Letter: "Sudas cerca de 1,2 L/h" fell at a line's end, "L/h" on the next.
    zoe = {k: v for k, v in FULLEST_TRAINING.items() if k not in ("name", "athlete_id", "team")}
    zoe.update(name="Zoë Ñúñez", post_mass_kg=57.2, fluid_l=0.6, urine_l=0, session_h=1.5)
    for language in LANGUAGES:
        for paper in ("a4", "letter"):
            raw = "\n".join(
                page.extract_text()
                for page in reader(make(profile(**zoe), language=language, paper=paper)).pages
            )
            assert not re.search(r"\d\s*\n\s*(mL|L|L/h|kg|oz|oz/h|lb|m|°C|°F)\b", raw), (language, paper)
