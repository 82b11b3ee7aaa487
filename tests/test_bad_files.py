"""A corpus of real-world bad inputs (tests/data/bad/): each gives its exact error or result,
and no command ever answers any of them with a traceback."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import cli

BAD = Path(__file__).parent / "data" / "bad"
EXPECTED: dict[str, str] = yaml.safe_load((BAD / "expected.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The corpus, plus the file too big to keep in the repository: a 10 MB note cell."""
    folder = tmp_path_factory.mktemp("bad")
    for file in BAD.iterdir():
        shutil.copy(file, folder / file.name)
    (folder / "huge_note.csv").write_text(
        "name,notes\nAna," + "x" * (10 * 1024 * 1024) + "\n", encoding="utf-8"
    )
    return folder


def test_every_expected_file_is_in_the_corpus() -> None:
    kept = {p.name for p in BAD.iterdir()} - {"expected.yaml"}
    assert set(EXPECTED) - {"huge_note.csv"} <= kept
    assert len(kept) >= 13


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_bad_file_gives_its_exact_answer(corpus: Path, name: str) -> None:
    result = CliRunner().invoke(cli, ["plan", str(corpus / name)])
    if EXPECTED[name] == "ok":
        assert result.exit_code == 0, result.output
        assert result.output.startswith("Plan for ")
    else:
        assert result.exit_code == 1
        assert result.output == f"Error: {EXPECTED[name]}\n"


def _commands(file: Path, out: Path) -> list[list[str]]:
    if file.suffix == ".pdf":
        return [["packet", str(file), "-o", str(out / "p.pdf")]]
    commands = [
        ["plan", str(file)],
        ["make", str(file), "-o", str(out / "h.pdf")],
        [
            "batch",
            str(file),
            "-o",
            str(out / "batch"),
            "--jobs",
            "1",
            "--packet",
            str(out / "batch" / "p.pdf"),
        ],
    ]
    if file.suffix in (".csv", ".xlsx"):
        commands.append(["report", str(file), "-o", str(out / "r.pdf")])
    return commands


@pytest.mark.parametrize(
    "name", sorted({p.name for p in BAD.iterdir()} - {"expected.yaml"} | {"huge_note.csv"})
)
def test_no_command_answers_a_bad_file_with_a_traceback(corpus: Path, tmp_path: Path, name: str) -> None:
    for args in _commands(corpus / name, tmp_path):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code in (0, 1), (args, result.output)
        assert "Traceback" not in result.output and "unexpected problem" not in result.output, (
            args,
            result.output,
        )
        if result.exit_code == 1:
            assert result.output.startswith(("Error: ", "Warning: ")), result.output
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".handouts-")]
    assert leftovers == []
