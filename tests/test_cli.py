"""The command line: output, exact error texts and exit codes."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import EXAMPLES

Write = Callable[..., Path]


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(cli, list(args))


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output.startswith("handouts, version ")


def _commands(group: click.Group) -> list[str]:
    return sorted(group.commands)


@pytest.mark.parametrize("command", [[]] + [[name] for name in _commands(cli)])
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_every_command_has_help(command: list[str], flag: str) -> None:
    result = run(*command, flag)
    assert result.exit_code == 0
    assert "Usage:" in result.output
    if command:
        assert "Example:" in result.output


def test_plan_text_for_the_example_athlete() -> None:
    result = run("plan", str(EXAMPLES / "athlete.yaml"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Plan for Zoë Ñúñez (Riverside FC, football, age 16, female)"
    assert "Triage: routine (twitch over 2 weeks)" in lines
    assert "  before: 290–400 mL at least 4 hours before" in lines
    assert "Training load: ratio 1.44 (rising); a rough guide, not a prediction" in lines


def test_plan_json_from_a_roster_row() -> None:
    result = run("plan", str(EXAMPLES / "roster.csv"), "--name", "lucía romero", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["athlete"]["name"] == "Lucía Romero"
    assert data["triage"]["level"] == "emergency"
    assert data["load"] == {"acute": 3900.0, "chronic_weekly": 2100.0, "acwr": 1.857, "band": "high"}


def test_plan_imperial_roster_row_prints_imperial_units() -> None:
    result = run("plan", str(EXAMPLES / "roster.csv"), "--name", "Jayden Brooks")
    assert result.exit_code == 0, result.output
    # 128 lb = 58.06 kg: 5-7 mL/kg is 290-406 mL = 9.8-13.7 oz, rounded inwards to 10-13 oz.
    assert "  before: 10–13 oz at least 4 hours before" in result.output.splitlines()
    assert "  weigh-in: lost 2.4 lb (1.9 % of body mass)" in result.output.splitlines()


def test_validation_errors_are_listed_and_exit_1(write: Write) -> None:
    path = write("team.csv", "name,age,humidity_pct\nAna,abc,120\n")
    result = run("plan", str(path), "--row", "1")
    assert result.exit_code == 1
    assert result.output == (
        "Error: 2 problems in the input:\n"
        "  team.csv, line 2, age: is not a number\n"
        "  team.csv, line 2, humidity_pct: is outside the plausible range 0–100 %\n"
    )


def test_unknown_field_warns_on_stderr(write: Write) -> None:
    path = write("p.yaml", "name: Ana\nsleep_hours: 8\n")
    result = CliRunner().invoke(cli, ["plan", str(path)])
    assert result.exit_code == 0
    assert (
        result.stderr
        == "Warning: p.yaml, line 2, sleep_hours: unknown field, ignored; did you mean 'sleep_h'?\n"
    )
    assert "Warning" not in result.stdout


def test_row_and_name_together_is_a_usage_error() -> None:
    result = run("plan", str(EXAMPLES / "roster.csv"), "--row", "1", "--name", "Ana")
    assert result.exit_code == 2
    assert "Error: --row and --name cannot be used together; pick one" in result.output


def test_roster_without_selection(write: Write) -> None:
    result = run("plan", str(EXAMPLES / "roster.csv"))
    assert result.exit_code == 1
    assert result.output == "Error: the file holds 24 athletes; pick one with --row N or --name NAME\n"


def test_missing_file_is_a_usage_error() -> None:
    result = run("plan", "nope.yaml")
    assert result.exit_code == 2
    assert "File 'nope.yaml' does not exist." in result.output


def test_bad_yaml_has_no_traceback(write: Write) -> None:
    result = run("plan", str(write("p.yaml", "name: [\n")))
    assert result.exit_code == 1
    assert result.output.startswith("Error: p.yaml, line 2: not valid YAML")
    assert "Traceback" not in result.output


def test_python_dash_m_generator_works() -> None:
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "generator", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0 and done.stdout.startswith("Usage: handouts")


def test_make_writes_a_pdf(tmp_path: Path) -> None:
    out = tmp_path / "zoe.pdf"
    result = CliRunner().invoke(cli, ["make", str(EXAMPLES / "athlete.yaml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    assert re.fullmatch(rf"Wrote {re.escape(str(out))} \(\d+ pages, en\)\.\n", result.stderr)
    assert [p.name for p in tmp_path.iterdir()] == ["zoe.pdf"]  # no temporary file left


def test_make_default_file_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["make", str(EXAMPLES / "roster.csv"), "--name", "Юлия Смирнова"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "yuliya-smirnova-rfc-06.pdf").is_file()


def test_make_never_replaces_a_file_under_an_athletes_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A trainer makes Zoë's handout, then a colleague another athlete's of the same name and
    # id: the first file is never silently replaced (someone may print it next).
    monkeypatch.chdir(tmp_path)
    first = CliRunner().invoke(cli, ["make", str(EXAMPLES / "athlete.yaml")])
    assert first.exit_code == 0, first.output
    made = tmp_path / "zoe-nunez-fc-07.pdf"
    made.write_bytes(b"%PDF-1.4 the earlier handout")
    again = CliRunner().invoke(cli, ["make", str(EXAMPLES / "athlete.yaml")])
    assert again.exit_code == 2
    assert "zoe-nunez-fc-07.pdf is there already" in again.stderr and "--force" in again.stderr
    assert "Traceback" not in again.output
    assert made.read_bytes() == b"%PDF-1.4 the earlier handout"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["zoe-nunez-fc-07.pdf"]  # no temporary file
    forced = CliRunner().invoke(cli, ["make", str(EXAMPLES / "athlete.yaml"), "--force"])
    assert forced.exit_code == 0, forced.output
    assert made.read_bytes().startswith(b"%PDF-") and b"earlier" not in made.read_bytes()
    # -o names the file: the trainer chose it, and it is replaced.
    named = CliRunner().invoke(cli, ["make", str(EXAMPLES / "athlete.yaml"), "-o", str(made)])
    assert named.exit_code == 0, named.output


def test_make_gives_two_athletes_of_one_name_two_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No ids: the roster line tells them apart, as in a batch.
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "name,age,sex,body_mass_kg\nSam Lee,15,male,60\nSam Lee,17,female,55\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    for row in ("1", "2"):
        result = CliRunner().invoke(cli, ["make", str(roster), "--row", row])
        assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == ["sam-lee-row2.pdf", "sam-lee-row3.pdf"]


def test_make_to_standard_output() -> None:
    result = CliRunner().invoke(cli, ["make", str(EXAMPLES / "athlete.yaml"), "-o", "-"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes.startswith(b"%PDF-")
    assert "Wrote standard output (2 pages, en)." in result.stderr


def test_make_letter_spanish_imperial(tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "h.pdf"
    result = CliRunner().invoke(
        cli,
        [
            "make",
            str(EXAMPLES / "athlete.yaml"),
            "-o",
            str(out),
            "--paper",
            "letter",
            "--lang",
            "es",
            "--units",
            "imperial",
        ],
    )
    assert result.exit_code == 0, result.output
    pdf = PdfReader(out)
    assert float(pdf.pages[0].mediabox.width) == 612
    text = pdf.pages[0].extract_text()
    assert "Para Zoë Ñúñez" in text


def test_make_with_a_bad_theme(write: Write, tmp_path: Path) -> None:
    theme = write("club.yaml", "colors:\n  accent: red\n  sky: '#000000'\nlogo: ../x.png\n")
    result = run("make", str(EXAMPLES / "athlete.yaml"), "-o", str(tmp_path / "h.pdf"), "--theme", str(theme))
    assert result.exit_code == 1
    assert result.output == (
        "Error: club.yaml: colors.accent: 'red' is not a colour like '#1F4E79'; "
        "colors.sky: unknown colour role (use accent, text, muted, box_emergency, box_soon, box_routine, "
        "box_warning, good, caution, danger); logo: '../x.png' must be inside the theme's folder\n"
    )
    assert not (tmp_path / "h.pdf").exists()


def test_make_into_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    result = run("make", str(EXAMPLES / "athlete.yaml"), "-o", str(tmp_path / "nope" / "h.pdf"))
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot write in {tmp_path / 'nope'}: ")
    assert "Traceback" not in result.output


def test_warnings_about_the_profile_still_show_when_the_handout_fails(tmp_path: Path) -> None:
    profile = tmp_path / "a.yaml"
    profile.write_text("name: Ana\nage: 15\nfavourite_colour: blue\n", encoding="utf-8")
    theme = tmp_path / "theme.yaml"
    theme.write_text("colors: {accent: red}\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["make", str(profile), "-o", str(tmp_path / "a.pdf"), "--theme", str(theme)]
    )
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "Warning: a.yaml, line 3, favourite_colour: unknown field, ignored"
    assert lines[-1].startswith("Error: theme.yaml: colors.accent:")


def test_a_request_that_cannot_be_done_shows_the_command_usage_and_exits_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["make", str(EXAMPLES / "athlete.yaml"), "-o", str(EXAMPLES / "athlete.yaml")]
    )
    assert result.exit_code == 2
    assert result.output.startswith("Usage: cli make [OPTIONS] PROFILE")  # CliRunner names the program "cli"
    assert "the output" in result.output and "is also the profile: it would be overwritten" in result.output
