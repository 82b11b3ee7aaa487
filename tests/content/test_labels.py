"""Labels are checked when they are loaded: a club's file missing a label is named with its key."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator import resources
from generator.cli import cli
from generator.content.labels import Labels, checked, problems
from generator.content.library import Library
from generator.errors import ContentError
from tests.conftest import EXAMPLES


def builtin(language: str = "en") -> dict:  # type: ignore[type-arg]
    data = yaml.safe_load((resources.content_dir() / f"labels.{language}.yaml").read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def club(tmp_path: Path, data: object, language: str = "en") -> Path:
    folder = tmp_path / "club"
    folder.mkdir(exist_ok=True)
    (folder / f"labels.{language}.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
    )
    return folder


def test_our_own_labels_have_the_same_shape_in_every_language() -> None:
    assert problems(builtin("es"), builtin("en")) == []


def test_a_club_file_missing_a_label_is_refused_with_the_file_and_the_key(tmp_path: Path) -> None:
    data = builtin()
    del data["report"]["title"]
    folder = club(tmp_path, data)
    with pytest.raises(ContentError) as caught:
        Library([folder, resources.content_dir()]).labels("en")
    assert str(caught.value) == f"labels.en.yaml in {folder}: report.title is missing"


def test_every_problem_of_a_club_file_is_listed_at_once(tmp_path: Path) -> None:
    data = builtin()
    data["months"] = data["months"][:11]
    data["packet"] = "Team packet"
    data["decimal_comma"] = "no"
    data["triage"]["emergency"]["do"] = []
    found = problems(data, builtin())
    assert "months should have 12 entries, not 11" in found
    assert "packet should be a group of labels, not text" in found
    assert "decimal_comma should be yes or no, not text" in found
    assert "triage.emergency.do should not be empty" in found
    with pytest.raises(ContentError) as caught:
        checked(data, builtin(), "labels.en.yaml")
    assert str(caught.value).startswith(f"labels.en.yaml: {len(found)} labels are missing or wrong:\n  ")


def test_a_file_that_is_not_labels_at_all_says_so(tmp_path: Path) -> None:
    assert problems(["a", "list"], builtin()) == ["the file should be a group of labels, not a list"]


def test_a_club_may_reword_any_label(tmp_path: Path) -> None:
    data = builtin()
    data["report"]["title"] = "Who needs a check"
    labels = Library([club(tmp_path, data), resources.content_dir()]).labels("en")
    assert isinstance(labels, Labels) and labels.text("report", "title") == "Who needs a check"


def test_a_missing_label_stops_a_batch_once_with_a_clear_error(tmp_path: Path) -> None:
    data = builtin()
    del data["packet"]["contents"]
    folder = club(tmp_path, data)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli,
        [
            "batch",
            str(EXAMPLES / "roster.csv"),
            "-o",
            str(out),
            "--packet",
            str(out / "p.pdf"),
            "--content-dir",
            str(folder),
        ],
    )
    assert result.exit_code == 1
    assert "unexpected problem" not in result.output and "KeyError" not in result.output
    assert f"labels.en.yaml in {folder}: packet.contents is missing" in result.output
    assert not list(out.glob("*.pdf"))


def test_a_spanish_club_file_is_checked_against_our_spanish_labels(tmp_path: Path) -> None:
    data = builtin("es")
    del data["footer"]
    with pytest.raises(ContentError, match=r"labels.es.yaml in .*: footer is missing"):
        Library([club(tmp_path, data, "es"), resources.content_dir()]).labels("es")


def test_lists_of_steps_may_be_longer_or_shorter_than_ours(tmp_path: Path) -> None:
    data = builtin()
    data["triage"]["emergency"]["do"].append("Keep this handout with you.")
    data["triage"]["soon"]["do"] = data["triage"]["soon"]["do"][:1]
    assert problems(data, builtin()) == []
    data["charts"]["acwr_bands"] = ["Low", "OK", "High"]  # read by position: four are needed
    assert problems(data, builtin()) == ["charts.acwr_bands should have 4 entries, not 3"]


def test_a_count_written_as_one_text_is_still_taken(tmp_path: Path) -> None:
    # Older labels files have "packet.athletes: '{count} athletes'" for both forms.
    data = builtin()
    data["packet"]["athletes"] = "{count} players"
    labels = Library([club(tmp_path, data), resources.content_dir()]).labels("en")
    assert labels.locale.count(labels["packet"]["athletes"], 3) == "3 players"


@pytest.mark.parametrize(
    ("path", "value", "problem"),
    [
        (("report", "title"), 5, "report.title should be text, not a number"),
        (("packet", "coach_report"), 3, "packet.coach_report should be text, not a number"),
        (("for",), "", "for should not be empty"),
        (("months",), [None] * 12, "months should be a list of texts"),
        (("months",), list(range(12)), "months should be a list of texts"),
        (("pour", "metric"), "glass(es)", "pour.metric should be a group of labels, not text"),
        (("report", "levels", "routine"), "words " * 300, "report.levels.routine is 1800 characters long"),
    ],
)
def test_labels_that_would_break_a_handout_are_refused_when_loaded(
    path: tuple[str, ...], value: object, problem: str
) -> None:
    data = builtin()
    place = data
    for key in path[:-1]:
        place = place[key]
    place[path[-1]] = value
    assert any(p.startswith(problem) for p in problems(data, builtin())), problems(data, builtin())


def test_a_number_as_a_label_stops_the_batch_with_a_clear_error(tmp_path: Path) -> None:
    data = builtin()
    data["report"]["title"] = 5
    folder = club(tmp_path, data)
    out = tmp_path / "out"
    args = ["batch", str(EXAMPLES / "roster.csv"), "-o", str(out), "--packet", str(out / "p.pdf")]
    result = CliRunner().invoke(cli, [*args, "--content-dir", str(folder)])
    assert result.exit_code == 1
    assert "report.title should be text, not a number" in result.output and "unexpected" not in result.output


def test_a_labels_file_that_is_not_utf8_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "club"
    folder.mkdir()
    text = (resources.content_dir() / "labels.es.yaml").read_text(encoding="utf-8")
    (folder / "labels.es.yaml").write_bytes(text.encode("latin-1", "replace"))
    with pytest.raises(ContentError, match=r"labels.es.yaml in .*: not UTF-8 text; save it as UTF-8"):
        Library([folder, resources.content_dir()]).labels("es")


def test_the_report_and_the_packet_command_take_a_clubs_labels(tmp_path: Path) -> None:
    from tests.pdfs import page_texts

    data = builtin()
    data["report"]["title"] = "Who needs a check"
    data["packet"]["title"] = "Weekly packet"
    folder = club(tmp_path, data)
    report = tmp_path / "r.pdf"
    result = CliRunner().invoke(
        cli, ["report", str(EXAMPLES / "roster.csv"), "-o", str(report), "--content-dir", str(folder)]
    )
    assert result.exit_code == 0, result.output
    assert page_texts(report)[0].startswith("Who needs a check")
    one = tmp_path / "one.pdf"
    assert CliRunner().invoke(cli, ["make", str(EXAMPLES / "athlete.yaml"), "-o", str(one)]).exit_code == 0
    packet = tmp_path / "p.pdf"
    result = CliRunner().invoke(cli, ["packet", str(one), "-o", str(packet), "--content-dir", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Weekly packet" in page_texts(packet)[0]
