"""Filling in the fixed wording of handouts, reports and packets.

Labels come from YAML files, and a club's content folder can replace them, so a label is text,
never code: `{name}` is replaced by its value and nothing else in a label is read, so
`{name.__class__}` or `{count:99999999}` stay as written instead of reaching into Python.
"""

from __future__ import annotations

from typing import Any


def fill(text: Any, /, **values: Any) -> str:
    """Return `text` with each `{key}` replaced by its value; any other braces are kept as they are."""
    out = str(text)
    for key, value in values.items():
        out = out.replace("{" + key + "}", str(value))
    return out
