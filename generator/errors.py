"""Every error the handouts tool raises on purpose, under one base class, each with its exit code.

The command line prints these as short messages on stderr and exits with the error's code;
anything else is a bug.
"""

from __future__ import annotations

from dataclasses import dataclass

from generator.locale import plural


def shown(text: str) -> str:
    """Return a path or file name as it can be printed and saved: bytes that are not UTF-8 become �."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


class HandoutsError(Exception):
    """Base class: a problem the user can fix, described in words they understand.

    `noted` holds warnings about the input found before the problem, and `left_out` the rows
    that could not be used, so that a caller can still show them when the work stops.
    """

    exit_code = 1

    def __init__(self, *args: object) -> None:
        super().__init__(*args)
        self.noted: list[Problem] = []
        self.left_out: list[Problem] = []


class UsageProblem(HandoutsError):
    """Raised before any work when the request itself cannot be done as asked: options that
    conflict, or an output that would replace an input."""

    exit_code = 2


class UnprintableText(HandoutsError):
    """Raised when a handout's text holds a script no font here can print (a name in Thai, say)."""


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
        super().__init__(
            f"{plural(len(problems), 'problem')} in the input:\n" + "\n".join(f"  {p}" for p in problems)
        )


class RosterError(HandoutsError):
    """Raised when no row of a roster can be used; carries each row's problem and the warnings."""

    def __init__(self, message: str, left_out: list[Problem], noted: list[Problem]) -> None:
        super().__init__(message)
        self.left_out, self.noted = left_out, noted


class SelectionError(HandoutsError):
    """Raised when --row or --name does not pick exactly one athlete from a roster."""


class ContentError(HandoutsError):
    """Raised when a handout content file or template is missing or broken."""


class RenderError(HandoutsError):
    """Raised when a PDF cannot be written (bad theme, unwritable folder, disk full)."""
