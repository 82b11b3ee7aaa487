"""What the core can be asked to do: plain settings for a handout, a packet and a batch.

These are the requests `generator.api` takes, from the command line or from Python. They hold
only plain values and paths, and importing them loads no PDF library.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

TOPICS = ("prevention", "recovery", "doctor")
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

    topics: tuple[str, ...] = TOPICS
    paper: str = "a4"
    language: str | None = None
    units: str | None = None
    theme: Path | None = None
    content_dir: Path | None = None


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
    columns: Mapping[str, str] | None = None
    columns_file: Path | None = None  # where `columns` came from, so no output replaces it
    password: str | None = None
    password_column: str | None = None
    private: bool = False  # handouts readable by their owner only
    reserved: frozenset[str] = frozenset()  # file names in OUTDIR no handout may take (inputs, the packet)
