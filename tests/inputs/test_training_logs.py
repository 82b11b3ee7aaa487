"""Training logs as coaches keep them: a row per session, or a column per date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner, Result

from generator.cli import cli
from generator.errors import InputError
from generator.inputs.logs import read_log

START = dt.date(2026, 10, 1)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def long_log(path: Path, days: int = 28, extra: str = "") -> Path:
    """Sessions on weekdays: Ana (by id) 60 minutes at RPE 5, Bo (by name) a load of 300."""
    rows = ["date,athlete,minutes,rpe,load"]
    for i in range(days):
        day = START + dt.timedelta(days=i)
        if day.weekday() < 5:
            rows += [f"{day.isoformat()},A1,60,5,", f"{day.isoformat()},bo chen,,,300"]
    path.write_text("\n".join(rows) + "\n" + extra, encoding="utf-8")
    return path


def test_a_long_log_gives_session_rpe_by_id_and_by_name(tmp_path: Path) -> None:
    log = read_log(long_log(tmp_path / "log.csv"))
    ana, bo = log.find("a1", "Someone"), log.find(None, "Bo Chén")  # (no case, no accent)
    assert ana is not None and bo is not None
    assert ana[START] == 300 and bo[START] == 300  # 60 minutes x RPE 5
    assert log.last_day == dt.date(2026, 10, 28)  # the last session's day (a Wednesday)


def test_a_bad_session_is_reported_at_its_line_and_the_rest_are_read(tmp_path: Path) -> None:
    path = long_log(
        tmp_path / "log.csv", extra="2026-10-30,A1,60,11,\nyesterday,A1,60,5,\n2026-10-31,,60,5,\n"
    )
    log = read_log(path)
    problems = [(p.line, p.field, p.message) for p in log.problems]
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert (lines - 2, "rpe", "is not an effort rating from 0 to 10") in problems
    assert (lines - 1, "date", "is not a date (write it as 2026-09-01)") in problems
    assert (lines, "athlete", "is empty") in problems
    assert log.find("A1", "") is not None


def test_a_wide_log_one_column_per_date(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    days = [START + dt.timedelta(days=i) for i in range(30)]
    sheet.append(["Athlete", *days])  # Excel date cells
    sheet.append(["A1", *[400 if d.weekday() < 5 else None for d in days]])
    path = tmp_path / "log.xlsx"
    book.save(path)
    log = read_log(path)
    sessions = log.find("A1", "")
    assert sessions is not None and len(sessions) == sum(d.weekday() < 5 for d in days)


def test_a_log_without_its_columns_says_what_it_needs(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text("when,who,how much\n2026-10-01,A1,300\n", encoding="utf-8")
    with pytest.raises(InputError, match="needs a date column and an athlete column"):
        read_log(path)
    path.write_text("date,athlete,notes\n2026-10-01,A1,easy\n", encoding="utf-8")
    with pytest.raises(InputError, match="needs a load column, or minutes and rpe columns"):
        read_log(path)


def roster(tmp_path: Path) -> Path:
    path = tmp_path / "team.csv"
    path.write_text(
        "name,athlete_id,load_last_7d,load_last_28d\nAna Ruiz,A1,100,400\nBo Chen,B2,,\nCy Diallo,C3,,\n",
        encoding="utf-8",
    )
    return path


def test_plan_shows_both_ratios_and_the_weeks(tmp_path: Path) -> None:
    log = long_log(tmp_path / "log.csv", days=35)
    shown = run("plan", roster(tmp_path), "--name", "Ana Ruiz", "--log", log, "--format", "json")
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.output[shown.output.index("{") :])
    got = data["training_log"]
    assert got["days"] == 35 and got["as_of"] == "2026-11-04"  # from the first session to the last
    assert got["acute"] == 5 * 300 and got["rolling_ratio"] == pytest.approx(1.0)
    assert got["ewma_ratio"] is not None
    # The log's sums replace the roster's own (100 and 400): the plan's load is the log's.
    assert data["load"]["acute"] == 1500 and data["load"]["chronic_weekly"] == 1500
    text = run("plan", roster(tmp_path), "--name", "Ana Ruiz", "--log", log)
    assert "exponentially weighted (Williams et al. 2017)" in text.output


def test_under_28_days_the_ratio_is_said_to_be_unknown_not_guessed(tmp_path: Path) -> None:
    log = long_log(tmp_path / "log.csv", days=14)
    shown = run("plan", roster(tmp_path), "--name", "Bo Chen", "--log", log)
    assert shown.exit_code == 0
    assert "days of training log up to" in shown.output and "the load ratio needs 28" in shown.output
    assert "not known (under 28 days of log)" in shown.output


def test_a_batch_takes_the_loads_from_the_log_and_says_once_who_has_none(tmp_path: Path) -> None:
    log = long_log(tmp_path / "log.csv", days=35)
    result = run("batch", roster(tmp_path), "-o", tmp_path / "out", "--log", log, "--as-of", "2026-11-04")
    assert result.exit_code == 0, result.output
    assert result.output.count("no session in the training log") == 1
    assert "1 athlete with no session in the training log (lines 4)" in result.output


def test_the_coachs_report_shows_the_teams_weeks_from_the_log(tmp_path: Path) -> None:
    from pypdf import PdfReader

    log = long_log(tmp_path / "log.csv", days=35)
    out = tmp_path / "out"
    result = run("batch", roster(tmp_path), "-o", out, "--log", log, "--packet", out / "p.pdf")
    assert result.exit_code == 0, result.output
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(out / "p.pdf").pages[:3]).split())
    assert "The team's training load by week, from the training log" in text
    assert "This week" in text and "4 weeks ago" in text
    # Ana (by id) and Bo (by name): 5 weekday sessions of 300 each a week, 3,000 for the team.
    assert "3000" in text.replace(",", "")
    # Without a log, no such chart.
    plain = run("batch", roster(tmp_path), "-o", tmp_path / "plain", "--packet", tmp_path / "plain" / "p.pdf")
    assert plain.exit_code == 0
    first = " ".join(page.extract_text() for page in PdfReader(tmp_path / "plain" / "p.pdf").pages[:3])
    assert "training load by week" not in first


def test_an_ids_sessions_are_never_mixed_with_a_names(tmp_path: Path) -> None:
    # Two players of one name, each with an id: neither may take the other's sessions.
    path = tmp_path / "log.csv"
    path.write_text("date,athlete,load\n2026-10-01,A1,100\n2026-10-02,Sam Lee,200\n", encoding="utf-8")
    log = read_log(path)
    assert log.find("A1", "Sam Lee") == {dt.date(2026, 10, 1): 100}
    assert log.find(None, "Sam Lee") == {dt.date(2026, 10, 2): 200}  # found by name without an id


def test_a_session_planned_ahead_is_not_yet_load(tmp_path: Path) -> None:
    from generator.inputs.profile import Profile, Where
    from generator.rules.sessions import with_log

    today = dt.date.today()
    rows = [f"{(today - dt.timedelta(days=i)).isoformat()},A1,300" for i in range(40)]
    rows.append(f"{(today + dt.timedelta(days=10)).isoformat()},A1,300")  # next week's plan
    path = tmp_path / "log.csv"
    path.write_text("date,athlete,load\n" + "\n".join(rows) + "\n", encoding="utf-8")
    _, _, got = with_log(Profile(name="Ana", athlete_id="A1"), read_log(path), None, Where("r.csv", 2))
    assert got is not None and got.as_of == today and got.rolling_ratio == pytest.approx(1.0)


def test_a_date_no_log_holds_or_a_thousands_comma_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "log.csv"
    path.write_text(
        'date,athlete,load\n2026-10-01,A1,100\n9999-12-31,A1,100\n2026-10-01x,A1,100\n2026-10-02,A1,"1,200"\n'
        "2026-10-03,A1,1.200\n",
        encoding="utf-8",
    )
    log = read_log(path)
    assert log.last_day == dt.date(2026, 10, 1)  # a typo of 9999 does not make it the log's last day
    fields = [(p.line, p.field) for p in log.problems]
    assert (3, "date") in fields and (4, "date") in fields and (5, "load") in fields and (6, "load") in fields


def test_a_batch_says_once_how_many_of_the_log_match_no_row(tmp_path: Path) -> None:
    log = long_log(tmp_path / "log.csv", days=35, extra="2026-11-04,Zed Nobody,,,100\n")
    result = run("batch", roster(tmp_path), "-o", tmp_path / "out", "--log", log)
    assert "1 athlete of the training log matches no roster row by id or name" in result.output


@pytest.mark.parametrize("language", ["en", "es", "ar"])
def test_the_handout_says_the_athletes_weeks_from_the_log(tmp_path: Path, language: str) -> None:
    import subprocess
    import unicodedata

    log = long_log(tmp_path / "log.csv", days=35)
    out = tmp_path / "a.pdf"
    made = run("make", roster(tmp_path), "--name", "Ana Ruiz", "--log", log, "--lang", language, "-o", out)
    assert made.exit_code == 0, made.output
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, check=True).stdout.decode()
    text = unicodedata.normalize("NFKC", " ".join(text.split()))
    assert "1500, 1500, 1500, 1500" in text or "1500 ,1500 ,1500 ,1500" in text  # four weeks of 5 x 300
    assert "@cite" not in text
