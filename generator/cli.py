"""The `handouts` command line: parses options, calls the core (`generator.api`), reports the result.

Errors become exit codes in one place (`HandoutsGroup.invoke`). Heavy libraries (reportlab,
pikepdf) are imported inside the commands that use them, so that `handouts --help` starts at once.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from generator import __version__
from generator.errors import HandoutsError, Problem, UsageProblem
from generator.options import LANGUAGES

if TYPE_CHECKING:  # (the API is loaded by each command that uses it: --help stays quick)
    from generator import api

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class HandoutsCommand(click.Command):
    """A command whose requests that cannot be done show with its own usage line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageProblem as e:
            warn(e.noted)
            raise click.UsageError(str(e), ctx) from e


class HandoutsGroup(click.Group):
    """The `handouts` group: turns every command's errors into clean messages and exit codes."""

    command_class = HandoutsCommand

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HandoutsError as e:
            warn(e.noted)
            errors(e.left_out)
            if e.exit_code == 2:
                raise click.UsageError(str(e), ctx) from e
            raise _failure(e.exit_code)(str(e)) from e
        except BrokenPipeError:
            # The reader of our output went away (`handouts plan ... | head`): stop quietly, as
            # other command-line tools do, without a second error when Python flushes stdout.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(1)
        except KeyboardInterrupt:
            # Ctrl-C or SIGTERM: every file being written was removed on the way out.
            click.echo("Stopped: no half-written file was left.", err=True)
            sys.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as e:
            # A bug, not a user mistake: say so in one line. HANDOUTS_DEBUG=1 shows the traceback.
            if os.environ.get("HANDOUTS_DEBUG"):
                raise
            raise click.ClickException(
                f"unexpected problem ({type(e).__name__}: {e}). Please report it; "
                "run again with HANDOUTS_DEBUG=1 for details."
            ) from e


def _failure(code: int) -> type[click.ClickException]:
    """Return the Click error that exits with `code`."""
    if code == 1:
        return click.ClickException
    return type(f"Failed{code}", (click.ClickException,), {"exit_code": code})


def warn(problems: list[Problem]) -> None:
    """Print warnings about the input to stderr."""
    for problem in problems:
        click.echo(f"Warning: {problem}", err=True)


def errors(problems: list[Problem]) -> None:
    """Print the rows that could not be used to stderr."""
    for problem in problems:
        click.echo(f"Error: {problem}", err=True)


def options(*decorators: Callable[[F], F]) -> Callable[[F], F]:
    """Return one decorator applying several options, listed in the order --help shows them."""

    def apply(func: F) -> F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


def _password(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse a password that would not lock the PDFs: empty, or longer than AES-256 reads."""
    from generator.api import password_problem

    if value is not None and (problem := password_problem(value)):
        raise click.BadParameter(problem)
    return value


def _pick(
    row: int | None,
    name: str | None,
    encoding: str | None,
    sheet: str | None,
    header_row: int | None,
    columns_file: Path | None,
    log_file: Path | None,
    as_of: dt.datetime | None,
) -> api.Pick:
    """Return how `make` and `plan` pick their athlete from a file (their shared options)."""
    from generator import api

    columns = _column_map(columns_file)
    return api.Pick(
        row, name, encoding, sheet, columns, header_row, log_file, as_of.date() if as_of else None
    )


def _column_map(path: Path | None) -> dict[str, str] | None:
    """Read a --columns file: your header on the left, the field name on the right."""
    if path is None:
        return None
    from generator import api
    from generator.errors import InputError

    try:
        return api.read_columns(path)
    except InputError as e:
        raise click.BadParameter(str(e), param_hint="--columns") from e


def _file(**kwargs: Any) -> click.Path:
    return click.Path(exists=True, dir_okay=False, path_type=Path, **kwargs)


ENCODING = click.option(
    "--encoding",
    metavar="NAME",
    help="Text encoding of a CSV file, e.g. cp1252 for Excel on Windows. [default: utf-8]",
)
THEME = click.option(
    "--theme",
    type=_file(),
    metavar="FILE",
    help="A theme file (YAML) with your club's name, colours and logo.",
)
PAPER = click.option(
    "--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True, help="Paper size."
)
PRIVATE = click.option(
    "--private", is_flag=True, help="Make the PDFs readable by your user account only (shared computers)."
)
MAX_PDF = click.option(
    "--max-pdf-mb",
    type=click.FloatRange(min=1),
    default=50,
    show_default=True,
    metavar="MB",
    help="Refuse outside PDFs (--cover, --append, packet inputs) larger than this.",
)
PASSWORD = click.option(
    "--password",
    envvar="HANDOUTS_PASSWORD",
    metavar="TEXT",
    callback=_password,
    help="Encrypt every PDF with this password (AES-256). Also read from HANDOUTS_PASSWORD.",
)
TEAM = click.option(
    "--team",
    default="",
    metavar="NAME",
    help="The team's name for the cover, the coach's report and the team guide. "
    "[default: the theme's club name, else the roster's teams]",
)
GUIDE_UNITS = click.option(
    "--units",
    type=click.Choice(["metric", "imperial"]),
    default="metric",
    show_default=True,
    help="Units the team guide prints in.",
)
CONTENT_DIR = click.option(
    "--content-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="A folder of your own content files (and labels), searched before the built-in content.",
)
PROFILE_ARG = click.argument("profile", type=_file())
ROSTER_ARG = click.argument("roster", type=_file())

# How a roster is read: --encoding, --sheet, --header-row, --columns.
SHEET_OPTIONS = (
    click.option("--sheet", metavar="NAME", help="The sheet of an Excel roster. [default: the first]"),
    click.option(
        "--header-row",
        type=click.IntRange(min=1),
        metavar="N",
        help="The row (or line) that names the columns. [default: the first that names known "
        "fields, below any title rows]",
    ),
    click.option(
        "--columns",
        "columns_file",
        type=_file(),
        metavar="FILE",
        help="A YAML file mapping your own column headers to field names (Player: name).",
    ),
)

# A training log instead of the roster's 7- and 28-day sums: --log, --as-of.
LOG_OPTIONS = (
    click.option(
        "--log",
        "log_file",
        type=_file(),
        metavar="FILE",
        help="A training log (CSV or .xlsx): a row per session with date, athlete (id or name) and "
        "load, or minutes and rpe (load = RPE x minutes); or a row per athlete and a column per "
        "date. Each athlete's 7- and 28-day loads come from it.",
    ),
    click.option(
        "--as-of",
        type=click.DateTime(formats=["%Y-%m-%d"]),
        metavar="YYYY-MM-DD",
        help="The day the log's loads are taken at. [default: the log's last day]",
    ),
)
log_options = options(*LOG_OPTIONS)

# Pick one athlete from a file: --row, --name, --encoding.
pick_options = options(
    click.option(
        "--row",
        type=click.IntRange(min=1),
        metavar="N",
        help="Pick the N-th athlete of a roster (1 is the first row under the header).",
    ),
    click.option(
        "--name",
        "athlete_name",
        metavar="NAME",
        help="Pick the athlete with this name from a roster (not case-sensitive).",
    ),
    ENCODING,
    *SHEET_OPTIONS,
    *LOG_OPTIONS,
)

FONT_DIR = click.option(
    "--font-dir",
    "font_dirs",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    metavar="DIR",
    help="A folder of TrueType (.ttf) fonts for names in scripts the handout font lacks "
    "(Chinese, Korean, Japanese...); searched before the computer's own fonts. Repeatable.",
)

# What shapes a handout: paper, language, units, theme, content.
handout_options = options(
    PAPER,
    click.option(
        "--lang",
        "language",
        type=click.Choice(LANGUAGES),
        help="Language of the handout. [default: the profile's language, else en]",
    ),
    click.option(
        "--units",
        type=click.Choice(["metric", "imperial"]),
        help="Units to print in. [default: the profile's units]",
    ),
    THEME,
    CONTENT_DIR,
    FONT_DIR,
    click.option(
        "--allow-missing-glyphs",
        is_flag=True,
        help="Print \u25af for characters no font here has, instead of refusing that athlete's "
        "handout (said once in the summary).",
    ),
)

roster_options = options(ENCODING, *SHEET_OPTIONS)


# How a packet is shaped: --duplex, --cover, --append.
packet_options = options(
    click.option(
        "--duplex", is_flag=True, help="For double-sided printing: every athlete starts on a right-hand page."
    ),
    click.option("--cover", type=_file(), metavar="FILE.pdf", help="Use your own PDF as the packet's cover."),
    click.option(
        "--append",
        "append_pdfs",
        multiple=True,
        type=_file(),
        metavar="FILE.pdf",
        help="Add your own PDF at the end of the packet (repeat for more).",
    ),
    click.option(
        "--guide/--no-guide",
        default=True,
        show_default=True,
        help="Print the team guide once, after the contents (leave it out if the team has it).",
    ),
)


def _languages(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    """Return the languages given as `--lang en --lang es` or `--lang en,es`, each checked."""
    chosen = [part.strip().lower() for item in value for part in item.split(",") if part.strip()]
    wrong = [lang for lang in chosen if lang not in LANGUAGES]
    if wrong:
        raise click.BadParameter(f"{wrong[0]!r} is not one of {', '.join(repr(lang) for lang in LANGUAGES)}.")
    return tuple(chosen)


def _not_dash(ctx: click.Context, param: click.Parameter, value: Path) -> Path:
    if str(value) == "-":
        raise click.BadParameter("'-' is not a file name here; give the PDF's file name, e.g. team.pdf")
    return value


def output_option(help: str) -> Callable[[F], F]:
    """Return the required -o/--output option of a command that writes one file."""
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        required=True,
        callback=_not_dash,
        help=help,
    )


def page_options(what: str) -> Callable[[F], F]:
    """Return a decorator adding --paper, --lang, --theme and --content-dir for a document that is
    not a handout (its labels may be a club's own)."""
    language = click.option(
        "--lang",
        "language",
        type=click.Choice(LANGUAGES),
        default="en",
        show_default=True,
        help=f"Language of the {what}.",
    )
    return options(PAPER, language, THEME, CONTENT_DIR, FONT_DIR)


def handout_settings(
    paper: str = "a4",
    language: str | None = None,
    units: str | None = None,
    theme: Path | None = None,
    content_dir: Path | None = None,
    with_guide: bool = False,
    tagged: bool = True,
    font_dirs: tuple[Path, ...] = (),
    allow_missing_glyphs: bool = False,
) -> Any:
    """Return the handout options chosen on the command line."""
    from generator import api

    return api.HandoutOptions(
        paper, language, units, theme, content_dir, with_guide, tagged, font_dirs, allow_missing_glyphs
    )


@click.group(cls=HandoutsGroup, context_settings=CONTEXT)
@click.version_option(__version__, "--version", prog_name="handouts")
def cli() -> None:
    """Make personalized, printable handouts on muscle twitches, cramps and recovery.

    Give it an athlete profile (YAML or JSON) or a team roster (CSV). It works out each
    athlete's fluids, heat risk, training load, nutrients, caffeine, sleep and warning signs
    from published guidance, and prints handouts a teenager or a parent can read.

    The handouts are education, not a diagnosis.
    """


@cli.command(context_settings=CONTEXT)
@PROFILE_ARG
@pick_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for a person, json for programs (numbers in SI units).",
)
def plan(
    profile: Path,
    row: int | None,
    athlete_name: str | None,
    encoding: str | None,
    sheet: str | None,
    header_row: int | None,
    columns_file: Path | None,
    log_file: Path | None,
    as_of: dt.datetime | None,
    fmt: str,
) -> None:
    """Show the personal plan for one athlete: the numbers, flags and reasons behind a handout.

    PROFILE is a YAML or JSON file for one athlete, or a CSV roster with --row or --name.
    A value that cannot be worked out from the profile is shown as not known (null in JSON),
    with the fields that would fill it in.

    \b
    Example:
      handouts plan examples/athlete.yaml
      handouts plan examples/roster.csv --name "Maya Chen" --format json
    """
    from generator import api

    pick = _pick(row, athlete_name, encoding, sheet, header_row, columns_file, log_file, as_of)
    shown = api.show_plan(profile, pick)
    warn(shown.warnings)
    if fmt == "json":
        import json

        click.echo(json.dumps(shown.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(shown.text(), nl=False)


@cli.command(context_settings=CONTEXT)
@PROFILE_ARG
@pick_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path, allow_dash=True),
    help="Where to write the PDF ('-' for standard output); a file already there is replaced. "
    "[default: the athlete's name and id (or roster line).pdf, never replacing a file]",
)
@click.option(
    "--force",
    is_flag=True,
    help="Without -o: replace a file already there under the athlete's name (it may be "
    "another athlete's with the same name).",
)
@handout_options
@click.option(
    "--with-guide",
    is_flag=True,
    help="Add the team guide after the handout: the background, for a trainer who wants everything.",
)
@PASSWORD
@PRIVATE
def make(
    profile: Path,
    row: int | None,
    athlete_name: str | None,
    encoding: str | None,
    sheet: str | None,
    header_row: int | None,
    columns_file: Path | None,
    log_file: Path | None,
    as_of: dt.datetime | None,
    output: Path | None,
    password: str | None,
    private: bool,
    force: bool,
    **shape: Any,
) -> None:
    """Make the printable handout for one athlete: two pages, one sheet printed on both sides.

    PROFILE is a YAML or JSON file for one athlete, or a CSV roster with --row or --name.
    Page 1 is the athlete's own plan, with their numbers in their language and units, opening
    with a coloured box when a symptom means they should see a doctor; page 2 says why, and
    when to get help.

    \b
    Example:
      handouts make examples/athlete.yaml -o zoe.pdf
      handouts make examples/roster.csv --name "Lucía Romero" --paper letter --with-guide
    """
    from generator import api
    from generator.api import plural

    to_stdout = output is not None and str(output) == "-"
    made = api.make_handout(
        profile,
        None if to_stdout else output,
        handout_settings(**shape),
        _pick(row, athlete_name, encoding, sheet, header_row, columns_file, log_file, as_of),
        password,
        private,
        write=not to_stdout,
        force=force,
    )
    warn(made.input_warnings)
    if to_stdout:
        sys.stdout.buffer.write(made.pdf)
        sys.stdout.flush()
    for message in made.warnings:
        click.echo(f"Warning: {message}", err=True)
    target = "standard output" if made.path is None else str(made.path)
    click.echo(f"Wrote {target} ({plural(made.pages, 'page')}, {made.language}).", err=True)


class _Progress:
    """A progress bar on stderr, only for a person watching a terminal."""

    def __init__(self, quiet: bool) -> None:
        self.bar: Any = None
        self.quiet = quiet or not sys.stderr.isatty()
        self.done = 0

    def __call__(self, done: int, total: int) -> None:
        if self.quiet or total <= 1:
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Making handouts", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.done)
        self.done = done

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@cli.command(context_settings=CONTEXT)
@ROSTER_ARG
@click.option(
    "-o",
    "--outdir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the handouts (made if missing). Each athlete's file is named for them "
    "(name and id, or roster line); a handout already there under that name is replaced by "
    "this run's, so the folder holds the roster's current handouts.",
)
@click.option(
    "--packet",
    "packet_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.pdf",
    help="Also write the team packet: cover, coach's report, contents and every handout.",
)
@packet_options
@TEAM
@handout_options
@roster_options
@log_options
@click.option(
    "--dry-run", is_flag=True, help="Check the roster and show what would be written; write nothing."
)
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Only the first N athletes.")
@click.option(
    "--only", metavar="NAME_OR_ID,...", help="Only these athletes (names or athlete ids, comma-separated)."
)
@click.option(
    "--shard",
    metavar="K/N",
    callback=lambda ctx, param, value: _shard(value),
    help="Make only this run's share of the roster: rows K, K+N, K+2N... of N shares, for N "
    "machines or a scheduler's job array. Its record is OUTDIR/manifest.K-of-N.csv.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=lambda: os.cpu_count() or 1,
    show_default="the number of CPUs",
    help="How many processes make handouts at once (at most twice the number of CPUs).",
)
@PASSWORD
@click.option(
    "--password-column",
    metavar="COLUMN",
    help="Lock each athlete's own handout with the password in this roster column.",
)
@PRIVATE
@MAX_PDF
@click.option(
    "--untagged",
    is_flag=True,
    help="Leave out the tags screen readers follow: a little faster, but the files do not meet "
    "PDF/UA (see README, Accessibility).",
)
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no warnings; errors still show.")
def batch(
    roster: Path,
    outdir: Path,
    packet_path: Path | None,
    duplex: bool,
    cover: Path | None,
    append_pdfs: tuple[Path, ...],
    encoding: str | None,
    sheet: str | None,
    header_row: int | None,
    columns_file: Path | None,
    log_file: Path | None,
    as_of: dt.datetime | None,
    dry_run: bool,
    limit: int | None,
    only: str | None,
    shard: tuple[int, int] | None,
    jobs: int,
    password: str | None,
    password_column: str | None,
    private: bool,
    max_pdf_mb: float,
    quiet: bool,
    team: str,
    guide: bool,
    untagged: bool,
    **shape: Any,
) -> None:
    """Make a handout for every athlete of a roster, and optionally the team packet.

    ROSTER is a CSV or Excel (.xlsx) file with one athlete a row. A row with a problem is
    reported with its line and field (on screen and in OUTDIR/errors.csv) and the other
    rows are still made. OUTDIR/manifest.csv records each file written: its row, athlete
    id, language, topics, the content and tool versions, the date, its pages and SHA-256 (no
    name, no health value). Exit code 0 when every row worked, 1 when any failed.

    \b
    Example:
      handouts batch examples/roster.csv -o team --packet team/packet.pdf --duplex
      handouts batch roster.xlsx -o out --only "Maya Chen,RFC-07" --lang es
    """
    from generator import api
    from generator.api import agree, plural

    column_map = _column_map(columns_file)
    opts = api.BatchOptions(
        outdir=outdir,
        handout=handout_settings(**shape, tagged=not untagged),
        packet=packet_path,
        packet_options=api.PacketOptions(
            duplex, cover, append_pdfs, password, max_pdf_mb, private, guide=guide
        ),
        dry_run=dry_run,
        limit=limit,
        only=_only(only),
        jobs=jobs,
        encoding=encoding,
        sheet=sheet,
        header_row=header_row,
        log=log_file,
        as_of=as_of.date() if as_of else None,
        columns=column_map,
        columns_file=columns_file,
        password=password if not password_column else None,
        password_column=password_column,
        private=private,
        team=team,
        shard=shard,
    )
    progress = _Progress(quiet or dry_run)

    def planned(row: int, path: Path) -> None:
        click.echo(f"row {row}: {path}")

    try:
        outcome = api.run_batch(roster, opts, progress, planned)
        if outcome.interrupted:
            # Stopping already: one more Ctrl-C must not cut the summary short.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
    finally:
        progress.close()
    if not quiet:
        for note in outcome.notes:
            click.echo(f"Warning: {note}", err=True)
        warn(outcome.warnings)
    errors(outcome.failed)
    if dry_run:
        if packet_path:
            click.echo(f"packet: {packet_path}")
        would, failed = plural(outcome.planned, "handout"), len(_rows(outcome.failed))
        if outcome.family_copies:
            would += f" and {plural(outcome.family_copies, 'family copy', 'family copies')}"
        have = agree(failed, "has", "have")
        click.echo(f"Dry run: {would} would be written, {plural(failed, 'row')} {have} problems.", err=True)
    else:
        made = plural(len(outcome.written) - outcome.family_copies, "handout")
        if outcome.family_copies:
            made += f" and {plural(outcome.family_copies, 'family copy', 'family copies')}"
        parts = [f"{made} ({plural(outcome.pages, 'page')})", _failed(outcome.failed)]
        if outcome.packet_pages:
            parts.append(f"packet {packet_path} ({plural(outcome.packet_pages, 'page')})")
        elif packet_path and not outcome.interrupted and not outcome.written:
            parts.append("no packet: no handout was made")
        if outcome.failed and not any(u.startswith("no error list") for u in outcome.unwritten):
            errors_file = "errors.csv" if shard is None else f"errors.{shard[0]}-of-{shard[1]}.csv"
            parts.append(f"problems in {outdir / errors_file}")
        parts += outcome.unwritten
        click.echo(f"Done: {', '.join(parts)}, in {outcome.seconds:.1f} s.", err=True)
        if outcome.interrupted:
            not_made = f"{outcome.not_made} not made; " if outcome.not_made else ""
            kept = len(outcome.written)
            were = agree(kept, "was", "were")
            what = plural(kept - outcome.family_copies, "finished handout")
            if outcome.family_copies:
                what += f" and {plural(outcome.family_copies, 'family copy', 'family copies')}"
            click.echo(
                f"Stopped: {what} {were} kept in {outdir}; {not_made}no half-written file was left.",
                err=True,
            )
            sys.exit(130)
    if outcome.failed or outcome.unwritten:
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@ROSTER_ARG
@output_option("Where to write the report PDF.")
@page_options("report")
@TEAM
@roster_options
@PASSWORD
@PRIVATE
def report(
    roster: Path,
    output: Path,
    paper: str,
    language: str,
    theme: Path | None,
    content_dir: Path | None,
    font_dirs: tuple[Path, ...],
    encoding: str | None,
    sheet: str | None,
    header_row: int | None,
    columns_file: Path | None,
    password: str | None,
    private: bool,
    team: str,
) -> None:
    """Make the coach's report: who needs attention, at a glance.

    A table of every athlete sorted by urgency (doctor first, then training load), the
    team's training-load spread, and a follow-up list of athletes to send to a doctor.
    Rows with problems are reported and left out.

    \b
    Example:
      handouts report examples/roster.csv -o report.pdf
    """
    from generator import api
    from generator.api import plural

    columns = _column_map(columns_file)
    settings = handout_settings(
        paper=paper, language=language, theme=theme, content_dir=content_dir, font_dirs=font_dirs
    )
    made = api.make_report(
        roster, output, settings, encoding, sheet, columns, columns_file, password, private, team, header_row
    )
    warn(made.warnings)
    errors(made.failed)
    athletes, failed = plural(made.athletes, "athlete"), plural(len(_rows(made.failed)), "row")
    click.echo(f"Wrote {output} ({plural(made.pages, 'page')}, {athletes}, {failed} failed).", err=True)
    if made.failed:
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("handouts", nargs=-1, required=True, type=_file())
@output_option("Where to write the packet.")
@TEAM
@page_options("cover and contents")
@GUIDE_UNITS
@packet_options
@PASSWORD
@PRIVATE
@MAX_PDF
def packet(
    handouts: tuple[Path, ...],
    output: Path,
    team: str,
    paper: str,
    language: str,
    theme: Path | None,
    content_dir: Path | None,
    font_dirs: tuple[Path, ...],
    duplex: bool,
    cover: Path | None,
    append_pdfs: tuple[Path, ...],
    password: str | None,
    private: bool,
    max_pdf_mb: float,
    guide: bool,
    units: str,
) -> None:
    """Put existing handout PDFs together into one print-ready packet.

    The packet gets a cover, a contents page, the team guide (in the languages of the
    handouts, else --lang; --no-guide leaves it out), a bookmark per handout (with its pages)
    and page labels, in the order the files are given.

    \b
    Example:
      handouts packet team/*.pdf -o packet.pdf --team "Riverside FC" --duplex
    """
    from generator import api
    from generator.api import plural

    settings = handout_settings(paper, language, units, theme, content_dir, font_dirs=font_dirs)
    shape = api.PacketOptions(duplex, cover, append_pdfs, password, max_pdf_mb, private, guide=guide)
    made = api.make_packet(list(handouts), output, team, settings, shape)
    for warning in made.warnings:
        click.echo(f"Warning: {warning}.", err=True)
    click.echo(
        f"Wrote {output} ({plural(made.pages, 'page')}, {plural(made.handouts, 'handout')}).", err=True
    )


@cli.command(context_settings=CONTEXT)
@output_option("Where to write the guide PDF.")
@PAPER
@click.option(
    "--lang",
    "languages",
    multiple=True,
    metavar="[" + "|".join(LANGUAGES) + "]",
    callback=_languages,
    help="Language of the guide; for a team that reads several, repeat it or give them with commas "
    "(--lang en,es), one after the other. [default: en]",
)
@GUIDE_UNITS
@TEAM
@THEME
@CONTENT_DIR
@FONT_DIR
@PASSWORD
@PRIVATE
def guide(
    output: Path,
    paper: str,
    languages: tuple[str, ...],
    units: str,
    team: str,
    theme: Path | None,
    content_dir: Path | None,
    font_dirs: tuple[Path, ...],
    password: str | None,
    private: bool,
) -> None:
    """Make the team guide: the background that is the same for every athlete, printed once.

    Why cramps and twitches happen, first aid for a cramp, the myths and what is true instead,
    drinking to a plan, heat, building up, recovery, and the signs of too much training, with
    its sources. Each athlete's own plan is in their handout; a team packet has the guide too.

    \b
    Example:
      handouts guide -o guide.pdf
      handouts guide -o guide.pdf --lang en --lang es --paper letter --units imperial
    """
    from generator import api
    from generator.api import plural

    settings = handout_settings(
        paper=paper, units=units, theme=theme, content_dir=content_dir, font_dirs=font_dirs
    )
    made = api.make_guide(output, languages or ("en",), settings, team, password, private)
    for message in made.warnings:
        click.echo(f"Warning: {message}", err=True)
    shown = ", ".join(made.languages)
    click.echo(f"Wrote {output} ({plural(made.pages, 'page')}, {shown}).", err=True)


def main(prog_name: str | None = None) -> None:
    """Run the command line."""
    # SIGTERM (a scheduler, `kill`, a closed session) stops a command the way Ctrl-C does, so
    # each command removes its working files on the way out.
    signal.signal(signal.SIGTERM, _stop)
    cli(prog_name=prog_name or "handouts")


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _shard(value: str | None) -> tuple[int, int] | None:
    """Read --shard K/N: this run's share, K of N (1 <= K <= N)."""
    if value is None:
        return None
    import re

    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+)\s*", value, re.ASCII)
    k, n = (match.group(1), match.group(2)) if match else ("0", "0")
    if not (match and 1 <= int(k) <= int(n)):
        raise click.BadParameter(
            f"give K/N with 1 <= K <= N (--shard 2/8), not {value!r}", param_hint="--shard"
        )
    return int(k), int(n)


def _rows(problems: Sequence[Problem]) -> set[tuple[str, int | None, str]]:
    """Return the rows (and family copies) that problems are about: a row with two bad cells is
    one athlete."""
    return {(p.file, p.line, "copy" if p.message.startswith("the family copy") else "") for p in problems}


def _failed(problems: Sequence[Problem]) -> str:
    """Return how many failed, counting athletes, with the problems where there are more:
    "2 athletes failed (3 problems)"."""
    from generator.locale import plural

    rows = len(_rows(problems))
    if rows == len(problems):
        return f"{rows} failed"
    return f"{plural(rows, 'athlete')} failed ({plural(len(problems), 'problem')})"


def _only(value: str | None) -> tuple[str, ...]:
    """Read --only: names or ids, comma-separated; given empty, it is refused (an unset variable
    in a script would otherwise make the whole roster)."""
    if value is None:
        return ()
    names = tuple(o for o in value.split(",") if o.strip())
    if not names:
        raise click.BadParameter("give at least one name or athlete id", param_hint="--only")
    return names
