"""The locale: how each language writes numbers, dates and counts, and fills in its labels.

Labels come from YAML files, and a club's content folder can replace them, so a label is text,
never code: `{name}` is replaced by its value and nothing else in a label is read, so
`{name.__class__}` or `{count:99999999}` stay as written instead of reaching into Python.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from typing import Any


def fill(text: Any, /, **values: Any) -> str:
    """Return `text` with each `{key}` replaced by its value, in one pass (a value that holds
    "{count}", a name say, is not filled in again); any other braces are kept as they are."""
    return _FIELD.sub(lambda m: str(values[m[1]]) if m[1] in values else m[0], str(text))


_FIELD = re.compile(r"\{(\w+)\}")


def plural(count: int, one: str, many: str | None = None) -> str:
    """Return a count with its noun, in English: "1 handout", "2 handouts", "0 rows"."""
    return f"{count} {one if count == 1 else many or one + 's'}"


def joined(*parts: str) -> str:
    """Return the parts that are not empty, joined by middle dots ("Riverside FC · Contents")."""
    return " · ".join(p for p in parts if p)


def agree(count: int, one: str, many: str) -> str:
    """Return the English word that agrees with a count: agree(1, "was", "were") is "was"."""
    return one if count == 1 else many


def handout_date() -> dt.date:
    """Return the date printed on handouts: SOURCE_DATE_EPOCH's day if set, else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


class Locale:
    """One language's ways: its decimal mark, its date format and month names, its counts."""

    def __init__(self, decimal_comma: bool, date_format: str, months: Sequence[str]) -> None:
        self.decimal_comma = decimal_comma
        self.date_format = date_format
        self.months = tuple(months)

    def number(self, value: float, decimals: int) -> str:
        """Return a number with `decimals` digits after the language's decimal mark."""
        return self.decimal(f"{value:.{decimals}f}")

    def decimal(self, text: str) -> str:
        """Return a number already written with a point ("1.5 L") with the language's mark."""
        return text.replace(".", ",") if self.decimal_comma else text

    def date(self, day: dt.date) -> str:
        """Return a date in words ("25 November 2026", "25 de noviembre de 2026")."""
        # No-break spaces: a date is never cut over two lines ("5 / December 2026").
        shown = fill(self.date_format, day=day.day, month=self.months[day.month - 1], year=day.year)
        return shown.replace(" ", "\u00a0")

    def count(self, forms: Mapping[str, Any] | str, count: int) -> str:
        """Return a count in the label's words: `forms` has "one" and "many", each with {count}
        (or is one text for both, as older labels files have it)."""
        if isinstance(forms, str):
            return fill(forms, count=count)
        return fill(forms["one"] if count == 1 else forms["many"], count=count)
