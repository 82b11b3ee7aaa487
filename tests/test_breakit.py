"""Break-it cases: what a careless office worker or a hostile file does to a whole run.

Each test reproduces one class of failure found by attacking the tool, with inputs written
here, and checks the promise the README makes: good rows still come out, a bad row is named
by its line and field, and nothing about one athlete ends up in another's handout.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import cli

HEADER = "name,age,body_mass_kg,cramps,dark_urine\n"


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_a_stray_quote_never_puts_two_athletes_in_one_handout(tmp_path: Path) -> None:
    roster = tmp_path / "team.csv"
    # Ana's mass opens a quote that Cy's row would close: once, Ana's handout held Bo and Cy.
    roster.write_text(
        HEADER
        + 'Ana Lopez,16,"55,no,no\n'
        + "Bo Chen,15,60,yes,no\n"
        + 'Cy Diallo,17,"70",no,yes\n'
        + "Dee Ito,14,50,no,no\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1, result.output
    assert "line 2" in result.output and "body_mass_kg" in result.output
    assert "Traceback" not in result.output
    written = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert written == ["bo-chen-row3.pdf", "cy-diallo-row4.pdf", "dee-ito-row5.pdf"]
    for pdf in (tmp_path / "out").glob("*.pdf"):
        text = pdf_text(pdf)
        others = [n for n in ("Ana", "Bo Chen", "Cy Diallo", "Dee Ito") if n in text]
        assert len(others) == 1, (pdf.name, others)


def test_a_club_label_cannot_reach_into_python(tmp_path: Path) -> None:
    club = tmp_path / "club"
    club.mkdir()
    labels = (Path(__file__).parents[1] / "handouts" / "labels.en.yaml").read_text(encoding="utf-8")
    labels = labels.replace('for: "For {name}"', 'for: "For {name} {name.__class__} {name[0]}"')
    labels = labels.replace(
        'page_of: "Page {page} of {pages}"', 'page_of: "Page {page} of {pages:>99999999}"'
    )
    (club / "labels.en.yaml").write_text(labels, encoding="utf-8")
    profile = tmp_path / "ana.yaml"
    profile.write_text("name: Ana Lopez\nage: 16\nbody_mass_kg: 55\n", encoding="utf-8")
    out = tmp_path / "ana.pdf"
    result = CliRunner().invoke(cli, ["make", str(profile), "-o", str(out), "--content-dir", str(club)])
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "For Ana Lopez {name.__class__} {name[0]}" in text
    assert "<class" not in text
    assert "{pages:>99999999}" in text.replace("\n", "")


ROOT = Path(__file__).parents[1]


def club_topic(folder: Path, body: str) -> Path:
    """Write a club's prevention topic: the built-in front matter with `body` after it."""
    folder.mkdir(exist_ok=True)
    text = (ROOT / "handouts" / "prevention.en.md").read_text(encoding="utf-8")
    front = text[: text.index("\n---\n") + 5]
    (folder / "prevention.en.md").write_text(front + body, encoding="utf-8")
    return folder


def make_with(tmp_path: Path, *options: str) -> tuple[int, str, Path]:
    profile = tmp_path / "ana.yaml"
    profile.write_text("name: Ana Lopez\nage: 16\nbody_mass_kg: 55\n", encoding="utf-8")
    out = tmp_path / "ana.pdf"
    result = CliRunner().invoke(cli, ["make", str(profile), "-o", str(out), *options])
    return result.exit_code, result.output, out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "seconds"),
        ("{{ 'a' * 1000000000 }}", "repetition"),
        ("{{ '{:>999999999}'.format(1) }}", "memory"),
        ("{{ 'x' | center(999999999) }}", "memory"),
        ("{{ '%0999999999d' % 1 }}", "memory"),
        ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(1) }}", "too deeply"),
        ("{% for i in range(1000) %}{{ 'abc' * 10000 }}{% endfor %}", "characters"),
        ("{{ 10 ** 100000000 }}", "power"),
    ],
)
def test_club_content_runs_under_limits_and_names_its_line(tmp_path: Path, body: str, expected: str) -> None:
    club = club_topic(tmp_path / "club", "Line one.\n" + body + "\n")
    code, output, out = make_with(tmp_path, "--content-dir", str(club), "--topic", "prevention")
    assert code != 0
    assert "prevention.en.md" in output and expected in output, output
    assert "Traceback" not in output and not out.exists()


def test_a_content_error_never_quotes_the_athletes_values(tmp_path: Path) -> None:
    club = club_topic(tmp_path / "club", "Hello.\n{{ n[p.name] }} {{ [1][p.age] }}\n")
    code, output, _ = make_with(tmp_path, "--content-dir", str(club), "--topic", "prevention")
    assert code != 0 and "prevention.en.md, line" in output, output
    assert "Ana" not in output and "16" not in output.split("line", 1)[1].split(":", 1)[1]


def test_club_content_cannot_include_a_file_outside_its_folder(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Private: Bo Chen, 15, epilepsy", encoding="utf-8")
    club = club_topic(tmp_path / "club", "Hello.\n{% include 'notes.md' %}\n")
    (club / "notes.md").symlink_to(secret)
    code, output, out = make_with(tmp_path, "--content-dir", str(club), "--topic", "prevention")
    assert code != 0 and "outside the content folder" in output, output
    assert "Bo Chen" not in output and not out.exists()
    # The topic file itself may not be a link out either.
    (club / "prevention.en.md").unlink()
    (club / "prevention.en.md").symlink_to(secret)
    code, output, _ = make_with(tmp_path, "--content-dir", str(club), "--topic", "prevention")
    assert code != 0 and "outside the content folder" in output and "Bo Chen" not in output


def test_club_content_leaves_nothing_in_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    big = "{% set x = '" + "a" * 200_000 + "' %}Hello.\n"
    club = club_topic(tmp_path / "club", big)
    code, output, _ = make_with(tmp_path, "--content-dir", str(club), "--topic", "prevention")
    assert code == 0, output
    cached = [p for p in cache.rglob("*") if p.is_file()] if cache.exists() else []
    assert sum(p.stat().st_size for p in cached) < 200_000, cached


@pytest.mark.parametrize("file", ["theme", "labels"])
def test_yaml_aliases_are_refused_in_themes_and_labels(tmp_path: Path, file: str) -> None:
    laughs = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        laughs += f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]\n"
    if file == "theme":
        theme = tmp_path / "club.yaml"
        theme.write_text("name: Club\n" + laughs, encoding="utf-8")
        code, output, _ = make_with(tmp_path, "--theme", str(theme))
        first_alias = 3
    else:
        club = tmp_path / "club"
        club.mkdir()
        labels = (ROOT / "handouts" / "labels.en.yaml").read_text(encoding="utf-8")
        (club / "labels.en.yaml").write_text(labels + laughs, encoding="utf-8")
        code, output, _ = make_with(tmp_path, "--content-dir", str(club))
        first_alias = labels.count("\n") + 2
    assert code != 0 and "alias" in output and f"line {first_alias}:" in output, output
    assert "Traceback" not in output


def test_messages_never_spell_a_name_or_repeat_a_headerless_row(tmp_path: Path) -> None:
    roster = tmp_path / "team.csv"
    roster.write_text(HEADER + "Ana 漢字,16,55,no,no\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "2 different characters" in result.output
    assert "U+" not in result.output and "漢" not in result.output and "6F22" not in result.output
    # A sheet exported without its header row: its first athlete is not read as column names.
    headerless = tmp_path / "headerless.csv"
    headerless.write_text("Bo Chen,15,epilepsy,yes,no\nCy Diallo,17,70,no,yes\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(headerless), "-o", str(tmp_path / "out2")])
    assert result.exit_code != 0
    assert "headerless.csv, line 1: no column has a name this tool knows" in result.output
    assert "Bo Chen" not in result.output and "epilepsy" not in result.output
    assert result.output.count("\n") <= 2, result.output


@pytest.mark.parametrize("digits", [400, 5000])
def test_a_huge_number_or_a_broken_name_is_only_its_rows_problem(tmp_path: Path, digits: int) -> None:
    huge = "1" + "0" * digits
    roster = tmp_path / "team.json"
    roster.write_text(
        '[{"name": "Ana Lopez", "age": 16, "body_mass_kg": 55},'
        f' {{"name": "Bo Chen", "age": 15, "body_mass_kg": {huge}}},'
        ' {"name": "Cy \\udc80", "age": 17, "body_mass_kg": 60}]',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "body_mass_kg" in result.output and "name: holds a character" in result.output
    assert "unexpected" not in result.output and "Traceback" not in result.output
    assert [p.name for p in (tmp_path / "out").glob("*.pdf")] == ["ana-lopez.pdf"]
    # The same number typed in a CSV sheet.
    sheet = tmp_path / "team.csv"
    sheet.write_text(HEADER + f"Ana Lopez,16,55,no,no\nBo Chen,15,{huge},no,no\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(sheet), "-o", str(tmp_path / "csv")])
    assert result.exit_code == 1 and "line 3" in result.output and "unexpected" not in result.output


def test_an_unknown_column_is_reported_once_not_once_per_athlete(tmp_path: Path) -> None:
    extras = [f"extra{i}" for i in range(5)]
    lines = ["name,age,body_mass_kg," + ",".join(extras)]
    lines += [f"Athlete {i},16,55," + ",".join(["x"] * len(extras)) for i in range(300)]
    roster = tmp_path / "wide.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(tmp_path / "out"), "--dry-run"])
    assert result.exit_code == 0, result.output
    unknown = [line for line in result.output.splitlines() if "unknown field" in line]
    assert len(unknown) == len(extras), unknown
    assert all("line 2" in line for line in unknown)
