"""A PDF never replaces a file that is not a PDF, and a killed run's working files are swept by the next."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from tests.conftest import EXAMPLES


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.mark.parametrize(
    ("name", "data"),
    [("roster.csv", b"name\nAna\n"), ("logo.png", b"\x89PNG\r\n\x1a\n"), ("guide.en.md", b"---\ntitle: x\n")],
)
@pytest.mark.parametrize("command", ["make", "guide", "report", "packet", "batch"])
def test_no_pdf_replaces_a_file_that_is_not_a_pdf(
    tmp_path: Path, command: str, name: str, data: bytes
) -> None:
    target = tmp_path / name
    target.write_bytes(data)
    handout = tmp_path / "h.pdf"
    assert run("make", EXAMPLES / "athlete.yaml", "-o", handout).exit_code == 0
    args: dict[str, tuple[str | Path, ...]] = {
        "make": ("make", EXAMPLES / "athlete.yaml", "-o", target),
        "guide": ("guide", "-o", target),
        "report": ("report", EXAMPLES / "roster.csv", "-o", target),
        "packet": ("packet", handout, "-o", target),
        "batch": (
            "batch",
            EXAMPLES / "roster.csv",
            "-o",
            tmp_path / "out",
            "--packet",
            target,
            "--limit",
            "1",
        ),
    }
    result = run(*args[command])
    assert result.exit_code == 2, result.output
    assert "is a file that is not a PDF: it would be overwritten. Choose another file name." in result.output
    assert target.read_bytes() == data


def test_a_pdf_replaces_last_weeks_pdf(tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    assert run("guide", "-o", out).exit_code == 0
    assert run("guide", "-o", out, "--lang", "es").exit_code == 0
    assert out.read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("command", ["make", "guide"])
def test_a_killed_runs_working_file_is_removed_by_the_next_run(tmp_path: Path, command: str) -> None:
    # A working file named for a process that is gone (kill -9 left it), and one of a live run.
    dead = tmp_path / ".handouts-999999999-abcd.tmp"
    dead.write_bytes(b"%PDF-1.4 half of a handout")
    live = tmp_path / f".handouts-{os.getppid()}-abcd.tmp"
    live.write_bytes(b"%PDF-1.4 another run's")
    args = {"make": ("make", EXAMPLES / "athlete.yaml"), "guide": ("guide",)}[command]
    assert run(*args, "-o", tmp_path / "out.pdf").exit_code == 0
    assert not dead.exists() and live.exists()


def test_an_empty_file_may_be_replaced(tmp_path: Path) -> None:
    out = tmp_path / "guide.pdf"
    out.touch()
    assert run("guide", "-o", out).exit_code == 0
    assert out.read_bytes().startswith(b"%PDF-")


def test_on_windows_no_run_is_taken_for_dead(monkeypatch: pytest.MonkeyPatch) -> None:
    # Windows' os.kill(pid, 0) would send Ctrl-C to the console rather than ask.
    from generator.runs import files

    def no_kill(pid: int, signal: int) -> None:
        raise AssertionError("os.kill was called")

    monkeypatch.setattr(os, "name", "nt")
    monkeypatch.setattr(os, "kill", no_kill)
    assert files.alive(999_999_999)
