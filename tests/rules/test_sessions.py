"""A training log's load, checked against sums and closed forms worked out by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import pytest

from generator.rules.sessions import LAMBDA_ACUTE, LAMBDA_CHRONIC, load_as_of

DAY = dt.date(2026, 9, 1)


def log(loads: Sequence[float]) -> dict[dt.date, float]:
    return {DAY + dt.timedelta(days=i): load for i, load in enumerate(loads) if load}


def test_the_smoothing_constants_are_williams_2_over_n_plus_1() -> None:
    assert LAMBDA_ACUTE == pytest.approx(0.25) and LAMBDA_CHRONIC == pytest.approx(2 / 29)


def test_the_r_packages_example_30_for_three_weeks_then_50() -> None:
    # The R package ACWR's test load: 30 a day for 21 days, then 50 a day for 7.
    got = load_as_of(log([30] * 21 + [50] * 7), DAY + dt.timedelta(days=27))
    assert got is not None and got.days == 28
    # Rolling sums, by hand: 7 x 50, and 21 x 30 + 7 x 50.
    assert got.acute == 350 and got.chronic == 980
    assert got.rolling_ratio == pytest.approx(350 / (980 / 4))  # 1.43
    # EWMA of a constant 30 stays 30; seven days of 50 then close the gap by (1 - lambda)^7.
    acute = 50 - 20 * (1 - 0.25) ** 7
    chronic = 50 - 20 * (1 - 2 / 29) ** 7
    assert got.ewma_acute == pytest.approx(acute) and got.ewma_chronic == pytest.approx(chronic)
    assert got.ewma_ratio == pytest.approx(acute / chronic)  # 1.25
    assert got.weeks == (210, 210, 210, 350)


def test_rest_days_are_zero_load_and_count_as_days() -> None:
    # Sessions every other day: 14 sessions of 100 over 28 days (a rest day between each).
    loads = [100.0 if i % 2 == 0 else 0.0 for i in range(28)]
    got = load_as_of(log(loads), DAY + dt.timedelta(days=27))
    assert got is not None
    assert got.days == 28 and got.acute == 300 and got.chronic == 1400  # days 21, 23, 25 in the last 7
    assert got.rolling_ratio == pytest.approx(300 / 350)


def test_fewer_than_28_days_leave_the_chronic_load_unknown() -> None:
    got = load_as_of(log([40] * 20), DAY + dt.timedelta(days=19))
    assert got is not None and got.days == 20
    assert got.acute == 280 and got.chronic is None and got.rolling_ratio is None and got.ewma_ratio is None


def test_the_date_a_load_is_taken_at() -> None:
    sessions = log([10] * 40)
    early = load_as_of(sessions, DAY + dt.timedelta(days=29))
    assert early is not None and early.days == 30 and early.acute == 70
    assert load_as_of(sessions, DAY - dt.timedelta(days=1)) is None  # before the first session
    # Days after the last session are rest days up to the date asked for.
    later = load_as_of(sessions, DAY + dt.timedelta(days=45))
    assert later is not None and later.acute == 10 * 1  # day 39 only, of days 39-45
