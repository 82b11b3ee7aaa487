"""The README's example commands still run."""

from __future__ import annotations

import os
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli
from tests.conftest import ROOT


def readme_commands() -> list[list[str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    commands = []
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            for part in line.split("&&"):
                words = shlex.split(part)
                if words and words[0] == "handouts":
                    commands.append(words[1:])
    return commands


def test_the_readme_has_examples() -> None:
    assert len(readme_commands()) >= 2


@pytest.mark.parametrize("args", readme_commands(), ids=" ".join)
def test_readme_example_runs(args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Run in an empty folder that links to the examples, so outputs land in tmp_path.
    monkeypatch.chdir(tmp_path)
    os.symlink(ROOT / "examples", tmp_path / "examples")
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output


def test_readme_python_example_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), flags=re.S)
    assert blocks
    monkeypatch.chdir(tmp_path)
    os.symlink(ROOT / "examples", tmp_path / "examples")
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {})
    assert (tmp_path / "zoe.pdf").is_file() and (tmp_path / "team" / "packet.pdf").is_file()
    pages, written, packet_pages = (int(n) for n in capsys.readouterr().out.split())
    assert pages == 2 and written == 24 and 48 < packet_pages <= 60
