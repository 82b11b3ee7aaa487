"""Break-it cases: what a careless office worker or a hostile file does to a whole run.

Each test reproduces one class of failure found by attacking the tool, with inputs written
here, and checks the promise the README makes: good rows still come out, a bad row is named
by its line and field, and nothing about one athlete ends up in another's handout.
"""

from __future__ import annotations

import errno
import itertools
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import cli, main
from generator.pdf.outside import MOST_BOOKMARKS
from generator.runs import files as workfiles

ROOT = Path(__file__).parents[1]

HEADER = "name,age,body_mass_kg,cramps,dark_urine\n"


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def test_a_stray_quote_never_puts_two_athletes_in_one_handout(tmp_path: Path) -> None:
    roster = tmp_path / "team.csv"
    # Ana's mass opens a quote that Cy's row would close: once, Ana's handout held Bo and Cy.
    roster.write_text(
        HEADER
        + 'Ana Lopez,16,"55,no,no\n'
        + "Bo Chen,15,60,yes,no\n"
        + 'Cy Diallo,17,"70",no,yes\n'
        + "Dee Ito,14,50,no,no\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(tmp_path / "out"), "--quiet"])
    assert result.exit_code == 1, result.output
    assert "line 2" in result.output and "body_mass_kg" in result.output
    assert "Traceback" not in result.output
    written = sorted(p.name for p in (tmp_path / "out").glob("*.pdf"))
    assert written == ["bo-chen-row3.pdf", "cy-diallo-row4.pdf", "dee-ito-row5.pdf"]
    for pdf in (tmp_path / "out").glob("*.pdf"):
        text = pdf_text(pdf)
        others = [n for n in ("Ana", "Bo Chen", "Cy Diallo", "Dee Ito") if n in text]
        assert len(others) == 1, (pdf.name, others)


def test_a_club_label_cannot_reach_into_python(tmp_path: Path) -> None:
    club = tmp_path / "club"
    club.mkdir()
    labels = (ROOT / "handouts" / "labels.en.yaml").read_text(encoding="utf-8")
    labels = labels.replace('for: "For {name}"', 'for: "For {name} {name.__class__} {name[0]}"')
    labels = labels.replace(
        'page_of: "Page {page} of {pages}"', 'page_of: "Page {page} of {pages:>99999999}"'
    )
    (club / "labels.en.yaml").write_text(labels, encoding="utf-8")
    profile = tmp_path / "ana.yaml"
    profile.write_text("name: Ana Lopez\nage: 16\nbody_mass_kg: 55\n", encoding="utf-8")
    out = tmp_path / "ana.pdf"
    result = CliRunner().invoke(cli, ["make", str(profile), "-o", str(out), "--content-dir", str(club)])
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "For Ana Lopez {name.__class__} {name[0]}" in text
    assert "<class" not in text
    assert "{pages:>99999999}" in text.replace("\n", "")


ROOT = Path(__file__).parents[1]


def club_topic(folder: Path, body: str) -> Path:
    """Write a club's page 1 (the plan): the built-in front matter with `body` after it."""
    folder.mkdir(exist_ok=True)
    text = (ROOT / "handouts" / "plan.en.md").read_text(encoding="utf-8")
    front = text[: text.index("\n---\n") + 5]
    (folder / "plan.en.md").write_text(front + body, encoding="utf-8")
    return folder


def make_with(tmp_path: Path, *options: str) -> tuple[int, str, Path]:
    profile = tmp_path / "ana.yaml"
    profile.write_text("name: Ana Lopez\nage: 16\nbody_mass_kg: 55\n", encoding="utf-8")
    out = tmp_path / "ana.pdf"
    result = CliRunner().invoke(cli, ["make", str(profile), "-o", str(out), *options])
    return result.exit_code, result.output, out


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "seconds"),
        ("{{ 'a' * 1000000000 }}", "repetition"),
        ("{{ '{:>999999999}'.format(1) }}", "memory"),
        ("{{ 'x' | center(999999999) }}", "memory"),
        ("{{ '%0999999999d' % 1 }}", "memory"),
        ("{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(1) }}", "too deeply"),
        ("{% for i in range(1000) %}{{ 'abc' * 10000 }}{% endfor %}", "characters"),
        ("{{ 10 ** 100000000 }}", "power"),
    ],
)
def test_club_content_runs_under_limits_and_names_its_line(tmp_path: Path, body: str, expected: str) -> None:
    club = club_topic(tmp_path / "club", "Line one.\n" + body + "\n")
    code, output, out = make_with(tmp_path, "--content-dir", str(club))
    assert code != 0
    assert "plan.en.md" in output and expected in output, output
    assert "Traceback" not in output and not out.exists()


def test_a_content_error_never_quotes_the_athletes_values(tmp_path: Path) -> None:
    club = club_topic(tmp_path / "club", "Hello.\n{{ n[p.name] }} {{ [1][p.age] }}\n")
    code, output, _ = make_with(tmp_path, "--content-dir", str(club))
    assert code != 0 and "plan.en.md, line" in output, output
    assert "Ana" not in output and "16" not in output.split("line", 1)[1].split(":", 1)[1]


def test_club_content_cannot_include_a_file_outside_its_folder(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Private: Bo Chen, 15, epilepsy", encoding="utf-8")
    club = club_topic(tmp_path / "club", "Hello.\n{% include 'notes.md' %}\n")
    (club / "notes.md").symlink_to(secret)
    code, output, out = make_with(tmp_path, "--content-dir", str(club))
    assert code != 0 and "outside the content folder" in output, output
    assert "Bo Chen" not in output and not out.exists()
    # The topic file itself may not be a link out either.
    (club / "plan.en.md").unlink()
    (club / "plan.en.md").symlink_to(secret)
    code, output, _ = make_with(tmp_path, "--content-dir", str(club))
    assert code != 0 and "outside the content folder" in output and "Bo Chen" not in output


def test_club_content_leaves_nothing_in_the_cache_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(cache))
    big = "{% set x = '" + "a" * 200_000 + "' %}Hello.\n"
    club = club_topic(tmp_path / "club", big)
    code, output, _ = make_with(tmp_path, "--content-dir", str(club))
    assert code == 0, output
    cached = [p for p in cache.rglob("*") if p.is_file()] if cache.exists() else []
    assert sum(p.stat().st_size for p in cached) < 200_000, cached


@pytest.mark.parametrize("file", ["theme", "labels"])
def test_yaml_aliases_are_refused_in_themes_and_labels(tmp_path: Path, file: str) -> None:
    laughs = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        laughs += f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]\n"
    if file == "theme":
        theme = tmp_path / "club.yaml"
        theme.write_text("name: Club\n" + laughs, encoding="utf-8")
        code, output, _ = make_with(tmp_path, "--theme", str(theme))
        first_alias = 3
    else:
        club = tmp_path / "club"
        club.mkdir()
        labels = (ROOT / "handouts" / "labels.en.yaml").read_text(encoding="utf-8")
        (club / "labels.en.yaml").write_text(labels + laughs, encoding="utf-8")
        code, output, _ = make_with(tmp_path, "--content-dir", str(club))
        first_alias = labels.count("\n") + 2
    assert code != 0 and "alias" in output and f"line {first_alias}:" in output, output
    assert "Traceback" not in output


def test_messages_never_spell_a_name_or_repeat_a_headerless_row(tmp_path: Path) -> None:
    roster = tmp_path / "team.csv"
    roster.write_text(HEADER + "Ana ชาย,16,55,no,no\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "team.csv, line 2, name: This athlete's name is in the Thai script" in result.output
    assert "U+" not in result.output and "ชาย" not in result.output and "0E0A" not in result.output
    placeheld = CliRunner().invoke(
        cli, ["batch", str(roster), "-o", str(tmp_path / "out"), "--allow-missing-glyphs"]
    )
    assert placeheld.exit_code == 0, placeheld.output
    assert "1 handout prints ▯ where no font here has a character" in placeheld.output
    assert "U+" not in placeheld.output and "علي" not in placeheld.output
    # A sheet exported without its header row: its first athlete is not read as column names.
    headerless = tmp_path / "headerless.csv"
    headerless.write_text("Bo Chen,15,epilepsy,yes,no\nCy Diallo,17,70,no,yes\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(headerless), "-o", str(tmp_path / "out2")])
    assert result.exit_code != 0
    assert "headerless.csv, line 1: no column has a name this tool knows" in result.output
    assert "Bo Chen" not in result.output and "epilepsy" not in result.output
    assert result.output.count("\n") <= 2, result.output


@pytest.mark.parametrize("digits", [400, 5000])
def test_a_huge_number_or_a_broken_name_is_only_its_rows_problem(tmp_path: Path, digits: int) -> None:
    huge = "1" + "0" * digits
    roster = tmp_path / "team.json"
    roster.write_text(
        '[{"name": "Ana Lopez", "age": 16, "body_mass_kg": 55},'
        f' {{"name": "Bo Chen", "age": 15, "body_mass_kg": {huge}}},'
        ' {"name": "Cy \\udc80", "age": 17, "body_mass_kg": 60}]',
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(tmp_path / "out")])
    assert result.exit_code == 1, result.output
    assert "body_mass_kg" in result.output and "name: holds a character" in result.output
    assert "unexpected" not in result.output and "Traceback" not in result.output
    assert [p.name for p in (tmp_path / "out").glob("*.pdf")] == ["ana-lopez.pdf"]
    # The same number typed in a CSV sheet.
    sheet = tmp_path / "team.csv"
    sheet.write_text(HEADER + f"Ana Lopez,16,55,no,no\nBo Chen,15,{huge},no,no\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(sheet), "-o", str(tmp_path / "csv")])
    assert result.exit_code == 1 and "line 3" in result.output and "unexpected" not in result.output


def test_an_unknown_column_is_reported_once_not_once_per_athlete(tmp_path: Path) -> None:
    extras = [f"extra{i}" for i in range(5)]
    lines = ["name,age,body_mass_kg," + ",".join(extras)]
    lines += [f"Athlete {i},16,55," + ",".join(["x"] * len(extras)) for i in range(300)]
    roster = tmp_path / "wide.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(tmp_path / "out"), "--dry-run"])
    assert result.exit_code == 0, result.output
    unknown = [line for line in result.output.splitlines() if "unknown field" in line]
    assert len(unknown) == len(extras), unknown
    assert all("line 2" in line for line in unknown)


FIRST = ("Ana", "Bo", "Cy", "Dee", "Eve", "Fay", "Gus", "Hal", "Ida", "Jo")
LAST = ("Lopez", "Chen", "Diallo", "Ito", "Marsh", "Quinn", "Rossi", "Stone", "Tan", "Vega")


def team_roster(path: Path, size: int, start: int = 0) -> Path:
    """Write a roster of `size` athletes with made-up, distinct names."""
    rows = [
        f"{FIRST[i % 10]} {LAST[i // 10 % 10]}{i // 100 or ''},{14 + i % 5},{50 + i % 30},no,no"
        for i in range(start, start + size)
    ]
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    return path


def handouts(*args: object) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *map(str, args)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


def wait_for(test: object, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if test():  # type: ignore[operator]
            return
        time.sleep(0.05)
    raise AssertionError("timed out")


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return True
    return state == "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_killed_run_with_a_password_leaves_nothing_readable_and_the_next_run_cleans_up(
    tmp_path: Path,
) -> None:
    roster = team_roster(tmp_path / "team.csv", 150)
    out = tmp_path / "out"
    out.mkdir()
    # What an earlier killed run left: a working file of a process long gone, and the hidden
    # chunk folder older versions kept, with an unlocked document in it.
    (out / ".handouts-999999999-x1y2z3.tmp").write_bytes(b"%PDF-1.7 Ana Lopez")
    old = out / ".handouts-ab12cd34"
    old.mkdir()
    (old / "chunk-00000.pdf").write_bytes(b"%PDF-1.7 Ana Lopez")
    run = handouts("batch", roster, "-o", out, "--jobs", "2", "--password", "s3cret!",
                   "--packet", out / "packet.pdf")  # fmt: skip
    wait_for(lambda: len(list(out.glob("*.pdf"))) >= 12)
    workers = children(run.pid)
    assert workers, "the run should have worker processes"
    run.kill()  # SIGKILL: no handler runs, nothing is cleaned up by the run itself
    _, err = run.communicate(timeout=30)
    wait_for(lambda: all(gone(w) for w in workers), 10)  # the workers die with it
    assert "Traceback" not in err and "BrokenPipe" not in err, err
    assert not old.exists() and not (out / ".handouts-999999999-x1y2z3.tmp").exists()
    names = [f"{first} {last}" for first in FIRST for last in LAST]
    for path in [p for p in out.rglob("*") if p.is_file()]:
        data = path.read_bytes()
        assert not any(n.encode() in data for n in names), path
        if path.suffix == ".pdf":
            assert PdfReader(path).is_encrypted, path  # an unlocked document here is a leak
    # The next run into the folder removes what the killed one was writing.
    again = handouts("batch", team_roster(tmp_path / "one.csv", 1), "-o", out, "--jobs", "1")
    _, err = again.communicate(timeout=60)
    assert again.returncode == 0, err
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_two_runs_into_one_folder_keep_each_others_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = team_roster(tmp_path / "a.csv", 60)
    second = team_roster(tmp_path / "b.csv", 60, start=500)
    runs = [
        handouts("batch", roster, "-o", out, "--jobs", "2", "--packet", out / f"{roster.stem}-packet.pdf")
        for roster in (first, second)
    ]
    for run in runs:
        _, err = run.communicate(timeout=180)
        assert run.returncode == 0, err
        assert "Done: 60 handouts" in err
    files = [p for p in out.iterdir() if p.name != "manifest.csv"]
    assert [p.name for p in files if p.name.startswith(".")] == []
    assert len(files) == 122
    for pdf in files:
        assert PdfReader(pdf).pages


def test_a_run_removes_only_its_own_working_files(tmp_path: Path) -> None:
    mine = tmp_path / f"{workfiles.prefix()}a.tmp"
    live = tmp_path / f".handouts-{os.getppid()}-b.tmp"  # another run, still going
    dead = tmp_path / ".handouts-999999999-c.tmp"
    other = tmp_path / ".handouts-notes.txt"  # not a working file at all
    for path in (mine, live, dead, other):
        path.write_bytes(b"x")
    assert workfiles.sweep(tmp_path) == 1
    workfiles.remove_own(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, other.name])


def test_a_folder_where_a_handout_goes_fails_that_athlete_only(tmp_path: Path) -> None:
    roster = team_roster(tmp_path / "team.csv", 5)
    out = tmp_path / "out"
    (out / "bo-lopez-row3.pdf").mkdir(parents=True)  # in the way of the second athlete
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(out), "--jobs", "1",
                                      "--packet", str(out / "p.pdf")])  # fmt: skip
    assert result.exit_code == 1, result.output
    assert "Error: team.csv, line 3: cannot write bo-lopez-row3.pdf: Is a directory" in result.stderr
    assert "Done: 4 handouts" in result.stderr and "1 failed" in result.stderr
    written = sorted(p.name for p in out.glob("*.pdf") if p.is_file() and p.name != "p.pdf")
    assert len(written) == 4
    titles = [str(item["/Title"]) for item in PdfReader(out / "p.pdf").outline if isinstance(item, dict)]
    # The packet holds exactly those made.
    assert [t for t in titles if t.endswith("Lopez")] == ["Ana Lopez", "Cy Lopez", "Dee Lopez", "Eve Lopez"]


def test_a_full_disk_mid_chunk_reports_every_athlete_by_its_own_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    roster = team_roster(tmp_path / "team.csv", 6)
    out = tmp_path / "out"
    real, calls = os.fsync, {"n": 0}

    def filling(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] > 2:  # the disk fills after the second handout
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    monkeypatch.setattr(os, "fsync", filling)
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1
    for line in range(4, 8):
        assert f"team.csv, line {line}: cannot write" in result.stderr
    assert "Done: 2 handouts (" in result.stderr and "4 failed" in result.stderr
    assert "no error list: cannot write errors.csv: No space left on device" in result.stderr
    assert sorted(p.name for p in out.iterdir() if p.name != "manifest.csv") == [
        "ana-lopez-row2.pdf",
        "bo-lopez-row3.pdf",
    ]


def test_a_file_size_limit_mid_chunk_fails_only_the_file_over_it(tmp_path: Path) -> None:
    roster = tmp_path / "team.csv"
    # Ana's full row makes a longer handout than the others' names alone.
    roster.write_text(HEADER + "Bo Chen,,,,\nAna Lopez,16,55,yes,no\nCy Diallo,,,,\n", encoding="utf-8")
    sizes = tmp_path / "sizes"
    done = subprocess.run([sys.executable, "-m", "generator", "batch", roster, "-o", sizes, "--jobs", "1"],
                          cwd=ROOT, capture_output=True, text=True)  # fmt: skip
    assert done.returncode == 0, done.stderr
    big, *others = sorted(sizes.iterdir(), key=lambda p: -p.stat().st_size)
    assert big.name == "ana-lopez-row3.pdf" and big.stat().st_size > others[0].stat().st_size
    limit = (big.stat().st_size + others[0].stat().st_size) // 2

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    out = tmp_path / "out"
    done = subprocess.run([sys.executable, "-m", "generator", "batch", roster, "-o", out, "--jobs", "1"],
                          cwd=ROOT, capture_output=True, text=True, preexec_fn=cap)  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Error: team.csv, line 3: cannot write ana-lopez-row3.pdf: File too large" in done.stderr
    assert "Done: 2 handouts (" in done.stderr and "1 failed" in done.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "bo-chen-row2.pdf",
        "cy-diallo-row4.pdf",
        "errors.csv",
        "manifest.csv",
    ]


@pytest.mark.parametrize("command", ["make", "report", "packet"])
def test_sigterm_in_any_command_leaves_no_working_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    roster = team_roster(tmp_path / "team.csv", 3)
    profile = tmp_path / "ana.yaml"
    profile.write_text("name: Ana Lopez\nage: 16\n", encoding="utf-8")
    made = tmp_path / "made.pdf"
    assert CliRunner().invoke(cli, ["make", str(profile), "-o", str(made)]).exit_code == 0
    out = tmp_path / "out"
    out.mkdir()
    args = {
        "make": ["make", str(profile), "-o", str(out / "h.pdf")],
        "report": ["report", str(roster), "-o", str(out / "r.pdf")],
        "packet": ["packet", str(made), "-o", str(out / "p.pdf")],
    }[command]

    def terminated(fd: int) -> None:
        # The whole file is in its working copy when a scheduler sends SIGTERM.
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(os, "fsync", terminated)
    monkeypatch.setattr(sys, "argv", ["handouts", *args])
    handler = signal.getsignal(signal.SIGTERM)
    try:
        with pytest.raises(SystemExit) as stopped:
            main()
    finally:
        signal.signal(signal.SIGTERM, handler)
    assert stopped.value.code == 130
    assert "Stopped: no half-written file was left." in capsys.readouterr().err
    assert list(out.iterdir()) == []


def attaching_pdf(path: Path) -> Path:
    """Write a one-page PDF that carries a file at page level and inside a form it draws."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    page = pdf.pages[0]
    secret = pikepdf.AttachedFileSpec(pdf, b"SECRET-MEDICAL-NOTES", filename="notes.txt")
    form = pikepdf.Stream(pdf, b"0 0 m 100 100 l S")
    form.Type, form.Subtype = pikepdf.Name.XObject, pikepdf.Name.Form
    form.BBox = pikepdf.Array([0, 0, 200, 200])
    form.AF = pikepdf.Array([secret.obj])
    page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Fm1=form))
    page.obj.Contents = pikepdf.Stream(pdf, b"q /Fm1 Do Q")
    page.obj.AF = pikepdf.Array([secret.obj])
    page.obj.PieceInfo = pikepdf.Dictionary(Club=pikepdf.Dictionary(Private=pikepdf.String("x")))
    pdf.attachments["notes.txt"] = secret
    pdf.save(path)
    return path


def carried_files(path: Path) -> list[str]:
    import pikepdf

    found = []
    with pikepdf.open(path) as pdf:
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                found += [k for k in ("/AF", "/EF", "/EmbeddedFiles", "/PieceInfo") if k in obj]
                if obj.get("/Type") in (pikepdf.Name.EmbeddedFile, pikepdf.Name.Filespec):
                    found.append(str(obj.get("/Type")))
    return found


def test_files_attached_to_an_outside_page_or_form_never_reach_a_packet(tmp_path: Path) -> None:
    outside = attaching_pdf(tmp_path / "club.pdf")
    assert carried_files(outside)  # the attack is there to begin with
    profile = tmp_path / "ana.yaml"
    profile.write_text("name: Ana Lopez\nage: 16\n", encoding="utf-8")
    made = tmp_path / "ana.pdf"
    assert CliRunner().invoke(cli, ["make", str(profile), "-o", str(made)]).exit_code == 0
    roster = team_roster(tmp_path / "team.csv", 2)
    runs = {
        "packet": ["packet", str(made), str(outside), "-o", str(tmp_path / "p1.pdf"),
                   "--cover", str(outside), "--append", str(outside)],
        "batch": ["batch", str(roster), "-o", str(tmp_path / "out"), "--jobs", "1",
                  "--packet", str(tmp_path / "p2.pdf"), "--cover", str(outside), "--append", str(outside)],
    }  # fmt: skip
    for name, args in runs.items():
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, (name, result.output)
    for packet in (tmp_path / "p1.pdf", tmp_path / "p2.pdf"):
        assert carried_files(packet) == [], packet
        assert len(PdfReader(packet).pages) > 3


def bookmarked_pdf(path: Path, count: int, deep: int) -> Path:
    """Write a PDF with `count` top-level bookmarks, the first nested `deep` levels down."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    page = pdf.pages[0].obj
    root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.Outlines))
    items = [
        pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(f"Part {n}"), Parent=root,
                                             Dest=pikepdf.Array([page, pikepdf.Name.Fit])))
        for n in range(count)
    ]  # fmt: skip
    for before, after in itertools.pairwise(items):
        before.Next, after.Prev = after, before
    root.First, root.Last, root.Count = items[0], items[-1], count
    parent = items[0]
    for level in range(deep):
        child = pdf.make_indirect(pikepdf.Dictionary(Title=pikepdf.String(f"Level {level}"), Parent=parent))
        parent.First = parent.Last = child
        parent = child
    pdf.Root.Outlines = root
    pdf.save(path)
    return path


def test_a_huge_or_deep_outline_is_read_under_limits(tmp_path: Path) -> None:
    huge = bookmarked_pdf(tmp_path / "huge.pdf", 20_000, 5000)
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["packet", str(huge), "-o", str(tmp_path / "p.pdf")])
    assert result.exit_code == 0, result.output
    assert time.monotonic() - started < 30
    # The summary, after the one warning the file earns (it has no tags): no outline dumped to
    # the screen, nothing about nesting.
    warning, summary = result.stderr.splitlines()
    assert warning.startswith("Warning: huge.pdf is not tagged for screen readers"), result.stderr
    assert summary.startswith("Wrote "), result.stderr
    outline = PdfReader(tmp_path / "p.pdf").outline
    topics = next(item for n, item in enumerate(outline) if isinstance(item, list) and n > 0)
    assert len(topics) == MOST_BOOKMARKS


def nested_pdf(path: Path) -> Path:
    """Write a page whose resources nest arrays 200 deep (the packet copies 64 at most)."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    deep = pikepdf.Array([1])
    for _ in range(200):
        deep = pikepdf.Array([deep])
    pdf.pages[0].obj.Resources = pikepdf.Dictionary(
        Properties=pikepdf.Dictionary(P0=pikepdf.Dictionary(X=deep))
    )
    pdf.save(path)
    return path


def place_cases(tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    """Inputs that once ended in "unexpected problem", and the clear error each gives now."""
    (tmp_path / "deep.json").write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"name": "Ana \\ud800", "age": 16}', encoding="utf-8")
    (tmp_path / "list.yaml").write_text("colors: [1, 2]\n", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"not really an image" * 50)
    (tmp_path / "logo.yaml").write_text("logo: logo.png\n", encoding="utf-8")
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    (tmp_path / "cover.pdf").write_bytes(b"%PDF-1.7\nnot a PDF after all")
    roster = str(team_roster(tmp_path / "team.csv", 3))
    out = str(tmp_path / "out")
    club = tmp_path / "club"
    club.mkdir()
    back = (ROOT / "handouts" / "back.en.md").read_text(encoding="utf-8").splitlines()
    (club / "back.en.md").write_text("\n".join([*back[:9], "{% if %}", *back[9:]]), encoding="utf-8")
    nested_pdf(tmp_path / "deep.pdf")
    return {
        "broken club content": (["batch", roster, "-o", out, "--content-dir", str(club)],
                                "Error: back.en.md, line 10: Expected an expression"),
        "deeply nested cover": (["batch", roster, "-o", out, "--packet", str(tmp_path / "p.pdf"),
                                 "--cover", str(tmp_path / "deep.pdf")],
                                "Error: deep.pdf: not a readable PDF: its objects nest too deeply"),
        "deep JSON": (["plan", str(tmp_path / "deep.json")], "Error: deep.json: not valid JSON for athletes"),
        "deep JSON roster": (["batch", str(tmp_path / "deep.json"), "-o", out],
                             "Error: deep.json: not valid JSON"),
        "lone surrogate": (["plan", str(tmp_path / "broken.json")], "broken.json, name: holds a character"),
        "colour list": (["batch", roster, "-o", out, "--theme", str(tmp_path / "list.yaml")],
                        "Error: list.yaml: colors: expected colour roles with values"),
        "logo not an image": (["batch", roster, "-o", out, "--jobs", "2",
                               "--theme", str(tmp_path / "logo.yaml")],
                              "Error: logo.yaml: logo: 'logo.png' is not a readable PNG or JPEG image"),
        "batch under a file": (["batch", roster, "-o", str(tmp_path / "a-file" / "out")],
                               "a-file is a file, not a folder"),
        "packet under a file": (["batch", roster, "-o", out, "--packet", str(tmp_path / "a-file" / "p.pdf")],
                                "a-file is a file, not a folder"),
        "make under a file": (["make", roster, "--row", "1", "-o", str(tmp_path / "a-file" / "h.pdf")],
                              "a-file is a file, not a folder"),
        "report under a file": (["report", roster, "-o", str(tmp_path / "a-file" / "r.pdf")],
                                "a-file is a file, not a folder"),
        "bad cover": (["batch", roster, "-o", out, "--packet", str(tmp_path / "p.pdf"),
                       "--cover", str(tmp_path / "cover.pdf")], "Error: cover.pdf: not a readable PDF"),
    }  # fmt: skip


@pytest.mark.parametrize(
    "case",
    ["broken club content", "deeply nested cover",
     "deep JSON", "deep JSON roster", "lone surrogate", "colour list", "logo not an image",
     "batch under a file", "packet under a file", "make under a file", "report under a file", "bad cover"],
)  # fmt: skip
def test_every_bad_input_is_named_before_the_first_handout(tmp_path: Path, case: str) -> None:
    args, expected = place_cases(tmp_path)[case]
    done = subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 1, done.stderr
    assert expected in done.stderr, done.stderr
    assert "unexpected problem" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert not (tmp_path / "out").exists()  # stopped before any handout, or even the folder


def test_a_read_only_output_folder_is_found_before_the_first_handout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    real = tempfile.mkstemp

    def read_only(*args: object, dir: str | Path | None = None, **kw: object) -> tuple[int, str]:
        # What a read-only folder or disk answers (root can write in a chmod 555 folder).
        if dir is not None and Path(dir) == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
        return real(*args, dir=dir, **kw)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    roster = team_roster(tmp_path / "team.csv", 3)
    out = tmp_path / "out"
    result = CliRunner().invoke(
        cli, ["batch", str(roster), "-o", str(out), "--packet", str(locked / "p.pdf")]
    )
    assert result.exit_code == 1
    assert result.output == f"Error: cannot write in {locked}: Permission denied\n"
    assert not out.exists()


def test_a_roster_whose_file_name_is_not_utf8_still_lists_its_problems(tmp_path: Path) -> None:
    name = os.fsdecode(b"t\xe9am.csv")  # a Latin-1 name on a UTF-8 system
    roster = tmp_path / name
    roster.write_text(HEADER + "Ana Lopez,16,55,no,no\nBo Chen,abc,60,no,no\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "Error: t\ufffdam.csv, line 3, age: is not a number" in result.stderr
    errors = (out / "errors.csv").read_text(encoding="utf-8-sig")
    assert "t\ufffdam.csv,3,age,is not a number" in errors


def workbook(
    path: Path, rows: list[list[object]], edit: dict[str, str] | None = None, dimension: str = ""
) -> Path:
    """Save a sheet with openpyxl, then change its XML as a hostile or odd program might."""
    import re
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for r in range(1, len(rows) + 1):
        sheet.cell(row=r, column=len(rows[0]) + 2).number_format = "0.00"  # formatted, empty
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            data = source.read(name)
            if name == "xl/worksheets/sheet1.xml":
                xml = data.decode()
                for cell, value in (edit or {}).items():
                    xml = re.sub(rf'(<c r="{cell}"[^>]*><v>)[^<]*(</v>)', rf"\g<1>{value}\g<2>", xml)
                if dimension:
                    xml = re.sub(r'<dimension ref="[^"]*"/>', f'<dimension ref="{dimension}"/>', xml)
                data = xml.encode()
            out.writestr(name, data)
    plain.unlink()
    return path


TEAM: list[list[object]] = [
    ["name", "age", "body_mass_kg"], ["Ana Lopez", 16, 55], ["Bo Chen", 15, 60], ["Cy Diallo", 17, 70],
    ["Dee Ito", 14, 50],
]  # fmt: skip


def test_a_huge_number_in_a_workbook_cell_is_only_its_rows_problem(tmp_path: Path) -> None:
    sheet = workbook(tmp_path / "team.xlsx", TEAM, {"C3": "9" * 5000, "C4": "9" * 400})
    result = CliRunner().invoke(cli, ["batch", str(sheet), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "team.xlsx, row 3, body_mass_kg: is not a number" in result.stderr
    assert "team.xlsx, row 4, body_mass_kg: is not a number" in result.stderr
    assert "999" not in result.output and "unexpected" not in result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == [
        "ana-lopez-row2.pdf",
        "dee-ito-row5.pdf",
    ]


@pytest.mark.parametrize("dimension", ["A1:XFD1048576", "A1:C2"])
def test_a_sheets_declared_size_neither_pads_nor_hides_rows(tmp_path: Path, dimension: str) -> None:
    from generator.inputs.roster import _xlsx_rows

    # A million declared columns once padded every row to them; two declared rows hid the rest.
    sheet = workbook(tmp_path / "team.xlsx", TEAM, dimension=dimension)
    rows = list(_xlsx_rows(sheet, None))
    assert [n for n, _ in rows] == [1, 2, 3, 4, 5]
    assert all(len(cells) <= 5 for _, cells in rows)
    result = CliRunner().invoke(cli, ["batch", str(sheet), "-o", str(tmp_path / "out"), "--dry-run"])
    assert result.exit_code == 0, result.output  # the formatted, empty column is no column
    assert "Dry run: 4 handouts would be written, 0 rows have problems." in result.stderr


def test_a_workbook_that_unpacks_to_gigabytes_is_refused_unread(tmp_path: Path) -> None:
    import zipfile

    sheet = workbook(tmp_path / "team.xlsx", TEAM)
    with zipfile.ZipFile(sheet, "a", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/sharedStrings2.xml", b"\0" * 120_000_000)  # held whole, if it were read
    assert sheet.stat().st_size < 2_000_000
    result = CliRunner().invoke(cli, ["batch", str(sheet), "-o", str(tmp_path / "out"), "--dry-run"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: team.xlsx: its part xl/sharedStrings2.xml unpacks to 120 MB; at most 100 MB is read "
        "(is it a zip bomb?)\n"
    )


def peak_kb(*args: object) -> int:
    """Run the tool in a fresh process and return its peak memory (KB)."""
    script = (
        "import resource, subprocess, sys\n"
        "command = [sys.executable, '-m', 'generator', *sys.argv[1:]]\n"
        "subprocess.run(command, check=True, stdout=subprocess.DEVNULL)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, *map(str, args)], cwd=ROOT, capture_output=True,
                          text=True, check=True)  # fmt: skip
    return int(done.stdout.split()[-1])


def test_a_dry_run_keeps_nothing_per_athlete(tmp_path: Path) -> None:
    small, big = team_roster(tmp_path / "small.csv", 2_000), team_roster(tmp_path / "big.csv", 60_000)
    out = tmp_path / "out"
    grown = peak_kb("batch", big, "-o", out, "--dry-run") - peak_kb("batch", small, "-o", out, "--dry-run")
    # Kept per athlete, 58,000 more would take some 40 MB; kept as file-name digests, about 2 MB.
    assert grown < 8_000, grown
    assert not out.exists()


def test_jobs_beyond_what_the_computer_can_use_are_capped(tmp_path: Path) -> None:
    most = 2 * (os.cpu_count() or 1)
    roster = team_roster(tmp_path / "team.csv", 2)
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(tmp_path / "out"), "--jobs", "100"])
    assert result.exit_code == 0, result.output
    assert f"Warning: --jobs 100 is more than this computer can use; using {most}." in result.stderr
    assert "Done: 2 handouts" in result.stderr


def test_output_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    # `handouts batch ... --dry-run | head -1`: the reader leaves after the first line.
    roster = team_roster(tmp_path / "team.csv", 20_000)
    run = handouts("batch", roster, "-o", tmp_path / "out", "--dry-run")
    assert run.stdout is not None and run.stderr is not None
    assert run.stdout.readline().startswith("row 2: ")
    run.stdout.close()
    err = run.stderr.read()
    run.stderr.close()
    run.wait(timeout=60)
    assert run.returncode == 1
    assert err == "", err


@pytest.mark.parametrize("gap", [0.0, 0.3])
def test_ctrl_c_twice_still_counts_exactly_the_files_on_disk(tmp_path: Path, gap: float) -> None:
    roster = team_roster(tmp_path / "team.csv", 300)
    out = tmp_path / "out"
    run = handouts("batch", roster, "-o", out, "--jobs", "2", "--packet", out / "p.pdf")
    wait_for(lambda: len(list(out.glob("*.pdf"))) >= 8)
    run.send_signal(signal.SIGINT)
    time.sleep(gap)
    run.send_signal(signal.SIGINT)  # the second one stops at once
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    files = sorted(f for f in out.iterdir() if f.name != "manifest.csv")
    assert all(f.suffix == ".pdf" and PdfReader(f).pages for f in files)
    assert f"Stopped: {len(files)} finished handouts were kept" in err, (err, len(files))
    assert f"{300 - len(files)} not made" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("after", [8, 40])
def test_sigterm_to_the_whole_process_group_stops_with_an_exact_count(tmp_path: Path, after: int) -> None:
    # `timeout`, `kill -TERM -PGID` and service managers signal the workers too: each one killed
    # mid-chunk once left the pool waiting forever.
    roster = team_roster(tmp_path / "team.csv", 300)
    out = tmp_path / "out"
    run = subprocess.Popen(
        [sys.executable, "-m", "generator", "batch", str(roster), "-o", str(out), "--jobs", "2",
         "--packet", str(out / "p.pdf")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    wait_for(lambda: len(list(out.glob("*.pdf"))) >= after)
    os.killpg(run.pid, signal.SIGTERM)
    _, err = run.communicate(timeout=60)
    assert run.returncode == 130, err
    files = sorted(f for f in out.iterdir() if f.name != "manifest.csv")
    assert all(f.suffix == ".pdf" and PdfReader(f).pages for f in files)
    assert f"Stopped: {len(files)} finished handouts were kept" in err, (err, len(files))
    assert "Traceback" not in err


def test_a_full_disk_while_the_packet_grows_keeps_the_handouts_and_says_so(tmp_path: Path) -> None:
    roster = team_roster(tmp_path / "team.csv", 12)
    sizes = tmp_path / "sizes"
    assert CliRunner().invoke(cli, ["batch", str(roster), "-o", str(sizes), "--jobs", "1"]).exit_code == 0
    limit = 2 * max(p.stat().st_size for p in sizes.glob("*.pdf"))  # the handouts fit, the packet does not

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    out = tmp_path / "out"
    done = subprocess.run(
        [sys.executable, "-m", "generator", "batch", roster, "-o", out, "--jobs", "2",
         "--packet", out / "p.pdf"],
        cwd=ROOT, capture_output=True, text=True, preexec_fn=cap,
    )  # fmt: skip
    assert done.returncode == 1, done.stderr
    assert "Done: 12 handouts (" in done.stderr
    assert "no packet: cannot write the packet: File too large" in done.stderr
    assert "unexpected" not in done.stderr
    assert sorted(p.name for p in out.glob("*.pdf")) == sorted(p.name for p in sizes.glob("*.pdf"))
    together = subprocess.run(
        [sys.executable, "-m", "generator", "packet", *sorted(out.glob("*.pdf")), "-o", tmp_path / "p.pdf"],
        cwd=ROOT, capture_output=True, text=True, preexec_fn=cap,
    )  # fmt: skip
    assert together.returncode == 1
    assert together.stderr == "Error: cannot write the packet: File too large\n"
    assert not (tmp_path / "p.pdf").exists()


def test_a_locked_packet_grows_outside_the_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real, folders = tempfile.TemporaryFile, []

    def recording(*args: object, dir: object = None, **kw: object) -> object:
        folders.append(dir)
        return real(*args, dir=dir, **kw)  # type: ignore[call-overload]

    monkeypatch.setattr(tempfile, "TemporaryFile", recording)
    roster = team_roster(tmp_path / "team.csv", 2)
    for password, out in ((["--password", "s3cret!"], tmp_path / "locked"), ([], tmp_path / "open")):
        args = [
            "batch",
            str(roster),
            "-o",
            str(out),
            "--jobs",
            "1",
            "--packet",
            str(out / "p.pdf"),
            *password,
        ]
        assert CliRunner().invoke(cli, args).exit_code == 0
    # Unlocked pages while it grows: with a password, never in the (perhaps synced) output folder.
    assert folders == [None, tmp_path / "open"]


def test_a_name_repeated_thousands_of_times_gets_its_numbers_in_turn() -> None:
    from generator.runs.names import UniqueStems

    stems = UniqueStems()
    stems.seen.update(["ana-a1-3"])  # taken already (an input's name, say)
    given = [stems("Ana", "A1", n) for n in range(5000)]
    assert given[:4] == ["ana-a1", "ana-a1-2", "ana-a1-4", "ana-a1-5"]
    assert len(set(given)) == 5000 and given[-1] == "ana-a1-5001"
