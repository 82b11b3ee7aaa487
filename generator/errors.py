"""Every error the handouts tool raises on purpose, under one base class.

The command line turns these into short messages on stderr (exit 1); anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass


class HandoutsError(Exception):
    """Base class: a problem the user can fix, described in words they understand."""


class InputError(HandoutsError):
    """Raised when an input file cannot be read at all: missing, unknown format, bad encoding or syntax."""


@dataclass(frozen=True)
class Problem:
    """One problem with one value, and where it is."""

    file: str
    field: str
    message: str
    line: int | None = None
    line_word: str = "line"  # "row" for a spreadsheet

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}, {self.line_word} {self.line}"
        return f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class ValidationError(HandoutsError):
    """Raised when one or more values in a profile or roster are wrong; lists every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        count = len(problems)
        head = "1 problem" if count == 1 else f"{count} problems"
        super().__init__(f"{head} in the input:\n" + "\n".join(f"  {p}" for p in problems))


class SelectionError(HandoutsError):
    """Raised when --row or --name does not pick exactly one athlete from a roster."""


class ContentError(HandoutsError):
    """Raised when a handout content file or template is missing or broken."""


class RenderError(HandoutsError):
    """Raised when a PDF cannot be written (bad theme, unwritable folder, disk full)."""
