"""YAML reading through libyaml (C) when PyYAML has it: a trainer's command starts faster.

Aliases (`*name`) are refused: a few hundred bytes of nested aliases stand for billions of
values, and no theme, label or front matter needs them.
"""

from __future__ import annotations

from typing import Any

import yaml

SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
BaseLoader: Any = getattr(yaml, "CBaseLoader", yaml.BaseLoader)


class AliasError(yaml.YAMLError):
    """A YAML text uses an alias; `problem_mark.line` is where (from 0), as PyYAML's own errors."""

    def __init__(self, mark: Any) -> None:
        self.problem = "an alias (*name) is not allowed; write the value out"
        self.problem_mark = mark
        super().__init__(f"line {mark.line + 1}: {self.problem}")


def refuse_aliases(text: str, loader: Any = BaseLoader) -> None:
    """Raise a YAMLError, with its line, at the first alias in a YAML text."""
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.AliasEvent):
            raise AliasError(event.start_mark)


def safe_load(text: str) -> Any:
    """Return the data of a YAML text, with plain types only (no code, no custom tags, no aliases)."""
    refuse_aliases(text)
    return yaml.load(text, Loader=SafeLoader)  # noqa: S506 - SafeLoader is the safe one
