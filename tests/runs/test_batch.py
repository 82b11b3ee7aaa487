"""Team runs end to end: roster in, handouts, errors.csv, the packet, exit codes, interruptions."""

from __future__ import annotations

import csv
import os
import signal
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from generator.cli import cli
from tests.conftest import EXAMPLES

Write = Callable[..., Path]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    """One full run over the example roster, with a double-sided packet, shared by the tests."""
    out = tmp_path_factory.mktemp("team")
    result = run(
        "batch", EXAMPLES / "roster.csv", "-o", out, "--packet", out / "packet.pdf", "--duplex", "--jobs", "2"
    )
    return out, result


def test_every_athlete_gets_a_file_and_the_summary_counts(team: tuple[Path, Result]) -> None:
    out, result = team
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in out.glob("*.pdf"))
    assert len(files) == 25  # 24 handouts and the packet
    # Every name reads in Latin letters, with its id: Cyrillic too.
    assert {"zoe-nunez-rfc-01.pdf", "yuliya-smirnova-rfc-06.pdf", "lukasz-wrobel-rfc-03.pdf"} <= set(files)
    assert not (out / "errors.csv").exists()
    assert not [p for p in out.iterdir() if p.name.startswith(".")]  # no temporary files left
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("Done: 24 handouts (")
    assert ", 0 failed, packet " in summary


def test_each_handout_is_finished(team: tuple[Path, Result]) -> None:
    out, _ = team
    pdf = PdfReader(out / "lucia-romero-rfc-08.pdf")
    assert (
        pdf.pages[0].extract_text().splitlines()[0].rstrip()
        == "Mi plan: calambres, fasciculaciones y recuperación"
    )
    assert "Busca ayuda médica ahora" in pdf.pages[0].extract_text()
    assert [o.title for o in pdf.outline if not isinstance(o, list)][0] == "Mi plan"
    assert pdf.metadata is not None and "Lucía" not in str(dict(pdf.metadata))


def test_packet_bookmarks_labels_and_odd_starts(team: tuple[Path, Result]) -> None:
    out, _ = team
    pdf = PdfReader(out / "packet.pdf")
    outline = pdf.outline
    top = [o for o in outline if not isinstance(o, list)]
    # The team guide comes once after the contents, in each language the roster's athletes read.
    assert [o.title for o in top[:5]] == [
        "Team packet",
        "Coach's report",
        "Contents",
        "Team guide",
        "Guía del equipo",
    ]
    guides = [pdf.get_destination_page_number(g) or 0 for g in top[3:5]]
    assert "Team guide to cramps, twitches and recovery" in pdf.pages[guides[0]].extract_text()
    assert "Guía del equipo" in pdf.pages[guides[1]].extract_text()
    athletes = top[5:]
    assert len(athletes) == 24 and athletes[0].title == "Zoë Ñúñez"
    nested = outline[outline.index(athletes[0]) + 1]
    assert isinstance(nested, list)
    assert [o.title for o in nested if not isinstance(o, list)] == ["My plan", "Why, and when to get help"]
    starts = [pdf.get_destination_page_number(a) or 0 for a in [*top[3:5], *athletes]]
    assert all(start % 2 == 0 for start in starts)  # 0-based even = printed on a right-hand page
    # --duplex: each athlete's handout is exactly one sheet, front and back, with no blank between.
    sheets = [pdf.get_destination_page_number(a) or 0 for a in athletes] + [len(pdf.pages)]
    assert {b - a for a, b in zip(sheets, sheets[1:], strict=False)} == {2}
    assert pdf.page_labels[0] == "i" and pdf.page_labels[sheets[0]] == "1"
    blanks = [i for i, page in enumerate(pdf.pages) if "intentionally left blank" in page.extract_text()]
    assert blanks and all(i % 2 == 1 for i in blanks)


def test_packet_contents_point_at_the_right_pages(team: tuple[Path, Result]) -> None:
    out, _ = team
    pdf = PdfReader(out / "packet.pdf")
    contents = next(p.extract_text() for p in pdf.pages if p.extract_text().startswith("Contents"))
    lines = [line.strip() for line in contents.splitlines()[1:] if line.strip()]
    flags = {"Help now", "This week", "Book a visit"}
    entries: dict[str, tuple[str, str]] = {}
    name = flag = ""
    for line in lines:
        if line.isdigit():
            entries[name], name, flag = (line, flag), "", ""
        elif line in flags:
            flag = line
        elif not name:
            name = line
    assert len(entries) == 24
    assert entries["Zoë Ñúñez"] == ("1", "Book a visit")
    assert entries["Lucía Romero"][1] == "Help now" and entries["Ben Thompson"][1] == "This week"
    assert entries["Maya Chen"][1] == ""  # no flag, no word
    for name in ("Maya Chen", "Юлия Смирнова", "Isabella Rossi"):
        index = pdf.page_labels.index(entries[name][0])
        assert f"For {name}" in pdf.pages[index].extract_text()


def test_packet_opens_with_cover_and_report(team: tuple[Path, Result]) -> None:
    out, _ = team
    pdf = PdfReader(out / "packet.pdf")
    cover = pdf.pages[0].extract_text()
    assert "Team packet" in cover and "24 athletes" in cover
    report = pdf.pages[2].extract_text()
    assert report.startswith("Coach's report")
    assert report.index("Lucía Romero") < report.index("Isabella Rossi")  # most urgent first


def test_packet_stores_each_font_program_once(team: tuple[Path, Result]) -> None:
    out, _ = team
    pdf = PdfReader(out / "packet.pdf")
    programs: dict[str, set[int]] = {}
    for page in pdf.pages:
        resources: Any = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()
            name = str(font.get_object()["/BaseFont"])
            programs.setdefault(name, set()).add(descriptor.raw_get("/FontFile2").idnum)
    # Regular, bold, italic, bold italic: each style's program once, the cover and report included
    # (a character the priming misses, like the ½ of "1½ glasses", would split a style in two).
    assert len(programs) <= 4
    assert all(len(ids) == 1 for ids in programs.values()), programs
    total = sum(p.stat().st_size for p in out.glob("*.pdf") if p.name != "packet.pdf")
    assert (out / "packet.pdf").stat().st_size < 0.4 * total


def test_packet_and_handouts_pass_qpdfs_structure_check(team: tuple[Path, Result]) -> None:
    import pikepdf

    out, _ = team
    for path in [out / "packet.pdf", *sorted(out.glob("*.pdf"))[:3]]:
        with pikepdf.open(path) as pdf:
            assert pdf.check_pdf_syntax() == [], path.name


BAD_ROSTER = (
    'name,age,humidity_pct,athlete_id\nAna,15,50,A1\nBo,abc,50,B1\n=HYPERLINK("x"),16,150,C1\nCy,17,40,D1\n'
)


def test_bad_rows_are_reported_and_good_rows_still_made(write: Write, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("batch", write("team.csv", BAD_ROSTER), "-o", out, "--jobs", "1")
    assert result.exit_code == 1
    assert sorted(p.name for p in out.glob("*.pdf")) == ["ana-a1.pdf", "cy-d1.pdf"]
    assert "Error: team.csv, line 3, age: is not a number" in result.stderr
    assert "Error: team.csv, line 4, humidity_pct: is outside the plausible range 0–100 %" in result.stderr
    with (out / "errors.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    assert rows == [
        ["file", "row", "field", "problem"],
        ["team.csv", "3", "age", "is not a number"],
        ["team.csv", "4", "humidity_pct", "is outside the plausible range 0–100 %"],
    ]
    assert "Bo" not in result.stderr and "HYPERLINK" not in result.stderr  # no names or values


def test_errors_csv_cells_never_run_as_formulas(write: Write, tmp_path: Path) -> None:
    out = tmp_path / "out"
    run("batch", write("=cmd.csv", "name,=age\nAna,1\nBo,200\n"), "-o", out, "--jobs", "1")
    text = (out / "errors.csv").read_text(encoding="utf-8-sig")
    assert "'=cmd.csv" in text
    for line in text.splitlines()[1:]:
        assert all(not cell.startswith(("=", "+", "-", "@")) for cell in line.split(","))


def test_all_good_removes_a_stale_errors_csv(write: Write, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "errors.csv").write_text("old", encoding="utf-8")
    os.utime(out / "errors.csv", (time.time() - 60, time.time() - 60))  # an earlier run's
    result = run("batch", write("team.csv", "name\nAna\n"), "-o", out, "--jobs", "1")
    assert result.exit_code == 0 and not (out / "errors.csv").exists()


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    roster = EXAMPLES / "roster.csv"
    assert run("batch", roster).exit_code == 2
    result = run("batch", roster, "-o", tmp_path, "--duplex")
    assert result.exit_code == 2 and "add --packet FILE.pdf" in result.output
    result = run("batch", roster, "-o", tmp_path, "--packet", tmp_path / "p.pdf", "--password-column", "pw")
    assert result.exit_code == 2 and "needs --password too" in result.output


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("batch", EXAMPLES / "roster.csv", "-o", out, "--dry-run", "--limit", "3")
    assert result.exit_code == 0, result.output
    assert not out.exists()
    assert result.stdout.splitlines() == [
        f"row 2: {out / 'zoe-nunez-rfc-01.pdf'}",
        f"row 3: {out / 'maya-chen-rfc-02.pdf'}",
        f"row 4: {out / 'lukasz-wrobel-rfc-03.pdf'}",
    ]


def test_only_by_name_or_id(tmp_path: Path) -> None:
    result = run(
        "batch", EXAMPLES / "roster.csv", "-o", tmp_path, "--only", "maya chen,RUG-02", "--jobs", "1"
    )
    assert result.exit_code == 0
    assert sorted(p.name for p in tmp_path.glob("*.pdf")) == [
        "isabella-rossi-rug-02.pdf",
        "maya-chen-rfc-02.pdf",
    ]


def test_excel_roster(tmp_path: Path) -> None:
    result = run("batch", EXAMPLES / "roster.xlsx", "-o", tmp_path, "--limit", "2", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert len(list(tmp_path.glob("*.pdf"))) == 2


def test_duplicate_names_get_their_own_files(write: Write, tmp_path: Path) -> None:
    roster = write("team.csv", "name\nAna Ruiz\nana ruiz\nAna Ruiz\n../../x\nCON\n")
    result = run("batch", roster, "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir() if p.name != "manifest.csv") == [
        "ana-ruiz-row2.pdf",
        "ana-ruiz-row3.pdf",
        "ana-ruiz-row4.pdf",
        "con-row6.pdf",
        "x-row5.pdf",
    ]


def test_password_encrypts_every_output_with_aes_256(tmp_path: Path) -> None:
    result = run(
        "batch", EXAMPLES / "roster.csv", "-o", tmp_path, "--limit", "2", "--jobs", "1",
        "--packet", tmp_path / "packet.pdf", "--password", "s3cret",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for path in tmp_path.glob("*.pdf"):
        pdf = PdfReader(path)
        assert pdf.is_encrypted
        assert pdf.decrypt("wrong").name == "NOT_DECRYPTED"
        assert pdf.decrypt("s3cret").name != "NOT_DECRYPTED"
        encrypt: Any = pdf.trailer["/Encrypt"]
        assert encrypt["/V"] == 5 and encrypt["/R"] == 6  # AES-256
        assert pdf.pages[0].extract_text()


def test_password_column_gives_each_athlete_their_own(write: Write, tmp_path: Path) -> None:
    roster = write("team.csv", "name,athlete_id,Code\nAna,A1,apple\nBo,B1,\nCy,C1,cherry\n")
    result = run("batch", roster, "-o", tmp_path / "out", "--password-column", "Code", "--jobs", "1")
    assert result.exit_code == 1
    assert "Error: team.csv, line 3, code: is empty: no password for this handout" in result.stderr
    ana = PdfReader(tmp_path / "out" / "ana-a1.pdf")
    assert ana.decrypt("cherry").name == "NOT_DECRYPTED" and ana.decrypt("apple").name != "NOT_DECRYPTED"
    assert "apple" not in result.output


LONGEST = "é" * 63 + "a"  # 127 bytes in UTF-8: the most AES-256 reads


@pytest.mark.parametrize(
    ("password", "says"),
    [
        ("", "is empty"),
        ("   ", "is empty"),
        ("é" * 64, "is too long: at most 127 bytes"),
        ("a" * 128, "too long"),
    ],
)
@pytest.mark.parametrize("command", ["make", "batch", "report", "packet"])
def test_a_password_that_cannot_lock_a_pdf_is_refused_before_any_work(
    tmp_path: Path, command: str, password: str, says: str
) -> None:
    inputs = {
        "make": [EXAMPLES / "athlete.yaml"],
        "batch": [EXAMPLES / "roster.csv"],
        "report": [EXAMPLES / "roster.csv"],
        "packet": [tmp_path / "missing.pdf"],
    }[command]
    out = tmp_path / ("out" if command == "batch" else "out.pdf")
    result = run(command, *inputs, "-o", out, "--password", password)
    assert result.exit_code == 2, result.output
    assert "Invalid value for '--password'" in result.output and says in result.output
    assert not out.exists()


def test_the_longest_password_aes_256_reads_still_opens(tmp_path: Path) -> None:
    assert len(LONGEST.encode()) == 127
    result = run("make", EXAMPLES / "athlete.yaml", "-o", tmp_path / "h.pdf", "--password", LONGEST)
    assert result.exit_code == 0, result.output
    pdf = PdfReader(tmp_path / "h.pdf")
    assert pdf.decrypt(LONGEST).name != "NOT_DECRYPTED" and pdf.pages[0].extract_text()


def test_a_too_long_password_in_the_column_is_that_rows_problem(write: Write, tmp_path: Path) -> None:
    roster = write("team.csv", f"name,athlete_id,Code\nAna,A1,apple\nBo,B1,{'x' * 128}\n")
    result = run("batch", roster, "-o", tmp_path / "out", "--password-column", "Code", "--jobs", "1")
    assert result.exit_code == 1
    assert "Error: team.csv, line 3, code: is too long: at most 127 bytes" in result.stderr
    assert "x" * 128 not in result.output
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["ana-a1.pdf"]


def test_interrupted_run_keeps_finished_files_and_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.runs import batch
    from generator.runs import files as workfiles

    real = batch._run_chunk
    calls = {"n": 0}

    def stop_on_third(job: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 3:
            # Leave what a write cut short would leave, then press Ctrl-C.
            (job.outdir / f"{workfiles.prefix()}cut.tmp").write_bytes(b"%PDF-half")
            os.kill(os.getpid(), signal.SIGINT)
        return real(job)

    monkeypatch.setattr(batch, "_run_chunk", stop_on_third)
    monkeypatch.setattr(batch, "CHUNK", 2)
    out = tmp_path / "out"
    result = run("batch", EXAMPLES / "roster.csv", "-o", out, "--packet", out / "p.pdf", "--jobs", "1")
    assert result.exit_code == 130
    assert "Stopped: 4 finished handouts were kept" in result.stderr
    files = sorted(p.name for p in out.iterdir() if p.name != "manifest.csv")
    assert len(files) == 4 and all(f.endswith(".pdf") for f in files) and "p.pdf" not in files
    # The record of the run lists the files it kept, and only those.
    recorded = (out / "manifest.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert sorted(line.split(",")[2] for line in recorded) == files
    for f in files:
        assert PdfReader(out / f).pages  # each kept file is a whole PDF


def test_every_packet_page_shows_its_packet_page_number(team: tuple[Path, Result]) -> None:
    out, _ = team
    pdf = PdfReader(out / "packet.pdf")
    for index in range(1, len(pdf.pages), 7):
        assert f"Packet page {pdf.page_labels[index]}" in pdf.pages[index].extract_text()


def test_packet_pages_add_up(team: tuple[Path, Result]) -> None:
    out, result = team
    pdf = PdfReader(out / "packet.pdf")
    handout_pages = sum(len(PdfReader(p).pages) for p in out.glob("*.pdf") if p.name != "packet.pdf")
    blanks = sum("intentionally left blank" in page.extract_text() for page in pdf.pages)
    front = pdf.page_labels.index("1")
    assert len(pdf.pages) == front + handout_pages + blanks - sum(
        "intentionally left blank" in pdf.pages[i].extract_text() for i in range(front)
    )
    assert f"packet {out / 'packet.pdf'} ({len(pdf.pages)} pages)" in result.stderr


def test_packet_metadata_holds_nothing_personal(team: tuple[Path, Result]) -> None:
    out, _ = team
    meta = PdfReader(out / "packet.pdf").metadata
    assert meta is not None and meta.title == "Team packet"
    text = " ".join(str(v) for v in meta.values())
    for private in ("Zoë", "Riverside", "football", "Lucía"):
        assert private not in text


def _pdf(path: Path, text: str) -> Path:
    from reportlab.pdfgen.canvas import Canvas

    canvas = Canvas(str(path))
    canvas.drawString(100, 700, text)
    canvas.showPage()
    canvas.save()
    return path


def test_club_cover_and_appendix(tmp_path: Path) -> None:
    cover = _pdf(tmp_path / "club-cover.pdf", "RIVERSIDE CLUB COVER")
    extra = _pdf(tmp_path / "club-rules.pdf", "CLUB RULES")
    out = tmp_path / "out"
    result = run(
        "batch", EXAMPLES / "roster.csv", "-o", out, "--limit", "2", "--jobs", "1",
        "--packet", out / "p.pdf", "--cover", cover, "--append", extra,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    pdf = PdfReader(out / "p.pdf")
    assert "RIVERSIDE CLUB COVER" in pdf.pages[0].extract_text()
    assert "Team packet" not in pdf.pages[0].extract_text()  # the club's cover replaces ours
    assert "CLUB RULES" in pdf.pages[-1].extract_text()
    assert [o.title for o in pdf.outline if not isinstance(o, list)][-1] == "club-rules"


def test_a_broken_cover_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "cover.pdf"
    broken.write_bytes(b"%PDF-1.4 broken")
    out = tmp_path / "out"
    result = run(
        "batch",
        EXAMPLES / "roster.csv",
        "-o",
        out,
        "--limit",
        "1",
        "--packet",
        out / "p.pdf",
        "--cover",
        broken,
    )
    assert result.exit_code == 1
    assert "Error: cover.pdf: not a readable PDF" in result.output
    assert "Traceback" not in result.output
    assert not (out / "p.pdf").exists()


def test_packet_command_assembles_existing_handouts(tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert run("batch", EXAMPLES / "roster.csv", "-o", out, "--limit", "3", "--jobs", "1").exit_code == 0
    files = sorted(out.glob("*.pdf"))
    result = run("packet", *files, "-o", tmp_path / "packet.pdf", "--team", "Riverside FC", "--duplex")
    assert result.exit_code == 0, result.output
    pdf = PdfReader(tmp_path / "packet.pdf")
    top = [o.title for o in pdf.outline if not isinstance(o, list)]
    assert top == ["Team packet", "Contents", "Team guide", *(f.stem for f in files)]
    assert "Riverside FC" in pdf.pages[0].extract_text()
    starts = [pdf.get_destination_page_number(o) or 0 for o in pdf.outline if not isinstance(o, list)][2:]
    assert all(s % 2 == 0 for s in starts)


def test_columns_map_from_the_command_line(write: Write, tmp_path: Path) -> None:
    roster = write("team.csv", "Player,Weight\nAna,61\n")
    columns = write("map.yaml", "Player: name\nWeight: body_mass_kg\n")
    result = run("batch", roster, "-o", tmp_path / "out", "--columns", columns, "--jobs", "1")
    assert result.exit_code == 0, result.output
    bad = write("bad.yaml", "Player: nom\n")
    result = run("batch", roster, "-o", tmp_path / "out", "--columns", bad)
    assert result.exit_code == 2 and "bad.yaml: unknown field names nom" in result.output


def test_cp1252_roster_needs_and_takes_the_encoding(tmp_path: Path) -> None:
    roster = tmp_path / "team.csv"
    roster.write_bytes("name;sleep_h\nJosé;7,5\n".encode("cp1252"))
    result = run("batch", roster, "-o", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 1
    assert (
        "team.csv, line 2: the text is not valid utf-8-sig; "
        "if it was saved by Excel on Windows, try --encoding cp1252" in result.output
    )
    result = run("batch", roster, "-o", tmp_path / "out", "--jobs", "1", "--encoding", "cp1252")
    assert result.exit_code == 0 and (tmp_path / "out" / "jose-row2.pdf").exists()


def _image(pdf: Path, page: int, tmp: Path) -> Any:
    """Render one page as a coach's printer would see it (poppler's pdftoppm), as an image."""
    import shutil
    import subprocess

    from PIL import Image

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed; .ci/run installs it")
    prefix = tmp / f"{pdf.stem}-page{page}"
    subprocess.run(
        ["pdftoppm", "-r", "40", "-png", "-f", str(page), "-l", str(page), str(pdf), str(prefix)], check=True
    )
    return Image.open(next(tmp.glob(f"{prefix.name}*.png"))).convert("RGB")


def test_pages_look_right_as_images(team: tuple[Path, Result], tmp_path: Path) -> None:
    out, _ = team
    first = _image(out / "lucia-romero-rfc-08.pdf", 1, tmp_path)
    width, height = first.size
    # The red "get medical help now" box sits in the top third of page 1.
    top = first.crop((0, 0, width, height // 3))
    red = sum(1 for r, g, b in top.get_flattened_data() if r > 150 and g < 60 and b < 80)
    assert red > 200
    # The packet's cover is mostly white paper with a title; the report page is full of rows.
    cover = _image(out / "packet.pdf", 1, tmp_path)
    report = _image(out / "packet.pdf", 3, tmp_path)

    def ink(image: Any) -> float:
        pixels = list(image.convert("L").get_flattened_data())
        return sum(1 for p in pixels if p < 200) / len(pixels)

    assert 0.002 < ink(cover) < ink(report)
    # Every page of the packet has something printed on it (no accidental empty pages).
    blank = _image(out / "packet.pdf", 2, tmp_path)
    assert ink(blank) > 0  # the "intentionally left blank" line itself


def test_packed_athletes_come_back_as_they_went_in() -> None:
    from generator.inputs.profile import Where
    from generator.runs.batch import Athlete, Athletes
    from tests.pdfs import profile

    athletes = [
        Athlete(i, Where("team.csv", i + 2), profile(name=f"Zoë {i}", age=15 + i), f"zoe-{i}", None)
        for i in range(4)
    ]
    packed = Athletes()
    for athlete in athletes:
        packed.append(athlete)
    assert len(packed) == 4
    assert list(packed) == athletes
    assert packed[-1] == athletes[3] and packed[1:3] == athletes[1:3] and packed[::-2] == athletes[::-2]
    with pytest.raises(IndexError):
        packed[4]


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_ctrl_c_while_the_packet_report_is_laid_out_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, jobs: str
) -> None:
    # The cover and report are laid out beside the workers (or, alone, after the handouts);
    # nothing is written meanwhile, so a Ctrl-C there stops the run as anywhere else:
    # finished files kept and counted, no packet, exit 130.
    import generator.runs.batch as batch_module
    from generator.layout.report import report_flowables as real

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)
        return real(*args, **kwargs)

    monkeypatch.setattr(batch_module, "report_flowables", interrupted)
    out = tmp_path / "out"
    result = run("batch", EXAMPLES / "roster.csv", "-o", out, "--jobs", jobs, "--packet", out / "p.pdf")
    assert result.exit_code == 130, result.output
    kept = len(list(out.glob("*.pdf")))
    assert f"Stopped: {kept} finished handout" in result.output
    if jobs == "1":
        assert kept == 24  # alone, the report comes after every handout is made
    assert not (out / "p.pdf").exists() and not [p for p in out.iterdir() if p.name.startswith(".")]


def test_each_contents_line_links_to_its_athletes_first_page(team: tuple[Path, Result]) -> None:
    out, _ = team
    pdf = PdfReader(out / "packet.pdf")
    at = next(i for i, p in enumerate(pdf.pages) if p.extract_text().startswith("Contents"))
    numbers = {page.indirect_reference.idnum: i for i, page in enumerate(pdf.pages)}  # type: ignore[union-attr]
    annotations: Any = pdf.pages[at]["/Annots"]
    targets = []
    for annotation in annotations:
        link = annotation.get_object()
        assert link["/Subtype"] == "/Link" and "/A" not in link  # a page of the packet, not an address
        targets.append(numbers[link["/Dest"][0].idnum])
    assert len(targets) == 24
    assert "For Zoë Ñúñez" in pdf.pages[targets[0]].extract_text()
    assert "For Maya Chen" in pdf.pages[targets[1]].extract_text()
    assert "For Isabella Rossi" in pdf.pages[targets[-1]].extract_text()


def test_duplex_starts_every_appendix_on_a_right_hand_page(tmp_path: Path) -> None:
    import pikepdf

    guide = tmp_path / "guide.pdf"
    assert run("guide", "-o", guide, "--lang", "en,es").exit_code == 0
    with pikepdf.open(guide) as source:
        for name, count in (("three", 3), ("one", 1)):
            part = pikepdf.new()
            part.pages.extend(source.pages[:count])
            part.save(tmp_path / f"{name}.pdf")
    out = tmp_path / "out"
    three, one = tmp_path / "three.pdf", tmp_path / "one.pdf"
    args: list[str | Path] = [
        "--packet",
        out / "p.pdf",
        "--duplex",
        "--append",
        three,
        "--append",
        one,
        "--append",
        three,
    ]
    assert run("batch", EXAMPLES / "roster.csv", "-o", out, "--limit", "2", *args).exit_code == 0
    pdf = PdfReader(out / "p.pdf")
    marks = {o.title: pdf.get_destination_page_number(o) for o in pdf.outline if not isinstance(o, list)}
    starts = [pdf.get_destination_page_number(o) for o in pdf.outline if not isinstance(o, list)]
    assert all(start is not None and start % 2 == 0 for start in starts), marks
    assert len(pdf.pages) == (starts[-1] or 0) + 3


def test_only_matches_names_without_accents_and_names_what_matched_nobody(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("batch", EXAMPLES / "roster.csv", "-o", out, "--only", "Lucia Romero,rfc-07, Zoe  Nunez ")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.glob("*.pdf")) == [
        "lucia-romero-rfc-08.pdf",
        "tomas-herrera-rfc-07.pdf",
        "zoe-nunez-rfc-01.pdf",
    ]
    assert "Lucia" not in result.stderr and "Zoe" not in result.stderr
    # A name that matches nobody (a typo) is a mistake in the command: nothing is made.
    typo = run("batch", EXAMPLES / "roster.csv", "-o", tmp_path / "typo", "--only", "Lucia Romero,Nobody")
    assert typo.exit_code == 2
    assert "--only Nobody: no athlete of the roster has this name or athlete id" in typo.output
    assert not list((tmp_path / "typo").glob("*.pdf"))


def test_a_clean_run_keeps_the_error_list_another_run_wrote_meanwhile(tmp_path: Path) -> None:
    # Two runs into one folder at once: the one with no problems removed the list the other
    # had just written, and its summary pointed at a file that was gone.
    out = tmp_path / "out"
    out.mkdir()
    stale = out / "errors.csv"
    stale.write_text("file,row,field,problem\nold,1,name,from an earlier run\n", encoding="utf-8")
    os.utime(stale, (time.time() - 3600, time.time() - 3600))
    roster = tmp_path / "r.csv"
    roster.write_text("name,athlete_id\nAna,A1\n", encoding="utf-8")
    assert run("batch", roster, "-o", out).exit_code == 0
    assert not stale.exists()  # an earlier run's list is out of date: removed
    stale.write_text("file,row,field,problem\nother.csv,2,age,written by a run under way\n", encoding="utf-8")
    os.utime(stale, (time.time() + 5, time.time() + 5))  # as if written while this run goes on
    assert run("batch", roster, "-o", out).exit_code == 0
    assert "written by a run under way" in stale.read_text(encoding="utf-8")  # this one stays
