"""Units: metric and imperial conversions, and how each quantity is shown (kg or lb, mL or oz)."""

from __future__ import annotations

import math

KG_PER_LB = 0.45359237
L_PER_US_FL_OZ = 0.0295735295625
M_PER_FT = 0.3048
# Amounts a reader can pour: a glass is about 250 mL; a US cup is 240 mL, 8 fl oz.
GLASS_ML = 250.0
CUP_ML = 240.0


def lb_to_kg(value: float) -> float:
    """Return pounds as kilograms."""
    return value * KG_PER_LB


def kg_to_lb(value: float) -> float:
    """Return kilograms as pounds."""
    return value / KG_PER_LB


def f_to_c(value: float) -> float:
    """Return degrees Fahrenheit as degrees Celsius."""
    return (value - 32.0) * 5.0 / 9.0


def c_to_f(value: float) -> float:
    """Return degrees Celsius as degrees Fahrenheit."""
    return value * 9.0 / 5.0 + 32.0


def oz_to_l(value: float) -> float:
    """Return US fluid ounces as litres."""
    return value * L_PER_US_FL_OZ


def l_to_oz(value: float) -> float:
    """Return litres as US fluid ounces."""
    return value / L_PER_US_FL_OZ


def ft_to_m(value: float) -> float:
    """Return feet as metres."""
    return value * M_PER_FT


def m_to_ft(value: float) -> float:
    """Return metres as feet."""
    return value / M_PER_FT


def round_to(value: float, step: float) -> float:
    """Return `value` rounded to the nearest multiple of `step`."""
    return round(value / step) * step


def show_volume(ml: float, system: str) -> str:
    """Return a fluid volume for people: mL to the nearest 10 (L from 1000 mL) or US fl oz."""
    if system == "imperial":
        return f"{round(l_to_oz(ml / 1000.0)):.0f} oz"
    if ml >= 1000:
        return f"{ml / 1000.0:.1f} L"
    return f"{round_to(ml, 10):.0f} mL"


def show_volume_range(lo_ml: float, hi_ml: float, system: str) -> str:
    """Return a range of fluid volumes in one unit ("300–420 mL"), rounded inwards.

    Rounding the low end up and the high end down keeps the printed range inside the
    computed one, so rounding never tells anyone to drink more than the guidance says.
    """
    if system == "imperial":
        lo_oz, hi_oz = l_to_oz(lo_ml / 1000.0), l_to_oz(hi_ml / 1000.0)
        lo, hi = math.ceil(lo_oz), max(math.ceil(lo_oz), math.floor(hi_oz))
        return f"{lo}–{hi} oz"
    lo_r = math.ceil(lo_ml / 10.0) * 10
    hi_r = max(lo_r, math.floor(hi_ml / 10.0) * 10)
    return f"{lo_r}–{hi_r} mL"


HALF = "½"  # printed by show_pour; the packet's font priming (layout.front.charset) includes it


def show_pour(ml: float, system: str, words: dict[str, str]) -> str:
    """Return an amount as glasses of 250 mL (metric) or US cups of 8 fl oz, to the nearest half.

    `words` gives the unit's name for one and for more ("glass", "glasses").
    """
    size = CUP_ML if system == "imperial" else GLASS_ML
    halves = max(1, round(ml / size * 2))
    whole, half = divmod(halves, 2)
    count = ("" if whole == 0 else str(whole)) + (HALF if half else "")
    return f"{count} {words['one'] if halves <= 2 else words['many']}"


def show_rate(l_per_h: float, system: str) -> str:
    """Return a sweat rate: L/h to 0.1, or US fl oz per hour to the nearest 1."""
    if system == "imperial":
        return f"{round(l_to_oz(l_per_h)):.0f} oz/h"
    return f"{l_per_h:.1f} L/h"


def show_mass(kg: float, system: str) -> str:
    """Return a body mass: kg or lb to one decimal."""
    if system == "imperial":
        return f"{kg_to_lb(kg):.1f} lb"
    return f"{kg:.1f} kg"


def show_temperature(celsius: float, system: str, decimals: int = 0) -> str:
    """Return a temperature in °C or °F, to the nearest degree unless `decimals` asks for more."""
    value, unit = (c_to_f(celsius), "°F") if system == "imperial" else (celsius, "°C")
    shown = round(value, decimals) + 0.0  # + 0.0 turns -0.0 into 0.0
    return f"{shown:.{decimals}f} {unit}"


def show_altitude(metres: float, system: str) -> str:
    """Return an altitude to the nearest 10 m or 10 ft."""
    if system == "imperial":
        return f"{round_to(m_to_ft(metres), 10):.0f} ft"
    return f"{round_to(metres, 10):.0f} m"
