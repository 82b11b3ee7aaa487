"""Read a --columns file: a coach's own column headers, each mapped to the field it holds, and
their own words for values ("sex: {M: male, F: female}")."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.errors import InputError, shown
from generator.inputs import yamlio
from generator.inputs.profile import KNOWN_KEYS


class ColumnMap(dict[str, str]):
    """Headers -> field names, and for some fields, the values as written -> as this tool reads
    them (`value_words`: field -> {written, no case: value})."""

    def __init__(self, headers: dict[str, str], values: dict[str, dict[str, str]] | None = None) -> None:
        super().__init__(headers)
        self.value_words = values or {}


def read_columns(path: Path) -> ColumnMap:
    """Return the header -> field map of a YAML file ("Player: name", one per line), with any
    value maps ("sex: {M: male, F: female}": a field name, then its values)."""
    name = shown(path.name)
    try:
        data = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise InputError(f"{name} cannot be read as YAML ({e})") from e
    if not isinstance(data, dict) or not all(isinstance(k, str) for k in data):
        raise InputError(f"{name} must map each of your column headers to a field name, one per line")
    headers: dict[str, str] = {}
    values: dict[str, dict[str, str]] = {}
    for key, value in data.items():
        if isinstance(value, str):
            headers[key] = value
        elif isinstance(value, dict) and all(isinstance(v, str | int | float) for v in value.values()):
            if key not in KNOWN_KEYS:
                raise InputError(f"{name}: '{shown(key)}' has a map of values, but is not a field name")
            words = {str(k).strip().casefold(): str(v) for k, v in value.items()}
            if len(words) < len(value):
                raise InputError(f"{name}: '{shown(key)}' maps one value twice (written in two cases)")
            values[key] = words
        else:
            raise InputError(
                f"{name}: '{shown(key)}' must name a field (Player: name) or, for a field, map its "
                "values (sex: {M: male, F: female})"
            )
    unknown = sorted(v for v in headers.values() if v not in KNOWN_KEYS)
    if unknown:
        raise InputError(f"{name}: unknown field names {', '.join(unknown)}")
    return ColumnMap(headers, values)
