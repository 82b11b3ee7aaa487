"""The record of a run (manifest.csv) and a roster made in shards (--shard K/N)."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from click.testing import CliRunner, Result
from pypdf import PdfReader

from generator import __version__, resources
from generator.cli import cli
from tests.conftest import EXAMPLES


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def manifest(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


ROSTER = (
    "name,athlete_id,body_mass_kg,family_language,caffeine_mg_per_day\n"
    "Zoë Ñúñez,Z1,58,es,400\n"
    "Ben Okafor,=HYPERLINK(1),70,,\n"
    "Bad Row,B1,lots,,\n"
    "Ana Lima,A1,50,,\n"
)


def test_every_file_written_has_a_line_and_no_name_or_health_value(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", roster, "-o", out)
    assert result.exit_code == 1  # (the bad row)
    lines = manifest(out / "manifest.csv")
    assert list(lines[0]) == [
        "row", "athlete_id", "file", "language", "topics",
        "content_version", "tool_version", "date", "pages", "sha256",
    ]  # fmt: skip
    written = sorted(p.name for p in out.glob("*.pdf"))
    assert sorted(line["file"] for line in lines) == written  # the family copy too
    assert len(written) == 4
    for line in lines:
        data = (out / line["file"]).read_bytes()
        assert line["sha256"] == hashlib.sha256(data).hexdigest()
        assert int(line["pages"]) == len(PdfReader(out / line["file"]).pages)
        assert line["tool_version"] == __version__ and len(line["date"]) == 10
        assert len(line["content_version"]) == 16 and "hydration" in line["topics"]
    by_file = {line["file"]: line for line in lines}
    assert (
        by_file["zoe-nunez-z1.es.pdf"]["language"] == "es" and by_file["zoe-nunez-z1.pdf"]["language"] == "en"
    )
    assert by_file["zoe-nunez-z1.pdf"]["row"] == "2" and "caffeine" in by_file["zoe-nunez-z1.pdf"]["topics"]
    english = {line["content_version"] for line in lines if line["language"] == "en"}
    assert len(english) == 1 and english != {by_file["zoe-nunez-z1.es.pdf"]["content_version"]}
    text = (out / "manifest.csv").read_text(encoding="utf-8-sig")
    # No name as written, no body mass, no caffeine figure, no level of care. (The file's name
    # is the one written, from the athlete's name in Latin letters: how the file is found.)
    shown = [v for line in lines for k, v in line.items() if k not in ("sha256", "content_version", "file")]
    for private in ("Zoë", "Ñúñez", "Okafor", "58", "400", "over_limit", "triage", "routine"):
        assert not any(private in value for value in shown), private
    assert "'=HYPERLINK(1)" in text  # a cell never runs as a formula in a spreadsheet
    assert "3," not in text.split("\n", 1)[1][:2]  # the bad row made no file, and has no line


def test_the_content_version_changes_with_the_content(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("name,athlete_id\nAna,A1\n", encoding="utf-8")
    assert run("batch", roster, "-o", tmp_path / "a").exit_code == 0
    club = tmp_path / "club"
    club.mkdir()
    plan = (resources.content_dir() / "plan.en.md").read_text(encoding="utf-8")
    (club / "plan.en.md").write_text(plan.replace("Pale yellow is fine.", "Pale yellow is good."), "utf-8")
    assert run("batch", roster, "-o", tmp_path / "b", "--content-dir", club).exit_code == 0
    before = manifest(tmp_path / "a" / "manifest.csv")[0]["content_version"]
    after = manifest(tmp_path / "b" / "manifest.csv")[0]["content_version"]
    assert before != after


def test_shards_make_every_row_once_with_the_names_of_a_whole_run(tmp_path: Path) -> None:
    whole = tmp_path / "whole"
    assert run("batch", EXAMPLES / "roster.csv", "-o", whole).exit_code == 0
    out = tmp_path / "shared"
    for k in (1, 2, 3):  # three machines, one folder
        result = run("batch", EXAMPLES / "roster.csv", "-o", out, "--shard", f"{k}/3")
        assert result.exit_code == 0, result.output
        assert "Done: 8 handouts" in result.output
    lines = [line for k in (1, 2, 3) for line in manifest(out / f"manifest.{k}-of-3.csv")]
    assert sorted(line["row"] for line in lines) == sorted(
        line["row"] for line in manifest(whole / "manifest.csv")
    )
    assert len({line["row"] for line in lines}) == len(lines) == 24  # each row once
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(p.name for p in whole.glob("*.pdf"))
    assert not (out / "manifest.csv").exists()


def test_a_bad_row_is_reported_by_its_own_shard_only(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("name,age\nAna,15\nBad,old\nCy,16\nDee,17\n", encoding="utf-8")
    first = run("batch", roster, "-o", tmp_path / "o", "--shard", "1/2")
    second = run("batch", roster, "-o", tmp_path / "o", "--shard", "2/2")
    assert first.exit_code == 0 and "line 3" not in first.output  # rows 1 and 3: Ana, Cy
    assert second.exit_code == 1 and "line 3, age" in second.output  # rows 2 and 4: Bad, Dee
    assert (tmp_path / "o" / "errors.2-of-2.csv").is_file() and not (
        tmp_path / "o" / "errors.1-of-2.csv"
    ).exists()


def test_a_shard_that_makes_no_sense_is_refused(tmp_path: Path) -> None:
    for wrong in ("0/3", "4/3", "2", "a/b", "2/0"):
        result = run("batch", EXAMPLES / "roster.csv", "-o", tmp_path / "o", "--shard", wrong)
        assert result.exit_code == 2 and "--shard" in result.output, (wrong, result.output)
    packet = run(
        "batch",
        EXAMPLES / "roster.csv",
        "-o",
        tmp_path / "o",
        "--shard",
        "1/2",
        "--packet",
        tmp_path / "p.pdf",
    )
    assert packet.exit_code == 2 and "handouts packet" in packet.output
    assert not (tmp_path / "o").exists() or not list((tmp_path / "o").glob("*.pdf"))


def test_each_run_adds_its_lines_so_the_record_keeps_every_run(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("name,athlete_id\nAna,A1\nBo,B2\n", encoding="utf-8")
    out = tmp_path / "out"
    assert run("batch", roster, "-o", out).exit_code == 0
    assert run("batch", roster, "-o", out, "--only", "A1", "--lang", "es").exit_code == 0
    lines = manifest(out / "manifest.csv")
    assert [(line["file"], line["language"]) for line in lines] == [
        ("ana-a1.pdf", "en"),
        ("bo-b2.pdf", "en"),
        ("ana-a1.pdf", "es"),  # this week's: the file on disk now
    ]
    text = (out / "manifest.csv").read_text(encoding="utf-8-sig")
    assert text.count("row,athlete_id,file") == 1  # one header


def test_a_manifest_that_is_not_ours_or_is_a_link_is_left_alone(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("name\nAna\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "manifest.csv").write_text("my own,notes\n1,2\n", encoding="utf-8")
    result = run("batch", roster, "-o", out)
    assert "no manifest: manifest.csv is not a record this tool wrote" in result.output
    assert (out / "manifest.csv").read_text(encoding="utf-8") == "my own,notes\n1,2\n"
    target = tmp_path / "elsewhere.csv"
    target.write_text("keep me\n", encoding="utf-8")
    (out / "manifest.csv").unlink()
    (out / "manifest.csv").symlink_to(target)
    linked = run("batch", roster, "-o", out)
    assert "no manifest: manifest.csv is a link" in linked.output
    assert target.read_text(encoding="utf-8") == "keep me\n"


def test_runs_adding_to_the_record_at_once_keep_one_header_and_every_line(tmp_path: Path) -> None:
    import os
    from concurrent.futures import ThreadPoolExecutor

    from generator.runs.files import append_record

    path = tmp_path / "manifest.csv"
    header = ",".join(("row", "athlete_id", "file")) + "\r\n"
    with ThreadPoolExecutor(8) as pool:
        done = list(
            pool.map(lambda n: append_record(path, header, f"{n},A{n},f{n}.pdf\r\n", False), range(40))
        )
    assert done == [None] * 40
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines.count("row,athlete_id,file") == 1 and len(lines) == 41
    fifo = tmp_path / "fifo.csv"
    os.mkfifo(fifo)
    assert (
        append_record(fifo, header, "1,A1,f.pdf\r\n", False)
        == "fifo.csv is not a plain file: it was left as it is"
    )
