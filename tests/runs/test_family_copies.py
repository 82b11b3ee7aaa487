"""A family that reads another language gets the same two pages in it: its own file, and next to
the athlete's handout in the packet."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result
from pypdf import PdfReader

from generator.cli import cli

HEADER = "name,athlete_id,age,sex,body_mass_kg,language,family_language\n"
ROWS = (
    "Zoë Ñúñez,RFC-01,16,female,58,en,es\n"  # an English handout, a Spanish copy
    "Maya Chen,RFC-02,15,female,52,en,en\n"  # the family reads the handout's language: no copy
    "Tomás Herrera,RFC-07,14,male,50,es,pt\n"
    "Ngọc,RFC-04,16,female,50,,vi\n"  # no language: English, and a Vietnamese copy
    "Zoë Ñúñez,RFC-01-ES,16,female,58,en,\n"  # would take the first one's copy's name
)


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(cli, [str(a) for a in args])


def text(path: Path) -> str:
    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def roster(tmp_path: Path, rows: str = ROWS) -> Path:
    path = tmp_path / "roster.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_each_family_copy_is_its_own_file_in_the_familys_language(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("batch", roster(tmp_path), "-o", out, "--packet", out / "packet.pdf")
    assert result.exit_code == 0, result.output
    assert "Done: 5 handouts and 3 family copies (16 pages), 0 failed" in result.stderr
    names = sorted(p.name for p in out.glob("*.pdf"))
    assert names == sorted(
        [
            "maya-chen-rfc-02.pdf",
            "ngoc-rfc-04.pdf",
            "ngoc-rfc-04.vi.pdf",
            "packet.pdf",
            "tomas-herrera-rfc-07.pdf",
            "tomas-herrera-rfc-07.pt.pdf",
            "zoe-nunez-rfc-01-es.pdf",  # the second Zoë's own: no copy's name is ever like it
            "zoe-nunez-rfc-01.es.pdf",
            "zoe-nunez-rfc-01.pdf",
        ]
    )
    assert "My plan" in text(out / "zoe-nunez-rfc-01.pdf")
    assert "Mi plan" in text(out / "zoe-nunez-rfc-01.es.pdf")
    assert "Mi plan" in text(out / "tomas-herrera-rfc-07.pdf")
    assert "Meu plano" in text(out / "tomas-herrera-rfc-07.pt.pdf")
    assert "Kế hoạch của tôi" in text(out / "ngoc-rfc-04.vi.pdf")
    for name in names:  # the same two pages, one sheet
        assert len(PdfReader(out / name).pages) == 2 or name == "packet.pdf"
    # Each copy is the same athlete's: the name and id on it, the same amounts.
    copy = text(out / "zoe-nunez-rfc-01.es.pdf")
    assert "Zoë Ñúñez (RFC-01)" in copy and "Zoë Ñúñez (RFC-01)" in text(out / "zoe-nunez-rfc-01.pdf")
    # In the packet, right after the athlete's own; the coach's report lists each athlete once.
    reader = PdfReader(out / "packet.pdf")
    titles = [item.title for item in reader.outline if not isinstance(item, list)]
    athletes = titles[titles.index("Zoë Ñúñez") :]
    assert athletes[:2] == ["Zoë Ñúñez", "Zoë Ñúñez: family copy in Español"]
    assert "Tomás Herrera: family copy in Português" == athletes[athletes.index("Tomás Herrera") + 1]
    assert "Ngọc: family copy in Tiếng Việt" in athletes
    report = " ".join(page.extract_text() for page in reader.pages[1:2])
    assert report.count("Tomás Herrera") == 1


def test_a_dry_run_lists_the_copies_and_a_forced_language_still_gets_them(tmp_path: Path) -> None:
    path = roster(tmp_path)
    dry = run("batch", path, "-o", tmp_path / "out", "--dry-run")
    assert dry.exit_code == 0, dry.output
    assert f"row 2: {tmp_path / 'out' / 'zoe-nunez-rfc-01.es.pdf'}" in dry.stdout
    assert "Dry run: 5 handouts and 3 family copies would be written" in dry.stderr
    assert not (tmp_path / "out").exists()
    # --lang es for every handout: Zoë's family reads Spanish, so no copy; Maya's reads English.
    forced = run("batch", path, "-o", tmp_path / "es", "--lang", "es", "--dry-run")
    assert "Dry run: 5 handouts and 3 family copies would be written" in forced.stderr
    lines = forced.stdout.splitlines()
    assert f"row 3: {tmp_path / 'es' / 'maya-chen-rfc-02.en.pdf'}" in lines
    assert [line for line in lines if line.startswith("row 2:")] == [
        f"row 2: {tmp_path / 'es' / 'zoe-nunez-rfc-01.pdf'}"
    ]


def test_a_language_we_do_not_have_names_its_line_and_column(tmp_path: Path) -> None:
    path = roster(tmp_path, "Ana,A1,15,female,50,en,fr\nBen,B1,15,male,60,en,es\n")
    result = run("batch", path, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert "line 2, family_language: is not one of: en, es, pt, vi, zh" in result.stderr
    assert sorted(p.name for p in (tmp_path / "out").glob("*.pdf")) == ["ben-b1.es.pdf", "ben-b1.pdf"]


def test_a_copy_that_cannot_be_written_is_reported_and_the_athletes_own_is_kept(tmp_path: Path) -> None:
    # Someone made a folder where Tomás's Portuguese copy goes: his own handout is still made,
    # the copy's problem is on his line, and every other athlete is made.
    out = tmp_path / "out"
    (out / "tomas-herrera-rfc-07.pt.pdf").mkdir(parents=True)
    result = run("batch", roster(tmp_path), "-o", out)
    assert result.exit_code == 1
    assert "line 4: the family copy (pt): cannot write tomas-herrera-rfc-07.pt.pdf" in result.stderr
    assert "Done: 5 handouts and 2 family copies (14 pages), 1 failed" in result.stderr
    assert (out / "tomas-herrera-rfc-07.pdf").is_file()
    assert (out / "tomas-herrera-rfc-07.pt.pdf").is_dir()  # left as it was
