"""Read a --columns file: a coach's own column headers, each mapped to the field it holds."""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.errors import InputError, shown
from generator.inputs import yamlio
from generator.inputs.profile import KNOWN_KEYS


def read_columns(path: Path) -> dict[str, str]:
    """Return the header -> field map of a YAML file ("Player: name", one per line)."""
    name = shown(path.name)
    try:
        data = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise InputError(f"{name} cannot be read as YAML ({e})") from e
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise InputError(f"{name} must map each of your column headers to a field name, one per line")
    unknown = sorted(v for v in data.values() if v not in KNOWN_KEYS)
    if unknown:
        raise InputError(f"{name}: unknown field names {', '.join(unknown)}")
    return data
