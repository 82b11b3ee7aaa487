"""What the core can be asked to do: plain settings for a handout, a packet and a batch.

These are the requests `generator.api` takes, from the command line or from Python. They hold
only plain values and paths, and importing them loads no PDF library.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.errors import UsageProblem

PAPERS = ("a4", "letter")
UNITS = ("metric", "imperial")
# The handouts' languages: English, then the languages US school families read most after it
# (Spanish, Chinese, Vietnamese, Portuguese; NCES, English learners by home language).
LANGUAGES = ("en", "es", "pt", "vi", "zh", "ar")
MAX_PDF_MB = 50  # the largest outside PDF (a club's cover or appendix) taken by default

# AES-256 (revision 6) uses at most 127 bytes of a password, in UTF-8; a longer one makes a
# file that readers cannot open.
PASSWORD_MAX_BYTES = 127


def password_problem(password: str) -> str | None:
    """Return why a password cannot lock a PDF, or None when it can."""
    if not password.strip():
        return "is empty: give a password, or leave the option out for unlocked PDFs"
    if len(password.encode("utf-8", "surrogatepass")) > PASSWORD_MAX_BYTES:
        return (
            f"is too long: at most {PASSWORD_MAX_BYTES} bytes (a plain letter is one byte, "
            "an accented letter or another script two to four)"
        )
    return None


@dataclass(frozen=True)
class HandoutOptions:
    """How to make handouts; None means "take it from the athlete's profile"."""

    paper: str = "a4"
    language: str | None = None
    units: str | None = None
    theme: Path | None = None
    content_dir: Path | None = None
    with_guide: bool = False  # a single handout followed by the team guide
    tagged: bool = True  # tagged for screen readers (PDF/UA-1); batch --untagged turns it off
    font_dirs: Sequence[Path] = ()  # more fonts, searched before the system's, for other scripts
    allow_missing_glyphs: bool = False  # print a placeholder for text no font can print

    def __post_init__(self) -> None:
        _paths(self, "theme", "content_dir")
        if isinstance(self.font_dirs, str | os.PathLike) or not all(
            isinstance(d, str | os.PathLike) for d in self.font_dirs
        ):
            raise UsageProblem("font_dirs: expected a list of folder paths")
        object.__setattr__(self, "font_dirs", tuple(Path(d) for d in self.font_dirs))
        _one_of("paper", self.paper, PAPERS)
        _one_of("units", self.units, UNITS, missing_ok=True)
        _one_of("language", self.language, LANGUAGES, missing_ok=True)


@dataclass(frozen=True)
class PacketOptions:
    """How a team packet is shaped and locked."""

    duplex: bool = False
    cover: Path | None = None
    append: Sequence[Path] = ()
    password: str | None = None
    max_pdf_mb: float = MAX_PDF_MB
    private: bool = False
    spool: Path | None = None  # where the packet grows while it is made (default: the temp folder)
    guide: bool = True  # the team guide, once, after the contents

    def __post_init__(self) -> None:
        _paths(self, "cover", "spool")
        if isinstance(self.append, str | os.PathLike):
            raise UsageProblem("append: give a list of PDF files")
        object.__setattr__(self, "append", tuple(Path(p) for p in self.append))
        if not self.max_pdf_mb > 0:
            raise UsageProblem(f"max_pdf_mb: must be more than 0, not {self.max_pdf_mb!r}")


@dataclass(frozen=True)
class BatchOptions:
    """Everything `handouts batch` was asked to do."""

    outdir: Path
    handout: HandoutOptions = field(default_factory=HandoutOptions)
    packet: Path | None = None
    packet_options: PacketOptions = field(default_factory=PacketOptions)
    dry_run: bool = False
    limit: int | None = None
    only: tuple[str, ...] = ()
    jobs: int = 1
    encoding: str | None = None
    sheet: str | None = None
    header_row: int | None = None  # the row that names the columns (None: the first that does)
    log: Path | None = None  # a training log: the 7- and 28-day loads come from its sessions
    as_of: dt.date | None = None  # the day the log's loads are taken at (None: its last day)
    columns: Mapping[str, str] | None = None
    columns_file: Path | None = None  # where `columns` came from, so no output replaces it
    password: str | None = None
    password_column: str | None = None
    private: bool = False  # handouts readable by their owner only
    reserved: frozenset[str] = frozenset()  # file names in OUTDIR no handout may take (inputs, the packet)
    team: str = ""  # the team's name for the packet's cover and report (default: the club's, or the roster's)
    # This run's share of the roster, (K, N): the rows K, K + N, K + 2N... of the N shards.
    shard: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        _paths(self, "outdir", "packet", "columns_file", "log")
        if self.shard is not None:
            k, n = self.shard if isinstance(self.shard, tuple) and len(self.shard) == 2 else (0, 0)
            if not (isinstance(k, int) and isinstance(n, int) and 1 <= k <= n):
                raise UsageProblem(f"shard: give (K, N) with 1 <= K <= N, not {self.shard!r}")
            if self.packet is not None:
                raise UsageProblem(
                    "shard: a packet is the whole team's; make each shard's handouts without one, "
                    "then put them together with `handouts packet`"
                )
        if not isinstance(self.jobs, int) or self.jobs < 1:
            raise UsageProblem(f"jobs: must be 1 or more, not {self.jobs!r}")
        if self.limit is not None and (not isinstance(self.limit, int) or self.limit < 1):
            raise UsageProblem(f"limit: must be 1 or more, not {self.limit!r}")
        if isinstance(self.only, str) or not all(isinstance(o, str) for o in self.only):
            raise UsageProblem("only: give a list of names or athlete ids")
        if problem := team_problem(self.team):
            raise UsageProblem(f"the team name {problem}")


MAX_TEAM = 200  # as long as any text field of a profile may be


def team_problem(team: str) -> str | None:
    """Return why a team name given for a cover, report or guide cannot be used, or None."""
    if not isinstance(team, str):
        return f"give the team's name as text, not {type(team).__name__}"
    if len(team) > MAX_TEAM:
        return f"is {len(team)} characters long; at most {MAX_TEAM} are allowed"
    return None


def _paths(options: Any, *names: str) -> None:
    """Take a path given as text ("team/out") as a Path; refuse anything else."""
    for name in names:
        value = getattr(options, name)
        if value is None and name != "outdir":
            continue
        if not isinstance(value, str | os.PathLike):
            raise UsageProblem(f"{name}: expected a file or folder path, not {type(value).__name__}")
        object.__setattr__(options, name, Path(value))


def _one_of(name: str, value: object, allowed: Sequence[str], missing_ok: bool = False) -> None:
    if value is None and missing_ok:
        return
    if value not in allowed:
        raise UsageProblem(f"{name}: give one of {', '.join(allowed)}, not {value!r}")
