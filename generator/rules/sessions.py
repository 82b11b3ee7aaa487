"""A training log's sums: each athlete's load over the last 7 and 28 days, and the ratio.

Coaches keep a log of sessions (date, athlete, minutes and how hard it felt), not running sums.
A session's load is its session-RPE: the rating of perceived exertion (0-10) times its minutes
(Foster et al. 2001). Sessions are placed on a calendar of days, and a day with no session is a
rest day with no load.

As of a date, over the days up to it:
- the rolling sums: acute = the last 7 days' load, chronic = the last 28 days' (the 7 inside
  them), and the ratio acute / (chronic / 4): the mean day of the last week over the mean day
  of the last four (the coupled rolling average, as the handouts' load ratio always was);
- the exponentially weighted moving averages of Williams et al. (2017): each day,
  EWMA = load x lambda + EWMA of the day before x (1 - lambda), with lambda = 2 / (N + 1),
  N = 7 days (acute) and 28 (chronic), starting from the first day's load; the ratio is acute
  over chronic.
Under 28 days of log, the chronic load is not known, and is not guessed. The handout presents
the ratio as a rough guide, as the content facts ask.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from generator.errors import Problem
from generator.inputs.logs import TrainingLog
from generator.inputs.profile import Profile, Where
from generator.locale import handout_date

ACUTE_DAYS, CHRONIC_DAYS = 7, 28
LAMBDA_ACUTE, LAMBDA_CHRONIC = 2 / (ACUTE_DAYS + 1), 2 / (CHRONIC_DAYS + 1)
TREND_WEEKS = 6  # weeks of load shown as a trend


@dataclass(frozen=True)
class LogLoad:
    """One athlete's load as of a date, from their sessions."""

    as_of: dt.date
    days: int  # days of log up to `as_of`, from the first session's day
    acute: float  # the last 7 days' load
    chronic: float | None  # the last 28 days' load (None: fewer than 28 days of log)
    rolling_ratio: float | None  # acute / (chronic / 4)
    ewma_acute: float
    ewma_chronic: float
    ewma_ratio: float | None  # None: fewer than 28 days of log, or no load at all
    weeks: tuple[float, ...]  # each of the last weeks' load, oldest first (up to TREND_WEEKS)


def daily(sessions: Mapping[dt.date, float], first: dt.date, last: dt.date) -> list[float]:
    """Return each day's load from `first` to `last`: the sessions' sum, 0 on a rest day."""
    count = (last - first).days + 1
    out = [0.0] * max(count, 0)
    for day, load in sessions.items():
        if first <= day <= last:
            out[(day - first).days] += load
    return out


def load_as_of(sessions: Mapping[dt.date, float], as_of: dt.date) -> LogLoad | None:
    """Return an athlete's load as of a date, from their sessions (date -> that day's load);
    None when no session falls on or before it."""
    days = [d for d in sessions if d <= as_of]
    if not days:
        return None
    first = min(days)
    loads = daily(sessions, first, as_of)
    acute = sum(loads[-ACUTE_DAYS:])
    known = len(loads) >= CHRONIC_DAYS
    chronic = sum(loads[-CHRONIC_DAYS:]) if known else None
    rolling = acute / (chronic / 4) if chronic else None
    ewma_acute = ewma_chronic = loads[0]
    for load in loads[1:]:
        ewma_acute = load * LAMBDA_ACUTE + ewma_acute * (1 - LAMBDA_ACUTE)
        ewma_chronic = load * LAMBDA_CHRONIC + ewma_chronic * (1 - LAMBDA_CHRONIC)
    ewma = ewma_acute / ewma_chronic if known and ewma_chronic > 0 else None
    full = len(loads) // ACUTE_DAYS
    weeks = tuple(
        sum(loads[len(loads) - (w + 1) * ACUTE_DAYS : len(loads) - w * ACUTE_DAYS])
        for w in reversed(range(min(full, TREND_WEEKS)))
    )
    return LogLoad(as_of, len(loads), acute, chronic, rolling, ewma_acute, ewma_chronic, ewma, weeks)


def with_log(
    profile: Profile, log: TrainingLog, as_of: dt.date | None, where: Where
) -> tuple[Profile, Problem | None, LogLoad | None]:
    """Return a profile with its 7- and 28-day loads from the training log (the roster's own
    sums give way to it), a warning where the log cannot give the ratio, and the log's load."""
    sessions = log.find(profile.athlete_id, profile.name)
    # By default, the log's last day, but never after today: a session planned ahead is not yet
    # load (it would make this week look light).
    day = as_of or (min(log.last_day, handout_date()) if log.last_day else None)
    if sessions is None or day is None:
        return (
            profile,
            where.problem("", "has no session in the training log: its own load, if any, is used"),
            None,
        )
    got = load_as_of(sessions, day)
    if got is None:
        return profile, where.problem("", f"has no session in the training log up to {day.isoformat()}"), None
    changed = dataclasses.replace(
        profile, load_last_7d=got.acute, load_last_28d=got.chronic, load_weeks=got.weeks
    )
    if got.chronic is None:
        days = f"has {got.days} day{'s' if got.days != 1 else ''} of training log up to {day.isoformat()}"
        message = f"{days}: the load ratio needs 28, and is left out"
        return changed, where.problem("", message), got
    return changed, None, got
