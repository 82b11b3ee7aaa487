"""No output replaces an input or another output of the same run, however the path is spelled.

Each case copies its inputs into a fresh folder, tries the overwrite as a tired office worker
would type it, and checks the refusal, the exit code and that every input is byte for byte
what it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from generator.cli import cli
from tests.conftest import EXAMPLES


def run(*args: str | Path, cwd: Path) -> Result:
    old = Path.cwd()
    os.chdir(cwd)
    try:
        return CliRunner().invoke(cli, [str(a) for a in args])
    finally:
        os.chdir(old)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copy(EXAMPLES / "roster.csv", tmp_path / "roster.csv")
    shutil.copy(EXAMPLES / "athlete.yaml", tmp_path / "athlete.yaml")
    (tmp_path / "team").mkdir()
    return tmp_path


def refused(result: Result, says: str) -> None:
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["batch", "roster.csv", "-o", "team", "--packet", "roster.csv"],
        ["batch", "roster.csv", "-o", "team", "--packet", "./team/../roster.csv"],
        ["report", "roster.csv", "-o", "roster.csv"],
        ["report", "roster.csv", "-o", "link.csv"],  # a symlink to the roster
        ["report", "roster.csv", "-o", "hard.csv"],  # a hard link to the roster
    ],
    ids=["packet", "packet-spelled-otherwise", "report", "symlink", "hard-link"],
)
def test_a_roster_is_never_overwritten(folder: Path, args: list[str]) -> None:
    (folder / "link.csv").symlink_to(folder / "roster.csv")
    os.link(folder / "roster.csv", folder / "hard.csv")
    before = digest(folder / "roster.csv")
    refused(run(*args, cwd=folder), "is also the roster: it would be overwritten")
    assert digest(folder / "roster.csv") == before
    assert list((folder / "team").iterdir()) == []  # refused before any work


def test_a_profile_is_never_overwritten(folder: Path) -> None:
    before = digest(folder / "athlete.yaml")
    refused(run("make", "athlete.yaml", "-o", "athlete.yaml", cwd=folder), "is also the profile")
    assert digest(folder / "athlete.yaml") == before


def test_make_refuses_its_theme_as_output(folder: Path) -> None:
    (folder / "club.yaml").write_text("colors:\n  accent: '#123456'\n", encoding="utf-8")
    result = run("make", "athlete.yaml", "-o", "club.yaml", "--theme", "club.yaml", cwd=folder)
    refused(result, "is also the theme")


def test_packet_does_not_swallow_its_own_earlier_packet(folder: Path) -> None:
    first = run(
        "batch", "roster.csv", "-o", "team", "--limit", "2", "--packet", "team/packet.pdf", cwd=folder
    )
    assert first.exit_code == 0, first.output
    before = digest(folder / "team" / "packet.pdf")
    handouts = sorted((folder / "team").glob("*.pdf"))  # what team/*.pdf expands to
    result = run("packet", *handouts, "-o", "team/packet.pdf", cwd=folder)
    refused(result, "is also one of the handouts to put together")
    assert digest(folder / "team" / "packet.pdf") == before


def test_packet_refuses_its_cover_as_output(folder: Path) -> None:
    made = run("make", "athlete.yaml", "-o", "team/a.pdf", cwd=folder)
    assert made.exit_code == 0, made.output
    shutil.copy(folder / "team" / "a.pdf", folder / "cover.pdf")
    result = run("packet", "team/a.pdf", "--cover", "cover.pdf", "-o", "cover.pdf", cwd=folder)
    refused(result, "is also the cover")


def test_packet_and_error_list_cannot_be_one_file(folder: Path) -> None:
    result = run("batch", "roster.csv", "-o", "team", "--packet", "team/errors.csv", cwd=folder)
    refused(result, "the packet and the error list are the same file")


def test_a_packet_named_like_a_handout_keeps_both(folder: Path) -> None:
    # Zoë Ñúñez, RFC-01, is the first row: her handout would be team/zoe-nunez-rfc-01.pdf.
    args = ["batch", "roster.csv", "-o", "team", "--limit", "2", "--packet", "team/zoe-nunez-rfc-01.pdf"]
    result = run(*args, cwd=folder)
    assert result.exit_code == 0, result.output
    packet = PdfReader(folder / "team" / "zoe-nunez-rfc-01.pdf")
    assert packet.outline[0].title == "Team packet"  # type: ignore[union-attr]
    handout = PdfReader(folder / "team" / "zoe-nunez-rfc-01-2.pdf")
    assert "Zoë Ñúñez" in handout.pages[0].extract_text()


def test_an_input_pdf_inside_outdir_keeps_its_name(folder: Path) -> None:
    made = run("make", "athlete.yaml", "-o", "team/zoe-nunez-rfc-01.pdf", cwd=folder)
    assert made.exit_code == 0, made.output
    before = digest(folder / "team" / "zoe-nunez-rfc-01.pdf")
    args = ["batch", "roster.csv", "-o", "team", "--limit", "1", "--packet", "team/p.pdf"]
    result = run(*args, "--append", "team/zoe-nunez-rfc-01.pdf", cwd=folder)
    assert result.exit_code == 0, result.output
    assert digest(folder / "team" / "zoe-nunez-rfc-01.pdf") == before
    assert (folder / "team" / "zoe-nunez-rfc-01-2.pdf").exists()


def test_a_file_kept_from_replacing_stays_whole_even_when_it_appears_mid_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.runs import files

    target = tmp_path / "zoe.pdf"
    files.write_atomically(target, b"first", replace=False)
    assert target.read_bytes() == b"first"
    # Another run wrote the name between our check and our write: still not replaced.
    with pytest.raises(files.FileExists):
        files.write_atomically(target, b"second", replace=False)
    assert target.read_bytes() == b"first" and sorted(tmp_path.iterdir()) == [target]

    # A disk without hard links (a FAT memory stick) checks, then renames.
    def no_links(source: object, destination: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    with pytest.raises(files.FileExists):
        files.write_atomically(target, b"third", replace=False)
    files.write_atomically(tmp_path / "new.pdf", b"fourth", replace=False)
    assert (tmp_path / "new.pdf").read_bytes() == b"fourth" and target.read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.pdf", "zoe.pdf"]  # no temporary file
    # A dangling link under the name counts as a file there.
    (tmp_path / "link.pdf").symlink_to(tmp_path / "nowhere.pdf")
    with pytest.raises(files.FileExists):
        files.write_atomically(tmp_path / "link.pdf", b"fifth", replace=False)
