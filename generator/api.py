"""The one entry to the core: show a plan, make a handout or the team guide, run a batch, make a
report, put a packet together.

The command line (`generator.cli`) parses options and calls these functions; a Python program
or a web form calls the same ones. They take plain data and paths, return what they did with
its counts, and never print. Problems are raised as `generator.errors.HandoutsError`
subclasses, each with its exit code.

    from pathlib import Path
    from generator import api

    made = api.make_handout(Path("examples/athlete.yaml"), Path("zoe.pdf"))
    print(made.pages, made.language)
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from generator.errors import HandoutsError, InputError, Problem, RosterError, UsageProblem, shown
from generator.locale import agree, plural
from generator.options import (
    LANGUAGES,
    BatchOptions,
    HandoutOptions,
    PacketOptions,
    password_problem,
    team_problem,
)

if TYPE_CHECKING:
    from generator.inputs.profile import Profile
    from generator.rules.plan import Plan
    from generator.rules.sessions import LogLoad
    from generator.runs.batch import Outcome

__all__ = [
    "BatchOptions",
    "HandoutOptions",
    "MadeHandout",
    "PacketOptions",
    "Pick",
    "ReportMade",
    "ShownPlan",
    "make_handout",
    "make_packet",
    "make_report",
    "run_batch",
    "show_plan",
    "PacketMade",
    "GuideMade",
    "make_guide",
    "agree",
    "password_problem",
    "plural",
    "read_columns",
]


@dataclass(frozen=True)
class Pick:
    """How to pick one athlete from a file: a profile file has one; a roster needs a row or a name."""

    row: int | None = None  # the N-th athlete (1 is the first under the header)
    name: str | None = None  # not case-sensitive
    encoding: str | None = None  # of a CSV file; None: UTF-8 (or UTF-16 with a byte-order mark)
    sheet: str | None = None  # of an Excel roster; None: the first
    columns: Mapping[str, str] | None = None  # your column headers -> field names (--columns)
    header_row: int | None = None  # the row that names the columns; None: found
    log: Path | None = None  # a training log: the 7- and 28-day loads come from its sessions
    as_of: dt.date | None = None  # the day the log's loads are taken at; None: its last day

    def __post_init__(self) -> None:
        if self.row is not None and self.name is not None:
            raise UsageProblem("--row and --name cannot be used together; pick one")


@dataclass
class ShownPlan:
    """One athlete's plan, and warnings about the input it was made from."""

    plan: Plan
    warnings: list[Problem]
    log: LogLoad | None = None  # the training log's load, where one was given

    def text(self) -> str:
        """Return the plan in words, for a person."""
        from generator.content.summary import plan_text

        return plan_text(self.plan) + (log_text(self.log) if self.log is not None else "")

    def as_json(self) -> dict[str, Any]:
        """Return the plan as JSON data (numbers in SI units; not known is None)."""
        data = self.plan.as_json()
        if self.log is not None:
            data["training_log"] = dataclasses.asdict(self.log) | {"as_of": self.log.as_of.isoformat()}
        return data


def log_text(got: LogLoad) -> str:
    """Return a training log's load for `handouts plan`: both ratios and the weeks."""

    def ratio(value: float | None) -> str:
        if value is not None:
            return f"{value:.2f}"
        why = "under 28 days of log" if got.days < 28 else "no load in the last 28 days"
        return f"not known ({why})"

    weeks = ", ".join(f"{w:g}" for w in got.weeks) or "none complete"
    head = f"Training log: {plural(got.days, 'day')} up to {got.as_of.isoformat()}; last 7 days {got.acute:g}"
    if got.chronic is not None:
        head += f", last 28 days {got.chronic:g}"
    return (
        f"{head}\n"
        f"  Load ratio, rolling averages: {ratio(got.rolling_ratio)}; "
        f"exponentially weighted (Williams et al. 2017): {ratio(got.ewma_ratio)}\n"
        f"  Weekly load, oldest first: {weeks}\n"
    )


def _with_log(athlete: Profile, warnings: list[Problem], pick: Pick) -> tuple[Profile, LogLoad | None]:
    """Return the athlete with their loads from the training log `pick` names, if any."""
    if pick.log is None:
        return athlete, None
    from generator.inputs.logs import read_log
    from generator.inputs.profile import Where
    from generator.rules.sessions import with_log

    log = read_log(pick.log, pick.encoding)
    warnings += log.problems
    where = Where(athlete.source, athlete.line)
    athlete, problem, got = with_log(athlete, log, pick.as_of, where)
    if problem is not None:
        warnings.append(problem)
    return athlete, got


@dataclass
class MadeHandout:
    """One handout made: where it went (None: only in `pdf`), its pages, language and warnings."""

    path: Path | None
    pdf: bytes
    pages: int
    language: str
    warnings: list[str] = field(default_factory=list)  # about what it prints
    input_warnings: list[Problem] = field(default_factory=list)  # about the profile


@dataclass
class ReportMade:
    """The coach's report written: its pages, the athletes in it, and the rows left out."""

    path: Path
    pages: int
    athletes: int
    failed: list[Problem]
    warnings: list[Problem]


@dataclass
class GuideMade:
    """The team guide written: its pages and its languages, in order."""

    path: Path
    pages: int
    languages: tuple[str, ...]
    warnings: list[str] = field(default_factory=list)


@dataclass
class PacketMade:
    """A packet put together from finished handouts."""

    path: Path
    pages: int
    handouts: int
    warnings: list[str] = field(default_factory=list)  # an outside PDF without tags, say


def read_columns(path: Path) -> dict[str, str]:
    """Return a --columns file's map: each of a coach's own headers to the field it holds."""
    from generator.inputs.columns import read_columns as read

    return read(path)


def show_plan(profile: Path | str, pick: Pick = Pick()) -> ShownPlan:
    """Return the personal plan for one athlete: the numbers, flags and reasons behind a handout."""
    from generator.inputs.roster import load_one
    from generator.rules.plan import make_plan

    athlete, warnings = load_one(
        _path(profile, "profile"),
        pick.row,
        pick.name,
        pick.encoding,
        pick.columns,
        pick.sheet,
        pick.header_row,
    )
    athlete, got = _with_log(athlete, warnings, pick)
    return ShownPlan(make_plan(athlete), warnings, got)


def make_handout(
    profile: Path | str,
    output: Path | str | None = None,
    options: HandoutOptions | None = None,
    pick: Pick = Pick(),
    password: str | None = None,
    private: bool = False,
    write: bool = True,
    force: bool = False,
) -> MadeHandout:
    """Make the printable handout for one athlete and write it to `output`.

    Without `output` it is written to the current folder, named for the athlete (their name in
    Latin letters, and their athlete id or roster line), and a file already there is never
    replaced unless `force` is set: it may be another athlete's. With `write=False` nothing is
    written: the PDF is only returned (for standard output, or a web page). `private` makes the
    file readable by its owner only.
    """
    from generator.inputs.roster import load_one
    from generator.runs.files import FileExists, ready_folders, write_atomically
    from generator.runs.handout import HandoutMaker
    from generator.runs.names import file_stem

    options = options or HandoutOptions()
    profile = _path(profile, "profile")
    output = None if output is None else _path(output, "output")
    _check_settings(password)
    inputs = [("the profile", profile), ("the theme", options.theme)]
    refuse_overwrites([("the output", output)], inputs)
    refuse_replacing_non_pdfs([("the output", output)])
    athlete, warnings = load_one(
        profile, pick.row, pick.name, pick.encoding, pick.columns, pick.sheet, pick.header_row
    )
    athlete, _ = _with_log(athlete, warnings, pick)
    with _noting(warnings):
        maker = HandoutMaker(options)
        if not write:
            made = maker.make(athlete, password)
            return MadeHandout(None, made.pdf, made.pages, made.language, made.warnings, warnings)
        row = athlete.line if pick.row is not None or pick.name is not None else None  # (a roster's)
        path = output or Path(file_stem(athlete.name, athlete.athlete_id, row) + ".pdf")
        may_replace = output is not None or force
        refuse_overwrites([("the output", path)], inputs)
        refuse_replacing_non_pdfs([("the output", path)])
        if not may_replace and os.path.lexists(path):
            raise _kept(path)
        ready_folders([path.parent])
        made = maker.make(athlete, password)
        try:
            write_atomically(path, made.pdf, private, replace=may_replace)
        except FileExists:  # written meanwhile (another run at the same moment)
            raise _kept(path) from None
    return MadeHandout(path, made.pdf, made.pages, made.language, made.warnings, warnings)


def _kept(path: Path) -> UsageProblem:
    """The error for a handout's file name that is taken already: nothing is replaced."""
    return UsageProblem(
        f"{shown(str(path))} is there already (an earlier handout, or another athlete's with the same "
        "name), and was left as it is. Give --force to replace it, or -o to choose the file name."
    )


def run_batch(
    roster: Path | str,
    options: BatchOptions,
    progress: Callable[[int, int], None] | None = None,
    planned: Callable[[int, Path], None] | None = None,
) -> Outcome:
    """Make a handout for every athlete of a roster, errors.csv, and the team packet if asked.

    `progress(done, total)` is told how many athletes are finished, as chunks finish; `planned`
    is told each handout a dry run would write (its row and path), as it is found.
    """
    from generator.runs.batch import Batch

    roster = _path(roster, "roster")
    if not isinstance(options, BatchOptions):
        raise UsageProblem("options: give a BatchOptions")
    _check_settings(options.password)
    _check_settings(options.packet_options.password)
    packet, shape = options.packet, options.packet_options
    if packet is None and (shape.duplex or shape.cover or shape.append):
        raise UsageProblem("--duplex, --cover and --append shape the packet: add --packet FILE.pdf")
    if options.password_column and packet and not shape.password:
        raise UsageProblem(
            "--password-column locks each athlete's handout; the packet holds every athlete, so it "
            "needs --password too"
        )
    if options.password_column:
        from generator.inputs.profile import KNOWN_KEYS
        from generator.inputs.roster import header_key

        if header_key(options.password_column) in KNOWN_KEYS:
            raise UsageProblem(
                f"--password-column {options.password_column}: that column holds the athletes' "
                f"{header_key(options.password_column)}; the passwords need a column of their own"
            )
    if (
        options.password
        and options.password_column
        or (shape.password and options.password_column and not packet)
    ):
        raise UsageProblem(
            "--password and --password-column together: the handouts use --password-column, "
            "the packet --password; give --password only with --packet"
        )
    notes: list[str] = []
    most = 2 * (os.cpu_count() or 1)
    if options.jobs > most:
        # More processes than that only share the same CPUs, and each holds its own memory.
        notes.append(f"--jobs {options.jobs} is more than this computer can use; using {most}.")
        options = replace(options, jobs=most)
    outdir = options.outdir
    inputs = [
        ("the roster", roster),
        ("the cover", shape.cover),
        *(("an --append file", p) for p in shape.append),
        ("the theme", options.handout.theme),
        *((("the --columns file", options.columns_file),) if options.columns_file else ()),
    ]
    refuse_overwrites([("the packet", packet), ("the error list", outdir / "errors.csv")], inputs)
    refuse_replacing_non_pdfs([("the packet", packet)])
    # Inputs and the packet inside OUTDIR keep their names: no athlete's handout takes one.
    reserved = frozenset(
        path.name
        for _, path in [*inputs, ("the packet", packet)]
        if path is not None and same_file(path.parent, outdir)
    )
    options = replace(options, reserved=options.reserved | reserved)
    outcome = Batch(roster, options, progress, planned).run()
    outcome.notes[:0] = notes
    return outcome


def make_report(
    roster: Path | str,
    output: Path | str,
    options: HandoutOptions | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
    columns: Mapping[str, str] | None = None,
    columns_file: Path | None = None,
    password: str | None = None,
    private: bool = False,
    team: str = "",
    header_row: int | None = None,
) -> ReportMade:
    """Write the coach's report for a roster: who needs attention, at a glance.

    Rows with problems are left out and returned; when no row can be read at all, nothing is
    written and `RosterError` says why, with every row's problem.
    """
    from generator.content.report_lines import ReportLines, team_name
    from generator.inputs.roster import read_records
    from generator.rules.plan import make_plan
    from generator.runs.batch import Selection
    from generator.runs.files import ready_folders, write_atomically
    from generator.runs.handout import HandoutMaker

    options = options or HandoutOptions()
    roster, output = _path(roster, "roster"), _path(output, "output")
    _check_settings(password, team)
    inputs = [("the roster", roster), ("the theme", options.theme), ("the --columns file", columns_file)]
    refuse_overwrites([("the report", output)], inputs)
    refuse_replacing_non_pdfs([("the report", output)])
    ready_folders([output.parent])
    choose = BatchOptions(outdir=output.parent, encoding=encoding, sheet=sheet, columns=columns)
    selection = Selection(read_records(roster, encoding, columns, sheet, header_row).records, choose)
    if not selection.athletes:
        raise RosterError(
            "no athlete in the roster could be read; nothing to report", selection.failed, selection.warnings
        )
    language = options.language or "en"
    with _noting(selection.warnings, selection.failed):
        maker = HandoutMaker(options)
        labels = maker.library.labels(language)
        words = ReportLines(labels)
        profiles = [a.profile for a in selection.athletes]
        lines = [words(make_plan(p)) for p in profiles]  # one plan per athlete
        made = maker.report(lines, language, team_name(profiles, labels, team, maker.theme.club), password)
        write_atomically(output, made.pdf, private)
    # A name no font here prints shows as a placeholder in the report: said, so the coach looks.
    shown_as = [Problem(roster.name, "", w, None) for w in made.warnings]
    return ReportMade(output, made.pages, len(profiles), selection.failed, selection.warnings + shown_as)


def make_packet(
    handouts: Sequence[Path | str],
    output: Path | str,
    team: str = "",
    options: HandoutOptions | None = None,
    packet: PacketOptions | None = None,
) -> PacketMade:
    """Put finished handout PDFs together into one print-ready packet, in the order given."""
    from generator.layout.front import Front
    from generator.locale import handout_date
    from generator.pdf import packet as packets
    from generator.runs.files import ready_folders, write_atomically_with
    from generator.runs.handout import HandoutMaker

    options, packet = options or HandoutOptions(), packet or PacketOptions()
    if isinstance(handouts, str | os.PathLike) or not handouts:
        raise UsageProblem("give the handout PDFs to put together, one or more")
    files = [_path(p, "handout") for p in handouts]
    output = _path(output, "output")
    for path in files:
        if not path.is_file():
            raise InputError(f"{shown(path.name)}: no such file")
    _check_settings(packet.password, team)
    refuse_overwrites(
        [("the packet", output)],
        [
            *(("one of the handouts to put together", p) for p in files),
            ("the cover", packet.cover),
            *(("an --append file", p) for p in packet.append),
            ("the theme", options.theme),
        ],
    )
    refuse_replacing_non_pdfs([("the packet", output)])
    language = options.language or "en"
    maker = HandoutMaker(options)
    labels = maker.library.labels(language)
    parts = packets.parts_of_files(files, packet.max_pdf_mb)
    ready_folders([output.parent])
    book = packets.Packet(maker.front_pages(language), language, packet, write_atomically_with)
    day = labels.locale.date(handout_date())
    team = team.strip() or maker.theme.club
    guides = []
    if packet.guide:
        # The guide in each language the handouts are in (else the packet's own).
        found = [p.language for p in parts if p.language in LANGUAGES]
        for each in dict.fromkeys(found or [language]):
            guides.append(maker.guide_section(each, options.units or "metric", team))
    book.prepare(Front(team, day, len(parts), guides=guides))
    pages = book.write(output, parts)
    return PacketMade(output, pages, len(parts), book.warnings)


def make_guide(
    output: Path | str,
    languages: Sequence[str] = ("en",),
    options: HandoutOptions | None = None,
    team: str = "",
    password: str | None = None,
    private: bool = False,
) -> GuideMade:
    """Write the team guide: what is the same for every athlete, once, in each language given."""
    from generator.runs.files import ready_folders, write_atomically
    from generator.runs.handout import HandoutMaker

    options = options or HandoutOptions()
    output = _path(output, "output")
    if isinstance(languages, str) or not languages or any(lang not in LANGUAGES for lang in languages):
        raise UsageProblem(f"languages: give some of {', '.join(LANGUAGES)}, not {languages!r}")
    chosen = tuple(dict.fromkeys(languages))
    _check_settings(password, team)
    refuse_overwrites([("the guide", output)], [("the theme", options.theme)])
    refuse_replacing_non_pdfs([("the guide", output)])
    ready_folders([output.parent])
    maker = HandoutMaker(options)
    made = maker.guides(chosen, options.units or "metric", team.strip() or maker.theme.club, password)
    write_atomically(output, made.pdf, private)
    return GuideMade(output, made.pages, chosen, made.warnings)


@contextmanager
def _noting(warnings: list[Problem], left_out: Sequence[Problem] = ()) -> Iterator[None]:
    """Attach what was found about the input to an error that stops the work."""
    try:
        yield
    except HandoutsError as e:
        e.noted, e.left_out = [*warnings, *e.noted], [*left_out, *e.left_out]
        raise


def _path(value: object, what: str) -> Path:
    """Return a path given as a Path or as text; refuse anything else."""
    if isinstance(value, str | os.PathLike):
        return Path(value)
    raise UsageProblem(f"{what}: expected a file path, not {type(value).__name__}")


def _check_settings(password: str | None, team: str = "") -> None:
    """Refuse a password that cannot lock a PDF, and a team name too long for a page."""
    if password is not None and (problem := password_problem(password)):
        raise UsageProblem(f"the password: {problem}")
    if problem := team_problem(team):
        raise UsageProblem(f"the team name {problem}")


def same_file(a: Path, b: Path) -> bool:
    """Return whether two paths name one file: the same path once resolved, or a hard link."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def refuse_replacing_non_pdfs(outputs: Sequence[tuple[str, Path | None]]) -> None:
    """Stop, before any work, when a PDF would replace a file that is not a PDF.

    A slip of the keyboard (`-o roster.csv`, the theme's logo, a club's content file) must not
    cost a coach their file; replacing last week's PDF is what they expect.
    """
    from generator.runs.files import holds_other_than_pdf

    for what, path in outputs:
        if path is not None and str(path) != "-" and holds_other_than_pdf(path):
            raise UsageProblem(
                f"{what} {shown(str(path))} is a file that is not a PDF: it would be overwritten. "
                "Choose another file name."
            )


def refuse_overwrites(
    outputs: Sequence[tuple[str, Path | None]], inputs: Sequence[tuple[str, Path | None]]
) -> None:
    """Stop, before any work, when an output would replace an input or another output of the run."""
    from generator.errors import shown

    given_in = [(what, path) for what, path in inputs if path is not None and str(path) != "-"]
    given_out = [(what, path) for what, path in outputs if path is not None and str(path) != "-"]
    for i, (what, out) in enumerate(given_out):
        for source, path in given_in:
            if same_file(out, path):
                raise UsageProblem(
                    f"{what} {shown(str(out))} is also {source}: it would be overwritten. "
                    "Choose another file name."
                )
        for other, path in given_out[i + 1 :]:
            if same_file(out, path):
                raise UsageProblem(
                    f"{what} and {other} are the same file ({shown(str(out))}). Choose another file name."
                )
