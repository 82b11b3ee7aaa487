"""The core API as a Python program or a web form uses it: plain data in, results with counts out.

The API never prints, and every problem is an error class with its exit code.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import api
from generator.errors import HandoutsError, InputError, RosterError, UsageProblem
from tests.conftest import EXAMPLES
from tests.pdfs import page_texts

HEADER = "name,age,sex,body_mass_kg,sport\n"


def test_make_handout_writes_the_file_and_says_what_it_made(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    made = api.make_handout(EXAMPLES / "athlete.yaml", tmp_path / "zoe.pdf")
    assert made.path == tmp_path / "zoe.pdf"
    assert made.path.read_bytes() == made.pdf
    assert made.pages == len(page_texts(made.path)) >= 2
    assert made.language == "en"
    assert capsys.readouterr() == ("", "")  # nothing printed


def test_make_handout_without_writing_returns_the_pdf_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    made = api.make_handout(EXAMPLES / "athlete.yaml", write=False, options=api.HandoutOptions(language="es"))
    assert made.path is None and made.pdf.startswith(b"%PDF")
    assert made.language == "es"
    assert list(tmp_path.iterdir()) == []


def test_make_handout_names_the_file_for_the_athlete_when_no_output_is_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    made = api.make_handout(EXAMPLES / "roster.csv", pick=api.Pick(name="Maya Chen"))
    assert made.path is not None and made.path.name.startswith("maya-chen")
    assert (tmp_path / made.path).is_file()


def test_show_plan_returns_the_plan_and_its_words() -> None:
    shown = api.show_plan(EXAMPLES / "roster.csv", api.Pick(row=1))
    assert shown.plan.profile.name == "Zoë Ñúñez"
    assert "Zoë Ñúñez" in shown.text()
    assert shown.as_json()["athlete"]["name"] == "Zoë Ñúñez"


def test_run_batch_counts_what_it_made_and_reports_progress_with_its_total(tmp_path: Path) -> None:
    roster = tmp_path / "team.csv"
    roster.write_text(HEADER + "Ana,15,female,55,soccer\nBen,16,male,abc,soccer\nCai,14,male,48,soccer\n")
    seen: list[tuple[int, int]] = []
    outcome = api.run_batch(
        roster,
        api.BatchOptions(outdir=tmp_path / "out", packet=tmp_path / "out" / "p.pdf"),
        lambda done, total: seen.append((done, total)),
    )
    assert sorted(outcome.written) == ["ana-row2.pdf", "cai-row4.pdf"]
    assert [(p.line, p.field) for p in outcome.failed] == [(3, "body_mass_kg")]
    assert outcome.packet_pages > outcome.pages > 0
    # The total is known from the run itself (the roster is read once); the last call is complete.
    assert seen and all(total == 2 for _, total in seen) and seen[-1][0] == 2
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)


def test_run_batch_dry_run_tells_each_planned_file_and_writes_nothing(tmp_path: Path) -> None:
    found: list[tuple[int, Path]] = []
    outcome = api.run_batch(
        EXAMPLES / "roster.csv",
        api.BatchOptions(outdir=tmp_path / "out", dry_run=True),
        planned=lambda row, path: found.append((row, path)),
    )
    assert outcome.planned == len(found) == 24
    assert found[0] == (2, tmp_path / "out" / "zoe-nunez-rfc-01.pdf")
    assert not (tmp_path / "out").exists()


def test_make_report_leaves_bad_rows_out_and_returns_them(tmp_path: Path) -> None:
    roster = tmp_path / "team.csv"
    roster.write_text(HEADER + "Ana,15,female,55,soccer\nBen,16,male,abc,soccer\n")
    made = api.make_report(roster, tmp_path / "report.pdf")
    assert (made.athletes, made.pages) == (1, 1)
    assert [p.line for p in made.failed] == [3]
    assert "Ana" in page_texts(made.path)[0]


def test_make_report_of_a_roster_with_no_usable_row_writes_nothing_and_says_why(tmp_path: Path) -> None:
    roster = tmp_path / "team.csv"
    roster.write_text(HEADER + "Ben,16,male,abc,soccer\n")
    with pytest.raises(RosterError) as caught:
        api.make_report(roster, tmp_path / "report.pdf")
    assert "nothing to report" in str(caught.value)
    assert [p.field for p in caught.value.left_out] == ["body_mass_kg"]
    assert caught.value.exit_code == 1
    assert not (tmp_path / "report.pdf").exists()


def test_make_packet_puts_files_together_and_counts_them(tmp_path: Path) -> None:
    one = api.make_handout(EXAMPLES / "athlete.yaml", tmp_path / "one.pdf")
    two = api.make_handout(EXAMPLES / "roster.csv", tmp_path / "two.pdf", pick=api.Pick(row=2))
    made = api.make_packet(
        [tmp_path / "one.pdf", tmp_path / "two.pdf"], tmp_path / "p.pdf", team="Riverside FC"
    )
    assert made.handouts == 2
    assert made.pages > one.pages + two.pages  # a cover and contents in front
    assert "Riverside FC" in page_texts(made.path)[0]


@pytest.mark.parametrize(
    "call",
    [
        lambda tmp: api.make_handout(EXAMPLES / "athlete.yaml", EXAMPLES / "athlete.yaml"),
        lambda tmp: api.make_report(EXAMPLES / "roster.csv", EXAMPLES / "roster.csv"),
        lambda tmp: api.run_batch(
            EXAMPLES / "roster.csv", api.BatchOptions(outdir=tmp, packet=EXAMPLES / "roster.csv")
        ),
        lambda tmp: api.run_batch(
            EXAMPLES / "roster.csv",
            api.BatchOptions(outdir=tmp, packet_options=api.PacketOptions(duplex=True)),
        ),
        lambda tmp: api.make_handout(
            EXAMPLES / "roster.csv", tmp / "x.pdf", pick=api.Pick(row=1, name="Zoë")
        ),
        lambda tmp: api.make_handout(EXAMPLES / "athlete.yaml", tmp / "x.pdf", password=""),
    ],
    ids=[
        "handout-over-profile",
        "report-over-roster",
        "packet-over-roster",
        "duplex-without-packet",
        "row-and-name",
        "empty-password",
    ],
)
def test_requests_that_cannot_be_done_are_usage_problems_with_exit_code_2(
    tmp_path: Path, call: object
) -> None:
    before = (EXAMPLES / "roster.csv").read_bytes(), (EXAMPLES / "athlete.yaml").read_bytes()
    with pytest.raises(UsageProblem) as caught:
        call(tmp_path)  # type: ignore[operator]
    assert caught.value.exit_code == 2
    assert ((EXAMPLES / "roster.csv").read_bytes(), (EXAMPLES / "athlete.yaml").read_bytes()) == before


def test_every_error_the_api_raises_has_an_exit_code(tmp_path: Path) -> None:
    with pytest.raises(HandoutsError) as caught:
        api.show_plan(tmp_path / "missing.yaml")
    assert isinstance(caught.value, InputError) and caught.value.exit_code == 1


def test_the_api_loads_no_pdf_library_until_it_makes_a_pdf() -> None:
    import subprocess
    import sys

    code = "import sys, generator.api; print(sorted(m for m in ('pikepdf', 'reportlab') if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_warnings_found_before_a_failure_still_reach_the_caller(tmp_path: Path) -> None:
    profile = tmp_path / "a.yaml"
    profile.write_text("name: Ana\nage: 15\nfavourite_colour: blue\n", encoding="utf-8")
    theme = tmp_path / "theme.yaml"
    theme.write_text("colors: {accent: red}\n", encoding="utf-8")
    with pytest.raises(HandoutsError) as caught:
        api.make_handout(profile, tmp_path / "a.pdf", api.HandoutOptions(theme=theme))
    assert [w.field for w in caught.value.noted] == ["favourite_colour"]
    assert not (tmp_path / "a.pdf").exists()


def test_a_report_that_cannot_be_written_still_returns_the_rows_left_out(tmp_path: Path) -> None:
    roster = tmp_path / "team.csv"
    roster.write_text(HEADER + "Ana,15,female,55,soccer\nBen,16,male,abc,soccer\n")
    theme = tmp_path / "theme.yaml"
    theme.write_text("colors: {accent: red}\n", encoding="utf-8")
    with pytest.raises(HandoutsError) as caught:
        api.make_report(roster, tmp_path / "r.pdf", api.HandoutOptions(theme=theme))
    assert [p.line for p in caught.value.left_out] == [3]


def test_two_runs_in_one_process_each_word_the_report_in_their_own_labels(tmp_path: Path) -> None:
    import yaml

    from generator import resources

    labels = yaml.safe_load((resources.content_dir() / "labels.en.yaml").read_text(encoding="utf-8"))
    labels["report"]["flags"]["ok"] = "fine-by-club"
    club = tmp_path / "club"
    club.mkdir()
    (club / "labels.en.yaml").write_text(yaml.safe_dump(labels, allow_unicode=True), encoding="utf-8")
    texts = []
    for run, content in (("ours", None), ("club", club), ("ours-again", None)):
        out = tmp_path / run
        options = api.BatchOptions(
            outdir=out, packet=out / "p.pdf", jobs=1, limit=3, handout=api.HandoutOptions(content_dir=content)
        )
        api.run_batch(EXAMPLES / "roster.csv", options)
        texts.append(" ".join(page_texts(out / "p.pdf")[1:3]))
    assert "fine-by-club" not in texts[0] and "fine-by-club" in texts[1] and "fine-by-club" not in texts[2]


def test_a_packet_password_is_checked_before_any_work(tmp_path: Path) -> None:
    shape = api.PacketOptions(password=" ")
    with pytest.raises(UsageProblem, match="the password: is empty"):
        api.run_batch(
            EXAMPLES / "roster.csv",
            api.BatchOptions(outdir=tmp_path / "o", packet=tmp_path / "p.pdf", packet_options=shape),
        )
    assert not (tmp_path / "o").exists()


def test_paths_may_be_given_as_text(tmp_path: Path) -> None:
    made = api.make_handout(str(EXAMPLES / "athlete.yaml"), str(tmp_path / "a.pdf"))
    assert made.path == tmp_path / "a.pdf" and made.path.is_file()
    outcome = api.run_batch(
        str(EXAMPLES / "roster.csv"),
        api.BatchOptions(outdir=str(tmp_path / "o"), limit=2),  # type: ignore[arg-type]
    )
    assert len(outcome.written) == 2


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (lambda: api.HandoutOptions(paper="a3"), "paper: give one of a4, letter, not 'a3'"),
        (lambda: api.HandoutOptions(units="furlongs"), "units: give one of metric, imperial"),
        (
            lambda: api.make_guide(Path("g.pdf"), "en"),
            "languages: give some of en, es, pt, vi, zh, ar, not 'en'",
        ),
        (
            lambda: api.make_guide(Path("g.pdf"), ["fr"]),
            "languages: give some of en, es, pt, vi, zh, ar, not ['fr']",
        ),
        (lambda: api.HandoutOptions(language="fr"), "language: give one of en, es"),
        (lambda: api.BatchOptions(outdir=Path("o"), jobs=-3), "jobs: must be 1 or more"),
        (lambda: api.BatchOptions(outdir=Path("o"), limit=0), "limit: must be 1 or more"),
        (lambda: api.BatchOptions(outdir=Path("o"), only="Maya Chen"), "only: give a list"),  # type: ignore[arg-type]
        (lambda: api.BatchOptions(outdir=None), "outdir: expected a file or folder path"),  # type: ignore[arg-type]
        (lambda: api.PacketOptions(append="cover.pdf"), "append: give a list of PDF files"),  # type: ignore[arg-type]
        (lambda: api.make_handout(None), "profile: expected a file path"),  # type: ignore[arg-type]
        (lambda: api.make_packet([], Path("p.pdf")), "give the handout PDFs to put together"),
    ],
)
def test_settings_that_make_no_sense_are_usage_problems(make: object, problem: str) -> None:
    with pytest.raises(UsageProblem) as caught:
        make()  # type: ignore[operator]
    assert str(caught.value).startswith(problem)


def test_a_packet_of_a_missing_file_says_which(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"^missing\.pdf: no such file$"):
        api.make_packet([tmp_path / "missing.pdf"], tmp_path / "p.pdf")


def test_password_column_with_a_packet_locks_each_handout_and_the_packet(tmp_path: Path) -> None:
    import pikepdf

    roster = tmp_path / "team.csv"
    roster.write_text(
        "name,age,sex,code\nAna,15,female,ana-secret\nBen,16,male,ben-secret\n", encoding="utf-8"
    )
    out = tmp_path / "out"
    shape = api.PacketOptions(password="coach-only")
    options = api.BatchOptions(outdir=out, packet=out / "p.pdf", packet_options=shape, password_column="code")
    outcome = api.run_batch(roster, options)
    assert sorted(outcome.written) == ["ana-row2.pdf", "ben-row3.pdf"] and outcome.packet_pages
    with pikepdf.open(out / "ana-row2.pdf", password="ana-secret"):
        pass
    with pikepdf.open(out / "p.pdf", password="coach-only"):
        pass
    with pytest.raises(pikepdf.PasswordError):
        pikepdf.open(out / "ben-row3.pdf", password="ana-secret")


@pytest.mark.parametrize(
    ("column", "problem"),
    [
        ("nosuch", "--password-column nosuch: the roster has no such column"),
        ("name", "--password-column name: that column holds the athletes' name"),
    ],
)
def test_a_password_column_that_cannot_hold_passwords_is_one_usage_problem(
    tmp_path: Path, column: str, problem: str
) -> None:
    with pytest.raises(UsageProblem, match=problem):
        api.run_batch(
            EXAMPLES / "roster.csv", api.BatchOptions(outdir=tmp_path / "o", password_column=column)
        )
    assert not list(tmp_path.rglob("*.pdf"))


def test_a_row_out_of_range_counts_the_athletes_in_good_english(tmp_path: Path) -> None:
    from generator.errors import SelectionError

    with pytest.raises(SelectionError, match=r"the file has 1 athlete$"):
        api.show_plan(EXAMPLES / "athlete.yaml", api.Pick(row=3))
