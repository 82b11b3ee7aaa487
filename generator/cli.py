"""The `handouts` command line: parses options, calls the core, and reports its errors.

Heavy libraries (reportlab, pypdf) are imported inside the commands that use them, so that
`handouts --help` starts at once.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
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
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort, KeyboardInterrupt):
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


def handout_options(func: F) -> F:
    """Add the options that shape a handout: topic, paper, language, units, theme, content."""
    func = click.option(
        "--content-dir",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        metavar="DIR",
        help="A folder of your own content files, searched before the built-in content.",
    )(func)
    func = click.option(
        "--theme",
        type=click.Path(exists=True, dir_okay=False, path_type=Path),
        metavar="FILE",
        help="A theme file (YAML) with your club's name, colours and logo.",
    )(func)
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
    func = click.option(
        "--paper",
        type=click.Choice(["a4", "letter"]),
        default="a4",
        show_default=True,
        help="Paper size.",
    )(func)
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
    from generator.content import TOPICS
    from generator.handout import Options

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
    from generator.plan import make_plan
    from generator.roster import load_one
    from generator.summary import plan_text

    check_selection(row, athlete_name)
    athlete, warnings = load_one(profile, row, athlete_name, encoding)
    warn(warnings)
    result = make_plan(athlete)
    if fmt == "json":
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
    from generator.handout import HandoutMaker
    from generator.names import file_stem
    from generator.roster import load_one

    check_selection(row, athlete_name)
    athlete, warnings = load_one(profile, row, athlete_name, encoding)
    warn(warnings)
    maker = HandoutMaker(make_options(topic, paper, language, units, theme, content_dir))
    if output is not None and str(output) == "-":
        made = maker.make(athlete)
        sys.stdout.buffer.write(made.pdf)
        sys.stdout.flush()
        target = "standard output"
    else:
        path = output or Path(file_stem(athlete.name, athlete.athlete_id) + ".pdf")
        made = maker.write(athlete, path)
        target = str(path)
    for message in made.warnings:
        click.echo(f"Warning: {message}", err=True)
    click.echo(f"Wrote {target} ({made.pages} pages, {made.language}).", err=True)


def main(prog_name: str | None = None) -> None:
    """Run the command line."""
    cli(prog_name=prog_name or "handouts")
