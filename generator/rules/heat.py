"""Heat numbers: the NWS heat index with its categories, and the ACSM WBGT activity table.

Sources: US National Weather Service heat index equation (Rothfusz regression with its
published adjustments) and chart categories [NWS]; the ACSM 2007 WBGT table, all eight rows
(Armstrong et al., Table 3; the rows from 27.8 °C up are reprinted in NATA 2015) [W1].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.units import c_to_f, f_to_c

# The lowest value on the NWS heat index chart: below it the number says nothing about heat risk.
HEAT_INDEX_FROM_F = 80.0


def heat_index_f(temperature_f: float, humidity_pct: float) -> float:
    """Return the heat index in °F by the US National Weather Service method.

    The simple formula is used first; when its average with the air temperature reaches 80 °F,
    the Rothfusz regression replaces it, with the low-humidity and high-humidity adjustments.
    """
    t, rh = temperature_f, humidity_pct
    simple = 0.5 * (t + 61.0 + (t - 68.0) * 1.2 + rh * 0.094)
    if (simple + t) / 2.0 < 80.0:
        return simple
    hi = (
        -42.379
        + 2.04901523 * t
        + 10.14333127 * rh
        - 0.22475541 * t * rh
        - 0.00683783 * t * t
        - 0.05481717 * rh * rh
        + 0.00122874 * t * t * rh
        + 0.00085282 * t * rh * rh
        - 0.00000199 * t * t * rh * rh
    )
    if rh < 13.0 and 80.0 <= t <= 112.0:
        hi -= ((13.0 - rh) / 4.0) * math.sqrt((17.0 - abs(t - 95.0)) / 17.0)
    elif rh > 85.0 and 80.0 <= t <= 87.0:
        hi += ((rh - 85.0) / 10.0) * ((87.0 - t) / 5.0)
    return hi


def heat_index_c(temperature_c: float, humidity_pct: float) -> float:
    """Return the heat index in °C (computed in °F, as the NWS method is defined)."""
    return f_to_c(heat_index_f(c_to_f(temperature_c), humidity_pct))


# The NWS chart's categories by heat index (°F), each from its lower limit [NWS].
EXTREME_DANGER_F = 125.0
NWS_CATEGORIES: tuple[tuple[float, str], ...] = (
    (EXTREME_DANGER_F, "extreme_danger"),
    (103.0, "danger"),
    (90.0, "extreme_caution"),
    (HEAT_INDEX_FROM_F, "caution"),
)
# From these categories up, and without a WBGT reading, page 1 holds hard outdoor training back.
NWS_DANGER = frozenset({"danger", "extreme_danger"})


def shown_heat_index_c(heat_index: float) -> tuple[float, bool]:
    """Return the heat index to print, in °C, and whether it stands for "this or more".

    Far past the NWS chart the regression gives numbers no one has felt (over 200 °C at
    55 °C and full humidity), so from Extreme danger up the handout prints the category's
    lower limit, 125 °F, as "or more".
    """
    if c_to_f(heat_index) >= EXTREME_DANGER_F:
        return f_to_c(EXTREME_DANGER_F), True
    return heat_index, False


def nws_category(heat_index_f: float) -> str | None:
    """Return the NWS category of a heat index in °F, or None below the chart (80 °F)."""
    for lower, category in NWS_CATEGORIES:
        if heat_index_f >= lower:
            return category
    return None


@dataclass(frozen=True)
class WbgtBand:
    """One row of the ACSM WBGT table: its upper limit and the action for each group."""

    band: int
    upper_c: float | None  # the row's highest printed value; None: no upper limit
    not_acclimatized: str
    acclimatized: str


# ACSM 2007, Table 3 [W1]: <= 10.0, 10.1-18.3, 18.4-22.2, 22.3-25.6, 25.7-27.8, 27.9-30.0,
# 30.1-32.2 and >= 32.3 °C.
WBGT_BANDS: tuple[WbgtBand, ...] = (
    WbgtBand(1, 10.0, "normal_activity", "normal_activity"),
    WbgtBand(2, 18.3, "normal_activity", "normal_activity"),
    WbgtBand(3, 22.2, "more_rest_watch_fluids", "normal_activity"),
    WbgtBand(4, 25.6, "more_rest_shorter_sessions", "normal_watch_fluids"),
    WbgtBand(5, 27.8, "more_rest_easier_shorter", "normal_watch_fluids"),
    WbgtBand(6, 30.0, "work_rest_1_1_limit_intense", "care_intense_or_long"),
    WbgtBand(7, 32.2, "cancel_or_stop", "limit_intense_and_exposure"),
    WbgtBand(8, None, "cancel", "cancel"),
)
# The first row where heat advice applies (18.4 °C and up): below it, it is not warm.
WARM_FROM_BAND = 3
# Categories that call off practice: they go into page 1's box and the checklist.
CANCEL = frozenset({"cancel", "cancel_or_stop"})


def wbgt_band(wbgt_c: float) -> WbgtBand:
    """Return the WBGT table row for a reading in °C.

    The table prints rows to a tenth of a degree; a reading between two printed rows (18.35 °C)
    goes to the higher, safer row.
    """
    for band in WBGT_BANDS:
        if band.upper_c is None or wbgt_c <= band.upper_c:
            return band
    raise AssertionError("the last band has no upper limit")
