"""Break-it cases: what a careless office worker or a hostile file does to a whole run.

Each test reproduces one class of failure found by attacking the tool, with inputs written
here, and checks the promise the README makes: good rows still come out, a bad row is named
by its line and field, and nothing about one athlete ends up in another's handout.
"""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import cli

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
    labels = (Path(__file__).parents[1] / "handouts" / "labels.en.yaml").read_text(encoding="utf-8")
    labels = labels.replace('for: "For {name}"', 'for: "For {name} {name.__class__} {name[0]}"')
    labels = labels.replace('page_of: "Page {page} of {pages}"', 'page_of: "Page {page} of {pages:>99999999}"')
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
