"""The team guide: what is the same for every athlete, printed once, alone, after a handout or in a packet."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from generator import api
from generator.cli import cli
from generator.content.sources import SOURCES
from generator.errors import UsageProblem
from tests.conftest import EXAMPLES
from tests.pdfs import page_texts


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_guide_is_two_to_four_pages_with_its_own_sources(
    tmp_path: Path, language: str, paper: str
) -> None:
    out = tmp_path / "guide.pdf"
    result = run("guide", "-o", out, "--lang", language, "--paper", paper)
    assert result.exit_code == 0, result.output
    texts = page_texts(out)
    assert 2 <= len(texts) <= 4
    flat = " ".join(" ".join(texts).split())
    title = {"en": "Team guide to cramps, twitches and recovery", "es": "Guía del equipo"}[language]
    assert flat.startswith(title)
    assert f"Wrote {out} ({len(texts)} pages, {language})." in result.stderr
    # Its sources are printed whole, and each is one the guide's text cites.
    assert SOURCES["C5"] in flat and SOURCES["T6"] in flat
    assert SOURCES["Caf1"] not in flat  # caffeine limits are personal: the guide does not cite them
    statement = {"en": "It is not a diagnosis", "es": "No es un diagnóstico"}[language]
    assert statement in flat


def test_the_guide_holds_the_background_no_personal_number(tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    assert run("guide", "-o", out).exit_code == 0
    flat = " ".join(" ".join(page_texts(out)).split())
    for heading in (
        "Why cramps happen",
        "If a cramp starts",
        "Muscle twitches",
        "Myths, and what is true",
        "Drink to a plan",
        "Find your sweat rate",
        "Heat",
        "Build up step by step",
        "Recovery",
        "Stretching and massage",
        "Signs of too much training",
    ):
        assert heading in flat, heading
    assert "210 long-distance athletes" in flat and "873 new runners" in flat and "In 2014" in flat
    assert "about 1.5 liters for each kilogram" in flat
    assert "For " not in flat.split("Team guide")[1][:40]  # nobody's name in its header


def test_the_guide_in_two_languages_and_imperial(tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    result = run(
        "guide", "-o", out, "--lang", "en", "--lang", "es", "--units", "imperial", "--team", "Riverside FC"
    )
    assert result.exit_code == 0, result.output
    same = tmp_path / "same.pdf"
    assert (
        run("guide", "-o", same, "--lang", "en,ES", "--units", "imperial", "--team", "Riverside FC").exit_code
        == 0
    )
    assert page_texts(same) == page_texts(out)
    texts = page_texts(out)
    flat = " ".join(" ".join(texts).split())
    assert "about 23 oz for each pound" in flat and "unas 23 oz por cada libra" in flat
    assert "Riverside FC" in texts[0]
    outline = PdfReader(out).outline
    top = [o.title for o in outline if not isinstance(o, list)]
    assert top == [
        "Team guide to cramps, twitches and recovery",
        "Guía del equipo sobre calambres, fasciculaciones y recuperación",
    ]
    english = outline[1]
    assert isinstance(english, list) and english[0].title == "Why cramps happen"  # type: ignore[union-attr]
    pages = [PdfReader(out).get_destination_page_number(o) for o in outline if not isinstance(o, list)]
    assert pages[0] == 0 and pages[1] is not None and "Guía del equipo" in texts[pages[1]]


def test_the_guide_refuses_what_makes_no_sense(tmp_path: Path) -> None:
    result = run("guide", "-o", tmp_path / "g.pdf", "--lang", "fr")
    assert result.exit_code == 2 and "'fr' is not one of 'en', 'es'" in result.output
    with pytest.raises(UsageProblem, match="languages: give some of en, es"):
        api.make_guide(tmp_path / "g.pdf", [])
    theme = tmp_path / "theme.yaml"
    theme.write_text("name: Club\n", encoding="utf-8")
    result = run("guide", "-o", theme, "--theme", theme)
    assert result.exit_code == 2 and "is also the theme" in result.output
    assert theme.read_text(encoding="utf-8") == "name: Club\n"


def test_the_guide_locked_and_private(tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    assert run("guide", "-o", out, "--password", "team secret", "--private").exit_code == 0
    reader = PdfReader(out)
    assert reader.is_encrypted and reader.decrypt("team secret")
    if os.name == "posix":
        assert out.stat().st_mode & 0o077 == 0


def test_make_with_guide_adds_the_guide_after_the_two_pages(tmp_path: Path) -> None:
    out = tmp_path / "zoe.pdf"
    result = run("make", EXAMPLES / "athlete.yaml", "-o", out, "--with-guide")
    assert result.exit_code == 0, result.output
    texts = page_texts(out)
    assert len(texts) >= 4
    assert texts[0].startswith("My plan: cramps, twitches and recovery") and "Page 2 of 2" in texts[1]
    assert texts[2].startswith("Team guide to cramps, twitches and recovery")
    assert "Team guide · Education, not a diagnosis." in texts[2]
    titles = [o.title for o in PdfReader(out).outline if not isinstance(o, list)]
    assert titles == ["My plan", "Why, and when to get help", "Team guide to cramps, twitches and recovery"]
    locked = tmp_path / "locked.pdf"
    assert (
        run("make", EXAMPLES / "athlete.yaml", "-o", locked, "--with-guide", "--password", "pw").exit_code
        == 0
    )
    reader = PdfReader(locked)
    assert reader.decrypt("pw") and len(reader.pages) == len(texts)
    assert [o.title for o in reader.outline if not isinstance(o, list)][:2] == titles[:2]


def test_the_packet_of_the_example_roster_is_at_most_60_a4_pages(tmp_path: Path) -> None:
    out = tmp_path / "team"
    result = run("batch", EXAMPLES / "roster.csv", "-o", out, "--packet", out / "packet.pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    pdf = PdfReader(out / "packet.pdf")
    assert len(pdf.pages) <= 60
    top = [o.title for o in pdf.outline if not isinstance(o, list)]
    assert top[:5] == ["Team packet", "Coach's report", "Contents", "Team guide", "Guía del equipo"]
    assert sum(1 for page in pdf.pages if "Team guide to cramps" in page.extract_text()) == 1
    # Westfield's athletes use ounces and pounds, the others metric: the guide gives both.
    flat = " ".join(" ".join(page_texts(out / "packet.pdf")).split())
    assert "about 1.5 liters for each kilogram (23 oz for each pound)" in flat


def test_a_packet_without_the_guide(tmp_path: Path) -> None:
    out = tmp_path / "team"
    args = (
        "batch",
        EXAMPLES / "roster.csv",
        "-o",
        out,
        "--packet",
        out / "p.pdf",
        "--limit",
        "2",
        "--no-guide",
    )
    assert run(*args).exit_code == 0
    top = [o.title for o in PdfReader(out / "p.pdf").outline if not isinstance(o, list)]
    assert "Team guide" not in top and len(top) == 5
    result = run("packet", *sorted(out.glob("*-*.pdf")), "-o", tmp_path / "q.pdf", "--no-guide")
    assert result.exit_code == 0, result.output
    top = [o.title for o in PdfReader(tmp_path / "q.pdf").outline if not isinstance(o, list)]
    assert top[:2] == ["Team packet", "Contents"] and "Team guide" not in top


def test_the_guide_ends_with_its_own_statement_not_the_handouts(tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    assert run("guide", "-o", out).exit_code == 0
    flat = " ".join(" ".join(page_texts(out)).split())
    assert "About this guide This guide is for learning. It is not a diagnosis" in flat
    assert "About this handout" not in flat and "numbers you or your coach gave" not in flat


def test_the_packet_command_prints_the_guide_in_the_handouts_languages(tmp_path: Path) -> None:
    lucia, zoe = tmp_path / "lucia.pdf", tmp_path / "zoe.pdf"
    assert run("make", EXAMPLES / "roster.csv", "--name", "Lucía Romero", "-o", lucia).exit_code == 0
    assert run("make", EXAMPLES / "athlete.yaml", "-o", zoe).exit_code == 0
    assert run("packet", lucia, zoe, "-o", tmp_path / "p.pdf").exit_code == 0
    top = [o.title for o in PdfReader(tmp_path / "p.pdf").outline if not isinstance(o, list)]
    assert top[:4] == ["Team packet", "Contents", "Guía del equipo", "Team guide"]


def test_a_team_name_longer_than_any_profile_text_is_refused(tmp_path: Path) -> None:
    long = "W " * 150
    for args in (
        ("guide", "-o", tmp_path / "g.pdf"),
        ("report", EXAMPLES / "roster.csv", "-o", tmp_path / "r.pdf"),
    ):
        result = run(*args, "--team", long)
        assert result.exit_code == 2, result.output
        assert "the team name is 300 characters long; at most 200 are allowed" in result.output
    assert not (tmp_path / "g.pdf").exists() and not (tmp_path / "r.pdf").exists()


@pytest.mark.parametrize("command", ["guide", "report", "packet"])
def test_a_dash_is_not_taken_for_a_file_name(
    tmp_path: Path, command: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    handout = tmp_path / "h.pdf"
    assert run("make", EXAMPLES / "athlete.yaml", "-o", handout).exit_code == 0
    args = {"guide": ("guide",), "report": ("report", EXAMPLES / "roster.csv"), "packet": ("packet", handout)}
    result = run(*args[command], "-o", "-")
    assert result.exit_code == 2 and "'-' is not a file name here" in result.output
    assert not (tmp_path / "-").exists()


def test_the_packet_commands_guide_in_imperial_and_in_its_own_language(tmp_path: Path) -> None:
    lucia = tmp_path / "lucia.pdf"
    assert run("make", EXAMPLES / "roster.csv", "--name", "Lucía Romero", "-o", lucia).exit_code == 0
    assert run("packet", lucia, "-o", tmp_path / "p.pdf", "--units", "imperial").exit_code == 0
    texts = page_texts(tmp_path / "p.pdf")
    guide = [t for t in texts if "Guía del equipo" in t]
    assert guide and "unas 23 oz por cada libra" in " ".join(" ".join(texts).split())
    assert all("Página" in t and "Page 1 of" not in t for t in guide)  # its footer in its own language


def test_a_broken_club_guide_stops_a_batch_with_a_packet_before_its_first_handout(tmp_path: Path) -> None:
    club = tmp_path / "club"
    club.mkdir()
    (club / "guide.en.md").write_text("---\ntitle: x\n---\n{% if %}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run(
        "batch", EXAMPLES / "roster.csv", "-o", out, "--packet", out / "p.pdf", "--content-dir", club
    )
    assert result.exit_code == 1 and "guide.en.md" in result.output
    assert not list(out.glob("*.pdf"))
    # Without a packet the guide is not printed, so it does not stop the handouts.
    assert (
        run("batch", EXAMPLES / "roster.csv", "-o", out, "--limit", "1", "--content-dir", club).exit_code == 0
    )
