"""The content: handout wording from `handouts/`, filled in for one athlete's plan.

Content files are Jinja2 templates with YAML front matter. They run in Jinja2's immutable
sandbox with strict undefined variables. Every value a template prints goes through
`_Values.keep`, which hands the markup parser a placeholder instead of the text itself.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import hashlib
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import yaml
from jinja2.exceptions import SecurityError

from generator import __version__, resources
from generator.content import document as doc
from generator.content import sandbox
from generator.content.labels import Labels, checked
from generator.content.sources import SHORT, SOURCES
from generator.errors import ContentError
from generator.inputs import yamlio
from generator.locale import fill, handout_date
from generator.options import LANGUAGES as LANGUAGES  # (the one list; content checks read it here)
from generator.rules.heat import shown_heat_index_c
from generator.rules.plan import ACT_NOW_SOURCES, REASON_SOURCES, TRIAGE_ORDER, Plan
from generator.units import (
    show_altitude,
    show_mass,
    show_pour,
    show_rate,
    show_temperature,
    show_volume,
    show_volume_range,
)

FRONT_MATTER_KEYS = ("title", "topic", "language", "version", "review_date", "sources")


@dataclass(frozen=True)
class Topic:
    name: str
    file: str
    meta: dict[str, Any]
    template: jinja2.Template


class _Values:
    """The literal values one render printed, in order; the text holds placeholders for them."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.size = 0

    def keep(self, value: Any) -> str:
        if value is None:
            raise ContentError("the content prints a value that is not known; guard it with {% if %}")
        text = str(value)
        self.size += len(text)
        if self.size > sandbox.MAX_TEXT:
            raise sandbox.LimitError(f"the content prints more than {sandbox.MAX_TEXT:,} characters")
        self.items.append(text)
        return doc.placeholder(len(self.items) - 1)


_CURRENT: contextvars.ContextVar[_Values] = contextvars.ContextVar("values")


def _finalize(value: Any) -> str:
    return _CURRENT.get().keep(value)


def split_front_matter(source: str) -> tuple[str, str]:
    """Return (front matter, body); the body keeps the front matter's lines as blank lines."""
    if not source.startswith("---\n"):
        return "", source
    end = source.find("\n---\n", 4)
    if end < 0:
        return "", source
    front = source[4:end]
    body = "\n" * (front.count("\n") + 3) + source[end + 5 :]
    return front, body


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Return a cache of compiled content in the user's cache folder, or None if it cannot be made.

    Compiling the content takes longer than laying out a handout; a trainer's second
    `handouts make` reuses it. The cache checks each file's text, so edits are always seen.
    """
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    folder = os.path.join(base, "handouts", f"templates-{__version__}")
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
    except OSError:
        return None
    return jinja2.FileSystemBytecodeCache(folder)


class Library:
    """The content folders to search (a club's first, then the built-in one) and their templates."""

    def __init__(self, folders: Iterable[Path]) -> None:
        self.folders = [Path(f) for f in folders]
        self._versions: dict[str, str] = {}
        # Only the built-in content is cached: a club's files are compiled again in each run,
        # so nothing a club writes is kept in the user's cache folder.
        builtin = all(f.resolve() == resources.content_dir().resolve() for f in self.folders)
        self.env = sandbox.ContentEnvironment(
            loader=sandbox.FolderLoader(self.folders, prepare=lambda text: split_front_matter(text)[1]),
            bytecode_cache=_bytecode_cache() if builtin else None,
            undefined=jinja2.StrictUndefined,
            finalize=_finalize,
            autoescape=False,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
        )
        self._topics: dict[tuple[str, str], Topic] = {}
        self._labels: dict[str, Labels] = {}

    def _find(self, name: str) -> Path:
        try:
            path = sandbox.find_inside(self.folders, name)
        except sandbox.OutsideError as e:
            raise ContentError(str(e.message)) from e
        if path is not None:
            return path
        raise ContentError(f"no content file '{name}' in {', '.join(str(f) for f in self.folders)}")

    def topic(self, name: str, language: str) -> Topic:
        """Return a topic's template and front matter, compiled once per process."""
        key = (name, language)
        if key not in self._topics:
            file = f"{name}.{language}.md"
            path = self._find(file)
            source = path.read_text(encoding="utf-8")
            front, _ = split_front_matter(source)
            try:
                meta = yamlio.safe_load(front) or {}
            except yaml.YAMLError as e:
                raise ContentError(f"{file}: the front matter is not valid YAML ({e})") from e
            missing = [k for k in FRONT_MATTER_KEYS if k not in meta]
            if missing:
                raise ContentError(f"{file}: the front matter lacks {', '.join(missing)}")
            unknown = [k for k in meta["sources"] if k not in SOURCES]
            if unknown:
                raise ContentError(f"{file}: unknown source keys {', '.join(unknown)}")
            # What the text cites must be among the file's sources, in every branch of it.
            for line, keys in doc.cited(source):
                if keys is None:
                    raise ContentError(f"{file}, line {line}: write a source line as '@cite KEY KEY ...'")
                unlisted = [k for k in keys if k not in meta["sources"]]
                if unlisted:
                    raise ContentError(
                        f"{file}, line {line}: @cite {', '.join(unlisted)} is not among the file's sources"
                    )
            try:
                with sandbox.limits():
                    template = self.env.get_template(file)
            except jinja2.TemplateSyntaxError as e:
                raise ContentError(f"{file}, line {e.lineno}: {e.message}") from e
            except sandbox.OutsideError as e:
                raise ContentError(f"{file}: {e.message}") from e
            except (sandbox.LimitError, RecursionError, MemoryError) as e:
                raise ContentError(f"{file}: {_reason(e)}") from e
            self._topics[key] = Topic(name, file, meta, template)
        return self._topics[key]

    def version(self, language: str) -> str:
        """Return the version of what a handout in `language` is made from: a hash of the
        content files it reads (a club's own, where it has them) and of the rules that pick
        the advice. Two handouts with the same version said the same things to the same
        profile; a manifest records it for each file."""
        found = self._versions.get(language)
        if found is None:
            digest = hashlib.sha256()
            names = sorted({p.name for folder in self.folders for p in _files(folder, f"*.{language}.*")})
            for name in names:
                path = next(folder / name for folder in self.folders if (folder / name).is_file())
                digest.update(b"%s\0%d\0" % (name.encode(), path.stat().st_size) + path.read_bytes())
            from generator import rules

            for path in sorted(Path(rules.__file__).parent.glob("*.py")):
                digest.update(path.name.encode() + b"\0" + path.read_bytes())
            found = self._versions[language] = digest.hexdigest()[:16]
        return found

    def labels(self, language: str) -> Labels:
        """Return the fixed wording (titles, box texts, food names) for a language, checked."""
        if language not in self._labels:
            file = f"labels.{language}.yaml"
            path = self._find(file)
            builtin = resources.content_dir() / file
            if path.resolve() == builtin.resolve():
                self._labels[language] = Labels(_read_labels(path, file), file)
            else:
                data = _read_labels(path, f"{file} in {path.parent}")
                # A club's own labels are checked against ours, in their language if we have it.
                reference = builtin if builtin.is_file() else resources.content_dir() / "labels.en.yaml"
                self._labels[language] = checked(
                    data, _read_labels(reference, file), f"{file} in {path.parent}"
                )
        return self._labels[language]

    def render(self, topic: Topic, context: dict[str, Any]) -> list[doc.Block]:
        """Return the blocks of one topic filled in for one athlete."""
        values = _Values()
        token = _CURRENT.set(values)
        try:
            text = sandbox.render(topic.template, context)
        except jinja2.UndefinedError as e:
            raise ContentError(f"{_where(topic, e)}: {self._quiet(topic, e.message or '')}") from e
        except SecurityError as e:
            raise ContentError(
                f"{_where(topic, e)}: not allowed in content: {self._quiet(topic, str(e))}"
            ) from e
        except ContentError as e:
            raise ContentError(f"{_where(topic, e)}: {e}") from e
        except sandbox.OutsideError as e:
            raise ContentError(f"{_where(topic, e)}: {e.message}") from e
        except jinja2.TemplateError as e:
            raise ContentError(f"{_where(topic, e)}: {self._quiet(topic, str(e))}") from e
        except sandbox.LimitError as e:
            raise ContentError(f"{_where(topic, e)}: {e}") from e
        except (ArithmeticError, LookupError, TypeError, ValueError, RecursionError, MemoryError) as e:
            raise ContentError(f"{_where(topic, e)}: {self._quiet(topic, _reason(e))}") from e
        finally:
            _CURRENT.reset(token)
        try:
            blocks = doc.parse(text, values.items)
        except doc.MarkupError as e:
            raise ContentError(f"{topic.file}, line {e.line}: {e}") from e
        # A source line the content built as it ran is checked here (literal ones on loading).
        for block in blocks:
            if isinstance(block, doc.Cite) and not set(block.keys) <= set(topic.meta["sources"]):
                unlisted = ", ".join(k for k in block.keys if k not in topic.meta["sources"])
                raise ContentError(f"{topic.file}: @cite {unlisted} is not among the file's sources")
        return blocks

    def _quiet(self, topic: Topic, message: str) -> str:
        """Return a message about a topic with any athlete's value in it replaced by '…'."""
        try:
            source = self._find(topic.file).read_text(encoding="utf-8")
        except (ContentError, OSError):
            source = ""
        return sandbox.without_values(message, source)


def _reason(error: BaseException) -> str:
    """Return what went wrong, in words, for an error Python raised while content ran."""
    if isinstance(error, RecursionError):
        return "a macro calls itself too deeply"
    if isinstance(error, MemoryError):
        return "the content needs more memory than the tool allows it"
    if isinstance(error, sandbox.LimitError):
        return str(error)
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__


def _where(topic: Topic, error: BaseException) -> str:
    """Return "file, line N" for an error raised while a template ran (Jinja2 keeps the line)."""
    line = None
    trace = error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename.endswith(topic.file):
            line = trace.tb_lineno
        trace = trace.tb_next
    return f"{topic.file}, line {line}" if line else topic.file


def _read_labels(path: Path, file: str) -> dict[str, Any]:
    try:
        data = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as e:
        raise ContentError(f"{file}: not UTF-8 text; save it as UTF-8 (byte {e.start})") from e
    except OSError as e:
        raise ContentError(f"{file}: cannot be read ({e.strerror or e})") from e
    except yaml.YAMLError as e:
        raise ContentError(f"{file}: not valid YAML ({e})") from e
    if not isinstance(data, dict):
        raise ContentError(f"{file}: expected names with texts")
    return data


def numbers(plan: Plan, units: str, labels: Labels) -> dict[str, Any]:
    """Return the plan's numbers as text in the reader's units, for the content to print."""
    h, ht, load, c, s, n = plan.hydration, plan.heat, plan.load, plan.caffeine, plan.sleep, plan.nutrients
    p = plan.profile
    pour = labels["pour"]["imperial" if units == "imperial" else "metric"]
    during = h.fluid_during_ml
    out: dict[str, Any] = {
        "body_mass": show_mass(p.body_mass_kg, units) if p.body_mass_kg else None,
        "fluid_before_pour": (
            show_pour(sum(h.fluid_before_ml) / 2, units, pour) if h.fluid_before_ml else None
        ),
        "fluid_before_extra_pour": (
            show_pour(sum(h.fluid_before_extra_ml) / 2, units, pour) if h.fluid_before_extra_ml else None
        ),
        "fluid_after_pour": show_pour(h.fluid_after_ml, units, pour) if h.fluid_after_ml else None,
        "fluid_during_min": show_volume(during[0], units) if during and during[0] > 0 else None,
        "fluid_during_min_pour": show_pour(during[0], units, pour) if during and during[0] > 0 else None,
        "fluid_during_max": show_volume(during[1], units) if during else None,
        "fluid_during_max_pour": show_pour(during[1], units, pour) if during else None,
        "session_h": f"{h.session_h:g}" if h.session_h is not None else None,
        "heat_index_from": "80 °F" if units == "imperial" else "27 °C",
        "heat_index_category": (
            str(labels["nws"][ht.heat_index_category]["name"]) if ht.heat_index_category else None
        ),
        "caffeine_per_mass": "1.1 mg" if units == "imperial" else "2.5 mg",
        "fluid_before": show_volume_range(*h.fluid_before_ml, units) if h.fluid_before_ml else None,
        "fluid_before_extra": (
            show_volume_range(*h.fluid_before_extra_ml, units) if h.fluid_before_extra_ml else None
        ),
        "sweat_rate": show_rate(h.sweat_rate_l_per_h, units) if h.sweat_rate_l_per_h is not None else None,
        "mass_change": show_mass(abs(h.mass_change_kg), units) if h.mass_change_kg is not None else None,
        "loss_pct": f"{abs(h.body_mass_loss_pct):.1f}" if h.body_mass_loss_pct is not None else None,
        "fluid_after": show_volume(h.fluid_after_ml, units) if h.fluid_after_ml else None,
        "temperature": show_temperature(ht.temperature_c, units) if ht.temperature_c is not None else None,
        "humidity": f"{ht.humidity_pct:.0f}" if ht.humidity_pct is not None else None,
        "heat_index": _heat_index(ht.heat_index_c, units, labels),
        "wbgt": show_temperature(ht.wbgt_c, units, 1) if ht.wbgt_c is not None else None,
        "altitude": show_altitude(p.altitude_m, units) if p.altitude_m is not None else None,
        "acwr": f"{load.acwr:.2f}" if load.acwr is not None else None,
        # A training log's last weeks, oldest first: one sentence, in the step about load.
        "load_weeks": (
            fill(
                labels["charts"]["load_weeks"],
                values=", ".join(labels.locale.number(week, 0) for week in p.load_weeks),
            )
            if p.load_weeks and "load_weeks" in labels["charts"]
            else None
        ),
        "caffeine": f"{c.intake_mg:.0f} mg" if c.intake_mg is not None else None,
        "caffeine_limit": f"{c.limit_mg:.0f} mg" if c.limit_mg is not None else None,
        "caffeine_dose": f"{c.single_dose_mg:.0f} mg",
        "sleep": f"{s.hours:g}" if s.hours is not None else None,
        "sleep_low": f"{s.target_h[0]:g}" if s.target_h else None,
        "sleep_high": f"{s.target_h[1]:g}" if s.target_h and s.target_h[1] else None,
        "magnesium": f"{n.magnesium_mg:.0f} mg" if n.magnesium_mg is not None else None,
        "calcium": f"{n.calcium_mg:.0f} mg" if n.calcium_mg is not None else None,
        "potassium": f"{n.potassium_mg:.0f} mg" if n.potassium_mg is not None else None,
        "sodium": f"{n.sodium_mg:.0f} mg" if n.sodium_mg is not None else None,
        "magnesium_supplement_limit": (
            f"{n.magnesium_supplement_limit_mg:.0f} mg" if n.magnesium_supplement_limit_mg else None
        ),
        "alcohol": f"{p.alcohol_drinks_per_week:g}" if p.alcohol_drinks_per_week else None,
        "twitch_weeks": f"{p.twitch_weeks:g}" if p.twitch_weeks is not None else None,
    }
    decimal = labels.locale.decimal
    return {k: _unbroken(decimal(v)) if isinstance(v, str) else v for k, v in out.items()}


_NUMBER_THEN_UNIT = re.compile(r"(?<=[\d½]) (?=\S)")


def _unbroken(text: str) -> str:
    """Return an amount with a no-break space between number and unit: "1.2 L/h" never splits
    over two lines."""
    return _NUMBER_THEN_UNIT.sub("\u00a0", text)


def food_names(plan: Plan, labels: Labels) -> dict[str, list[str]]:
    """Return the food sources of each mineral, in words, for the athlete's diet."""
    names = labels["foods"]
    return {nutrient: [names[f] for f in foods] for nutrient, foods in plan.nutrients.foods.items()}


def _context(plan: Plan, units: str, labels: Labels) -> dict[str, Any]:
    p = plan.profile
    return {
        "athlete": {"name": p.name, "team": p.team, "sport": p.sport, "age": p.age},
        "plan": plan,
        "n": numbers(plan, units, labels),
        "foods": food_names(plan, labels),
        "unknown": [u.item for u in plan.unknowns],
        "units": units,
        "labels": labels,
    }


def _heat_index(celsius: float | None, units: str, labels: Labels) -> str | None:
    """Return the heat index as a handout prints it: "52 °C or more" from Extreme danger up."""
    if celsius is None:
        return None
    shown, or_more = shown_heat_index_c(celsius)
    value = show_temperature(shown, units)
    return fill(labels["heat_index_or_more"], value=value) if or_more else value


def triage_box(plan: Plan, labels: Labels) -> doc.TriageBox | None:
    """Return the coloured box that opens page 1 when the plan sends the athlete to a doctor.

    An emergency box leads with the act-now steps for what fired (first aid where one applies),
    and ends with "no training until a doctor says it is safe".
    """
    level = plan.triage.level
    if level == "none":
        return None
    texts = labels["triage"]
    actions = [str(a) for a in texts[level]["do"]]
    if level == "emergency":
        steps = texts["act_now"]
        first = [str(steps[step]) for step in plan.triage.act_now]
        calls = {"cool_first", "stroke", "hospital_blood_test"}.intersection(plan.triage.act_now)
        # The steps that call for help already say so: the general call is not said twice.
        general = [a for i, a in enumerate(actions) if not (calls and i == 1)]
        actions = general[:1] + first + general[1:]
    also = tuple(
        (
            fill(texts["also"], title=texts[lower]["title"]),
            tuple(str(texts["reasons"][r.code]) for r in plan.triage.reasons if r.level == lower),
        )
        for lower in TRIAGE_ORDER[TRIAGE_ORDER.index(level) - 1 : 0 : -1]
        if any(r.level == lower for r in plan.triage.reasons)
    )
    return doc.TriageBox(
        level=level,
        title=str(texts[level]["title"]),
        reasons=tuple(str(texts["reasons"][r.code]) for r in plan.triage.reasons if r.level == level),
        actions=tuple(actions),
        also=also,
    )


def warning_boxes(plan: Plan, numbers_: dict[str, Any], labels: Labels) -> list[tuple[str, doc.TriageBox]]:
    """Return page 1's warnings that are not a doctor's visit (over-drinking and heat), each with
    its id.

    An emergency handout already says not to train, so it shows no heat warning.
    """
    boxes = []
    for warning in plan.warnings:
        if plan.emergency and warning != "overdrinking":
            continue
        texts = labels["warnings"][warning]
        if warning == "heat_cancel":
            texts = texts[plan.heat.wbgt_category]
        box = doc.TriageBox(
            level="warning",
            title=fill(texts["title"], **numbers_),
            reasons=tuple(fill(r, **numbers_) for r in texts["why"]),
            actions=tuple(fill(a, **numbers_) for a in texts["do"]),
        )
        boxes.append((warning, box))
    return boxes


# The sources of page 1's warning boxes (their words are labels, not content files).
WARNING_SOURCES = {"overdrinking": ("H1", "N1"), "heat_cancel": ("W1",), "heat_danger": ("NWS",)}
HANDOUT_PAGES = ("plan", "back")  # the content files of a handout's page 1 and page 2
GUIDE = "guide"


def _cited(blocks: Iterable[doc.Block], keys: list[str]) -> list[doc.Block]:
    """Return the blocks without their `@cite` marks, adding the keys they cite to `keys`."""
    kept: list[doc.Block] = []
    for block in blocks:
        if isinstance(block, doc.Cite):
            keys.extend(k for k in block.keys if k not in keys)
        else:
            kept.append(block)
    return kept


def _closing(labels: Labels, keys: Sequence[str], guide: bool) -> list[doc.Block]:
    """Return the end of every handout and guide: education, not a diagnosis; then its sources
    (in short in a handout, whose page is full; whole in the guide)."""
    citations = SOURCES if guide else SHORT
    about = "guide_about" if guide else "about"
    return [
        doc.Heading(2, str(labels[f"{about}_title"])),
        doc.Para(((str(labels[about]), False),)),
        doc.Heading(3, str(labels["sources_title"])),
        doc.References(tuple(citations[k] for k in keys)),
    ]


def build_document(
    plan: Plan,
    library: Library,
    language: str,
    units: str,
    day: dt.date | None = None,
) -> doc.Document:
    """Return one athlete's two-page handout as a document.

    Page 1: the box(es), the athlete's plan in the order it happens, and the week's checklist.
    Page 2: the reasons behind the numbers, when to get help, then the closing with the
    sources of what this handout printed, and only those.
    """
    labels = library.labels(language)
    context = _context(plan, units, labels)
    keys: list[str] = []
    front: list[doc.Block] = []
    box = triage_box(plan, labels)
    if box:
        front.append(box)
        for code in plan.triage.codes:
            keys.extend(k for k in REASON_SOURCES[code] if k not in keys)
        for step in plan.triage.act_now:
            keys.extend(k for k in ACT_NOW_SOURCES[step] if k not in keys)
    for warning, warning_box in warning_boxes(plan, context["n"], labels):
        front.append(warning_box)
        keys.extend(k for k in WARNING_SOURCES[warning] if k not in keys)
    plan_page, back_page = (library.topic(name, language) for name in HANDOUT_PAGES)
    front.append(doc.Heading(1, str(labels["plan_title"])))
    front.extend(_cited(library.render(plan_page, context), keys))
    # On a page 1 too full to hold it (several boxes at once), the checklist opens page 2.
    front.append(doc.MayMove())
    front.append(doc.Heading(2, str(labels["checklist_title"])))
    front.extend(_cited(library.render(library.topic("checklist", language), context), keys))
    back = _cited(library.render(back_page, context), keys)

    p = plan.profile
    who = fill(labels["for"], name=p.name)
    header = [f"{who} ({p.athlete_id})" if p.athlete_id else who]
    header.append(" · ".join(x for x in (p.team, p.sport, labels.locale.date(day or handout_date())) if x))
    return doc.Document(
        language=language,
        title=str(labels["titles"]["handout"]),
        header=tuple(header),
        blocks=[*front, doc.PageEnd(), *back],
        closing=_closing(labels, keys, guide=False),
        footer=str(labels["footer"]),
        numbers=context["n"],
        pages=(str(labels["plan_title"]), str(labels["back_title"])),
    )


def build_guide(
    library: Library, language: str, units: str, team: str = "", day: dt.date | None = None
) -> doc.Document:
    """Return the team guide: the background that is the same for every athlete, printed once.

    `units` is "metric", "imperial", or "both" for a team whose athletes use each.
    """
    labels = library.labels(language)
    keys: list[str] = []
    context = {"units": units, "labels": labels}
    blocks = _cited(library.render(library.topic(GUIDE, language), context), keys)
    header = " · ".join(x for x in (team, labels.locale.date(day or handout_date())) if x)
    return doc.Document(
        language=language,
        title=str(labels["titles"]["guide"]),
        header=(header,),
        blocks=blocks,
        closing=_closing(labels, keys, guide=True),
        footer=str(labels["guide_footer"]),
    )


def _files(folder: Path, pattern: str) -> list[Path]:
    """Return a content folder's files that match, none if it cannot be read."""
    try:
        return [p for p in folder.glob(pattern) if p.is_file()]
    except OSError:
        return []
