"""Labels: one language's fixed wording (titles, box texts, food names, the report's words).

A club can give its own labels file in its content folder. It is checked when it is loaded
against the built-in file of the same language (else English): every label the handouts print
must be there, and of the same kind (text, a list of the same length, a group of labels, yes or
no). A problem names the file and the label ("labels.en.yaml: report.title is missing"), not a
KeyError in the middle of a run.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from generator.errors import ContentError
from generator.locale import Locale

MAX_PROBLEMS_SHOWN = 10
# Lists read by position must keep their length; other lists (steps, reasons) may be any length.
FIXED_LENGTH = frozenset({"months", "charts.acwr_bands"})
# Counts worded through the locale, which also takes one text for both forms ("{count} athletes").
COUNTS = frozenset({"packet.athletes", "report.athletes", "report.chart_count", "report.missing"})
# A label may be longer than ours, up to this many times (a box title is one line, not a page).
LONGER = 3
SHORTEST_CAP = 80


class Labels(Mapping[str, Any]):
    """A language's labels, checked; read them as a mapping (`labels["packet"]["title"]`)."""

    def __init__(self, data: Mapping[str, Any], file: str) -> None:
        self._data = dict(data)
        self.file = file
        self.locale = Locale(bool(data["decimal_comma"]), str(data["date_format"]), list(data["months"]))

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def text(self, *path: str) -> str:
        """Return the text at a path of keys (`labels.text("report", "title")`)."""
        value: Any = self._data
        for key in path:
            value = value[key]
        return str(value)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "yes or no"
    if isinstance(value, str):
        return "text"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of labels"
    return "empty" if value is None else type(value).__name__


def _counted(expected: Any) -> bool:
    """Return whether a label is a count's two forms ("one" and "many")."""
    return isinstance(expected, dict) and set(expected) == {"one", "many"}


def problems(data: Any, reference: Mapping[str, Any], path: str = "") -> list[str]:
    """Return what is missing from labels, or of the wrong kind, compared with `reference`."""
    found: list[str] = []
    if not isinstance(data, dict):
        return [f"{path or 'the file'} should be {_kind(dict(reference))}, not {_kind(data)}"]
    for key, expected in reference.items():
        where = f"{path}.{key}" if path else str(key)
        if key not in data:
            found.append(f"{where} is missing")
            continue
        value = data[key]
        if where in COUNTS and _kind(value) == "text" and _counted(expected):
            found += _text_problems(value, max(len(t) for t in expected.values()), where)
            continue  # "{count} athletes" for both forms: allowed, as older labels files have it
        if _kind(value) != _kind(expected):
            found.append(f"{where} should be {_kind(expected)}, not {_kind(value)}")
        elif isinstance(expected, dict):
            found += problems(value, expected, where)
        elif isinstance(expected, str):
            found += _text_problems(value, len(expected), where)
        elif isinstance(expected, list):
            if where in FIXED_LENGTH and len(value) != len(expected):
                found.append(f"{where} should have {len(expected)} entries, not {len(value)}")
            elif not value:
                found.append(f"{where} should not be empty")
            elif not all(isinstance(v, str) for v in value):
                found.append(f"{where} should be a list of texts")
            else:
                ours = max(len(t) for t in expected)
                for i, item in enumerate(value):
                    found += _text_problems(item, ours, f"{where}[{i + 1}]")
    return found


def _text_problems(value: str, ours: int, where: str) -> list[str]:
    """Return what is wrong with one label's text: empty, or far longer than ours."""
    if not value.strip():
        return [f"{where} should not be empty"]
    cap = max(LONGER * ours, SHORTEST_CAP)
    if len(value) > cap:
        return [f"{where} is {len(value)} characters long; at most {cap} fit where it is printed"]
    return []


# Labels added after clubs first copied theirs: a club's file without one takes ours.
LATER = (
    ("language_name",),
    ("packet", "family_copy"),
    ("charts", "acwr_alt"),
    ("charts", "heat_alt"),
    ("report", "chart_alt"),
    ("report", "missing"),
    ("report", "weeks_title"),
    ("report", "this_week"),
    ("report", "weeks_ago"),
    ("report", "weeks_alt"),
    ("charts", "load_weeks"),
)


def _with_later(data: Any, reference: Mapping[str, Any]) -> Any:
    """Return a club's labels with the labels added since (LATER) taken from ours where missing."""
    if not isinstance(data, dict):
        return data
    data = dict(data)
    for path in LATER:
        mine, ours = data, reference
        for key in path[:-1]:
            if not isinstance(mine.get(key), dict) or not isinstance(ours.get(key), Mapping):
                break
            mine[key] = dict(mine[key])
            mine, ours = mine[key], ours[key]
        else:
            if path[-1] not in mine and path[-1] in ours:
                mine[path[-1]] = ours[path[-1]]
    return data


def checked(data: Any, reference: Mapping[str, Any], file: str) -> Labels:
    """Return labels read from `file`, or stop with every problem found in them."""
    data = _with_later(data, reference)
    found = problems(data, reference)
    if len(found) == 1:
        raise ContentError(f"{file}: {found[0]}")
    if found:
        shown = "".join(f"\n  {p}" for p in found[:MAX_PROBLEMS_SHOWN])
        more = len(found) - MAX_PROBLEMS_SHOWN
        tail = f"\n  ... and {more} more" if more > 0 else ""
        raise ContentError(f"{file}: {len(found)} labels are missing or wrong:{shown}{tail}")
    return Labels(data, file)
