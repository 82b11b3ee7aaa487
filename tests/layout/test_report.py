"""The coach's report as a coach gets it: who comes first, what each row says, follow-up, the chart."""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest
import yaml

from generator import resources
from generator.content.report_lines import ReportLines, team_name
from generator.options import HandoutOptions as Options
from generator.rules import heat
from generator.rules.plan import TRIAGE_ORDER, Plan, make_plan
from generator.runs.handout import HandoutMaker
from tests.layout.test_user_text import HOSTILE
from tests.pdfs import embedded, font_names, page_texts, profile, reader

# load_last_28d / 4 is the usual week: 4000 makes the ratio load_last_7d / 1000.
HIGH = {"load_last_7d": 1600, "load_last_28d": 4000}
RISING = {"load_last_7d": 1400, "load_last_28d": 4000}
SWEET = {"load_last_7d": 1000, "load_last_28d": 4000}
LOW = {"load_last_7d": 500, "load_last_28d": 4000}


def sort_key(plan: Plan) -> tuple[int, int, str]:
    """Where the report sorts an athlete: its line's key, in English."""
    return ReportLines(maker().library.labels("en"))(plan).key()


def plan(name: str, **values: Any) -> Plan:
    return make_plan(profile(name=name, **values))


@functools.cache
def maker(paper: str = "a4") -> HandoutMaker:
    return HandoutMaker(Options(paper=paper))


def report(plans: list[Plan], language: str = "en", paper: str = "a4", team: str = "Riverside FC") -> bytes:
    made = maker(paper)
    words = ReportLines(made.library.labels(language))
    return made.report([words(p) for p in plans], language, team).pdf


def lines(pdf: bytes) -> list[str]:
    return [line.strip() for text in page_texts(pdf) for line in text.splitlines()]


def row(pdf: bytes, name: str) -> list[str]:
    """Return the table row that starts with `name`: the name and its six cells."""
    found = lines(pdf)
    start = found.index(name)
    return found[start : start + 7]


def roster() -> list[Plan]:
    return [
        plan("Yara", numbness="yes", **SWEET),
        plan("Zed", dark_urine="yes", **LOW),
        plan("ann", **HIGH),
        plan("Bea", **HIGH),
        plan("Cal"),
        plan("Dan", weakness="yes"),
        plan("Eve", **RISING),
        plan("Fay", **LOW),
        plan("Gus", **SWEET),
    ]


URGENT_FIRST = ["Zed", "Dan", "Yara", "ann", "Bea", "Eve", "Gus", "Fay", "Cal"]


def test_by_urgency_sorts_by_triage_then_load_band_then_name() -> None:
    assert [p.profile.name for p in sorted(roster(), key=sort_key)] == URGENT_FIRST


def test_sort_key_puts_unknown_load_last_and_ignores_case() -> None:
    assert sort_key(plan("ann", **HIGH)) == (3, 0, "ann")
    assert sort_key(plan("ANN")) == (3, 4, "ann")
    assert sort_key(plan("Zed", confusion="yes", **LOW)) == (0, 3, "zed")


def test_plans_that_tie_keep_their_roster_order() -> None:
    first, second = plan("Sam", athlete_id="1", **SWEET), plan("Sam", athlete_id="2", **SWEET)
    ordered = sorted([first, second], key=sort_key)
    assert ordered[0] is first and ordered[1] is second


def test_the_table_lists_the_athletes_most_urgent_first() -> None:
    found = lines(report(roster()))
    assert [n for n in found if n in URGENT_FIRST][: len(URGENT_FIRST)] == URGENT_FIRST


def test_the_top_gives_team_date_count_and_a_count_per_level() -> None:
    found = lines(report(roster()))
    assert found[0] == "Coach's report"
    assert re.fullmatch(r"Riverside FC · \d{1,2} [A-Z][a-z]+ \d{4} · 9 athletes", found[1])
    assert found[2] == (
        "Help now: 1 · This week: 1 · Book a visit: 1 · No flags: 6 · Heat: cancel: 0 · Heat: danger: 0"
    )


def test_each_row_says_triage_load_heat_weigh_in_caffeine_and_sleep() -> None:
    plans = [
        plan("Lost", pre_mass_kg=60, post_mass_kg=58.5, wbgt_c=29, acclimatized="no", **HIGH),
        plan("Gained", pre_mass_kg=60, post_mass_kg=60.5, age=20, caffeine_mg_per_day=500, sleep_h=6),
        plan("Steady", pre_mass_kg=60, post_mass_kg=59.5, age=20, caffeine_mg_per_day=100, sleep_h=8),
        plan("Unknown"),
    ]
    pdf = report(plans)
    assert row(pdf, "Lost") == [
        "Lost",
        "No flags",
        "High 1.60",
        "Work:rest 1:1, short hard efforts",
        "lost 2.5 %",
        "–",
        "–",
    ]
    assert row(pdf, "Gained")[1:] == ["No flags", "–", "–", "gained weight", "over limit", "short"]
    assert row(pdf, "Steady")[1:] == ["No flags", "–", "–", "ok", "ok", "ok"]
    assert row(pdf, "Unknown")[1:] == ["No flags", "–", "–", "–", "–", "–"]


def test_follow_up_lists_the_urgent_athletes_with_their_reasons_in_plain_words() -> None:
    plans = [
        plan("Routine Rae", twitch_weeks=3, twitch_places=2),
        plan("Soon Sol", weakness="yes"),
        plan("Now Nia", dark_urine="yes", confusion="yes"),
        plan("Fine Fin"),
    ]
    found = lines(report(plans))
    follow = " ".join(found[found.index("Follow up") :])
    now = "Now Nia Get medical help now Brown urine, like tea or cola; confused, acted oddly or collapsed"
    soon = "Soon Sol See a doctor this week A muscle feels weak"
    routine = "Routine Rae Book a doctor's visit A twitch has lasted more than 2 weeks; twitches in more"
    assert follow.index(now) < follow.index(soon) < follow.index(routine)
    assert "Fine Fin" not in follow


def test_a_roster_with_no_warning_signs_says_nobody_needs_follow_up() -> None:
    found = lines(report([plan("Fine Fin", **SWEET)]))
    assert "Nobody needs follow-up from what the roster says." in found
    assert "No flags: 1" in found[2]


def test_the_chart_counts_athletes_per_band_and_those_without_a_ratio() -> None:
    plans = [
        plan("A", **LOW),
        plan("B", **SWEET),
        plan("C", **SWEET),
        plan("D", load_last_7d=3000, load_last_28d=4000),  # 3.0 sits at the right end
        plan("E"),
        plan("F", load_last_7d=0, load_last_28d=0),  # no usual week to compare with
    ]
    found = lines(report(plans))
    chart = found[found.index("Training load: this week compared with a usual week") :]
    assert chart[1:9] == [
        "Low",
        "1 athlete",
        "Sweet spot",
        "2 athletes",
        "Rising",
        "0 athletes",
        "High",
        "1 athlete",
    ]
    assert (
        "No ratio (training load missing or zero): 2. The ratio is a rough guide, not a prediction."
        in " ".join(chart)
    )


def test_a_big_squad_on_one_ratio_still_fits_on_the_page() -> None:
    pdf = report([plan(f"Athlete {i:02d}", **SWEET) for i in range(80)])
    found = lines(pdf)
    assert "80 athletes" in found


def test_the_table_header_repeats_on_every_page() -> None:
    pdf = report([plan(f"Athlete {i:02d}", **SWEET) for i in range(90)])
    texts = page_texts(pdf)
    assert len(texts) >= 3
    for page, text in enumerate(texts, start=1):
        if "Athlete " in text:
            assert "Athlete\nDoctor\nLoad ratio" in text
        assert f"Coach's report · Riverside FC\nPage {page} of {len(texts)}" in text


def test_an_empty_roster_gives_a_report_not_an_error() -> None:
    found = lines(report([]))
    assert "Riverside FC" in found[1] and found[1].endswith("· 0 athletes")
    assert "Nobody needs follow-up from what the roster says." in found


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_names_and_teams_print_literally(value: str) -> None:
    pdf = report([plan(value, dark_urine="yes", **SWEET)], team=value)
    found = lines(pdf)
    assert found[1].startswith(f"{value} · ")
    # The team under the title and in the footer; the name in the table and in the follow-up list
    # (a narrow column may break a long name anywhere, so spaces are left out of the comparison).
    assert re.sub(r"\s", "", "".join(found)).count(re.sub(r"\s", "", value)) == 4
    assert f"Coach's report · {value}" in found


def test_every_font_is_embedded_and_subset() -> None:
    pdf = report(roster())
    names = font_names(pdf)
    assert names and all(re.match(r"^/[A-Z]{6}\+FiraSans-", n) for n in names), names
    assert embedded(pdf)


@pytest.mark.parametrize(("paper", "size"), [("a4", (595.3, 841.9)), ("letter", (612.0, 792.0))])
def test_a4_and_letter(paper: str, size: tuple[float, float]) -> None:
    pdf = report(roster(), paper=paper)
    for page in reader(pdf).pages:
        assert (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)) == size
    found = lines(pdf)
    assert [n for n in found if n in URGENT_FIRST][: len(URGENT_FIRST)] == URGENT_FIRST
    assert "Follow up" in found


def test_a_long_team_name_is_cut_short_in_the_footer() -> None:
    pdf = report([plan("Sam")], team="Riverside " * 30)
    footer = next(line for line in lines(pdf) if line.startswith("Coach's report · "))
    assert footer.endswith("…") and len(footer) < 120


def test_the_report_in_spanish() -> None:
    plans = [plan("Nia", dark_urine="yes", **SWEET), plan("Sol", pre_mass_kg=60, post_mass_kg=58.5)]
    pdf = report(plans, language="es")
    found = lines(pdf)
    assert found[0] == "Informe para el entrenador"
    assert found[1].endswith("· 2 deportistas")
    assert found[2] == (
        "Ayuda ya: 1 · Esta semana: 0 · Pedir cita: 0 · Sin avisos: 1 · "
        "Calor: cancelar: 0 · Calor: peligro: 0"
    )
    assert row(pdf, "Nia")[:3] == ["Nia", "Ayuda ya", "Ideal 1,00"]
    assert row(pdf, "Sol")[4] == "perdió 2,5 %"
    assert "Orina marrón, como el té o la cola" in found
    assert "Página 1 de 1" in found


def test_team_name() -> None:
    labels_es, en = maker().library.labels("es"), maker().library.labels("en")
    assert team_name([profile(team="Riverside FC"), profile(team="Riverside FC")], en) == "Riverside FC"
    assert team_name([profile(team="B"), profile(), profile(team="A"), profile(team="B")], en) == "B, A"
    many = [profile(team=t) for t in "ABCDE"]
    assert team_name(many, en) == "A, B, C and 2 more"
    assert team_name(many, labels_es) == "A, B, C y 2 más"
    assert team_name([profile()], en) == ""  # nothing known: no bare "Team" on the cover
    assert team_name([profile(team="B")], en, given="Riverside FC") == "Riverside FC"
    assert team_name([profile(team="B")], en, club="Westfield High") == "Westfield High"
    assert (
        team_name([profile(team="B")], en, given="  ", club="Westfield High") == "Westfield High"
    )  # blank --team
    assert team_name([], labels_es) == ""


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_labels_word_every_code_the_report_prints(language: str) -> None:
    path = resources.content_dir() / f"labels.{language}.yaml"
    labels = yaml.safe_load(path.read_text(encoding="utf-8"))
    words = labels["report"]
    assert set(words["reasons"]) == set(labels["triage"]["reasons"])
    assert set(words["levels"]) == set(TRIAGE_ORDER)
    assert set(words["follow_up_levels"]) == set(TRIAGE_ORDER) - {"none"}
    assert set(words["heat"]) == {c for b in heat.WBGT_BANDS for c in (b.acclimatized, b.not_acclimatized)}
    assert set(words["bands"]) == {"low", "sweet_spot", "rising", "high"}


def test_a_big_roster_gets_a_dot_for_every_few_athletes(monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.layout import report as reports

    monkeypatch.setattr(reports, "MAX_DOTS", 4)
    plans = [plan(f"L{i}", **LOW) for i in range(2)] + [plan(f"S{i}", **SWEET) for i in range(7)]
    found = lines(report(plans))
    chart = " ".join(found[found.index("Training load: this week compared with a usual week") :])
    # Nine ratios, at most four dots: a dot for up to three athletes. The counts stay exact.
    assert "Each dot stands for up to 3 athletes. The ratio is a rough guide" in chart
    assert "Low 2 athletes Sweet spot 7 athletes" in chart


def test_grouped_dots_never_mix_bands_and_sit_at_their_groups_middle() -> None:
    from generator.layout.report import _grouped

    ratios = [0.5, 0.6, 0.7, 0.9, 1.0, 1.1, 1.2, 1.25, 1.6]  # sorted: low, sweet spot, high
    assert _grouped(ratios, 1) == ratios
    assert _grouped(ratios, 3) == [0.6, 1.0, 1.25, 1.6]  # low 3 | sweet 3 + 2 | high 1
    assert _grouped(ratios, 100) == [0.6, 1.1, 1.6]
