"""The athlete profile: the fields a profile or roster may hold, and their validation.

Every value is checked at this edge and stored in metric units; a field left out or blank is
`None`, meaning "not known". Nothing here guesses a value.
"""

from __future__ import annotations

import contextlib
import functools
import math
import re
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from enum import Enum
from typing import Any

from generator import units
from generator.errors import Problem
from generator.options import LANGUAGES

YES = frozenset({"yes", "y", "true", "1"})
NO = frozenset({"no", "n", "false", "0"})
MAX_TEXT = 200

# Text fields that are each athlete's own (never shared between rows).
PERSONAL = frozenset({"name", "athlete_id"})


class Kind(Enum):
    """How a field's raw value is read."""

    TEXT = "text"
    INT = "whole number"
    NUMBER = "number"
    YESNO = "yes/no"
    CHOICE = "choice"


@dataclass(frozen=True)
class FieldSpec:
    """One profile field: its canonical (metric) name, type, plausible range and imperial twin."""

    name: str
    kind: Kind
    lo: float | None = None
    hi: float | None = None
    choices: tuple[str, ...] = ()
    unit: str = ""
    imperial: str | None = None
    imperial_unit: str = ""
    from_imperial: Callable[[float], float] | None = None
    to_imperial: Callable[[float], float] | None = None
    # How far (in metric units) the two twins may differ and still agree: rounding on either side.
    tolerance: float = 0.0


def _twin(
    name: str,
    lo: float,
    hi: float,
    unit: str,
    imperial: str,
    imperial_unit: str,
    convert: tuple[Callable[[float], float], Callable[[float], float]],
    tolerance: float,
) -> FieldSpec:
    return FieldSpec(
        name,
        Kind.NUMBER,
        lo,
        hi,
        unit=unit,
        imperial=imperial,
        imperial_unit=imperial_unit,
        from_imperial=convert[0],
        to_imperial=convert[1],
        tolerance=tolerance,
    )


_MASS = (units.lb_to_kg, units.kg_to_lb)
_TEMP = (units.f_to_c, units.c_to_f)
_FLUID = (units.oz_to_l, units.l_to_oz)
_HEIGHT = (units.ft_to_m, units.m_to_ft)

FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", Kind.TEXT),
    FieldSpec("athlete_id", Kind.TEXT),
    FieldSpec("team", Kind.TEXT),
    FieldSpec("sport", Kind.TEXT),
    FieldSpec("age", Kind.INT, 8, 100, unit="years"),
    FieldSpec("sex", Kind.CHOICE, choices=("female", "male", "unspecified")),
    _twin("body_mass_kg", 20, 250, "kg", "body_mass_lb", "lb", _MASS, 0.5),
    FieldSpec("sessions_per_week", Kind.NUMBER, 0, 30),
    FieldSpec("hours_per_week", Kind.NUMBER, 0, 80, unit="h"),
    FieldSpec("load_last_7d", Kind.NUMBER, 0, 1_000_000),
    FieldSpec("load_last_28d", Kind.NUMBER, 0, 4_000_000),
    _twin("temperature_c", -30, 55, "°C", "temperature_f", "°F", _TEMP, 0.6),
    FieldSpec("humidity_pct", Kind.NUMBER, 0, 100, unit="%"),
    _twin("wbgt_c", -30, 55, "°C", "wbgt_f", "°F", _TEMP, 0.6),
    _twin("altitude_m", -500, 6000, "m", "altitude_ft", "ft", _HEIGHT, 1.0),
    FieldSpec("acclimatized", Kind.YESNO),
    _twin("pre_mass_kg", 20, 250, "kg", "pre_mass_lb", "lb", _MASS, 0.5),
    _twin("post_mass_kg", 20, 250, "kg", "post_mass_lb", "lb", _MASS, 0.5),
    _twin("fluid_l", 0, 20, "L", "fluid_oz", "oz", _FLUID, 0.03),
    _twin("urine_l", 0, 10, "L", "urine_oz", "oz", _FLUID, 0.03),
    FieldSpec("session_h", Kind.NUMBER, 0.1, 24, unit="h"),
    FieldSpec("diet", Kind.CHOICE, choices=("omnivore", "vegetarian", "vegan", "pescatarian")),
    FieldSpec("lactose_free", Kind.YESNO),
    FieldSpec("caffeine_mg_per_day", Kind.NUMBER, 0, 2000, unit="mg"),
    FieldSpec("alcohol_drinks_per_week", Kind.NUMBER, 0, 100),
    FieldSpec("sleep_h", Kind.NUMBER, 0, 24, unit="h"),
    FieldSpec("twitch_weeks", Kind.NUMBER, 0, 520, unit="weeks"),
    FieldSpec("twitch_places", Kind.INT, 0, 100),
    FieldSpec("weakness", Kind.YESNO),
    FieldSpec("numbness", Kind.YESNO),
    FieldSpec("muscle_wasting", Kind.YESNO),
    FieldSpec("speech_or_swallowing", Kind.YESNO),
    FieldSpec("dark_urine", Kind.YESNO),
    FieldSpec("severe_pain", Kind.YESNO),
    FieldSpec("confusion", Kind.YESNO),
    FieldSpec("headache", Kind.YESNO),
    FieldSpec("vomiting", Kind.YESNO),
    FieldSpec("sudden_onset", Kind.YESNO),
    FieldSpec("new_medication", Kind.YESNO),
    FieldSpec("language", Kind.CHOICE, choices=LANGUAGES),
    # The language the athlete's family reads, where it is not the handout's: a batch then
    # also makes a family copy in it.
    FieldSpec("family_language", Kind.CHOICE, choices=LANGUAGES),
    FieldSpec("units", Kind.CHOICE, choices=("metric", "imperial")),
)

SPECS: dict[str, FieldSpec] = {spec.name: spec for spec in FIELDS}
IMPERIAL_KEYS: dict[str, FieldSpec] = {s.imperial: s for s in FIELDS if s.imperial}
KNOWN_KEYS: tuple[str, ...] = tuple(SPECS) + tuple(IMPERIAL_KEYS)


@dataclass(frozen=True, slots=True)  # slots: a 10,000-athlete roster stays small in memory
class Profile:
    """One athlete, validated, in metric units. `None` means the value is not known."""

    name: str
    athlete_id: str | None = None
    team: str | None = None
    sport: str | None = None
    age: int | None = None
    sex: str | None = None
    body_mass_kg: float | None = None
    sessions_per_week: float | None = None
    hours_per_week: float | None = None
    load_last_7d: float | None = None
    load_last_28d: float | None = None
    temperature_c: float | None = None
    humidity_pct: float | None = None
    wbgt_c: float | None = None
    altitude_m: float | None = None
    acclimatized: bool | None = None
    pre_mass_kg: float | None = None
    post_mass_kg: float | None = None
    fluid_l: float | None = None
    urine_l: float | None = None
    session_h: float | None = None
    diet: str | None = None
    lactose_free: bool | None = None
    caffeine_mg_per_day: float | None = None
    alcohol_drinks_per_week: float | None = None
    sleep_h: float | None = None
    twitch_weeks: float | None = None
    twitch_places: int | None = None
    weakness: bool | None = None
    numbness: bool | None = None
    muscle_wasting: bool | None = None
    speech_or_swallowing: bool | None = None
    dark_urine: bool | None = None
    severe_pain: bool | None = None
    confusion: bool | None = None
    headache: bool | None = None
    vomiting: bool | None = None  # nausea or vomiting
    sudden_onset: bool | None = None  # the symptoms came on suddenly
    new_medication: bool | None = None
    language: str | None = None
    family_language: str | None = None
    units: str | None = None
    # Where the profile came from, for messages: file name and line (CSV row) or None.
    source: str = field(default="", compare=False)
    line: int | None = field(default=None, compare=False)
    # True when the person typed imperial units (lb, °F, oz, ft): the default for output units.
    imperial_input: bool = field(default=False, compare=False)
    # The last weeks' load from a training log, oldest first (never a roster's own column).
    load_weeks: tuple[float, ...] = field(default=(), compare=False)

    @property
    def output_units(self) -> str:
        """Return the unit system to print in: the profile's choice, else the one it was typed in."""
        if self.units:
            return self.units
        return "imperial" if self.imperial_input else "metric"

    def known(self) -> dict[str, Any]:
        """Return the known profile values by field name (metric), leaving out the unknown ones."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if f.name in SPECS and getattr(self, f.name) is not None
        }


@dataclass(frozen=True, slots=True)
class Where:
    """Where a record came from: a file, the line of a CSV row, and optionally each key's line."""

    file: str
    line: int | None = None
    key_lines: Mapping[str, int] = field(default_factory=dict)
    line_word: str = "line"  # "row" for a spreadsheet

    def problem(self, key: str, message: str) -> Problem:
        """Return a problem located at `key` in this record."""
        return Problem(self.file, key, message, self.key_lines.get(key, self.line), self.line_word)


@dataclass
class Validated:
    """The outcome of validating one record: a profile, or the problems that stopped it."""

    profile: Profile | None
    problems: list[Problem]
    warnings: list[Problem]


def normalize_key(key: str) -> str:
    """Return a field name as written by a person in canonical form ("Body Mass kg" -> body_mass_kg)."""
    return re.sub(r"[^\w]+", "_", key.strip().lower().replace("%", " pct ")).strip("_")


@functools.lru_cache(maxsize=1024)  # a wide sheet asks about the same columns on every row
def suggest(key: str) -> str | None:
    """Return the known field name closest to an unknown one, if any is close."""
    import difflib  # only when a name is unknown: a tenth of `handouts make`'s own import time

    close = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_key_warning(where: Where, key: str) -> Problem:
    """Return the warning for a field name this tool does not know."""
    with_units = [
        known
        for known in KNOWN_KEYS
        if known.startswith(f"{key}_") and known.count("_") == key.count("_") + 1
    ]
    if with_units:
        # "Weight" or "Temp" with no unit: a pound is not a kilogram, so it is not guessed.
        shown_units = " or ".join(with_units)
        return where.problem(key, f"unknown field, ignored: say its unit in the header ({shown_units})")
    hint = suggest(key)
    tail = f"; did you mean '{hint}'?" if hint else ""
    return where.problem(key, f"unknown field, ignored{tail}")


# How sex is written on coaches' sheets, in the handouts' languages. A letter is taken only
# where it means one thing: "F" and "W" are female, "H" male (hombre, homem); "M" is male in
# English but mujer or mulher (female) in Spanish and Portuguese, so in a row or run in those
# it is refused as ambiguous (see `validate`), never flipped.
SEX_WORDS = {
    "m": "male", "male": "male", "man": "male", "boy": "male",
    "f": "female", "w": "female", "female": "female", "woman": "female", "girl": "female",
    "masculino": "male", "hombre": "male", "varón": "male", "varon": "male", "homem": "male",
    "femenino": "female", "mujer": "female", "feminino": "female", "mulher": "female",
    "nam": "male", "nữ": "female", "男": "male", "女": "female", "ذكر": "male", "أنثى": "female",
}  # fmt: skip
_SEX_LETTERS_IBERIAN = {"h": "male"}

_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3},\d{3}$")

# A number typed with its unit ("70 kg", "150 lbs", "32 °C", "90F", "40%"), as people type
# them into a spreadsheet: the unit's words, each to the unit a field is kept in.
_WITH_UNIT = re.compile(r"^\s*([+-]?\d+(?:[.,]\d+)?)\s*([^\W\d_]|[%°º])(.*?)\s*$")
_TYPED_UNITS = {
    "kg": "kg", "kgs": "kg", "kilo": "kg", "kilos": "kg", "kilogram": "kg", "kilograms": "kg",
    "lb": "lb", "lbs": "lb", "pound": "lb", "pounds": "lb",
    "°c": "°C", "ºc": "°C", "c": "°C", "° c": "°C", "celsius": "°C", "degc": "°C",
    "°f": "°F", "ºf": "°F", "f": "°F", "° f": "°F", "fahrenheit": "°F", "degf": "°F",
    "%": "%", "percent": "%", "pct": "%",
    "l": "L", "liter": "L", "liters": "L", "litre": "L", "litres": "L",
    "oz": "oz", "fl oz": "oz", "ounces": "oz",
    "m": "m", "meter": "m", "meters": "m", "metre": "m", "metres": "m",
    "ft": "ft", "feet": "ft",
    "h": "h", "hr": "h", "hrs": "h", "hour": "h", "hours": "h",
    "mg": "mg", "years": "years", "yrs": "years", "weeks": "weeks", "wks": "weeks",
}  # fmt: skip


def _typed_unit(spec: FieldSpec, key: str, raw: str) -> tuple[str, bool] | str | None:
    """Read a number typed with a unit in a field's column: return (the number, whether it is
    in the field's imperial unit), a message when the unit does not fit the column, or None
    when no unit was typed. The unit decides, not the column: "150 lbs" in body_mass_kg is
    150 pounds."""
    with contextlib.suppress(ValueError):
        float(raw)  # a plain number ("1.5", "-1e+16", "inf"): no unit; the number rules read it
        return None
    match = _WITH_UNIT.match(raw)
    if match is None:
        return None
    unit = _TYPED_UNITS.get((match.group(2) + match.group(3)).strip().lower().replace(".", ""))
    if unit is None:
        return "is not a number (or its unit is not one this column takes)"
    if unit == spec.unit:
        return match.group(1), False
    if unit == spec.imperial_unit:
        return match.group(1), True
    units_taken = " or ".join(u for u in (spec.unit, spec.imperial_unit) if u) or "no unit"
    return f"is in {unit}, which does not fit this column (it takes {units_taken})"


def _fmt(value: float) -> str:
    return f"{value:g}"


def _parse(spec: FieldSpec, raw: object) -> tuple[Any, str | None]:
    """Return (value, None) or (None, message). `raw` is already known not to be blank.

    Messages name the rule, never the value: rosters hold health data, often about minors.
    """
    if spec.kind is Kind.TEXT:
        if isinstance(raw, bool) or not isinstance(raw, str | int | float):
            return None, "is not text"
        text = str(raw).strip()
        if len(text) > MAX_TEXT:
            return None, f"is {len(text)} characters long; at most {MAX_TEXT} are allowed"
        return text, None
    if spec.kind is Kind.YESNO:
        if isinstance(raw, bool):
            return raw, None
        word = str(raw).strip().lower()
        if word in YES:
            return True, None
        if word in NO:
            return False, None
        return None, "is not yes or no (use yes/no, y/n, true/false or 1/0)"
    if spec.kind is Kind.CHOICE:
        word = str(raw).strip().lower()
        if word in spec.choices:
            return word, None
        if spec.name == "sex" and word in SEX_WORDS:
            return SEX_WORDS[word], None
        return None, f"is not one of: {', '.join(spec.choices)}"
    return _parse_number(spec, raw)


def _parse_number(spec: FieldSpec, raw: object) -> tuple[Any, str | None]:
    if isinstance(raw, bool):
        return None, "is not a number"
    if isinstance(raw, int | float):
        try:
            number = float(raw)
        except OverflowError:  # a 400-digit whole number from a spreadsheet cell
            return None, "is not a number"
    elif isinstance(raw, str):
        text = raw.strip()
        if _THOUSANDS.match(text):
            # "1,200" is twelve hundred in English and 1.2 in most of Europe: not guessed.
            return None, "has a comma before three digits: write 1200 (twelve hundred) or 1.2"
        if _DECIMAL_COMMA.match(text):
            text = text.replace(",", ".")
        try:
            number = float(text)
        except ValueError:
            return None, "is not a number"
    else:
        return None, "is not a number"
    if not math.isfinite(number):
        return None, "is not a number"
    if spec.kind is Kind.INT:
        if number != int(number):
            return None, "is not a whole number"
        return int(number), None
    return number, None


def _range_message(spec: FieldSpec, value: float, imperial: bool) -> str | None:
    lo, hi = spec.lo, spec.hi
    if lo is None or hi is None or lo <= value <= hi:
        return None
    unit = spec.unit
    if imperial and spec.to_imperial is not None:
        lo, hi, unit = spec.to_imperial(lo), spec.to_imperial(hi), spec.imperial_unit
    suffix = f" {unit}" if unit else ""
    return f"is outside the plausible range {_fmt(round(lo))}–{_fmt(round(hi))}{suffix}"


def _is_text(raw: str) -> bool:
    """Return whether `raw` can be written as UTF-8 (a lone surrogate from JSON cannot)."""
    try:
        raw.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _blank(raw: object) -> bool:
    return raw is None or (isinstance(raw, str) and raw.strip() == "")


def validate(values: Mapping[str, object], where: Where, language: str | None = None) -> Validated:
    """Check one record's raw values and return its profile, or every problem found in it.

    Keys are normalized; unknown keys become warnings with a suggestion. Each value is parsed,
    converted to metric and range-checked; metric and imperial twins that disagree are refused.
    `language` is the run's (--lang), where given: with the row's own, it says how a one-letter
    sex is read ("M" is mujer in Spanish).
    """
    written = str(language or values.get("language") or "").strip().lower()
    letter = str(values.get("sex") or "").strip().lower()
    if letter == "h":
        values = {**values, "sex": "male"}  # (hombre, homem: no other reading)
    ambiguous = written in ("es", "pt") and letter == "m"
    problems: list[Problem] = []
    warnings: list[Problem] = []
    metric: dict[str, Any] = {}
    imperial: dict[str, Any] = {}
    imperial_used = False

    for key, raw in values.items():
        spec = SPECS.get(key) or IMPERIAL_KEYS.get(key)
        if spec is None:
            warnings.append(unknown_key_warning(where, key))
            continue
        if _blank(raw):
            continue
        if isinstance(raw, str) and not _is_text(raw):
            problems.append(where.problem(key, "holds a character that is not valid text; type it again"))
            continue
        if key == "sex" and ambiguous:
            problems.append(
                where.problem(
                    key,
                    "is a letter that means male in English but female (mujer, mulher) in Spanish "
                    "and Portuguese: write male or female, or map it with --columns (sex: {M: female})",
                )
            )
            continue
        is_imperial = key == spec.imperial
        if spec.kind in (Kind.NUMBER, Kind.INT) and isinstance(raw, str):
            typed = _typed_unit(spec, key, raw)
            if isinstance(typed, str):
                problems.append(where.problem(key, typed))
                continue
            if typed is not None:
                raw, is_imperial = typed
        value, error = _parse(spec, raw)
        if error:
            problems.append(where.problem(key, error))
            continue
        if is_imperial:
            assert spec.from_imperial is not None
            value = spec.from_imperial(value)
            imperial_used = True
        if spec.kind in (Kind.NUMBER, Kind.INT):
            message = _range_message(spec, value, is_imperial)
            if message:
                problems.append(where.problem(key, message))
                continue
        (imperial if is_imperial else metric)[spec.name] = value

    for name, value in imperial.items():
        spec = SPECS[name]
        if name not in metric:
            metric[name] = value
            continue
        if abs(metric[name] - value) > spec.tolerance:
            problems.append(
                where.problem(f"{name}/{spec.imperial}", "the two values disagree; give only one of them")
            )

    acute, chronic = metric.get("load_last_7d"), metric.get("load_last_28d")
    if acute is not None and chronic is not None and chronic < acute:
        problems.append(
            where.problem("load_last_28d", "is less than load_last_7d; the last 28 days include the last 7")
        )

    if "name" not in metric and not any(p.field == "name" for p in problems):
        problems.append(where.problem("name", "is required"))

    if problems:
        return Validated(None, problems, warnings)
    # Words a roster repeats (team, sport, language...) are kept once, not once per athlete.
    shared: dict[str, Any] = {
        k: sys.intern(v) if isinstance(v, str) and k not in PERSONAL else v for k, v in metric.items()
    }
    profile = Profile(**shared, source=sys.intern(where.file), line=where.line, imperial_input=imperial_used)
    return Validated(profile, problems, warnings)
