"""Read a training log: one row per session (date, athlete, load or minutes and RPE), or the wide
table some tools export (one row per athlete, one column per date).

A session's load is its session-RPE, the rating of perceived exertion times the minutes, where
the log gives those instead of a load. A row with a problem is reported at its line and column
and left out; the other sessions are still read.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import InputError, Problem, shown
from generator.inputs import roster
from generator.inputs.profile import normalize_key

# A column's header, in the words logs use, -> what it holds.
_COLUMNS = {
    "date": "date", "day": "date", "session_date": "date", "training_date": "date",
    "athlete": "athlete", "athlete_id": "athlete", "id": "athlete", "player": "athlete",
    "name": "athlete", "athlete_name": "athlete", "player_name": "athlete",
    "load": "load", "session_load": "load", "srpe": "load", "session_rpe": "load", "au": "load",
    "minutes": "minutes", "duration": "minutes", "duration_min": "minutes", "mins": "minutes",
    "min": "minutes", "rpe": "rpe", "effort": "rpe",
}  # fmt: skip


@dataclass
class TrainingLog:
    """Each athlete's sessions, by the key a roster row is found with (`key`)."""

    sessions: dict[str, dict[dt.date, float]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    last_day: dt.date | None = None
    used: set[str] = field(default_factory=set)  # the keys a roster row found

    def add(self, athlete: str, day: dt.date, load: float) -> None:
        days = self.sessions.setdefault(key(athlete), {})
        days[day] = days.get(day, 0.0) + load
        self.last_day = day if self.last_day is None else max(self.last_day, day)

    def find(self, athlete_id: str | None, name: str) -> dict[dt.date, float] | None:
        """Return an athlete's sessions: those under their id, else those under their name.
        Never both: two players of one name, each with an id, must not share sessions (the
        name's then count as matching no roster row, and the run says so)."""
        for wanted in (athlete_id, name):
            if wanted and key(wanted) in self.sessions:
                self.used.add(key(wanted))
                return self.sessions[key(wanted)]
        return None

    def unused(self) -> int:
        """Return how many athletes of the log no roster row found (a typo, a left player)."""
        return len(set(self.sessions) - self.used)


def key(athlete: str) -> str:
    """Return how a log names an athlete, as compared: no accents, no case, single spaces."""
    return roster._plain_name(athlete)


def read_log(path: Path, encoding: str | None = None, sheet: str | None = None) -> TrainingLog:
    """Read a training log file (CSV or Excel), long or wide."""
    file = shown(path.name)
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows: Iterator[tuple[int, list[object]]] = roster._xlsx_rows(path, sheet)
        word = "row"
    elif suffix == ".csv":
        rows = roster._csv_rows(roster._text_lines(path, file, encoding), file)
        word = "line"
    else:
        raise InputError(f"{file}: a training log is a .csv or .xlsx file")
    header_line, header = next(((n, r) for n, r in rows if any(roster._filled(c) for c in r)), (0, []))
    if not header:
        raise InputError(f"{file}: the training log is empty")
    names = [normalize_key(str(c or "")) for c in header]
    kinds = [_COLUMNS.get(n, "") for n in names]
    log = TrainingLog()
    if "date" in kinds:
        _long(rows, kinds, file, word, log)
    else:
        dates: list[object] = [_date(c) for c in header[1:]]
        if not any(isinstance(d, dt.date) for d in dates):
            raise InputError(
                f"{file}, {word} {header_line}: a training log needs a date column and an athlete "
                "column (one row per session), or an athlete column then one column per date"
            )
        _wide(rows, dates, file, word, log)
    if log.last_day is None:
        raise InputError(f"{file}: the training log holds no session")
    return log


def _long(
    rows: Iterator[tuple[int, list[object]]], kinds: list[str], file: str, word: str, log: TrainingLog
) -> None:
    if "athlete" not in kinds:
        raise InputError(f"{file}: the training log has no athlete column (athlete, athlete_id or name)")
    if "load" not in kinds and not {"minutes", "rpe"} <= set(kinds):
        raise InputError(f"{file}: the training log needs a load column, or minutes and rpe columns")
    at = {kind: kinds.index(kind) for kind in set(kinds) if kind}
    for line, row in rows:
        if not any(roster._filled(c) for c in row):
            continue

        def cell(kind: str, row: list[object] = row) -> object:
            index = at.get(kind)
            return row[index] if index is not None and index < len(row) else None

        where = Problem(file, "", "", line, word)
        day = _date(cell("date"))
        athlete = str(cell("athlete") or "").strip()
        if not isinstance(day, dt.date):
            log.problems.append(_at(where, "date", "is not a date (write it as 2026-09-01)"))
            continue
        if not athlete:
            log.problems.append(_at(where, "athlete", "is empty"))
            continue
        load = _load(cell("load"), cell("minutes"), cell("rpe"), where, log)
        if load is not None:
            log.add(athlete, day, load)


def _wide(
    rows: Iterator[tuple[int, list[object]]], dates: list[object], file: str, word: str, log: TrainingLog
) -> None:
    for line, row in rows:
        if not row or not roster._filled(row[0]):
            continue
        athlete = str(row[0]).strip()
        for column, (day, value) in enumerate(zip(dates, row[1:], strict=False), start=2):
            if not isinstance(day, dt.date) or not roster._filled(value):
                continue
            number = _number(value)
            if number is None or number < 0:
                log.problems.append(
                    Problem(file, f"column {column}", "is not a load (a number, 0 or more)", line, word)
                )
                continue
            log.add(athlete, day, number)


def _load(load: object, minutes: object, rpe: object, where: Problem, log: TrainingLog) -> float | None:
    if roster._filled(load):
        number = _number(load)
        if number is None or number < 0:
            log.problems.append(_at(where, "load", "is not a load (a number, 0 or more)"))
            return None
        return number
    time, effort = _number(minutes), _number(rpe)
    if time is None or time < 0 or time > 24 * 60:
        log.problems.append(_at(where, "minutes", "is not a session's minutes (0 to 1440)"))
        return None
    if effort is None or not 0 <= effort <= 10:
        log.problems.append(_at(where, "rpe", "is not an effort rating from 0 to 10"))
        return None
    return time * effort  # session-RPE (Foster)


def _at(where: Problem, column: str, message: str) -> Problem:
    return Problem(where.file, column, message, where.line, where.line_word)


def _number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, str) and _THOUSANDS.match(value.strip()):
        return None  # "1,200" or "1.200": twelve hundred, or one point two? Not guessed.
    try:
        number = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}[,.]\d{3}$")


def _date(value: object) -> dt.date | None:
    """Return a log's date: an Excel date cell (read as ISO text) or ISO text, 2026-09-01, in
    the years a log can hold (a typo of 9999 would make every athlete's load look high)."""
    text = str(value or "").strip()
    if not _ISO.fullmatch(text[:10]) or (len(text) > 10 and text[10] not in "T "):
        return None
    try:
        day = dt.date.fromisoformat(text[:10])
    except ValueError:
        return None
    return day if FIRST_DAY <= day <= dt.date.today() + dt.timedelta(days=366) else None


FIRST_DAY = dt.date(2000, 1, 1)  # no log of a team's sessions goes back further
