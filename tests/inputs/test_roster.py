"""Reading athletes from CSV, YAML and JSON files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.errors import InputError, SelectionError, ValidationError
from generator.inputs.roster import header_key, load_one, read_records, select

Write = Callable[..., Path]


def test_csv_rows_keep_their_line_numbers(write: Write) -> None:
    path = write("team.csv", 'name,sport\n\nAna,"foot\nball"\nBo,rugby\n')
    records = read_records(path).records
    assert [(r.values["name"], r.where.line, r.index) for r in records] == [
        ("Ana", 3, 1),
        ("Bo", 5, 2),
    ]


def test_csv_with_bom_semicolons_and_header_case(write: Write) -> None:
    path = write("team.csv", "\ufeffName;Body Mass KG\nAna;61,5\n")
    profile, warnings = load_one(path)
    assert (profile.name, profile.body_mass_kg, warnings) == ("Ana", 61.5, [])


def test_csv_tab_delimited(write: Write) -> None:
    profile, _ = load_one(write("team.csv", "name\tage\nAna\t15\n"))
    assert profile.age == 15


def test_csv_bad_encoding_names_the_line_and_suggests_the_option(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_bytes("name\nAna\nJos\xe9\n".encode("cp1252"))
    with pytest.raises(InputError) as e:
        read_records(path)
    assert str(e.value) == (
        "team.csv, line 3: the text is not valid utf-8-sig; "
        "if it was saved by Excel on Windows, try --encoding cp1252"
    )
    assert read_records(path, "cp1252").records[1].values["name"] == "José"


def test_csv_duplicate_and_empty_headers_are_refused(write: Write) -> None:
    with pytest.raises(ValidationError) as e:
        read_records(write("team.csv", "name,Age,,age\nAna,1,2,3\n"))
    assert [str(p) for p in e.value.problems] == [
        "team.csv, line 1: column 3 has no name",
        "team.csv, line 1, age: column appears 2 times",
    ]


def test_csv_empty_and_header_only(write: Write) -> None:
    with pytest.raises(InputError, match="the roster is empty"):
        read_records(write("team.csv", "\n\n"))
    with pytest.raises(InputError, match="has a header but no athletes"):
        read_records(write("team.csv", "name,age\n"))


def test_csv_row_with_too_many_cells(write: Write) -> None:
    path = write("team.csv", "name,age\nAna,15,extra\nBo,16\n")
    with pytest.raises(ValidationError) as e:
        load_one(path, row=1)
    assert str(e.value.problems[0]) == "team.csv, line 2: the row has 3 cells but the header has 2"
    assert load_one(path, row=2)[0].name == "Bo"


def test_yaml_keeps_values_as_typed(write: Write) -> None:
    # YAML 1.1 would read NO as false and 07 as 7; here the field rules decide.
    path = write("p.yaml", "name: NO\nathlete_id: 07\nweakness: on\n")
    with pytest.raises(ValidationError) as e:
        load_one(path)
    assert [str(p) for p in e.value.problems] == [
        "p.yaml, line 3, weakness: is not yes or no (use yes/no, y/n, true/false or 1/0)"
    ]
    profile, _ = load_one(write("q.yaml", "name: NO\nathlete_id: 07\n"))
    assert (profile.name, profile.athlete_id) == ("NO", "07")


def test_yaml_null_is_not_known(write: Write) -> None:
    profile, _ = load_one(write("p.yaml", "name: Ana\nage: ~\nsleep_h: null\nsport: 'null'\n"))
    assert (profile.age, profile.sleep_h, profile.sport) == (None, None, "null")


def test_yaml_errors_name_the_line(write: Write) -> None:
    with pytest.raises(InputError, match=r"^p\.yaml, line 2: not valid YAML"):
        read_records(write("p.yaml", "name: Ana\n  age: [1\n"))
    with pytest.raises(ValidationError) as e:
        read_records(write("q.yaml", "name: Ana\nage: 1\nage: 2\nteam: [a, b]\n"))
    assert [str(p) for p in e.value.problems] == [
        "q.yaml, line 3, age: appears twice",
        "q.yaml, line 4, team: must be a single value",
    ]


def test_yaml_empty_file(write: Write) -> None:
    with pytest.raises(InputError, match="the file is empty"):
        read_records(write("p.yaml", "# nothing\n"))


def test_json_profile_and_nan_refused(write: Write) -> None:
    profile, _ = load_one(write("p.json", '{"name": "Ana", "age": 15, "acclimatized": true}'))
    assert (profile.age, profile.acclimatized) == (15, True)
    with pytest.raises(InputError, match="not valid JSON .NaN is not a number this tool accepts"):
        read_records(write("q.json", '{"name": "Ana", "age": NaN}'))


def test_json_list_is_a_roster(write: Write) -> None:
    path = write("p.json", '[{"name": "Ana"}, {"name": "Bo"}]')
    assert load_one(path, name="bo")[0].name == "Bo"


def test_unknown_suffix(write: Write) -> None:
    with pytest.raises(InputError, match="unknown file type '.txt'"):
        read_records(write("p.txt", "name: A"))


def test_select(write: Write) -> None:
    records = read_records(write("t.csv", "name\nAna\nBo\nana\n"))
    with pytest.raises(
        SelectionError, match=r"^the file holds 3 athletes; pick one with --row N or --name NAME$"
    ):
        select(records)
    with pytest.raises(SelectionError, match=r"^--row 4 is out of range: the file has 3 athletes$"):
        select(records, row=4)
    with pytest.raises(SelectionError, match=r"^2 athletes are named 'ANA' \(rows 1, 3\); use --row$"):
        select(records, name="ANA")
    with pytest.raises(SelectionError, match=r"^no athlete named 'Cy' in the file$"):
        select(records, name="Cy")
    assert select(records, name="bo").values["name"] == "Bo"


@pytest.mark.parametrize(
    ("header", "key"),
    [
        ("Body mass (kg)", "body_mass_kg"),
        ("  BODY MASS [lb] ", "body_mass_lb"),
        ("Humidity (%)", "humidity_pct"),
        ("Temperature (°F)", "temperature_f"),
        ("Caffeine (mg/day)", "caffeine_mg_per_day"),
        ("Alcohol (drinks/week)", "alcohol_drinks_per_week"),
        ("Age (years)", "age"),
        ("Twitch (weeks)", "twitch_weeks"),
        ("Sleep (hours)", "sleep_h"),
        ("Athlete ID", "athlete_id"),
        ("body_mass_kg (kg)", "body_mass_kg"),
        ("Humidity %", "humidity_pct"),
    ],
)
def test_spreadsheet_headers_map_to_field_names(header: str, key: str) -> None:
    assert header_key(header) == key


def test_a_clubs_own_headers_come_from_a_column_map(write: Write) -> None:
    path = write("team.csv", "Player,Weight,Wet bulb\nAna,61,29\n")
    columns = {"player": "name", "WEIGHT": "body_mass_kg", "Wet bulb": "wbgt_c"}
    profile, warnings = load_one(path, columns=columns)
    assert (profile.name, profile.body_mass_kg, profile.wbgt_c, warnings) == ("Ana", 61, 29, [])


def test_excel_twin_of_the_example_roster_reads_the_same() -> None:
    from generator.inputs.profile import validate
    from tests.conftest import EXAMPLES

    csv_records = read_records(EXAMPLES / "roster.csv").records
    xlsx_records = read_records(EXAMPLES / "roster.xlsx").records
    assert len(xlsx_records) == len(csv_records) == 24
    for a, b in zip(csv_records, xlsx_records, strict=True):
        va, vb = validate(a.values, a.where), validate(b.values, b.where)
        assert vb.warnings == [] and va.profile == vb.profile


def _workbook(tmp_path: Path) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    first = book.active
    first.title = "Notes"
    first.append(["nothing here"])
    team = book.create_sheet("Team")
    team.append(["Name", "Age (years)", "Weakness"])
    team.append(["Ana", 15, True])
    team.append([None, None, None])
    team.append(["Bo", "abc", "no"])
    path = tmp_path / "team.xlsx"
    book.save(path)
    return path


def test_excel_sheet_by_name_and_rows_in_messages(tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    profile, _ = load_one(path, name="Ana", sheet="Team")
    assert (profile.age, profile.weakness) == (15, True)
    with pytest.raises(ValidationError) as e:
        load_one(path, name="Bo", sheet="Team")
    assert str(e.value.problems[0]) == "team.xlsx, row 4, age: is not a number"


def test_excel_unknown_sheet_and_broken_file(tmp_path: Path) -> None:
    path = _workbook(tmp_path)
    with pytest.raises(InputError, match=r"^team\.xlsx: no sheet named 'Squad'; the sheets are Notes, Team$"):
        read_records(path, sheet="Squad")
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(InputError, match=r"^broken\.xlsx: not a readable Excel workbook"):
        read_records(broken)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet='ab,;"é\r\n\t ', max_size=60))
def test_rows_are_split_into_lines_as_a_csv_file_would_be(text: str) -> None:
    # The roster is read from the file a line at a time, never held whole.
    import io
    import tempfile

    from generator.inputs.roster import _text_lines

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "t.csv"
        path.write_bytes(text.encode("utf-8"))
        assert list(_text_lines(path, "t.csv", None)) == list(io.StringIO(text, newline=""))


STRAY = 'name,age,body_mass_kg,dark_urine\nAna,16,"55,no\nBo,15,60,no\nCy,17,"70",yes\nDee,14,50,no\n'


def test_a_stray_quote_is_its_rows_problem_and_never_merges_rows(write: Write) -> None:
    records = read_records(write("team.csv", STRAY)).records
    ana, *rest = records
    assert ana.values == {} and [(p.line, p.field) for p in ana.problems] == [(2, "body_mass_kg")]
    assert "a quote opens here and does not close on this line" in str(ana.problems[0])
    # The quote in Cy's row would once have closed Ana's and taken Bo in with her.
    assert [(r.where.line, r.values["name"], r.values["body_mass_kg"]) for r in rest] == [
        (3, "Bo", "60"),
        (4, "Cy", "70"),
        (5, "Dee", "50"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        'name,age\nAna,"16\nBo,15\nCy,17\n',  # never closed: the quote would run to the end
        'name;age\nAna;"16\nBo;15\nCy;17\n',  # the same with semicolons
        'name,age\r\nAna,"16\r\nBo,15\r\nCy,17\r\n',  # and with Windows line endings
    ],
)
def test_a_quote_that_never_closes_costs_one_row(write: Write, text: str) -> None:
    records = read_records(write("team.csv", text)).records
    assert [r.where.line for r in records] == [2, 3, 4]
    assert records[0].problems and records[0].problems[0].field == "age"
    assert [r.values["name"] for r in records[1:]] == ["Bo", "Cy"]


def test_a_quoted_cell_may_still_hold_a_line_break(write: Write) -> None:
    records = read_records(write("team.csv", 'name,team\n"Ana","Riverside\nFC"\nBo,Westfield\n')).records
    assert [r.values["team"] for r in records] == ["Riverside\nFC", "Westfield"]
    assert [r.where.line for r in records] == [2, 4] and not records[0].problems


def test_a_stray_quote_in_the_header_is_one_clear_error(write: Write) -> None:
    with pytest.raises(InputError, match=r"team.csv, line 1: the header has a quote .* column 2"):
        read_records(write("team.csv", 'name,"age\nAna,16,x\nBo,15\n'))


def test_excel_unicode_text_is_read_as_utf16_without_being_told(write: Write, tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    path.write_bytes("name\tage\r\nZoë Ñúñez\t16\r\n".encode("utf-16"))  # with its byte-order mark
    records = read_records(path).records
    assert [(r.values["name"], r.values["age"]) for r in records] == [("Zoë Ñúñez", "16")]
    with pytest.raises(
        InputError, match=r"^team\.csv: the file is UTF-16 text .*, not cp1252; leave --encoding out$"
    ):
        read_records(path, "cp1252")
    bare = tmp_path / "bare.csv"
    bare.write_bytes("name,age\nAna,16\n".encode("utf-16-le") + b"\xff\xdb")  # no mark; not UTF-8
    with pytest.raises(InputError, match=r"it looks like UTF-16 text: try --encoding utf-16$"):
        read_records(bare)


def test_a_bad_byte_far_down_a_long_roster_is_named_by_its_line(tmp_path: Path) -> None:
    path = tmp_path / "team.csv"
    rows = "".join(f"Athlete {n},16\n" for n in range(50_000))
    path.write_bytes(b"name,age\n" + rows.encode() + b"Caf\xe9,15\n")
    with pytest.raises(InputError, match=r"^team\.csv, line 50002: the text is not valid utf-8-sig; if it"):
        read_records(path)


def test_the_openpyxl_internal_the_excel_reader_guards_is_present() -> None:
    # Excel cells of thousands of digits are kept from ending the sheet by wrapping openpyxl's
    # number parser (generator/inputs/roster.py); pyproject pins openpyxl to the line tested.
    import openpyxl
    from openpyxl.worksheet import _reader

    assert callable(getattr(_reader, "_cast_number", None)), (
        f"openpyxl {openpyxl.__version__} has no worksheet._reader._cast_number: adapt "
        "_long_numbers_are_not_fatal in generator/inputs/roster.py, or pin openpyxl to a version "
        "the tests pass with"
    )
