"""Heat numbers: the NWS heat index and the ACSM WBGT activity categories.

Sources: US National Weather Service heat index equation (Rothfusz regression with its
published adjustments); ACSM 2007 WBGT table as reprinted by NATA 2015 [W1].
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from generator.units import c_to_f, f_to_c

# The lowest air temperature on the NWS heat index chart.
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


@dataclass(frozen=True)
class WbgtBand:
    """One row of the ACSM WBGT table: its upper limit and the action for each group."""

    band: int
    upper_c: float | None  # None: no upper limit
    upper_included: bool  # the table prints "< 27.8" for the first row and "x–y" for the others
    not_acclimatized: str
    acclimatized: str


# ACSM 2007 / NATA 2015 [W1]. The table's rows: < 27.8, 27.9–30.0, 30.1–32.2, > 32.2 °C.
WBGT_BANDS: tuple[WbgtBand, ...] = (
    WbgtBand(1, 27.8, False, "more_rest_shorter_sessions", "normal_watch_fluids"),
    WbgtBand(2, 30.0, True, "work_rest_1_1_limit_intense", "care_intense_or_long"),
    WbgtBand(3, 32.2, True, "cancel_or_stop", "limit_intense_and_exposure"),
    WbgtBand(4, None, True, "cancel", "cancel"),
)


def wbgt_band(wbgt_c: float) -> WbgtBand:
    """Return the WBGT table row for a reading in °C (values between printed rows go up a row)."""
    for band in WBGT_BANDS:
        if band.upper_c is None:
            return band
        if wbgt_c < band.upper_c or (band.upper_included and wbgt_c <= band.upper_c):
            return band
    raise AssertionError("the last band has no upper limit")
