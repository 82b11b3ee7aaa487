"""Read athletes from files: one profile in YAML or JSON, or a roster (one athlete a row) in CSV.

Readers return raw records with their locations; `generator.inputs.profile.validate` checks the values.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import itertools
import re
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import InputError, Problem, SelectionError, ValidationError, shown
from generator.inputs import yamlio
from generator.inputs.profile import KNOWN_KEYS, Profile, Validated, Where, normalize_key, validate
from generator.locale import plural

PROFILE_SUFFIXES = (".yaml", ".yml", ".json")
MAX_NUMBER_TEXT = 40  # digits; no value on a profile needs more, and Python refuses 4,300
MAX_COLUMNS = 1000  # a roster has a few dozen; a sheet may declare 16,384
MAX_XLSX_SHEET_BYTES = 2_000_000_000  # a sheet is streamed: about 1,000,000 rows of 20 columns
MAX_XLSX_PART_BYTES = 100_000_000  # shared text and styles are held in memory whole
ROSTER_SUFFIXES = (".csv", ".xlsx")
_YAML_NULLS = frozenset({"~", "null", "Null", "NULL"})


@dataclass(frozen=True)
class Record:
    """One athlete's raw values, keyed by normalized field name, and where they came from."""

    values: dict[str, object]
    where: Where
    index: int  # 1-based position among the athletes in the file
    problems: tuple[Problem, ...] = ()  # problems with the row's shape, found while reading


@dataclass
class Records:
    """Every athlete record in one file."""

    records: list[Record]


def read_records(
    path: Path,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> Records:
    """Read every athlete record from a CSV or Excel roster, or a YAML/JSON profile file.

    `columns` maps a club's own column headers to field names; `sheet` picks an Excel sheet.
    """
    return Records(list(iter_records(path, encoding, columns, sheet, header_row)))


def iter_records(
    path: Path,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> Iterator[Record]:
    """Yield athlete records one at a time: a school's whole roster is never held as raw text
    rows and profiles at once. Problems with the file as a whole are raised as they are met."""
    suffix = path.suffix.lower()
    file = shown(path.name)
    if suffix not in PROFILE_SUFFIXES + ROSTER_SUFFIXES:
        raise InputError(
            f"{file}: unknown file type '{shown(path.suffix)}'; use .csv or .xlsx for a roster "
            "or .yaml, .yml or .json for one athlete"
        )
    if suffix == ".xlsx":
        yield from _table_records(_xlsx_rows(path, sheet), file, columns, "row", header_row)
        return
    if suffix == ".csv":
        # The file is read a line at a time: a million-row roster is never in memory whole.
        lines = _csv_rows(_text_lines(path, file, encoding), file)
        yield from _table_records(lines, file, columns, "line", header_row)
        return
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{file}: cannot be read ({e.strerror or e})") from e
    text = _decode(data, file, encoding)
    if suffix == ".json":
        yield from _json_records(text, file).records
    else:
        yield from _yaml_records(text, file).records


def _decode(data: bytes, file: str, encoding: str | None) -> str:
    codec = _codec(data[:4], file, encoding)
    try:
        return data.decode(codec)
    except UnicodeDecodeError as e:
        where = f"{file}, line {data[: e.start].decode(codec, 'replace').count(chr(10)) + 1}"
        raise InputError(f"{where}: the text is not valid {codec}{_hint(data, encoding, codec)}") from e


def _codec(head: bytes, file: str, encoding: str | None) -> str:
    """Return the codec to read a text file with: the one asked for, or UTF-8 (UTF-16 when it says so)."""
    utf16 = head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if encoding is None:
        # Excel's "Unicode text" is UTF-16 with a byte-order mark.
        return "utf-16" if utf16 else "utf-8-sig"
    try:
        name = codecs.lookup(encoding).name
    except LookupError as e:
        raise InputError(f"unknown text encoding '{encoding}'") from e
    if utf16 and not name.startswith("utf-16"):
        raise InputError(
            f"{file}: the file is UTF-16 text (it starts with UTF-16's mark), not {encoding}; "
            "leave --encoding out"
        )
    return encoding


def _hint(head: bytes, encoding: str | None, codec: str) -> str:
    if codec.startswith("utf-16"):
        return "; is it a CSV file?"
    if b"\x00" in head[:1024]:
        return "; it looks like UTF-16 text: try --encoding utf-16"
    return "; if it was saved by Excel on Windows, try --encoding cp1252" if encoding is None else ""


def _text_lines(path: Path, file: str, encoding: str | None) -> Iterator[str]:
    """Yield a text file's lines, with their endings, decoded a piece at a time."""
    try:
        raw = path.open("rb")
    except OSError as e:
        raise InputError(f"{file}: cannot be read ({e.strerror or e})") from e
    with raw:
        head = raw.read(1024)
        raw.seek(0)
        codec = _codec(head, file, encoding)
    # The wrapper owns the file it reads from, and closes it however the reading ends.
    with io.TextIOWrapper(path.open("rb"), encoding=codec, newline="") as text:
        try:
            yield from text
        except UnicodeDecodeError as e:
            where = f"{file}, line {_bad_line(path, codec)}"
            raise InputError(f"{where}: the text is not valid {codec}{_hint(head, encoding, codec)}") from e
        except OSError as e:
            raise InputError(f"{file}: cannot be read ({e.strerror or e})") from e


def _bad_line(path: Path, codec: str) -> int:
    """Return the line where a file stops being valid text in `codec`."""
    decoder = codecs.getincrementaldecoder(codec)()
    line = 1
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 16), b""):
            try:
                line += decoder.decode(chunk).count("\n")
            except UnicodeDecodeError as e:
                return line + e.object[: e.start].decode(codec, "replace").count("\n")
    return line


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


_UNIT_WORDS = {
    "kg": "kg", "kgs": "kg", "kilograms": "kg", "lb": "lb", "lbs": "lb", "pounds": "lb",
    "°c": "c", "c": "c", "celsius": "c", "°f": "f", "f": "f", "fahrenheit": "f",
    "%": "pct", "percent": "pct", "l": "l", "litres": "l", "liters": "l", "oz": "oz",
    "fl oz": "oz", "m": "m", "metres": "m", "meters": "m", "ft": "ft", "feet": "ft",
    "h": "h", "hours": "h", "hrs": "h", "mg/day": "mg_per_day", "mg per day": "mg_per_day",
    "drinks/week": "drinks_per_week", "weeks": "weeks", "years": "", "yrs": "", "count": "",
}  # fmt: skip
_UNIT_IN_BRACKETS = re.compile(r"^(.*?)\s*[(\[]\s*([^)\]]*?)\s*[)\]]\s*$")


# Coaches' own words for the columns, read without a --columns file. A weight or temperature
# is read only with its unit in the header ("Weight (lbs)", "Temp °F"): without one it stays
# unknown, and the warning asks for the unit. Humidity is a percentage, sleep is in hours.
HEADER_WORDS = {
    "player": "name", "athlete": "name", "athlete_name": "name", "player_name": "name",
    "full_name": "name", "student": "name", "student_name": "name",
    "gender": "sex",
    "weight": "body_mass", "body_weight": "body_mass", "mass": "body_mass",
    "weight_kg": "body_mass_kg", "weight_lb": "body_mass_lb", "weight_lbs": "body_mass_lb",
    "weight_kgs": "body_mass_kg", "body_weight_kg": "body_mass_kg", "body_weight_lb": "body_mass_lb",
    "temp": "temperature", "temp_c": "temperature_c", "temp_f": "temperature_f",
    "temperature_pct_c": "temperature_c",
    "humidity": "humidity_pct", "relative_humidity": "humidity_pct", "rh": "humidity_pct",
    "humidity_pct_pct": "humidity_pct",
    "sleep": "sleep_h", "sleep_hours": "sleep_h", "hours_of_sleep": "sleep_h", "sleep_hrs": "sleep_h",
}  # fmt: skip


def header_key(cell: str, columns: Mapping[str, str] | None = None) -> str:
    """Return the field name for a column header as spreadsheets write them.

    "Body mass (kg)" -> body_mass_kg, "Humidity [%]" -> humidity_pct, "Age (years)" -> age;
    a club's own names come from `columns` first.
    """
    text = cell.strip()
    if columns:
        wanted = text.casefold()
        for theirs, ours in columns.items():
            if theirs.strip().casefold() == wanted:
                return ours
    match = _UNIT_IN_BRACKETS.match(text.lower())
    if not match:
        key = normalize_key(text)
        return HEADER_WORDS.get(key, key)
    base, unit = normalize_key(match.group(1)), match.group(2).strip()
    base = HEADER_WORDS.get(base, base)
    unit_key = _UNIT_WORDS.get(unit, normalize_key(unit.replace("/", " per ")))
    with_unit = f"{base}_{unit_key}" if unit_key and not base.endswith(f"_{unit_key}") else base
    if with_unit in KNOWN_KEYS or base not in KNOWN_KEYS:
        return with_unit
    return base


def _table_records(
    rows: Iterator[tuple[int, list[object]]],
    file: str,
    columns: Mapping[str, str] | None,
    line_word: str,
    header_row: int | None = None,
) -> Iterator[Record]:
    """Yield the records of a table: its header is the first row that names columns this tool
    knows (a title row or two above it, as a workbook often has, is passed over), or the row
    `header_row` says."""
    header_line, header, rows = _header(rows, columns, header_row)
    if header_row is not None and not header:
        raise InputError(
            f"{file}: --header-row {header_row}: the file has no {line_word} {header_row} with text"
        )
    if header and isinstance(header[0], StrayQuote):
        raise InputError(
            f"{file}, {line_word} {header_line}: the header has a quote that does not close on its "
            f"{line_word}, in column {header[0].column + 1}; remove it or close it"
        )
    if not header:
        raise InputError(f"{file}: the roster is empty; the first {line_word} must name the columns")
    # Empty cells at the header's end are not columns (a spreadsheet's formatted but empty ones);
    # a row with a value under one is told its row is longer than the header.
    header = header[: max(n for n, cell in enumerate(header, start=1) if _filled(cell))]
    keys = [header_key(str(cell or ""), columns) for cell in header]
    if not any(key in KNOWN_KEYS for key in keys):
        # Most often a sheet whose first row is an athlete: its values are never repeated here.
        raise InputError(
            f"{file}, {line_word} {header_line}: no column has a name this tool knows (such as name, "
            f"age, body_mass_kg); the first {line_word} must name the columns"
        )
    if "name" not in keys:
        found = ", ".join(shown(str(cell).strip()) for cell in header if _filled(cell))
        raise InputError(
            f"{file}, {line_word} {header_line}: no column maps to name (the headers found: {found}); "
            "call the athletes' column 'name', or map yours with --columns"
        )
    problems: list[Problem] = []
    for col, key in enumerate(keys, start=1):
        if not key:
            problems.append(Problem(file, "", f"column {col} has no name", header_line, line_word))
    for key, count in Counter(k for k in keys if k).items():
        if count > 1:
            problems.append(Problem(file, key, f"column appears {count} times", header_line, line_word))
    if problems:
        raise ValidationError(problems)

    count = 0
    for line, row in rows:
        if not any(_filled(cell) for cell in row):
            continue
        where = Where(file, line, line_word=line_word)
        shape: tuple[Problem, ...] = ()
        if isinstance(row[0], StrayQuote):
            column = row[0].column
            field_name = keys[column] if column < len(keys) else ""
            message = (
                "a quote opens here and does not close on this line, so it would take in the next "
                "rows; remove the quote or close it (the rows after it are read on their own)"
            )
            count += 1
            yield Record({}, where, count, (where.problem(field_name, message),))
            continue
        if len(row) > len(keys) and any(_filled(cell) for cell in row[len(keys) :]):
            message = f"the row has {len(row)} cells but the header has {len(keys)}"
            shape = (where.problem("", message),)
        values: dict[str, object] = {key: cell for key, cell in zip(keys, row, strict=False)}
        for field_name, written in getattr(columns, "value_words", {}).items():  # a club's own words
            cell = values.get(field_name)
            if cell is not None and str(cell).strip().casefold() in written:
                values[field_name] = written[str(cell).strip().casefold()]
        count += 1
        yield Record(values, where, count, shape)
    if not count:
        raise InputError(f"{file}: the roster has a header but no athletes")


HEADER_SEARCH = 20  # rows looked through for the header, below a workbook's title rows


def _header(
    rows: Iterator[tuple[int, list[object]]], columns: Mapping[str, str] | None, header_row: int | None
) -> tuple[int, list[object], Iterator[tuple[int, list[object]]]]:
    """Return the header row, its number, and the rows after it: the row asked for, else the
    first that names two or more known fields (or only known ones), else the first that is
    not empty (its columns are then refused, with the reason)."""
    seen: list[tuple[int, list[object]]] = []  # rows looked at, in case none is the header
    for number, row in rows:
        if header_row is not None:
            if number == header_row:
                return number, row, rows
            continue
        if not any(_filled(c) for c in row):
            continue
        seen.append((number, row))
        if isinstance(row[0], StrayQuote):
            break
        keys = [header_key(str(c), columns) for c in row if _filled(c)]
        known = sum(k in KNOWN_KEYS for k in keys)
        if known >= 2 or (known and known == len(keys)):
            return number, row, rows
        if len(seen) >= HEADER_SEARCH:
            break
    if not seen:
        return 0, [], rows
    (number, row), rest = seen[0], seen[1:]
    return number, row, itertools.chain(rest, rows)


def _filled(cell: object) -> bool:
    return cell is not None and str(cell).strip() != ""


@dataclass(frozen=True)
class StrayQuote:
    """A row whose quoted cell ran over the next lines, taking their commas: not an athlete."""

    column: int  # 0-based index of the cell where the quote opened


class _Lines:
    """A text's lines, one at a time, with lines that were read too far put back in front."""

    def __init__(self, source: Iterator[str]) -> None:
        self._source = source
        self.back: list[str] = []  # put back, next line last
        self.taken: list[str] = []  # the lines the current row has read

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = self.back.pop() if self.back else next(self._source)
        self.taken.append(line)
        return line


def _csv_rows(source: Iterator[str], file: str) -> Iterator[tuple[int, list[object]]]:
    """Yield each CSV row with the line it starts on.

    A quoted cell may hold a line break, but a quote that opens and never closes on its line
    would swallow the next rows into one athlete. A cell over several lines that holds the
    delimiter is taken as that: the row is reported at its line and column, and the lines it
    swallowed are read again as rows of their own.
    """
    import csv  # the readers' modules are loaded when a roster of their kind is read

    # The delimiter is told from the first line with something on it.
    start: list[str] = []
    for first in source:
        start.append(first)
        if first.strip():
            break
    delimiter = _sniff_delimiter(start[-1] if start else "")
    lines = _Lines(source)
    lines.back = start[::-1]
    line = 1
    while True:
        lines.taken = []
        try:
            row = next(csv.reader(lines, delimiter=delimiter))
        except StopIteration:
            return
        except csv.Error as e:
            raise InputError(f"{file}, line {line}: {e}") from e
        span = len(lines.taken)
        if span > 1:
            stray = next(
                (i for i, cell in enumerate(row) if ("\n" in cell or "\r" in cell) and delimiter in cell),
                None,
            )
            if stray is not None:
                lines.back.extend(reversed(lines.taken[1:]))
                yield line, [StrayQuote(stray)]
                line += 1
                continue
        yield line, list(row)
        line += span


def _xlsx_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, list[object]]]:
    """Yield the rows of the first (or named) sheet of an Excel workbook with their row numbers."""
    _check_xlsx_sizes(path)
    _long_numbers_are_not_fatal()
    with warnings.catch_warnings():
        # openpyxl warns about what it cannot use (a date cell out of range becomes #VALUE!,
        # which that row's checks refuse; extensions it skips): nothing a coach can act on.
        warnings.filterwarnings("ignore", category=UserWarning, module=r"openpyxl\.")
        yield from _sheet_rows(path, sheet)


def _sheet_rows(path: Path, sheet: str | None) -> Iterator[tuple[int, list[object]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    file = shown(path.name)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise InputError(f"{file}: not a readable Excel workbook ({e})") from e
    try:
        if sheet is not None and sheet not in book.sheetnames:
            names = ", ".join(book.sheetnames)
            raise InputError(f"{file}: no sheet named '{sheet}'; the sheets are {names}")
        table = book[sheet] if sheet is not None else book.worksheets[0]
        merged = _merged(path, table.title)
        # The sheet's declared size is the saving program's claim: one may say a million columns
        # (every row padded to them) or too few rows (the last athletes dropped). Read what is there.
        table.reset_dimensions()
        for number, cells in enumerate(table.iter_rows(), start=1):
            if number in merged:
                # A merged cell (a team's name down a block of rows) gives its value to every
                # row it covers.
                row = [_cell(getattr(c, "value", None), getattr(c, "number_format", "")) for c in cells]
                fills = merged[number]
                row += [None] * (max([len(row), *fills]) - len(row))
                for col, value in fills.items():
                    if not _filled(row[col - 1]):
                        row[col - 1] = value
                yield number, row[:MAX_COLUMNS]
                continue
            if len(cells) > MAX_COLUMNS:
                if any(_filled(getattr(c, "value", None)) for c in cells[MAX_COLUMNS:]):
                    raise InputError(
                        f"{file}, row {number}: more than {MAX_COLUMNS} columns are filled; "
                        "a roster needs a few dozen at most"
                    )
                cells = cells[:MAX_COLUMNS]
            yield number, [_cell(getattr(c, "value", None), getattr(c, "number_format", "")) for c in cells]
    finally:
        book.close()


_NUMBER_LIKE = re.compile(r"^\s*[-+]?[\d.,]")  # a number, typed or with a unit: not passed down
MERGED_READ_LIMIT = 4_000_000  # bytes: a workbook this small is opened whole, for its merged cells
MERGED_SHEETS_LIMIT = 20_000_000  # bytes its sheets unpack to: a small file can hold a huge sheet


def _merged(path: Path, title: str) -> dict[int, dict[int, object]]:
    """Return the cells a merged cell covers, by row then column (1-based), with its value.
    Merged cells are only in a whole workbook's model (a sheet read as a stream has none): a
    roster small enough is opened whole for them; a larger one is read without.

    Only words are passed down (a team, a sport): a number merged over several athletes (a
    body mass, a temperature) is no one's but the first row's, so the rows under it are left
    blank, "not known", rather than given another athlete's value."""
    import openpyxl

    try:
        if path.stat().st_size > MERGED_READ_LIMIT:
            return {}
        with zipfile.ZipFile(path) as archive:
            sheets = sum(p.file_size for p in archive.infolist() if p.filename.startswith("xl/worksheets/"))
            if sheets > MERGED_SHEETS_LIMIT or b"mergeCell" not in b"".join(
                archive.read(p.filename)
                for p in archive.infolist()
                if p.filename.startswith("xl/worksheets/")
            ):
                return {}  # (too big to open whole; or no merged cell to find)
        book = openpyxl.load_workbook(path, data_only=True)
    except Exception:  # noqa: BLE001 - the stream reader reports a broken workbook itself
        return {}
    try:
        sheet = book[title]
        out: dict[int, dict[int, object]] = {}
        for area in sheet.merged_cells.ranges:
            first = sheet.cell(area.min_row, area.min_col)
            value = _cell(first.value, first.number_format)
            if not isinstance(value, str) or _NUMBER_LIKE.match(value):
                continue
            for line in range(area.min_row, min(area.max_row, area.min_row + 10_000) + 1):
                for col in range(area.min_col, min(area.max_col, MAX_COLUMNS) + 1):
                    out.setdefault(line, {})[col] = value
        return out
    finally:
        book.close()


def _check_xlsx_sizes(path: Path) -> None:
    """Refuse a workbook whose parts unpack to far more than any roster (a zip bomb)."""
    try:
        with zipfile.ZipFile(path) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as e:
        raise InputError(f"{shown(path.name)}: not a readable Excel workbook ({e})") from e
    for part in parts:
        # Sheets are read as a stream; everything else (shared text, styles) is held whole.
        sheet = part.filename.startswith("xl/worksheets/")
        limit = MAX_XLSX_SHEET_BYTES if sheet else MAX_XLSX_PART_BYTES
        if part.file_size > limit:
            raise InputError(
                f"{shown(path.name)}: its part {part.filename} unpacks to "
                f"{part.file_size // 1_000_000} MB; at most {limit // 1_000_000} MB is read "
                "(is it a zip bomb?)"
            )


def _long_numbers_are_not_fatal() -> None:
    """Keep a cell of thousands of digits from ending the whole sheet.

    openpyxl turns a number cell's text into an int, and Python refuses ints of more than 4,300
    digits (a denial-of-service guard); the error would stop the sheet's every row. A number that
    long is read as a float instead (infinite, or huge), which that row's checks then refuse.
    """
    from openpyxl.worksheet import _reader

    if getattr(_reader._cast_number, "handouts_guard", False):
        return

    def cast(value: str) -> float | int:
        if len(value) > MAX_NUMBER_TEXT or any(c in value for c in ".eE"):
            return float(value)
        return int(value)

    cast.handouts_guard = True  # type: ignore[attr-defined]
    _reader._cast_number = cast


def _cell(value: object, number_format: str = "") -> object:
    """Return an Excel cell as the profile reader takes it: dates as ISO text, and a number
    shown as a percentage as the percentage it shows (40 % is kept as 0.4: "40%" here)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if "%" in (number_format or "") and isinstance(value, int | float) and not isinstance(value, bool):
        return f"{value * 100:.10g}%"
    return value


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number this tool accepts")


def _json_number(text: str) -> object:
    """Return a JSON number; one too long to be a real value stays text, for its row to refuse."""
    if len(text) > MAX_NUMBER_TEXT:
        return text
    return float(text) if any(c in text for c in ".eE") else int(text)


def _json_records(text: str, file: str) -> Records:
    import json

    try:
        data = json.loads(
            text, parse_constant=_reject_constant, parse_int=_json_number, parse_float=_json_number
        )
    except RecursionError as e:
        raise InputError(
            f"{file}: not valid JSON for athletes (lists or objects nested hundreds of levels deep); "
            "each athlete is one flat object"
        ) from e
    except (json.JSONDecodeError, ValueError) as e:
        line = getattr(e, "lineno", None)
        place = f"{file}, line {line}" if line else file
        raise InputError(f"{place}: not valid JSON ({getattr(e, 'msg', e)})") from e
    items = data if isinstance(data, list) else [data]
    records: list[Record] = []
    for index, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise InputError(f"{file}: expected an object of field names and values")
        values: dict[str, object] = {}
        problems: list[Problem] = []
        where = Where(file)
        for key, value in item.items():
            if isinstance(value, dict | list):
                problems.append(where.problem(normalize_key(key), "must be a single value"))
                continue
            values[normalize_key(key)] = value
        if problems:
            raise ValidationError(problems)
        records.append(Record(values, where, index))
    if not records:
        raise InputError(f"{file}: holds no athlete")
    return Records(records)


def _yaml_records(text: str, file: str) -> Records:
    # BaseLoader keeps every value as the text that was typed, so YAML 1.1 surprises
    # (NO -> False, 07 -> 7, on -> True) never happen; the field rules decide instead.
    try:
        yamlio.refuse_aliases(text)
        root = yaml.compose(text, Loader=yamlio.BaseLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        place = f"{file}, line {mark.line + 1}" if mark is not None else file
        problem = getattr(e, "problem", None) or "syntax error"
        raise InputError(f"{place}: not valid YAML ({problem})") from e
    if root is None:
        raise InputError(f"{file}: the file is empty")
    nodes = root.value if isinstance(root, yaml.SequenceNode) else [root]
    records: list[Record] = []
    problems: list[Problem] = []
    for index, node in enumerate(nodes, start=1):
        if not isinstance(node, yaml.MappingNode):
            line = node.start_mark.line + 1
            raise InputError(f"{file}, line {line}: expected field names with values (name: ...)")
        values: dict[str, object] = {}
        key_lines: dict[str, int] = {}
        where = Where(file, node.start_mark.line + 1, key_lines)
        for key_node, value_node in node.value:
            key = normalize_key(str(key_node.value))
            key_lines[key] = key_node.start_mark.line + 1
            if key in values:
                problems.append(where.problem(key, "appears twice"))
            elif not isinstance(value_node, yaml.ScalarNode):
                problems.append(where.problem(key, "must be a single value"))
            elif not value_node.style and value_node.value in _YAML_NULLS:  # plain, unquoted
                values[key] = None
            else:
                values[key] = value_node.value
        records.append(Record(values, where, index))
    if problems:
        raise ValidationError(problems)
    return Records(records)


def select(records: Records, row: int | None = None, name: str | None = None) -> Record:
    """Return the one record picked by `row` (1-based) or `name`; the only one if neither is given."""
    items = records.records
    if row is not None:
        if not 1 <= row <= len(items):
            raise SelectionError(f"--row {row} is out of range: the file has {plural(len(items), 'athlete')}")
        return items[row - 1]
    if name is not None:
        # "lucia romero" finds "Lucía Romero": without accents, case or extra spaces.
        wanted = _plain_name(name)
        hits = [r for r in items if _plain_name(str(r.values.get("name") or "")) == wanted]
        if not hits:
            import difflib

            names = [_plain_name(str(r.values.get("name") or "")) for r in items]
            close = difflib.get_close_matches(wanted, names, n=3, cutoff=0.6)
            # (rows, not names: a message never spells another athlete's name)
            near = [f"--row {n}" for n, plain in enumerate(names, start=1) if plain in close][:3]
            hint = f"; a close name is at {' or '.join(near)}" if near else ""
            raise SelectionError(f"no athlete named '{name}' in the file{hint}")
        if len(hits) > 1:
            rows = ", ".join(str(r.index) for r in hits)
            raise SelectionError(f"{len(hits)} athletes are named '{name}' (rows {rows}); use --row")
        return hits[0]
    if len(items) == 1:
        return items[0]
    raise SelectionError(f"the file holds {len(items)} athletes; pick one with --row N or --name NAME")


def _plain_name(name: str) -> str:
    """Return a name as --name and --only compare it: in Latin letters as the file names write
    it ("Łukasz Wróbel" and "lukasz wrobel", "Юлия" and "yuliya"), no case, single spaces."""
    from anyascii import anyascii

    return " ".join(anyascii(name).casefold().split())


def load_one(
    path: Path,
    row: int | None = None,
    name: str | None = None,
    encoding: str | None = None,
    columns: Mapping[str, str] | None = None,
    sheet: str | None = None,
    header_row: int | None = None,
) -> tuple[Profile, list[Problem]]:
    """Read one athlete from a file and validate it; return the profile and any warnings."""
    chosen = select(read_records(path, encoding, columns, sheet, header_row), row, name)
    if chosen.problems:
        raise ValidationError(list(chosen.problems))
    result: Validated = validate(chosen.values, chosen.where)
    if result.profile is None:
        raise ValidationError(result.problems)
    return result.profile, result.warnings
