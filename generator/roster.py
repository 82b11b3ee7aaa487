"""Read athletes from files: one profile in YAML or JSON, or a roster (one athlete a row) in CSV.

Readers return raw records with their locations; `generator.profile.validate` checks the values.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.errors import InputError, Problem, SelectionError, ValidationError
from generator.profile import Profile, Validated, Where, normalize_key, validate

PROFILE_SUFFIXES = (".yaml", ".yml", ".json")
ROSTER_SUFFIXES = (".csv",)
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


def read_records(path: Path, encoding: str | None = None) -> Records:
    """Read every athlete record from a CSV roster or a YAML/JSON profile file."""
    suffix = path.suffix.lower()
    if suffix not in PROFILE_SUFFIXES + ROSTER_SUFFIXES:
        raise InputError(
            f"{path.name}: unknown file type '{path.suffix}'; use .csv for a roster "
            "or .yaml, .yml or .json for one athlete"
        )
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(f"{path.name}: cannot be read ({e.strerror or e})") from e
    if suffix in ROSTER_SUFFIXES:
        return _csv_records(_decode(data, path.name, encoding), path.name)
    text = _decode(data, path.name, encoding)
    if suffix == ".json":
        return _json_records(text, path.name)
    return _yaml_records(text, path.name)


def _decode(data: bytes, file: str, encoding: str | None) -> str:
    codec = encoding or "utf-8-sig"
    try:
        return data.decode(codec)
    except LookupError as e:
        raise InputError(f"unknown text encoding '{encoding}'") from e
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        hint = "; if it was saved by Excel on Windows, try --encoding cp1252" if encoding is None else ""
        raise InputError(f"{file}, line {line}: the text is not valid {codec}{hint}") from e


def _sniff_delimiter(first_line: str) -> str:
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_records(text: str, file: str) -> Records:
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip()), None)
    if first is None:
        raise InputError(f"{file}: the roster is empty; the first line must name the columns")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_sniff_delimiter(first))
    rows = _rows_with_lines(reader)
    header_line, header = next(rows)
    while not any(cell.strip() for cell in header):
        header_line, header = next(rows)
    keys = [normalize_key(cell) for cell in header]
    problems: list[Problem] = []
    for col, key in enumerate(keys, start=1):
        if not key:
            problems.append(Problem(file, "", f"column {col} has no name", header_line))
    for key, count in Counter(k for k in keys if k).items():
        if count > 1:
            problems.append(Problem(file, key, f"column appears {count} times", header_line))
    if problems:
        raise ValidationError(problems)

    records: list[Record] = []
    for line, row in rows:
        if not any(cell.strip() for cell in row):
            continue
        where = Where(file, line)
        shape: tuple[Problem, ...] = ()
        if len(row) > len(keys) and any(cell.strip() for cell in row[len(keys) :]):
            shape = (where.problem("", f"the row has {len(row)} cells but the header has {len(keys)}"),)
        values: dict[str, object] = {key: cell for key, cell in zip(keys, row, strict=False)}
        records.append(Record(values, where, len(records) + 1, shape))
    if not records:
        raise InputError(f"{file}: the roster has a header but no athletes")
    return Records(records)


def _rows_with_lines(reader: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """Yield each CSV row with the line it starts on (quoted cells may span lines)."""
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1  # type: ignore[attr-defined]
    except csv.Error as e:
        raise InputError(f"line {start}: {e}") from e


def _reject_constant(name: str) -> None:
    raise ValueError(f"{name} is not a number this tool accepts")


def _json_records(text: str, file: str) -> Records:
    try:
        data = json.loads(text, parse_constant=_reject_constant)
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
        root = yaml.compose(text, Loader=yaml.BaseLoader)
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
            elif value_node.style is None and value_node.value in _YAML_NULLS:
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
            raise SelectionError(f"--row {row} is out of range: the file has {len(items)} athletes")
        return items[row - 1]
    if name is not None:
        wanted = name.strip().casefold()
        hits = [r for r in items if str(r.values.get("name") or "").strip().casefold() == wanted]
        if not hits:
            raise SelectionError(f"no athlete named '{name}' in the file")
        if len(hits) > 1:
            rows = ", ".join(str(r.index) for r in hits)
            raise SelectionError(f"{len(hits)} athletes are named '{name}' (rows {rows}); use --row")
        return hits[0]
    if len(items) == 1:
        return items[0]
    raise SelectionError(f"the file holds {len(items)} athletes; pick one with --row N or --name NAME")


def load_one(
    path: Path, row: int | None = None, name: str | None = None, encoding: str | None = None
) -> tuple[Profile, list[Problem]]:
    """Read one athlete from a file and validate it; return the profile and any warnings."""
    chosen = select(read_records(path, encoding), row, name)
    if chosen.problems:
        raise ValidationError(list(chosen.problems))
    result: Validated = validate(chosen.values, chosen.where)
    if result.profile is None:
        raise ValidationError(result.problems)
    return result.profile, result.warnings
