"""YAML reading through libyaml (C) when PyYAML has it: a trainer's command starts faster."""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BaseLoader: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


def safe_load(text: str) -> Any:
    """Return the data of a YAML text, with plain types only (no code, no custom tags)."""
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - SafeLoader is the safe one
