"""Rosters as coaches keep them: title rows above the header, percentages, values typed with
their units, their own words for columns and for sex."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.errors import InputError
from generator.inputs.profile import Where, validate
from generator.inputs.roster import read_records


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def profiles(path: Path, **options: object) -> list[dict[str, object]]:
    out = []
    for record in read_records(path, **options).records:  # type: ignore[arg-type]
        result = validate(record.values, record.where)
        assert result.profile is not None, result.problems
        out.append({k: getattr(result.profile, k) for k in ("name", "body_mass_kg", "humidity_pct", "sex")})
    return out


def test_title_rows_above_the_header_are_passed_over(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text(
        "Riverside FC: spring roster,,\nUpdated by the coach,,\n,,\nname,age,body_mass_kg\nAna,15,50\n",
        "utf-8",
    )
    assert [p["name"] for p in profiles(path)] == ["Ana"]
    # --header-row says which: here the fourth line.
    assert [p["name"] for p in profiles(path, header_row=4)] == ["Ana"]
    with pytest.raises(InputError, match="--header-row 9: the file has no line 9"):
        profiles(path, header_row=9)


def test_an_excel_sheet_with_a_title_and_percent_cells(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Riverside FC: spring roster"])
    sheet.append([])
    sheet.append(["Player", "Weight (lbs)", "Gender", "Humidity", "Temp (°F)"])
    sheet.append(["Ana", 110, "F", 0.4, 88])
    sheet["D4"].number_format = "0%"  # typed as 40 %, kept by Excel as 0.4
    path = tmp_path / "team.xlsx"
    book.save(path)
    (ana,) = profiles(path)
    assert ana["name"] == "Ana" and ana["sex"] == "female"
    assert ana["humidity_pct"] == pytest.approx(40.0)  # not 0.4 %: that would hide the heat
    assert ana["body_mass_kg"] == pytest.approx(49.9, abs=0.1)


@pytest.mark.parametrize(
    ("field", "typed", "expected"),
    [
        ("body_mass_kg", "70 kg", 70.0),
        ("body_mass_kg", "150 lbs", 68.04),  # the unit decides, not the column
        ("body_mass_lb", "70 kg", 70.0),
        ("temperature_c", "32 °C", 32.0),
        ("temperature_c", "90F", 32.22),
        ("humidity_pct", "40%", 40.0),
    ],
)
def test_values_typed_with_their_units(field: str, typed: str, expected: float) -> None:
    result = validate({"name": "Ana", field: typed}, Where("t.csv", 2))
    assert result.profile is not None, result.problems
    metric = field.replace("_lb", "_kg")
    assert getattr(result.profile, metric) == pytest.approx(expected, abs=0.01)


def test_a_unit_that_does_not_fit_its_column_is_refused_naming_the_column() -> None:
    result = validate({"name": "Ana", "body_mass_kg": "40%"}, Where("t.csv", 2))
    assert result.profile is None
    (problem,) = result.problems
    assert (
        problem.field == "body_mass_kg" and "does not fit this column (it takes kg or lb)" in problem.message
    )


@pytest.mark.parametrize(
    ("typed", "language", "sex"),
    [
        ("M", None, "male"),
        ("F", None, "female"),
        ("W", None, "female"),
        ("Male", None, "male"),
        ("Female", None, "female"),
        ("H", "es", "male"),  # hombre
        ("H", None, "male"),
    ],
)
def test_sex_as_coaches_write_it(typed: str, language: str | None, sex: str) -> None:
    result = validate({"name": "Ana", "sex": typed}, Where("t.csv", 2), language)
    assert result.profile is not None and result.profile.sex == sex


@pytest.mark.parametrize("language", ["es", "pt"])
def test_an_m_in_a_spanish_or_portuguese_row_is_refused_never_flipped(language: str) -> None:
    # "M" is male in English and mujer or mulher in Spanish and Portuguese: a US coach asking
    # for Spanish copies must not have every boy read as a girl.
    result = validate({"name": "Tomás", "sex": "M"}, Where("t.csv", 2), language)
    assert result.profile is None
    assert "male in English but female (mujer, mulher)" in result.problems[0].message


def test_a_comma_before_three_digits_is_not_guessed() -> None:
    result = validate({"name": "Ana", "caffeine_mg_per_day": "1,200"}, Where("t.csv", 2))
    assert result.profile is None and "write 1200 (twelve hundred) or 1.2" in result.problems[0].message
    decimal = validate({"name": "Ana", "body_mass_kg": "58,5"}, Where("t.csv", 2))
    assert decimal.profile is not None and decimal.profile.body_mass_kg == 58.5


def test_names_are_found_as_their_file_names_write_them(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLES

    assert run("plan", EXAMPLES / "roster.csv", "--name", "lukasz wrobel").exit_code == 0
    only = run("batch", EXAMPLES / "roster.csv", "-o", tmp_path / "o", "--only", "yuliya smirnova,aero oster")
    assert only.exit_code == 0, only.output
    assert len(list((tmp_path / "o").glob("*.pdf"))) == 2
    empty = run("batch", EXAMPLES / "roster.csv", "-o", tmp_path / "e", "--only", " , ")
    assert empty.exit_code == 2 and "give at least one name or athlete id" in empty.output


def test_a_weight_without_its_unit_is_not_guessed(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("Player,Weight,Gender\nAna,110,F\nBo,150,M\n", encoding="utf-8")
    result = run("batch", path, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert result.output.count("say its unit in the header (body_mass_kg or body_mass_lb)") == 1  # once


def test_a_roster_with_no_name_column_says_which_headers_it_found(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("Surname,age,body_mass_kg\nRuiz,15,50\n", encoding="utf-8")
    result = run("batch", path, "-o", tmp_path / "out")
    assert result.exit_code != 0
    assert "no column maps to name (the headers found: Surname, age, body_mass_kg)" in result.output
    assert result.output.count("\n") <= 2  # one error, not one per row


def test_make_and_plan_read_a_sheet_as_batch_does(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("Roster\nMy player,Mass\nAna,50\n", encoding="utf-8")
    columns = tmp_path / "columns.yaml"
    columns.write_text("My player: name\nMass: body_mass_kg\n", encoding="utf-8")
    shown = run("plan", path, "--row", "1", "--columns", columns, "--header-row", "2", "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert '"body_mass_kg": 50' in shown.output
    made = run(
        "make", path, "--row", "1", "--columns", columns, "--header-row", "2", "-o", tmp_path / "a.pdf"
    )
    assert made.exit_code == 0, made.output


def test_two_athletes_with_one_id_are_told_with_both_lines(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("name,athlete_id\nAna,A1\nBo,B2\nCy,a1\n", encoding="utf-8")
    result = run("batch", path, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert "team.csv, line 4, athlete_id: is the same as on line 2: two athletes, one id?" in result.output


def test_the_summary_counts_athletes_not_problems(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("name,age,body_mass_kg\nAna,old,heavy\nBo,15,50\nCy,x,50\n", encoding="utf-8")
    result = run("batch", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "Done: 1 handout (2 pages), 2 athletes failed (3 problems)" in result.output


def test_name_finds_an_athlete_without_accents_and_suggests_a_close_one(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("name,age\nLucía Romero,16\nBo Chen,15\n", encoding="utf-8")
    assert run("plan", path, "--name", "  lucia   ROMERO ").exit_code == 0
    wrong = run("plan", path, "--name", "Lucia Romeo")
    assert wrong.exit_code != 0 and "a close name is at --row 1" in wrong.output


def test_a_merged_cell_gives_its_value_to_every_row_it_covers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "team", "age"])
    sheet.append(["Ana", "Riverside FC", 15])
    sheet.append(["Bo", None, 16])
    sheet.append(["Cy", None, 15])
    sheet.merge_cells("B2:B4")  # one team written once, down the block
    path = tmp_path / "team.xlsx"
    book.save(path)
    teams = []
    for record in read_records(path).records:
        result = validate(record.values, record.where)
        assert result.profile is not None
        teams.append(result.profile.team)
    assert teams == ["Riverside FC"] * 3


def test_a_columns_file_maps_values_too(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_text("Player,Gender,Mass\nAna,Girl,50\nBo,Boy,60\nCy,X,55\n", encoding="utf-8")
    columns = tmp_path / "columns.yaml"
    columns.write_text(
        "Gender: sex\nMass: body_mass_kg\nsex: {Girl: female, Boy: male, X: unspecified}\n", "utf-8"
    )
    shown = run("plan", path, "--row", "3", "--columns", columns, "--format", "json")
    assert shown.exit_code == 0, shown.output
    assert '"sex": "unspecified"' in shown.output
    result = run("batch", path, "-o", tmp_path / "out", "--columns", columns)
    assert result.exit_code == 0 and "sex" not in result.output  # no value refused
    wrong = tmp_path / "wrong.yaml"
    wrong.write_text("gendre: {Girl: female}\n", encoding="utf-8")
    refused = run("batch", path, "-o", tmp_path / "out", "--columns", wrong)
    assert refused.exit_code == 2 and "has a map of values, but is not a field name" in refused.output


def test_a_workbook_too_big_to_open_whole_is_read_without_its_merged_cells(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.inputs import roster

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "team"])
    sheet.append(["Ana", "Riverside FC"])
    sheet.append(["Bo", None])
    sheet.merge_cells("B2:B3")
    path = tmp_path / "team.xlsx"
    book.save(path)
    monkeypatch.setattr(roster, "MERGED_SHEETS_LIMIT", 10)  # as if its sheets unpacked to gigabytes
    records = read_records(path).records
    assert [r.values.get("team") for r in records] == ["Riverside FC", None]  # streamed, rows kept


def test_a_merged_number_is_no_one_elses_and_a_merged_percent_keeps_its_format(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["name", "team", "body_mass_kg", "humidity_pct"])
    sheet.append(["Ana", "Riverside FC", 60, 0.4])
    sheet.append(["Bo", None, None, None])
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("C2:C3")  # one athlete's body mass: not the next one's
    sheet.merge_cells("D2:D3")
    sheet["D2"].number_format = "0%"
    path = tmp_path / "team.xlsx"
    book.save(path)
    values = [r.values for r in read_records(path).records]
    assert values[0]["humidity_pct"] == "40%" and values[1]["team"] == "Riverside FC"
    assert values[1].get("body_mass_kg") is None and values[1].get("humidity_pct") is None


def test_a_shard_in_other_digits_is_refused_cleanly(tmp_path: Path) -> None:
    from tests.conftest import EXAMPLES

    result = run("batch", EXAMPLES / "roster.csv", "-o", tmp_path / "o", "--shard", "\u00b2/3")
    assert result.exit_code == 2 and "Traceback" not in result.output
