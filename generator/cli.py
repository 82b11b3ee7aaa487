"""The `handouts` command line: parses options, calls the core, and reports its errors.

Heavy libraries (reportlab, pikepdf) are imported inside the commands that use them, so that
`handouts --help` starts at once.
"""

from __future__ import annotations

import os
import signal
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from generator import __version__
from generator.errors import HandoutsError, Problem

F = TypeVar("F", bound=Callable[..., Any])
CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class HandoutsGroup(click.Group):
    """A command group that turns the tool's own errors into clean messages (exit 1)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HandoutsError as e:
            raise click.ClickException(str(e)) from e
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


def warn(problems: list[Problem]) -> None:
    """Print warnings about the input to stderr."""
    for problem in problems:
        click.echo(f"Warning: {problem}", err=True)


def profile_options(func: F) -> F:
    """Add the options that pick one athlete from a file: --row, --name, --encoding."""
    func = click.option(
        "--encoding",
        metavar="NAME",
        help="Text encoding of the file, e.g. cp1252 for Excel on Windows. [default: utf-8]",
    )(func)
    func = click.option(
        "--name",
        "athlete_name",
        metavar="NAME",
        help="Pick the athlete with this name from a roster (not case-sensitive).",
    )(func)
    func = click.option(
        "--row",
        type=click.IntRange(min=1),
        metavar="N",
        help="Pick the N-th athlete of a roster (1 is the first row under the header).",
    )(func)
    return func


def check_selection(row: int | None, athlete_name: str | None) -> None:
    """Refuse --row and --name together."""
    if row is not None and athlete_name is not None:
        raise click.UsageError("--row and --name cannot be used together; pick one")


THEME = click.option(
    "--theme",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
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


def _same_file(a: Path, b: Path) -> bool:
    """Return whether two paths name one file: the same path once resolved, or a hard link."""
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.realpath(a)) == os.path.normcase(os.path.realpath(b))


def refuse_overwrites(
    outputs: Sequence[tuple[str, Path | None]], inputs: Sequence[tuple[str, Path | None]]
) -> None:
    """Stop, before any work, when an output would replace an input or another output of the run."""
    given_in = [(what, path) for what, path in inputs if path is not None and str(path) != "-"]
    given_out = [(what, path) for what, path in outputs if path is not None and str(path) != "-"]
    for i, (what, out) in enumerate(given_out):
        for source, path in given_in:
            if _same_file(out, path):
                raise click.UsageError(
                    f"{what} {click.format_filename(out)} is also {source}: it would be overwritten. "
                    "Choose another file name."
                )
        for other, path in given_out[i + 1 :]:
            if _same_file(out, path):
                raise click.UsageError(
                    f"{what} and {other} are the same file ({click.format_filename(out)}). "
                    "Choose another file name."
                )


def _password(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse a password that would not lock the PDFs: empty, or longer than AES-256 reads."""
    from generator.pdf.finish import password_problem

    if value is not None and (problem := password_problem(value)):
        raise click.BadParameter(problem)
    return value


PASSWORD = click.option(
    "--password",
    envvar="HANDOUTS_PASSWORD",
    metavar="TEXT",
    callback=_password,
    help="Encrypt every PDF with this password (AES-256). Also read from HANDOUTS_PASSWORD.",
)


def handout_options(func: F) -> F:
    """Add the options that shape a handout: topic, paper, language, units, theme, content."""
    func = click.option(
        "--content-dir",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        metavar="DIR",
        help="A folder of your own content files, searched before the built-in content.",
    )(func)
    func = THEME(func)
    func = click.option(
        "--units",
        type=click.Choice(["metric", "imperial"]),
        help="Units to print in. [default: the profile's units]",
    )(func)
    func = click.option(
        "--lang",
        "language",
        type=click.Choice(["en", "es"]),
        help="Language of the handout. [default: the profile's language, else en]",
    )(func)
    func = PAPER(func)
    func = click.option(
        "--topic",
        type=click.Choice(["prevention", "recovery", "doctor", "all"]),
        default="all",
        show_default=True,
        help="Which part of the handout to print.",
    )(func)
    return func


def make_options(
    topic: str,
    paper: str,
    language: str | None,
    units: str | None,
    theme: Path | None,
    content_dir: Path | None,
) -> Any:
    """Return the handout options chosen on the command line."""
    from generator.content.library import TOPICS
    from generator.runs.handout import Options

    topics = TOPICS if topic == "all" else (topic,)
    return Options(topics, paper, language, units, theme, content_dir)


PROFILE_ARG = click.argument("profile", type=click.Path(exists=True, dir_okay=False, path_type=Path))


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
@profile_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for a person, json for programs (numbers in SI units).",
)
def plan(profile: Path, row: int | None, athlete_name: str | None, encoding: str | None, fmt: str) -> None:
    """Show the personal plan for one athlete: the numbers, flags and reasons behind a handout.

    PROFILE is a YAML or JSON file for one athlete, or a CSV roster with --row or --name.
    A value that cannot be worked out from the profile is shown as not known (null in JSON),
    with the fields that would fill it in.

    \b
    Example:
      handouts plan examples/athlete.yaml
      handouts plan examples/roster.csv --name "Maya Chen" --format json
    """
    from generator.content.summary import plan_text
    from generator.inputs.roster import load_one
    from generator.rules.plan import make_plan

    check_selection(row, athlete_name)
    athlete, warnings = load_one(profile, row, athlete_name, encoding)
    warn(warnings)
    result = make_plan(athlete)
    if fmt == "json":
        import json

        click.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(plan_text(result), nl=False)


@cli.command(context_settings=CONTEXT)
@PROFILE_ARG
@profile_options
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True, path_type=Path, allow_dash=True),
    help="Where to write the PDF ('-' for standard output). [default: the athlete's name.pdf]",
)
@handout_options
@PASSWORD
@PRIVATE
def make(
    profile: Path,
    row: int | None,
    athlete_name: str | None,
    encoding: str | None,
    output: Path | None,
    topic: str,
    paper: str,
    language: str | None,
    units: str | None,
    theme: Path | None,
    content_dir: Path | None,
    password: str | None,
    private: bool,
) -> None:
    """Make the printable handout for one athlete.

    PROFILE is a YAML or JSON file for one athlete, or a CSV roster with --row or --name.
    The handout uses the athlete's own numbers, in their language and units, and opens with
    a coloured box when a symptom means they should see a doctor.

    \b
    Example:
      handouts make examples/athlete.yaml -o zoe.pdf
      handouts make examples/roster.csv --name "Lucía Romero" --paper letter --topic doctor
    """
    from generator.inputs.roster import load_one
    from generator.runs.handout import HandoutMaker
    from generator.runs.names import file_stem

    check_selection(row, athlete_name)
    refuse_overwrites([("the output", output)], [("the profile", profile), ("the theme", theme)])
    athlete, warnings = load_one(profile, row, athlete_name, encoding)
    warn(warnings)
    maker = HandoutMaker(make_options(topic, paper, language, units, theme, content_dir))
    if output is not None and str(output) == "-":
        made = maker.make(athlete, password)
        sys.stdout.buffer.write(made.pdf)
        sys.stdout.flush()
        target = "standard output"
    else:
        path = output or Path(file_stem(athlete.name, athlete.athlete_id) + ".pdf")
        refuse_overwrites([("the output", path)], [("the profile", profile), ("the theme", theme)])
        _ready_folder(path.parent)
        made = maker.write(athlete, path, password, private)
        target = str(path)
    for message in made.warnings:
        click.echo(f"Warning: {message}", err=True)
    click.echo(f"Wrote {target} ({made.pages} pages, {made.language}).", err=True)


def _ready_folder(folder: Path) -> None:
    from generator.runs.files import ready_folders

    ready_folders([folder])


def _columns(path: Path | None) -> dict[str, str] | None:
    """Read a --columns file: your header on the left, the field name on the right."""
    if path is None:
        return None
    import yaml

    from generator.inputs import yamlio
    from generator.inputs.profile import KNOWN_KEYS

    try:
        data = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as e:
        raise click.BadParameter(f"{path.name} cannot be read as YAML ({e})", param_hint="--columns") from e
    if not isinstance(data, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in data.items()
    ):
        raise click.BadParameter(
            f"{path.name} must map each of your column headers to a field name, one per line",
            param_hint="--columns",
        )
    unknown = sorted(v for v in data.values() if v not in KNOWN_KEYS)
    if unknown:
        raise click.BadParameter(
            f"{path.name}: unknown field names {', '.join(unknown)}", param_hint="--columns"
        )
    return data


def roster_options(func: F) -> F:
    """Add the options that read a roster: --encoding, --sheet, --columns."""
    func = click.option(
        "--columns",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        metavar="FILE",
        help="A YAML file mapping your own column headers to field names (Player: name).",
    )(func)
    func = click.option("--sheet", metavar="NAME", help="The sheet of an Excel roster. [default: the first]")(
        func
    )
    func = click.option(
        "--encoding",
        metavar="NAME",
        help="Text encoding of a CSV roster, e.g. cp1252 for Excel on Windows. [default: utf-8]",
    )(func)
    return func


def packet_options(func: F) -> F:
    """Add the options that shape a team packet: --duplex, --cover, --append."""
    func = click.option(
        "--append",
        "append_pdfs",
        multiple=True,
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        metavar="FILE.pdf",
        help="Add your own PDF at the end of the packet (repeat for more).",
    )(func)
    func = click.option(
        "--cover",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        metavar="FILE.pdf",
        help="Use your own PDF as the packet's cover.",
    )(func)
    func = click.option(
        "--duplex", is_flag=True, help="For double-sided printing: every athlete starts on a right-hand page."
    )(func)
    return func


def page_options(what: str) -> Callable[[F], F]:
    """Return a decorator adding --paper, --lang and --theme for a document that is not a handout."""

    def decorate(func: F) -> F:
        func = THEME(func)
        func = click.option(
            "--lang",
            "language",
            type=click.Choice(["en", "es"]),
            default="en",
            show_default=True,
            help=f"Language of the {what}.",
        )(func)
        func = PAPER(func)
        return func

    return decorate


class _Progress:
    """A progress bar on stderr, only for a person watching a terminal."""

    def __init__(self, total: int, quiet: bool) -> None:
        self.bar: Any = None
        if not quiet and sys.stderr.isatty() and total > 1:
            self.bar = click.progressbar(length=total, label="Making handouts", file=sys.stderr)
            self.bar.__enter__()

    def __call__(self, done: int) -> None:
        if self.bar is not None:
            self.bar.update(done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def _count_rows(path: Path, encoding: str | None, columns: dict[str, str] | None, sheet: str | None) -> int:
    from generator.inputs.roster import iter_records

    return sum(1 for _ in iter_records(path, encoding, columns, sheet))


@cli.command(context_settings=CONTEXT)
@click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--outdir",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder for the handouts (made if missing).",
)
@click.option(
    "--packet",
    "packet_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.pdf",
    help="Also write the team packet: cover, coach's report, contents and every handout.",
)
@packet_options
@handout_options
@roster_options
@click.option(
    "--dry-run", is_flag=True, help="Check the roster and show what would be written; write nothing."
)
@click.option("--limit", type=click.IntRange(min=1), metavar="N", help="Only the first N athletes.")
@click.option(
    "--only", metavar="NAME_OR_ID,...", help="Only these athletes (names or athlete ids, comma-separated)."
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
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no warnings; errors still show.")
def batch(
    roster: Path,
    outdir: Path,
    packet_path: Path | None,
    duplex: bool,
    cover: Path | None,
    append_pdfs: tuple[Path, ...],
    topic: str,
    paper: str,
    language: str | None,
    units: str | None,
    theme: Path | None,
    content_dir: Path | None,
    encoding: str | None,
    sheet: str | None,
    columns: Path | None,
    dry_run: bool,
    limit: int | None,
    only: str | None,
    jobs: int,
    password: str | None,
    password_column: str | None,
    private: bool,
    max_pdf_mb: float,
    quiet: bool,
) -> None:
    """Make a handout for every athlete of a roster, and optionally the team packet.

    ROSTER is a CSV or Excel (.xlsx) file with one athlete a row. A row with a problem is
    reported with its line and field (on screen and in OUTDIR/errors.csv) and the other
    rows are still made. Exit code 0 when every row worked, 1 when any failed.

    \b
    Example:
      handouts batch examples/roster.csv -o team --packet team/packet.pdf --duplex
      handouts batch roster.xlsx -o out --only "Maya Chen,RFC-07" --lang es
    """
    from generator.pdf import packet as packets
    from generator.runs.batch import Batch, BatchOptions

    if packet_path is None and (duplex or cover or append_pdfs):
        raise click.UsageError("--duplex, --cover and --append shape the packet: add --packet FILE.pdf")
    if password_column and packet_path and not password:
        raise click.UsageError(
            "--password-column locks each athlete's handout; the packet holds every athlete, so it "
            "needs --password too"
        )
    if password and password_column:
        raise click.UsageError(
            "--password and --password-column together: the handouts use --password-column, "
            "the packet --password; give --password only with --packet"
        )
    inputs = [
        ("the roster", roster),
        ("the cover", cover),
        *(("an --append file", p) for p in append_pdfs),
        ("the theme", theme),
        ("the --columns file", columns),
    ]
    refuse_overwrites([("the packet", packet_path), ("the error list", outdir / "errors.csv")], inputs)
    # Inputs and the packet inside OUTDIR keep their names: no athlete's handout takes one.
    reserved = frozenset(
        path.name
        for _, path in [*inputs, ("the packet", packet_path)]
        if path is not None and _same_file(path.parent, outdir)
    )
    column_map = _columns(columns)
    most = 2 * (os.cpu_count() or 1)
    if jobs > most:
        # More processes than that only share the same CPUs, and each holds its own memory.
        if not quiet:
            click.echo(f"Warning: --jobs {jobs} is more than this computer can use; using {most}.", err=True)
        jobs = most
    opts = BatchOptions(
        outdir=outdir,
        handout=make_options(topic, paper, language, units, theme, content_dir),
        packet=packet_path,
        packet_options=packets.Options(duplex, cover, append_pdfs, password, max_pdf_mb, private),
        dry_run=dry_run,
        limit=limit,
        only=tuple(o for o in (only or "").split(",") if o.strip()),
        jobs=jobs,
        encoding=encoding,
        sheet=sheet,
        columns=column_map,
        password=password if not password_column else None,
        password_column=password_column,
        private=private,
        reserved=reserved,
    )
    quiet_progress = quiet or dry_run or not sys.stderr.isatty()
    total = 0 if quiet_progress else limit or _count_rows(roster, encoding, column_map, sheet)
    progress = _Progress(total, quiet_progress)

    def planned(row: int, path: Path) -> None:
        click.echo(f"row {row}: {path}")

    try:
        outcome = Batch(roster, opts, progress, planned).run()
        if outcome.interrupted:
            # Stopping already: one more Ctrl-C must not cut the summary short.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
    finally:
        progress.close()
    if not quiet:
        for w in outcome.warnings:
            click.echo(f"Warning: {w}", err=True)
    for problem in outcome.failed:
        click.echo(f"Error: {problem}", err=True)
    if dry_run:
        if packet_path:
            click.echo(f"packet: {packet_path}")
        would, failed = outcome.planned, len(outcome.failed)
        click.echo(f"Dry run: {would} handouts would be written, {failed} rows have problems.", err=True)
    else:
        parts = [f"{len(outcome.written)} handouts ({outcome.pages} pages)", f"{len(outcome.failed)} failed"]
        if outcome.packet_pages:
            parts.append(f"packet {packet_path} ({outcome.packet_pages} pages)")
        elif packet_path and not outcome.interrupted and not outcome.written:
            parts.append("no packet: no handout was made")
        if outcome.failed and not any(u.startswith("no error list") for u in outcome.unwritten):
            parts.append(f"problems in {outdir / 'errors.csv'}")
        parts += outcome.unwritten
        click.echo(f"Done: {', '.join(parts)}, in {outcome.seconds:.1f} s.", err=True)
        if outcome.interrupted:
            not_made = f"{outcome.not_made} not made; " if outcome.not_made else ""
            click.echo(
                f"Stopped: {len(outcome.written)} finished handouts were kept in {outdir}; "
                f"{not_made}no half-written file was left.",
                err=True,
            )
            sys.exit(130)
    if outcome.failed or outcome.unwritten:
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument("roster", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the report PDF.",
)
@page_options("report")
@roster_options
@PASSWORD
@PRIVATE
def report(
    roster: Path,
    output: Path,
    paper: str,
    language: str,
    theme: Path | None,
    encoding: str | None,
    sheet: str | None,
    columns: Path | None,
    password: str | None,
    private: bool,
) -> None:
    """Make the coach's report: who needs attention, at a glance.

    A table of every athlete sorted by urgency (doctor first, then training load), the
    team's training-load spread, and a follow-up list of athletes to send to a doctor.
    Rows with problems are reported and left out.

    \b
    Example:
      handouts report examples/roster.csv -o report.pdf
    """
    from generator.inputs.roster import read_records
    from generator.layout.report import team_name, write_report
    from generator.rules.plan import make_plan
    from generator.runs.batch import BatchOptions, Selection
    from generator.runs.handout import HandoutMaker, Options

    refuse_overwrites(
        [("the report", output)],
        [("the roster", roster), ("the theme", theme), ("the --columns file", columns)],
    )
    _ready_folder(output.parent)
    opts = BatchOptions(outdir=output.parent, encoding=encoding, sheet=sheet, columns=_columns(columns))
    selection = Selection(read_records(roster, encoding, opts.columns, sheet).records, opts)
    warn(selection.warnings)
    for problem in selection.failed:
        click.echo(f"Error: {problem}", err=True)
    profiles = [a.profile for a in selection.athletes]
    if not profiles:
        raise click.ClickException("no athlete in the roster could be read; nothing to report")
    maker = HandoutMaker(Options(paper=paper, language=language, theme=theme))
    labels = maker.library.labels(language)
    plans = [make_plan(p) for p in profiles]
    pages = write_report(plans, maker, language, team_name(profiles, labels), output, password, private)
    failed = len(selection.failed)
    click.echo(f"Wrote {output} ({pages} pages, {len(profiles)} athletes, {failed} rows failed).", err=True)
    if selection.failed:
        sys.exit(1)


@cli.command(context_settings=CONTEXT)
@click.argument(
    "handouts", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path)
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Where to write the packet.",
)
@click.option("--team", default="", help="The team name for the cover.")
@page_options("cover and contents")
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
    duplex: bool,
    cover: Path | None,
    append_pdfs: tuple[Path, ...],
    password: str | None,
    private: bool,
    max_pdf_mb: float,
) -> None:
    """Put existing handout PDFs together into one print-ready packet.

    The packet gets a cover, a contents page, a bookmark per handout (with its topics) and
    page labels, in the order the files are given.

    \b
    Example:
      handouts packet team/*.pdf -o packet.pdf --team "Riverside FC" --duplex
    """
    from generator.content.library import handout_date, show_date
    from generator.layout.front import Front
    from generator.pdf import packet as packets
    from generator.runs.handout import HandoutMaker, Options

    refuse_overwrites(
        [("the packet", output)],
        [
            *(("one of the handouts to put together", p) for p in handouts),
            ("the cover", cover),
            *(("an --append file", p) for p in append_pdfs),
            ("the theme", theme),
        ],
    )
    maker = HandoutMaker(Options(paper=paper, language=language, theme=theme))
    labels = maker.library.labels(language)
    parts = packets.parts_of_files(list(handouts), max_pdf_mb)
    _ready_folder(output.parent)
    options = packets.Options(duplex, cover, append_pdfs, password, max_pdf_mb, private)
    book = packets.Packet(maker.front_pages(language), language, options)
    day = show_date(handout_date(), labels)
    book.prepare(Front(team or str(labels["packet"]["title"]), day, len(parts)))
    pages = book.write(output, parts)
    click.echo(f"Wrote {output} ({pages} pages, {len(parts)} handouts).", err=True)


def main(prog_name: str | None = None) -> None:
    """Run the command line."""
    # SIGTERM (a scheduler, `kill`, a closed session) stops a command the way Ctrl-C does, so
    # each command removes its working files on the way out.
    signal.signal(signal.SIGTERM, _stop)
    cli(prog_name=prog_name or "handouts")


def _stop(signum: int, frame: object) -> None:
    raise KeyboardInterrupt
